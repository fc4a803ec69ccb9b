"""The staff's engagements list and its CSV, the partner's own CSV, and the requests home's
filters that the district dashboard links to: each filter against hand-made rows, the date
boundaries, who sees what, the CSVs exactly, and a bounded number of queries."""

import csv
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from partners.models import Experience, Pathway, Tier
from requests_app.models import Engagement, Offer, Request, School
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db

LIST = reverse("requests_app:engagements")
PARTNER_CSV = reverse("requests_app:partner_engagements_csv")
HOME = reverse("requests_app:home")
ENGAGEMENT_HEADER = (
    "request,school,partner,organization,status,invited_on,starts_at,delivered_on,"
    "students_reached,volunteer_hours"
)
PARTNER_HEADER = (
    "request_or_offer,school,status,starts_at,delivered_on,students_reached,volunteer_hours"
)


def local(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def listed(client, **params) -> set[int]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return {engagement.pk for engagement in response.context["page"]}


def csv_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content).decode()


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(csv_text(response))))


def downloaded(client, **params) -> list[list[str]]:
    return csv_rows(client.get(LIST, {**params, "format": "csv"}))


@pytest.fixture
def franklin():
    return School.objects.get(short_name="Franklin HS")


@pytest.fixture
def health():
    return Pathway.objects.get(code="health_sciences")


def engagement_at(school, *, pathways=(), experience="job_shadow", **kwargs):
    request = RequestFactory(school=school, experience=Experience.objects.get(code=experience))
    request.pathways.set(pathways)
    return EngagementFactory(request=request, **kwargs)


def offer_engagement(school, coordinator, **kwargs):
    partner = kwargs.pop("partner", None) or PartnerFactory()
    offer = Offer.objects.create(
        partner=partner,
        title="Open house at the clinic",
        description="A tour.",
        experience=Experience.objects.get(code="worksite_tours"),
        offered_on=date(2026, 3, 20),
        capacity=20,
        status=Offer.Status.BOOKED,
    )
    return EngagementFactory(
        request=None,
        offer=offer,
        partner=partner,
        school=school,
        experience=offer.experience,
        coordinator=coordinator,
        **kwargs,
    )


@pytest.fixture
def world(coordinator, grant, franklin, health):
    """Grant's engagements (the coordinator's school) and one at Franklin."""
    clinic = OrganizationFactory(name="Rose City Clinic")
    builders = OrganizationFactory(name="Rose City Builders")
    return {
        "delivered": engagement_at(
            grant,
            pathways=[health],
            partner=PartnerFactory(organization=clinic),
            status=Engagement.Status.DELIVERED,
            starts_at=local(2026, 3, 10, 9),
            delivered_on=date(2026, 3, 10),
            students_reached=25,
            volunteer_hours=Decimal("3.50"),
        ),
        "scheduled": engagement_at(
            grant,
            experience="career_presentations",
            partner=PartnerFactory(organization=builders),
            status=Engagement.Status.SCHEDULED,
            starts_at=local(2026, 3, 12, 10),
        ),
        "offer": offer_engagement(
            grant,
            coordinator,
            status=Engagement.Status.SCHEDULED,
            starts_at=local(2026, 3, 20, 9),
        ),
        "invited": engagement_at(grant, pathways=[health], status=Engagement.Status.INVITED),
        "franklin": engagement_at(
            franklin,
            pathways=[health],
            partner=PartnerFactory(organization=clinic),
            status=Engagement.Status.DELIVERED,
            delivered_on=date(2026, 3, 10),
        ),
    }


def pks(world, *names) -> set[int]:
    return {world[name].pk for name in names}


