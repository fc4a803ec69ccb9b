"""Reads of compliance: the facts contracts are judged on, loaded in a fixed number of queries
whatever the number of contracts, and the evaluations, report rows and summaries built on
`compliance.rules`."""

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from operator import attrgetter

from django.conf import settings
from django.db.models import Count, F, Min, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from expo.models import ExpoEdition, Registration
from expo.rules import registration_meets_expo_q
from expo.selectors import expo_current_edition, organization_registration, registration_open
from partners.models import Organization, Partner
from partners.selectors import organization_contact_emails_by_id, partner_represents_organization
from requests_app.models import Engagement

from .models import Contract, Opportunity
from .rules import (
    ContractEvaluation,
    ContractYear,
    Tier,
    YearEvaluation,
    YearStatus,
    contract_tier,
    contract_years,
    evaluate_contract,
    evaluate_years,
    tier_value_q,
    year_may_be_at_risk,
    year_statuses_possible,
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
    """What contracts are judged on, per organization: delivery dates (sorted, one per event),
    qualifying Expo registrations and the first Partner Connect registration, for the
    organizations loaded so far (`load`), and the Expo editions."""

    as_of: date
    # Deliveries before this day are left out: no year evaluated with these facts starts earlier.
    since: date | None = None
    delivery_dates: dict[int, list[date]] = field(default_factory=dict)
    editions: list[ExpoEdition] = field(default_factory=list)
    registered: dict[int, set[int]] = field(default_factory=dict)
    first_registration: dict[int, tuple[date, str]] = field(default_factory=dict)
    loaded: set[int] = field(default_factory=set)
    proof_loaded: set[int] = field(default_factory=set)

    def load(
        self,
        organization_ids: Iterable[int],
        *,
        proof: bool = True,
        as_query: QuerySet | None = None,
    ) -> None:
        """Load the facts of these organizations that are not loaded yet: three queries, and
        one more for the registration proof, however many organizations. `as_query` selects
        the same organizations (or more) in the database: when none of them is loaded yet, it
        is sent as a subquery instead of a long list of ids."""
        wanted = set(organization_ids)
        ids = sorted(wanted - self.loaded)
        if ids:
            selected = as_query if as_query is not None and len(ids) == len(wanted) else ids
            self.loaded.update(ids)
            self.delivery_dates.update(
                _delivery_dates(selected, since=self.since, until=self.as_of)
            )
            qualifying = (
                Registration.objects.filter(
                    registration_meets_expo_q(), organization_id__in=selected
                )
                .order_by()
                .values_list("organization_id", "edition_id")
            )
            for organization_id, edition_id in qualifying:
                self.registered.setdefault(organization_id, set()).add(edition_id)
        ids = sorted(wanted - self.proof_loaded) if proof else []
        if ids:
            self.proof_loaded.update(ids)
            self.first_registration.update(_first_registrations(ids))

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

    def evaluate_years(
        self, *, organization_id: int, tier: Tier, start: date, end: date
    ) -> list[YearEvaluation]:
        """The years of a contract of the organization, without its registration proof."""
        return evaluate_years(
            tier=tier,
            start=start,
            end=end,
            as_of=self.as_of,
            delivery_dates=self.delivery_dates.get(organization_id, []),
            editions=self.editions,
            registered_edition_ids=self.registered.get(organization_id, set()),
        )


def _delivery_dates(
    organization_ids: Collection[int] | QuerySet, *, since: date | None, until: date
) -> dict[int, list[date]]:
    """Each organization's delivered opportunities on or before `until` (and from `since`), one
    date per event, sorted: one query for the engagements grouped into events, one for the
    opportunities recorded by staff. Only the two columns read come back."""
    events = _engagement_events(organization_ids, until=until).values_list(
        "organization_id", "delivered_on"
    )
    recorded = (
        Opportunity.objects.filter(organization_id__in=organization_ids, delivered_on__lte=until)
        .order_by()
        .values_list("organization_id", "delivered_on")
    )
    if since is not None:
        events = events.filter(delivered_on__gte=since)
        recorded = recorded.filter(delivered_on__gte=since)
    dates: dict[int, list[date]] = defaultdict(list)
    for organization_id, delivered_on in chain(events, recorded):
        dates[organization_id].append(delivered_on)
    for found in dates.values():
        found.sort()
    return dict(dates)


def _first_registrations(organization_ids: Collection[int]) -> dict[int, tuple[date, str]]:
    """Each organization's first submitted survey (date, confirmation number): one query, one
    pass over the organizations' partners."""
    first = (
        Partner.objects.filter(organization_id__in=organization_ids)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("organization_id")],
                order_by=[F("submitted_at").asc(), F("pk").asc()],
            )
        )
        .filter(rank=1)
        .order_by()
        .values_list("organization_id", "submitted_at", "confirmation_number")
    )
    return {pk: (timezone.localdate(first_at), number) for pk, first_at, number in first}


