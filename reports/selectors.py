"""Reads of the reports: the organization engagement report and the district dashboard.

Every figure is computed in the database with aggregate queries (GROUP BY, COUNT, SUM) and
each report costs a fixed number of queries whatever the number of partners, requests or
engagements; Python only arranges the grouped rows (at most months x schools x pathways x
tiers of them, never one per engagement). The counting rules are those of the lists the
dashboard's numbers link to (requests_app.selectors, partners.selectors) and of compliance
(compliance.selectors), called, not copied.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncMonth
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import user_has_role
from compliance.rules import ContractEvaluation, YearEvaluation, YearStatus
from compliance.selectors import compliance_report, organization_obligations
from partners.models import Organization, Partner, Pathway, SupplyCount, Tier
from partners.selectors import (
    new_partner_queue,
    overdue_partners,
    partner_represents_organization,
)
from requests_app.models import Engagement, Request
from requests_app.selectors import (
    COMMITTED_STATUSES,
    NO_PATHWAY,  # "none": the CSV's pathway, and the lists' `pathway=none`, without pathways
    engagement_schools_for_user,
    request_opened_condition,
    request_past_date_condition,
    schools_for_user,
)

HOURS_QUANTUM = Decimal("0.01")


# The period


def school_year_containing(day: date) -> "Period":
    """The school year (1 July to 30 June) that contains `day`."""
    first_year = day.year if day.month >= 7 else day.year - 1
    return Period(date(first_year, 7, 1), date(first_year + 1, 6, 30))


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """The days a report covers, both included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    @classmethod
    def school_year(cls, day: date | None = None) -> "Period":
        return school_year_containing(day or timezone.localdate())

    @property
    def is_school_year(self) -> bool:
        return self == school_year_containing(self.start)

    def months(self) -> list[date]:
        """The first day of each month the period touches, in order."""
        months = []
        month = self.start.replace(day=1)
        while month <= self.end:
            months.append(month)
            month = _month_end(month) + timedelta(days=1)
        return months

    def month_bounds(self, month: date) -> tuple[date, date]:
        """The days of `month` inside the period."""
        return max(month, self.start), min(_month_end(month), self.end)

    def previous_school_year(self) -> "Period":
        """The school year before the one this period starts in."""
        return school_year_containing(school_year_containing(self.start).start - timedelta(days=1))

    def as_of(self, today: date | None = None) -> date:
        """The day compliance is judged on for this period: its end, or today if sooner."""
        return min(self.end, today or timezone.localdate())


# Figures and their breakdowns


@dataclass(frozen=True, slots=True)
class Figures:
    """Delivered engagements, the students they reached and the volunteer hours given."""

    engagements: int = 0
    students: int = 0
    hours: Decimal = Decimal("0.00")

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.engagements + other.engagements,
            self.students + other.students,
            self.hours + other.hours,
        )

    @classmethod
    def of(cls, row: dict) -> "Figures":
        """From a grouped row's `engagements`, `students` and `hours`."""
        return cls(
            row["engagements"] or 0,
            row["students"] or 0,
            Decimal(row["hours"] or 0).quantize(HOURS_QUANTUM),
        )


@dataclass(frozen=True, slots=True)
class BreakdownRow:
    """One line of a breakdown: what it is (`key`, the id a list filters on: a school, tier
    or pathway id, `NO_PATHWAY`, or a month's first day) and its figures."""

    key: int | str | date | None
    label: str
    figures: Figures
    start: date | None = None  # a month's first and last days in the period
    end: date | None = None


FIGURES = {
    "engagements": Count("pk"),
    "students": Sum("students_reached"),
    "hours": Sum("volunteer_hours"),
}


def delivered_engagements(period: Period) -> QuerySet[Engagement]:
    """Engagements delivered in the period: served by the engagements' indexes on
    (organization, status, delivered_on) and on delivered_on."""
    return Engagement.objects.filter(
        status=Engagement.Status.DELIVERED,
        delivered_on__gte=period.start,
        delivered_on__lte=period.end,
    ).order_by()


def engagement_pathway():
    """An engagement's pathway as a grouping expression: each pathway of its request, or of
    the offer it was booked from; None (`NO_PATHWAY`) when that has none. Grouped by it, an
    engagement counts once per pathway."""
    return Coalesce(F("request__pathways"), F("offer__pathways"))


def _catalog(model) -> dict[int, tuple[str, int, bool]]:
    """{id: (name, position, active)} of a small catalog, in its order."""
    return {
        pk: (name, position, active)
        for pk, name, position, active in model.objects.order_by("position", "name").values_list(
            "pk", "name", "position", "is_active"
        )
    }


