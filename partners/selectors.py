"""Reads of the partners app: catalogs, organization suggestions, profiles, the new-partner queue."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from .dates import contact_deadline, is_overdue, overdue_cutoff
from .models import Organization, Partner


def organization_find_by_name(name: str) -> Organization | None:
    """The organization whose name matches, trimmed and case-insensitively."""
    cleaned = normalize_name(name)
    if not cleaned:
        return None
    return Organization.objects.filter(name__iexact=cleaned).first()


def normalize_name(name: str) -> str:
    return " ".join((name or "").split())


def organization_suggestions(query: str, *, limit: int = 8) -> list[str]:
    cleaned = normalize_name(query)
    if len(cleaned) < 2:
        return []
    return list(
        Organization.objects.filter(name__icontains=cleaned)
        .order_by("name")
        .values_list("name", flat=True)[:limit]
    )


def partner_for_user(user) -> Partner | None:
    if not user.is_authenticated:
        return None
    return (
        Partner.objects.filter(user=user)
        .select_related("organization__type")
        .prefetch_related(
            "roles",
            "experiences__tier",
            "contributions",
            "pathways",
            "organization__certifications",
        )
        .first()
    )


def partner_detail_queryset() -> QuerySet[Partner]:
    return Partner.objects.select_related("organization__type", "contacted_by").prefetch_related(
        "roles", "experiences__tier", "contributions", "pathways", "organization__certifications"
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class QueueRow:
    partner: Partner
    submitted_on: date
    deadline: date
    overdue: bool


def new_partner_queue() -> QuerySet[Partner]:
    """Partners not yet contacted, oldest submission first."""
    return (
        Partner.objects.filter(contacted_at__isnull=True)
        .select_related("organization", "contacted_by")
        .order_by("submitted_at", "pk")
    )


def queue_rows(partners, *, today: date | None = None) -> list[QueueRow]:
    today = today or timezone.localdate()
    rows = []
    for partner in partners:
        submitted_on = timezone.localtime(partner.submitted_at).date()
        rows.append(
            QueueRow(
                partner=partner,
                submitted_on=submitted_on,
                deadline=contact_deadline(submitted_on),
                overdue=partner.contacted_at is None and is_overdue(submitted_on, today),
            )
        )
    return rows


def recently_contacted_partners(*, days: int = 30) -> QuerySet[Partner]:
    since = timezone.now() - timedelta(days=days)
    return (
        Partner.objects.filter(contacted_at__gte=since)
        .select_related("organization", "contacted_by")
        .order_by("-contacted_at")
    )


def overdue_partners(*, today: date | None = None) -> QuerySet[Partner]:
    """Partners not contacted once 10 business days have passed since they submitted."""
    today = today or timezone.localdate()
    cutoff = overdue_cutoff(today)
    return new_partner_queue().filter(submitted_at__lt=_local_midnight(cutoff + timedelta(days=1)))


def partner_initial_for_step(partner: Partner | None, step: str, *, user=None) -> dict:
    """A profile's current answers as the initial data of one survey step or section form."""
    if partner is None:
        if step == "profile" and user is not None and user.is_authenticated:
            return {"email": user.email, "first_name": user.first_name, "last_name": user.last_name}
        return {}
    organization = partner.organization
    if step == "profile":
        return {
            "first_name": partner.first_name,
            "last_name": partner.last_name,
            "email": partner.user.email,
            "phone": partner.phone,
            "job_title": partner.job_title,
            "roles": list(partner.roles.all()),
            "organization_name": organization.name if organization else "",
            "organization_type": organization.type if organization else None,
            "organization_type_detail": organization.type_detail if organization else "",
            "zip_code": partner.zip_code,
        }
    if step == "certifications":
        return {"certifications": list(organization.certifications.all()) if organization else []}
    if step in {"awareness", "exploration", "preparation"}:
        return {"experiences": [e for e in partner.experiences.all() if e.tier.code == step]}
    if step == "contributions":
        return {"contributions": list(partner.contributions.all())}
    if step == "pathways":
        return {
            "pathways": list(partner.pathways.all()),
            "skills": partner.skills,
            "languages": partner.languages,
        }
    if step == "final":
        return {
            "delivery": partner.delivery,
            "travel_miles": partner.travel_miles,
            "availability": partner.availability,
        }
    raise ValueError(f"Unknown survey step {step!r}")


def _display(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


def partner_answer_sections(partner: Partner) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The profile's answers by survey section, as (step, title, [(label, text)]) for display."""
    from .forms import SURVEY_STEPS, TRAVEL_CHOICES  # the forms name the questions

    availability = dict(Partner.Availability.choices)
    sections = []
    for step, title, form_class in SURVEY_STEPS:
        values = partner_initial_for_step(partner, step)
        fields = form_class.base_fields
        rows = []
        for key, value in values.items():
            if key == "organization_type_detail" and not value:
                continue
            if key == "delivery":
                value = partner.get_delivery_display()
            elif key == "travel_miles":
                value = dict(TRAVEL_CHOICES).get(value, f"Up to {value} miles")
            elif key == "availability":
                value = [availability.get(code, code) for code in value]
            label = fields[key].label if key in fields else key
            if step in {"awareness", "exploration", "preparation"}:
                label = "Experiences"
            elif step == "contributions":
                label = "Contributions"
            elif step == "certifications":
                label = "Certifications"
            elif key == "pathways":
                label = "Career Pathways"
            elif key == "roles":
                label = "Roles"
            rows.append((label, _display(value)))
        sections.append((step, title, rows))
    return sections


def partner_represents_organization(partner: Partner | None) -> bool:
    """May this partner see and act for their organization (contracts, Expo registration)?

    Only its organization admin, a flag that district staff set: anyone can type a
    company's name into the survey, so membership alone proves nothing.
    """
    return bool(partner and partner.organization_id and partner.is_organization_admin)