def compliance_facts(
    organization_ids: Iterable[int], *, as_of: date, proof: bool = True, since: date | None = None
) -> ComplianceFacts:
    """Delivered opportunities, Expo editions and registrations, and registration dates of
    these organizations: four queries (three without the proof), however many organizations.
    More organizations can be loaded later (`ComplianceFacts.load`)."""
    facts = ComplianceFacts(
        as_of=as_of, since=since, editions=list(ExpoEdition.objects.order_by("date"))
    )
    facts.load(organization_ids, proof=proof)
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


@dataclass(frozen=True, slots=True)
class ReportContractor:
    """A contractor as the report shows it."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class ReportContract:
    """A contract as the report reads it, without a model instance: its number, contractor,
    tier and term."""

    pk: int
    number: str
    contractor: ReportContractor
    tier: Tier
    start_date: date
    end_date: date

    @property
    def contractor_id(self) -> int:
        return self.contractor.pk


@dataclass(frozen=True, slots=True)
class ReportRow:
    contract: Contract | ReportContract
    evaluation: ContractEvaluation
    year: YearEvaluation

    def as_dict(self) -> dict:
        """The row with the report's columns: numbers as integers, dates ISO, flags yes/no."""
        return dict(zip(REPORT_COLUMNS, self.as_list(), strict=True))

    def as_list(self) -> list:
        """The row's values in the order of `REPORT_COLUMNS`."""
        year = self.year
        return [
            self.contract.number,
            self.contract.contractor.name,
            self.evaluation.tier.value,
            year.year.number,
            year.year.start.isoformat(),
            year.year.end.isoformat(),
            year.opportunities_required,
            year.opportunities_delivered,
            _yes_no(year.expo_required),
            _yes_no(year.expo_met),
            year.status.value,
        ]


@dataclass(frozen=True)
class ReportFilters:
    status: str = ""
    tier: str = ""
    contractor: str = ""
    year: int | None = None  # the contract year's number (the report's `year` column)
    calendar_year: int | None = None  # contract years overlapping this calendar year
    at_risk_only: bool = False


Entry = tuple[ReportContract, ContractYear]


