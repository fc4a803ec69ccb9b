"""Celery tasks of the outbox: thin wrappers over the services, taking primary keys."""

import logging
from functools import partial

from celery import shared_task
from django.db import transaction

logger = logging.getLogger(__name__)


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

    What cannot be handed over now stays queued in the database for the beat sweep.
    """
    for email_id in email_ids:
        try:
            outbox_send.apply_async(args=[email_id], countdown=countdown, retry=False)
        except Exception:  # broker unreachable: the sweep delivers it later
            logger.warning(
                "Could not reach the broker for email %s; the sweep will send it", email_id
            )


def outbox_nudge(email_ids) -> None:
    """After the current transaction commits, ask a worker to send these emails."""
    transaction.on_commit(partial(outbox_enqueue, list(email_ids)))
