"""The base of emailed links: bin/run derives SITE_URL from the port it serves on (unless
SITE_URL is set), and allauth's emails and the app's both start with SITE_URL."""

import os
import re
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from post_office.models import Email

from accounts.roles import Role
from requests_app.models import School
from requests_app.services import request_invite_partners
from tests.partners.factories import PartnerFactory
from tests.requests_app.factories import RequestFactory

BIN_RUN = Path(__file__).resolve().parent.parent / "bin" / "run"


def bin_run_site_url(tmp_path, *, port=None, site_url=None, dot_env=None) -> str:
    """SITE_URL as bin/run exports it before starting the server, run in `tmp_path` (where
    its .env would be), with these PORT and SITE_URL in the environment."""
    env = {key: value for key, value in os.environ.items() if key not in {"PORT", "SITE_URL"}}
    if port is not None:
        env["PORT"] = port
    if site_url is not None:
        env["SITE_URL"] = site_url
    if dot_env is not None:
        (tmp_path / ".env").write_text(dot_env)
    script = f'source "{BIN_RUN}"; export_site_url "$(listen_address "${{PORT:-}}")"; '
    script += 'echo "${SITE_URL:-unset}"'
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("port", "expected"),
    [
        (None, "http://127.0.0.1:8000"),
        ("", "http://127.0.0.1:8000"),
        ("9123", "http://127.0.0.1:9123"),
        ("127.0.0.1:9123", "http://127.0.0.1:9123"),
        ("localhost:9123", "http://localhost:9123"),
        ("0.0.0.0:9123", "http://127.0.0.1:9123"),
        ("[::1]:9123", "http://[::1]:9123"),
    ],
)
def test_bin_run_derives_site_url_from_the_port_it_serves_on(tmp_path, port, expected):
    assert bin_run_site_url(tmp_path, port=port) == expected


def test_bin_run_keeps_a_site_url_set_in_the_environment_or_in_dot_env(tmp_path):
    assert (
        bin_run_site_url(tmp_path, port="9123", site_url="https://pc.example.org")
        == "https://pc.example.org"
    )
    # settings read .env themselves: bin/run exports nothing that would override it.
    dot_env = "DJANGO_DEBUG=1\nSITE_URL=https://pc.example.org\n"
    assert bin_run_site_url(tmp_path, port="9123", dot_env=dot_env) == "unset"


def test_bin_run_only_defines_its_functions_when_sourced(tmp_path):
    """Sourcing bin/run (as above) must not install, migrate or start anything."""
    result = subprocess.run(
        ["bash", "-c", f'source "{BIN_RUN}"; type main >/dev/null && echo sourced'],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "sourced\n"


@pytest.mark.django_db
def test_allauth_and_app_emails_link_to_site_url(
    client, settings, make_user, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "http://localhost:9123"
    # allauth's address confirmation, asked for on a request that came to another host.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "new.partner@example.org",
                "password1": "a-long-walk-to-school",
                "password2": "a-long-walk-to-school",
            },
            HTTP_HOST="127.0.0.1:8000",
        )
    [confirmation] = Email.objects.filter(to=["new.partner@example.org"])
    assert re.search(r"http://localhost:9123/accounts/confirm-email/\S+/", confirmation.message)
    assert "127.0.0.1:8000" not in confirmation.message
    assert "testserver" not in confirmation.message
    assert "localhost:8000" not in confirmation.message, "the site's domain follows SITE_URL"
    # allauth's password reset, the same.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_reset_password"),
            {"email": "new.partner@example.org"},
            HTTP_HOST="127.0.0.1:8000",
        )
    reset = Email.objects.filter(to=["new.partner@example.org"]).latest("pk")
    assert reset.pk != confirmation.pk
    assert "http://localhost:9123/accounts/password/reset/key/" in reset.message
    # The app's invitation to a partner.
    grant = School.objects.get(short_name="Grant HS")
    coordinator = make_user(Role.COORDINATOR)
    grant.coordinators.add(coordinator)
    request = RequestFactory(school=grant, created_by=coordinator)
    partner = PartnerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        request_invite_partners(request=request, partners=[partner], by=coordinator)
    [invitation] = Email.objects.filter(to=[partner.email])
    assert re.search(r"http://localhost:9123/requests/link/answer/\S+/", invitation.message)