class ComplianceReport(Sequence[ReportRow]):
    """The report's rows, one per contract year, sorted by contract number then year, and
    evaluated only when read, in a fixed number of queries whatever the number of contracts.

    Its length needs no evaluation; a status or at-risk filter evaluates only the years whose
    dates do not decide it (`rules.year_statuses_possible`, `rules.year_may_be_at_risk`); a
    slice (a page) evaluates its own contracts, and with them those that may have a year at
    risk, for the count shown beside it (`at_risk_count`); iterating evaluates every contract.
    """

    def __init__(
        self,
        *,
        entries: list[Entry],
        facts: ComplianceFacts,
        contractors: QuerySet | None = None,
        status: str = "",
        at_risk_only: bool = False,
    ):
        self.as_of = facts.as_of
        self._entries = entries
        self._facts = facts
        self._contractors = contractors  # the contractors of every entry, as a query
        self._evaluations: dict[int, ContractEvaluation] = {}
        self._at_risk: int | None = None
        if status or at_risk_only:
            self._keep(status=status, at_risk_only=at_risk_only)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index: int | slice) -> ReportRow | list[ReportRow]:
        if isinstance(index, slice):
            return self._rows(self._entries[index])
        return self._rows([self._entries[index]])[0]

    def __iter__(self) -> Iterator[ReportRow]:
        """Every row, made as it is read: the facts of every contractor are loaded first, then
        each contract is evaluated when its first row comes (and not kept afterwards)."""
        self._facts.load(
            {contract.contractor_id for contract, _ in self._entries},
            proof=False,
            as_query=self._contractors,
        )
        evaluation = None
        for contract, year in self._entries:
            if evaluation is None or evaluation.contract is not contract:
                evaluation = self._evaluations.get(contract.pk) or self._evaluation(contract)
            yield ReportRow(contract, evaluation, evaluation.years[year.number - 1])

    def status_counts(self) -> tuple[Counter[YearStatus], int]:
        """(how many rows have each status, how many are at risk), evaluating only the rows
        whose dates do not decide their status (`rules.year_statuses_possible`)."""
        counts: Counter[YearStatus] = Counter()
        undecided = []
        for contract, year in self._entries:
            possible = year_statuses_possible(tier=contract.tier, year=year, as_of=self.as_of)
            if len(possible) == 1:
                counts[possible.pop()] += 1
            else:
                undecided.append((contract, year))
        # The facts of every contractor, selected by a subquery: cheaper to send than the ids.
        self._facts.load(
            {contract.contractor_id for contract, _ in self._entries},
            proof=False,
            as_query=self._contractors,
        )
        self._evaluate(contract for contract, _ in undecided)
        counts.update(self._year(entry).status for entry in undecided)
        return counts, self.at_risk_count

    @property
    def at_risk_count(self) -> int:
        """How many of the rows are at risk."""
        if self._at_risk is None:
            self._count_at_risk()
        return self._at_risk

    def _keep(self, *, status: str = "", at_risk_only: bool = False) -> None:
        """Keep the rows of this status (and at risk): a row whose dates decide is kept or
        dropped as it is, the others are evaluated."""
        kept: list[tuple[Entry, bool]] = []
        for contract, year in self._entries:
            decided = True
            if status:
                possible = year_statuses_possible(tier=contract.tier, year=year, as_of=self.as_of)
                if not any(candidate == status for candidate in possible):
                    continue
                decided = len(possible) == 1
            if at_risk_only:
                if not year_may_be_at_risk(tier=contract.tier, year=year, as_of=self.as_of):
                    continue
                decided = False
            kept.append(((contract, year), decided))
        self._evaluate(contract for (contract, _), decided in kept if not decided)
        self._entries = [
            entry
            for entry, decided in kept
            if decided
            or (
                (not status or self._year(entry).status == status)
                and (not at_risk_only or self._year(entry).at_risk)
            )
        ]

    def _count_at_risk(self, *, also: Iterable[ReportContract] = ()) -> None:
        """Count the years at risk, evaluating (with `also`) only the years that may be."""
        candidates = [
            (contract, year)
            for contract, year in self._entries
            if year_may_be_at_risk(tier=contract.tier, year=year, as_of=self.as_of)
        ]
        self._evaluate(chain(also, (contract for contract, _ in candidates)))
        self._at_risk = sum(1 for entry in candidates if self._year(entry).at_risk)

    def _rows(self, entries: list[Entry]) -> list[ReportRow]:
        if self._at_risk is None:
            self._count_at_risk(also=[contract for contract, _ in entries])
        else:
            self._evaluate(contract for contract, _ in entries)
        rows = []
        for contract, year in entries:
            evaluation = self._evaluations[contract.pk]
            rows.append(ReportRow(contract, evaluation, evaluation.years[year.number - 1]))
        return rows

    def _evaluate(self, contracts: Iterable[ReportContract]) -> None:
        """Evaluate these contracts and keep them, their contractors' facts loaded at once."""
        todo = {contract.pk: contract for contract in contracts}
        todo = {pk: contract for pk, contract in todo.items() if pk not in self._evaluations}
        self._facts.load({contract.contractor_id for contract in todo.values()}, proof=False)
        for contract in todo.values():
            self._evaluations[contract.pk] = self._evaluation(contract)

    def _evaluation(self, contract: ReportContract) -> ContractEvaluation:
        """Every year of the contract (its contractor's facts loaded); the registration proof,
        which the report does not show, is left out."""
        return ContractEvaluation(
            contract=contract,
            tier=contract.tier,
            as_of=self.as_of,
            years=self._facts.evaluate_years(
                organization_id=contract.contractor_id,
                tier=contract.tier,
                start=contract.start_date,
                end=contract.end_date,
            ),
        )

    def _year(self, entry: Entry) -> YearEvaluation:
        """The entry's year, its contract evaluated."""
        contract, year = entry
        return self._evaluations[contract.pk].years[year.number - 1]


