"""`/healthz`: 200 when the database, Redis and the outbox are fine, 503 naming what is not;
and compose's healthcheck asks it."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.db import OperationalError, connection
from django.utils import timezone
from post_office.models import STATUS, Email

from notifications.services import email_queue

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.django_db


def queue_email(**changes) -> Email:
    email = email_queue(
        to="partner@example.org",
        template="notice",
        context={"subject": "Hello", "message": "m", "link": ""},
    )
    if changes:
        Email.objects.filter(pk=email.pk).update(**changes)
    return email


def test_a_healthy_instance_answers_200_without_signing_in(client, settings):
    settings.HEALTHZ_OUTBOX_MAX_AGE_MINUTES = 15
    queue_email()  # just queued: not a backlog
    queue_email(status=STATUS.sent, created=timezone.now() - timedelta(days=2))
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": "ok",
        "redis": "ok" if settings.REDIS_URL else "skipped",
        "outbox": "ok",
    }
    assert "no-store" in response["Cache-Control"]


def test_redis_is_skipped_when_none_is_configured(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "skipped"


def test_a_database_error_answers_503_naming_the_database(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed"
    assert body["failed"] == ["database"]
    assert body["checks"]["outbox"] == "skipped"


def test_redis_at_a_closed_port_answers_503_naming_redis(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["redis"]


def test_an_email_due_and_unsent_past_the_threshold_answers_503_naming_the_outbox(client, settings):
    settings.HEALTHZ_OUTBOX_MAX_AGE_MINUTES = 15
    queue_email(created=timezone.now() - timedelta(minutes=16))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["outbox"]


def test_an_email_waiting_for_its_retry_is_not_a_backlog(client, settings):
    settings.HEALTHZ_OUTBOX_MAX_AGE_MINUTES = 15
    queue_email(
        status=STATUS.requeued,
        created=timezone.now() - timedelta(hours=1),
        scheduled_time=timezone.now() - timedelta(minutes=5),
    )
    queue_email(status=STATUS.failed, created=timezone.now() - timedelta(hours=1))
    assert client.get("/healthz").status_code == 200


def test_the_body_names_checks_only(client):
    queue_email(created=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    text = response.content.decode()
    assert "partner@example.org" not in text
    assert set(json.loads(text)) <= {"status", "checks", "failed"}


def test_only_get_is_allowed(client):
    assert client.post("/healthz").status_code == 405


def test_compose_checks_the_web_service_through_healthz():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    test = " ".join(web["healthcheck"]["test"])
    assert "bin/healthcheck" in test
    probe = (ROOT / "bin" / "healthcheck").read_text()
    assert "/healthz" in probe
    assert web["healthcheck"]["start_period"]  # migrations run first on an upgrade


@pytest.mark.django_db(transaction=True)
def test_the_compose_probe_passes_on_a_healthy_server_and_fails_on_a_closed_port(live_server):
    probe = [sys.executable, str(ROOT / "bin" / "healthcheck")]
    env = {**os.environ, "HEALTHCHECK_URL": f"{live_server.url}/healthz"}
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    healthy = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=30)
    assert healthy.returncode == 0, healthy.stderr
    assert json.loads(healthy.stdout)["status"] == "ok"

    env["HEALTHCHECK_URL"] = "http://127.0.0.1:1/healthz"
    closed = subprocess.run(probe, env=env, capture_output=True, text=True, timeout=30)
    assert closed.returncode == 1


@pytest.mark.django_db(transaction=True)
def test_the_compose_probe_fails_on_a_503_and_prints_what_failed(live_server, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    env = {**os.environ, "HEALTHCHECK_URL": f"{live_server.url}/healthz"}
    env.pop("DJANGO_ALLOWED_HOSTS", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "bin" / "healthcheck")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert '"failed": ["redis"]' in result.stderr


def test_with_the_database_unreachable_the_answer_is_503_naming_it():
    """A real refused connection (a closed port), in a fresh process: nothing on the way to
    the check (the request's transaction, the middleware) needs the database first."""
    code = (
        "import json, django; django.setup(); from django.test import Client; "
        "r = Client(raise_request_exception=False).get('/healthz'); "
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnerconnect.settings.test",
        "DATABASE_URL": "postgres://nobody:nothing@127.0.0.1:1/nothing",
        "REDIS_URL": "",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"]["failed"] == ["database"]
    assert answer["body"]["checks"] == {
        "database": "failed",
        "redis": "skipped",
        "outbox": "skipped",
    }
