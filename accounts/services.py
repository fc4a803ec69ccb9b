"""Writes about users: giving and taking roles."""

from django.contrib.auth.models import Group

from .models import User
from .roles import Role


def user_assign_role(*, user: User, role: Role) -> None:
    group = Group.objects.get(name=role.group_name)
    user.groups.add(group)
    user_apply_roles(user=user)


def user_apply_roles(*, user: User) -> None:
    """What holding a role implies beyond its group: a District Admin signs in to the Django
    admin (`is_staff`), where the group's permissions apply. Never `is_superuser`: superusers
    are the operators'. Called after the roles change, here or in the admin's groups field."""
    if not user.is_staff and user.groups.filter(name=Role.DISTRICT_ADMIN.group_name).exists():
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    _forget_cached_permissions(user)


def _forget_cached_permissions(user: User) -> None:
    for attribute in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(attribute, None)
