"""Admin for schools (with their coordinators), requests, offers and engagements."""

from django.contrib import admin
from django.db import models

from .models import Engagement, Offer, Request, School
from .services import partner_engagement_counts_refresh


class RecountsPartnersAdmin(admin.ModelAdmin):
    """Edits here create, change or delete engagements (directly, inline, or by deleting
    what holds them): the engagement counts kept on the partners' rows follow."""

    def engagements_of(self, queryset):
        """The engagements that deleting `queryset` (of this admin's model) removes."""
        return Engagement.objects.filter(**{f"{self.model._meta.model_name}__in": queryset})

    def _recount(self, partner_ids) -> None:
        partner_engagement_counts_refresh(partner_ids=[pk for pk in partner_ids if pk])

    def delete_queryset(self, request, queryset):
        partner_ids = set(self.engagements_of(queryset).values_list("partner_id", flat=True))
        super().delete_queryset(request, queryset)
        self._recount(partner_ids)

    def delete_model(self, request, obj):
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def save_formset(self, request, form, formset, change):
        before = {f.initial.get("partner") for f in formset.forms}
        super().save_formset(request, form, formset, change)
        self._recount(before | {f.instance.partner_id for f in formset.forms})


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "level", "zip_code", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["name", "short_name", "address", "zip_code"]
    filter_horizontal = ["coordinators"]


class EngagementInline(admin.TabularInline):
    model = Engagement
    fk_name = "request"
    fields = ["partner", "status", "starts_at", "delivered_on", "students_reached"]
    raw_id_fields = ["partner"]
    extra = 0
    show_change_link = True


@admin.register(Request)
class RequestAdmin(RecountsPartnersAdmin):
    list_display = ["title", "school", "experience", "starts_on", "partners_wanted", "status"]
    list_filter = ["status", "school", "experience__tier", "delivery", "starts_on"]
    search_fields = ["title", "description", "skills", "school__name"]
    list_select_related = ["school", "experience"]
    raw_id_fields = ["created_by"]
    filter_horizontal = ["pathways"]
    date_hierarchy = "starts_on"
    inlines = [EngagementInline]


@admin.register(Offer)
class OfferAdmin(RecountsPartnersAdmin):
    list_display = ["title", "partner", "experience", "offered_on", "capacity", "status"]
    list_filter = ["status", "experience__tier", "delivery"]
    search_fields = ["title", "description", "partner__last_name", "partner__organization__name"]
    list_select_related = ["partner", "experience"]
    raw_id_fields = ["partner"]
    filter_horizontal = ["pathways"]


@admin.register(Engagement)
class EngagementAdmin(RecountsPartnersAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "__str__",
        "school",
        "status",
        "starts_at",
        "delivered_on",
        "students_reached",
        "volunteer_hours",
    ]
    list_filter = ["status", "school", "experience__tier", "delivered_on"]
    search_fields = [
        "partner__first_name",
        "partner__last_name",
        "organization__name",
        "request__title",
        "offer__title",
    ]
    list_select_related = ["partner", "school", "request", "offer"]
    raw_id_fields = ["request", "offer", "partner", "organization", "coordinator"]
    date_hierarchy = "created_at"

    def engagements_of(self, queryset):
        return queryset

    def save_model(self, request, obj, form, change):
        before = form.initial.get("partner")
        super().save_model(request, obj, form, change)
        self._recount({before, obj.partner_id})
