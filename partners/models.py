"""Catalogs of the intake survey, organizations and partner profiles."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class CatalogQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class CatalogEntry(models.Model):
    """An entry of one of the survey's lists: renamed, reordered or retired in the admin.

    Code refers to an entry by its `code`, never by its label; retiring an entry hides it
    from the survey and keeps it on the profiles that chose it.
    """

    code = models.SlugField(
        max_length=60, unique=True, help_text="Stable key used by imports and code."
    )
    name = models.CharField(max_length=200)
    help_text = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0, db_index=True)
    is_active = models.BooleanField("active", default=True, help_text="Untick to retire the entry.")

    objects = CatalogQuerySet.as_manager()

    # What partners read, kept per language by django-modeltranslation (partners/translation.py):
    # `name` reads `name_es` etc. in the active language, the English `name_en` when empty.
    translated_fields = ("name", "help_text")

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """The untranslated columns (`name`, ...) keep the English wording whatever the
        editor's language: queries from other tables (reports, CSV exports, compliance)
        read them. An entry made with no English text takes the text it was given."""
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        with translation.override(default):
            for name in self.translated_fields:
                english = f"{name}_{default.replace('-', '_')}"
                if hasattr(self, english) and not getattr(self, english):
                    setattr(self, english, self.__dict__.get(name) or "")
            super().save(*args, **kwargs)

    @property
    def label_with_help(self) -> str:
        return f"{self.name} ({self.help_text})" if self.help_text else self.name


class PartnerRole(CatalogEntry):
    requires_organization = models.BooleanField(
        default=False, help_text="Partners in this role must name their company or organization."
    )

    class Meta(CatalogEntry.Meta):
        verbose_name = "role"


class OrganizationType(CatalogEntry):
    needs_detail = models.BooleanField(
        default=False, help_text="Asks the partner to describe the type (e.g. Other)."
    )


class Certification(CatalogEntry):
    is_exclusive = models.BooleanField(
        default=False, help_text="Excludes every other choice (e.g. N/A)."
    )


class Tier(CatalogEntry):
    """A tier of Career Related Learning Experiences (Career Awareness, Exploration, Preparation)."""

    grades = models.CharField(max_length=60, blank=True)
    description = models.TextField(blank=True)

    translated_fields = ("name", "help_text", "grades", "description")


class Experience(CatalogEntry):
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="experiences")


class Contribution(CatalogEntry):
    pass


class Pathway(CatalogEntry):
    is_exclusive = models.BooleanField(
        default=False, help_text="'No Preference': excludes the others and matches any pathway."
    )


class Organization(models.Model):
    name = models.CharField(max_length=200)
    type = models.ForeignKey(
        OrganizationType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    type_detail = models.CharField("type (other)", max_length=200, blank=True)
    certifications = models.ManyToManyField(Certification, blank=True, related_name="organizations")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="partners_organization_name_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.name


# The partner row's facts, derived from its answers and engagements for matching and the
# dashboard, written only by their refresh services.
FACT_FIELDS = frozenset(
    {
        "experience_keys",
        "pathway_keys",
        "search_text",
        "engagement_count",
        "answered_count",
        "ignored_count",
        "supply_keys",
    }
)


class Partner(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New, not yet contacted")
        # Translators: a partner's status.
        ACTIVE = "active", _("Active")
        # Translators: a partner's status.
        INACTIVE = "inactive", _("Inactive")

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        VIRTUAL = "virtual", _("Virtually")
        BOTH = "both", _("Both in person and virtually")

    class Availability(models.TextChoices):
        SCHOOL_DAY = "school_day", _("During the school day")
        AFTER_SCHOOL = "after_school", _("After school")
        SUMMER = "summer", _("Summer")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner"
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(_("contact email"))
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    job_title = models.CharField(_("contact job title"), max_length=150, blank=True)
    roles = models.ManyToManyField(PartnerRole, related_name="partners")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="partners"
    )
    is_organization_admin = models.BooleanField(
        default=False,
        help_text=(
            "Confirmed by district staff: sees and acts for the organization (its contracts, "
            "Expo registration, reports) and receives its reminders."
        ),
    )
    experiences = models.ManyToManyField(Experience, blank=True, related_name="partners")
    contributions = models.ManyToManyField(Contribution, blank=True, related_name="partners")
    pathways = models.ManyToManyField(Pathway, blank=True, related_name="partners")
    zip_code = models.CharField(_("ZIP code"), max_length=5)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    travel_miles = models.PositiveSmallIntegerField(_("travel distance (miles)"), default=10)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.BOTH)
    skills = models.CharField(_("skills and expertise"), max_length=500, blank=True)
    languages = models.CharField(_("languages besides English"), max_length=300, blank=True)
    availability = models.JSONField(default=list, blank=True)
    # The language of the partner's emails (and of their pages once signed in): the one the
    # survey was filled in, then whatever they choose with the language switcher.
    language = models.CharField(
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language of the partner's emails: the survey's, or their choice since.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    confirmation_number = models.CharField(max_length=20, unique=True)
    submitted_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partners_contacted",
    )

    # Facts kept on the row so that matching and the directory read one table: derived from
    # the answers above and the partner's engagements, kept current by the services in the
    # same transaction, rebuilt by `manage.py matching_refresh`. The ids are JSON objects
    # keyed by id ({"12": true}) so that has_key / has_any_keys work on every database; on
    # PostgreSQL GIN indexes serve them (see the migration).
    experience_keys = models.JSONField(default=dict, blank=True, editable=False)
    pathway_keys = models.JSONField(default=dict, blank=True, editable=False)
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="Name, organization, job title and skills, lowercased.",
    )
    engagement_count = models.PositiveIntegerField(default=0, editable=False)
    answered_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Invitations answered (accepted or declined)."
    )
    ignored_count = models.PositiveIntegerField(
        default=0, editable=False, help_text="Invitations left to expire."
    )
    # What the partner adds to the supply counts (`SupplyCount`): `partners.rules
    # .partner_supply_keys` of its status, organization, pathways and tiers when last refreshed.
    supply_keys = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["contacted_at", "submitted_at"]),
            models.Index(
                fields=["last_name", "first_name", "id"], name="partners_partner_name_idx"
            ),
            # The directory's "near a school": the box, the distance and the order by name
            # read from the index alone (PostgreSQL; other databases ignore `include`).
            models.Index(
                fields=["latitude", "longitude"],
                include=["status", "last_name", "id"],
                name="partners_partner_place_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(travel_miles__lte=500), name="partners_partner_travel_miles_max"
            ),
        ]

    # Derived from the other fields, never changed by a person, so the audit trail skips
    # them: the facts, and the place of the ZIP code.
    DERIVED_FIELDS = FACT_FIELDS | {"latitude", "longitude"}

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def save(self, *args, **kwargs):
        """Saving a row loaded earlier never writes its facts back: only their refresh
        services write them (partners.services.partner_facts_refresh and
        requests_app.services.partner_engagement_counts_refresh), so a stale copy cannot
        undo a newer count."""
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in FACT_FIELDS
            ]
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class SupplyCount(models.Model):
    """How many active partners count under one key of the district's supply: all of them
    ("active"), a pathway, a tier, an organization. Kept current with the partners' facts by
    `partners.services.partner_facts_refresh`, in the transaction of each change, so the
    district dashboard reads a few rows instead of every partner; `manage.py
    matching_refresh` rebuilds them (`supply_counts_rebuild`)."""

    class Kind(models.TextChoices):
        ACTIVE = "active", "Active partners"
        PATHWAY = "pathway", "Pathway"
        TIER = "tier", "Tier"
        ORGANIZATION = "organization", "Organization"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    entry_id = models.PositiveIntegerField(
        default=0, help_text="The pathway, tier or organization counted (0 for all)."
    )
    partners = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "entry_id"], name="partners_supply_count_key"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.entry_id}: {self.partners}"


class CertificationClaim(models.Model):
    """A partner's answer to the certifications question that they may not write to the
    organization's record (they are not its staff-confirmed admin): kept for district
    staff to confirm or dismiss. Certifications are a fact procurement relies on, so an
    answer never changes the record by itself."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for district staff")
        CONFIRMED = "confirmed", _("Confirmed and applied")
        DISMISSED = "dismissed", _("Dismissed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="certification_claims"
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="certification_claims"
    )
    certifications = models.ManyToManyField(Certification, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-claimed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "partner"],
                condition=models.Q(status="pending"),
                name="partners_certificationclaim_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}'s certifications for {self.organization}"


class SurveyDraft(models.Model):
    """A signed-in partner's unfinished survey: the wizard's stored answers and current step."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_draft"
    )
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Survey draft of {self.user}"


class OverdueDigest(models.Model):
    """One row per day the overdue-partners digest was sent: a rerun cannot send it twice."""

    day = models.DateField(unique=True)
    partner_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Overdue digest of {self.day}"
