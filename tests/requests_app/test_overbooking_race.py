"""Two partners accept the last place of a request at the same moment, in two concurrent
transactions on PostgreSQL: exactly one gets it."""

import os
import threading
import time

import pytest
from django.db import connection, connections

from requests_app import services
from requests_app.models import Engagement, Request
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _require_postgresql():
    if connection.vendor != "postgresql":
        reason = "the race needs PostgreSQL's row locks (set DATABASE_URL)"
        if os.environ.get("PARTNERCONNECT_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(autouse=True)
def _slow_count(monkeypatch):
    """Widen the window between counting the accepted partners and committing, so that
    without the row lock both transactions would count the same free place."""
    count = services.request_taken_count

    def slow(request):
        taken = count(request)
        time.sleep(0.3)
        return taken

    monkeypatch.setattr(services, "request_taken_count", slow)


def race(engagements) -> list[str]:
    barrier = threading.Barrier(len(engagements))
    outcomes = []

    def answer(engagement):
        try:
            barrier.wait()
            services.engagement_answer(engagement=engagement, accept=True)
            outcomes.append("accepted")
        except services.RequestFilled:
            outcomes.append("filled")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(engagement,)) for engagement in engagements]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.parametrize("attempt", range(5))
def test_simultaneous_accepts_never_overbook_a_request(attempt):
    request = RequestFactory(partners_wanted=1)
    engagements = [EngagementFactory(request=request) for _ in range(2)]
    assert race(engagements) == ["accepted", "filled"]
    assert request.engagements.filter(status=Engagement.Status.ACCEPTED).count() == 1
    request.refresh_from_db()
    assert request.status == Request.Status.FILLED


def test_three_racing_for_two_places():
    request = RequestFactory(partners_wanted=2)
    engagements = [EngagementFactory(request=request) for _ in range(3)]
    assert race(engagements) == ["accepted", "accepted", "filled"]
    assert request.engagements.filter(status=Engagement.Status.ACCEPTED).count() == 2
