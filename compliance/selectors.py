"""Reads of compliance: the facts contracts are judged on, loaded in a fixed number of queries
whatever the number of contracts, and the evaluations, report rows and summaries built on
`compliance.rules`."""

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, Min, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from expo.models import ExpoEdition, Registration
from partners.models import Organization, Partner
from requests_app.models import Engagement

from .models import Contract, Opportunity
from .rules import (
    ContractEvaluation,
    ContractYear,
    Tier,
    YearEvaluation,
    YearStatus,
    contract_years,
    evaluate_contract,
    registration_meets_expo_q,
    tier_value_q,
)

# What was delivered


# One event is one opportunity however many of the organization's people took part: the
# platform's delivered engagements are grouped by this key.
ENGAGEMENT_EVENT_KEY = ("organization_id", "request_id", "offer_id", "school_id", "delivered_on")


def _engagement_events(organization_ids: Collection[int], *, until: date, detailed: bool = False):
    events = (
        Engagement.objects.filter(
            status=Engagement.Status.DELIVERED,
            organization_id__in=organization_ids,
            delivered_on__lte=until,
        )
        .order_by()
        .values(*ENGAGEMENT_EVENT_KEY)
        .annotate(people=Count("pk"), students=Sum("students_reached"))
    )
    if detailed:
        events = events.annotate(
            request_title=Min("request__title"),
            offer_title=Min("offer__title"),
            experience_name=Min("experience__name"),
            school_name=Min("school__name"),
        )
    return events


@dataclass(frozen=True)
class DeliveredOpportunity:
    """One delivered opportunity as shown on a contract's page."""

    delivered_on: date
    source: str  # "Partner Connect", "Recorded by staff" or "Imported"
    title: str
    experience: str
    school: str
    students: int | None
    people: int | None = None


def organization_delivered_opportunities(
    organization_id: int, *, until: date
) -> list[DeliveredOpportunity]:
    """Everything the organization delivered on or before `until`, one entry per event."""
    found = [
        DeliveredOpportunity(
            delivered_on=event["delivered_on"],
            source="Partner Connect",
            title=event["request_title"] or event["offer_title"] or "",
            experience=event["experience_name"] or "",
            school=event["school_name"] or "",
            students=event["students"],
            people=event["people"],
        )
        for event in _engagement_events([organization_id], until=until, detailed=True)
    ]
    recorded = Opportunity.objects.filter(
        organization_id=organization_id, delivered_on__lte=until
    ).select_related("experience", "school")
    found += [
        DeliveredOpportunity(
            delivered_on=item.delivered_on,
            source=item.get_source_display(),
            title=item.note,
            experience=item.experience.name,
            school=item.school.name if item.school else "",
            students=item.students,
        )
        for item in recorded
    ]
    return sorted(found, key=lambda item: (item.delivered_on, item.title))


# The facts, for many contracts at once


@dataclass
class ComplianceFacts:
    as_of: date
    delivery_dates: dict[int, list[date]] = field(default_factory=dict)
    editions: list[ExpoEdition] = field(default_factory=list)
    registered: dict[int, set[int]] = field(default_factory=dict)
    first_registration: dict[int, tuple[date, str]] = field(default_factory=dict)

    def evaluate(self, contract: Contract) -> ContractEvaluation:
        organization_id = contract.contractor_id
        return evaluate_contract(
            contract=contract,
            value=contract.value,
            start=contract.start_date,
            end=contract.end_date,
            signed_date=contract.signed_date,
            as_of=self.as_of,
            delivery_dates=self.delivery_dates.get(organization_id, []),
            editions=self.editions,
            registered_edition_ids=self.registered.get(organization_id, set()),
            first_registration=self.first_registration.get(organization_id),
            other_proof=contract.other_proof,
        )


