"""A company's confirmed admin opens its engagement report from the partner home, chooses a
school year, reads a chart and its table, and downloads the CSV; the district admin lands on
the district dashboard and follows a number to the list it counts. Both pages pass axe-core
at 375 and 1280 pixels without sideways scrolling."""

import csv
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from requests_app.models import School
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.e2e.test_accessibility import violations
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.reports.conftest import deliver, deliver_offer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "month,school,pathway,tier,engagements_delivered,students_reached,volunteer_hours"
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


def delivered_in_2025_26(organization):
    admin = PartnerFactory(organization=organization, is_organization_admin=True)
    colleague = PartnerFactory(organization=organization)
    grant = School.objects.get(short_name="Grant HS")
    jefferson = School.objects.get(short_name="Jefferson HS")
    deliver(
        partner=admin,
        school=grant,
        on=date(2025, 9, 3),
        pathway_codes=("health_sciences", "business_management"),
        students=12,
    )
    deliver(partner=colleague, school=grant, on=date(2025, 9, 20), pathway_codes=(), students=30)
    deliver(
        partner=colleague,
        school=jefferson,
        on=date(2026, 2, 10),
        experience="extended_learning",
        students=5,
    )
    deliver_offer(partner=admin, school=jefferson, on=date(2026, 2, 11), students=20)
    return admin


def check_accessible_at_both_widths(page):
    # The pointer rests away from the page, so no button is caught mid-transition to its
    # hover colours when the width changes under it.
    page.mouse.move(0, 0)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        assert violations(page) == [], f"at {width} px"
        assert page.evaluate(SIDEWAYS) <= 0, f"sideways scrolling at {width} px"


def test_a_company_admin_reads_and_downloads_its_engagement_report(page, tmp_path):
    organization = OrganizationFactory(name="Rose City Builders")
    admin = delivered_in_2025_26(organization)

    sign_in(page, admin.user.email)
    page.goto("/partners/")
    page.get_by_role("link", name="Engagement report of Rose City Builders").click()
    expect(
        page.get_by_role("heading", name="Rose City Builders: engagement report", level=1)
    ).to_be_visible()

    page.get_by_label("From").fill("2025-07-01")
    page.get_by_label("To", exact=True).fill("2026-06-30")
    page.get_by_role("button", name="Show this period").click()
    expect(page.get_by_text("July 1, 2025 to June 30, 2026")).to_be_visible()

    chart = page.get_by_role("img", name="Engagements delivered by month")
    expect(chart).to_be_visible()
    months = page.get_by_role(
        "table",
        name="Engagements delivered, students reached and volunteer hours, by month",
    )
    september = months.get_by_role("row", name="September 2025")
    expect(september.get_by_role("cell")).to_have_text(["2", "42", "4"])
    expect(page.get_by_role("img", name="Students reached by tier")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    target = tmp_path / "report.csv"
    download.value.save_as(target)
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert ",".join(rows[0]) == HEADER
    assert ["2025-09", "Grant High School", "none", "Career Exploration", "1", "30", "2.00"] in rows
    assert download.value.suggested_filename.endswith("2025-07-01-to-2026-06-30.csv")

    check_accessible_at_both_widths(page)


def test_a_district_admin_lands_on_the_dashboard_and_follows_a_number(page):
    delivered_in_2025_26(OrganizationFactory(name="Cascade Health Partners"))
    admin = UserFactory(roles=[Role.DISTRICT_ADMIN])

    sign_in(page, admin.email)
    expect(page.get_by_role("heading", name="District dashboard", level=1)).to_be_visible()
    page.get_by_label("From").fill("2025-07-01")
    page.get_by_label("To", exact=True).fill("2026-06-30")
    page.get_by_role("button", name="Show this period").click()

    expect(page.get_by_role("img", name="Students reached by tier")).to_be_visible()
    tiers = page.get_by_role("table", name="Reach by tier")
    exploration = tiers.get_by_role("row", name="Career Exploration")
    expect(exploration.get_by_role("cell")).to_have_text(["2", "42", "4"])
    expect(page.get_by_role("heading", name="Contract compliance")).to_be_visible()
    check_accessible_at_both_widths(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    exploration.get_by_role("link", name="2", exact=True).click()
    expect(page).to_have_url(
        re.compile(
            r"/requests/engagements/\?status=delivered&from=2025-07-01&to=2026-06-30&tier=\d+$"
        )
    )
