"""Layout at phone to desktop widths: no page scrolls sideways, the navigation stays on one
line per link and Sign out is always in reach; a form's errors are summed up on top."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.partners.factories import PartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 992, 1280, 1440]
# Every 40 px from the narrowest phone to a wide desktop, and each breakpoint's edges.
SWEEP = sorted({*range(320, 1921, 40), 575, 576, 767, 768, 991, 992, 1199, 1200, 1399, 1400})

# Long enough to crowd the bar, as real district addresses do.
EMAIL = "firstname.lastname-with-a-long-name@district-schools.example.org"

PAGES = {
    Role.PARTNER: ["partners:home", "requests_app:offer_create"],
    Role.COORDINATOR: [
        "requests_app:home",
        "requests_app:directory",
        "requests_app:offers",
        "partners:queue",
    ],
    Role.PROCUREMENT: [
        "compliance:home",
        "compliance:contract_list",
        "compliance:report",
        "expo:registrations",
    ],
    Role.DISTRICT_ADMIN: [
        "accounts:district_home",
        "requests_app:home",
        "compliance:home",
        "compliance:contract_list",
    ],
}

# The nav links whose text takes more than one line (only the ones on screen).
WRAPPED_NAV_LINKS = """() => [...document.querySelectorAll(
    "[aria-label='Main navigation'] :is(.nav-link, .dropdown-item)")]
  .filter((link) => link.getClientRects().length > 0)
  .filter((link) => {
    const style = getComputedStyle(link);
    const text = link.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return text > 1.5 * parseFloat(style.lineHeight);
  })
  .map((link) => link.textContent.trim())"""

SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"


def signed_in_as(page, role):
    if role == Role.PARTNER:
        user = PartnerFactory(user=UserFactory(email=EMAIL, roles=[role])).user
    else:
        user = UserFactory(email=EMAIL, roles=[role])
    sign_in(page, user.email)
    return user


def open_menu(page):
    """Opens the collapsed navigation, as a user taps the toggler; nothing if it is expanded."""
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible():
        toggler.click()
        menu = page.locator("#" + toggler.get_attribute("aria-controls"))
        expect(menu).to_have_class(re.compile(r"\bshow\b"))  # opened, not still sliding


def check_layout(page, where):
    assert page.evaluate(SIDEWAYS) <= 0, f"{where} scrolls sideways"
    assert page.evaluate(WRAPPED_NAV_LINKS) == [], f"{where}: nav links wrap"


@pytest.mark.parametrize("role", list(PAGES), ids=[role.value for role in PAGES])
def test_no_page_scrolls_sideways_and_sign_out_is_in_reach(page, role):
    signed_in_as(page, role)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        for name in PAGES[role]:
            page.goto(reverse(name))
            check_layout(page, f"{name} at {width} px")
            open_menu(page)
            check_layout(page, f"{name} at {width} px, menu open")
            expect(page.get_by_role("link", name="Sign out")).to_be_visible()
        # The account menu: the password, and the full email however long.
        page.get_by_role("button", name=f"Signed in as {EMAIL}").click()
        expect(page.get_by_role("link", name="Change password")).to_be_visible()
        expect(page.locator(".account-menu").get_by_text(EMAIL)).to_be_visible()
        check_layout(page, f"{name} at {width} px, account menu open")


@pytest.mark.parametrize("role", [*PAGES, None], ids=[*(role.value for role in PAGES), "anonymous"])
def test_the_navigation_fits_at_every_width(page, role):
    if role:
        signed_in_as(page, role)
    page.goto(reverse(PAGES[role][0]) if role else "/")
    for width in SWEEP:
        page.set_viewport_size({"width": width, "height": 800})
        check_layout(page, f"{width} px")
        # Collapsed, the menu laid open must fit as well.
        page.evaluate("document.getElementById('main-nav').classList.add('show')")
        check_layout(page, f"{width} px, menu open")
        page.evaluate("document.getElementById('main-nav').classList.remove('show')")


def test_a_district_admin_has_one_menu_per_role(page):
    signed_in_as(page, Role.DISTRICT_ADMIN)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("accounts:district_home"))
    page.get_by_role("button", name="Compliance").click()
    expect(page.get_by_role("link", name="Contracts", exact=True)).to_be_visible()
    page.get_by_role("button", name="Requests").click()
    page.get_by_role("link", name="Directory").click()
    expect(page).to_have_url(reverse("requests_app:directory"))


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROCUREMENT])
def test_coordinators_and_procurement_find_the_directory_in_the_navigation(page, role):
    signed_in_as(page, role)
    page.goto(reverse(PAGES[role][0]))
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Directory"
    ).click()
    expect(page.get_by_role("heading", name="Partner directory", level=1)).to_be_visible()


def fill_profile(page, zip_code):
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Gonzalez")
    page.get_by_label("Contact email").fill("maria@example.org")
    page.get_by_role("checkbox", name="PPS Parent").check()
    page.get_by_label("ZIP code").fill(zip_code)
    page.get_by_role("button", name="Next").click()


def test_a_survey_error_on_a_phone_is_summed_up_on_screen_and_links_to_its_field(phone_page):
    page = phone_page
    page.goto(reverse("partners:survey"))
    fill_profile(page, zip_code="9720")

    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page).to_have_title(re.compile(r"^Error: Step 1 of \d+"))
    assert page.evaluate(SIDEWAYS) <= 0

    summary.get_by_role("link", name="ZIP code: Enter a 5-digit US ZIP code").click()
    zip_code = page.get_by_label("ZIP code")
    expect(zip_code).to_be_focused()
    expect(zip_code).to_be_in_viewport()

    zip_code.fill("97209")
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text(re.compile(r"^Step 2 of \d+$"))).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text="There is a problem")).to_have_count(0)


def test_a_checkbox_groups_error_links_to_its_first_checkbox(phone_page):
    page = phone_page
    page.goto(reverse("partners:survey"))
    page.get_by_role("button", name="Next").click()
    summary = page.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="What is your role?").click()
    first_role = page.get_by_role("group", name="What is your role?").get_by_role("checkbox").first
    expect(first_role).to_be_focused()
