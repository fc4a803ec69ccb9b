"""Writes of the partners app: submitting the survey, editing a profile, the staff queue, imports."""

import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import zipcodes
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_assign_role
from imports.rows import ImportResult, RowError, chunk_size, chunks
from notifications.services import email_queue
from partnerconnect.i18n import language_normalize

from .models import (
    Certification,
    CertificationClaim,
    Contribution,
    Experience,
    Organization,
    OrganizationType,
    OverdueDigest,
    Partner,
    PartnerRole,
    Pathway,
    SupplyCount,
    SurveyDraft,
)
from .rules import TIER_STEPS, partner_supply_keys, supply_key_parts
from .selectors import (
    NO_ORGANIZATION_CERTIFICATIONS,
    certifications_editable_by,
    normalize_name,
    organization_find_by_name,
    overdue_partners,
)

CONFIRMATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I look-alikes


@dataclass
class SurveyAnswers:
    """Everything the intake survey asks, as cleaned by its forms."""

    first_name: str
    last_name: str
    email: str
    zip_code: str
    roles: list[PartnerRole]
    phone: str = ""
    job_title: str = ""
    organization_name: str = ""
    organization_type: OrganizationType | None = None
    organization_type_detail: str = ""
    certifications: list[Certification] = field(default_factory=list)
    experiences: list[Experience] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    pathways: list[Pathway] = field(default_factory=list)
    skills: str = ""
    languages: str = ""
    delivery: str = Partner.Delivery.BOTH
    travel_miles: int = 10
    availability: list[str] = field(default_factory=list)


# Rules of the survey. Each is one function that the forms, the services and the import call.


def offers_something(experiences, contributions) -> bool:
    """Steps 3-6 together must have at least one choice: a partner who offers nothing
    cannot be matched."""
    return bool(list(experiences)) or bool(list(contributions))


EXCLUSIVE_CHOICE_ERRORS = {
    "certifications": gettext_lazy("“%(choice)s” cannot be combined with other certifications."),
    "pathways": gettext_lazy("“%(choice)s” cannot be combined with other pathways."),
}


def exclusive_choice_error(choices, *, label: str) -> str | None:
    """N/A and "No Preference" exclude every other choice of their list (`label`:
    "certifications" or "pathways")."""
    chosen = list(choices)
    exclusive = [choice for choice in chosen if choice.is_exclusive]
    if exclusive and len(chosen) > 1:
        return EXCLUSIVE_CHOICE_ERRORS[label] % {"choice": exclusive[0].name}
    return None


def organization_required(roles) -> bool:
    return any(role.requires_organization for role in roles)


def zip_code_clean(value: str) -> str:
    """A real US ZIP code (ZIP+4 accepted, kept as its 5 digits)."""
    text = (value or "").strip()
    five = text[:5]
    if not (
        (len(text) == 5 and text.isdigit())
        or (len(text) == 10 and five.isdigit() and text[5] == "-" and text[6:].isdigit())
    ):
        raise ValidationError(_("Enter a 5-digit US ZIP code, such as 97209."))
    if not zipcodes.is_real(five):
        raise ValidationError(
            _("%(zip_code)s is not a US ZIP code we know. Check the digits.") % {"zip_code": five}
        )
    return five


def zip_code_coordinates(zip_code: str) -> tuple[Decimal, Decimal] | tuple[None, None]:
    matches = zipcodes.matching(zip_code) if zip_code else []
    if not matches:
        return None, None
    return Decimal(matches[0]["lat"]).quantize(Decimal("0.00001")), Decimal(
        matches[0]["long"]
    ).quantize(Decimal("0.00001"))


OFFERS_NOTHING_MESSAGE = gettext_lazy(
    "Choose at least one experience or contribution in steps 3 to 6."
)


