"""Fixtures shared by every test: users per role, the outbox as the email backend."""

import os

import pytest
from django.core.cache import cache
from django.utils import translation

from accounts.roles import Role
from tests.accounts.factories import UserFactory
from tests.support.reference_data import restore_reference_data

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests and the live server around it are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _outbox_email_backend(settings):
    """Django's test runner swaps EMAIL_BACKEND for locmem; put the outbox back in front.

    Emails then go through the same path as in production: stored in the outbox, then
    delivered by the (in-process) task to the locmem backend, i.e. `mailoutbox`.
    """
    settings.EMAIL_BACKEND = "notifications.backends.OutboxBackend"


@pytest.fixture(autouse=True)
def _english_after_each_test():
    """The test client runs each request in the test's thread, and LocaleMiddleware leaves
    the request's language active there: a Spanish page would make the next test Spanish."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits count in the cache; every test starts with none spent."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests start after a flush: put the migrations' seeded rows back."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        restore_reference_data()


@pytest.fixture
def beat_installed(db):
    """The schedule as beat writes it into the database when it starts
    (partnerconnect/schedule.py, through django-celery-beat's DatabaseScheduler)."""
    from tests.support.beat import beat_start

    beat_start()


@pytest.fixture
def make_user(db):
    def make(role: Role | None = None, **kwargs):
        return UserFactory(roles=[role] if role else [], **kwargs)

    return make


@pytest.fixture
def partner_user(make_user):
    return make_user(Role.PARTNER)


@pytest.fixture
def coordinator_user(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def procurement_user(make_user):
    return make_user(Role.PROCUREMENT)


@pytest.fixture
def district_admin_user(make_user):
    return make_user(Role.DISTRICT_ADMIN)
