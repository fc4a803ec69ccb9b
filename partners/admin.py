"""Admin for the catalogs, organizations and partners: search, filters, CSV export."""

from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from modeltranslation.utils import build_localized_fieldname

from partnerconnect.spreadsheets import csv_response

from .models import (
    Certification,
    CertificationClaim,
    Contribution,
    Experience,
    Organization,
    OrganizationType,
    OverdueDigest,
    Partner,
    PartnerRole,
    Pathway,
    SurveyDraft,
    Tier,
)
from .services import (
    IMPORT_COLUMNS,
    certification_claim_review,
    partner_facts_refresh,
    partner_supply_release,
)


class CatalogAdmin(admin.ModelAdmin):
    """Rename, reorder (position) and retire (untick active) without deleting history.

    The text partners read (name, help text; a tier's grades and description) is kept per
    language (partners/translation.py): the entry's own fields hold the English wording,
    and each other language has its section below them, where an empty field shows the
    English. The page is always in English, so its own fields always mean the English.
    """

    list_display = ["name", "code", "help_text", "position", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code", "help_text"]
    ordering = ["position", "name"]

    def has_delete_permission(self, request, obj=None):
        return False  # retire instead: profiles keep the entries they chose

    def get_exclude(self, request, obj=None):
        # The English columns are the entry's own fields (`name` writes `name_en` in English).
        return [
            build_localized_fieldname(field, settings.LANGUAGE_CODE)
            for field in self.model.translated_fields
        ]

    def get_fieldsets(self, request, obj=None):
        translations = {
            code: [build_localized_fieldname(field, code) for field in self.model.translated_fields]
            for code, _name in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE
        }
        columns = {column for fields in translations.values() for column in fields}
        own = [field for field in self.get_fields(request, obj) if field not in columns]
        return [
            (None, {"fields": own}),
            *(
                (f"{capfirst(get_language_info(code)['name_local'])} ({code})", {"fields": fields})
                for code, fields in translations.items()
            ),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """A translation's field says what it translates and into which language: "Label
        (es)" for the name (so that the English "Name" stays the only one), "Help text (es)"."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        original = getattr(db_field, "translated_field", None)
        if field is not None and original is not None:
            what = "label" if original.name == "name" else original.verbose_name
            field.label = f"{capfirst(what)} ({db_field.language})"
        return field

    def changeform_view(self, request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            response = super().changeform_view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()  # in English too
            return response


admin.site.register(PartnerRole, CatalogAdmin)
admin.site.register(OrganizationType, CatalogAdmin)
admin.site.register(Certification, CatalogAdmin)
admin.site.register(Contribution, CatalogAdmin)
admin.site.register(Pathway, CatalogAdmin)
admin.site.register(Tier, CatalogAdmin)


@admin.register(Experience)
class ExperienceAdmin(CatalogAdmin):
    list_display = ["name", "tier", "code", "help_text", "position", "is_active"]
    list_filter = ["tier", "is_active"]
    list_select_related = ["tier"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "tier" in form.changed_data:  # its partners now count under the new tier
            partner_facts_refresh(partner_ids=obj.partners.values_list("pk", flat=True))


# The import's columns first, so that an export can be imported again.
PARTNER_CSV_HEADER = [
    *IMPORT_COLUMNS,
    "delivery",
    "travel_miles",
    "skills",
    "languages",
    "status",
    "confirmation_number",
    "submitted_at",
    "contacted_at",
]


def _names(objects) -> str:
    return "; ".join(str(item) for item in objects)


@admin.action(description="Download the selected partners as CSV")
def export_partners_csv(modeladmin, request, queryset):
    partners = queryset.select_related("organization__type").prefetch_related(
        "roles", "experiences", "contributions", "pathways", "organization__certifications"
    )
    rows = (
        [
            partner.first_name,
            partner.last_name,
            partner.email,
            partner.phone,
            partner.job_title,
            _names(partner.roles.all()),
            partner.organization or "",
            (partner.organization.type or "") if partner.organization else "",
            _names(partner.organization.certifications.all()) if partner.organization else "",
            _names(partner.experiences.all()),
            _names(partner.contributions.all()),
            _names(partner.pathways.all()),
            partner.zip_code,
            partner.delivery,
            partner.travel_miles,
            partner.skills,
            partner.languages,
            partner.status,
            partner.confirmation_number,
            partner.submitted_at.isoformat(),
            partner.contacted_at.isoformat() if partner.contacted_at else "",
        ]
        for partner in partners
    )
    return csv_response("partners.csv", PARTNER_CSV_HEADER, rows)


@admin.action(description="Confirm as their organization's admin", permissions=["change"])
def confirm_organization_admin(modeladmin, request, queryset):
    updated = queryset.filter(organization__isnull=False).update(is_organization_admin=True)
    modeladmin.message_user(request, f"{updated} partner(s) confirmed as organization admin.")


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "email",
        "organization",
        "is_organization_admin",
        "status",
        "confirmation_number",
        "submitted_at",
        "contacted_at",
    ]
    list_filter = [
        "status",
        "delivery",
        "language",
        "roles",
        "experiences__tier",
        "experiences",
        "contributions",
        "pathways",
        "organization__type",
        "organization__certifications",
        "is_organization_admin",
        "submitted_at",
    ]
    search_fields = [
        "first_name",
        "last_name",
        "email",
        "organization__name",
        "confirmation_number",
        "skills",
        "languages",
        "zip_code",
    ]
    list_select_related = ["organization"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["user", "contacted_by"]
    filter_horizontal = ["roles", "experiences", "contributions", "pathways"]
    readonly_fields = ["confirmation_number", "submitted_at", "updated_at", "latitude", "longitude"]
    date_hierarchy = "submitted_at"
    actions = [export_partners_csv, confirm_organization_admin]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        partner_facts_refresh(partner_ids=[form.instance.pk])

    @transaction.atomic
    def delete_model(self, request, obj):
        partner_supply_release(partner_ids=[obj.pk])
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        partner_supply_release(partner_ids=queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)


class PartnerInline(admin.TabularInline):
    model = Partner
    fields = ["first_name", "last_name", "email", "is_organization_admin", "status"]
    readonly_fields = ["first_name", "last_name", "email", "status"]
    extra = 0
    can_delete = False
    show_change_link = True


class PendingClaimInline(admin.TabularInline):
    """What the organization's people answered about its certifications, waiting for staff:
    confirm or dismiss them from the certification claims list."""

    model = CertificationClaim
    verbose_name_plural = "Certification answers waiting for district staff"
    fields = ["partner", "claimed", "claimed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=CertificationClaim.Status.PENDING)
            .select_related("partner")
            .prefetch_related("certifications")
        )

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Answered")
    def claimed(self, claim):
        return _names(claim.certifications.all()) or "—"


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "created_at"]
    list_filter = ["type", "certifications"]
    search_fields = ["name"]
    list_select_related = ["type"]
    filter_horizontal = ["certifications"]
    inlines = [PendingClaimInline, PartnerInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:  # the partners' search text names it
            partner_facts_refresh(partner_ids=obj.partners.values_list("pk", flat=True))


@admin.register(SurveyDraft)
class SurveyDraftAdmin(admin.ModelAdmin):
    list_display = ["user", "updated_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(OverdueDigest)
class OverdueDigestAdmin(admin.ModelAdmin):
    list_display = ["day", "partner_count", "sent_at"]


def _review_claims(modeladmin, request, queryset, *, accept: bool) -> None:
    reviewed = 0
    for claim in queryset.filter(status=CertificationClaim.Status.PENDING):
        certification_claim_review(claim=claim, accept=accept, by=request.user)
        reviewed += 1
    verb = "confirmed and applied to the organization" if accept else "dismissed"
    modeladmin.message_user(request, f"{reviewed} claim(s) {verb}.")


@admin.action(
    description="Confirm: the organization's certifications become the answer",
    permissions=["change"],
)
def confirm_claims(modeladmin, request, queryset):
    _review_claims(modeladmin, request, queryset, accept=True)


@admin.action(description="Dismiss: keep the organization's record", permissions=["change"])
def dismiss_claims(modeladmin, request, queryset):
    _review_claims(modeladmin, request, queryset, accept=False)


@admin.register(CertificationClaim)
class CertificationClaimAdmin(admin.ModelAdmin):
    """Partners' answers about their organization's MWESB certifications that they may not
    write themselves (only the staff-confirmed organization admin may). Staff confirm each
    against the certificate before it changes the record procurement relies on."""

    list_display = ["organization", "partner", "claimed", "on_record", "status", "claimed_at"]
    list_filter = ["status", "claimed_at"]
    search_fields = ["organization__name", "partner__first_name", "partner__last_name"]
    list_select_related = ["organization", "partner"]
    readonly_fields = [
        "organization",
        "partner",
        "claimed",
        "on_record",
        "status",
        "claimed_at",
        "reviewed_at",
        "reviewed_by",
    ]
    fields = readonly_fields
    actions = [confirm_claims, dismiss_claims]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related("certifications", "organization__certifications")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Answered")
    def claimed(self, claim):
        return _names(claim.certifications.all()) or "—"

    @admin.display(description="On record")
    def on_record(self, claim):
        return _names(claim.organization.certifications.all()) or "—"
