"""Admin for contracts, hand-recorded opportunities and the at-risk reminders sent."""

from django.contrib import admin

from partnerconnect.formats import format_money

from .models import AtRiskReminder, Contract, Opportunity
from .rules import Tier, tier_value_q


class TierFilter(admin.SimpleListFilter):
    """The tier follows from the value (compliance.rules): filter by the same boundaries."""

    title = "tier"
    parameter_name = "tier"

    def lookups(self, request, model_admin):
        return Tier.choices

    def queryset(self, request, queryset):
        if self.value() in Tier.values:
            return queryset.filter(tier_value_q(self.value()))
        return queryset


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "contractor",
        "title",
        "value_display",
        "tier_display",
        "start_date",
        "end_date",
        "signed_date",
    ]
    list_filter = [TierFilter, "start_date", "end_date"]
    search_fields = ["number", "title", "contractor__name"]
    list_select_related = ["contractor"]
    autocomplete_fields = ["contractor"]
    readonly_fields = ["tier_display", "created_at", "updated_at"]
    date_hierarchy = "start_date"

    @admin.display(description="value", ordering="value")
    def value_display(self, obj):
        return format_money(obj.value) if obj.value is not None else "—"

    @admin.display(description="tier")
    def tier_display(self, obj):
        return obj.tier.value if obj.value is not None else "—"


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = [
        "delivered_on",
        "organization",
        "experience",
        "school",
        "students",
        "note",
        "source",
    ]
    list_filter = ["source", "experience__tier", "experience", "delivered_on"]
    search_fields = ["organization__name", "note"]
    list_select_related = ["organization", "experience", "school"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["recorded_by"]
    date_hierarchy = "delivered_on"


@admin.register(AtRiskReminder)
class AtRiskReminderAdmin(admin.ModelAdmin):
    list_display = ["contract", "year", "year_end", "opportunities_owed", "expo_owed", "sent_at"]
    list_filter = ["expo_owed", "sent_at"]
    search_fields = ["contract__number", "contract__contractor__name", "recipients"]
    list_select_related = ["contract__contractor"]
    raw_id_fields = ["contract"]
    readonly_fields = ["sent_at"]
