"""More journeys in Chromium: the new-partner queue, offers booked and withdrawn from, the
directory, the Expo registration, and procurement recording contracts by hand."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from compliance.models import Contract, Opportunity
from expo.models import Registration
from partners.models import Partner
from requests_app.models import Engagement, School
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.expo.factories import ExpoEditionFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import RequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def new_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_staff_contact_the_oldest_new_partner_first(page):
    admin = UserFactory(roles=[Role.DISTRICT_ADMIN])
    old = PartnerFactory(
        first_name="Olga", last_name="Early", submitted_at=timezone.now() - timedelta(days=30)
    )
    PartnerFactory(first_name="Nina", last_name="Recent", submitted_at=timezone.now())
    sign_in(page, admin.email)
    # A district admin's navigation groups the coordinator's pages in a Requests menu.
    page.get_by_role("button", name="Requests").click()
    page.get_by_role("link", name="New partners").click()
    rows = page.get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Olga Early")
    expect(rows.nth(1)).to_contain_text("Overdue")
    expect(rows.nth(2)).to_contain_text("Nina Recent")
    page.get_by_role("button", name="Mark contacted Olga Early").click()
    expect(page.get_by_text("Olga Early is marked as contacted.")).to_be_visible()
    old.refresh_from_db()
    assert old.contacted_by == admin and old.status == Partner.Status.ACTIVE


def test_a_partner_posts_an_offer_a_coordinator_books_it_and_the_partner_withdraws(
    browser, live_server, mailoutbox, settings
):
    settings.SITE_URL = live_server.url
    partner = PartnerFactory(first_name="Theo", last_name="Builder")
    coordinator = UserFactory(roles=[Role.COORDINATOR], email="coord@pps.example")
    School.objects.get(short_name="Grant HS").coordinators.add(coordinator)

    partner_page = new_page(browser, live_server)
    sign_in(partner_page, partner.user.email)
    partner_page.get_by_role("link", name="Post an offer").click()
    partner_page.get_by_label("Title").fill("Tour our timber frame shop")
    partner_page.get_by_label("Description").fill("See how a timber frame is cut and raised.")
    partner_page.get_by_label("Experience").select_option(
        label="Worksite & Company Tours (Career Awareness)"
    )
    partner_page.get_by_label("Date").fill((timezone.localdate() + timedelta(days=20)).isoformat())
    partner_page.get_by_label("Start time").fill("10:00")
    partner_page.get_by_label("End time").fill("12:00")
    partner_page.get_by_label("Number of students").fill("15")
    partner_page.get_by_role("radio", name="In person").check()
    partner_page.get_by_label("Location").fill("2100 NE Sandy Blvd")
    partner_page.get_by_role("button", name="Post the offer").click()
    expect(partner_page.get_by_text("Your offer is posted")).to_be_visible()

    coordinator_page = new_page(browser, live_server)
    sign_in(coordinator_page, "coord@pps.example")
    coordinator_page.get_by_role("link", name="Offers", exact=True).click()
    expect(
        coordinator_page.get_by_role("heading", name="Tour our timber frame shop")
    ).to_be_visible()
    coordinator_page.get_by_role("button", name="Book Tour our timber frame shop").click()
    expect(
        coordinator_page.get_by_text("Booked. The partner and you received a calendar invitation.")
    ).to_be_visible()
    engagement = Engagement.objects.get(offer__title="Tour our timber frame shop")
    assert engagement.status == Engagement.Status.SCHEDULED

    booked = next(
        m for m in mailoutbox if m.to == [partner.email] and m.subject.startswith("Booked")
    )
    cant_make_it = re.search(r"http://\S+/requests/link/cant-make-it/\S+?/", booked.body).group(0)
    partner_page.goto(cant_make_it)
    partner_page.get_by_label("Message to the Career Coordinator (optional)").fill(
        "Our shop floods that week."
    )
    partner_page.get_by_role("button", name="I can't make it").click()
    expect(partner_page.get_by_text("The Career Coordinator has been told")).to_be_visible()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.CANCELLED
    assert any(
        "Our shop floods that week." in m.body for m in mailoutbox if m.to == ["coord@pps.example"]
    )


def test_a_coordinator_filters_the_directory_and_invites_from_it(page, mailoutbox):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    grant = School.objects.get(short_name="Grant HS")
    grant.coordinators.add(coordinator)
    RequestFactory(school=grant, created_by=coordinator, title="Health careers panel")
    nurse = PartnerFactory(
        first_name="Ines", last_name="Nurse", pathways=["health_sciences"], languages="Spanish"
    )
    PartnerFactory(first_name="Art", last_name="Designer", pathways=["arts_information"])
    sign_in(page, coordinator.email)
    page.get_by_role("link", name="Partner directory").click()
    page.get_by_label("Pathway").select_option(label="Health Sciences")
    page.get_by_label("Language").fill("spanish")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 partner found.")).to_be_visible()
    invite_to = page.get_by_label("Invite to")
    invite_to.select_option(
        invite_to.locator("option", has_text="Health careers panel").get_attribute("value")
    )
    page.get_by_role("button", name="Choose").click()
    page.get_by_role("button", name="Invite Ines Nurse").click()
    expect(page.get_by_text("Invited Ines Nurse.")).to_be_visible()
    expect(page.get_by_text("1 partner found.")).to_be_visible()
    assert Engagement.objects.get().partner == nurse
    assert [m.to for m in mailoutbox] == [[nurse.email]]


def test_an_organization_admin_registers_it_for_the_expo(page, mailoutbox):
    organization = OrganizationFactory(name="Rose City Builders")
    admin = PartnerFactory(organization=organization, is_organization_admin=True)
    ExpoEditionFactory(date=timezone.localdate() + timedelta(days=120))
    sign_in(page, admin.user.email)
    page.get_by_role("link", name="Register Rose City Builders for the Expo").click()
    page.get_by_role("radio", name="Exhibitor").check()
    page.get_by_role("button", name="Register Rose City Builders").click()
    expect(page.get_by_text("Rose City Builders is registered for the")).to_be_visible()
    registration = Registration.objects.get()
    assert registration.organization == organization and registration.kind == "exhibitor"
    assert any("Expo" in m.subject for m in mailoutbox if m.to == [admin.email])


def test_procurement_adds_a_contract_and_records_an_opportunity(page):
    procurement = UserFactory(roles=[Role.PROCUREMENT])
    OrganizationFactory(name="Green Grid Energy")
    sign_in(page, procurement.email)
    page.goto("/compliance/contracts/new/")
    page.get_by_label("Contract number").fill("PPS-2026-0900")
    page.get_by_label("Contractor (organization)").fill("green grid energy")
    page.get_by_label("Value (US dollars)").fill("$100,000.00")
    page.get_by_label("Start date").fill("2026-01-01")
    page.get_by_label("End date").fill("2026-12-31")
    page.get_by_label("Date signed").fill("2025-12-15")
    page.get_by_label("Other proof of registration").fill("Confirmation email on file")
    page.get_by_role("button", name="Save contract").click()
    expect(page.get_by_role("heading", name=re.compile("PPS-2026-0900"))).to_be_visible()
    contract = Contract.objects.get(number="PPS-2026-0900")
    assert contract.contractor.name == "Green Grid Energy"
    assert str(contract.value) == "100000.00"

    page.goto("/compliance/opportunities/new/")
    page.get_by_label("Organization").fill("Green Grid Energy")
    page.get_by_label("Date delivered").fill("2026-03-02")
    experience = page.get_by_label("Experience")
    experience.select_option(
        experience.locator("option", has_text="Job Shadow").get_attribute("value")
    )
    page.get_by_label("Students reached").fill("12")
    page.get_by_label("Note").fill("Solar install job shadow")
    page.get_by_role("button", name=re.compile("Record")).click()
    expect(page.get_by_text("Opportunity recorded for Green Grid Energy.")).to_be_visible()
    assert Opportunity.objects.get().organization == contract.contractor
    page.goto(f"/compliance/contracts/{contract.pk}/")
    expect(page.get_by_text("Solar install job shadow")).to_be_visible()


def test_the_survey_offers_an_existing_organization_as_the_partner_types(page):
    OrganizationFactory(name="Rose City Builders")
    page.goto("/partners/survey/")
    page.get_by_label("Company/Organization Name").press_sequentially("rose ci")
    option = page.locator("#organization-suggestions option")
    expect(option).to_have_attribute("value", "Rose City Builders")
