"""The keyboard alone (Tab, Shift+Tab, Space, Enter, arrow keys and typing; never the mouse):
a newcomer completes the whole survey and a coordinator invites partners to a request. Every
control reached shows where the focus is, the survey announces its progress on each step, and
errors take the focus to the error summary, which is read out."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from partners.models import Partner
from requests_app.models import Engagement, Request, School
from tests.accounts.factories import PASSWORD, UserFactory
from tests.partners.factories import PartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The focus indicator of the focused element: shown (the browser took the focus to come from
# the keyboard) as a solid ring at least 2 px wide (static/css/app.css), not Bootstrap's faint
# shadow alone.
FOCUS_RING = """el => {
  const style = getComputedStyle(el);
  return el.matches(":focus-visible")
    && style.outlineStyle === "solid" && parseFloat(style.outlineWidth) >= 2;
}"""


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, target, *, key="Tab", limit=80):
    """Press Tab (or Shift+Tab) until `target` has the focus; it must show that it has."""
    for _ in range(limit):
        page.keyboard.press(key)
        if is_focused(target):
            assert target.evaluate(FOCUS_RING), f"no visible focus on {target}"
            return
    raise AssertionError(f"{key} never reached {target}")


def choose_radio(page, radio):
    """Tab into the radio group, arrow down to `radio` (arrows check as they move), and
    Space to check it if Tab landed on it."""
    name = radio.get_attribute("name")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("name => document.activeElement.name === name", name):
            break
    else:
        raise AssertionError(f"Tab never reached the radio group {name}")
    for _ in range(20):
        if is_focused(radio):
            break
        page.keyboard.press("ArrowDown")
    assert radio.evaluate(FOCUS_RING)
    if not radio.is_checked():
        page.keyboard.press("Space")
    expect(radio).to_be_checked()


def choose_option(page, select, label: str):
    """Tab to a select, then arrow down to the option `label`."""
    tab_to(page, select)
    for _ in range(40):
        if select.evaluate("s => s.selectedOptions[0]?.text.trim()") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r} in {select}")


def tick(page, checkbox):
    tab_to(page, checkbox)
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()


def type_into(page, field, text: str):
    tab_to(page, field)
    page.keyboard.type(text)


def press_and_load(page, key: str = "Enter"):
    """Press a key that submits a form or follows a link; wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def step_announced(page, number: int, total: int = 8):
    """A new step puts the focus on its heading, which is described by its progress."""
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_focused()
    expect(heading).to_have_accessible_description(f"Step {number} of {total}")
    expect(page).to_have_title(
        f"Step {number} of {total}: {heading.inner_text()} · Partner Intake Survey · Partner Connect"
    )


def errors_announced(page):
    """The error summary has the focus, and is an alert (read out when it appears)."""
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    assert summary.evaluate(FOCUS_RING)
    assert page.title().startswith("Error: ")
    return summary


def test_a_newcomer_completes_the_whole_survey_with_the_keyboard(page):
    page.goto("/partners/survey/")
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()

    # The first Tab reaches the skip link, shown once focused; Enter moves to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Next with nothing typed: the focus goes to the error summary; its link to the first
    # field moves the focus there.
    next_button = page.get_by_role("button", name="Next")
    tab_to(page, next_button)
    press_and_load(page)
    summary = errors_announced(page)
    expect(summary).to_contain_text("First name: This field is required.")
    first_link = summary.get_by_role("link").first
    tab_to(page, first_link)
    page.keyboard.press("Enter")
    first_name = page.get_by_label("First name")
    expect(first_name).to_be_focused()

    # Step 1: the profile, typed in; a checkbox, a radio group and Shift+Tab.
    page.keyboard.type("Maria")
    type_into(page, page.get_by_label("Last name"), "Gonzalez")
    type_into(page, page.get_by_label("Contact email"), "maria@acme-robotics.example")
    type_into(page, page.get_by_label("Contact phone"), "503-555-0142")
    tab_to(page, first_name, key="Shift+Tab")
    expect(first_name).to_have_value("Maria")
    tick(page, page.get_by_role("checkbox", name="Business/Industry Partner"))
    type_into(page, page.get_by_label("Company/Organization Name"), "Acme Robotics")
    choose_radio(page, page.get_by_role("radio", name="Business/Industry", exact=True))
    type_into(page, page.get_by_label("ZIP code"), "97209")
    tab_to(page, next_button)
    press_and_load(page)

    # Step 2: certifications. Space presses a button too.
    step_announced(page, 2)
    tick(page, page.get_by_role("checkbox", name="N/A"))
    tab_to(page, next_button)
    press_and_load(page, "Space")

    # Steps 3 to 6: the offerings.
    step_announced(page, 3)
    tick(page, page.get_by_role("checkbox", name="Career Presentations"))
    tab_to(page, next_button)
    press_and_load(page)
    step_announced(page, 4)
    tick(page, page.get_by_role("checkbox", name="Job Shadow"))
    tab_to(page, next_button)
    press_and_load(page)
    for number in (5, 6):
        step_announced(page, number)
        tab_to(page, next_button)
        press_and_load(page)

    # Step 7: a pathway is required: its error is announced too, then fixed.
    step_announced(page, 7)
    tab_to(page, next_button)
    press_and_load(page)
    summary = errors_announced(page)
    expect(summary).to_contain_text("Choose at least one pathway")
    tick(page, page.get_by_role("checkbox", name="Industrial and Engineering Systems"))
    type_into(page, page.get_by_label("Skills and expertise topics"), "welding, robotics")
    # Enter in a text field goes to the next step.
    press_and_load(page)

    # Step 8: the review's "Change" buttons, then how to meet students and a password.
    step_announced(page, 8)
    tab_to(page, page.get_by_role("button", name="Change Career Pathways"))
    choose_radio(page, page.get_by_role("radio", name="Both in person and virtually"))
    choose_option(
        page, page.get_by_label("How far would you travel to a school?"), "Up to 25 miles"
    )
    tick(page, page.get_by_role("checkbox", name="After school"))
    type_into(
        page, page.get_by_role("textbox", name="Choose a password"), "robots-in-the-classroom"
    )
    type_into(page, page.get_by_role("textbox", name="Password (again)"), "robots-in-the-classroom")
    submit = page.get_by_role("button", name="Submit")
    tab_to(page, submit)
    press_and_load(page)

    expect(page.get_by_role("heading", name="Thank you for completing our survey!")).to_be_visible()
    partner = Partner.objects.get(email="maria@acme-robotics.example")
    assert partner.organization.name == "Acme Robotics"
    assert partner.travel_miles == 25
    assert partner.skills == "welding, robotics"
    assert {e.name for e in partner.experiences.all()} == {"Career Presentations", "Job Shadow"}


