"""axe-core (from npm) checks the main pages of every role against WCAG 2.1 A and AA rules."""

from pathlib import Path

import pytest

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.partners.factories import PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    # Evaluated through the DevTools protocol: the page's Content Security Policy (no inline
    # script) rightly refuses an injected <script>, not this.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize(
    "url", ["/", "/how-it-works/", "/accounts/login/", "/accounts/signup/", "/partners/survey/"]
)
def test_public_pages_have_no_wcag_violations(page, url):
    page.goto(url)
    assert violations(page) == []


def test_survey_step_with_errors_has_no_wcag_violations(page):
    page.goto("/partners/survey/")
    page.get_by_role("button", name="Next").click()
    assert violations(page) == []


def test_pages_of_each_role_have_no_wcag_violations(page):
    partner = PartnerFactory()
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    request = RequestFactory(created_by=coordinator)
    request.school.coordinators.add(coordinator)
    EngagementFactory(request=request, partner=partner)
    procurement = UserFactory(roles=[Role.PROCUREMENT])
    checked = {
        partner.user.email: ["/partners/", "/requests/offers/new/"],
        coordinator.email: [
            "/requests/",
            "/requests/new/",
            f"/requests/{request.pk}/",
            f"/requests/{request.pk}/candidates/",
            "/requests/directory/",
            "/partners/queue/",
        ],
        procurement.email: [
            "/compliance/",
            "/compliance/contracts/",
            "/compliance/report/",
            "/compliance/import/",
        ],
    }
    found = {}
    for email, urls in checked.items():
        page.context.clear_cookies()
        sign_in(page, email)
        for url in urls:
            page.goto(url)
            if problems := violations(page):
                found[url] = problems
    assert found == {}