def _report_contracts(filters: ReportFilters) -> tuple[list[ReportContract], QuerySet]:
    """The contracts the filters keep, sorted by number, read as plain values, and the query
    that selects them."""
    contracts = Contract.objects.order_by()
    if filters.tier:
        contracts = contracts.filter(tier_value_q(filters.tier))
    if filters.contractor.strip():
        contracts = contracts.filter(contractor__name__icontains=filters.contractor.strip())
    if filters.calendar_year:
        contracts = contracts.filter(
            start_date__year__lte=filters.calendar_year, end_date__year__gte=filters.calendar_year
        )
    contractors: dict[int, ReportContractor] = {}
    found = []
    for pk, number, contractor_id, name, value, start, end in contracts.values_list(
        "pk", "number", "contractor_id", "contractor__name", "value", "start_date", "end_date"
    ):
        contractor = contractors.get(contractor_id)
        if contractor is None:
            contractor = contractors[contractor_id] = ReportContractor(contractor_id, name)
        found.append(ReportContract(pk, number, contractor, contract_tier(value), start, end))
    found.sort(key=attrgetter("number"))
    return found, contracts


def compliance_report(*, as_of: date, filters: ReportFilters | None = None) -> ComplianceReport:
    """One row per contract year, sorted by contract number then year, evaluated when read
    (`ComplianceReport`). The contracts are read as plain values, the facts of their
    contractors loaded only for the rows that need them."""
    filters = filters or ReportFilters()
    contracts, query = _report_contracts(filters)
    entries = []
    for contract in contracts:
        for year in contract_years(contract.start_date, contract.end_date):
            if filters.year and year.number != filters.year:
                continue
            if filters.calendar_year and not (
                year.start.year <= filters.calendar_year <= year.end.year
            ):
                continue
            entries.append((contract, year))
    since = min((contract.start_date for contract in contracts), default=None)
    return ComplianceReport(
        entries=entries,
        facts=compliance_facts((), as_of=as_of, proof=False, since=since),
        contractors=query.values("contractor_id"),
        status=filters.status,
        at_risk_only=filters.at_risk_only,
    )


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


def partner_obligations_panel(partner, *, today: date) -> dict:
    """The partner home's panel about their organization: what its contracts owe and
    delivered, year by year, and its registration for the current Expo. The figures only
    for the organization's confirmed admin: anyone may type a company's name into the
    survey (`unconfirmed` then says who may see them)."""
    organization = partner.organization
    if organization is None:
        return {"organization": None}
    if not partner_represents_organization(partner):
        return {"organization": organization, "unconfirmed": True}
    edition = expo_current_edition(today=today)
    return {
        "organization": organization,
        "evaluations": organization_obligations(organization.pk, as_of=today),
        "edition": edition,
        "registration": edition
        and organization_registration(edition=edition, organization_id=organization.pk),
        "registration_open": edition and registration_open(edition, today=today),
        "today": today,
    }
