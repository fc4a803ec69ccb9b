"""A newcomer fills the 8-step survey on a phone, finds the confirmation number in the auto
reply, verifies the email and edits one answer afterwards."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from playwright.sync_api import expect

from partners.models import Partner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "robots-in-the-classroom"


def next_step(page):
    page.get_by_role("button", name="Next").click()


def test_newcomer_fills_all_steps_on_a_phone_and_edits_an_answer(phone_page, mailoutbox):
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Register as a partner").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()

    # Step 1: Profile. Business/Industry needs an organization: the error keeps the answers.
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Gonzalez")
    page.get_by_label("Contact email").fill("maria@acme-robotics.example")
    page.get_by_label("Contact phone").fill("503-555-0142")
    page.get_by_label("Contact job title").fill("Robotics engineer")
    page.get_by_role("checkbox", name="Business/Industry Partner").check()
    page.get_by_label("ZIP code").fill("97209")
    next_step(page)
    # Each error is in the summary at the top and next to its field.
    for error in ("name your", "choose the type"):
        message = page.get_by_text(f"Required for a Business/Industry Partner: {error}")
        expect(message).to_have_count(2)
        expect(message.last).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Maria")
    expect(page.get_by_role("checkbox", name="Business/Industry Partner")).to_be_checked()
    page.get_by_label("Company/Organization Name").fill("Acme Robotics")
    page.get_by_role("radio", name="Business/Industry", exact=True).check()
    next_step(page)

    # Step 2: N/A cannot be combined with a certification.
    expect(page.get_by_text("Step 2 of 8")).to_be_visible()
    page.get_by_role("checkbox", name="MBE").check()
    page.get_by_role("checkbox", name="N/A").check()
    next_step(page)
    expect(page.get_by_text("cannot be combined with other certifications").last).to_be_visible()
    page.get_by_role("checkbox", name="N/A").uncheck()
    next_step(page)

    # Steps 3 to 6: the offerings.
    expect(page.get_by_text("Step 3 of 8")).to_be_visible()
    page.get_by_role("checkbox", name="Career Presentations").check()
    next_step(page)
    expect(page.get_by_text("Step 4 of 8")).to_be_visible()
    page.get_by_role("checkbox", name="Job Shadow").check()
    next_step(page)
    expect(page.get_by_text("Step 5 of 8")).to_be_visible()
    next_step(page)
    expect(page.get_by_text("Step 6 of 8")).to_be_visible()
    page.get_by_role("checkbox", name="Volunteer (guest speaker").check()
    next_step(page)

    # Step 7: pathways and skills.
    expect(page.get_by_text("Step 7 of 8")).to_be_visible()
    page.get_by_role("checkbox", name="Industrial and Engineering Systems").check()
    page.get_by_label("Skills and expertise topics").fill("welding, robotics")
    page.get_by_label("Languages you speak besides English").fill("Spanish")
    # Enter in a field goes forward (Next), never Back.
    page.get_by_label("Languages you speak besides English").press("Enter")

    # Step 8, then Back: the answers of step 7 are still there.
    expect(page.get_by_text("Step 8 of 8")).to_be_visible()
    page.get_by_role("button", name="Back").click()
    expect(page.get_by_label("Skills and expertise topics")).to_have_value("welding, robotics")
    next_step(page)

    # Step 8 reviews every answer under its question, with a way back to its step.
    review = page.get_by_role("region", name="Check your answers")
    expect(review.get_by_text("Skills and expertise topics")).to_be_visible()
    expect(review.get_by_text("welding, robotics")).to_be_visible()
    expect(review.get_by_text("Acme Robotics")).to_be_visible()
    review.get_by_role("button", name="Change Career Pathways").click()
    expect(page.get_by_text("Step 7 of 8")).to_be_visible()
    expect(page.get_by_label("Languages you speak besides English")).to_have_value("Spanish")
    next_step(page)

    # Nothing is chosen for the partner: delivery and distance are their answers.
    expect(page.get_by_role("radio", name="Both in person and virtually")).not_to_be_checked()
    expect(page.get_by_label("How far would you travel to a school?")).to_have_value("")
    page.get_by_role("textbox", name="Choose a password").fill(PASSWORD)
    page.get_by_role("textbox", name="Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_text("Choose how you can meet students.").last).to_be_visible()
    expect(page.get_by_text("Choose how far you would travel to a school.").last).to_be_visible()
    # The honeypot is out of sight and out of the accessibility tree.
    expect(page.get_by_role("textbox", name="Leave this field empty")).to_have_count(0)
    box = page.get_by_label("Leave this field empty").locator("xpath=..").bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1, "clipped out of sight"
    page.get_by_role("radio", name="Both in person and virtually").check()
    page.get_by_label("How far would you travel to a school?").select_option("25")
    page.get_by_role("checkbox", name="After school").check()
    page.get_by_role("textbox", name="Choose a password").fill(PASSWORD)
    page.get_by_role("textbox", name="Password (again)").fill(PASSWORD)
    # Enter submits, not the review's first "Change" button.
    page.get_by_role("textbox", name="Password (again)").press("Enter")

    expect(page.get_by_role("heading", name="Thank you for completing our survey!")).to_be_visible()
    expect(
        page.get_by_text("We are sending an email to maria@acme-robotics.example")
    ).to_be_visible()
    partner = Partner.objects.get(email="maria@acme-robotics.example")
    number = partner.confirmation_number
    assert re.fullmatch(r"PC-[A-Z2-9]{8}", number)
    assert partner.organization.name == "Acme Robotics"
    assert partner.travel_miles == 25

    # The auto reply and the verification link are in the mailbox.
    auto_reply = next(m for m in mailoutbox if number in m.subject)
    assert auto_reply.to == ["maria@acme-robotics.example"]
    assert "10 business days" in auto_reply.body
    notice = next(m for m in mailoutbox if m.subject.startswith("New partner to contact"))
    assert "Maria Gonzalez" in notice.subject
    verification = next(m for m in mailoutbox if "/accounts/confirm-email/" in m.body)
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", verification.body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("You have confirmed maria@acme-robotics.example")).to_be_visible()
    page.get_by_label("Email").fill("maria@acme-robotics.example")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # Signed in on the partner home: edit one answer.
    expect(page.get_by_role("heading", name="Welcome, Maria")).to_be_visible()
    page.get_by_role("link", name="Edit Career Pathways").click()
    page.get_by_label("Skills and expertise topics").fill("welding, robotics, CNC machining")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Career Pathways saved.")).to_be_visible()
    expect(page.get_by_text("welding, robotics, CNC machining")).to_be_visible()
    partner.refresh_from_db()
    assert partner.skills == "welding, robotics, CNC machining"


def test_a_parent_without_an_organization_is_not_asked_for_certifications(page):
    page.goto("/partners/survey/")
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()
    page.get_by_label("First name").fill("Tam")
    page.get_by_label("Last name").fill("Nguyen")
    page.get_by_label("Contact email").fill("tam@example.org")
    page.get_by_role("checkbox", name="Parent").check()
    page.get_by_label("ZIP code").fill("97266")
    next_step(page)
    expect(page.get_by_text("Step 2 of 7")).to_be_visible()
    expect(page.get_by_role("heading", name="Career Awareness", level=1)).to_be_visible()


def test_the_thank_you_page_fits_a_phone_with_a_long_email(phone_page, live_server):
    long_email = "a.very.long.name.of.a.partner.volunteer@an-uncommonly-long-domain-name.example"
    # The thank-you page reads the confirmation from the session, as the survey leaves it.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["survey_confirmation"] = {
        "number": "PC-ABCDEFGH",
        "email": long_email,
        "new_account": True,
    }
    store.save()
    phone_page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )
    phone_page.goto("/partners/survey/thanks/")
    expect(phone_page.get_by_text(long_email)).to_be_visible()
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
