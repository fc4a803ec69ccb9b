"""axe-core finds no WCAG 2.1 A or AA violation on any page of any role, on a phone (375 px)
and a desktop (1280 px) screen: the public pages, every step of the survey (in English and in
Spanish, with and without errors), and the pages of partners, Career Coordinators, procurement
staff and district admins, with the demo data behind them (every request and engagement status,
contracts of every tier, an Expo).

Each role browses in one page of its own, signed in once, and checks each page at both widths.
Left out: the Django admin (Django's own pages, for district admins only), downloads (CSV and
JSON files, no pages), and the survey's rate-limit page."""

import pytest
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, seed_users
from accounts.models import User
from accounts.roles import Role
from compliance.demo import seed_compliance
from compliance.models import Contract
from imports.models import ImportJob
from partners.demo import seed_partners
from partners.forms import SURVEY_FORMS
from partners.models import Certification, Experience, Partner, PartnerRole, Pathway
from requests_app import links
from requests_app.demo import seed_requests
from requests_app.models import Engagement, Request
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.test_accessibility import violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)
PARTNER = "partner@example.org"
COORDINATOR = "coordinator@example.org"
PROCUREMENT = "procurement@example.org"
ADMIN = "admin@example.org"


def seed_demo_data() -> None:
    """What `seed_demo` makes, with fewer partners."""
    with transaction.atomic():
        seed_users()
        seed_partners(count=40)
        seed_requests(User.objects.get(email=COORDINATOR))
        seed_compliance()


def new_page(browser, live_server, *, language: str | None = None):
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    if language:
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    return context.new_page()