def _rows_over(
    catalog: dict[int, tuple[str, int, bool]], found: dict, *, none_label: str | None = None
) -> list[BreakdownRow]:
    """A breakdown over every active catalog entry (retired ones only when they count), in
    the catalog's order, then `NO_PATHWAY` when it counts and `none_label` is given."""
    rows = [
        BreakdownRow(pk, name, found.get(pk, Figures()))
        for pk, (name, _, active) in catalog.items()
        if active or pk in found
    ]
    if none_label is not None and None in found:
        rows.append(BreakdownRow(NO_PATHWAY, none_label, found[None]))
    return rows


def _roll_up(rows: Iterable[dict], key: str) -> dict:
    totals: dict = defaultdict(Figures)
    for row in rows:
        totals[row[key]] += Figures.of(row)
    return totals


# The organization engagement report

CSV_HEADER = (
    "month",
    "school",
    "pathway",
    "tier",
    "engagements_delivered",
    "students_reached",
    "volunteer_hours",
)


@dataclass(frozen=True, slots=True)
class EngagementRow:
    """One row of the report's CSV: a month x school x pathway x tier with a delivered
    engagement."""

    month: date
    school: str
    pathway: str
    tier: str
    figures: Figures

    def as_list(self) -> list:
        """The row in the order of `CSV_HEADER`; the month as YYYY-MM."""
        return [
            f"{self.month:%Y-%m}",
            self.school,
            self.pathway,
            self.tier,
            self.figures.engagements,
            self.figures.students,
            f"{self.figures.hours:.2f}",
        ]


@dataclass(frozen=True)
class ContractLine:
    """A contract of the organization in one line: the year that matters on the as-of day
    (the one running, else the last one started, else the first) and whether the contract
    is compliant (no year missed, registration proof holding)."""

    evaluation: ContractEvaluation
    year: YearEvaluation | None

    @property
    def contract(self):
        return self.evaluation.contract

    @property
    def compliant(self) -> bool:
        return self.evaluation.compliant


def _contract_line(evaluation: ContractEvaluation) -> ContractLine:
    started = [year for year in evaluation.years if year.year.start <= evaluation.as_of]
    year = evaluation.current_year or (started[-1] if started else None)
    return ContractLine(evaluation, year or (evaluation.years[0] if evaluation.years else None))


@dataclass
class OrganizationReport:
    organization: Organization
    period: Period
    registered: int  # the organization's partners (people registered under it), today
    active: int  # of them, those who delivered an engagement for it in the period
    totals: Figures
    by_month: list[BreakdownRow]
    by_school: list[BreakdownRow]
    by_pathway: list[BreakdownRow]  # an engagement counts once per pathway
    by_tier: list[BreakdownRow]
    rows: list[EngagementRow]  # the CSV's rows
    as_of: date  # the day the contracts are judged on
    contracts: list[ContractLine] = field(default_factory=list)

    def csv_rows(self) -> list[list]:
        return [row.as_list() for row in self.rows]


def organization_report(
    organization_id: int, period: Period, *, today: date | None = None
) -> OrganizationReport:
    """The organization's engagement report for the period, in at most twelve queries
    whatever the number of engagements: the organization, its people, two grouped reads of
    its delivered engagements (without and with pathways), the tier and pathway catalogs,
    and its contracts with compliance's facts (six; two when it has no contract)."""
    organization = Organization.objects.get(pk=organization_id)
    engagements = delivered_engagements(period).filter(organization_id=organization_id)
    people = Partner.objects.filter(organization_id=organization_id).aggregate(
        registered=Count("pk"),
        active=Count(
            "pk", filter=Q(Exists(engagements.filter(partner_id=OuterRef("pk")).values("pk")))
        ),
    )
    # Without pathways: each engagement once, by month, school and tier.
    grouped = list(
        engagements.values(
            "school_id",
            "school__name",
            month=TruncMonth("delivered_on"),
            tier_id=F("experience__tier_id"),
        ).annotate(**FIGURES)
    )
    # With pathways: the CSV's rows, an engagement once per pathway.
    by_pathway_rows = list(
        engagements.values(
            "school__name",
            month=TruncMonth("delivered_on"),
            tier_id=F("experience__tier_id"),
            pathway_id=engagement_pathway(),
        ).annotate(**FIGURES)
    )
    tiers, pathways = _catalog(Tier), _catalog(Pathway)
    for row in (*grouped, *by_pathway_rows):
        row["month"] = _as_date(row["month"])

    schools = {row["school_id"]: row["school__name"] for row in grouped}
    by_school = _roll_up(grouped, "school_id")
    by_month = _roll_up(grouped, "month")
    as_of = period.as_of(today)
    return OrganizationReport(
        organization=organization,
        period=period,
        registered=people["registered"],
        active=people["active"],
        totals=sum(by_school.values(), Figures()),
        by_month=[
            BreakdownRow(
                month, f"{month:%B %Y}", by_month.get(month, Figures()), *period.month_bounds(month)
            )
            for month in period.months()
        ],
        by_school=sorted(
            (BreakdownRow(pk, schools[pk], figures) for pk, figures in by_school.items()),
            key=lambda row: row.label,
        ),
        by_pathway=[
            row
            for row in _rows_over(
                pathways, _roll_up(by_pathway_rows, "pathway_id"), none_label="No pathway"
            )
            if row.figures.engagements
        ],
        by_tier=_rows_over(tiers, _roll_up(grouped, "tier_id")),
        rows=_csv_rows(by_pathway_rows, tiers=tiers, pathways=pathways),
        as_of=as_of,
        contracts=[
            _contract_line(evaluation)
            for evaluation in organization_obligations(organization_id, as_of=as_of)
        ],
    )


