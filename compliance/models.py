"""Contracts with their contractor, hand-recorded delivered opportunities, and the record of
at-risk reminders sent (one per contract year)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from partnerconnect.formats import format_money
from partners.models import Experience, Organization
from requests_app.models import School

from .rules import ContractYear, Tier, contract_tier, contract_years

MAX_CONTRACT_VALUE = Decimal("999999999999.99")


class Contract(models.Model):
    """A district contract. Its tier follows from its value (`compliance.rules.contract_tier`)."""

    number = models.CharField("contract number", max_length=50, unique=True)
    contractor = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="contracts")
    title = models.CharField(max_length=200, blank=True)
    value = models.DecimalField("value (US dollars)", max_digits=14, decimal_places=2)
    start_date = models.DateField()
    end_date = models.DateField(help_text="The last day of the contract (inclusive).")
    signed_date = models.DateField("date signed")
    other_proof = models.TextField(
        "other proof of registration",
        blank=True,
        help_text=(
            "When the contractor proved its Partner Connect registration another way (e.g. the "
            "confirmation email attached to the signed contract), say what and when."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="compliance_contract_term_order"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="compliance_contract_value_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["value"]), models.Index(fields=["start_date", "end_date"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}" if self.title else self.number

    @property
    def tier(self) -> Tier:
        return contract_tier(self.value)

    @property
    def value_display(self) -> str:
        return format_money(self.value)

    @property
    def years(self) -> list[ContractYear]:
        return contract_years(self.start_date, self.end_date)


class Opportunity(models.Model):
    """A delivered career-learning opportunity recorded by staff or imported (delivered
    outside the platform, or before it existed). One row is one event."""

    class Source(models.TextChoices):
        STAFF = "staff", "Recorded by staff"
        IMPORT = "import", "Imported"

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="recorded_opportunities"
    )
    delivered_on = models.DateField("date delivered", db_index=True)
    experience = models.ForeignKey(
        Experience, on_delete=models.PROTECT, related_name="recorded_opportunities"
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_opportunities",
    )
    students = models.PositiveIntegerField("students reached", null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.STAFF)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities_recorded",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "opportunities"
        ordering = ["-delivered_on", "-pk"]
        constraints = [
            # A re-import of the same row does not count it twice.
            models.UniqueConstraint(
                fields=["organization", "delivered_on", "experience", "note"],
                name="compliance_opportunity_one_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.experience} · {self.delivered_on:%Y-%m-%d}"


class AtRiskReminder(models.Model):
    """One row per contract year whose at-risk reminder was queued: claimed before the
    emails are stored, so a late or repeated run neither skips nor repeats."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    year = models.PositiveSmallIntegerField("contract year")
    year_end = models.DateField()
    opportunities_owed = models.PositiveSmallIntegerField(default=0)
    expo_owed = models.BooleanField(default=False)
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    contractor_notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the contractor's admins were told (once they exist)."
    )

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year"], name="compliance_at_risk_reminder_once_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"At-risk reminder for {self.contract.number}, year {self.year}"
