"""The organization engagement report: each figure against hand-counted engagements, the
school year's boundaries, who may open it, its CSV, and its fixed number of queries."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from partners.models import Partner, Pathway, Tier
from reports.selectors import (
    CSV_HEADER,
    Figures,
    Period,
    organization_report,
    school_year_containing,
)
from requests_app.models import Engagement
from tests.compliance.factories import ContractFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.reports.conftest import deliver, deliver_offer

pytestmark = pytest.mark.django_db

SCHOOL_YEAR = Period(date(2025, 7, 1), date(2026, 6, 30))


def url(organization, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("reports:organization", args=[organization.pk]) + (f"?{query}" if query else "")


@pytest.fixture
def engagements(org_admin, member, organization, grant, jefferson):
    """Four engagements delivered in the 2025-26 school year, and five that must not count.

    | partner | school    | day        | tier        | pathways          | students | hours |
    | admin   | Grant     | 2025-09-03 | exploration | health, business  | 12       | 2.00  |
    | member  | Grant     | 2025-09-20 | awareness   | (none)            | 30       | 1.50  |
    | member  | Jefferson | 2026-02-10 | preparation | health            | 5        | 6.00  |
    | admin   | Jefferson | 2026-02-11 | awareness   | agriculture (offer)| 20      | 3.00  |
    """
    deliver(
        partner=org_admin,
        school=grant,
        on=date(2025, 9, 3),
        experience="job_shadow",
        pathway_codes=("health_sciences", "business_management"),
        students=12,
        hours="2.00",
    )
    deliver(
        partner=member,
        school=grant,
        on=date(2025, 9, 20),
        experience="career_presentations",
        pathway_codes=(),
        students=30,
        hours="1.50",
    )
    deliver(
        partner=member,
        school=jefferson,
        on=date(2026, 2, 10),
        experience="extended_learning",
        pathway_codes=("health_sciences",),
        students=5,
        hours="6.00",
    )
    deliver_offer(
        partner=org_admin,
        school=jefferson,
        on=date(2026, 2, 11),
        experience="worksite_tours",
        pathway_codes=("agriculture",),
        students=20,
        hours="3.00",
    )
    # Not counted: the day before the school year, the day after it, not delivered, and
    # another organization's.
    deliver(partner=org_admin, school=grant, on=date(2025, 6, 30), students=99)
    deliver(partner=org_admin, school=grant, on=date(2026, 7, 1), students=99)
    deliver(partner=member, school=grant, on=date(2026, 1, 5), status=Engagement.Status.SCHEDULED)
    other = PartnerFactory(organization=OrganizationFactory())
    deliver(partner=other, school=grant, on=date(2025, 10, 1), students=99)
    # Registered but not active in the period.
    PartnerFactory(organization=organization)


def by_label(rows) -> dict[str, Figures]:
    return {row.label: row.figures for row in rows}


def test_each_figure_matches_the_hand_count(engagements, organization):
    report = organization_report(organization.pk, SCHOOL_YEAR)

    assert report.registered == 3
    assert report.active == 2
    assert report.totals == Figures(4, 67, Decimal("12.50"))
    months = by_label(report.by_month)
    assert len(months) == 12 and list(months)[0] == "July 2025" and list(months)[-1] == "June 2026"
    assert months["September 2025"] == Figures(2, 42, Decimal("3.50"))
    assert months["February 2026"] == Figures(2, 25, Decimal("9.00"))
    assert sum(months.values(), Figures()) == report.totals
    assert by_label(report.by_school) == {
        "Grant High School": Figures(2, 42, Decimal("3.50")),
        "Jefferson High School": Figures(2, 25, Decimal("9.00")),
    }
    assert by_label(report.by_tier) == {
        "Career Awareness": Figures(2, 50, Decimal("4.50")),
        "Career Exploration": Figures(1, 12, Decimal("2.00")),
        "Career Preparation": Figures(1, 5, Decimal("6.00")),
    }
    # Once per pathway: the two-pathway request counts under both.
    assert by_label(report.by_pathway) == {
        "Agriculture, Food and Natural Resource Systems": Figures(1, 20, Decimal("3.00")),
        "Business and Management": Figures(1, 12, Decimal("2.00")),
        "Health Sciences": Figures(2, 17, Decimal("8.00")),
        "No pathway": Figures(1, 30, Decimal("1.50")),
    }
    assert [row.key for row in report.by_pathway][-1] == "none"


def test_the_csv_has_exactly_the_header_and_one_row_per_month_school_pathway_and_tier(
    client, engagements, organization, org_admin
):
    client.force_login(org_admin.user)
    response = client.get(
        url(organization, **{"from": "2025-07-01", "to": "2026-06-30", "format": "csv"})
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = response.content.decode().splitlines()
    assert (
        lines[0]
        == "month,school,pathway,tier,engagements_delivered,students_reached,volunteer_hours"
    )
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        list(CSV_HEADER),
        [
            "2025-09",
            "Grant High School",
            "Business and Management",
            "Career Exploration",
            "1",
            "12",
            "2.00",
        ],
        [
            "2025-09",
            "Grant High School",
            "Health Sciences",
            "Career Exploration",
            "1",
            "12",
            "2.00",
        ],
        ["2025-09", "Grant High School", "none", "Career Awareness", "1", "30", "1.50"],
        [
            "2026-02",
            "Jefferson High School",
            "Agriculture, Food and Natural Resource Systems",
            "Career Awareness",
            "1",
            "20",
            "3.00",
        ],
        [
            "2026-02",
            "Jefferson High School",
            "Health Sciences",
            "Career Preparation",
            "1",
            "5",
            "6.00",
        ],
    ]


def test_an_offer_without_pathways_counts_under_none(org_admin, organization, grant):
    deliver_offer(partner=org_admin, school=grant, on=date(2025, 8, 1), pathway_codes=())
    [row] = organization_report(organization.pk, SCHOOL_YEAR).rows
    assert row.pathway == "none"
    assert row.as_list()[:4] == ["2025-08", "Grant High School", "none", "Career Awareness"]


def test_the_csv_is_spreadsheet_safe(client, org_admin, organization, grant):
    organization.name = "=HYPERLINK(1)"
    organization.save()
    Pathway.objects.filter(code="health_sciences").update(name="=cmd|' /C calc'!A0")
    deliver(partner=org_admin, school=grant, on=date(2025, 9, 1))
    client.force_login(org_admin.user)
    response = client.get(
        url(organization, **{"from": "2025-07-01", "to": "2026-06-30", "format": "csv"})
    )
    [_, row] = list(csv.reader(io.StringIO(response.content.decode())))
    assert row[2] == "'=cmd|' /C calc'!A0"


# The period


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 6, 30), date(2025, 7, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 7, 1), date(2027, 6, 30)),
        (date(2026, 1, 1), date(2025, 7, 1), date(2026, 6, 30)),
        (date(2026, 12, 31), date(2026, 7, 1), date(2027, 6, 30)),
    ],
)
def test_the_school_year_runs_from_july_1_to_june_30(day, start, end):
    assert school_year_containing(day) == Period(start, end)


def test_30_june_counts_in_one_school_year_and_1_july_in_the_next(org_admin, organization, grant):
    deliver(partner=org_admin, school=grant, on=date(2026, 6, 30), students=7)
    deliver(partner=org_admin, school=grant, on=date(2026, 7, 1), students=11)
    earlier = organization_report(organization.pk, school_year_containing(date(2026, 6, 30)))
    later = organization_report(organization.pk, school_year_containing(date(2026, 7, 1)))
    assert (earlier.totals.engagements, earlier.totals.students) == (1, 7)
    assert earlier.by_month[-1].label == "June 2026"
    assert earlier.by_month[-1].figures.students == 7
    assert (later.totals.engagements, later.totals.students) == (1, 11)
    assert later.by_month[0].label == "July 2026"
    assert later.by_month[0].figures.students == 11


def test_the_page_shows_the_school_year_containing_today_by_default(
    client, org_admin, organization
):
    client.force_login(org_admin.user)
    response = client.get(url(organization))
    period = school_year_containing(timezone.localdate())
    assert response.context["period"] == period
    assert f"{period.start:%B} 1, {period.start.year} to June 30, {period.end.year}" in (
        response.content.decode()
    )


def test_any_period_can_be_chosen_and_a_missing_end_is_the_end_of_that_school_year(
    client, org_admin, organization, grant
):
    deliver(partner=org_admin, school=grant, on=date(2025, 9, 3), students=12)
    deliver(partner=org_admin, school=grant, on=date(2025, 11, 3), students=5)
    client.force_login(org_admin.user)
    response = client.get(url(organization, **{"from": "2025-09-01", "to": "2025-09-30"}))
    assert response.context["report"].totals.students == 12
    assert [row.label for row in response.context["report"].by_month] == ["September 2025"]
    response = client.get(url(organization, **{"from": "2025-10-01"}))
    assert response.context["period"] == Period(date(2025, 10, 1), date(2026, 6, 30))
    assert response.context["report"].totals.students == 5


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "2025-13-01"}, "from", "Enter a valid date."),
        ({"from": "2026-01-01", "to": "2025-12-01"}, "to", "on or after the first day"),
    ],
)
def test_a_bad_date_gets_a_message_next_to_its_field(
    client, org_admin, organization, params, field, message
):
    client.force_login(org_admin.user)
    response = client.get(url(organization, **params))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert f'id="error_1_id_{field}"' in page or f"id_{field}" in page
    assert message in page
    # Until corrected, the report shows the school year containing today.
    assert response.context["period"] == school_year_containing(timezone.localdate())
    # And a CSV is not downloaded for a period that was not understood.
    assert client.get(url(organization, **params, format="csv"))["Content-Type"].startswith(
        "text/html"
    )


# Who may see it


@pytest.fixture
def another_organization():
    return OrganizationFactory(name="Another Company")


@pytest.mark.parametrize(
    ("who", "whose", "status"),
    [
        ("org_admin", "own", 200),
        ("org_admin", "another", 404),
        ("org_admin", "missing", 404),
        ("member", "own", 404),
        ("member", "another", 404),
        ("partner_without_organization", "own", 404),
        ("coordinator", "own", 200),
        ("coordinator", "another", 200),
        ("coordinator", "missing", 404),
        ("district_admin", "another", 200),
        ("procurement", "another", 200),
        ("no_role", "own", 403),
    ],
)
def test_who_may_open_which_organization_report(
    client, make_user, org_admin, member, organization, another_organization, who, whose, status
):
    users = {
        "org_admin": lambda: org_admin.user,
        "member": lambda: member.user,
        "partner_without_organization": lambda: PartnerFactory().user,
        "coordinator": lambda: make_user(Role.COORDINATOR),
        "district_admin": lambda: make_user(Role.DISTRICT_ADMIN),
        "procurement": lambda: make_user(Role.PROCUREMENT),
        "no_role": lambda: make_user(),
    }
    pk = {"own": organization.pk, "another": another_organization.pk, "missing": 999_999}[whose]
    client.force_login(users[who]())
    response = client.get(reverse("reports:organization", args=[pk]))
    assert response.status_code == status
    csv_response = client.get(reverse("reports:organization", args=[pk]), {"format": "csv"})
    assert csv_response.status_code == status


def test_an_admin_whose_confirmation_was_withdrawn_gets_a_404(client, org_admin, organization):
    Partner.objects.filter(pk=org_admin.pk).update(is_organization_admin=False)
    client.force_login(org_admin.user)
    assert client.get(url(organization)).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, organization):
    response = client.get(url(organization))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_partner_home_links_the_confirmed_admin_to_the_report(
    client, org_admin, member, organization
):
    report_url = reverse("reports:organization", args=[organization.pk])
    client.force_login(org_admin.user)
    assert report_url in client.get(reverse("partners:home")).content.decode()
    client.force_login(member.user)
    assert report_url not in client.get(reverse("partners:home")).content.decode()


# The page


def test_the_page_shows_charts_with_their_numbers_and_tables(
    client, engagements, organization, org_admin
):
    client.force_login(org_admin.user)
    page = client.get(url(organization, **{"from": "2025-07-01", "to": "2026-06-30"}))
    html = page.content.decode()
    assert html.count('role="img"') == 2
    assert '<title id="chart-months-title">Engagements delivered by month</title>' in html
    assert '<title id="chart-tiers-title">Students reached by tier</title>' in html
    assert "September 2025: 2;" in html  # the chart's description lists every value
    assert "Career Awareness: 50;" in html
    assert "<caption>Engagements delivered, students reached and volunteer hours, by month" in html
    assert "Rose City Builders: engagement report" in html
    assert "July 1, 2025 to June 30, 2026" in html
    assert "css/reports.css" in html
    # A company's own admin cannot open the district's lists: no number links there.
    assert reverse("requests_app:engagements") not in html


def test_a_district_admin_follows_each_number_to_the_engagements_it_counts(
    client, engagements, organization, grant, district_admin_user
):
    client.force_login(district_admin_user)
    html = client.get(url(organization, **{"from": "2025-07-01", "to": "2026-06-30"})).content
    html = html.decode()
    base = reverse("requests_app:engagements")
    org = organization.pk
    assert (
        f"{base}?status=delivered&amp;from=2025-07-01&amp;to=2026-06-30&amp;organization={org}"
        f"&amp;school={grant.pk}" in html
    )
    tier = Tier.objects.get(code="awareness").pk
    assert f"&amp;organization={org}&amp;tier={tier}" in html
    assert f"&amp;organization={org}&amp;pathway=none" in html
    assert (
        f"{base}?status=delivered&amp;from=2025-09-01&amp;to=2025-09-30&amp;organization={org}"
        in html
    )


def test_each_contract_gets_one_line_with_its_compliance(client, org_admin, organization):
    ContractFactory(
        contractor=organization,
        number="PPS-1",
        value=Decimal("250000"),
        start_date=date(2025, 1, 1),
        end_date=date(2026, 12, 31),
    )
    ContractFactory(contractor=organization, number="PPS-2", value=Decimal("50000"))
    report = organization_report(organization.pk, SCHOOL_YEAR, today=date(2026, 11, 1))
    assert report.as_of == date(2026, 6, 30)
    assert [line.contract.number for line in report.contracts] == ["PPS-1", "PPS-2"]
    [standard, small] = report.contracts
    assert standard.year.year.number == 2
    assert standard.year.status == "in_progress"
    assert small.evaluation.tier == "none"
    client.force_login(org_admin.user)
    html = client.get(url(organization, **{"from": "2025-07-01", "to": "2026-06-30"})).content
    assert html.decode().count("<strong>Contract PPS-") == 2
    assert "250,000" not in html.decode()  # no contract values on the report


# Its cost


def queries_for(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_report_costs_the_same_queries_with_3_or_40_engagements(
    client, org_admin, organization, grant, jefferson, django_assert_max_num_queries
):
    client.force_login(org_admin.user)
    path = url(organization, **{"from": "2025-07-01", "to": "2026-06-30"})
    ContractFactory(contractor=organization, start_date=date(2025, 1, 1))
    for index in range(3):
        deliver(partner=org_admin, school=grant, on=date(2025, 9, 1 + index))
    client.get(path)  # the session is saved once after signing in
    small = queries_for(client, path)
    small_csv = queries_for(client, path + "&format=csv")
    schools = [grant, jefferson]
    codes = ["health_sciences", "business_management", "agriculture", "human_resources"]
    experiences = ["job_shadow", "career_presentations", "extended_learning"]
    for index in range(37):
        deliver(
            partner=PartnerFactory(organization=organization),
            school=schools[index % 2],
            on=date(2025, 7 + index % 6, 1 + index % 28),
            experience=experiences[index % 3],
            pathway_codes=codes[: index % 4],
        )
    with django_assert_max_num_queries(small):
        client.get(path)
    assert queries_for(client, path) == small
    assert queries_for(client, path + "&format=csv") == small_csv
    report_queries = CaptureQueriesContext(connection)
    with report_queries:
        organization_report(organization.pk, SCHOOL_YEAR)
    assert len(report_queries) <= 12
