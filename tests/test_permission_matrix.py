"""Every URL of the site times every role: the status each one gets, in one table (the pattern
of pretix's src/tests/control/test_permissions.py).

The URLs come from the resolver, so a new URL without a row in MATRIX fails
`test_every_url_has_a_row`. Each row fills the URL's parameters with real ids: the objects of
the user's own school, organization or account, and those of another school, organization or
partner, which must answer 404 (an object outside the user's scope is not found, style.md).

The roles: a partner (a plain member of organization A, whose engagement and offer are used),
another partner (a member of organization B), organization A's staff-confirmed admin, the
Career Coordinator of school A, the coordinator of school B, procurement and a District Admin.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.roles import Role
from imports.models import ImportJob
from requests_app import links
from requests_app.models import Offer, School
from tests.compliance.factories import ContractFactory
from tests.expo.factories import ExpoEditionFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
PARTNER = "partner"
OTHER_PARTNER = "other_partner"
ORGANIZATION_ADMIN = "organization_admin"
COORDINATOR = "coordinator"
OTHER_COORDINATOR = "other_coordinator"
PROCUREMENT = "procurement"
DISTRICT_ADMIN = "district_admin"
ROLES = (
    ANONYMOUS,
    PARTNER,
    OTHER_PARTNER,
    ORGANIZATION_ADMIN,
    COORDINATOR,
    OTHER_COORDINATOR,
    PROCUREMENT,
    DISTRICT_ADMIN,
)
PARTNERS = (PARTNER, OTHER_PARTNER, ORGANIZATION_ADMIN)
COORDINATORS = (COORDINATOR, OTHER_COORDINATOR, DISTRICT_ADMIN)  # a District Admin coordinates
PROCUREMENT_STAFF = (PROCUREMENT, DISTRICT_ADMIN)  # ... and does procurement's work

# Not in the table, by prefix of the path:
EXCLUDED_PREFIXES = (
    # The Django admin: tests/accounts/test_district_admin.py checks it page by page.
    "admin/",
    # allauth's own pages (sign in, sign up, password, email, two-factor): allauth tests them;
    # they answer everyone and refuse nothing by role.
    "accounts/",
)


def everyone(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def only(status: int, *roles: str, **others: int) -> dict[str, int]:
    """`status` for `roles`; 403 for every other signed-in role and a redirect to sign in
    (302) for the anonymous visitor, unless `others` says otherwise for a role."""
    expected = dict.fromkeys(ROLES, 403)
    expected[ANONYMOUS] = 302
    expected.update(dict.fromkeys(roles, status))
    unknown = set(others) - set(ROLES)
    assert not unknown, unknown
    expected.update(others)
    return expected


@dataclass(frozen=True)
class Case:
    """One request: its method, the URL's parameters (values, or names of World objects
    whose pk is used) and the status each role gets."""

    method: str
    expected: dict[str, int]
    kwargs: dict[str, str] = field(default_factory=dict)
    query: str = ""


def get(expected, *, query: str = "", **kwargs) -> Case:
    return Case("GET", expected, kwargs, query)


def post(expected, **kwargs) -> Case:
    return Case("POST", expected, kwargs)


def post_only(expected, **kwargs) -> list[Case]:
    """A view that takes POST only: a GET is 405 for everyone, before any role check."""
    return [Case("GET", everyone(405), kwargs), Case("POST", expected, kwargs)]


# Route (the resolver's pattern, as written in the urls.py files) → its cases.
MATRIX: dict[str, list[Case]] = {
    # Public pages
    "": [get(everyone(200))],
    "how-it-works/": [get(everyone(200))],
    "healthz": [get(everyone(200)), post(everyone(405))],
    # Accounts: the landing redirect by role
    "me/home/": [get(everyone(302))],
    "me/district/": [get(only(302, DISTRICT_ADMIN))],  # to the district dashboard
    # Partners
    "partners/": [get(only(200, *PARTNERS))],
    "partners/survey/": [get(everyone(200))],
    "language/": post_only(everyone(302)),
    "partners/survey/thanks/": [get(everyone(302))],  # nothing submitted: back to the survey
    "partners/organizations/suggest/": [get(everyone(200)), post(everyone(405))],
    "partners/profile/<slug:section>/": [
        get(only(200, *PARTNERS), section="profile"),
        get(only(404, *PARTNERS), section="no-such-section"),
    ],
    "partners/queue/": [get(only(200, *COORDINATORS))],
    # A partner's own data: what the product holds about them, its downloads, deleting it
    "partners/my-data/": [get(only(200, *PARTNERS))],
    "partners/my-data/download.json": [get(only(200, *PARTNERS))],
    "partners/my-data/download.csv": [get(only(200, *PARTNERS))],
    "partners/my-data/delete-account/": [
        get(only(200, *PARTNERS)),
        post(only(200, *PARTNERS)),  # without the password: the form again, nothing deleted
    ],
    "partners/<int:pk>/": [
        get(only(200, *COORDINATORS, PROCUREMENT), pk="partner"),
        get(only(404, *COORDINATORS, PROCUREMENT), pk="missing"),
    ],
    "partners/<int:pk>/contacted/": post_only(only(302, *COORDINATORS), pk="partner"),
    # Requests: a coordinator's school's, or another school's (404)
    "requests/": [get(only(200, *COORDINATORS))],
    "requests/new/": [get(only(200, *COORDINATORS))],
    "requests/<int:pk>/": [
        get(only(200, COORDINATOR, DISTRICT_ADMIN, other_coordinator=404), pk="request_a"),
        get(only(200, OTHER_COORDINATOR, DISTRICT_ADMIN, coordinator=404), pk="request_b"),
    ],
    "requests/<int:pk>/edit/": [
        get(only(200, COORDINATOR, DISTRICT_ADMIN, other_coordinator=404), pk="request_a"),
        get(only(200, OTHER_COORDINATOR, DISTRICT_ADMIN, coordinator=404), pk="request_b"),
    ],
    "requests/<int:pk>/publish/": [
        *post_only(only(302, COORDINATOR, DISTRICT_ADMIN, other_coordinator=404), pk="request_a"),
        post(only(302, OTHER_COORDINATOR, DISTRICT_ADMIN, coordinator=404), pk="request_b"),
    ],
    "requests/<int:pk>/cancel/": [
        get(only(200, COORDINATOR, DISTRICT_ADMIN, other_coordinator=404), pk="request_a"),
        get(only(200, OTHER_COORDINATOR, DISTRICT_ADMIN, coordinator=404), pk="request_b"),
    ],
    "requests/<int:pk>/candidates/": [
        get(only(200, COORDINATOR, DISTRICT_ADMIN, other_coordinator=404), pk="request_a"),
        get(only(200, OTHER_COORDINATOR, DISTRICT_ADMIN, coordinator=404), pk="request_b"),
    ],
    "requests/<int:pk>/invite/": [
        *post_only(only(302, COORDINATOR, DISTRICT_ADMIN, other_coordinator=404), pk="request_a"),
        post(only(302, OTHER_COORDINATOR, DISTRICT_ADMIN, coordinator=404), pk="request_b"),
    ],
    "requests/directory/": [get(only(200, *COORDINATORS, PROCUREMENT))],
    # Engagements: the partner's own and their school's coordinator's; anyone else's is 404
    "requests/engagements/": [
        get(only(200, *COORDINATORS)),
        get(only(200, *COORDINATORS), query="format=csv"),
    ],
    "requests/my-engagements.csv": [get(only(200, *PARTNERS))],
    "requests/engagements/<int:pk>/": [
        get(
            only(
                200,
                PARTNER,
                COORDINATOR,
                DISTRICT_ADMIN,
                other_partner=404,
                organization_admin=404,
                other_coordinator=404,
            ),
            pk="engagement_a",
        ),
        get(
            only(
                200,
                OTHER_PARTNER,
                OTHER_COORDINATOR,
                DISTRICT_ADMIN,
                partner=404,
                organization_admin=404,
                coordinator=404,
            ),
            pk="engagement_b",
        ),
    ],
    "requests/engagements/<int:pk>/<slug:action>/": [
        # Delivery confirmed with an empty form: the engagement page again, with its errors
        *post_only(
            only(
                200,
                PARTNER,
                COORDINATOR,
                DISTRICT_ADMIN,
                other_partner=404,
                organization_admin=404,
                other_coordinator=404,
            ),
            pk="engagement_a",
            action="deliver",
        ),
        post(
            only(
                200,
                OTHER_PARTNER,
                OTHER_COORDINATOR,
                DISTRICT_ADMIN,
                partner=404,
                organization_admin=404,
                coordinator=404,
            ),
            pk="engagement_b",
            action="deliver",
        ),
        # An action the user may not take on their own engagement is not found either.
        post(
            only(
                404,
                PARTNER,
                COORDINATOR,
                DISTRICT_ADMIN,
                other_partner=404,
                other_coordinator=404,
                organization_admin=404,
            ),
            pk="engagement_a",
            action="no-such-action",
        ),
    ],
    # One-time links from emails: the signed token is the permission, whoever follows it
    "requests/link/<slug:action>/<str:token>/": [
        get(everyone(200), action=links.ANSWER, token="token_a"),
        get(everyone(410), action=links.ANSWER, token="tampered_token"),
        get(everyone(410), action=links.CONFIRM, token="token_a"),  # signed for another action
        get(everyone(404), action="no-such-action", token="token_a"),
    ],
    # Offers: partners post their own; coordinators book any open one
    "requests/offers/": [get(only(200, *COORDINATORS))],
    "requests/offers/new/": [get(only(200, *PARTNERS))],
    "requests/offers/<int:pk>/withdraw/": [
        *post_only(only(302, PARTNER, other_partner=404, organization_admin=404), pk="offer_a"),
        post(only(302, OTHER_PARTNER, partner=404, organization_admin=404), pk="offer_b"),
    ],
    "requests/offers/<int:pk>/book/": post_only(only(302, *COORDINATORS), pk="offer_a"),
    # Compliance: procurement's
    "compliance/": [get(only(200, *PROCUREMENT_STAFF))],
    "compliance/contracts/": [get(only(200, *PROCUREMENT_STAFF))],
    "compliance/contracts/new/": [get(only(200, *PROCUREMENT_STAFF))],
    "compliance/contracts/<int:pk>/": [
        get(only(200, *PROCUREMENT_STAFF), pk="contract"),
        get(only(404, *PROCUREMENT_STAFF), pk="missing"),
    ],
    "compliance/contracts/<int:pk>/edit/": [
        get(only(200, *PROCUREMENT_STAFF), pk="contract"),
        get(only(404, *PROCUREMENT_STAFF), pk="missing"),
    ],
    "compliance/opportunities/new/": [get(only(200, *PROCUREMENT_STAFF))],
    "compliance/import/": [get(only(200, *PROCUREMENT_STAFF))],
    # An import's progress: the person who uploaded it only
    "compliance/import/<int:pk>/": [
        get(only(200, PROCUREMENT, district_admin=404), pk="import_by_procurement"),
        get(only(200, DISTRICT_ADMIN, procurement=404), pk="import_by_district_admin"),
    ],
    "compliance/report/": [get(only(200, *PROCUREMENT_STAFF))],
    "compliance/report/download/": [get(only(200, *PROCUREMENT_STAFF))],
    # The Expo: an organization's confirmed admin registers it; procurement follows up
    "expo/register/": [get(only(200, ORGANIZATION_ADMIN))],
    "expo/registrations/": [get(only(200, *PROCUREMENT_STAFF))],
    "expo/registrations/download/": [get(only(200, *PROCUREMENT_STAFF))],
    "compliance/expo-owed/": [get(only(200, *PROCUREMENT_STAFF))],
    "compliance/expo-owed/download/": [get(only(200, *PROCUREMENT_STAFF))],
    # Reports: an organization's for its confirmed admin and district staff; the dashboard
    "reports/organizations/<int:pk>/": [
        get(
            only(
                200,
                ORGANIZATION_ADMIN,
                *COORDINATORS,
                PROCUREMENT,
                partner=404,
                other_partner=404,
            ),
            pk="organization_a",
        ),
        get(
            only(
                200,
                ORGANIZATION_ADMIN,
                *COORDINATORS,
                PROCUREMENT,
                partner=404,
                other_partner=404,
            ),
            pk="organization_a",
            query="format=csv",
        ),
        get(
            only(
                200,
                *COORDINATORS,
                PROCUREMENT,
                partner=404,
                other_partner=404,
                organization_admin=404,
            ),
            pk="organization_b",
        ),
    ],
    "reports/district/": [get(only(200, *COORDINATORS, PROCUREMENT))],
}


@dataclass(frozen=True)
class Route:
    route: str  # the pattern, as written in the urls.py files
    name: str  # with its namespaces, for reverse()
    namespace: str
    view_module: str


def discovered_routes(patterns=None, prefix: str = "", namespace: str = ""):
    """Every URL the resolver knows, recursively through the includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from discovered_routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            name = ":".join(filter(None, [namespace, pattern.name]))
            yield Route(route, name, namespace, pattern.lookup_str.rsplit(".", 1)[0])


