"""Writes about users: giving and taking roles."""

from django.contrib.auth.models import Group

from .models import User
from .roles import Role


def user_assign_role(*, user: User, role: Role) -> None:
    group = Group.objects.get(name=role.group_name)
    user.groups.add(group)
    if role == Role.DISTRICT_ADMIN and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    _forget_cached_permissions(user)


def _forget_cached_permissions(user: User) -> None:
    for attribute in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attribute, None)
