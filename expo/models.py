"""Editions of the Northwest Youth Careers Expo, their sponsor levels, organizations'
registrations (exhibitor or sponsor) and the record of deadline reminders sent."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from partners.models import Organization

from .rules import registration_meets_expo

DEFAULT_BOOTH_CAPACITY = 150


class ExpoEdition(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    date = models.DateField(unique=True, help_text="The day of the Expo.")
    venue = models.CharField(max_length=200, blank=True)
    registration_deadline = models.DateField(null=True, blank=True)
    booth_capacity = models.PositiveIntegerField(
        default=DEFAULT_BOOTH_CAPACITY, help_text="Exhibitor booths available."
    )
    registration_url = models.URLField(
        blank=True, default="https://www.portlandworkforcealliance.org/expo"
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__year=F("year")), name="expo_edition_year_matches_date"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True)
                | Q(registration_deadline__lte=F("date")),
                name="expo_edition_deadline_before_expo",
            ),
        ]

    def __str__(self) -> str:
        return f"Expo {self.year}"


class SponsorLevel(models.Model):
    edition = models.ForeignKey(
        ExpoEdition, on_delete=models.CASCADE, related_name="sponsor_levels"
    )
    name = models.CharField(max_length=100)
    price = models.DecimalField("price (US dollars)", max_digits=10, decimal_places=2)
    exhibitor_equivalent = models.BooleanField(
        default=False,
        help_text="A sponsor at this level meets a major contract's Expo requirement.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "position", "-price"]
        constraints = [
            models.UniqueConstraint(
                "edition", Lower("name"), name="expo_sponsor_level_name_unique_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0), name="expo_sponsor_level_price_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Registration(models.Model):
    class Kind(models.TextChoices):
        EXHIBITOR = "exhibitor", _("Exhibitor (a booth)")
        SPONSOR = "sponsor", _("Sponsor")

    class Source(models.TextChoices):
        SITE = "site", "Registered on Partner Connect"
        IMPORT = "import", "Imported"
        STAFF = "staff", "Recorded by staff"

    edition = models.ForeignKey(ExpoEdition, on_delete=models.PROTECT, related_name="registrations")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="expo_registrations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sponsor_level = models.ForeignKey(
        SponsorLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SITE)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="expo_registrations",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edition", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organization"], name="expo_registration_one_per_organization"
            ),
            models.CheckConstraint(
                condition=(Q(kind="exhibitor") & Q(sponsor_level__isnull=True))
                | (Q(kind="sponsor") & Q(sponsor_level__isnull=False)),
                name="expo_registration_level_only_for_sponsors",
            ),
        ]
        indexes = [models.Index(fields=["edition", "kind"])]

    def __str__(self) -> str:
        return f"{self.organization} · {self.edition} · {self.get_kind_display()}"

    @property
    def counts_as_exhibitor(self) -> bool:
        level = self.sponsor_level
        return registration_meets_expo(
            kind=self.kind, exhibitor_equivalent=bool(level and level.exhibitor_equivalent)
        )


class DeadlineReminder(models.Model):
    """One row per edition and organization reminded before the registration deadline:
    claimed before the email is stored, so a late or repeated run neither skips nor repeats."""

    edition = models.ForeignKey(ExpoEdition, on_delete=models.CASCADE, related_name="reminders")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="expo_reminders"
    )
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organization"], name="expo_deadline_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Deadline reminder to {self.organization} for {self.edition}"
