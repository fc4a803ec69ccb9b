"""Roles: groups made by migration, the landing page of each role, and role checks."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import Role
from accounts.selectors import user_home_url, user_roles

pytestmark = pytest.mark.django_db

HOMES = {
    Role.PARTNER: "partners:home",
    Role.COORDINATOR: "requests_app:home",
    Role.PROCUREMENT: "compliance:home",
    Role.DISTRICT_ADMIN: "accounts:district_home",
}


def test_migration_creates_one_group_per_role_with_its_access_permission():
    for role in Role:
        group = Group.objects.get(name=role.group_name)
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert role.codename in codenames


def test_district_admin_may_use_coordinator_and_procurement_pages(district_admin_user):
    assert user_roles(district_admin_user) == {
        Role.DISTRICT_ADMIN,
        Role.COORDINATOR,
        Role.PROCUREMENT,
    }
    assert district_admin_user.is_staff


def test_a_user_without_any_role_lands_on_the_public_home(make_user):
    assert user_home_url(make_user()) == reverse("home")


@pytest.mark.parametrize("role", list(Role))
def test_signing_in_lands_on_the_home_page_of_the_role(client, make_user, role):
    user = make_user(role)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "correct-horse-battery-staple"}
    )
    assert response.status_code == 302
    assert response.url == reverse(HOMES[role])
    # The district admin's home is the district dashboard (a redirect to it).
    assert client.get(response.url, follow=True).status_code == 200


def test_an_inactive_user_holds_no_role(make_user):
    user = make_user(Role.COORDINATOR, is_active=False)
    assert user_roles(user) == set()


# Every role page times every role: the expected status code.
ROLE_PAGES = {
    "partners:home": {Role.PARTNER},
    "requests_app:home": {Role.COORDINATOR, Role.DISTRICT_ADMIN},
    "compliance:home": {Role.PROCUREMENT, Role.DISTRICT_ADMIN},
    "accounts:district_home": {Role.DISTRICT_ADMIN},
}


@pytest.mark.parametrize("url_name", list(ROLE_PAGES))
@pytest.mark.parametrize("role", list(Role))
def test_permission_matrix(client, make_user, url_name, role):
    client.force_login(make_user(role))
    response = client.get(reverse(url_name), follow=True)
    assert response.status_code == (200 if role in ROLE_PAGES[url_name] else 403)


@pytest.mark.parametrize("url_name", list(ROLE_PAGES))
def test_signed_out_visitors_are_sent_to_sign_in(client, url_name):
    url = reverse(url_name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("url_name", ["home", "how_it_works", "account_login", "account_signup"])
def test_public_pages_are_open_to_everyone(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert "The District is committed to equal opportunity and nondiscrimination" in (
        response.content.decode()
    )


def test_navigation_shows_only_what_the_role_may_use(client, make_user):
    client.force_login(make_user(Role.COORDINATOR))
    page = client.get(reverse("requests_app:home")).content.decode()
    assert reverse("requests_app:home") in page
    assert reverse("compliance:home") not in page
    assert reverse("admin:index") not in page
