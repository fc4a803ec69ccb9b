"""Exports as users get them: a coordinator filters the engagements of their schools and
downloads them; a partner downloads their own engagements and hours from their home."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from requests_app.models import Engagement, School
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.e2e.test_accessibility import violations
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENGAGEMENT_HEADER = [
    "request",
    "school",
    "partner",
    "organization",
    "status",
    "invited_on",
    "starts_at",
    "delivered_on",
    "students_reached",
    "volunteer_hours",
]
PARTNER_HEADER = [
    "request_or_offer",
    "school",
    "status",
    "starts_at",
    "delivered_on",
    "students_reached",
    "volunteer_hours",
]


def read_download(download) -> list[list[str]]:
    return list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))


def test_a_coordinator_filters_the_engagements_by_school_and_downloads_them(page):
    grant = School.objects.get(short_name="Grant HS")
    franklin = School.objects.get(short_name="Franklin HS")
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    grant.coordinators.add(coordinator)
    franklin.coordinators.add(coordinator)
    EngagementFactory(
        request=RequestFactory(school=grant, title="Hospital job shadow", created_by=coordinator),
        partner=PartnerFactory(organization=OrganizationFactory(name="Rose City Clinic")),
        status=Engagement.Status.DELIVERED,
        delivered_on=date(2026, 3, 10),
        students_reached=25,
        volunteer_hours=Decimal("3.50"),
    )
    EngagementFactory(
        request=RequestFactory(school=franklin, title="Bakery tour", created_by=coordinator)
    )

    sign_in(page, coordinator.email)
    page.goto("/requests/")
    page.get_by_role("link", name="Engagements", exact=True).click()
    expect(page.get_by_role("heading", name="Engagements", level=1)).to_be_visible()
    table = page.get_by_role("table", name="Engagements matching the filters")
    expect(table.get_by_role("link", name="Hospital job shadow")).to_be_visible()
    expect(table.get_by_role("link", name="Bakery tour")).to_be_visible()
    assert violations(page) == []

    page.get_by_label("School").select_option(label="Grant High School")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_have_text("1 engagement found.")
    expect(table.get_by_role("link", name="Bakery tour")).to_have_count(0)
    expect(page.get_by_label("School")).to_have_value(str(grant.pk))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"engagements-{timezone.localdate():%Y-%m-%d}.csv"
    rows = read_download(download)
    assert rows[0] == ENGAGEMENT_HEADER
    assert [row[:2] for row in rows[1:]] == [["Hospital job shadow", "Grant High School"]]
    assert rows[1][7:] == ["2026-03-10", "25", "3.50"]


def test_a_partner_downloads_their_engagements_and_hours_from_their_home(page):
    partner = PartnerFactory(first_name="Rosa")
    EngagementFactory(
        request=RequestFactory(title="Welding job shadow"),
        partner=partner,
        status=Engagement.Status.DELIVERED,
        delivered_on=date(2026, 2, 3),
        students_reached=12,
        volunteer_hours=Decimal("2.00"),
    )
    EngagementFactory(request=RequestFactory(title="Someone else's"))

    sign_in(page, partner.user.email)
    page.goto("/partners/")
    expect(page.get_by_role("heading", name="Welcome, Rosa")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your engagements and hours (CSV)").click()
    rows = read_download(download_info.value)
    assert rows[0] == PARTNER_HEADER
    assert rows[1:] == [
        ["Welding job shadow", "Grant High School", "delivered", "", "2026-02-03", "12", "2.00"]
    ]


def test_the_filtered_lists_the_dashboard_links_to_have_no_wcag_violations(page):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    grant = School.objects.get(short_name="Grant HS")
    grant.coordinators.add(coordinator)
    RequestFactory(
        school=grant, created_by=coordinator, starts_on=timezone.localdate() - timedelta(days=5)
    )
    PartnerFactory()
    sign_in(page, coordinator.email)

    page.goto(f"/requests/?past_date=1&school={grant.pk}")
    expect(page.get_by_role("heading", name="Requests: at Grant HS, still open")).to_be_visible()
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    expect(page.get_by_label("Request date")).to_have_value("1")
    assert violations(page) == []

    page.goto("/requests/engagements/?from=not-a-date")
    expect(page.get_by_role("alert")).to_contain_text("From: Enter a valid date.")
    assert violations(page) == []

    page.goto("/partners/queue/?overdue=1")
    expect(
        page.get_by_role("heading", name="New partners past the 10-business-day promise")
    ).to_be_visible()
    assert violations(page) == []
