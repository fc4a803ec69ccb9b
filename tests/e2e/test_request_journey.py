"""A coordinator creates a request, invites the top candidate, the partner accepts from the
email link, and the coordinator schedules it and confirms delivery."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from requests_app.models import Engagement, School
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.partners.factories import PartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_request_to_delivered_engagement(browser, live_server, mailoutbox, settings):
    settings.SITE_URL = live_server.url  # links in emails point at the test server
    coordinator = UserFactory(email="chris@pps.example", roles=[Role.COORDINATOR])
    School.objects.get(short_name="Grant HS").coordinators.add(coordinator)
    best = PartnerFactory(
        first_name="Nadia",
        last_name="Okafor",
        zip_code="97212",
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        skills="nursing, pediatrics",
        phone="(503) 555-0142",
        submitted_at=timezone.now() - timedelta(days=200),
    )
    PartnerFactory(
        first_name="Omar",
        last_name="Reyes",
        zip_code="97212",
        experiences=["mock_interview"],
        pathways=["health_sciences"],
    )

    coordinator_page = browser.new_context(base_url=live_server.url).new_page()
    page = coordinator_page
    sign_in(page, "chris@pps.example")
    expect(page.get_by_role("heading", name="Requests", exact=True)).to_be_visible()

    # The coordinator creates and publishes a request.
    page.get_by_role("link", name="New request").click()
    page.get_by_label("Title").fill("Shadow a pediatric nurse")
    page.get_by_label("Description").fill("Two seniors spend a morning with a nurse.")
    page.get_by_label("Experience wanted").select_option(label="Job Shadow (Career Exploration)")
    page.get_by_role("checkbox", name="Health Sciences").check()
    page.get_by_label("Skills or topics").fill("nursing")
    page.get_by_label("Grade levels").fill("12")
    page.get_by_label("Number of students").fill("2")
    page.get_by_role("radio", name="In person").check()
    page.get_by_label("Date (or first day of the window)").fill(
        (timezone.localdate() + timedelta(days=10)).isoformat()
    )
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("is open")).to_be_visible()

    # Candidates, best first, with the reasons; invite the top one.
    page.get_by_role("link", name="Find candidates").click()
    first = page.get_by_role("listitem").filter(has_text="Nadia Okafor")
    expect(first).to_contain_text("offers Job Shadow · Health Sciences · knows nursing")
    page.get_by_role("button", name="Invite the top candidate", exact=True).click()
    expect(page.get_by_text("Invited Nadia Okafor.")).to_be_visible()
    # Just invited: waiting for an answer is not a warning yet.
    expect(page.get_by_text("Waiting for 1 answer.")).to_be_visible()
    expect(page.get_by_text("has not answered yet")).to_have_count(0)

    # The partner accepts from the email link, without signing in.
    invitation = next(m for m in mailoutbox if m.to == [best.email])
    accept = re.search(
        r"http://\S+/requests/link/answer/\S+?/\?choice=accept", invitation.body
    ).group(0)
    partner_page = browser.new_context(base_url=live_server.url).new_page()
    partner_page.goto(accept)
    partner_page.get_by_label("Message to the Career Coordinator (optional)").fill(
        "Happy to host them!"
    )
    partner_page.get_by_role("button", name="Accept").click()
    expect(partner_page.get_by_text("Thank you for accepting!")).to_be_visible()
    answered = next(m for m in mailoutbox if m.to == ["chris@pps.example"])
    assert "Happy to host them!" in answered.body

    # The coordinator schedules it: both get a calendar invitation.
    page.reload()
    page.get_by_role("link", name="Nadia Okafor").click()
    # Who to call: the partner's email and phone.
    expect(page.get_by_role("link", name=best.email)).to_have_attribute(
        "href", f"mailto:{best.email}"
    )
    expect(page.get_by_role("link", name="(503) 555-0142")).to_have_attribute(
        "href", "tel:(503)555-0142"
    )
    today = timezone.localdate()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Start time").fill("00:00")
    page.get_by_label("End time").fill("00:30")
    page.get_by_label("Place").fill("Grant HS, room 12")
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text("Both of you received a calendar invitation")).to_be_visible()
    calendars = [m for m in mailoutbox if m.attachments and m.attachments[0][0] == "invite.ics"]
    assert sorted(m.to[0] for m in calendars) == sorted([best.email, "chris@pps.example"])

    # It happened: the coordinator confirms delivery.
    page.get_by_label("Students reached").fill("2")
    page.get_by_label("Volunteer hours").fill("3.5")
    page.get_by_label("A short note").fill("The students loved it.")
    page.get_by_role("button", name="Confirm delivery").click()
    expect(page.get_by_text("confirmed as delivered")).to_be_visible()
    engagement = Engagement.objects.get(partner=best)
    assert engagement.status == Engagement.Status.DELIVERED
    assert engagement.students_reached == 2
    assert engagement.delivered_on == today
