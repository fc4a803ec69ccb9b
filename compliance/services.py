"""Writes of compliance: saving contracts, recording delivered opportunities, the two
imports, and the at-risk reminders."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from expo.models import DeadlineReminder, ExpoEdition
from expo.selectors import registration_closes_on
from imports.rows import ImportResult, cell, import_rows, iso_date
from notifications.services import email_queue
from partnerconnect.formats import format_money
from partners.models import Experience, Organization
from partners.selectors import (
    emails_by_language,
    existing_organization,
    normalize_name,
    organization_contact_emails_by_id,
)
from partners.services import organization_get_or_create
from requests_app.models import School

from .models import MAX_CONTRACT_VALUE, AtRiskReminder, Contract, Opportunity
from .rules import parse_money
from .selectors import ReportRow, at_risk_years, expo_registrations_owed, procurement_emails

# Contracts

CONTRACT_COLUMNS = [
    "contract_number",
    "contractor",
    "value",
    "start_date",
    "end_date",
    "signed_date",
    "title",
]


def _contract_errors(
    *, contract_number, contractor, value, start_date, end_date, title, contract
) -> dict[str, str]:
    errors = {}
    if not contract_number:
        errors["contract_number"] = "is required"
    elif len(contract_number) > 50:
        errors["contract_number"] = "is longer than 50 characters"
    elif (
        Contract.objects.filter(number=contract_number)
        .exclude(pk=getattr(contract, "pk", None) or 0)
        .exists()
    ):
        errors["contract_number"] = f"another contract already has the number {contract_number}"
    if not contractor:
        errors["contractor"] = "is required"
    elif len(contractor) > 200:
        errors["contractor"] = "is longer than 200 characters"
    if value < 0:
        errors["value"] = "cannot be negative"
    elif value > MAX_CONTRACT_VALUE:
        errors["value"] = f"is larger than {format_money(MAX_CONTRACT_VALUE)}"
    if end_date < start_date:
        errors["end_date"] = f"{end_date:%Y-%m-%d} is before the start date {start_date:%Y-%m-%d}"
    if len(title) > 200:
        errors["title"] = "is longer than 200 characters"
    return errors


def contract_save(
    *,
    contract_number: str,
    contractor: str,
    value,
    start_date: date,
    end_date: date,
    signed_date: date,
    title: str = "",
    other_proof: str | None = None,
    contract: Contract | None = None,
    match_by_number: bool = False,
) -> tuple[Contract, str]:
    """Create or update a contract; returns it and "created", "updated" or "unchanged".

    `contract` is the one being edited; with `match_by_number` (imports, idempotent by
    number) an existing contract of that number is updated, otherwise a number already
    taken is an error. The contractor is an organization matched by name, trimmed and case-insensitively,
    and created when new. `other_proof` None keeps what staff recorded.
    """
    contract_number = (contract_number or "").strip()
    contractor = normalize_name(contractor)
    title = (title or "").strip()
    if contract is None and match_by_number and contract_number:
        contract = Contract.objects.select_for_update().filter(number=contract_number).first()
    errors = _contract_errors(
        contract_number=contract_number,
        contractor=contractor,
        value=value,
        start_date=start_date,
        end_date=end_date,
        title=title,
        contract=contract,
    )
    if errors:
        raise ValidationError(errors)
    organization = organization_get_or_create(name=contractor)
    values = {
        "number": contract_number,
        "contractor": organization,
        "value": value,
        "start_date": start_date,
        "end_date": end_date,
        "signed_date": signed_date,
        "title": title,
    }
    if other_proof is not None:
        values["other_proof"] = other_proof.strip()
    if contract is None:
        return Contract.objects.create(**values), "created"
    changed = [name for name, new in values.items() if getattr(contract, name) != new]
    if not changed:
        return contract, "unchanged"
    for name in changed:
        setattr(contract, name, values[name])
    contract.save()
    return contract, "updated"


def contract_row_values(row: dict) -> dict:
    """A contracts CSV row's value and dates as Python values, checking that the number and
    the contractor are given; ValidationError keyed by column. The row-by-row import and the
    bulk one (compliance/bulk_imports.py) both read a row with it."""
    problems = {}
    parsed = {}
    try:
        parsed["value"] = parse_money(cell(row, "value"))
    except ValueError as error:
        problems["value"] = str(error) if cell(row, "value") else "is required"
    for column in ("start_date", "end_date", "signed_date"):
        try:
            parsed[column] = iso_date(cell(row, column), column)
        except ValidationError as error:
            problems.update(error.message_dict)
    for column in ("contract_number", "contractor"):
        if not cell(row, column):
            problems[column] = "is required"
    if problems:
        raise ValidationError(problems)
    return parsed


def _contract_from_row(row: dict) -> str:
    parsed = contract_row_values(row)
    _, outcome = contract_save(
        contract_number=cell(row, "contract_number"),
        contractor=cell(row, "contractor"),
        title=cell(row, "title"),
        match_by_number=True,
        **parsed,
    )
    return outcome


def contract_import_rows(*, rows: Iterable[tuple[int, dict]]) -> ImportResult:
    """Create or update contracts from (line, row) pairs keyed by CONTRACT_COLUMNS.

    Idempotent by contract number; a contractor that does not exist yet is created.
    """
    return import_rows(rows, _contract_from_row)


# Delivered opportunities recorded by hand or imported

OPPORTUNITY_COLUMNS = ["organization", "date", "experience", "school", "students", "note"]


def opportunity_record(
    *,
    organization: Organization,
    delivered_on: date,
    experience: Experience,
    school: School | None = None,
    students: int | None = None,
    note: str = "",
    source: str = Opportunity.Source.STAFF,
    recorded_by: User | None = None,
    today: date | None = None,
) -> tuple[Opportunity, str]:
    """Record a delivered opportunity; the same (organization, date, experience, note)
    is the same opportunity: it is updated, never counted twice."""
    today = today or timezone.localdate()
    if delivered_on > today:
        raise ValidationError({"date": f"{delivered_on:%Y-%m-%d} is in the future"})
    note = " ".join((note or "").split())
    if len(note) > 300:
        raise ValidationError({"note": "is longer than 300 characters"})
    key = {
        "organization": organization,
        "delivered_on": delivered_on,
        "experience": experience,
        "note": note,
    }
    existing = Opportunity.objects.select_for_update().filter(**key).first()
    if existing is None:
        created = Opportunity.objects.create(
            **key, school=school, students=students, source=source, recorded_by=recorded_by
        )
        return created, "created"
    if (existing.school_id, existing.students) == (getattr(school, "pk", None), students):
        return existing, "unchanged"
    existing.school, existing.students = school, students
    existing.save(update_fields=["school", "students", "updated_at"])
    return existing, "updated"


def _lookup(entries, *names) -> dict[str, object]:
    table = {}
    for entry in entries:
        for name in names:
            key = " ".join(str(getattr(entry, name) or "").split()).lower()
            if key:
                table.setdefault(key, entry)
    return table


def opportunity_import_rows(
    *, rows: Iterable[tuple[int, dict]], today: date | None = None
) -> ImportResult:
    """Record delivered opportunities from (line, row) pairs keyed by OPPORTUNITY_COLUMNS.

    `experience` is a survey catalog name (or its code); `school` and `students` may be
    empty. An unknown organization, experience or school, or a date in the future,
    rejects the row.
    """
    today = today or timezone.localdate()
    experiences = _lookup(Experience.objects.all(), "name", "label_with_help", "code")
    schools = _lookup(School.objects.all(), "name", "short_name")

    def save_row(row: dict) -> str:
        problems = {}
        organization = existing_organization(row, problems)
        delivered_on = None
        try:
            delivered_on = iso_date(cell(row, "date"), "date")
        except ValidationError as error:
            problems.update(error.message_dict)
        experience = experiences.get(" ".join(cell(row, "experience").split()).lower())
        if not cell(row, "experience"):
            problems["experience"] = "is required"
        elif experience is None:
            problems["experience"] = f"unknown experience {cell(row, 'experience')!r}"
        school = None
        if cell(row, "school"):
            school = schools.get(" ".join(cell(row, "school").split()).lower())
            if school is None:
                problems["school"] = f"unknown school {cell(row, 'school')!r}"
        students = None
        if cell(row, "students"):
            if cell(row, "students").isdigit():
                students = int(cell(row, "students"))
            else:
                problems["students"] = f"{cell(row, 'students')!r} is not a whole number"
        if problems:
            raise ValidationError(problems)
        _, outcome = opportunity_record(
            organization=organization,
            delivered_on=delivered_on,
            experience=experience,
            school=school,
            students=students,
            note=cell(row, "note"),
            source=Opportunity.Source.IMPORT,
            today=today,
        )
        return outcome

    return import_rows(rows, save_row)


# Reminders


def _at_risk_context(row: ReportRow, *, link: str) -> dict:
    year = row.year
    return {
        "contract": row.contract,
        "contractor": row.contract.contractor,
        "year": year,
        "editions_missing": list(year.expo_missing),
        "link": link,
    }


def compliance_send_at_risk_reminders(*, today: date | None = None) -> int:
    """Email every contract year at risk today to the contractor's contacts and to
    procurement, once per contract year: the reminder row is claimed (unique per contract
    year) in the same transaction that stores the emails. Returns how many were sent."""
    today = today or timezone.localdate()
    rows = at_risk_years(as_of=today)
    contacts = organization_contact_emails_by_id({row.contract.contractor_id for row in rows})
    staff = procurement_emails()
    site = settings.SITE_URL.rstrip("/")
    sent = 0
    for row in rows:
        recipients = contacts.get(row.contract.contractor_id, [])
        if not recipients and not staff:
            continue  # nobody to tell yet: the next run tries again
        with transaction.atomic():
            reminder, created = AtRiskReminder.objects.get_or_create(
                contract=row.contract,
                year=row.year.year.number,
                defaults={
                    "year_end": row.year.year.end,
                    "opportunities_owed": row.year.opportunities_owed,
                    "expo_owed": not row.year.expo_met,
                },
            )
            reminder = AtRiskReminder.objects.select_for_update().get(pk=reminder.pk)
            told = []
            if created and staff:
                email_queue(
                    to=staff,
                    template="contract_year_at_risk",
                    context={
                        **_at_risk_context(
                            row,
                            link=site
                            + reverse("compliance:contract_detail", args=[row.contract.pk]),
                        ),
                        "for_procurement": True,
                    },
                )
                told += staff
            # The contractor is told once, as soon as it has a confirmed admin to tell.
            if recipients and reminder.contractor_notified_at is None:
                for language, group in emails_by_language(recipients):
                    email_queue(
                        to=group,
                        template="contract_year_at_risk",
                        context=_at_risk_context(row, link=site + reverse("partners:home")),
                        language=language,
                    )
                reminder.contractor_notified_at = timezone.now()
                told += recipients
            if not told:
                continue
            reminder.recipients = ", ".join(filter(None, [reminder.recipients, *told]))
            reminder.save(update_fields=["contractor_notified_at", "recipients"])
        sent += 1
    return sent


# The Expo's registration deadline

REMINDER_DAYS_BEFORE_DEADLINE = 30


def expo_send_deadline_reminders(*, today: date | None = None) -> int:
    """Remind major contractors without a registration, from 30 days before an edition's
    registration deadline until the deadline, once per edition and organization (the
    reminder row is claimed in the transaction that stores the email). Returns how many."""
    today = today or timezone.localdate()
    site = settings.SITE_URL.rstrip("/")
    sent = 0
    editions = ExpoEdition.objects.filter(date__gte=today).order_by("date")
    for edition in editions:
        deadline = registration_closes_on(edition)
        if not (today <= deadline <= today + timedelta(days=REMINDER_DAYS_BEFORE_DEADLINE)):
            continue
        for debt in expo_registrations_owed(edition):
            if not debt.contact_emails:
                continue  # nobody to tell yet: a later run reminds them once they register
            with transaction.atomic():
                _, created = DeadlineReminder.objects.get_or_create(
                    edition=edition,
                    organization=debt.organization,
                    defaults={"recipients": ", ".join(debt.contact_emails)},
                )
                if not created:
                    continue
                for language, group in emails_by_language(debt.contact_emails):
                    email_queue(
                        to=group,
                        template="expo_deadline_reminder",
                        context={
                            "edition": edition,
                            "deadline": deadline,
                            "organization": debt.organization,
                            "contracts": debt.contracts,
                            "register_url": site + reverse("expo:register"),
                        },
                        language=language,
                    )
            sent += 1
    return sent