def survey_answers_errors(answers: SurveyAnswers) -> list[str]:
    """The survey's cross-step rules, checked again on submission whatever the caller."""
    errors = []
    if not answers.roles:
        errors.append(_("Choose at least one role."))
    if organization_required(answers.roles) and not normalize_name(answers.organization_name):
        errors.append(_("A Business/Industry Partner must name the company or organization."))
    if organization_required(answers.roles) and answers.organization_type is None:
        errors.append(_("A Business/Industry Partner must give the type of the organization."))
    if error := exclusive_choice_error(answers.certifications, label="certifications"):
        errors.append(error)
    if error := exclusive_choice_error(answers.pathways, label="pathways"):
        errors.append(error)
    if not offers_something(answers.experiences, answers.contributions):
        errors.append(str(OFFERS_NOTHING_MESSAGE))
    return errors


# Organizations


def organization_get_or_create(
    *,
    name: str,
    type: OrganizationType | None = None,
    type_detail: str = "",
) -> Organization | None:
    """The organization of that name (trimmed, case-insensitive), created if new.

    A second employee joining an existing organization fills in a type it lacks and never
    renames it. Its certifications are not answered here: see
    `organization_certifications_answer`.
    """
    cleaned = normalize_name(name)
    if not cleaned:
        return None
    organization = organization_find_by_name(cleaned)
    if organization is None:
        try:
            with transaction.atomic():
                organization = Organization.objects.create(
                    name=cleaned, type=type, type_detail=type_detail if type else ""
                )
        except IntegrityError:  # created by a simultaneous registration
            organization = organization_find_by_name(cleaned)
    elif organization.type is None and type is not None:
        organization.type, organization.type_detail = type, type_detail
        organization.save(update_fields=["type", "type_detail"])
    return organization


def organization_certifications_answer(
    *, partner: Partner, certifications, by_staff: bool = False
) -> CertificationClaim | None:
    """Record what the partner answers about their organization's MWESB certifications.

    Certifications are a fact procurement relies on: only district staff (`by_staff`, e.g.
    a staff import) and the organization's staff-confirmed admin write the organization's
    record. Anyone else's answer, where it differs from the record, is kept as their
    pending claim for district staff to confirm; it never changes the record by itself.
    Without an organization the question does not apply and nothing is recorded.
    Returns the pending claim, if the answer made or updated one.
    """
    organization = partner.organization
    if organization is None:
        return None
    chosen = set(certifications)
    pending = CertificationClaim.objects.filter(
        organization=organization, partner=partner, status=CertificationClaim.Status.PENDING
    )
    if by_staff or certifications_editable_by(partner):
        organization.certifications.set(chosen)
        pending.delete()
        return None
    if chosen == set(organization.certifications.all()):
        pending.delete()  # the answer agrees with the record: nothing to confirm
        return None
    claim = pending.first() or CertificationClaim(organization=organization, partner=partner)
    claim.claimed_at = timezone.now()
    claim.save()
    claim.certifications.set(chosen)
    return claim


def _certification_claims_drop_other_organizations(partner: Partner) -> None:
    """A partner who leaves an organization no longer speaks for it."""
    CertificationClaim.objects.filter(
        partner=partner, status=CertificationClaim.Status.PENDING
    ).exclude(organization_id=partner.organization_id).delete()


@transaction.atomic
def certification_claim_review(
    *, claim: CertificationClaim, accept: bool, by: User
) -> CertificationClaim:
    """District staff confirm a claim (the organization's record becomes the claimed
    certifications) or dismiss it (the record stays). A claim is reviewed once."""
    claim = CertificationClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != CertificationClaim.Status.PENDING:
        raise ValidationError("This claim has already been reviewed.")
    if accept:
        claim.organization.certifications.set(claim.certifications.all())
    claim.status = (
        CertificationClaim.Status.CONFIRMED if accept else CertificationClaim.Status.DISMISSED
    )
    claim.reviewed_at, claim.reviewed_by = timezone.now(), by
    claim.save(update_fields=["status", "reviewed_at", "reviewed_by"])
    return claim


# The survey


