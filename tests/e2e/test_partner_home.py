"""The partner home on a phone: what needs the partner comes first, and nothing scrolls
sideways."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.compliance.factories import ContractFactory
from tests.e2e.support import sign_in
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def top(page, name: str) -> float:
    return page.get_by_role("heading", name=name).first.bounding_box()["y"]


def test_status_invitations_and_what_is_owed_come_before_the_answers(phone_page):
    page = phone_page
    organization = OrganizationFactory(name="Rose City Builders")
    partner = PartnerFactory(
        organization=organization, is_organization_admin=True, first_name="Rosa"
    )
    today = timezone.localdate()
    ContractFactory(
        contractor=organization,
        number="PPS-2026-CT-004567-B",
        title="Harrison Park school modernization",
        value=Decimal("1500000.00"),
        start_date=today - timedelta(days=100),
    )
    EngagementFactory(partner=partner, request__title="Welding job shadow")
    sign_in(page, partner.user.email)
    expect(page.get_by_role("heading", name="Welcome, Rosa")).to_be_visible()

    status = top(page, "Your status")
    invitations = top(page, "Invitations to answer")
    owed = top(page, "Rose City Builders: career-learning commitments")
    upcoming = top(page, "Upcoming engagements")
    answers = top(page, "Your answers")
    assert status < invitations < owed < upcoming < answers
    invitation = page.get_by_role("region", name="Invitations to answer")
    expect(invitation.get_by_role("link", name="Welding job shadow")).to_be_visible()
    expect(invitation.get_by_text("Answer by")).to_be_visible()

    # The contract's years read on the phone without sideways scrolling, anywhere.
    expect(page.get_by_text("PPS-2026-CT-004567-B").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    overflowing = page.evaluate(
        """[...document.querySelectorAll('main *')]
             .filter(e => e.scrollWidth > e.clientWidth + 1
                          && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
             .map(e => e.className)"""
    )
    assert overflowing == []


def test_a_partner_without_an_organization_sees_no_certifications_section(phone_page):
    partner = PartnerFactory(organization=None, first_name="Tam")
    sign_in(phone_page, partner.user.email)
    expect(phone_page.get_by_role("heading", name="Welcome, Tam")).to_be_visible()
    expect(phone_page.get_by_role("heading", name="Career Pathways")).to_be_visible()
    expect(phone_page.get_by_role("heading", name="Certifications")).to_have_count(0)
    expect(phone_page.get_by_role("heading", name="How you can meet students")).to_be_visible()
    expect(phone_page.get_by_role("heading", name="Final step")).to_have_count(0)
