"""Admin for Expo editions (with their sponsor levels), registrations and reminders sent."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, Q

from .models import DeadlineReminder, ExpoEdition, Registration, SponsorLevel
from .selectors import expo_booths_taken
from .services import expo_register


class SponsorLevelInline(admin.TabularInline):
    model = SponsorLevel
    fields = ["name", "price", "exhibitor_equivalent", "position"]
    extra = 1


@admin.register(ExpoEdition)
class ExpoEditionAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "year",
        "date",
        "venue",
        "registration_deadline",
        "booth_capacity",
        "exhibitors",
    ]
    search_fields = ["venue", "year"]
    inlines = [SponsorLevelInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                exhibitor_count=Count("registrations", filter=Q(registrations__kind="exhibitor"))
            )
        )

    @admin.display(description="booths taken", ordering="exhibitor_count")
    def exhibitors(self, obj):
        return obj.exhibitor_count


@admin.register(SponsorLevel)
class SponsorLevelAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "price", "exhibitor_equivalent", "position"]
    list_filter = ["edition", "exhibitor_equivalent"]
    search_fields = ["name"]
    list_select_related = ["edition"]


class RegistrationAdminForm(forms.ModelForm):
    class Meta:
        model = Registration
        fields = ["edition", "organization", "kind", "sponsor_level"]

    def clean(self):
        data = super().clean()
        edition = self.instance.edition if self.instance.pk else data.get("edition")
        kind = data.get("kind")
        level = data.get("sponsor_level")
        if kind == Registration.Kind.SPONSOR and level is None:
            self.add_error("sponsor_level", "A sponsor registration needs a level.")
        if level is not None and edition is not None and level.edition_id != edition.pk:
            self.add_error("sponsor_level", f"This level is not one of the {edition}.")
        was_exhibitor = self.instance.pk and self.instance.kind == Registration.Kind.EXHIBITOR
        if (
            edition
            and kind == Registration.Kind.EXHIBITOR
            and not was_exhibitor
            and expo_booths_taken(edition) >= edition.booth_capacity
        ):
            self.add_error("kind", f"No exhibitor booth is left at the {edition}.")
        return data


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Saved through expo_register, which locks the edition: the admin cannot overbook."""

    form = RegistrationAdminForm
    list_display = ["organization", "edition", "kind", "sponsor_level", "source", "created_at"]
    list_filter = ["edition", "kind", "sponsor_level__exhibitor_equivalent", "source"]
    search_fields = ["organization__name", "registered_by__email"]
    list_select_related = ["organization", "edition", "sponsor_level"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["registered_by", "sponsor_level"]
    readonly_fields = ["created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # moving a registration is deleting it and registering anew
            return [*self.readonly_fields, "edition", "organization"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        registration, _ = expo_register(
            edition=obj.edition,
            organization=obj.organization,
            kind=obj.kind,
            sponsor_level=obj.sponsor_level if obj.kind == Registration.Kind.SPONSOR else None,
            by=request.user,
            source=Registration.Source.STAFF,
            enforce_deadline=False,
            notify=False,
        )
        obj.pk = registration.pk
        obj.refresh_from_db()


@admin.register(DeadlineReminder)
class DeadlineReminderAdmin(admin.ModelAdmin):
    list_display = ["organization", "edition", "sent_at"]
    list_filter = ["edition"]
    search_fields = ["organization__name", "recipients"]
    list_select_related = ["organization", "edition"]
    raw_id_fields = ["organization", "edition"]
    readonly_fields = ["sent_at"]