def routes_to_check() -> dict[str, str]:
    """Route → URL name of every URL in the table's scope."""
    return {
        found.route: found.name
        for found in discovered_routes()
        if not found.route.startswith(EXCLUDED_PREFIXES)
    }


def test_every_url_has_a_row():
    routes = set(routes_to_check())
    missing = sorted(routes - set(MATRIX))
    assert not missing, f"URLs without a row in MATRIX: {missing}"
    stale = sorted(set(MATRIX) - routes)
    assert not stale, f"rows of MATRIX for URLs that no longer exist: {stale}"


def test_only_the_admin_and_allauth_are_left_out():
    """What the prefixes leave out is the admin site's and allauth's own views: a page of the
    project's put under /accounts/ would still need its row."""
    excluded = [found for found in discovered_routes() if found.route.startswith(EXCLUDED_PREFIXES)]
    assert excluded
    for found in excluded:
        if found.route.startswith("admin/"):
            assert found.namespace == "admin", found
        else:
            assert found.view_module.startswith("allauth."), found


@dataclass
class World:
    users: dict[str, object]
    objects: dict[str, object]

    def value(self, key: str):
        found = self.objects.get(key, key)
        return getattr(found, "pk", found)


@pytest.fixture
def world(make_user) -> World:
    school_a = School.objects.get(short_name="Grant HS")
    school_b = School.objects.get(short_name="Benson HS")
    coordinator = make_user(Role.COORDINATOR)
    school_a.coordinators.add(coordinator)
    other_coordinator = make_user(Role.COORDINATOR)
    school_b.coordinators.add(other_coordinator)
    procurement = make_user(Role.PROCUREMENT)
    district_admin = make_user(Role.DISTRICT_ADMIN)

    organization_a = OrganizationFactory(name="Organization A")
    organization_b = OrganizationFactory(name="Organization B")
    partner = PartnerFactory(organization=organization_a)
    organization_admin = PartnerFactory(organization=organization_a, is_organization_admin=True)
    other_partner = PartnerFactory(organization=organization_b)

    request_a = RequestFactory(school=school_a, created_by=coordinator)
    request_b = RequestFactory(school=school_b, created_by=other_coordinator)
    engagement_a = EngagementFactory(request=request_a, partner=partner)
    engagement_b = EngagementFactory(request=request_b, partner=other_partner)
    offers = {
        name: Offer.objects.create(
            partner=owner,
            title=f"Offer of {owner}",
            description="A tour of the workshop.",
            experience=engagement_a.experience,
            offered_on=timezone.localdate() + timedelta(days=30),
            capacity=10,
        )
        for name, owner in (("offer_a", partner), ("offer_b", other_partner))
    }
    today = timezone.localdate()
    ExpoEditionFactory(
        date=today + timedelta(days=90), registration_deadline=today + timedelta(days=40)
    )
    token = links.make_token(engagement_a.pk, links.ANSWER)
    return World(
        users={
            ANONYMOUS: None,
            PARTNER: partner.user,
            OTHER_PARTNER: other_partner.user,
            ORGANIZATION_ADMIN: organization_admin.user,
            COORDINATOR: coordinator,
            OTHER_COORDINATOR: other_coordinator,
            PROCUREMENT: procurement,
            DISTRICT_ADMIN: district_admin,
        },
        objects={
            "partner": other_partner,
            "request_a": request_a,
            "request_b": request_b,
            "engagement_a": engagement_a,
            "engagement_b": engagement_b,
            **offers,
            "contract": ContractFactory(contractor=organization_b),
            "import_by_procurement": ImportJob.objects.create(
                kind="contracts", filename="contracts.csv", created_by=procurement
            ),
            "import_by_district_admin": ImportJob.objects.create(
                kind="contracts", filename="contracts.csv", created_by=district_admin
            ),
            "organization_a": organization_a,
            "organization_b": organization_b,
            "token_a": token,
            "tampered_token": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
            "missing": 10**9,  # no such row
        },
    )


def status_of(client: Client, case: Case, url: str) -> int:
    """The status of one request, whose writes are rolled back: each cell starts from the
    same data. A server error is a status (500) here, not an exception."""
    with transaction.atomic():
        response = client.generic(case.method, url)
        transaction.set_rollback(True)
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_url(world, role):
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    names = routes_to_check()
    wrong = []
    for route, cases in MATRIX.items():
        for case in cases:
            kwargs = {key: world.value(value) for key, value in case.kwargs.items()}
            url = reverse(names[route], kwargs=kwargs) + (f"?{case.query}" if case.query else "")
            status = status_of(client, case, url)
            if status != case.expected[role]:
                wrong.append(f"{case.method} {url}: {status}, expected {case.expected[role]}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
