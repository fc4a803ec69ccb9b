"""The project's request and response guards: NUL bytes refused, security and cache headers,
the Content Security Policy (relaxed for the Django admin only), the staff's idle timeout
and the District Admins' two-factor sign-in."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from accounts.selectors import user_has_role

NUL_MESSAGE = _("Your request contains a character that is not allowed (NUL).")

STAFF_ROLES = (Role.COORDINATOR, Role.PROCUREMENT, Role.DISTRICT_ADMIN)


def _has_nul(data) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values if isinstance(value, str))
        for key, values in data.lists()
    )


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class RefuseNulBytesMiddleware:
    """A NUL byte in the path, a query parameter or a form field (names included) is a 400
    with a plain explanation, before any view runs: PostgreSQL refuses NUL in text, so it
    would otherwise be a 500 wherever a view passes the value to a query. (Form fields
    refuse it too, with Django's ProhibitNullCharactersValidator; this covers the views
    that read request.GET directly.) Placed after CsrfViewMiddleware, which reads the
    form first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if (
            "\x00" in request.path_info
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            if _wants_json(request):
                return JsonResponse({"error": NUL_MESSAGE}, status=400)
            return render(request, "refused_input.html", {"message": NUL_MESSAGE}, status=400)
        return None


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response, and `Cache-Control: no-store` on every response
    Django makes (pages, CSV exports, JSON): a shared or back-button cache must not keep
    personal data. Static files are served before this by WhiteNoise, with their own
    long-lived headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        add_never_cache_headers(response)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with CONTENT_SECURITY_POLICY everywhere, plus the directives
    of CONTENT_SECURITY_POLICY_RELAXED["DIRECTIVES"] under its URL_PREFIXES: the Django
    admin (and django-celery-beat's admin forms) use inline scripts and styles."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        relaxed = getattr(settings, "CONTENT_SECURITY_POLICY_RELAXED", {})
        if not report_only and request.path_info.startswith(tuple(relaxed.get("URL_PREFIXES", ()))):
            update = dict(parts.update or {})
            for directive, values in relaxed.get("DIRECTIVES", {}).items():
                update[directive] = [*update.get(directive, []), *values]
            parts.update = update
        return parts


def _is_staff(user) -> bool:
    return any(user_has_role(user, role) for role in STAFF_ROLES)


class StaffIdleTimeoutMiddleware:
    """Signs out a Career Coordinator, Procurement user or District Admin after
    STAFF_SESSION_IDLE_SECONDS without a request; each request starts the period again, with
    at most one session write a minute (none in the minute after signing in, which counts
    from the user's last_login). Partners keep Django's session age."""

    SESSION_KEY = "staff_last_seen"
    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and _is_staff(user):
            idle = settings.STAFF_SESSION_IDLE_SECONDS
            now = int(time.time())
            last_seen = request.session.get(self.SESSION_KEY)
            if last_seen is None and user.last_login:  # signed in less than a minute ago
                last_seen = int(user.last_login.timestamp())
            if last_seen is not None and now - last_seen > idle:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {idle // 60} minutes without activity. "
                    "Please sign in again.",
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= self.REFRESH_SECONDS:
                request.session[self.SESSION_KEY] = now
                # The session (and its cookie) itself ends `idle` seconds after this write.
                request.session.set_expiry(idle)
        return self.get_response(request)


class DistrictAdminMFAMiddleware:
    """A District Admin without an authenticator app (allauth.mfa TOTP) is sent to set one
    up from every page, the Django admin included, until it is on: only the two-factor
    pages, re-authentication and sign-out stay open. DISTRICT_ADMIN_MFA_REQUIRED turns the
    rule on (the test settings turn it off, except in the tests of the rule)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _open_paths(self) -> tuple[str, ...]:
        return (
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.DISTRICT_ADMIN_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(self._open_paths())
            and user_has_role(user, Role.DISTRICT_ADMIN)
            and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
        ):
            messages.warning(
                request,
                "District Admins must turn on two-factor sign-in before anything else: "
                "confirm your password, then scan the code with an authenticator app "
                "and enter the code it shows.",
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