def _new_confirmation_number() -> str:
    while True:
        number = "PC-" + "".join(secrets.choice(CONFIRMATION_ALPHABET) for _ in range(8))
        if not Partner.objects.filter(confirmation_number=number).exists():
            return number


def _apply_answers(partner: Partner, answers: SurveyAnswers) -> None:
    partner.first_name = answers.first_name.strip()
    partner.last_name = answers.last_name.strip()
    partner.email = answers.email.strip().lower()
    partner.phone = answers.phone.strip()
    partner.job_title = answers.job_title.strip()
    partner.zip_code = answers.zip_code
    partner.latitude, partner.longitude = zip_code_coordinates(answers.zip_code)
    partner.skills = answers.skills.strip()
    partner.languages = answers.languages.strip()
    partner.delivery = answers.delivery
    partner.travel_miles = answers.travel_miles
    partner.availability = list(answers.availability)


@transaction.atomic
def partner_submit_survey(
    *,
    user: User | None,
    answers: SurveyAnswers,
    password: str | None = None,
    request=None,
    language: str | None = None,
) -> Partner | None:
    """Create or update the partner's profile from the survey, in one transaction.

    A newcomer (`user` None) gets an account from the survey's email and `password`; its
    email is verified by the usual link. Queues the auto reply to the partner and the
    notice to the career program team. Returns the partner, with its confirmation number.
    The profile records the survey's `language` (by default the active one, the page's):
    the partner's emails go in it.

    A newcomer whose email already has an account (a partner's or staff's) is not told so
    (the survey would tell anyone who has an account): nothing is created or changed, the
    address's owner is emailed instead, and None is returned.
    """
    errors = survey_answers_errors(answers)
    if errors:
        raise ValidationError(errors)
    language = language_normalize(language or translation.get_language())
    new_account = user is None
    if new_account:
        email = answers.email.strip().lower()
        existing = User.objects.filter(email__iexact=email).first()
        if existing is not None:
            make_password(password)  # as long as making an account takes: time tells nothing
            _queue_account_exists_email(existing, language=language)
            return None
        user = User.objects.create_user(email=email, password=password)
    partner, first_submission = _partner_save(user=user, answers=answers, language=language)
    SurveyDraft.objects.filter(user=user).delete()

    if new_account:
        address = EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=False
        )
        address.send_confirmation(request, signup=True)
    if first_submission:
        _queue_survey_emails(partner)
    return partner


def _queue_account_exists_email(user: User, *, language: str) -> None:
    site = settings.SITE_URL.rstrip("/")
    email_queue(
        to=user.email,
        template="survey_account_exists",
        context={
            "sign_in_url": site + reverse("account_login") + "?next=" + reverse("partners:survey"),
            "reset_url": site + reverse("account_reset_password"),
        },
        language=language,  # the survey's: whoever filled it in reads that language
    )


def _partner_save(
    *, user: User, answers: SurveyAnswers, by_staff: bool = False, language: str | None = None
) -> tuple[Partner, bool]:
    """Create or update the user's partner profile; returns it and whether it is new.
    `by_staff`: district staff give the answers (an import), so the organization's
    certifications are written, not claimed. `language`: the survey's, kept on the profile
    (an import leaves it as it is, English for a new partner)."""
    user.first_name, user.last_name = answers.first_name.strip(), answers.last_name.strip()
    user.save(update_fields=["first_name", "last_name"])
    user_assign_role(user=user, role=Role.PARTNER)
    organization = organization_get_or_create(
        name=answers.organization_name,
        type=answers.organization_type,
        type_detail=answers.organization_type_detail,
    )
    partner = Partner.objects.select_for_update().filter(user=user).first()
    first_submission = partner is None
    if first_submission:
        partner = Partner(
            user=user, confirmation_number=_new_confirmation_number(), submitted_at=timezone.now()
        )
    _apply_answers(partner, answers)
    if language is not None:
        partner.language = language
    if not first_submission and organization != partner.organization:
        partner.is_organization_admin = False  # staff confirm the admin of the new one
    partner.organization = organization
    partner.save()
    partner.roles.set(answers.roles)
    partner.experiences.set(answers.experiences)
    partner.contributions.set(answers.contributions)
    partner.pathways.set(answers.pathways)
    _certification_claims_drop_other_organizations(partner)
    organization_certifications_answer(
        partner=partner, certifications=answers.certifications, by_staff=by_staff
    )
    partner_facts_refresh(partner_ids=[partner.pk])
    return partner, first_submission


