"""Reads of the partners app: catalogs, organization suggestions, profiles, the new-partner queue."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from imports.rows import cell

from .dates import contact_deadline, is_overdue, overdue_cutoff
from .models import CertificationClaim, Organization, Partner
from .rules import TIER_STEPS

NO_ORGANIZATION_CERTIFICATIONS = _(
    "Certifications are asked of a company or organization: name yours in Profile first."
)


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


def partner_contact_row(partner: Partner, *, today: date | None = None) -> QueueRow:
    """When the career program team promised to contact this partner, and whether that
    promise is already broken: the partner home says so rather than repeat a stale date."""
    return queue_rows([partner], today=today)[0]


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


def partner_queue(*, overdue_only: bool = False) -> QuerySet[Partner]:
    """The new-partner queue, or (`overdue_only`) only the partners past the 10-business-day
    promise (`overdue_partners`): `?overdue=1`, which the district dashboard links to."""
    return overdue_partners() if overdue_only else new_partner_queue()


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
        # The partner's own answer: a claim waiting for staff, else the organization's record.
        claim = partner_pending_certification_claim(partner)
        if claim is not None:
            return {"certifications": list(claim.certifications.all())}
        return {"certifications": list(organization.certifications.all()) if organization else []}
    if step in TIER_STEPS:
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
    if isinstance(value, list | tuple) or (
        hasattr(value, "__iter__") and not isinstance(value, str | dict)
    ):
        return ", ".join(str(item) for item in value) or "—"
    return str(value)


# The short name of each catalog question, where the form's label is a long sentence.
ANSWER_LABELS = {
    "roles": _("Roles"),
    "certifications": _("Certifications"),
    "experiences": _("Experiences"),
    "contributions": _("Contributions"),
    "pathways": _("Career Pathways"),
}
NOT_SHOWN = {"password1", "password2"}


def _travel_label(miles: int, choices) -> str:
    """The survey's wording of a travel distance; a distance it does not offer (an import,
    the admin) in the same words."""
    offered = dict(choices)
    if miles in offered:
        return str(offered[miles])
    return ngettext("Up to %(miles)d mile", "Up to %(miles)d miles", miles) % {"miles": miles}


def answer_rows(step: str, values: dict) -> list[tuple[str, str]]:
    """One survey step's answers as (question, answer) rows: the partner home, the staff's
    partner page and the survey's review before submitting all show them this way."""
    from .forms import SURVEY_FORMS, TRAVEL_CHOICES  # the forms name the questions

    fields = SURVEY_FORMS[step].base_fields
    availability = dict(Partner.Availability.choices)
    rows = []
    for key, value in values.items():
        if key in NOT_SHOWN or (key == "organization_type_detail" and not value):
            continue
        if key == "delivery":
            value = Partner.Delivery(value).label if value else ""
        elif key == "travel_miles":
            value = _travel_label(value, TRAVEL_CHOICES) if value else ""
        elif key == "availability":
            value = [availability.get(code, code) for code in value]
        label = ANSWER_LABELS.get(key) or (fields[key].label if key in fields else key)
        rows.append((str(label), _display(value)))
    return rows


@dataclass(frozen=True)
class AnswerSection:
    step: str
    title: str
    rows: list[tuple[str, str]]


def partner_answer_sections(partner: Partner) -> list[AnswerSection]:
    """The profile's answers by survey section, for display. Certifications are asked of an
    organization: without one the section is left out; with one it shows the record and,
    if the partner's answer differs, that answer waiting for district staff."""
    from .forms import SURVEY_STEPS

    sections = []
    for step, title, _form in SURVEY_STEPS:
        if step == "certifications":
            if partner.organization is None:
                continue
            rows = [
                (
                    gettext("On record for %(organization)s")
                    % {"organization": partner.organization},
                    _display(list(partner.organization.certifications.all())),
                )
            ]
            claim = partner_pending_certification_claim(partner)
            if claim is not None:
                rows.append(
                    (
                        gettext("Answer waiting for district staff to confirm"),
                        _display(list(claim.certifications.all())),
                    )
                )
        else:
            rows = answer_rows(step, partner_initial_for_step(partner, step))
        sections.append(AnswerSection(step=step, title=str(title), rows=rows))
    return sections


def partner_represents_organization(partner: Partner | None) -> bool:
    """May this partner see and act for their organization (contracts, Expo registration)?

    Only its organization admin, a flag that district staff set: anyone can type a
    company's name into the survey, so membership alone proves nothing.
    """
    return bool(partner and partner.organization_id and partner.is_organization_admin)


def certifications_editable_by(partner: Partner | None) -> bool:
    """May this partner write their organization's certifications? Only its staff-confirmed
    admin: anyone else's answer is a claim for district staff to confirm."""
    return partner_represents_organization(partner)


def partner_pending_certification_claim(partner: Partner) -> CertificationClaim | None:
    """The partner's answer about their organization's certifications that waits for
    district staff, if any."""
    if partner.organization_id is None:
        return None
    return (
        CertificationClaim.objects.filter(
            partner=partner,
            organization_id=partner.organization_id,
            status=CertificationClaim.Status.PENDING,
        )
        .prefetch_related("certifications")
        .first()
    )


def pending_certification_claims() -> QuerySet[CertificationClaim]:
    """Claims waiting for district staff, oldest first."""
    return (
        CertificationClaim.objects.filter(status=CertificationClaim.Status.PENDING)
        .select_related("organization", "partner")
        .prefetch_related("certifications", "organization__certifications")
        .order_by("claimed_at", "pk")
    )


# An organization's contacts


def organization_contact_emails_by_id(organization_ids: Iterable[int]) -> dict[int, list[str]]:
    """The contractor's contacts: its confirmed organization admins' emails, in one query.

    Not every partner who typed the company's name: membership is not proof.
    """
    emails: dict[int, list[str]] = defaultdict(list)
    partners = (
        Partner.objects.filter(
            organization_id__in=list(organization_ids),
            user__is_active=True,
            is_organization_admin=True,
        )
        .order_by("email")
        .values_list("organization_id", "email")
    )
    for organization_id, email in partners:
        if email not in emails[organization_id]:
            emails[organization_id].append(email)
    return dict(emails)


def organization_contact_emails(organization_id: int) -> list[str]:
    return organization_contact_emails_by_id([organization_id]).get(organization_id, [])


def existing_organization(row: dict, problems: dict):
    """The organization a row's `organization` cell names (trimmed, case-insensitive), or
    None with the reason added to `problems`."""
    name = cell(row, "organization")
    organization = organization_find_by_name(name) if name else None
    if not name:
        problems["organization"] = "is required"
    elif organization is None:
        problems["organization"] = f"no organization named {normalize_name(name)!r}"
    return organization


# The languages emails go out in


def emails_by_language(emails: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The recipients of one email grouped by the language they read: a partner's stored
    language, LANGUAGE_CODE for any other address. Groups in the order of their first
    recipient, so one language (the usual case) is one email to everyone."""
    emails = list(dict.fromkeys(emails))
    languages: dict[str, str] = {}
    for email, language in (
        Partner.objects.filter(email__in=emails).order_by("pk").values_list("email", "language")
    ):
        languages.setdefault(email, language)
    groups: dict[str, list[str]] = {}
    for email in emails:
        groups.setdefault(languages.get(email, settings.LANGUAGE_CODE), []).append(email)
    return list(groups.items())
