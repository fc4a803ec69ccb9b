"""Signed, expiring links in emails that let a partner act once without a password.

A link carries the engagement id and the action it allows; it is signed with SECRET_KEY
and expires. Each view still checks the engagement's state, so a used link does nothing.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

ANSWER = "answer"  # accept or decline an invitation
CANT_MAKE_IT = "cant-make-it"  # withdraw from a scheduled engagement
CONFIRM = "confirm"  # the coordinator confirms that it happened

MAX_AGE = {
    ANSWER: timedelta(days=21),
    CANT_MAKE_IT: timedelta(days=60),
    CONFIRM: timedelta(days=60),
}


def make_token(engagement_id: int, action: str) -> str:
    return signing.dumps(
        {"e": engagement_id, "a": action}, salt="requests_app.links", compress=True
    )


def read_token(token: str, action: str) -> int | None:
    """The engagement id the token allows `action` on, or None when invalid or expired."""
    try:
        data = signing.loads(token, salt="requests_app.links", max_age=MAX_AGE[action])
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if data.get("a") != action:
        return None
    return data.get("e")


def absolute_url(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def action_url(engagement_id: int, action: str) -> str:
    return absolute_url("requests_app:engagement_link", action, make_token(engagement_id, action))