def _as_date(value) -> date:
    """TruncMonth of a date column: a date (SQLite) or a midnight datetime (PostgreSQL)."""
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _csv_rows(rows: list[dict], *, tiers: dict, pathways: dict) -> list[EngagementRow]:
    def order(row):
        pathway = pathways.get(row["pathway_id"])
        return (
            row["month"],
            row["school__name"],
            (0, pathway[1], pathway[0]) if pathway else (1, 0, ""),
            tiers[row["tier_id"]][1],
        )

    return [
        EngagementRow(
            month=row["month"],
            school=row["school__name"],
            pathway=pathways[row["pathway_id"]][0] if row["pathway_id"] else NO_PATHWAY,
            tier=tiers[row["tier_id"]][0],
            figures=Figures.of(row),
        )
        for row in sorted(rows, key=order)
    ]


def organizations_reportable_by(user) -> QuerySet[Organization]:
    """The organizations whose engagement report the user may open: every one for district
    staff (Career Coordinators, District Admins, and Procurement, who checks contractors);
    for a partner, only the organization they are the staff-confirmed admin of
    (`partners.selectors.partner_represents_organization`); none for anyone else."""
    if any(user_has_role(user, role) for role in (Role.COORDINATOR, Role.PROCUREMENT)):
        return Organization.objects.all()
    if user_has_role(user, Role.PARTNER):
        partner = (
            Partner.objects.filter(user=user).only("organization_id", "is_organization_admin")
        ).first()
        if partner_represents_organization(partner):
            return Organization.objects.filter(pk=partner.organization_id)
    return Organization.objects.none()


# The district dashboard


class Section(StrEnum):
    SUPPLY = "supply"
    DEMAND = "demand"
    UNMET = "unmet"
    REACH = "reach"
    QUEUE = "queue"
    COMPLIANCE = "compliance"


COORDINATION_SECTIONS = frozenset(
    {Section.SUPPLY, Section.DEMAND, Section.UNMET, Section.REACH, Section.QUEUE}
)


def dashboard_sections(user) -> frozenset[Section]:
    """What of the dashboard the user sees: Career Coordinators everything but compliance
    (they see no contracts); Procurement only compliance; a District Admin, who holds both
    roles, everything."""
    sections = set()
    if user_has_role(user, Role.COORDINATOR):
        sections |= COORDINATION_SECTIONS
    if user_has_role(user, Role.PROCUREMENT):
        sections.add(Section.COMPLIANCE)
    return frozenset(sections)


@dataclass(frozen=True, slots=True)
class CountRow:
    key: int | str | None
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class CertificationRow:
    """A certification: the active organizations holding it and their active partners."""

    pk: int
    name: str
    organizations: int
    partners: int


@dataclass
class Supply:
    """Active partners (status Active), by pathway and tier, and the MWESB share of active
    organizations (those with at least one active partner)."""

    active_partners: int
    by_pathway: list[CountRow]
    by_tier: list[CountRow]
    organizations: int
    mwesb_organizations: int
    by_certification: list[CertificationRow]

    @property
    def mwesb_percent(self) -> int | None:
        if not self.organizations:
            return None
        return round(100 * self.mwesb_organizations / self.organizations)


