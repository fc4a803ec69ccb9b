"""Response headers and sessions: the Content Security Policy (no inline script or style, the
admin excepted), Permissions-Policy, no-store on pages and CSVs, and the staff's idle timeout."""

import re
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.roles import Role
from partnerconnect.middleware import StaffIdleTimeoutMiddleware
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def policy(response) -> dict[str, str]:
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return dict(directive.split(" ", 1) for directive in directives if directive)


def assert_no_store(response):
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_has_the_policy_and_is_not_stored(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert policy(response) == POLICY
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert_no_store(response)


def test_a_signed_in_page_has_the_policy_and_is_not_stored(client, coordinator_user):
    client.force_login(coordinator_user)
    response = client.get(reverse("requests_app:home"))
    assert response.status_code == 200
    assert policy(response) == POLICY
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert_no_store(response)


def test_a_csv_of_personal_data_has_the_headers_and_is_not_stored(client, partner_user):
    client.force_login(partner_user)
    response = client.get(reverse("requests_app:partner_engagements_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert_no_store(response)
    assert "private" in response["Cache-Control"]
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert policy(response) == POLICY


def test_error_pages_have_the_headers_too(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert policy(response) == POLICY
    assert_no_store(response)


def test_static_files_keep_their_cache_headers(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_only_the_admin_allows_inline_script_and_style(client, district_admin_user):
    client.force_login(district_admin_user)
    admin = policy(client.get(reverse("admin:index")))
    assert admin["script-src"] == "'self' 'unsafe-inline'"
    assert admin["style-src"] == "'self' 'unsafe-inline'"
    assert admin["frame-ancestors"] == "'none'"
    page = policy(client.get(reverse("accounts:district_home")))
    assert "unsafe-inline" not in page["script-src"] + page["style-src"]


# Inline script and style are refused by the policy: the templates have none. E-mails are
# not web pages; the admin's own templates are Django's.
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "script"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style", re.I), "style element"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_or_style():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        relative = template.relative_to(TEMPLATES)
        if relative.parts[0] == "emails":
            continue
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{relative}:{line}: {what}")
    assert found == []


# The staff's idle timeout


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[StaffIdleTimeoutMiddleware.SESSION_KEY] = int(time.time()) - seconds
    session.save()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROCUREMENT, Role.DISTRICT_ADMIN])
def test_staff_are_signed_out_after_thirty_idle_minutes(client, make_user, role):
    user = make_user(role)
    sign_in(client, user)
    assert client.get(reverse("accounts:home"), follow=True).status_code == 200
    idle_for(client, 31 * 60)
    response = client.get(reverse("requests_app:directory"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_staff_activity_keeps_the_session(client, coordinator_user):
    sign_in(client, coordinator_user)
    idle_for(client, 29 * 60)
    assert client.get(reverse("requests_app:home")).status_code == 200
    # The request started the thirty minutes again, in the session and in the database.
    idle = time.time() - client.session[StaffIdleTimeoutMiddleware.SESSION_KEY]
    assert idle < 5
    remaining = (session_row(client).expire_date.timestamp() - time.time()) / 60
    assert 29 < remaining <= 30
    assert client.get(reverse("requests_app:home")).status_code == 200


def test_partners_keep_the_two_week_session(client, partner_user):
    sign_in(client, partner_user)
    idle_for(client, 3 * 60 * 60)
    assert client.get(reverse("partners:home")).status_code == 200
    remaining_days = (session_row(client).expire_date.timestamp() - time.time()) / 86400
    assert remaining_days > 13
