"""Sign up, mandatory email verification, passwords, rate limits and the admin sign-in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_roles

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-walk-to-school"


def sign_up(client, email="new.partner@example.org", password=GOOD_PASSWORD):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


def test_sign_up_sends_a_verification_email_through_the_outbox(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.partner@example.org")
    assert user_roles(user) == {Role.PARTNER}
    assert [m.to for m in mailoutbox] == [["new.partner@example.org"]]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_unverified_user_cannot_sign_in_until_the_link_is_followed(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"),
            {"login": "new.partner@example.org", "password": GOOD_PASSWORD},
        )
    assert response.url == reverse("account_email_verification_sent")

    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    response = client.post(link)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.partner@example.org").verified
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "new.partner@example.org", "password": GOOD_PASSWORD}
    )
    assert response.url == reverse("partners:home")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass1", "at least 12 characters"),
        ("password1234", "too common"),
        ("123456789012345", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused_next_to_the_field(client, password, message):
    response = sign_up(client, password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_sign_in_is_rate_limited_after_five_failures(client, make_user):
    user = make_user(Role.PARTNER)
    for _ in range(5):
        page = client.post(
            reverse("account_login"), {"login": user.email, "password": "wrong-password!"}
        ).content.decode()
        assert "not correct" in page
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": "correct-horse-battery-staple"},
    )
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_admin_refuses_a_signed_in_user_who_is_not_staff(client, make_user):
    client.force_login(make_user(Role.PARTNER))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert b"Site administration" not in response.content


def test_district_admin_reaches_the_admin(client, district_admin_user):
    assert not district_admin_user.is_superuser
    client.force_login(district_admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert b"/admin/partners/partner/" in response.content


def test_password_reset_email_is_queued_and_delivered(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user(Role.PARTNER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
