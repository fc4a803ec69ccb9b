"""The audit log in the admin, for District Admins (auditlog's "view log entry" permission):
read-only, filtered by action, event, model, user and date, searched by user, record or typed
name. Replaces auditlog's own admin with filters that stay cheap on a large log."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.html import format_html

from accounts.roles import Role

from .models import AuditEvent

admin.site.unregister(LogEntry)


class EventFilter(admin.SimpleListFilter):
    title = "event"
    parameter_name = "event"
    CHANGE = "change"

    def lookups(self, request, model_admin):
        return [(self.CHANGE, "Change to a record"), *AuditEvent.Kind.choices]

    def queryset(self, request, queryset):
        if self.value() == self.CHANGE:
            return queryset.filter(
                Q(additional_data__isnull=True) | ~Q(additional_data__has_key="event")
            )
        if self.value() in AuditEvent.Kind.values:
            return queryset.filter(additional_data__event=self.value())
        return queryset


class ModelFilter(admin.SimpleListFilter):
    """The audited models and the audit events: a fixed list, not a scan of the log."""

    title = "model"
    parameter_name = "model"

    def lookups(self, request, model_admin):
        models = [*auditlog.get_models(), AuditEvent]
        types = ContentType.objects.get_for_models(*models, for_concrete_models=False)
        return sorted(
            ((str(types[model].pk), model._meta.verbose_name.capitalize()) for model in models),
            key=lambda choice: choice[1],
        )

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(content_type_id=self.value())
        return queryset


class ActorFilter(admin.SimpleListFilter):
    """The district's staff by name; anyone else (a partner) by the link in the User column,
    or by searching their email."""

    title = "user"
    parameter_name = "actor"
    STAFF_ROLES = (Role.COORDINATOR, Role.PROCUREMENT, Role.DISTRICT_ADMIN)

    def lookups(self, request, model_admin):
        staff = (
            get_user_model()
            .objects.filter(groups__name__in=[role.group_name for role in self.STAFF_ROLES])
            .distinct()
            .order_by("email")
        )
        choices = [(str(user.pk), user.email) for user in staff]
        if self.value() and self.value() not in {pk for pk, _ in choices}:
            chosen = get_user_model().objects.filter(pk=self.value()).first()
            if chosen is not None:
                choices.append((str(chosen.pk), chosen.email))
        return choices

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(actor_id=self.value())
        return queryset


@admin.register(LogEntry)
class AuditLogEntryAdmin(LogEntryAdmin):
    list_display = [
        "created",
        "event",
        "resource_url",
        "action",
        "msg_short",
        "user_url",
        "remote_addr",
    ]
    list_filter = [
        "action",
        EventFilter,
        ModelFilter,
        ActorFilter,
        ("timestamp", admin.DateFieldListFilter),
    ]
    search_fields = ["object_repr", "actor_email", "actor__email"]
    readonly_fields = [
        "created",
        "event",
        "resource_url",
        "action",
        "user_url",
        "remote_addr",
        "msg",
        "details",
    ]
    fieldsets = [
        (None, {"fields": ["created", "event", "user_url", "remote_addr", "resource_url"]}),
        ("Changes", {"fields": ["action", "msg", "details"]}),
    ]
    show_full_result_count = False

    @admin.display(description="Event")
    def event(self, obj):
        kind = (obj.additional_data or {}).get("event")
        if kind in AuditEvent.Kind.values:
            return AuditEvent.Kind(kind).label
        return "Change to a record"

    @admin.display(description="User")
    def user_url(self, obj):
        """The user's entries (a filter of this log), or who they were if since deleted."""
        if obj.actor_id:
            return format_html(
                '<a href="?actor={}">{}</a>', obj.actor_id, obj.actor_email or obj.actor
            )
        return obj.actor_email or "system or anonymous"

    @admin.display(description="Details")
    def details(self, obj):
        data = {key: value for key, value in (obj.additional_data or {}).items() if key != "event"}
        return "; ".join(f"{key}: {value}" for key, value in data.items()) or "-"
