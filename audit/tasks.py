"""Celery task of the audit trail: the nightly purge (scheduled by migration 0002)."""

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def audit_purge() -> None:
    from .services import audit_log_purge

    deleted = audit_log_purge()
    logger.info("Audit log: %s entries past the retention period deleted", deleted)
