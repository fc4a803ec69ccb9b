"""The Content Security Policy in a real browser: the survey, a partner's home, a district
admin's pages and the Django admin load and work without a single violation."""

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Records every violation the browser reports, from the first script of each document on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Violations:
    """What the browser refused on `page`: its securitypolicyviolation events and console
    messages, across navigations."""

    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def check(self) -> None:
        """Assert none on the current document (and none logged so far)."""
        events = self.page.evaluate("window.__cspViolations || []")
        assert events == [], f"{self.page.url}: {events}"
        assert self.console == [], self.console

    def forget(self) -> None:
        """Drop what was reported so far (a page another test checks)."""
        self.console.clear()


def test_the_survey_loads_and_suggests_organizations_without_a_violation(page):
    violations = Violations(page)
    OrganizationFactory(name="Rose City Builders")
    page.goto("/partners/survey/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert "default-src 'self'" in page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    violations.check()
    # The organization field asks the server for suggestions (fetch, same origin).
    with page.expect_response(lambda response: "/organizations/suggest/" in response.url):
        page.get_by_label("Company/Organization Name").fill("Rose")
    violations.check()
    page.get_by_label("Company/Organization Name").fill("")
    page.get_by_role("button", name="Next").click()  # the error summary takes focus
    expect(page.get_by_role("alert").first).to_be_visible()
    violations.check()


def test_a_partner_home_and_its_menus_load_without_a_violation(phone_page):
    page = phone_page
    violations = Violations(page)
    partner = PartnerFactory(
        organization=OrganizationFactory(name="Rose City Builders"), first_name="Rosa"
    )
    EngagementFactory(partner=partner, request__title="Welding job shadow")
    sign_in(page, partner.user.email)
    expect(page.get_by_role("heading", name="Welcome, Rosa")).to_be_visible()
    violations.check()
    # Bootstrap's collapsed navigation and dropdown (styles set by script, not inline).
    page.get_by_role("button", name="Toggle navigation").click()
    page.get_by_role("button", name="Signed in as").click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    violations.check()


def test_a_district_admin_home_loads_without_a_violation(page):
    violations = Violations(page)
    sign_in(page, UserFactory(roles=[Role.DISTRICT_ADMIN]).email)
    page.goto("/me/home/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    violations.check()


def test_the_django_admin_loads_without_a_violation(page):
    """The admin's inline scripts and styles are allowed there, and only there."""
    violations = Violations(page)
    sign_in(page, UserFactory(roles=[Role.DISTRICT_ADMIN]).email)
    violations.forget()  # the district home: the test above
    for path in ("/admin/", "/admin/accounts/user/", "/admin/django_celery_beat/periodictask/"):
        page.goto(path)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        violations.check()
