"""Error emails to ADMINS: at most ERROR_EMAIL_LIMIT per error per ERROR_EMAIL_PERIOD_SECONDS,
and never an exception out of the logging call that sends one."""

import hashlib
import logging
import traceback

from django.conf import settings
from django.core.cache import cache
from django.utils.log import AdminEmailHandler


def error_signature(record: logging.LogRecord) -> str:
    """What makes two error records "the same error": the exception's type and the line
    that raised it; for a record without an exception, its logger, level and message
    template (not the arguments: "Internal Server Error: %s" for every path)."""
    if record.exc_info and record.exc_info[0] is not None:
        exc_type, _, tb = record.exc_info
        frames = traceback.extract_tb(tb) if tb else []
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        parts = [record.name, exc_type.__module__, exc_type.__qualname__, where]
    else:
        parts = [record.name, record.levelname, str(record.msg)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class ThrottleErrorEmails(logging.Filter):
    """Let through the first ERROR_EMAIL_LIMIT records of each error signature per
    ERROR_EMAIL_PERIOD_SECONDS, counted in the default cache (shared by every process).

    Fails open: when the cache cannot count, the email goes out."""

    def filter(self, record: logging.LogRecord) -> bool:
        limit = settings.ERROR_EMAIL_LIMIT
        period = settings.ERROR_EMAIL_PERIOD_SECONDS
        key = f"error-email:{error_signature(record)}"
        try:
            cache.add(key, 0, timeout=period)
            count = cache.incr(key)
        except Exception:  # the cache is down, or the count expired in between
            return True
        return count <= limit


class SafeAdminEmailHandler(AdminEmailHandler):
    """Django's AdminEmailHandler, which never raises: an error email that cannot be built
    or stored (the database is down) must not replace the error page with a bare one."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            super().emit(record)
        except Exception:
            self.handleError(record)