@dataclass
class Demand:
    """Requests created in the period by their status today, how long filling took, and the
    open requests whose date has passed (today, whenever they were created)."""

    by_status: list[CountRow]  # every status, drafts included
    median_days_to_fill: float | None
    measured: int  # the filled requests the median is taken over
    past_date: int

    def _count(self, *statuses: str) -> int:
        return sum(row.count for row in self.by_status if row.key in statuses)

    @property
    def created(self) -> int:
        return sum(row.count for row in self.by_status)

    @property
    def opened(self) -> int:
        """Published: every status but draft."""
        return self.created - self._count(Request.Status.DRAFT)

    @property
    def filled(self) -> int:
        """Filled, and completed (filled, then delivered)."""
        return self._count(Request.Status.FILLED, Request.Status.COMPLETED)

    @property
    def filled_percent(self) -> int | None:
        return round(100 * self.filled / self.opened) if self.opened else None


@dataclass(frozen=True, slots=True)
class UnmetRow:
    key: int
    label: str
    open_requests: int
    supply: int  # a pathway's active partners; a school's engagements delivered in the period


@dataclass
class Unmet:
    pathways: list[UnmetRow]
    schools: list[UnmetRow]


@dataclass
class Reach:
    totals: Figures
    by_school: list[BreakdownRow]
    by_tier: list[BreakdownRow]
    by_pathway: list[BreakdownRow]  # an engagement counts once per pathway


@dataclass
class QueueHealth:
    waiting: int
    overdue: int


@dataclass
class ComplianceByStatus:
    as_of: date
    by_status: list[CountRow]  # contract years, every status
    at_risk: int

    @property
    def years(self) -> int:
        return sum(row.count for row in self.by_status)


@dataclass
class DistrictDashboard:
    period: Period
    sections: frozenset[Section]
    today: date
    supply: Supply | None = None
    demand: Demand | None = None
    unmet: Unmet | None = None
    reach: Reach | None = None
    queue: QueueHealth | None = None
    compliance: ComplianceByStatus | None = None


Kind = SupplyCount.Kind
UNMET_SHOWN = 5


def district_dashboard(period: Period, *, user, today: date | None = None) -> DistrictDashboard:
    """The sections of the dashboard the user may see (`dashboard_sections`), for the
    period. Demand, unmet demand and reach count the user's schools, as the lists their
    numbers link to do (a coordinator's own; every school for a District Admin); supply,
    the new-partner queue and compliance are district-wide.

    A fixed number of queries whatever the data: 14 for the coordination sections (the tier
    and pathway catalogs, supply 4, demand 2, reach 2, unmet demand 2, the queue 2) and at
    most 5 for compliance (`compliance.selectors.compliance_report`)."""
    today = today or timezone.localdate()
    sections = dashboard_sections(user)
    dashboard = DistrictDashboard(period=period, sections=sections, today=today)
    if COORDINATION_SECTIONS & sections:
        tiers, pathways = _catalog(Tier), _catalog(Pathway)
        dashboard.supply = supply_figures(tiers=tiers, pathways=pathways)
        dashboard.demand = demand_figures(period, user=user, today=today)
        dashboard.reach, delivered_by_school = reach_figures(
            period, user=user, tiers=tiers, pathways=pathways
        )
        dashboard.unmet = unmet_demand(
            user=user, supply=dashboard.supply, delivered_by_school=delivered_by_school
        )
        dashboard.queue = queue_health(today=today)
    if Section.COMPLIANCE in sections:
        dashboard.compliance = compliance_by_status(as_of=period.as_of(today))
    return dashboard


def _active_partners() -> QuerySet[Partner]:
    return Partner.objects.filter(status=Partner.Status.ACTIVE)


