"""Two organizations racing for the last booth on PostgreSQL: exactly one gets it.

The edition's row is locked (SELECT ... FOR UPDATE) while booths are counted; the test slows
the count down so that, without the lock, both transactions would count one free booth.
"""

import os
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from expo import services
from expo.models import Registration
from expo.selectors import expo_booths_taken
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _require_postgresql():
    if connection.vendor != "postgresql":
        reason = "the booth race needs PostgreSQL row locks (set DATABASE_URL)"
        if os.environ.get("PARTNERCONNECT_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)


def test_two_organizations_racing_for_the_last_booth_cannot_both_get_it(monkeypatch):
    edition = ExpoEditionFactory(booth_capacity=3)
    for _ in range(2):
        RegistrationFactory(edition=edition)
    racers = [OrganizationFactory(name="Racer A"), OrganizationFactory(name="Racer B")]

    def slow_count(edition):
        taken = expo_booths_taken(edition)
        time.sleep(0.5)  # both would see one free booth without the lock
        return taken

    monkeypatch.setattr(services, "expo_booths_taken", slow_count)
    start = threading.Barrier(len(racers))
    outcomes = {}

    def register(organization):
        try:
            start.wait()
            services.expo_register(
                edition=edition,
                organization=organization,
                kind="exhibitor",
                notify=False,
                enforce_deadline=False,
            )
            outcomes[organization.name] = "registered"
        except ValidationError as error:
            outcomes[organization.name] = error.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(org,)) for org in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes.values()) == [
        "No exhibitor booth is left at the Expo 2024; register as a sponsor.",
        "registered",
    ]
    assert Registration.objects.filter(edition=edition, kind="exhibitor").count() == 3
