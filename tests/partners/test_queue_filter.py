"""The new-partner queue's `?overdue=1`, which the district dashboard links to: only the
partners past the 10-business-day promise, said in the heading."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("partners:queue")
TODAY = date(2026, 1, 20)  # a Tuesday


def local(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def queue(today):
    """Submitted on Monday January 5 (10 business days: the 19th) the promise is broken on
    the 20th; on Tuesday January 6 it is due on the 20th itself."""
    return {
        "overdue": PartnerFactory(first_name="Olga", submitted_at=local(2026, 1, 5, 23, 59)),
        "due_today": PartnerFactory(first_name="Dana", submitted_at=local(2026, 1, 6, 0, 0)),
        "older": PartnerFactory(first_name="Omar", submitted_at=local(2025, 12, 1)),
        "contacted": PartnerFactory(
            first_name="Cleo",
            submitted_at=local(2025, 12, 1),
            contacted_at=local(2025, 12, 2),
        ),
    }


def test_overdue_shows_only_the_partners_past_the_promise_and_says_so(client, make_user, queue):
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(QUEUE, {"overdue": "1"})
    assert response.status_code == 200
    assert [row.partner for row in response.context["rows"]] == [
        queue["older"],
        queue["overdue"],
    ]
    assert all(row.overdue for row in response.context["rows"])
    page = response.content.decode()
    assert "<h1>New partners past the 10-business-day promise</h1>" in page
    assert f'<a href="{QUEUE}">Show every new partner to contact</a>' in page


def test_without_the_filter_the_queue_lists_every_partner_to_contact(client, make_user, queue):
    client.force_login(make_user(Role.DISTRICT_ADMIN))
    response = client.get(QUEUE)
    assert [row.partner for row in response.context["rows"]] == [
        queue["older"],
        queue["overdue"],
        queue["due_today"],
    ]
    page = response.content.decode()
    assert "<h1>New partners to contact</h1>" in page
    assert f'<a href="{QUEUE}?overdue=1">Show only the overdue</a>' in page


def test_any_other_value_is_the_whole_queue(client, make_user, queue):
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(QUEUE, {"overdue": "yes"})
    assert len(response.context["rows"]) == 3


def test_when_no_one_is_overdue_the_filter_says_so(client, make_user, today):
    PartnerFactory(submitted_at=local(2026, 1, 19))
    client.force_login(make_user(Role.COORDINATOR))
    response = client.get(QUEUE, {"overdue": "1"})
    assert response.context["rows"] == []
    assert "No new partner is past the promise." in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNER, 403),
        (Role.COORDINATOR, 200),
        (Role.PROCUREMENT, 403),
        (Role.DISTRICT_ADMIN, 200),
    ],
)
def test_who_may_open_the_overdue_queue(client, make_user, role, status):
    client.force_login(make_user(role))
    assert client.get(QUEUE, {"overdue": "1"}).status_code == status


def test_the_overdue_queue_pages_and_keeps_its_filter(
    client, make_user, today, django_assert_max_num_queries
):
    organization = OrganizationFactory()
    PartnerFactory.create_batch(30, organization=organization, submitted_at=local(2025, 12, 1))
    PartnerFactory.create_batch(3, organization=organization, submitted_at=local(2026, 1, 19))
    client.force_login(make_user(Role.DISTRICT_ADMIN))
    with django_assert_max_num_queries(12):
        response = client.get(QUEUE, {"overdue": "1"})
    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.count == 30
    assert 'href="?overdue=1&amp;page=2">Next</a>' in response.content.decode()
    second = client.get(QUEUE, {"overdue": "1", "page": "2"})
    assert len(second.context["rows"]) == 5