def supply_figures(*, tiers: dict | None = None, pathways: dict | None = None) -> Supply:
    """Active partners by pathway and by tier, and the MWESB share of active organizations:
    read from the supply counts the partner services keep (`partners.models.SupplyCount`),
    four queries whatever the number of partners.

    A partner counts under each pathway they chose and each tier they offer an experience
    of (`partners.rules.partner_supply_keys`): the directory's own pathway and tier filters,
    so each count is the list its link opens."""
    tiers = tiers if tiers is not None else _catalog(Tier)
    pathways = pathways if pathways is not None else _catalog(Pathway)
    counts = {
        (kind, entry_id): n
        for kind, entry_id, n in SupplyCount.objects.filter(
            kind__in=[Kind.ACTIVE, Kind.PATHWAY, Kind.TIER]
        ).values_list("kind", "entry_id", "partners")
    }
    organizations = SupplyCount.objects.filter(kind=Kind.ORGANIZATION, partners__gt=0)
    mwesb = Organization.certifications.through.objects.filter(certification__is_exclusive=False)
    # The MWESB organizations with active partners, and their certifications: read as pairs
    # and combined here (a few thousand rows; a join on the counts' plain ids cannot be
    # written in the ORM, and a subquery per pair costs more).
    active = dict(
        organizations.filter(entry_id__in=mwesb.values("organization_id")).values_list(
            "entry_id", "partners"
        )
    )
    certifications: dict[tuple, list[int]] = {}  # (position, name, pk): [organizations, partners]
    for organization_id, pk, name, position in mwesb.values_list(
        "organization_id", "certification_id", "certification__name", "certification__position"
    ):
        if organization_id in active:
            totals = certifications.setdefault((position, name, pk), [0, 0])
            totals[0] += 1
            totals[1] += active[organization_id]
    by_pathway = {pk: counts.get((Kind.PATHWAY, pk), 0) for pk in pathways}
    by_tier = {pk: counts.get((Kind.TIER, pk), 0) for pk in tiers}
    return Supply(
        active_partners=counts.get((Kind.ACTIVE, 0), 0),
        by_pathway=[
            CountRow(pk, name, by_pathway[pk])
            for pk, (name, _, is_active) in pathways.items()
            if is_active or by_pathway[pk]
        ],
        by_tier=[
            CountRow(pk, name, by_tier[pk])
            for pk, (name, _, is_active) in tiers.items()
            if is_active or by_tier[pk]
        ],
        organizations=organizations.count(),
        mwesb_organizations=len(active),
        by_certification=[
            CertificationRow(pk, name, organizations, partners)
            for (_, name, pk), (organizations, partners) in sorted(certifications.items())
        ],
    )


FILLED_STATUSES = (Request.Status.FILLED, Request.Status.COMPLETED)
# The partners holding a request's places (`requests_app.selectors.request_taken_count`).
TAKEN_STATUSES = (*COMMITTED_STATUSES, Engagement.Status.DELIVERED)


def demand_figures(period: Period, *, user, today: date | None = None) -> Demand:
    """Requests of the user's schools created in the period, by status; the median days to
    fill those filled; and the open requests past their date: two queries.

    A request's days to fill run from its creation to the last answer among the partners
    holding its places (the acceptance that filled it; the Request keeps no "filled at" of
    its own). The median is taken in SQL, on every database: the filled requests' durations
    numbered in order by a window function, and only the middle one or two read back."""
    today = today or timezone.localdate()
    requests = Request.objects.filter(school__in=schools_for_user(user)).order_by()
    opened = request_opened_condition(since=period.start, until=period.end)
    counts = requests.aggregate(
        past_date=Count("pk", filter=request_past_date_condition(today=today)),
        **{
            status: Count("pk", filter=opened & Q(status=status))
            for status in Request.Status.values
        },
    )
    measured, median = _median_days_to_fill(requests.filter(opened, status__in=FILLED_STATUSES))
    labels = dict(Request.Status.choices)
    return Demand(
        by_status=[CountRow(status, labels[status], counts[status]) for status in STATUS_ORDER],
        median_days_to_fill=median,
        measured=measured,
        past_date=counts["past_date"],
    )


def _median_days_to_fill(filled: QuerySet[Request]) -> tuple[int, float | None]:
    """(how many of the `filled` requests have an answer on record, the median of their
    days to fill, in days to one decimal): one query, each request's last answer read from
    the answers' own index (`requests_engagement_taken_idx`)."""
    last_answer = (
        Engagement.objects.filter(
            request_id=OuterRef("pk"), status__in=TAKEN_STATUSES, responded_at__isnull=False
        )
        .order_by("-responded_at")
        .values("responded_at")[:1]
    )
    middle = list(
        filled.annotate(filled_at=Subquery(last_answer, output_field=DateTimeField()))
        .filter(filled_at__isnull=False)
        .annotate(
            took=ExpressionWrapper(F("filled_at") - F("created_at"), output_field=DurationField())
        )
        .annotate(
            rank=Window(RowNumber(), order_by=[F("took").asc(), F("pk").asc()]),
            measured=Window(Count("*")),
        )
        # Of n durations, the ((n + 1) // 2)th and the ((n + 2) // 2)th: the middle one, or
        # the middle two.
        .filter(rank__gte=(F("measured") + 1) / 2, rank__lte=(F("measured") + 2) / 2)
        .values_list("took", "measured")
    )
    if not middle:
        return 0, None
    seconds = sum(took.total_seconds() for took, _ in middle) / len(middle)
    return middle[0][1], round(seconds / 86400, 1)


