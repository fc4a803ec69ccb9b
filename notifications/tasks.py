"""Celery tasks of the outbox: thin wrappers over the services, taking primary keys."""

import logging
import threading
import time
from functools import partial

from celery import shared_task
from django.conf import settings
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnreachable

logger = logging.getLogger(__name__)

# When this process may try each broker (by URL) again after failing to reach it.
_broker_retry_at: dict[str, float] = {}
_broker_lock = threading.Lock()


@shared_task(ignore_result=True)
def outbox_send(email_id: int) -> None:
    from .services import email_deliver

    email_deliver(email_id=email_id)


@shared_task(ignore_result=True)
def outbox_sweep() -> None:
    from .services import email_send_due

    email_send_due()


def outbox_enqueue(email_ids, countdown: float | None = None) -> None:
    """Hand the emails to a worker; a broker that is down is logged, never raised.

    What cannot be handed over now stays queued in the database for the beat sweep. One
    attempt only, and after a failure none for OUTBOX_NUDGE_PAUSE_SECONDS: with the broker
    down, a request that queues many emails pays for one failed connection, not one each.
    """
    email_ids = list(email_ids)
    app = outbox_send.app
    if app.conf.task_always_eager:  # no broker: each task runs here and now
        for email_id in email_ids:
            try:
                outbox_send.apply_async(args=[email_id], countdown=countdown, retry=False)
            except Exception:
                logger.warning(
                    "Could not send email %s now; the sweep will send it", email_id, exc_info=True
                )
        return
    broker = str(app.conf.broker_url)
    if time.monotonic() < _broker_retry_at.get(broker, 0.0):
        return
    for sent, email_id in enumerate(email_ids):
        try:
            outbox_send.apply_async(args=[email_id], countdown=countdown, retry=False)
        except (BrokerUnreachable, OSError) as error:
            pause = settings.OUTBOX_NUDGE_PAUSE_SECONDS
            with _broker_lock:
                _broker_retry_at[broker] = time.monotonic() + pause
            logger.warning(
                "Could not reach the broker (%s): %d email(s) stay queued for the sweep; "
                "no new nudge for %d s",
                error,
                len(email_ids) - sent,
                pause,
            )
            return
        except Exception:
            logger.exception("Could not queue email %s; the sweep will send it", email_id)


def outbox_broker_forget_failures() -> None:
    """Try the broker again at the next nudge (after a test, or once it is known back)."""
    with _broker_lock:
        _broker_retry_at.clear()


def outbox_nudge(email_ids) -> None:
    """After the current transaction commits, ask a worker to send these emails."""
    transaction.on_commit(partial(outbox_enqueue, list(email_ids)))
