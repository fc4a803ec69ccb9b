"""Faults and abuse a deployment meets: NUL bytes in requests, a flood of error emails, many
sign-in failures behind the TLS proxy, Redis or the broker unreachable, the database down.

Faults are simulated in-process (a closed local port, a cursor that raises): no shared
service is stopped. This module is also the URLconf of the tests that need failing views.
"""

import json
import logging
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.core.mail import EmailMessage
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.urls import get_resolver, include, path, reverse
from kombu import pools as kombu_pools
from post_office.models import STATUS, Email

from accounts.roles import Role
from notifications import tasks
from notifications.backends import OutboxBackend
from notifications.services import email_queue
from partnerconnect import cache as failover_cache
from partnerconnect.celery import app as celery_app
from partnerconnect.middleware import NUL_MESSAGE
from partnerconnect.settings.base import redis_cache
from partnerconnect.views import server_error
from requests_app.models import School
from tests.accounts.factories import PASSWORD
from tests.partners.factories import PartnerFactory
from tests.requests_app.factories import RequestFactory
from tests.test_deploy import clean_env, compose_app_environment

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]
CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once
TOO_MANY = "Too many failed login attempts"


# Views that fail, and the URLconf of the tests marked `urls(__name__)`.


def database_down(request):
    raise OperationalError('connection to server at "db" (172.18.0.2), port 5432 failed')


def bug(request):
    raise ValueError("a bug in a view")


def another_bug(request):
    raise KeyError("another bug")


urlpatterns = [
    path("database-down/", database_down),
    path("bug/", bug),
    path("another-bug/", another_bug),
    path("", include("partnerconnect.urls")),
]
handler500 = "partnerconnect.views.server_error"


@contextmanager
def database_unreachable():
    """Every query raises, as when PostgreSQL is down (the connection object stays usable
    for the test's own transaction once the block ends)."""
    error = OperationalError("server closed the connection unexpectedly")
    with (
        mock.patch.object(CursorWrapper, "execute", side_effect=error),
        mock.patch.object(CursorWrapper, "executemany", side_effect=error),
    ):
        yield


def sign_in(client, email, password=PASSWORD, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **headers)


# 1. NUL bytes


