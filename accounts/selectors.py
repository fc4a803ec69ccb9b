"""Reads about users: their roles and the home page each role lands on."""

from django.urls import reverse

from .roles import Role

# The page each role lands on, strongest role first.
ROLE_HOMES: tuple[tuple[Role, str], ...] = (
    (Role.DISTRICT_ADMIN, "accounts:district_home"),
    (Role.PROCUREMENT, "compliance:home"),
    (Role.COORDINATOR, "requests_app:home"),
    (Role.PARTNER, "partners:home"),
)


def user_has_role(user, role: Role) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(role.permission))


def user_roles(user) -> set[Role]:
    return {role for role in Role if user_has_role(user, role)}


def user_home_url(user) -> str:
    for role, url_name in ROLE_HOMES:
        if user_has_role(user, role):
            return reverse(url_name)
    return reverse("home")