def compliance_facts(organization_ids: Iterable[int], *, as_of: date) -> ComplianceFacts:
    """Delivered opportunities, Expo editions and registrations, and registration dates of
    these organizations: five queries, however many organizations."""
    ids = sorted(set(organization_ids))
    facts = ComplianceFacts(as_of=as_of)
    if not ids:
        facts.editions = list(ExpoEdition.objects.order_by("date"))
        return facts
    dates: dict[int, list[date]] = defaultdict(list)
    for event in _engagement_events(ids, until=as_of):
        dates[event["organization_id"]].append(event["delivered_on"])
    recorded = Opportunity.objects.filter(organization_id__in=ids, delivered_on__lte=as_of)
    for organization_id, delivered_on in recorded.values_list("organization_id", "delivered_on"):
        dates[organization_id].append(delivered_on)
    facts.delivery_dates = {key: sorted(value) for key, value in dates.items()}

    facts.editions = list(ExpoEdition.objects.order_by("date"))
    registered: dict[int, set[int]] = defaultdict(set)
    qualifying = Registration.objects.filter(registration_meets_expo_q(), organization_id__in=ids)
    for organization_id, edition_id in qualifying.values_list("organization_id", "edition_id"):
        registered[organization_id].add(edition_id)
    facts.registered = dict(registered)

    first = Partner.objects.filter(organization=OuterRef("pk")).order_by("submitted_at", "pk")
    organizations = (
        Organization.objects.filter(pk__in=ids)
        .annotate(
            first_at=Subquery(first.values("submitted_at")[:1]),
            first_number=Subquery(first.values("confirmation_number")[:1]),
        )
        .filter(first_at__isnull=False)
        .values_list("pk", "first_at", "first_number")
    )
    facts.first_registration = {
        pk: (timezone.localdate(first_at), number) for pk, first_at, number in organizations
    }
    return facts


def contracts_queryset() -> QuerySet[Contract]:
    return Contract.objects.select_related("contractor")


def contract_evaluations(contracts: Iterable[Contract], *, as_of: date) -> list[ContractEvaluation]:
    """Evaluate many contracts (with their contractor loaded) in a fixed number of queries."""
    contracts = list(contracts)
    facts = compliance_facts({contract.contractor_id for contract in contracts}, as_of=as_of)
    return [facts.evaluate(contract) for contract in contracts]


def contract_evaluate(contract: Contract, *, as_of: date) -> ContractEvaluation:
    return contract_evaluations([contract], as_of=as_of)[0]


@dataclass(frozen=True)
class YearDetail:
    evaluation: YearEvaluation
    opportunities: list[DeliveredOpportunity]


def contract_year_details(
    evaluation: ContractEvaluation,
) -> list[YearDetail]:
    """Each year of a contract with the opportunities that counted in it."""
    contract = evaluation.contract
    delivered = organization_delivered_opportunities(contract.contractor_id, until=evaluation.as_of)
    return [
        YearDetail(
            evaluation=year,
            opportunities=[o for o in delivered if year.year.contains(o.delivered_on)],
        )
        for year in evaluation.years
    ]


# The report

REPORT_COLUMNS = [
    "contract_number",
    "contractor",
    "tier",
    "year",
    "year_start",
    "year_end",
    "opportunities_required",
    "opportunities_delivered",
    "expo_required",
    "expo_met",
    "status",
]


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


@dataclass(frozen=True)
class ReportRow:
    contract: Contract
    evaluation: ContractEvaluation
    year: YearEvaluation

    def as_dict(self) -> dict:
        """The row with the report's columns: numbers as integers, dates ISO, flags yes/no."""
        return {
            "contract_number": self.contract.number,
            "contractor": self.contract.contractor.name,
            "tier": self.evaluation.tier.value,
            "year": self.year.year.number,
            "year_start": self.year.year.start.isoformat(),
            "year_end": self.year.year.end.isoformat(),
            "opportunities_required": self.year.opportunities_required,
            "opportunities_delivered": self.year.opportunities_delivered,
            "expo_required": _yes_no(self.year.expo_required),
            "expo_met": _yes_no(self.year.expo_met),
            "status": self.year.status.value,
        }

    def as_list(self) -> list:
        values = self.as_dict()
        return [values[column] for column in REPORT_COLUMNS]


@dataclass(frozen=True)
class ReportFilters:
    status: str = ""
    tier: str = ""
    contractor: str = ""
    year: int | None = None  # the contract year's number (the report's `year` column)
    calendar_year: int | None = None  # contract years overlapping this calendar year
    at_risk_only: bool = False


