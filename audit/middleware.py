"""The audit trail's middleware: django-auditlog's, which stamps each entry written during a
request with the signed-in user and the client's address, plus the record of refused access
(every PermissionDenied: `accounts.access.role_required`'s 403s and the admin's)."""

from allauth.account.adapter import get_adapter
from auditlog.middleware import AuditlogMiddleware
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from .services import audit_access_refused


def client_ip(request) -> str | None:
    """The client's address as allauth's rate limits see it: behind the TLS proxy, from the
    header and proxy count allauth is configured to trust (never a header anyone can forge)."""
    try:
        return get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        return None


class AuditMiddleware(AuditlogMiddleware):
    def get_extra_data(self, request):
        context = super().get_extra_data(request)
        # Read when an entry is written (auditlog calls it then), not on every request.
        context["remote_addr"] = lambda: client_ip(request)
        return context

    def process_exception(self, request, exception):
        """Record the refusal and let Django answer its 403 as usual. The view's own
        transaction is already rolled back here, so the record stays."""
        if isinstance(exception, PermissionDenied):
            audit_access_refused(
                user=getattr(request, "user", None),
                method=request.method,
                path=request.path,
                remote_addr=client_ip(request),
            )
        return None