def test_a_nul_byte_in_the_suggestion_query_is_a_400_with_a_clear_message(client):
    for query in ("\x00", "Ac\x00me"):  # the second reached PostgreSQL, which refused it: a 500
        response = client.get(
            reverse("partners:organization_suggest"), {"q": query}, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 400
        assert response.json() == {"error": NUL_MESSAGE}


def test_a_nul_byte_in_a_query_parameter_of_a_page_is_a_400_page(client, coordinator_user):
    client.force_login(coordinator_user)
    response = client.get(reverse("requests_app:directory"), {"q": "Acme\x00"})
    assert response.status_code == 400
    assert "character that is not allowed (NUL)" in response.content.decode()


def test_a_nul_byte_in_a_form_field_is_refused_before_the_view(client, partner_user):
    response = sign_in(client, partner_user.email, password="correct\x00horse")
    assert response.status_code == 400
    assert str(NUL_MESSAGE) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_text_without_nul_bytes_goes_through(client):
    response = client.get(
        reverse("partners:organization_suggest"), {"q": "Acme"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"names": []}


# 1. Error emails are throttled per error


def error_emails():
    return Email.objects.filter(subject__contains="ERROR")


@pytest.mark.urls(__name__)
def test_error_emails_are_limited_per_error_and_period(client, settings):
    settings.ADMINS = [("District admin", "admin@example.org")]
    settings.ERROR_EMAIL_LIMIT = 3
    client.raise_request_exception = False
    for _ in range(6):
        assert client.get("/bug/").status_code == 500
    assert error_emails().count() == 3
    assert all(email.to == ["admin@example.org"] for email in error_emails())
    # Another error has its own allowance.
    assert client.get("/another-bug/").status_code == 500
    assert error_emails().count() == 4
    assert error_emails().latest("pk").subject.endswith("/another-bug/")


@pytest.mark.urls(__name__)
def test_error_emails_go_out_when_the_throttle_cannot_count(client, settings):
    settings.ADMINS = [("District admin", "admin@example.org")]
    settings.ERROR_EMAIL_LIMIT = 1
    client.raise_request_exception = False
    with mock.patch("partnerconnect.logging.cache.incr", side_effect=ConnectionError("down")):
        for _ in range(3):
            client.get("/bug/")
    assert error_emails().count() == 3


# 2. Sign-in rate limits behind the TLS proxy


def production_setting(name: str):
    """A setting as the compose file's web service loads it (.env.example, production)."""
    env = {**clean_env(), **compose_app_environment()}
    env["DJANGO_SECRET_KEY"] = "k3y-Zq8v!p2W@r7x#N5m$L1c%T9b^H4d&J6f*G0s(Y8u)E2a_R5o+V7i=Q3w"
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps(getattr(settings, {name!r}, None)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_failed_sign_ins_from_one_client_do_not_block_another_behind_the_proxy(
    client, settings, make_user
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = production_setting("ALLAUTH_TRUSTED_PROXY_COUNT")
    assert settings.ALLAUTH_TRUSTED_PROXY_COUNT == 1
    proxy = {"REMOTE_ADDR": "172.18.0.5"}  # every request reaches gunicorn from the proxy
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    visitor = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.23"}
    for n in range(10):
        response = sign_in(client, f"guess{n}@example.org", "wrong-password", **attacker)
        assert "_auth_user_id" not in client.session
    # The attacker's address has used its ten attempts a minute...
    response = sign_in(client, "guess10@example.org", "wrong-password", **attacker)
    assert TOO_MANY in response.content.decode()

    # ...another visitor's, behind the same proxy, has not.
    user = make_user(Role.COORDINATOR)
    response = sign_in(client, user.email, **visitor)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


# 4. Redis unreachable: the cache fails open


@pytest.fixture
def redis_unreachable(settings):
    failover_cache._retry_at.clear()
    settings.CACHES = {"default": redis_cache(CLOSED_PORT)}
    yield
    failover_cache._retry_at.clear()


def test_sign_in_works_with_redis_unreachable_and_a_warning_is_logged(
    client, redis_unreachable, coordinator_user, caplog
):
    caplog.set_level(logging.WARNING, logger="partnerconnect.cache")
    started = time.monotonic()
    response = sign_in(client, coordinator_user.email)
    assert time.monotonic() - started < 5
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator_user.pk)
    warnings = [r.getMessage() for r in caplog.records if r.name == "partnerconnect.cache"]
    assert len(warnings) == 1, "one warning per outage, not one per cache call"
    assert "127.0.0.1:1" in warnings[0] and "unreachable" in warnings[0]


def test_rate_limits_still_count_in_the_fallback_while_redis_is_unreachable(
    client, redis_unreachable, coordinator_user
):
    for _ in range(5):
        sign_in(client, coordinator_user.email, "wrong-password")
    # allauth's limit per account (5 failures in 5 minutes) holds in the local fallback.
    response = sign_in(client, coordinator_user.email)
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


# 4. The broker unreachable: queuing emails never waits for it


def forget_broker_connections():
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()  # kombu's own registry of producer pools keeps the closed ones


@pytest.fixture
def broker_unreachable():
    previous = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url = CLOSED_PORT
    celery_app.conf.task_always_eager = False
    forget_broker_connections()
    tasks.outbox_broker_forget_failures()
    yield
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    forget_broker_connections()
    tasks.outbox_broker_forget_failures()


def test_inviting_twenty_partners_with_the_broker_down_is_quick_and_stores_every_email(
    client, make_user, broker_unreachable, django_capture_on_commit_callbacks, caplog
):
    coordinator = make_user(Role.COORDINATOR)
    School.objects.get(short_name="Grant HS").coordinators.add(coordinator)
    request = RequestFactory(school=School.objects.get(short_name="Grant HS"))
    partners = PartnerFactory.create_batch(20)
    client.force_login(coordinator)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("requests_app:request_invite", args=[request.pk]),
            {"partner": [partner.pk for partner in partners]},
        )
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    invitations = Email.objects.all()
    assert sorted(email.to[0] for email in invitations) == sorted(p.email for p in partners)
    assert set(invitations.values_list("status", flat=True)) == {STATUS.queued}
    assert elapsed < 2, f"the request waited {elapsed:.1f} s for the broker"
    assert "Could not reach the broker" in caplog.text


# 6. The database down: the truthful error page, and no error email breaking it


@pytest.mark.urls(__name__)
def test_the_project_answers_500s_with_its_own_view():
    assert get_resolver("partnerconnect.urls").resolve_error_handler(500) is server_error


@pytest.mark.urls(__name__)
def test_a_database_error_page_says_what_was_entered_was_not_saved(client):
    client.raise_request_exception = False
    response = client.get("/database-down/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "was not saved" in page
    assert "has been lost" not in page


@pytest.mark.urls(__name__)
def test_another_error_page_keeps_its_reassurance(client):
    client.raise_request_exception = False
    response = client.get("/bug/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Nothing you entered before has been lost" in page
    assert "was not saved" not in page


@pytest.mark.urls(__name__)
def test_with_the_database_down_and_error_emails_on_the_user_gets_the_error_page(
    client, settings, coordinator_user, caplog
):
    settings.ADMINS = [("District admin", "admin@example.org")]
    client.force_login(coordinator_user)
    client.raise_request_exception = False
    with database_unreachable():
        response = client.get(reverse("requests_app:home"))
    assert response.status_code == 500
    assert "was not saved" in response.content.decode()
    assert "Could not store 1 email(s) in the outbox" in caplog.text
    assert not error_emails().exists()


def test_the_outbox_backend_honours_fail_silently():
    message = EmailMessage("Subject", "Body", to=["someone@example.org"])
    with database_unreachable():
        assert OutboxBackend(fail_silently=True).send_messages([message]) == 0
        with pytest.raises(OperationalError):
            OutboxBackend(fail_silently=False).send_messages([message])


def test_queuing_a_stored_email_still_works_after_a_silent_failure(mailoutbox):
    message = EmailMessage("Subject", "Body", to=["someone@example.org"])
    with database_unreachable():
        OutboxBackend(fail_silently=True).send_messages([message])
    email = email_queue(
        to="partner@example.org",
        template="notice",
        context={"subject": "Still here", "message": "Hello.", "link": ""},
    )
    assert Email.objects.filter(pk=email.pk).exists()


def test_production_settings_email_errors_through_the_throttled_safe_handler():
    env = {**clean_env(), **compose_app_environment()}
    env["DJANGO_SECRET_KEY"] = "k3y-Zq8v!p2W@r7x#N5m$L1c%T9b^H4d&J6f*G0s(Y8u)E2a_R5o+V7i=Q3w"
    env["DJANGO_ADMIN_EMAILS"] = "it@example.org"
    code = (
        "import logging, json, django; from django.conf import settings; django.setup(); "
        "handlers = logging.getLogger('django').handlers; "
        "print(json.dumps([[type(h).__name__, [type(f).__name__ for f in h.filters]] "
        "for h in handlers]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    handlers = json.loads(result.stdout.strip().splitlines()[-1])
    assert handlers == [["SafeAdminEmailHandler", ["RequireDebugFalse", "ThrottleErrorEmails"]]]
