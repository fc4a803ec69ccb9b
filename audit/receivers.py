"""Sign-ins into the audit trail: Django's `user_logged_in` and `user_login_failed` signals,
which every way of signing in sends (allauth's forms, the admin's, reauthentication). Recording
the event is all they do."""

from django.contrib.auth.signals import user_logged_in, user_login_failed

from .middleware import client_ip
from .services import audit_sign_in, audit_sign_in_failed

# The credentials Django passes carry the name that was typed under one of these keys (the
# password is already masked).
TYPED_NAME_KEYS = ("email", "login", "username")


def record_sign_in(sender, request, user, **kwargs):
    audit_sign_in(user=user, remote_addr=client_ip(request) if request is not None else None)


def record_sign_in_failure(sender, credentials, request=None, **kwargs):
    typed = next((credentials[key] for key in TYPED_NAME_KEYS if credentials.get(key)), "")
    audit_sign_in_failed(
        typed_name=str(typed), remote_addr=client_ip(request) if request is not None else None
    )


def connect() -> None:
    user_logged_in.connect(record_sign_in, dispatch_uid="audit.sign_in")
    user_login_failed.connect(record_sign_in_failure, dispatch_uid="audit.sign_in_failed")