def compliance_report(*, as_of: date, filters: ReportFilters | None = None) -> list[ReportRow]:
    """One row per contract year, sorted by contract number then year."""
    filters = filters or ReportFilters()
    contracts = contracts_queryset()
    if filters.tier:
        contracts = contracts.filter(tier_value_q(filters.tier))
    if filters.contractor.strip():
        contracts = contracts.filter(contractor__name__icontains=filters.contractor.strip())
    if filters.calendar_year:
        contracts = contracts.filter(
            start_date__year__lte=filters.calendar_year, end_date__year__gte=filters.calendar_year
        )
    rows = []
    for evaluation in contract_evaluations(contracts, as_of=as_of):
        for year in evaluation.years:
            if filters.status and year.status != filters.status:
                continue
            if filters.year and year.year.number != filters.year:
                continue
            if filters.calendar_year and not (
                year.year.start.year <= filters.calendar_year <= year.year.end.year
            ):
                continue
            if filters.at_risk_only and not year.at_risk:
                continue
            rows.append(ReportRow(contract=evaluation.contract, evaluation=evaluation, year=year))
    return sorted(rows, key=lambda row: (row.contract.number, row.year.year.number))


# Summaries


@dataclass
class ComplianceSummary:
    as_of: date
    contracts_by_tier: dict[str, int]
    contracts: int
    not_compliant: int
    years_by_status: dict[str, int]
    at_risk: list[ReportRow]
    proof_missing: list[ContractEvaluation]


def compliance_summary(*, as_of: date) -> ComplianceSummary:
    evaluations = contract_evaluations(contracts_queryset(), as_of=as_of)
    by_tier = {tier.value: 0 for tier in Tier}
    by_status = {status.value: 0 for status in YearStatus}
    at_risk = []
    for evaluation in evaluations:
        by_tier[evaluation.tier.value] += 1
        for year in evaluation.years:
            by_status[year.status.value] += 1
            if year.at_risk:
                at_risk.append(ReportRow(evaluation.contract, evaluation, year))
    return ComplianceSummary(
        as_of=as_of,
        contracts_by_tier=by_tier,
        contracts=len(evaluations),
        not_compliant=sum(1 for evaluation in evaluations if not evaluation.compliant),
        years_by_status=by_status,
        at_risk=sorted(at_risk, key=lambda row: row.year.year.end),
        proof_missing=[e for e in evaluations if not e.proof.holds],
    )


def organization_obligations(organization_id: int, *, as_of: date) -> list[ContractEvaluation]:
    """The organization's contracts evaluated, for its own people (newest first)."""
    contracts = contracts_queryset().filter(contractor_id=organization_id).order_by("-start_date")
    return contract_evaluations(contracts, as_of=as_of)


def at_risk_years(*, as_of: date) -> list[ReportRow]:
    """Contract years at risk on `as_of` (what the reminders are about)."""
    running = contracts_queryset().filter(start_date__lte=as_of, end_date__gte=as_of)
    running = running.exclude(tier_value_q(Tier.NONE))
    rows = []
    for evaluation in contract_evaluations(running, as_of=as_of):
        rows += [
            ReportRow(evaluation.contract, evaluation, y) for y in evaluation.years if y.at_risk
        ]
    return rows


# The Expo requirement, seen from one edition


@dataclass
class ExpoDebt:
    """An organization owing a registration for an edition under its major contract(s)."""

    organization: Organization
    contracts: list[tuple[Contract, ContractYear]]
    contact_emails: list[str] = field(default_factory=list)


def expo_registrations_owed(edition: ExpoEdition) -> list[ExpoDebt]:
    """Contractors with a major contract year containing the edition's date and no
    exhibitor (or exhibitor-equivalent sponsor) registration for it: three queries."""
    contracts = contracts_queryset().filter(
        tier_value_q(Tier.MAJOR), start_date__lte=edition.date, end_date__gte=edition.date
    )
    registered = set(
        Registration.objects.filter(registration_meets_expo_q(), edition=edition).values_list(
            "organization_id", flat=True
        )
    )
    debts: dict[int, ExpoDebt] = {}
    for contract in contracts:
        if contract.contractor_id in registered:
            continue
        year = next(
            y
            for y in contract_years(contract.start_date, contract.end_date)
            if y.contains(edition.date)
        )
        debt = debts.setdefault(contract.contractor_id, ExpoDebt(contract.contractor, []))
        debt.contracts.append((contract, year))
    emails = organization_contact_emails_by_id(debts)
    for organization_id, debt in debts.items():
        debt.contact_emails = emails.get(organization_id, [])
    return sorted(debts.values(), key=lambda debt: debt.organization.name.lower())


# Who hears about it


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


def procurement_emails() -> list[str]:
    """Everyone holding the Procurement role (its group), and PROCUREMENT_EMAIL if set."""
    emails = list(
        User.objects.filter(groups__name=Role.PROCUREMENT.group_name, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    extra = settings.PROCUREMENT_EMAIL
    if extra and extra not in emails:
        emails.append(extra)
    return emails
