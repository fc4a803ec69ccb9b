"""The partner directory's filters against a plain reference on random partners, and the
distance box that narrows "near a school"."""

import random

import pytest
from django.urls import reverse

from partners.models import Certification, Experience, Partner, Pathway, Tier
from requests_app.models import School
from requests_app.selectors import miles_box
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.test_matching_fast import ZIP_CODES, _miles

pytestmark = pytest.mark.django_db

WORDS = ["welding", "Nursing", "cad", "law", "robotics"]


@pytest.fixture
def directory_world():
    rng = random.Random(11)
    experiences = list(Experience.objects.values_list("code", flat=True))
    pathways = list(Pathway.objects.exclude(is_exclusive=True).values_list("code", flat=True))
    organizations = [OrganizationFactory(name=f"{word.title()} Works") for word in WORDS[:3]]
    organizations[0].certifications.set(Certification.objects.filter(code="mbe"))
    for number in range(70):
        PartnerFactory(
            last_name=rng.choice(["Diaz", "Nguyen", "Smith"]),
            first_name=f"P{number}",
            job_title=rng.choice(["", "Law clerk", "Nurse"]),
            organization=rng.choice([None, *organizations]),
            zip_code=rng.choice(ZIP_CODES),
            experiences=rng.sample(experiences, rng.randint(1, 3)),
            pathways=rng.sample(pathways, rng.randint(1, 2)),
            skills=", ".join(rng.sample(WORDS, rng.randint(0, 2))),
            delivery=rng.choice(list(Partner.Delivery)),
            status=rng.choice([Partner.Status.ACTIVE] * 4 + [Partner.Status.INACTIVE]),
        )
    return rng


def reference(params: dict) -> list[Partner]:
    partners = Partner.objects.exclude(status=Partner.Status.INACTIVE).select_related(
        "organization"
    )
    found = []
    for partner in partners.prefetch_related("experiences", "pathways"):
        text = " ".join(
            [
                partner.first_name,
                partner.last_name,
                partner.organization.name if partner.organization else "",
                partner.job_title,
                partner.skills,
            ]
        ).lower()
        if any(word not in text for word in params.get("q", "").lower().split()):
            continue
        experiences = list(partner.experiences.all())
        if "pathway" in params and params["pathway"] not in [p.pk for p in partner.pathways.all()]:
            continue
        if "experience" in params and params["experience"] not in [e.pk for e in experiences]:
            continue
        if "tier" in params and params["tier"] not in [e.tier_id for e in experiences]:
            continue
        if "certification" in params and not (
            partner.organization
            and partner.organization.certifications.filter(pk=params["certification"]).exists()
        ):
            continue
        found.append(partner)
    if "near_school" in params:
        school = School.objects.get(pk=params["near_school"])
        found = [p for p in found if p.latitude is not None]
        for partner in found:
            partner.miles = _miles(partner, school)
        found = [p for p in found if p.miles <= params.get("within", 10_000)]
        return sorted(found, key=lambda p: (round(p.miles, 9), p.last_name, p.pk))
    return sorted(found, key=lambda p: (p.last_name, p.first_name, p.pk))


def test_the_directory_finds_what_a_plain_filter_finds(client, coordinator_user, directory_world):
    rng = directory_world
    client.force_login(coordinator_user)
    grant = School.objects.get(short_name="Grant HS")
    choices = {
        "q": lambda: " ".join(rng.sample(WORDS, rng.randint(1, 2))),
        "pathway": lambda: rng.choice(list(Pathway.objects.values_list("pk", flat=True))),
        "experience": lambda: rng.choice(list(Experience.objects.values_list("pk", flat=True))),
        "tier": lambda: rng.choice(list(Tier.objects.values_list("pk", flat=True))),
        "certification": lambda: Certification.objects.get(code="mbe").pk,
        "near_school": lambda: grant.pk,
    }
    for _ in range(30):
        params = {name: make() for name, make in rng.sample(sorted(choices.items()), 2)}
        if "near_school" in params and rng.random() < 0.7:
            params["within"] = rng.choice([5, 10, 25])
        page = client.get(reverse("requests_app:directory"), params).context["page"]
        expected = reference(params)
        assert page.paginator.count == len(expected), params
        assert [p.pk for p in page] == [p.pk for p in expected[:25]], params


def test_the_box_holds_every_place_within_the_distance():
    rng = random.Random(3)
    for _ in range(2000):
        latitude, longitude = rng.uniform(41.9, 49.0), rng.uniform(-124.6, -116.4)
        miles = rng.choice([5, 10, 25, 50])
        box = miles_box(latitude, longitude, miles)
        bounds = dict(box.children)
        # A point on the circle due north, due east and at the widest latitude.
        assert bounds["latitude__gte"] < latitude - miles / 69.09 < latitude
        assert bounds["latitude__lte"] > latitude + miles / 69.09
        assert bounds["longitude__lte"] - longitude > 0
        school = type("Place", (), {"latitude": latitude, "longitude": longitude})
        for _ in range(5):
            point_lat = rng.uniform(bounds["latitude__gte"] - 1, bounds["latitude__lte"] + 1)
            point_lon = rng.uniform(bounds["longitude__gte"] - 1, bounds["longitude__lte"] + 1)
            point = type("Place", (), {"latitude": point_lat, "longitude": point_lon})
            if _miles(point, school) <= miles:
                assert bounds["latitude__gte"] <= point_lat <= bounds["latitude__lte"]
                assert bounds["longitude__gte"] <= point_lon <= bounds["longitude__lte"]


def test_a_long_directory_counts_up_to_a_cap_and_says_so(
    client, coordinator_user, directory_world, monkeypatch
):
    monkeypatch.setattr("requests_app.selectors.DIRECTORY_COUNT_CAP", 10)
    client.force_login(coordinator_user)
    response = client.get(reverse("requests_app:directory"))
    assert response.context["page"].paginator.count == 11
    assert "More than 10 partners found: add a filter to narrow them." in response.text


def test_every_page_sorted_by_distance_is_the_plain_order(
    client, coordinator_user, directory_world, django_assert_max_num_queries
):
    client.force_login(coordinator_user)
    grant = School.objects.get(short_name="Grant HS")
    expected = reference({"near_school": grant.pk})
    for number in (1, 2):
        with django_assert_max_num_queries(30):  # a fixed number of circles is probed
            response = client.get(
                reverse("requests_app:directory"), {"near_school": grant.pk, "page": number}
            )
        page = response.context["page"]
        assert [p.pk for p in page] == [p.pk for p in expected[(number - 1) * 25 : number * 25]]


def test_the_directory_filters_by_status_as_the_dashboard_links_it(client, coordinator_user):
    PartnerFactory(first_name="Ada", last_name="Active", status=Partner.Status.ACTIVE)
    PartnerFactory(first_name="Nia", last_name="Newcomer", status=Partner.Status.NEW)
    client.force_login(coordinator_user)
    page = client.get(reverse("requests_app:directory") + "?status=active").content.decode()
    assert "Active" in page and "Ada" in page
    assert "Newcomer" not in page
