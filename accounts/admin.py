"""The user admin: roles are given through the groups field; only superusers make superusers."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from .models import User
from .roles import Role
from .services import user_apply_roles

ROLE_GROUP_NAMES = [role.group_name for role in Role]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """A District Admin (not a superuser) gives and takes roles here, but cannot make anyone
    a superuser, hand out single permissions, or change an operator's (superuser's) account:
    changing its email or password would be signing in as the operator."""

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        (
            "Roles and permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        if obj is not None and hasattr(obj, "partner"):
            # A partner's account is closed by privacy.services.partner_account_delete (the
            # partner's own "Delete my account"): it withdraws their engagements, tells the
            # coordinators and keeps the district's supply counts right. (The bulk "delete
            # selected" checks this for each user too.)
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_GROUP_NAMES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        user = form.instance
        kept = []
        if not request.user.is_superuser:  # other groups are not offered to them: keep those
            kept = list(user.groups.exclude(name__in=ROLE_GROUP_NAMES))
        super().save_related(request, form, formsets, change)
        user.groups.add(*kept)
        user_apply_roles(user=user)
