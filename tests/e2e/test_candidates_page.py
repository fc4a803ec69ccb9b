"""The candidates page as a coordinator reads it on a phone and on a desktop: the score
explained, names that open the partner's page, checkboxes in one column past row 9,
"email not verified" candidates without a checkbox, and a button that says how many it
invites."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from requests_app.models import Engagement, School
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in
from tests.partners.factories import PartnerFactory
from tests.requests_app.factories import RequestFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAST_NAMES = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Ford", "Garcia", "Hill", "Ito"]


def sign_in_to_requests(page, email):
    sign_in(page, email)
    expect(page.get_by_role("heading", name="Requests", exact=True)).to_be_visible()


@pytest.fixture
def candidates_world():
    coordinator = UserFactory(email="chris@pps.example", roles=[Role.COORDINATOR])
    grant = School.objects.get(short_name="Grant HS")
    grant.coordinators.add(coordinator)
    request = RequestFactory(
        school=grant, created_by=coordinator, partners_wanted=2, title="Nurse shadow"
    )
    # Twelve candidates (rows 10 to 12 have two-digit ranks); the nearest has not verified
    # their email.
    unverified = PartnerFactory(
        user=UserFactory(roles=[Role.PARTNER], verified=False),
        first_name="Uma",
        last_name="Unverified",
        zip_code="97212",
    )
    partners = [
        PartnerFactory(first_name=f"Pat{number}", last_name=LAST_NAMES[number % 9])
        for number in range(11)
    ]
    return request, unverified, partners


@pytest.mark.parametrize("fixture", ["page", "phone_page"])
def test_the_candidates_page_reads_well_at_every_width(request, candidates_world, fixture):
    page = request.getfixturevalue(fixture)
    item, unverified, partners = candidates_world
    sign_in_to_requests(page, "chris@pps.example")
    page.goto(f"/requests/{item.pk}/candidates/")
    expect(page.get_by_role("heading", name="Candidates for “Nurse shadow”")).to_be_visible()

    # The score is explained.
    page.get_by_text("What the score means").click()
    expect(page.get_by_text("A candidate’s score is the sum of the points")).to_be_visible()

    rows = page.get_by_role("list", name="Candidates, best first").get_by_role("listitem")
    expect(rows).to_have_count(12)

    # The unverified candidate is listed, marked, and cannot be ticked.
    first = rows.first
    expect(first).to_contain_text("Uma Unverified")
    expect(first).to_contain_text("email not verified")
    expect(first.get_by_role("checkbox")).to_have_count(0)

    # Every other row has its checkbox, all in one column whatever the rank's width.
    boxes = page.get_by_role("checkbox")
    expect(boxes).to_have_count(11)
    lefts = {round(boxes.nth(index).bounding_box()["x"], 1) for index in range(11)}
    assert len(lefts) == 1, lefts
    expect(page.get_by_role("checkbox", name=f"Invite {partners[0]}")).to_be_visible()

    # The button says how many it invites: the 2 the request wants, skipping Uma.
    expect(page.get_by_text("skipping Uma Unverified (email not verified)")).to_be_visible()
    page.get_by_role("button", name="Invite the top 2 candidates").click()
    expect(page.get_by_text("Uma Unverified cannot be invited yet")).to_be_visible()
    expect(page.get_by_text("Waiting for 2 answers.")).to_be_visible()
    expect(page.get_by_text("has not answered yet")).to_have_count(0)
    invited = set(item.engagements.values_list("partner_id", flat=True))
    assert len(invited) == 2 and unverified.pk not in invited
    assert item.engagements.filter(status=Engagement.Status.INVITED).count() == 2


def test_a_candidates_name_opens_their_page(page, candidates_world):
    item, _, partners = candidates_world
    sign_in_to_requests(page, "chris@pps.example")
    page.goto(f"/requests/{item.pk}/candidates/")
    name = str(partners[3])
    page.get_by_role("link", name=name, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/partners/{partners[3].pk}/$"))
    expect(page.get_by_role("heading", name=name)).to_be_visible()
