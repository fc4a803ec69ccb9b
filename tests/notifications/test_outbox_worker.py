"""The outbox against a real Celery worker, a real Redis broker and a real SMTP server.

Needs PostgreSQL (row locks) and the `redis-server` program; `bin/test` provides both.
The broker is a private redis-server on a free port, so the test can stop and start it.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, transaction
from post_office.models import STATUS, Email

from notifications.services import email_queue
from notifications.tasks import outbox_send, outbox_sweep
from partnerconnect.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _missing_services() -> str | None:
    if connection.vendor != "postgresql":
        return "the worker tests need PostgreSQL (set DATABASE_URL)"
    if not shutil.which("redis-server"):
        return "the worker tests need the redis-server program"
    return None


@pytest.fixture(autouse=True)
def _require_services():
    reason = _missing_services()
    if reason:
        if os.environ.get("PARTNERCONNECT_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, timeout=30.0, interval=0.2, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {message}")


class Broker:
    """A private redis-server that a test can take down and bring back."""

    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.dir = tmp_path
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, timeout=10, message="redis-server to start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class RecordingHandler:
    """An SMTP server's handler: records messages, or refuses the next `refuse` of them."""

    def __init__(self):
        self.messages: list[bytes] = []
        self.attempts = 0
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Mail server temporarily unavailable"
        self.messages.append(envelope.content)
        return "250 Message accepted"


@pytest.fixture
def smtp():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


def forget_broker_connections():
    """Drop this process's cached broker connections, so the next publish uses the new URL."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker(tmp_path):
    broker = Broker(tmp_path)
    previous = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.broker_url = broker.url
    celery_app.conf.task_always_eager = False
    forget_broker_connections()
    yield broker
    broker.stop()
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
    forget_broker_connections()


def worker_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return parts._replace(path="/" + connection.settings_dict["NAME"]).geturl()


@pytest.fixture
def start_worker(broker, smtp, tmp_path):
    processes = []

    def start(**extra_env):
        name = f"outbox-test-{uuid.uuid4().hex[:8]}@localhost"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "partnerconnect.settings.test",
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": broker.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_TIMEOUT": "5",
            "OUTBOX_RETRY_BASE_SECONDS": "1",
            "OUTBOX_MAX_ATTEMPTS": "3",
            **extra_env,
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        log = open(tmp_path / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "partnerconnect",
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--hostname",
                name,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        wait_until(
            lambda: celery_app.control.ping(destination=[name], timeout=0.5),
            timeout=60,
            message=f"worker {name} to answer (log: {log.name})",
        )
        return process

    yield start
    for process, log in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def queue_committed(subject: str) -> Email:
    with transaction.atomic():
        return email_queue(
            to="partner@example.org",
            template="notice",
            context={"subject": subject, "message": "Hello from the outbox.", "link": ""},
        )


def subjects(handler: RecordingHandler) -> list[str]:
    found = []
    for content in handler.messages:
        for line in content.decode().splitlines():
            if line.startswith("Subject: "):
                found.append(line.removeprefix("Subject: "))
    return found


def status_of(email: Email) -> int:
    return Email.objects.get(pk=email.pk).status


def test_email_queued_while_the_broker_is_down_is_delivered_once_when_it_is_back(
    broker, smtp, start_worker
):
    # The broker is down: queueing still commits, and the nudge fails fast without raising.
    started = time.monotonic()
    email = queue_committed("Queued while the broker was down")
    assert time.monotonic() - started < 10
    assert status_of(email) == STATUS.queued

    broker.start()
    start_worker()
    time.sleep(1)
    assert smtp.handler.messages == [], "nothing sends it before the sweep"

    # Beat's sweep, and a stray nudge racing it, deliver it: once.
    for _ in range(3):
        outbox_sweep.apply_async(retry=True)
        outbox_send.apply_async(args=[email.pk], retry=True)
    wait_until(lambda: status_of(email) == STATUS.sent, message="the email to be sent")
    time.sleep(2)
    assert subjects(smtp.handler) == ["Queued while the broker was down"]


def test_many_emails_raced_by_two_workers_are_each_sent_exactly_once(broker, smtp, start_worker):
    broker.start()
    start_worker()
    start_worker()
    emails = [queue_committed(f"Race {n}") for n in range(20)]
    for email in emails:
        outbox_send.apply_async(args=[email.pk], retry=True)
        outbox_send.apply_async(args=[email.pk], retry=True)
    outbox_sweep.apply_async(retry=True)
    wait_until(
        lambda: Email.objects.filter(status=STATUS.sent).count() == 20,
        message="all 20 emails to be sent",
    )
    time.sleep(2)
    assert sorted(subjects(smtp.handler)) == sorted(f"Race {n}" for n in range(20))


def test_smtp_error_is_retried_with_back_off_then_marked_failed(broker, smtp, start_worker):
    broker.start()
    start_worker()
    smtp.handler.refuse = 100
    email = queue_committed("Refused by the SMTP server")
    wait_until(lambda: status_of(email) == STATUS.failed, message="the email to fail")
    assert smtp.handler.attempts == 3
    failures = list(Email.objects.get(pk=email.pk).logs.values_list("exception_type", flat=True))
    assert failures == ["SMTPDataError"] * 3
    assert smtp.handler.messages == []


def test_smtp_error_then_success_delivers_once(broker, smtp, start_worker):
    broker.start()
    start_worker()
    smtp.handler.refuse = 1
    email = queue_committed("Refused once, then accepted")
    wait_until(lambda: status_of(email) == STATUS.sent, message="the email to be sent")
    assert Email.objects.get(pk=email.pk).number_of_retries == 1
    assert subjects(smtp.handler) == ["Refused once, then accepted"]
