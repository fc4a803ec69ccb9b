"""Puts the signed-in user's roles in every template, for the navigation."""

from .roles import Role
from .selectors import user_roles


def roles(request):
    held = user_roles(request.user) if hasattr(request, "user") else set()
    return {"user_roles": {role.value: role in held for role in Role}}