# Who may open what


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNER, 403),
        (Role.COORDINATOR, 200),
        (Role.PROCUREMENT, 403),
        (Role.DISTRICT_ADMIN, 200),
    ],
)
@pytest.mark.parametrize(
    "url",
    [LIST, LIST + "?format=csv", HOME + "?past_date=1"],
    ids=["engagements", "engagements-csv", "requests-filtered"],
)
def test_who_may_open_the_staff_lists_and_download(client, make_user, role, status, url):
    client.force_login(make_user(role))
    assert client.get(url).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNER, 200),
        (Role.COORDINATOR, 403),
        (Role.PROCUREMENT, 403),
        (Role.DISTRICT_ADMIN, 403),
    ],
)
def test_only_a_partner_downloads_their_engagements(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(PARTNER_CSV).status_code == status


@pytest.mark.parametrize("url", [LIST, LIST + "?format=csv", PARTNER_CSV, HOME + "?past_date=1"])
def test_signed_out_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Scope


def test_a_coordinator_never_sees_or_downloads_another_schools_engagements(
    client, coordinator, world
):
    client.force_login(coordinator)
    mine = pks(world, "delivered", "scheduled", "offer", "invited")
    assert listed(client) == mine
    rows = downloaded(client)
    assert len(rows) == 1 + 4
    assert {row[1] for row in rows[1:]} == {"Grant High School"}
    # Asking for Franklin by id is a 404, on the page and for the CSV.
    franklin = world["franklin"].school
    assert client.get(LIST, {"school": franklin.pk}).status_code == 404
    assert client.get(LIST, {"school": franklin.pk, "format": "csv"}).status_code == 404
    assert client.get(LIST, {"school": 999999}).status_code == 404


def test_a_district_admin_lists_every_school_retired_ones_too(
    client, district_admin_user, world, franklin
):
    School.objects.filter(pk=franklin.pk).update(is_active=False)
    client.force_login(district_admin_user)
    assert listed(client) == pks(world, *world)
    assert listed(client, school=franklin.pk) == pks(world, "franklin")
    assert len(downloaded(client, school=franklin.pk)) == 2


def test_a_coordinator_of_two_schools_narrows_by_school(client, coordinator, world, franklin):
    franklin.coordinators.add(coordinator)
    client.force_login(coordinator)
    assert listed(client) == pks(world, *world)
    assert listed(client, school=franklin.pk) == pks(world, "franklin")
    assert listed(client, school=world["delivered"].school_id) == pks(
        world, "delivered", "scheduled", "offer", "invited"
    )


# Each filter


def test_pathway_filters_on_the_request_or_offer_and_none_means_without_one(
    client, coordinator, world, health
):
    client.force_login(coordinator)
    assert listed(client, pathway=health.pk) == pks(world, "delivered", "invited")
    assert listed(client, pathway="none") == pks(world, "scheduled", "offer")
    other = Pathway.objects.get(code="human_resources")
    assert listed(client, pathway=other.pk) == set()
    # An engagement booked from an offer has the offer's pathways.
    world["offer"].offer.pathways.set([other])
    assert listed(client, pathway=other.pk) == pks(world, "offer")
    assert listed(client, pathway="none") == pks(world, "scheduled")


def test_tier_is_the_tier_of_the_engagements_experience(client, coordinator, world):
    client.force_login(coordinator)
    awareness = Tier.objects.get(code="awareness")
    exploration = Tier.objects.get(code="exploration")
    assert listed(client, tier=awareness.pk) == pks(world, "scheduled", "offer")
    assert listed(client, tier=exploration.pk) == pks(world, "delivered", "invited")


def test_status_and_organization_narrow(client, coordinator, world):
    client.force_login(coordinator)
    assert listed(client, status="scheduled") == pks(world, "scheduled", "offer")
    assert listed(client, status="delivered") == pks(world, "delivered")
    clinic = world["delivered"].organization
    assert listed(client, organization=clinic.pk) == pks(world, "delivered")
    assert listed(client, organization=clinic.pk, status="invited") == set()


def test_filters_combine_and_the_csv_follows_them(client, coordinator, world, health):
    client.force_login(coordinator)
    params = {"pathway": health.pk, "status": "delivered", "from": "2026-03-01"}
    assert listed(client, **params) == pks(world, "delivered")
    rows = downloaded(client, **params)
    assert [row[0] for row in rows[1:]] == [world["delivered"].request.title]


def test_an_organization_named_by_a_link_without_engagements_here_lists_none(
    client, coordinator, world
):
    elsewhere = OrganizationFactory(name="Only at Franklin")
    client.force_login(coordinator)
    response = client.get(LIST, {"organization": elsewhere.pk})
    assert response.status_code == 200
    assert not response.context["filter"].errors
    assert list(response.context["page"]) == []
    assert "Only at Franklin" in response.content.decode()  # shown as the chosen one


def test_an_invalid_filter_shows_the_error_and_selects_nothing(client, coordinator, world):
    client.force_login(coordinator)
    response = client.get(LIST, {"from": "10 March", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a valid date." in page
    assert list(response.context["page"]) == []
    assert "Download CSV" not in page
    assert listed(client, status="nonsense") == set()


# Dates


def test_from_and_to_include_both_days_of_a_delivered_engagements_delivery(
    client, coordinator, grant
):
    made = {
        day: engagement_at(
            grant,
            status=Engagement.Status.DELIVERED,
            delivered_on=date(2026, 6, day),
            # The day of a delivered engagement is its delivery date, not its start.
            starts_at=local(2026, 5, 1),
        ).pk
        for day in (9, 10, 20, 21)
    }
    client.force_login(coordinator)
    assert listed(client, **{"from": "2026-06-10", "to": "2026-06-20"}) == {made[10], made[20]}
    assert listed(client, **{"from": "2026-06-10"}) == {made[10], made[20], made[21]}
    assert listed(client, to="2026-06-10") == {made[9], made[10]}
    assert listed(client, **{"from": "2026-05-01", "to": "2026-05-01"}) == set()


def test_from_and_to_apply_to_the_local_day_an_engagement_is_scheduled_for(
    client, coordinator, grant
):
    def scheduled(moment):
        return engagement_at(grant, status=Engagement.Status.SCHEDULED, starts_at=moment).pk

    before = scheduled(local(2026, 6, 9, 23, 59))
    first = scheduled(local(2026, 6, 10, 0, 0))
    last = scheduled(local(2026, 6, 20, 23, 59))  # 06:59 UTC on June 21
    after = scheduled(local(2026, 6, 21, 0, 0))
    unscheduled = engagement_at(grant, status=Engagement.Status.ACCEPTED).pk
    client.force_login(coordinator)
    assert listed(client, **{"from": "2026-06-10", "to": "2026-06-20"}) == {first, last}
    assert listed(client) == {before, first, last, after, unscheduled}
    assert unscheduled not in listed(client, to="2030-01-01")
    rows = downloaded(client, **{"from": "2026-06-10", "to": "2026-06-20"})
    assert [row[6] for row in rows[1:]] == ["2026-06-20T23:59-07:00", "2026-06-10T00:00-07:00"]


# The CSV


def test_the_engagements_csv_has_the_header_and_rows_exactly(client, coordinator, grant):
    partner = PartnerFactory(
        first_name="Ada", last_name="Lovelace", organization=OrganizationFactory(name="Clinic")
    )
    request = RequestFactory(school=grant, title="Hospital job shadow")
    EngagementFactory(
        request=request,
        partner=partner,
        status=Engagement.Status.DELIVERED,
        invited_at=local(2026, 3, 1, 9),
        starts_at=local(2026, 3, 10, 9),
        delivered_on=date(2026, 3, 10),
        students_reached=25,
        volunteer_hours=Decimal("3.50"),
    )
    EngagementFactory(
        request=RequestFactory(school=grant, title="Mock interviews"),
        partner=PartnerFactory(first_name="Bo", last_name="Ng", organization=None),
        invited_at=local(2026, 1, 15, 23, 30),  # 07:30 UTC on January 16
    )
    client.force_login(coordinator)
    response = client.get(LIST, {"format": "csv"})
    assert response["Content-Disposition"] == (
        f'attachment; filename="engagements-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    assert csv_text(response) == (
        f"{ENGAGEMENT_HEADER}\r\n"
        "Mock interviews,Grant High School,Bo Ng,,invited,2026-01-15,,,,\r\n"
        "Hospital job shadow,Grant High School,Ada Lovelace,Clinic,delivered,2026-03-01,"
        "2026-03-10T09:00-07:00,2026-03-10,25,3.50\r\n"
    )


def test_a_formula_in_a_cell_is_neutralised(client, coordinator, grant):
    partner = PartnerFactory(first_name="=cmd|' /C calc'!A0", last_name="")
    engagement = EngagementFactory(
        request=RequestFactory(school=grant, title='=HYPERLINK("http://evil.example","x")'),
        partner=partner,
    )
    client.force_login(coordinator)
    rows = downloaded(client)
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][2] == "'=cmd|' /C calc'!A0"
    client.force_login(partner.user)
    rows = csv_rows(client.get(PARTNER_CSV))
    assert rows[1][0] == "'" + engagement.request.title


def test_the_list_offers_the_csv_of_its_filters_and_the_home_links_to_it(
    client, coordinator, world
):
    client.force_login(coordinator)
    home = client.get(HOME).content.decode()
    assert f'href="{LIST}">Engagements</a>' in home
    page = client.get(LIST, {"status": "scheduled", "page": "1"}).content.decode()
    assert 'href="?status=scheduled&amp;format=csv" download>Download CSV</a>' in page
    assert "2 engagements found." in page
    for name in ("school", "pathway", "tier", "status", "organization", "from", "to"):
        label = re.search(rf'<label\s+for="id_{name}"[^>]*>\s*([^<]+?)\s*</label>', page)
        assert label and label.group(1) == ("To" if name == "to" else name.capitalize())
    assert len(re.findall(r'<option value=""( selected)?>Any</option>', page)) == 5


# Queries


@pytest.mark.parametrize("count", [5, 60])
def test_the_list_costs_a_fixed_number_of_queries(
    client, district_admin_user, grant, count, django_assert_max_num_queries
):
    for _ in range(count):
        engagement_at(
            grant,
            partner=PartnerFactory(organization=OrganizationFactory()),
            status=Engagement.Status.SCHEDULED,
            starts_at=local(2026, 6, 10),
        )
    client.force_login(district_admin_user)
    with django_assert_max_num_queries(13):
        response = client.get(LIST, {"school": grant.pk, "status": "scheduled", "to": "2026-07-01"})
    assert response.status_code == 200
    assert len(response.context["page"]) == min(count, 50)


def test_the_list_and_the_csv_cost_as_many_queries_for_5_rows_as_for_60(client, coordinator, grant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost(url, params, *, stream=False):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
            if stream:
                b"".join(response.streaming_content)
        return len(queries)

    def make(count):
        for _ in range(count):
            engagement_at(
                grant,
                partner=PartnerFactory(organization=OrganizationFactory()),
            )

    client.force_login(coordinator)
    make(5)
    few = (cost(LIST, {}), cost(LIST, {"format": "csv"}, stream=True))
    make(55)
    many = (cost(LIST, {}), cost(LIST, {"format": "csv"}, stream=True))
    assert few == many
    assert len(downloaded(client)) == 1 + 60


# The partner's own CSV


def test_a_partner_downloads_only_their_own_engagements_and_hours(client, coordinator, grant):
    partner = PartnerFactory()
    delivered = EngagementFactory(
        request=RequestFactory(school=grant, title="Welding job shadow"),
        partner=partner,
        status=Engagement.Status.DELIVERED,
        starts_at=local(2026, 2, 3, 13),
        delivered_on=date(2026, 2, 3),
        students_reached=12,
        volunteer_hours=Decimal("2.00"),
    )
    offer_engagement(
        grant,
        coordinator,
        partner=partner,
        status=Engagement.Status.SCHEDULED,
        starts_at=local(2026, 3, 20, 9),
    )
    EngagementFactory(request=RequestFactory(school=grant, title="Someone else's"))
    client.force_login(partner.user)
    response = client.get(PARTNER_CSV)
    assert response["Content-Disposition"] == 'attachment; filename="my-engagements.csv"'
    assert csv_text(response) == (
        f"{PARTNER_HEADER}\r\n"
        "Open house at the clinic,Grant High School,scheduled,2026-03-20T09:00-07:00,,,\r\n"
        "Welding job shadow,Grant High School,delivered,2026-02-03T13:00-08:00,2026-02-03,"
        "12,2.00\r\n"
    )
    assert delivered.partner == partner


def test_a_partner_without_engagements_downloads_the_header_alone(client, partner_user):
    client.force_login(partner_user)
    assert csv_text(client.get(PARTNER_CSV)) == f"{PARTNER_HEADER}\r\n"


def test_the_partner_home_links_to_the_download(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert f'href="{PARTNER_CSV}" download>Download your engagements and hours (CSV)</a>' in page


def test_the_partner_csv_costs_as_many_queries_for_many_rows(
    client, grant, django_assert_max_num_queries
):
    partner = PartnerFactory()
    for _ in range(3):
        EngagementFactory(request=RequestFactory(school=grant), partner=partner)
    client.force_login(partner.user)
    with django_assert_max_num_queries(8) as few:
        csv_text(client.get(PARTNER_CSV))
    for _ in range(20):
        EngagementFactory(request=RequestFactory(school=grant), partner=partner)
    with django_assert_max_num_queries(8) as many:
        assert csv_text(client.get(PARTNER_CSV)).count("\r\n") == 1 + 23
    assert len(few) == len(many)


# The requests home's filters


@pytest.fixture
def requests_world(coordinator, grant, franklin, health):
    today = timezone.localdate()
    made = {
        "past": RequestFactory(school=grant, starts_on=today - timedelta(days=5)),
        "window_open": RequestFactory(
            school=grant,
            starts_on=today - timedelta(days=5),
            ends_on=today + timedelta(days=2),
        ),
        "window_past": RequestFactory(
            school=grant,
            starts_on=today - timedelta(days=9),
            ends_on=today - timedelta(days=1),
        ),
        "today": RequestFactory(school=grant, starts_on=today),
        "filled_past": RequestFactory(
            school=grant, starts_on=today - timedelta(days=5), status=Request.Status.FILLED
        ),
        "franklin_past": RequestFactory(school=franklin, starts_on=today - timedelta(days=5)),
    }
    made["past"].pathways.set([health])
    made["filled_past"].pathways.set([health])
    return made


def home_listed(client, **params) -> set[int]:
    response = client.get(HOME, params)
    assert response.status_code == 200
    (tab,) = response.context["tabs"]
    return {item.pk for item in tab[2]}


def test_past_date_lists_the_open_requests_whose_date_has_passed(
    client, coordinator, requests_world
):
    client.force_login(coordinator)
    assert home_listed(client, past_date=1) == {
        requests_world["past"].pk,
        requests_world["window_past"].pk,
    }


def test_school_and_pathway_filter_the_requests_home(
    client, coordinator, requests_world, franklin, health
):
    franklin.coordinators.add(coordinator)
    client.force_login(coordinator)
    assert home_listed(client, school=franklin.pk) == {requests_world["franklin_past"].pk}
    assert home_listed(client, pathway=health.pk) == {
        requests_world["past"].pk,
        requests_world["filled_past"].pk,
    }
    assert home_listed(client, pathway=health.pk, status="open") == {requests_world["past"].pk}
    assert requests_world["today"].pk in home_listed(client, pathway="none")


def test_a_school_outside_the_coordinators_is_a_404_on_the_requests_home(
    client, coordinator, franklin
):
    client.force_login(coordinator)
    assert client.get(HOME, {"school": franklin.pk}).status_code == 404


def test_opened_from_and_to_include_both_local_days(client, coordinator, grant):
    def opened(moment):
        made = RequestFactory(school=grant)
        Request.objects.filter(pk=made.pk).update(created_at=moment)
        return made.pk

    opened(local(2026, 1, 31, 23, 59))
    first = opened(local(2026, 2, 1, 0, 0))
    last = opened(local(2026, 2, 28, 23, 59))
    opened(local(2026, 3, 1, 0, 0))
    client.force_login(coordinator)
    window = {"opened_from": "2026-02-01", "opened_to": "2026-02-28"}
    assert home_listed(client, **window) == {first, last}
    assert first in home_listed(client, opened_to="2026-02-01")
    assert last not in home_listed(client, opened_to="2026-02-01")


def test_the_filtered_home_says_what_is_filtered_and_clears(
    client, coordinator, requests_world, grant, health
):
    client.force_login(coordinator)
    page = client.get(
        HOME,
        {
            "status": "open",
            "school": grant.pk,
            "pathway": health.pk,
            "past_date": "1",
            "opened_from": "2026-01-01",
        },
    ).content.decode()
    assert (
        "Requests: open, at Grant HS, in the Health Sciences pathway, still open past their "
        "date, opened on or after January 1, 2026"
    ) in page
    assert f'<a href="{HOME}">Clear filters</a>' in page
    # Without a filter besides status, the home keeps its status view.
    page = client.get(HOME, {"status": "open"}).content.decode()
    assert "Clear filters" not in page
    assert "All statuses" in page


@pytest.mark.parametrize("count", [5, 40])
def test_the_filtered_requests_home_costs_a_fixed_number_of_queries(
    client, coordinator, grant, health, count, django_assert_max_num_queries
):
    for _ in range(count):
        made = RequestFactory(school=grant, starts_on=timezone.localdate() - timedelta(days=3))
        made.pathways.set([health])
        EngagementFactory(request=made)
    client.force_login(coordinator)
    with django_assert_max_num_queries(11):
        response = client.get(HOME, {"past_date": "1", "pathway": health.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_a_district_admin_opens_an_engagement_at_a_retired_school(client, district_admin_user):
    engagement = EngagementFactory()
    School.objects.filter(pk=engagement.school_id).update(is_active=False)
    client.force_login(district_admin_user)
    url = reverse("requests_app:engagement_detail", args=[engagement.pk])
    assert client.get(url).status_code == 200
