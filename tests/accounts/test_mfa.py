"""Two-factor sign-in (allauth.mfa): staff may turn on an authenticator app; District Admins
must, before any page (the admin included) opens for them; partners are not asked."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse

from accounts.roles import Role
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

PERIOD = 30  # MFA_TOTP_PERIOD's default


@pytest.fixture(autouse=True)
def _district_admins_must_use_mfa(settings):
    """The rule as every environment but the other tests has it."""
    settings.DISTRICT_ADMIN_MFA_REQUIRED = True


def current_code(secret: str) -> str:
    """The authenticator app's code now (waiting out the last second of a period, so the
    server checks it in the same one)."""
    if PERIOD - time.time() % PERIOD < 1:
        time.sleep(1.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD))


def sign_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def reauthenticate(client) -> None:
    """allauth asks for the password again before a change to two-factor sign-in."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def activate_through_the_page(client) -> str:
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(client)
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()  # the QR code
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    return secret


DISTRICT_ADMIN_PAGES = [
    "accounts:home",
    "accounts:district_home",
    "requests_app:home",
    "requests_app:directory",
    "partners:queue",
    "compliance:home",
    "expo:registrations",
    "account_change_password",
    "admin:index",
    "admin:accounts_user_changelist",
]


def test_a_district_admin_without_an_authenticator_is_sent_to_set_one_up_from_every_page(
    client, district_admin_user
):
    client.force_login(district_admin_user)
    for name in DISTRICT_ADMIN_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"] == reverse("mfa_activate_totp"), name
    # Nor can the admin's forms be posted to.
    response = client.post(reverse("admin:accounts_user_add"), {"email": "x@example.org"})
    assert response["Location"] == reverse("mfa_activate_totp")


def test_a_district_admin_signing_in_sets_up_the_authenticator_then_gets_in(
    client, district_admin_user
):
    response = sign_in(client, district_admin_user)
    response = client.get(response["Location"], follow=True)
    # To the authenticator's page, which (allauth) first asks for the password again.
    assert [url for url, _ in response.redirect_chain][-2:] == [
        reverse("mfa_activate_totp"),
        reverse("account_reauthenticate") + "?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F",
    ]
    assert "District Admins must turn on two-factor sign-in" in response.content.decode()

    activate_through_the_page(client)

    assert has_totp(district_admin_user)
    assert Authenticator.objects.filter(
        user=district_admin_user, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get(reverse("accounts:home"), follow=True).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_district_admin_with_an_authenticator_signs_in_with_a_code(client, district_admin_user):
    secret = generate_totp_secret()
    TOTP.activate(district_admin_user, secret)

    response = sign_in(client, district_admin_user)
    assert response["Location"] == reverse("mfa_authenticate")
    # The password alone does not sign in.
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:district_home")).status_code == 302

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(district_admin_user.pk)
    assert client.get(reverse("accounts:home"), follow=True).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_district_admin_cannot_turn_the_authenticator_off(client, district_admin_user):
    TOTP.activate(district_admin_user, generate_totp_secret())
    client.force_login(district_admin_user)
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200  # the form again, with allauth's refusal
    assert has_totp(district_admin_user)


def test_procurement_may_turn_two_factor_sign_in_on(client, procurement_user):
    sign_in(client, procurement_user)
    assert client.get(reverse("compliance:home")).status_code == 200, "not required"
    assert client.get(reverse("mfa_index")).status_code == 200

    activate_through_the_page(client)

    assert has_totp(procurement_user)
    client.post(reverse("account_logout"))
    assert sign_in(client, procurement_user)["Location"] == reverse("mfa_authenticate")


def test_procurement_may_turn_it_off_again(client, procurement_user):
    secret = generate_totp_secret()
    TOTP.activate(procurement_user, secret)
    sign_in(client, procurement_user)
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    reauthenticate(client)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not has_totp(procurement_user)


def test_partners_are_not_asked(client, partner_user):
    response = sign_in(client, partner_user)
    assert client.get(response["Location"], follow=True).status_code == 200
    assert client.get(reverse("partners:home")).status_code == 200
    assert not has_totp(partner_user)


def test_coordinators_are_not_asked(client, make_user):
    coordinator = make_user(Role.COORDINATOR)
    sign_in(client, coordinator)
    assert client.get(reverse("requests_app:home")).status_code == 200
