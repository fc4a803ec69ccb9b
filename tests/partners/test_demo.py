"""The demo partners tell one consistent story, whatever day seed_demo runs: nobody was
contacted in the future, a partner still waiting submitted within the 10-business-day
promise, and the demo sign-in (who answers invitations) was contacted."""

from datetime import date, datetime, time
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from partners.dates import add_business_days, is_overdue
from partners.demo import business_days_before, seed_partners
from partners.models import Partner
from partners.selectors import new_partner_queue, queue_rows, recently_contacted_partners

pytestmark = pytest.mark.django_db

# A Monday in November, a Saturday, and a Wednesday in July: the promise runs over weekends.
DAYS = [date(2026, 11, 16), date(2026, 11, 21), date(2026, 7, 8)]


def seeded_on(day: date, count: int = 80) -> datetime:
    """Seed the demo partners as if today were `day` at 9:30 in Portland; return that now."""
    now = timezone.make_aware(datetime.combine(day, time(9, 30)))
    with mock.patch("django.utils.timezone.now", return_value=now):
        seed_partners(count=count)
    return now


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_no_demo_partner_was_contacted_in_the_future_or_before_submitting(day):
    now = seeded_on(day)
    contacted = Partner.objects.exclude(contacted_at=None)
    assert contacted.exists()
    for partner in contacted:
        assert partner.submitted_at < partner.contacted_at < now, partner.email
        assert partner.status != Partner.Status.NEW
    assert not Partner.objects.filter(submitted_at__gt=now).exists()


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_every_new_demo_partner_is_within_the_ten_business_day_promise(day):
    now = seeded_on(day)
    waiting = list(Partner.objects.filter(status=Partner.Status.NEW))
    assert waiting, "the queue has someone to contact"
    assert set(new_partner_queue()) == set(waiting)
    for row in queue_rows(waiting, today=day):
        assert not row.overdue, (row.partner.email, row.submitted_on)
        assert not is_overdue(row.submitted_on, day)
        assert row.submitted_on >= business_days_before(day, 6)
        assert row.deadline >= day
    with mock.patch("django.utils.timezone.now", return_value=now):
        assert recently_contacted_partners().exists(), "someone was contacted this month"


def test_the_demo_sign_in_was_contacted_and_its_home_says_so(client):
    seed_partners(count=80)
    partner = Partner.objects.get(email="partner@example.org")
    assert partner.status == Partner.Status.ACTIVE
    assert partner.contacted_at is not None
    submitted_on = timezone.localtime(partner.submitted_at).date()
    assert timezone.localtime(partner.contacted_at).date() <= add_business_days(submitted_on, 10)
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert dateformat.format(timezone.localtime(partner.contacted_at), "F j, Y") in page
    assert "10 business days" not in page, "no promise to a partner contacted long ago"


def test_business_days_before_skips_weekends():
    monday = date(2026, 11, 16)
    assert business_days_before(monday, 1) == date(2026, 11, 13)  # the Friday before
    assert business_days_before(monday, 5) == date(2026, 11, 9)
    assert business_days_before(date(2026, 11, 21), 1) == date(2026, 11, 20)  # Saturday
    for days in range(1, 15):
        assert add_business_days(business_days_before(monday, days), days) == monday