STATUS_ORDER = (
    Request.Status.OPEN,
    Request.Status.FILLED,
    Request.Status.COMPLETED,
    Request.Status.CANCELLED,
    Request.Status.DRAFT,
)


def reach_figures(
    period: Period, *, user, tiers: dict | None = None, pathways: dict | None = None
) -> tuple[Reach, dict[int, Figures]]:
    """Engagements delivered at the user's schools in the period, the students they reached
    and the volunteer hours, by school, tier and pathway: two grouped queries. Also returns
    the figures by school id (unmet demand reads them)."""
    tiers = tiers if tiers is not None else _catalog(Tier)
    pathways = pathways if pathways is not None else _catalog(Pathway)
    engagements = delivered_engagements(period).filter(school__in=engagement_schools_for_user(user))
    grouped = list(
        engagements.values("school_id", "school__name", tier_id=F("experience__tier_id")).annotate(
            **FIGURES
        )
    )
    by_pathway = _roll_up(
        engagements.values(pathway_id=engagement_pathway()).annotate(**FIGURES), "pathway_id"
    )
    schools = {row["school_id"]: row["school__name"] for row in grouped}
    by_school = _roll_up(grouped, "school_id")
    reach = Reach(
        totals=sum(by_school.values(), Figures()),
        by_school=sorted(
            (BreakdownRow(pk, schools[pk], figures) for pk, figures in by_school.items()),
            key=lambda row: row.label,
        ),
        by_tier=_rows_over(tiers, _roll_up(grouped, "tier_id")),
        by_pathway=[
            row
            for row in _rows_over(pathways, by_pathway, none_label="No pathway")
            if row.figures.engagements
        ],
    )
    return reach, dict(by_school)


def unmet_demand(*, user, supply: Supply, delivered_by_school: dict[int, Figures]) -> Unmet:
    """The pathways and the schools with the most open requests (the user's schools, open
    today) and the least to meet them: a pathway's active partners, a school's engagements
    delivered in the period. The first `UNMET_SHOWN` of each; two queries."""
    open_requests = Request.objects.filter(
        school__in=schools_for_user(user), status=Request.Status.OPEN
    ).order_by()
    by_pathway = dict(
        open_requests.filter(pathways__isnull=False).values_list("pathways").annotate(n=Count("pk"))
    )
    by_school = list(open_requests.values_list("school_id", "school__name").annotate(n=Count("pk")))
    partners = {row.key: row for row in supply.by_pathway}
    pathways = [
        UnmetRow(pk, partners[pk].label, count, partners[pk].count)
        for pk, count in by_pathway.items()
        if pk in partners
    ]
    schools = [
        UnmetRow(pk, name, count, delivered_by_school.get(pk, Figures()).engagements)
        for pk, name, count in by_school
    ]

    def order(row):
        return (-row.open_requests, row.supply, row.label)

    return Unmet(
        pathways=sorted(pathways, key=order)[:UNMET_SHOWN],
        schools=sorted(schools, key=order)[:UNMET_SHOWN],
    )


def queue_health(*, today: date | None = None) -> QueueHealth:
    """Partners waiting to be contacted, and those of them past the 10-business-day promise
    (`partners.selectors.overdue_partners`): two counts."""
    return QueueHealth(
        waiting=new_partner_queue().order_by().count(),
        overdue=overdue_partners(today=today).order_by().count(),
    )


def compliance_by_status(*, as_of: date) -> ComplianceByStatus:
    """Contract years by status on `as_of`, and those at risk, from compliance's own report
    (`compliance.selectors.compliance_report`): its fixed number of queries, the facts read
    and the years evaluated only where their dates do not decide."""
    counts, at_risk = compliance_report(as_of=as_of).status_counts()
    return ComplianceByStatus(
        as_of=as_of,
        by_status=[
            CountRow(status, YearStatus(status).label, counts[status])
            for status in COMPLIANCE_ORDER
        ],
        at_risk=at_risk,
    )


COMPLIANCE_ORDER = (
    YearStatus.MET,
    YearStatus.IN_PROGRESS,
    YearStatus.MISSED,
    YearStatus.UPCOMING,
    YearStatus.NOT_REQUIRED,
)
