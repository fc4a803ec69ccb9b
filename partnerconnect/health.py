"""`/healthz`: whether this instance can serve, for compose's healthcheck and the district's
monitoring. It checks the database, Redis (when configured) and the outbox backlog, answers
200 when all pass and 503 naming what failed; no sign-in, no personal data, a few queries."""

from datetime import timedelta

import redis
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from post_office.models import Email

from notifications.selectors import email_due_filter

# A queued email still unsent this long after it was due means the worker or beat is not
# sending (the beat sweep alone retries every minute). HEALTHZ_OUTBOX_MAX_AGE_MINUTES overrides.
OUTBOX_MAX_AGE = timedelta(minutes=15)
# How long each check waits before it counts as failed: the healthcheck must stay quick.
REDIS_TIMEOUT_SECONDS = 2

OK = "ok"
FAILED = "failed"
SKIPPED = "skipped"


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def check_redis() -> str:
    """Ping the Redis behind the cache and the Celery broker; `skipped` when none is
    configured (local runs without REDIS_URL)."""
    if not settings.REDIS_URL:
        return SKIPPED
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        socket_timeout=REDIS_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    finally:
        client.close()
    return OK


def outbox_max_age() -> timedelta:
    minutes = getattr(settings, "HEALTHZ_OUTBOX_MAX_AGE_MINUTES", None)
    return timedelta(minutes=minutes) if minutes is not None else OUTBOX_MAX_AGE


def check_outbox() -> str:
    """Failed when an email has waited, due and unsent, longer than `outbox_max_age()`."""
    now = timezone.now()
    due_since = now - outbox_max_age()
    stuck = Email.objects.filter(
        email_due_filter(now),
        Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=due_since),
        created__lte=due_since,
    )
    return FAILED if stuck.exists() else OK


def run_checks() -> dict[str, str]:
    """Each check's outcome by name: `ok`, `skipped` or `failed` (a check that raises has
    failed; the outbox is not read when the database is down)."""
    results = {}
    for name, check in (("database", check_database), ("redis", check_redis)):
        try:
            results[name] = check()
        except Exception:
            results[name] = FAILED
    if results["database"] == FAILED:
        results["outbox"] = SKIPPED
    else:
        try:
            results["outbox"] = check_outbox()
        except Exception:
            results["outbox"] = FAILED
    return results


@never_cache
@require_GET
@transaction.non_atomic_requests
def healthz(request):
    """200 `{"status": "ok", ...}` when every check passes, else 503 with `failed` naming
    the checks that did not. Not atomic: a request transaction would need the database
    before the check could report it down."""
    checks = run_checks()
    failed = [name for name, outcome in checks.items() if outcome == FAILED]
    body = {"status": "failed" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
