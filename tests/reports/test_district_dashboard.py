"""The district dashboard: each section's figures against hand-counted data, who sees which
section, the lists its numbers link to, and its fixed number of queries."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from compliance.selectors import compliance_report
from partners.models import Certification, Partner, Pathway, Tier
from reports.selectors import (
    Figures,
    Period,
    Section,
    compliance_by_status,
    dashboard_sections,
    demand_figures,
    district_dashboard,
    queue_health,
    reach_figures,
    supply_figures,
)
from requests_app.models import Engagement, Request
from tests.compliance.factories import ContractFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.reports.conftest import deliver, deliver_offer, pathways
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db

ACTIVE = Partner.Status.ACTIVE
SCHOOL_YEAR = Period(date(2025, 7, 1), date(2026, 6, 30))


def pathway_id(code: str) -> int:
    return Pathway.objects.get(code=code).pk


def tier_id(code: str) -> int:
    return Tier.objects.get(code=code).pk


def counts(rows) -> dict:
    return {row.key: row.count for row in rows if row.count}


# Supply


def certified(*codes: str):
    organization = OrganizationFactory()
    organization.certifications.set(Certification.objects.filter(code__in=codes))
    return organization


def test_supply_counts_active_partners_by_pathway_and_tier_and_the_mwesb_share():
    mbe, not_applicable, wbe = certified("mbe"), certified("na"), certified("wbe", "esb")
    PartnerFactory(
        organization=mbe,
        status=ACTIVE,
        pathways=["health_sciences", "business_management"],
        experiences=["job_shadow", "career_presentations"],
    )
    PartnerFactory(
        organization=mbe,
        status=ACTIVE,
        pathways=["health_sciences"],
        experiences=["extended_learning", "service_learning"],
    )
    PartnerFactory(organization=mbe, status=Partner.Status.INACTIVE, pathways=["agriculture"])
    PartnerFactory(
        organization=not_applicable,
        status=ACTIVE,
        pathways=["agriculture"],
        experiences=["job_shadow"],
    )
    PartnerFactory(organization=wbe, status=Partner.Status.NEW)  # not yet active
    PartnerFactory(status=ACTIVE, pathways=["business_management"], experiences=["career_fairs"])

    supply = supply_figures()

    assert supply.active_partners == 4
    assert counts(supply.by_pathway) == {
        pathway_id("health_sciences"): 2,
        pathway_id("business_management"): 2,
        pathway_id("agriculture"): 1,
    }
    # Every active pathway is listed, with 0 when nobody offers it.
    assert len(supply.by_pathway) == Pathway.objects.filter(is_active=True).count()
    assert counts(supply.by_tier) == {
        tier_id("awareness"): 2,
        tier_id("exploration"): 2,
        tier_id("preparation"): 1,  # two experiences of the tier, one partner
    }
    assert (supply.organizations, supply.mwesb_organizations, supply.mwesb_percent) == (2, 1, 50)
    [row] = supply.by_certification
    assert (row.name, row.organizations, row.partners) == ("MBE", 1, 2)


def test_no_active_organization_means_no_share():
    supply = supply_figures()
    assert (supply.active_partners, supply.organizations, supply.mwesb_percent) == (0, 0, None)


# Demand


def created(request: Request, days_ago: float) -> Request:
    moment = timezone.now() - timedelta(days=days_ago)
    Request.objects.filter(pk=request.pk).update(created_at=moment)
    request.refresh_from_db()
    return request


def taken(request: Request, *, after_days: float, status=Engagement.Status.ACCEPTED):
    """A partner holding a place on `request`, who answered `after_days` after it was made."""
    return EngagementFactory(
        request=request,
        status=status,
        responded_at=request.created_at + timedelta(days=after_days),
        delivered_on=request.starts_on if status == Engagement.Status.DELIVERED else None,
    )


@pytest.fixture
def demand(grant, jefferson):
    today = timezone.localdate()
    period = Period(today - timedelta(days=60), today)

    def make(status, school=grant, **kwargs):
        return RequestFactory(school=school, status=status, **kwargs)

    make(Request.Status.OPEN)
    make(Request.Status.OPEN, starts_on=today - timedelta(days=3))  # past its date
    make(  # a window still running
        Request.Status.OPEN,
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=5),
    )
    filled = created(make(Request.Status.FILLED), 20)
    taken(filled, after_days=2)
    EngagementFactory(  # a partner who declined later does not fill it
        request=filled,
        status=Engagement.Status.DECLINED,
        responded_at=filled.created_at + timedelta(days=9),
    )
    two_places = created(make(Request.Status.FILLED, partners_wanted=2), 30)
    taken(two_places, after_days=1)
    taken(two_places, after_days=4, status=Engagement.Status.SCHEDULED)
    completed = created(make(Request.Status.COMPLETED, starts_on=today - timedelta(days=2)), 40)
    taken(completed, after_days=10, status=Engagement.Status.DELIVERED)
    make(Request.Status.CANCELLED)
    make(Request.Status.DRAFT)
    # Not in the period, or open past its date at another school.
    old = created(make(Request.Status.FILLED), 200)
    taken(old, after_days=50)
    make(Request.Status.OPEN, school=jefferson, starts_on=today - timedelta(days=1))
    return period


def test_demand_counts_requests_by_status_and_the_median_days_to_fill(demand, coordinator_of_grant):
    figures = demand_figures(demand, user=coordinator_of_grant)
    assert {row.key: row.count for row in figures.by_status} == {
        "open": 3,
        "filled": 2,
        "completed": 1,
        "cancelled": 1,
        "draft": 1,
    }
    assert (figures.created, figures.opened, figures.filled) == (8, 7, 3)
    assert figures.filled_percent == 43
    assert figures.past_date == 1  # at Grant; Jefferson's is not the coordinator's
    assert figures.measured == 3
    assert figures.median_days_to_fill == 4.0  # of 2, 4 and 10 days


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two(
    demand, grant, district_admin_user
):
    fourth = created(RequestFactory(school=grant, status=Request.Status.FILLED), 15)
    taken(fourth, after_days=6)
    figures = demand_figures(demand, user=district_admin_user)
    assert figures.measured == 4
    assert figures.median_days_to_fill == 5.0  # of 2, 4, 6 and 10 days
    assert figures.past_date == 2  # every school for a district admin


def test_no_filled_request_has_no_median(grant, coordinator_of_grant):
    RequestFactory(school=grant, status=Request.Status.OPEN)
    figures = demand_figures(Period.school_year(), user=coordinator_of_grant)
    assert (figures.measured, figures.median_days_to_fill, figures.filled_percent) == (0, None, 0)


# Unmet demand


def test_unmet_demand_ranks_the_most_open_requests_then_the_fewest_partners(
    grant, jefferson, district_admin_user
):
    for codes in (["health_sciences"], ["health_sciences", "business_management"]):
        RequestFactory(school=grant, status=Request.Status.OPEN).pathways.set(pathways(*codes))
    RequestFactory(school=jefferson, status=Request.Status.OPEN).pathways.set(
        pathways("agriculture")
    )
    RequestFactory(school=jefferson, status=Request.Status.FILLED).pathways.set(
        pathways("human_resources")
    )
    for codes in (["health_sciences", "business_management"], ["health_sciences"], ["agriculture"]):
        PartnerFactory(status=ACTIVE, pathways=codes)
    PartnerFactory(status=ACTIVE, pathways=["business_management"])
    deliver(partner=PartnerFactory(), school=grant, on=timezone.localdate())

    dashboard = district_dashboard(Period.school_year(), user=district_admin_user)

    assert [(row.label, row.open_requests, row.supply) for row in dashboard.unmet.pathways] == [
        ("Health Sciences", 2, 2),
        ("Agriculture, Food and Natural Resource Systems", 1, 1),
        ("Business and Management", 1, 2),
    ]
    assert [(row.label, row.open_requests, row.supply) for row in dashboard.unmet.schools] == [
        ("Grant High School", 2, 1),
        ("Jefferson High School", 1, 0),
    ]


# Reach


@pytest.fixture
def delivered(grant, jefferson):
    """Three engagements delivered in the 2025-26 school year (one from an offer), one
    the day after it."""
    company = PartnerFactory(organization=OrganizationFactory())
    deliver(
        partner=company,
        school=grant,
        on=date(2025, 7, 1),
        experience="job_shadow",
        pathway_codes=("health_sciences", "business_management"),
        students=12,
        hours="2.00",
    )
    deliver(
        partner=PartnerFactory(),
        school=jefferson,
        on=date(2026, 6, 30),
        experience="career_presentations",
        pathway_codes=(),
        students=40,
        hours="1.00",
    )
    deliver_offer(
        partner=company,
        school=grant,
        on=date(2026, 3, 3),
        pathway_codes=("health_sciences",),
        students=20,
        hours="3.50",
    )
    deliver(partner=company, school=grant, on=date(2026, 7, 1), students=500)


def test_reach_by_school_tier_and_pathway(delivered, district_admin_user):
    reach, by_school = reach_figures(SCHOOL_YEAR, user=district_admin_user)
    assert reach.totals == Figures(3, 72, Decimal("6.50"))
    assert {row.label: row.figures for row in reach.by_school} == {
        "Grant High School": Figures(2, 32, Decimal("5.50")),
        "Jefferson High School": Figures(1, 40, Decimal("1.00")),
    }
    assert {row.label: row.figures for row in reach.by_tier} == {
        "Career Awareness": Figures(2, 60, Decimal("4.50")),
        "Career Exploration": Figures(1, 12, Decimal("2.00")),
        "Career Preparation": Figures(),
    }
    assert {row.key: row.figures for row in reach.by_pathway} == {
        pathway_id("business_management"): Figures(1, 12, Decimal("2.00")),
        pathway_id("health_sciences"): Figures(2, 32, Decimal("5.50")),
        "none": Figures(1, 40, Decimal("1.00")),
    }
    assert sum(by_school.values(), Figures()) == reach.totals


def test_a_coordinator_sees_the_reach_of_their_own_schools(delivered, coordinator_of_grant):
    reach, _ = reach_figures(SCHOOL_YEAR, user=coordinator_of_grant)
    assert [row.label for row in reach.by_school] == ["Grant High School"]
    assert reach.totals == Figures(2, 32, Decimal("5.50"))


# The new-partner queue


def test_queue_health_counts_the_waiting_and_the_overdue():
    now = timezone.now()
    PartnerFactory(submitted_at=now)
    PartnerFactory(submitted_at=now - timedelta(days=30))
    PartnerFactory(submitted_at=now - timedelta(days=40))
    PartnerFactory(submitted_at=now - timedelta(days=40), contacted_at=now, status=ACTIVE)
    health = queue_health()
    assert (health.waiting, health.overdue) == (3, 2)


# Compliance


def test_compliance_counts_contract_years_by_status_as_the_compliance_report_does():
    ContractFactory(value=Decimal("250000"), start_date=date(2024, 1, 1))  # missed
    ContractFactory(value=Decimal("50000"), start_date=date(2024, 1, 1))  # not required
    ContractFactory(  # one year in progress, one upcoming
        value=Decimal("2000000"), start_date=date(2025, 9, 1), end_date=date(2027, 8, 31)
    )
    as_of = date(2026, 6, 30)
    figures = compliance_by_status(as_of=as_of)
    expected = {"met": 0, "in_progress": 1, "missed": 1, "upcoming": 1, "not_required": 1}
    assert {row.key: row.count for row in figures.by_status} == expected
    assert figures.years == len(compliance_report(as_of=as_of)) == 4
    assert figures.at_risk == sum(row.year.at_risk for row in compliance_report(as_of=as_of))


# Who sees what


@pytest.mark.parametrize(
    ("role", "sections"),
    [
        (Role.COORDINATOR, {"supply", "demand", "unmet", "reach", "queue"}),
        (Role.PROCUREMENT, {"compliance"}),
        (Role.DISTRICT_ADMIN, {"supply", "demand", "unmet", "reach", "queue", "compliance"}),
        (Role.PARTNER, set()),
    ],
)
def test_each_role_sees_its_sections(make_user, role, sections):
    assert dashboard_sections(make_user(role)) == {Section(name) for name in sections}


HEADINGS = {
    "supply": "Supply: partners",
    "demand": "Demand: requests",
    "unmet": "Unmet demand",
    "reach": "Reach: students and volunteer hours",
    "queue": "New-partner queue",
    "compliance": "Contract compliance",
}


@pytest.mark.parametrize(
    ("role", "status", "shown"),
    [
        (Role.COORDINATOR, 200, {"supply", "demand", "unmet", "reach", "queue"}),
        (Role.PROCUREMENT, 200, {"compliance"}),
        (Role.DISTRICT_ADMIN, 200, set(HEADINGS)),
        (Role.PARTNER, 403, set()),
        (None, 403, set()),
    ],
)
def test_the_dashboard_page_shows_each_role_its_sections(client, make_user, role, status, shown):
    client.force_login(make_user(role))
    response = client.get(reverse("reports:district"))
    assert response.status_code == status
    page = response.content.decode()
    for section, heading in HEADINGS.items():
        assert (f">{heading}</h2>" in page) == (section in shown), section
    if role == Role.PROCUREMENT:
        # Procurement cannot open the requests pages: no number leads there.
        assert reverse("requests_app:home") + "?" not in page
        assert reverse("requests_app:engagements") not in page
        assert reverse("compliance:report") + "?as_of=" in page
    if status == 200:
        assert ("Administration</h2>" in page) == (role == Role.DISTRICT_ADMIN)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("reports:district"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_district_admins_home_is_the_dashboard(client, district_admin_user):
    client.force_login(district_admin_user)
    response = client.get(reverse("accounts:district_home"))
    assert response.status_code == 302
    assert response.url == reverse("reports:district")


# Every number links to the list it counts


def test_every_number_links_to_the_filtered_list_it_counts(
    client, delivered, grant, district_admin_user
):
    RequestFactory(school=grant, status=Request.Status.OPEN).pathways.set(
        pathways("health_sciences")
    )
    PartnerFactory(status=ACTIVE, pathways=["health_sciences"])
    client.force_login(district_admin_user)
    page = client.get(reverse("reports:district"), {"from": "2025-07-01", "to": "2026-06-30"})
    html = page.content.decode().replace("&amp;", "&")
    days = "from=2025-07-01&to=2026-06-30"
    health, awareness = pathway_id("health_sciences"), tier_id("awareness")
    expected = [
        f"/requests/engagements/?status=delivered&{days}",
        f"/requests/engagements/?status=delivered&{days}&school={grant.pk}",
        f"/requests/engagements/?status=delivered&{days}&tier={awareness}",
        f"/requests/engagements/?status=delivered&{days}&pathway={health}",
        f"/requests/engagements/?status=delivered&{days}&pathway=none",
        "/requests/?opened_from=2025-07-01&opened_to=2026-06-30&status=open",
        "/requests/?opened_from=2025-07-01&opened_to=2026-06-30&status=draft",
        "/requests/?past_date=1",
        f"/requests/?status=open&pathway={health}",
        f"/requests/?status=open&school={grant.pk}",
        "/requests/directory/?status=active",
        f"/requests/directory/?status=active&pathway={health}",
        f"/requests/directory/?status=active&tier={awareness}",
        "/partners/queue/",
        "/partners/queue/?overdue=1",
        "/compliance/report/?as_of=2026-06-30&status=missed",
        "/compliance/report/?as_of=2026-06-30&at_risk=1",
    ]
    missing = [link for link in expected if f'href="{link}"' not in html]
    assert missing == []


def test_the_dashboard_shows_its_charts_with_their_numbers(client, delivered, district_admin_user):
    client.force_login(district_admin_user)
    html = client.get(reverse("reports:district"), {"from": "2025-07-01", "to": "2026-06-30"})
    html = html.content.decode()
    assert '<title id="chart-reach-tiers-title">Students reached by tier</title>' in html
    assert "Career Awareness: 60;" in html


# Its cost


def queries_for(client, path, data) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, data).status_code == 200
    return len(captured)


def add_data(count: int, *, schools, start: int = 0) -> None:
    codes = ["health_sciences", "business_management", "agriculture", "human_resources"]
    for index in range(start, start + count):
        school = schools[index % len(schools)]
        partner = PartnerFactory(
            organization=certified("mbe") if index % 3 == 0 else None,
            status=ACTIVE,
            pathways=codes[index % 4 : index % 4 + 2],
        )
        deliver(
            partner=partner,
            school=school,
            on=date(2025, 7 + index % 6, 1 + index % 27),
            pathway_codes=codes[: index % 4],
        )
        request = RequestFactory(school=school, status=Request.Status.OPEN)
        request.pathways.set(pathways(codes[index % 4]))
        filled = RequestFactory(school=school, status=Request.Status.FILLED)
        taken(filled, after_days=index % 5 + 1)
        ContractFactory(contractor=partner.organization or OrganizationFactory())


def test_the_dashboard_costs_the_same_queries_with_3_or_40_engagements(
    client, grant, jefferson, district_admin_user, django_assert_max_num_queries
):
    client.force_login(district_admin_user)
    path, data = reverse("reports:district"), {"from": "2025-07-01", "to": "2026-06-30"}
    add_data(3, schools=[grant, jefferson])
    client.get(path, data)  # the session is saved once after signing in
    small = queries_for(client, path, data)
    add_data(37, schools=[grant, jefferson], start=3)
    with django_assert_max_num_queries(small):
        client.get(path, data)
    assert queries_for(client, path, data) == small
    with CaptureQueriesContext(connection) as captured:
        district_dashboard(SCHOOL_YEAR, user=district_admin_user)
    # 14 for the coordination sections, 5 for compliance, and the user's permissions (2).
    assert len(captured) <= 21