def sign_in(page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.locator("[name=login]").fill(email)
    page.locator("[name=password]").fill(password)
    with page.expect_navigation():
        page.locator("form [type=submit]").last.click()
    assert "/accounts/login/" not in page.url, f"{email} could not sign in"


class Checker:
    """Runs axe on the page shown, at each width; collects the violations by page."""

    def __init__(self):
        self.found: dict[str, list[str]] = {}
        self.checked = 0

    def check(self, page, name: str) -> None:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            if problems := violations(page):
                self.found[f"{name} at {width} px"] = problems
        self.checked += 1

    def visit(self, page, urls, *, status: int = 200) -> None:
        for url in urls:
            response = page.goto(url)
            assert response.status == status, f"{url}: {response.status}"
            self.check(page, url)

    def submit_empty(self, page, url: str, button: str) -> None:
        """The form of `url` submitted as it is: its errors shown."""
        page.goto(url)
        with page.expect_navigation():
            page.get_by_role("button", name=button, exact=True).click()
        assert page.locator("[data-error-summary]").count(), f"{url}: no error shown"
        self.check(page, f"{url} with errors")


def walk_the_survey(page, checker: Checker, label: str) -> None:
    """Every step of the survey, the first and last with their errors, then the thank-you
    page (an organization is named, so the certifications step is there too). Fields
    are found by name, buttons by their place: the language may be any."""
    page.goto("/partners/survey/")
    next_button = page.locator("form button.btn-primary[type=submit]")

    def step(name: str) -> None:
        checker.check(page, f"{label} survey: {name}")
        with page.expect_navigation():
            next_button.click()

    def tick(field: str, value) -> None:
        page.locator(f"[name='{field}'][value='{value}']").check()

    step("profile with errors")
    assert page.locator("[data-error-summary]").count()
    page.locator("[name=profile-first_name]").fill("Maria")
    page.locator("[name=profile-last_name]").fill("Gonzalez")
    page.locator("[name=profile-email]").fill(f"maria.{label.lower()}@example.org")
    tick("profile-roles", PartnerRole.objects.get(code="parent").pk)
    page.locator("[name=profile-organization_name]").fill("Rose City Robotics")
    page.locator("[name=profile-zip_code]").fill("97209")
    step("profile")
    tick("certifications-certifications", Certification.objects.get(code="na").pk)
    step("certifications")
    tick("awareness-experiences", Experience.objects.get(code="career_presentations").pk)
    step("career awareness")
    step("career exploration")
    step("career preparation")
    step("other contributions")
    tick("pathways-pathways", Pathway.objects.get(code="health_sciences").pk)
    step("career pathways")
    step("final step with errors")
    assert page.locator("[data-error-summary]").count()
    tick("final-delivery", Partner.Delivery.BOTH)
    page.locator("[name=final-travel_miles]").select_option("25")
    page.locator("[name=final-password1]").fill("robots-in-the-classroom")
    page.locator("[name=final-password2]").fill("robots-in-the-classroom")
    step("final step")
    assert page.url.endswith("/partners/survey/thanks/")
    checker.check(page, f"{label} survey: thank-you page")


def test_every_page_of_every_role_has_no_wcag_violations(browser, live_server):
    seed_demo_data()
    partner = Partner.objects.get(email=PARTNER)
    organization = partner.organization_id
    coordinator = User.objects.get(email=COORDINATOR)
    procurement = User.objects.get(email=PROCUREMENT)
    # One engagement of each status, and an open request with candidates.
    engagements = {e.status: e.pk for e in Engagement.objects.order_by("-pk")}
    assert set(engagements) == set(Engagement.Status.values), "every engagement status"
    # One request of each status, of the coordinator's schools.
    requests = {r.status: r.pk for r in Request.objects.filter(school__coordinators=coordinator)}
    assert set(requests) == set(Request.Status.values), "every request status"
    open_request = requests[Request.Status.OPEN]
    contract = Contract.objects.order_by("-value").first().pk
    job = ImportJob.objects.create(
        kind="contracts",
        filename="contracts.csv",
        status=ImportJob.Status.DONE,
        rows_total=7,
        rows_done=7,
        created=6,
        rejected_count=1,
        rejected=[[6, "value: is required"]],
        created_by=procurement,
    )
    checker = Checker()

    # Visitors: the public pages, the links in emails, and the whole survey.
    page = new_page(browser, live_server)
    checker.visit(
        page,
        [
            "/",
            "/how-it-works/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/password/reset/",
            f"/requests/link/answer/{links.make_token(engagements['invited'], links.ANSWER)}/",
            f"/requests/link/answer/{links.make_token(engagements['invited'], links.ANSWER)}/?choice=decline",
            "/requests/link/cant-make-it/"
            f"{links.make_token(engagements['scheduled'], links.CANT_MAKE_IT)}/",
            f"/requests/link/confirm/{links.make_token(engagements['scheduled'], links.CONFIRM)}/",
        ],
    )
    checker.visit(page, ["/no-such-page/"], status=404)
    checker.visit(page, ["/requests/link/answer/not-a-valid-token/"], status=410)
    checker.submit_empty(page, "/accounts/login/", "Sign In")
    walk_the_survey(page, checker, "English")
    page.context.close()

    # The same survey in Spanish, from the language cookie (whatever the catalog holds yet).
    page = new_page(browser, live_server, language="es")
    page.goto("/partners/survey/")
    assert page.locator("html").get_attribute("lang") == "es"
    walk_the_survey(page, checker, "Spanish")
    page.context.close()

    # A partner: their home, profile sections, invitations and engagements, offers, the Expo,
    # their organization's report and their data.
    page = new_page(browser, live_server)
    sign_in(page, PARTNER)
    checker.visit(
        page,
        [
            "/partners/",
            *(f"/partners/profile/{section}/" for section in SURVEY_FORMS),
            *(
                f"/requests/engagements/{pk}/"
                for pk in Engagement.objects.filter(partner=partner).values_list("pk", flat=True)
            ),
            "/requests/offers/new/",
            "/expo/register/",
            f"/reports/organizations/{organization}/",
            "/partners/my-data/",
            "/partners/my-data/delete-account/",
            "/accounts/password/change/",
            "/accounts/email/",
            "/accounts/logout/",
        ],
    )
    checker.submit_empty(page, "/requests/offers/new/", "Post the offer")
    checker.submit_empty(page, "/partners/my-data/delete-account/", "Delete my account")
    page.context.close()

    # A partner account without a profile yet.
    newcomer = UserFactory(roles=[Role.PARTNER])
    page = new_page(browser, live_server)
    sign_in(page, newcomer.email, PASSWORD)
    checker.visit(page, ["/partners/"])
    page.context.close()

    # A Career Coordinator: requests in every status, candidates, engagements in every
    # status, offers, new partners, the directory and the dashboard.
    page = new_page(browser, live_server)
    sign_in(page, COORDINATOR)
    checker.visit(
        page,
        [
            "/requests/",
            "/requests/new/",
            *(f"/requests/{pk}/" for pk in requests.values()),
            f"/requests/{open_request}/edit/",
            f"/requests/{open_request}/cancel/",
            f"/requests/{open_request}/candidates/",
            "/requests/engagements/",
            *(f"/requests/engagements/{pk}/" for pk in engagements.values()),
            "/requests/offers/",
            "/partners/queue/",
            f"/partners/{partner.pk}/",
            "/requests/directory/",
            "/requests/directory/?q=health",
            "/reports/district/",
            f"/reports/organizations/{organization}/",
            "/accounts/2fa/",
            "/accounts/2fa/totp/activate/",
        ],
    )
    checker.submit_empty(page, "/requests/new/", "Publish")
    checker.submit_empty(
        page, f"/requests/{open_request}/candidates/", "Invite the selected partners"
    )
    page.context.close()

    # Procurement: compliance, contracts, imports, the report, the Expo.
    page = new_page(browser, live_server)
    sign_in(page, PROCUREMENT)
    checker.visit(
        page,
        [
            "/compliance/",
            "/compliance/contracts/",
            "/compliance/contracts/new/",
            *(
                f"/compliance/contracts/{pk}/"
                for pk in Contract.objects.order_by("pk").values_list("pk", flat=True)
            ),
            f"/compliance/contracts/{contract}/edit/",
            "/compliance/opportunities/new/",
            "/compliance/import/",
            f"/compliance/import/{job.pk}/",
            "/compliance/report/",
            "/expo/registrations/",
            "/compliance/expo-owed/",
            "/requests/directory/",
            f"/partners/{partner.pk}/",
            "/reports/district/",
            f"/reports/organizations/{organization}/",
        ],
    )
    checker.submit_empty(page, "/compliance/contracts/new/", "Save contract")
    checker.submit_empty(page, "/compliance/opportunities/new/", "Record opportunity")
    checker.submit_empty(page, "/compliance/import/", "Import")
    page.context.close()

    # A district admin: their home (the dashboard with the administration links) and the
    # navigation's two menus, open.
    page = new_page(browser, live_server)
    sign_in(page, ADMIN)
    checker.visit(page, ["/me/district/", "/requests/", "/compliance/"])
    page.set_viewport_size({"width": 1280, "height": 800})
    for menu in ("Requests", "Compliance"):
        page.get_by_role("button", name=menu, exact=True).click()
        if problems := violations(page):
            checker.found[f"the {menu} menu open"] = problems
        page.keyboard.press("Escape")
    page.context.close()

    assert checker.checked > 80
    assert checker.found == {}, "\n".join(
        f"{where}:\n  " + "\n  ".join(problems) for where, problems in checker.found.items()
    )


def test_the_progress_page_of_an_import_under_way_has_no_wcag_violations(browser, live_server):
    procurement = UserFactory(roles=[Role.PROCUREMENT])
    job = ImportJob.objects.create(
        kind="contracts",
        filename="big.csv",
        status=ImportJob.Status.RUNNING,
        rows_total=100_000,
        rows_done=50_000,
        created_by=procurement,
    )
    page = new_page(browser, live_server)
    sign_in(page, procurement.email, PASSWORD)
    page.goto(f"/compliance/import/{job.pk}/")
    assert violations(page) == []