def _queue_survey_emails(partner: Partner) -> None:
    context = {
        "partner": partner,
        "profile_url": settings.SITE_URL.rstrip("/") + reverse("partners:home"),
        "queue_url": settings.SITE_URL.rstrip("/") + reverse("partners:queue"),
    }
    email_queue(
        to=partner.email, template="survey_auto_reply", context=context, language=partner.language
    )
    email_queue(to=settings.CAREER_PROGRAM_EMAIL, template="new_partner_notice", context=context)


def partner_language_set(*, user: User, language: str) -> None:
    """Keep the language a signed-in partner chose with the switcher on their profile: their
    emails go in it, and their next sign-in starts in it. Nothing for a user who is not a
    partner."""
    language = language_normalize(language)
    partner = Partner.objects.filter(user=user).first()
    if partner is not None and partner.language != language:
        partner.language = language
        partner.save(update_fields=["language"])


def survey_draft_save(*, user: User, data: dict) -> None:
    SurveyDraft.objects.update_or_create(user=user, defaults={"data": data})


# Editing a profile afterwards, one section at a time


@transaction.atomic
def partner_update_section(*, partner: Partner, section: str, data: dict) -> Partner:
    """Apply one survey section's cleaned answers to an existing profile."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if section == "profile":
        organization = organization_get_or_create(
            name=data["organization_name"],
            type=data.get("organization_type"),
            type_detail=data.get("organization_type_detail", ""),
        )
        for name in ("first_name", "last_name", "phone", "job_title"):
            setattr(partner, name, data.get(name, "").strip())
        partner.zip_code = data["zip_code"]
        partner.latitude, partner.longitude = zip_code_coordinates(partner.zip_code)
        if organization != partner.organization:
            partner.is_organization_admin = False  # staff confirm the admin of the new one
        partner.organization = organization
        partner.save()
        _certification_claims_drop_other_organizations(partner)
        partner.roles.set(data["roles"])
        partner.user.first_name, partner.user.last_name = partner.first_name, partner.last_name
        partner.user.save(update_fields=["first_name", "last_name"])
    elif section == "certifications":
        if partner.organization is None:
            raise ValidationError(NO_ORGANIZATION_CERTIFICATIONS)
        organization_certifications_answer(partner=partner, certifications=data["certifications"])
    elif section in TIER_STEPS:
        others = partner.experiences.exclude(tier__code=section)
        chosen = list(others) + list(data["experiences"])
        if not offers_something(chosen, partner.contributions.all()):
            raise ValidationError(OFFERS_NOTHING_MESSAGE)
        partner.experiences.set(chosen)
    elif section == "contributions":
        if not offers_something(partner.experiences.all(), data["contributions"]):
            raise ValidationError(OFFERS_NOTHING_MESSAGE)
        partner.contributions.set(data["contributions"])
    elif section == "pathways":
        partner.pathways.set(data["pathways"])
        partner.skills, partner.languages = data["skills"].strip(), data["languages"].strip()
        partner.save()
    elif section == "final":
        partner.delivery = data["delivery"]
        partner.travel_miles = data["travel_miles"]
        partner.availability = list(data["availability"])
        partner.save()
    else:
        raise ValueError(f"Unknown survey section {section!r}")
    partner.save(update_fields=["updated_at"])
    partner_facts_refresh(partner_ids=[partner.pk])
    return partner


# Facts kept on each partner's row for matching and the directory

FACTS_BATCH = 2000


def partner_search_text(*parts: str | None) -> str:
    """Lowercased, one part per line: a search word (no spaces) never spans two parts."""
    return "\n".join(" ".join((part or "").split()).lower() for part in parts if part)


def partner_facts_refresh(*, partner_ids: Iterable[int] | None = None) -> int:
    """Recompute the facts a partner's row keeps from its answers (the ids of its
    experiences and pathways, its search text, what it adds to the supply counts), for these
    partners or all of them, and move the supply counts by the difference.

    The services call it in the transaction that changes the answers, the status or the
    organization; `matching_refresh` calls it for everyone, and then rebuilds the supply
    counts from the rows. Returns the number of partners refreshed.
    """
    if partner_ids is None:
        ids = list(Partner.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(partner_ids))
    tiers = dict(Experience.objects.values_list("pk", "tier_id"))
    for start in range(0, len(ids), FACTS_BATCH):
        _facts_refresh_batch(ids[start : start + FACTS_BATCH], tiers=tiers)
    if partner_ids is None:
        supply_counts_rebuild()
    return len(ids)


def _facts_refresh_batch(ids: list[int], *, tiers: dict[int, int]) -> None:
    keys: dict[str, dict[int, dict[str, bool]]] = {
        "experience": defaultdict(dict),
        "pathway": defaultdict(dict),
    }
    for name, through in (
        ("experience", Partner.experiences.through),
        ("pathway", Partner.pathways.through),
    ):
        pairs = through.objects.filter(partner_id__in=ids).values_list("partner_id", f"{name}_id")
        for partner_id, entry_id in pairs:
            keys[name][partner_id][str(entry_id)] = True
    rows = Partner.objects.filter(pk__in=ids).values_list(
        "pk",
        "first_name",
        "last_name",
        "organization__name",
        "job_title",
        "skills",
        "status",
        "organization_id",
        "experience_keys",
        "pathway_keys",
        "search_text",
        "supply_keys",
    )
    changed = []
    supply: Counter[str] = Counter()
    for pk, first, last, organization, job_title, skills, status, organization_id, *kept in rows:
        experience_keys = keys["experience"].get(pk, {})
        pathway_keys = keys["pathway"].get(pk, {})
        facts = [
            experience_keys,
            pathway_keys,
            partner_search_text(first, last, organization, job_title, skills),
            partner_supply_keys(
                is_active=status == Partner.Status.ACTIVE,
                organization_id=organization_id,
                pathway_ids=map(int, pathway_keys),
                tier_ids={tiers[int(pk)] for pk in experience_keys if int(pk) in tiers},
            ),
        ]
        if facts != kept:  # rewriting an unchanged row would only leave a dead one behind
            supply.update(facts[3])
            supply.subtract(kept[3])
            changed.append(
                Partner(
                    pk=pk,
                    experience_keys=facts[0],
                    pathway_keys=facts[1],
                    search_text=facts[2],
                    supply_keys=facts[3],
                )
            )
    Partner.objects.bulk_update(
        changed,
        ["experience_keys", "pathway_keys", "search_text", "supply_keys"],
        batch_size=500,
    )
    _supply_counts_add(supply)


# ON CONFLICT ... DO UPDATE adds to the kept value, which the ORM cannot express; PostgreSQL
# and SQLite (3.24+) both read this statement.
SUPPLY_COUNTS_ADD = (
    "INSERT INTO partners_supplycount (kind, entry_id, partners) VALUES (%s, %s, %s) "
    "ON CONFLICT (kind, entry_id) DO UPDATE SET partners = "
    "partners_supplycount.partners + excluded.partners"
)


def _supply_counts_add(changes: Counter[str]) -> None:
    """Add these changes to the supply counts, in the order of their keys (two transactions
    moving the same counts lock them in the same order). An upsert: the first partner of an
    organization creates its count."""
    rows = [(*supply_key_parts(key), n) for key, n in sorted(changes.items()) if n]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(SUPPLY_COUNTS_ADD, rows)


def partner_supply_release(*, partner_ids: Iterable[int]) -> None:
    """Take these partners out of the supply counts before they are deleted (a deleted row
    cannot be refreshed)."""
    supply: Counter[str] = Counter()
    for keys in Partner.objects.filter(pk__in=list(partner_ids)).values_list(
        "supply_keys", flat=True
    ):
        supply.subtract(keys)
    _supply_counts_add(supply)


@transaction.atomic
def supply_counts_rebuild() -> int:
    """Count the supply anew from every partner's kept keys (after `matching_refresh`, or
    data loaded outside the app). Returns the number of counts written."""
    supply: Counter[str] = Counter()
    for keys in Partner.objects.exclude(supply_keys=[]).values_list("supply_keys", flat=True):
        supply.update(keys)
    SupplyCount.objects.all().delete()
    SupplyCount.objects.bulk_create(
        SupplyCount(kind=kind, entry_id=entry_id, partners=n)
        for kind, entry_id, n in (
            (*supply_key_parts(key), n) for key, n in sorted(supply.items()) if n
        )
    )
    return len(supply)


# The new-partner queue


@transaction.atomic
def partner_mark_contacted(*, partner: Partner, by: User) -> Partner:
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    if partner.contacted_at is None:
        partner.contacted_at = timezone.now()
        partner.contacted_by = by
        if partner.status == Partner.Status.NEW:
            partner.status = Partner.Status.ACTIVE
        partner.save(update_fields=["contacted_at", "contacted_by", "status", "updated_at"])
        partner_facts_refresh(partner_ids=[partner.pk])  # now counted in the supply
    return partner


@transaction.atomic
def partner_send_overdue_digest(*, today=None) -> int:
    """Email the career program team the partners overdue for contact, once per day.

    Returns how many partners were listed (0 when nothing was sent, also when today's
    digest went out already).
    """
    today = today or timezone.localdate()
    overdue = list(overdue_partners(today=today))
    if not overdue:
        return 0
    _, created = OverdueDigest.objects.get_or_create(
        day=today, defaults={"partner_count": len(overdue)}
    )
    if not created:
        return 0
    email_queue(
        to=settings.CAREER_PROGRAM_EMAIL,
        template="overdue_partners_digest",
        context={
            "partners": overdue,
            "today": today,
            "queue_url": settings.SITE_URL.rstrip("/") + reverse("partners:queue"),
        },
    )
    return len(overdue)


# Import from the district's existing spreadsheet

IMPORT_COLUMNS = [
    "first_name",
    "last_name",
    "email",
    "phone",
    "job_title",
    "roles",
    "organization",
    "organization_type",
    "certifications",
    "experiences",
    "contributions",
    "pathways",
    "zip",
]


def _catalog_lookup(model) -> dict[str, object]:
    """Every way a spreadsheet may name an entry (name, name with help text, code), lower-cased."""
    lookup = {}
    for entry in model.objects.all():
        for key in (entry.name, entry.label_with_help, entry.code):
            lookup.setdefault(" ".join(key.split()).lower(), entry)
    return lookup


def _split(cell: str | None) -> list[str]:
    return [" ".join(part.split()) for part in (cell or "").split(";") if part.strip()]


def _match_all(cell, lookup, label: str) -> list:
    found, unknown = [], []
    for name in _split(cell):
        entry = lookup.get(name.lower())
        (found if entry else unknown).append(entry or name)
    if unknown:
        raise ValidationError(f"unknown {label}: {', '.join(unknown)}")
    return found


def _answers_from_row(row: dict, lookups: dict) -> SurveyAnswers:
    from django.core.validators import validate_email

    problems = []
    for column in ("first_name", "last_name", "email", "roles", "zip"):
        if not (row.get(column) or "").strip():
            problems.append(f"{column} is required")
    if problems:
        raise ValidationError("; ".join(problems))
    email = row["email"].strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(f"email {email!r} is not a valid address") from None
    organization_types = _match_all(
        row.get("organization_type"), lookups["organization_type"], "organization type"
    )
    if len(organization_types) > 1:
        raise ValidationError("organization_type takes one value")
    try:
        zip_code = zip_code_clean(row["zip"])
    except ValidationError as error:
        raise ValidationError(f"zip: {error.messages[0]}") from None
    return SurveyAnswers(
        first_name=row["first_name"].strip(),
        last_name=row["last_name"].strip(),
        email=email,
        phone=(row.get("phone") or "").strip(),
        job_title=(row.get("job_title") or "").strip(),
        roles=_match_all(row["roles"], lookups["role"], "role"),
        organization_name=normalize_name(row.get("organization") or ""),
        organization_type=organization_types[0] if organization_types else None,
        certifications=_match_all(
            row.get("certifications"), lookups["certification"], "certification"
        ),
        experiences=_match_all(row.get("experiences"), lookups["experience"], "experience"),
        contributions=_match_all(row.get("contributions"), lookups["contribution"], "contribution"),
        pathways=_match_all(row.get("pathways"), lookups["pathway"], "pathway"),
        zip_code=zip_code,
    )


def _numbered(rows, first_line: int):
    """(line, row) pairs: rows given as pairs keep their line numbers (a CSV reader's),
    plain dicts are numbered from `first_line`."""
    for line, row in enumerate(rows, start=first_line):
        yield row if isinstance(row, tuple) else (line, row)


def partner_import_rows(*, rows, first_line: int = 2) -> ImportResult:
    """Create or update partners from spreadsheet rows (dicts keyed by IMPORT_COLUMNS, or
    (line, row) pairs from `imports.rows.csv_rows`).

    Idempotent by email. A bad row is reported with its line number and reason and
    changes nothing; the good rows are kept, a chunk of rows per transaction (a row the
    file spoiled, such as one with a NUL character, comes as its reason and is rejected).
    Imported people get an account without a password (they set one with "forgot
    password") and no email is sent.
    """
    lookups = {
        "role": _catalog_lookup(PartnerRole),
        "organization_type": _catalog_lookup(OrganizationType),
        "certification": _catalog_lookup(Certification),
        "experience": _catalog_lookup(Experience),
        "contribution": _catalog_lookup(Contribution),
        "pathway": _catalog_lookup(Pathway),
    }
    result = ImportResult()
    for chunk in chunks(_numbered(rows, first_line), chunk_size()):
        emails = {
            (row.get("email") or "").strip().lower()
            for _, row in chunk
            if not isinstance(row, RowError)
        }
        with transaction.atomic():
            users = {
                user.email.lower(): user
                for user in User.objects.annotate(lower_email=Lower("email")).filter(
                    lower_email__in=emails
                )
            }
            for line, row in chunk:
                if isinstance(row, RowError):
                    result.errors.append((line, str(row)))
                    continue
                try:
                    user, created = _import_row(row, lookups, users)
                except ValidationError as error:
                    result.errors.append((line, "; ".join(error.messages)))
                    continue
                users[user.email.lower()] = user  # saved: a later row of this email finds it
                if created:
                    result.created += 1
                else:
                    result.updated += 1
    return result


def _import_row(row: dict, lookups: dict, users: dict[str, User]) -> tuple[User, bool]:
    """Save one row in its own savepoint; returns its user and whether the partner is new."""
    with transaction.atomic():
        answers = _answers_from_row(row, lookups)
        errors = survey_answers_errors(answers)
        if errors:
            raise ValidationError(errors)
        user = users.get(answers.email)
        if user is None:
            user = User.objects.create_user(email=answers.email, password=None)
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
        _, created = _partner_save(user=user, answers=answers, by_staff=True)
    return user, created


# The survey drafts kept for a while


def survey_draft_retention_days() -> int:
    return getattr(settings, "SURVEY_DRAFT_RETENTION_DAYS", 90)


def survey_drafts_purge(*, now=None) -> int:
    """Delete the survey drafts nobody touched for SURVEY_DRAFT_RETENTION_DAYS (default
    90). Returns how many were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=survey_draft_retention_days())
    deleted, _ = SurveyDraft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
