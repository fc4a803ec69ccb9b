from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """CSV uploads and their outcome: read-only, a record of what was imported."""

    list_display = [
        "created_at",
        "kind",
        "filename",
        "status",
        "rows_done",
        "rows_total",
        "created",
        "updated",
        "rejected_count",
        "created_by",
    ]
    list_filter = ["status", "kind", "created_at"]
    search_fields = ["filename", "created_by__email"]
    list_select_related = ["created_by"]
    exclude = ["csv_data"]
    readonly_fields = [
        "kind",
        "filename",
        "status",
        "rows_total",
        "rows_done",
        "created",
        "updated",
        "unchanged",
        "rejected_count",
        "rejected",
        "error",
        "created_by",
        "created_at",
        "updated_at",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False