def test_a_coordinator_invites_partners_to_a_new_request_with_the_keyboard(page):
    coordinator = UserFactory(email="chris@pps.example", roles=[Role.COORDINATOR])
    School.objects.get(short_name="Grant HS").coordinators.add(coordinator)
    nadia = PartnerFactory(
        first_name="Nadia",
        last_name="Okafor",
        zip_code="97212",
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        skills="nursing, pediatrics",
    )
    omar = PartnerFactory(
        first_name="Omar",
        last_name="Reyes",
        zip_code="97212",
        experiences=["job_shadow"],
        pathways=["health_sciences"],
    )

    # Sign in.
    page.goto("/accounts/login/")
    type_into(page, page.get_by_label("Email"), coordinator.email)
    type_into(page, page.get_by_role("textbox", name="Password", exact=True), PASSWORD)
    tab_to(page, page.get_by_role("button", name="Sign In"))
    press_and_load(page)
    expect(page.get_by_role("heading", name="Requests", exact=True)).to_be_visible()

    # A new request, published.
    tab_to(page, page.get_by_role("link", name="New request"))
    press_and_load(page)
    type_into(page, page.get_by_label("Title"), "Shadow a pediatric nurse")
    type_into(page, page.get_by_label("Description"), "Two seniors spend a morning with a nurse.")
    choose_option(page, page.get_by_label("Experience wanted"), "Job Shadow (Career Exploration)")
    tick(page, page.get_by_role("checkbox", name="Health Sciences"))
    type_into(page, page.get_by_label("Grade levels"), "12")
    type_into(page, page.get_by_label("Number of students"), "2")
    choose_radio(page, page.get_by_role("radio", name="In person"))
    day = timezone.localdate() + timedelta(days=10)
    # A date field takes its month, day and year typed in (the browser's en-US order).
    type_into(page, page.get_by_label("Date (or first day of the window)"), day.strftime("%m%d%Y"))
    expect(page.get_by_label("Date (or first day of the window)")).to_have_value(day.isoformat())
    tab_to(page, page.get_by_role("button", name="Publish"))
    press_and_load(page)
    expect(page.get_by_text("is open")).to_be_visible()
    request = Request.objects.get(title="Shadow a pediatric nurse")
    assert request.status == Request.Status.OPEN

    # Its candidates: inviting nobody is an error, announced; then tick one and invite.
    tab_to(page, page.get_by_role("link", name="Find candidates"))
    press_and_load(page)
    invite = page.get_by_role("button", name="Invite the selected partners")
    tab_to(page, invite)
    press_and_load(page)
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Tick the partners to invite")
    tick(page, page.get_by_role("checkbox", name="Invite Nadia Okafor"))
    tick(page, page.get_by_role("checkbox", name="Invite Omar Reyes"))
    tab_to(page, invite)
    press_and_load(page, "Space")

    invited = page.get_by_role("alert").filter(has_text="Invited")
    expect(invited).to_contain_text("Nadia Okafor")
    expect(invited).to_contain_text("Omar Reyes")
    engagements = Engagement.objects.filter(request=request)
    assert {e.partner for e in engagements} == {nadia, omar}
    assert {e.status for e in engagements} == {Engagement.Status.INVITED}
