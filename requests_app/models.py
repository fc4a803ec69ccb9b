"""Schools, requests for help, partners' offers, and engagements (a partner taking part)."""

from datetime import time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.models import Experience, Organization, Partner, Pathway


class School(models.Model):
    class Level(models.TextChoices):
        ELEMENTARY = "elementary", "Elementary"
        MIDDLE = "middle", "Middle"
        HIGH = "high", "High"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True)
    short_name = models.CharField(max_length=60, blank=True, help_text="e.g. Grant HS")
    level = models.CharField(max_length=12, choices=Level.choices)
    address = models.CharField(max_length=200)
    zip_code = models.CharField("ZIP code", max_length=5)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    is_active = models.BooleanField("active", default=True)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="coordinated_schools"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Delivery(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    # Translators: how a session is given: in person or virtual, either one.
    EITHER = "either", _("Either")


class Request(models.Model):
    """What a Career Coordinator needs help with at a school."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        FILLED = "filled", "Filled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="requests")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requests_created"
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    experience = models.ForeignKey(Experience, on_delete=models.PROTECT, related_name="requests")
    pathways = models.ManyToManyField(Pathway, blank=True, related_name="requests")
    skills = models.CharField(
        _("skills or topics"), max_length=300, blank=True, help_text="Separate topics with commas."
    )
    grade_levels = models.CharField(max_length=60, help_text="e.g. 9-10, or 11, 12")
    student_count = models.PositiveIntegerField(_("number of students"))
    partners_wanted = models.PositiveSmallIntegerField(_("number of partners wanted"), default=1)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.IN_PERSON)
    starts_on = models.DateField(_("date (or first day of the window)"))
    ends_on = models.DateField(_("last day of the window"), null=True, blank=True)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    location = models.CharField(
        max_length=200, blank=True, help_text="Leave empty to use the school's address."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    cancel_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partners_wanted__gte=1), name="requests_request_partners_wanted_min"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="requests_request_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place(self) -> str:
        return self.location or f"{self.school.name}, {self.school.address}"


class Offer(models.Model):
    """An opportunity a partner proposes ("we host a worksite tour for 20 students on 12 March")."""

    class Status(models.TextChoices):
        # Translators: the status of a partner's offer: open to bookings.
        OPEN = "open", pgettext_lazy("offer status", "Open")
        BOOKED = "booked", _("Booked")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(max_length=200)
    description = models.TextField()
    experience = models.ForeignKey(Experience, on_delete=models.PROTECT, related_name="offers")
    pathways = models.ManyToManyField(Pathway, blank=True, related_name="offers")
    offered_on = models.DateField("date")
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField("number of students")
    grade_levels = models.CharField(max_length=60, blank=True)
    delivery = models.CharField(max_length=12, choices=Delivery.choices, default=Delivery.IN_PERSON)
    location = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["offered_on", "pk"]

    def __str__(self) -> str:
        return self.title


# An engagement whose times are not given: an offer booked without a start time starts at
# 9:00, and one without an end lasts an hour (the booking, the calendar file).
DEFAULT_START_TIME = time(9, 0)
DEFAULT_LENGTH = timedelta(hours=1)


class Engagement(models.Model):
    """A partner taking part in a request or a booked offer, from invitation to delivery.

    A delivered engagement is a delivered career-learning opportunity of the partner's
    organization on `delivered_on`: it is what compliance counts. `organization` is the
    partner's organization when the engagement was created, so a later change of employer
    does not move past opportunities.
    """

    class Status(models.TextChoices):
        # Translators: the statuses of an engagement (a partner taking part in a school's
        # request), shown as badges and, in lower case, in sentences ("This engagement is
        # cancelled.").
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Invitation expired")
        CLOSED = "closed", _("Closed: the request was filled")
        SCHEDULED = "scheduled", _("Scheduled")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")

    request = models.ForeignKey(
        Request, on_delete=models.CASCADE, null=True, blank=True, related_name="engagements"
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="engagements"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="engagements")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="engagements"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="engagements")
    experience = models.ForeignKey(Experience, on_delete=models.PROTECT, related_name="engagements")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="engagements_coordinated"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(null=True, blank=True)
    nudged_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response_message = models.TextField(blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    video_link = models.URLField(blank=True)
    calendar_sequence = models.PositiveIntegerField(default=0)
    week_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    delivered_on = models.DateField(null=True, blank=True, db_index=True)
    students_reached = models.PositiveIntegerField(null=True, blank=True)
    volunteer_hours = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    delivery_note = models.TextField(blank=True)
    coordinator_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    partner_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "partner"],
                condition=Q(request__isnull=False),
                name="requests_engagement_one_per_partner_and_request",
            ),
            models.CheckConstraint(
                condition=Q(request__isnull=False) | Q(offer__isnull=False),
                name="requests_engagement_has_request_or_offer",
            ),
            models.CheckConstraint(
                condition=~Q(status="delivered") | Q(delivered_on__isnull=False),
                name="requests_engagement_delivered_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "delivered_on"]),
            # Compliance's delivered opportunities: one event per organization, request or
            # offer, school and date, read from the index alone.
            models.Index(
                fields=["organization", "delivered_on", "request", "offer", "school"],
                condition=Q(status="delivered"),
                name="requests_engagement_events_idx",
            ),
            # Matching's "already committed that week": committed engagements by start.
            models.Index(
                fields=["starts_at", "partner"],
                condition=Q(status__in=["accepted", "scheduled"]),
                name="requests_engagement_busy_idx",
            ),
            # The dashboard's days to fill: the answers of the partners holding a request's
            # places, by request.
            models.Index(
                fields=["request", "responded_at"],
                condition=Q(
                    status__in=["accepted", "scheduled", "delivered"], responded_at__isnull=False
                ),
                name="requests_engagement_taken_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.request or self.offer}"

    @property
    def title(self) -> str:
        return str(self.request or self.offer)
