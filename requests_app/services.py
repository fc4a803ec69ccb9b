"""Writes of requests_app: requests, invitations and answers, scheduling, reminders, delivery,
and partners' offers. Every email goes through the outbox in the same transaction."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from notifications.services import email_queue
from partners.models import Partner

from . import links
from .calendar import ICS_MIMETYPE, engagement_ics
from .models import DEFAULT_LENGTH, DEFAULT_START_TIME, Engagement, Offer, Request, School
from .selectors import (
    ACTIVE_ENGAGEMENT_STATUSES,
    COMMITTED_STATUSES,
    INVITATION_NUDGE_AFTER,
    partner_ids_with_verified_email,
    request_next_invitees,
    request_taken_count,
    schools_for_user,
)

INVITATION_EXPIRES_AFTER = timedelta(days=7)
WEEK_REMINDER = timedelta(days=7)
DAY_REMINDER = timedelta(days=1)
# When the engagement is, in the reminder email ("this engagement is tomorrow").
# Translators: completes "A reminder: this engagement is …" in the reminder email.
REMINDER_TOMORROW = pgettext_lazy("engagement reminder", "tomorrow")
# Translators: completes "A reminder: this engagement is …" in the reminder email.
REMINDER_IN_A_WEEK = pgettext_lazy("engagement reminder", "in a week")

OFFER_FIELDS = [
    "title",
    "description",
    "experience",
    "offered_on",
    "start_time",
    "end_time",
    "capacity",
    "grade_levels",
    "delivery",
    "location",
]
REQUEST_FIELDS = [
    "title",
    "description",
    "experience",
    "skills",
    "grade_levels",
    "student_count",
    "partners_wanted",
    "delivery",
    "starts_on",
    "ends_on",
    "start_time",
    "end_time",
    "location",
]


class RequestFilled(Exception):
    """The request already has all the partners it asked for."""


def _check_school(user: User, school: School) -> None:
    if not schools_for_user(user).filter(pk=school.pk).exists():
        raise PermissionDenied("You do not act for this school.")


def _email_context(engagement: Engagement, **extra) -> dict:
    return {
        "engagement": engagement,
        "partner": engagement.partner,
        "request": engagement.request,
        "offer": engagement.offer,
        "school": engagement.school,
        "dashboard_url": links.absolute_url("partners:home"),
        "engagement_url": links.absolute_url("requests_app:engagement_detail", engagement.pk),
        **extra,
    }


# Requests


@transaction.atomic
def request_create(*, user: User, school: School, data: dict, publish: bool) -> Request:
    _check_school(user, school)
    request = Request(
        school=school,
        created_by=user,
        status=Request.Status.OPEN if publish else Request.Status.DRAFT,
    )
    _assign(request, data, REQUEST_FIELDS)
    request.full_clean(exclude=["created_by"])
    request.save()
    request.pathways.set(data.get("pathways", []))
    return request


def _assign(instance, data: dict, names) -> None:
    for name in names:
        if name in data:
            setattr(instance, name, data[name])


@transaction.atomic
def request_update(
    *, request: Request, user: User, data: dict, school: School | None = None
) -> Request:
    """Save a coordinator's edit; the partners already involved are told what changed."""
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.status in {Request.Status.CANCELLED, Request.Status.COMPLETED}:
        raise ValidationError("A cancelled or completed request cannot be edited.")
    if school is not None and school != request.school:
        _check_school(user, school)
        request.school = school
    before = {name: getattr(request, name) for name in REQUEST_FIELDS}
    _assign(request, data, REQUEST_FIELDS)
    taken = request_taken_count(request)
    if request.partners_wanted < taken:
        raise ValidationError(
            {
                "partners_wanted": f"{taken} partners have already accepted; ask for at least {taken}."
            }
        )
    request.full_clean(exclude=["created_by"])
    request.save()
    if "pathways" in data:
        request.pathways.set(data["pathways"])
    _request_refresh_status(request)
    # The fields' labels, in each partner's language when their email is written.
    changes = [
        capfirst(Request._meta.get_field(name).verbose_name)
        for name in REQUEST_FIELDS
        if before[name] != getattr(request, name)
    ]
    if changes:
        for engagement in request.engagements.filter(
            status__in=ACTIVE_ENGAGEMENT_STATUSES
        ).select_related("partner"):
            email_queue(
                to=engagement.partner.email,
                template="request_changed",
                context=_email_context(engagement, changes=changes),
                language=engagement.partner.language,
            )
    return request


@transaction.atomic
def request_publish(*, request: Request) -> Request:
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.status != Request.Status.DRAFT:
        raise ValidationError("Only a draft can be published.")
    request.status = Request.Status.OPEN
    request.save(update_fields=["status", "updated_at"])
    return request


@transaction.atomic
def request_cancel(*, request: Request, reason: str = "") -> Request:
    """Cancel the request and every engagement still active on it, telling each partner."""
    request = Request.objects.select_for_update().get(pk=request.pk)
    if request.status in {Request.Status.CANCELLED, Request.Status.COMPLETED}:
        raise ValidationError("This request is already closed.")
    request.status = Request.Status.CANCELLED
    request.cancel_reason = reason
    request.save(update_fields=["status", "cancel_reason", "updated_at"])
    for engagement in request.engagements.filter(
        status__in=ACTIVE_ENGAGEMENT_STATUSES
    ).select_related("partner", "school", "coordinator"):
        _engagement_close(
            engagement, Engagement.Status.CANCELLED, reason=reason, notify_partner=True
        )
    return request


def _engagement_close(
    engagement: Engagement, status: str, *, reason: str, notify_partner: bool
) -> None:
    was_scheduled = engagement.status == Engagement.Status.SCHEDULED
    engagement.status = status
    engagement.response_message = reason or engagement.response_message
    if was_scheduled:
        engagement.calendar_sequence += 1
    engagement.save()
    cancel_ics = (
        _cancel_attachments(engagement, language=engagement.partner.language)
        if was_scheduled
        else []
    )
    if notify_partner:
        email_queue(
            to=engagement.partner.email,
            template="engagement_cancelled",
            context=_email_context(engagement, reason=reason),
            attachments=cancel_ics,
            language=engagement.partner.language,
        )
    if was_scheduled:
        _queue_calendar_removal(engagement, to=engagement.coordinator.email, language=None)


def _ics(engagement: Engagement, *, language: str | None, cancelled: bool = False) -> bytes:
    """The engagement's calendar event, its text in the recipient's language."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return engagement_ics(engagement, cancelled=cancelled)


def _cancel_attachments(
    engagement: Engagement, *, language: str | None
) -> list[tuple[str, bytes, str]]:
    return [("cancel.ics", _ics(engagement, language=language, cancelled=True), ICS_MIMETYPE)]


def _queue_calendar_removal(engagement: Engagement, *, to: str, language: str | None) -> None:
    """The other side's calendar drops the event too (same UID, METHOD:CANCEL)."""
    email_queue(
        to=to,
        template="calendar_cancelled",
        context=_email_context(engagement),
        attachments=_cancel_attachments(engagement, language=language),
        language=language,
    )


# Invitations and answers


def _names(partners: list[Partner], *, most: int = 5) -> str:
    names = [str(partner) for partner in partners]
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    return " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else names[0]


def email_not_verified_message(partners: list[Partner]) -> str:
    """Why these partners are not invited, in the coordinator's words."""
    one = len(partners) == 1
    return (
        f"{_names(partners)} cannot be invited yet: {'their' if one else 'these'} email "
        f"address{'' if one else 'es'} {'is' if one else 'are'} not verified. Invitations go "
        f"only to addresses the partner has confirmed from the email we sent them."
    )


def engagement_on_request(
    request: Request, partner: Partner, *, coordinator: User, invited_at, **fields
) -> Engagement:
    """A new (unsaved) engagement of `partner` on `request`: its school and experience are the
    request's, its organization the partner's (what compliance counts), and the invitation
    expires INVITATION_EXPIRES_AFTER after `invited_at`. `fields` set the rest (the demo's
    histories set later states)."""
    return Engagement(
        request=request,
        partner=partner,
        organization=partner.organization,
        school=request.school,
        experience=request.experience,
        coordinator=coordinator,
        invited_at=invited_at,
        expires_at=invited_at + INVITATION_EXPIRES_AFTER,
        **{"status": Engagement.Status.INVITED, **fields},
    )


@transaction.atomic
def request_invite_partners(*, request: Request, partners, by: User) -> list[Engagement]:
    """Invite partners to an open request; one email each with accept / decline links.

    Only partners whose email is verified may be invited: if any is not, nobody is and the
    ValidationError names them."""
    request = Request.objects.select_for_update().get(pk=request.pk)
    _check_school(by, request.school)
    if request.status != Request.Status.OPEN:
        raise ValidationError("Only an open request can take invitations.")
    already = set(request.engagements.values_list("partner_id", flat=True))
    partners = [
        partner
        for partner in partners
        if partner.pk not in already and partner.status != Partner.Status.INACTIVE
    ]
    verified = partner_ids_with_verified_email(partner.pk for partner in partners)
    unverified = [partner for partner in partners if partner.pk not in verified]
    if unverified:
        raise ValidationError(email_not_verified_message(unverified))
    now = timezone.now()
    invited = []
    for partner in partners:
        engagement = engagement_on_request(request, partner, coordinator=by, invited_at=now)
        engagement.save()
        _queue_invitation(engagement, template="invitation")
        invited.append(engagement)
    partner_engagement_counts_refresh(partner_ids=[e.partner_id for e in invited])
    return invited


def _queue_invitation(engagement: Engagement, *, template: str) -> None:
    email_queue(
        to=engagement.partner.email,
        template=template,
        context=_email_context(
            engagement,
            accept_url=links.action_url(engagement.pk, links.ANSWER) + "?choice=accept",
            decline_url=links.action_url(engagement.pk, links.ANSWER) + "?choice=decline",
        ),
        language=engagement.partner.language,
    )


@dataclass
class NextInvitations:
    invited: list[Engagement]
    skipped: list[Partner]  # better ranked, but their email is not verified


def request_invite_next(*, request: Request, by: User, count: int | None = None) -> NextInvitations:
    """Invite the next best candidates whose email is verified: as many as the request
    still lacks (`request_invite_count`), or `count`; the better-ranked candidates whose
    email is not verified are skipped and returned."""
    partners, skipped = request_next_invitees(request, count=count)
    invited = request_invite_partners(request=request, partners=partners, by=by)
    return NextInvitations(invited=invited, skipped=skipped)


def engagement_answer(*, engagement: Engagement, accept: bool, message: str = "") -> Engagement:
    """The partner accepts or declines. A request never takes more partners than it wants:
    the request row is locked while the accepted partners are counted.

    Raises RequestFilled when the places were taken first; the invitation is then closed,
    and that is committed before the exception leaves.
    """
    engagement, filled = _engagement_answer(engagement=engagement, accept=accept, message=message)
    if filled:
        raise RequestFilled
    return engagement


@transaction.atomic
def _engagement_answer(
    *, engagement: Engagement, accept: bool, message: str
) -> tuple[Engagement, bool]:
    engagement = _lock_engagement(engagement.pk)
    request = engagement.request
    if request is None:
        raise ValidationError(
            _("This engagement was booked, not invited: there is nothing to answer.")
        )
    if engagement.status != Engagement.Status.INVITED:
        if accept and engagement.status == Engagement.Status.CLOSED:
            return engagement, True
        raise ValidationError(_("This invitation has already been answered or has expired."))
    now = timezone.now()
    if accept:
        if (
            request.status != Request.Status.OPEN
            or request_taken_count(request) >= request.partners_wanted
        ):
            engagement.status = Engagement.Status.CLOSED
            engagement.save(update_fields=["status", "updated_at"])
            return engagement, True
        engagement.status = Engagement.Status.ACCEPTED
    else:
        engagement.status = Engagement.Status.DECLINED
    engagement.responded_at = now
    engagement.response_message = message.strip()
    engagement.save(update_fields=["status", "responded_at", "response_message", "updated_at"])
    email_queue(
        to=engagement.coordinator.email,
        template="invitation_answered",
        context=_email_context(engagement),
    )
    if accept:
        _request_refresh_status(request)
    partner_engagement_counts_refresh(partner_ids=[engagement.partner_id])
    return engagement, False


def _lock_engagement(engagement_id: int) -> Engagement:
    """Lock the engagement's request (if any), then the engagement.

    Every service takes the two locks in this order, so two transactions never wait on
    each other (no deadlock).
    """
    request_id = (
        Engagement.objects.filter(pk=engagement_id).values_list("request_id", flat=True).first()
    )
    if request_id:
        Request.objects.select_for_update().filter(pk=request_id).first()
    return (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("partner", "coordinator", "school", "request", "offer")
        .get(pk=engagement_id)
    )


def _request_refresh_status(request: Request) -> None:
    """Open or filled, from the places taken; closing the invitations a filled request no
    longer needs. The caller holds the request's lock."""
    if request.status not in {Request.Status.OPEN, Request.Status.FILLED}:
        return
    filled = request_taken_count(request) >= request.partners_wanted
    status = Request.Status.FILLED if filled else Request.Status.OPEN
    if status != request.status:
        request.status = status
        request.save(update_fields=["status", "updated_at"])
    if filled:
        request.engagements.filter(status=Engagement.Status.INVITED).update(
            status=Engagement.Status.CLOSED, updated_at=timezone.now()
        )


# Scheduling, delivery, cancellation


@transaction.atomic
def engagement_schedule(
    *,
    engagement: Engagement,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    video_link: str = "",
) -> Engagement:
    """Set or change the date, time and place; both sides get a calendar invitation that
    replaces the previous one (same UID, higher SEQUENCE)."""
    engagement = _lock_engagement(engagement.pk)
    if engagement.status not in {Engagement.Status.ACCEPTED, Engagement.Status.SCHEDULED}:
        raise ValidationError("Only an accepted or scheduled engagement can be scheduled.")
    if ends_at <= starts_at:
        raise ValidationError("The end must be after the start.")
    if not place and not video_link:
        raise ValidationError("Give a place or a video link.")
    changed = engagement.status == Engagement.Status.SCHEDULED
    if changed:
        engagement.calendar_sequence += 1
    if engagement.starts_at != starts_at:
        engagement.week_reminder_sent_at = engagement.day_reminder_sent_at = None
        engagement.follow_up_sent_at = None
    engagement.starts_at, engagement.ends_at = starts_at, ends_at
    engagement.place, engagement.video_link = place, video_link
    engagement.status = Engagement.Status.SCHEDULED
    engagement.save()
    _queue_calendar(engagement, changed=changed)
    return engagement


def _recipients(engagement: Engagement) -> list[tuple[str, str | None]]:
    """Both sides of an engagement, each with the language of their emails (the
    coordinator's: LANGUAGE_CODE)."""
    return [
        (engagement.partner.email, engagement.partner.language),
        (engagement.coordinator.email, None),
    ]


def _queue_calendar(engagement: Engagement, *, changed: bool, booked: bool = False) -> None:
    for recipient, language in _recipients(engagement):
        ics = _ics(engagement, language=language)
        email_queue(
            to=recipient,
            template="engagement_scheduled",
            context=_email_context(
                engagement,
                changed=changed,
                booked=booked,
                cant_make_it_url=links.action_url(engagement.pk, links.CANT_MAKE_IT),
            ),
            attachments=[("invite.ics", ics, ICS_MIMETYPE)],
            language=language,
        )


@transaction.atomic
def engagement_cancel(
    *, engagement: Engagement, by: User, reason: str = "", no_show: bool = False
) -> Engagement:
    """The coordinator cancels an engagement, or records that the partner did not show."""
    engagement = _lock_engagement(engagement.pk)
    allowed = {*ACTIVE_ENGAGEMENT_STATUSES} if not no_show else {Engagement.Status.SCHEDULED}
    if engagement.status not in allowed:
        raise ValidationError("This engagement cannot be changed any more.")
    status = Engagement.Status.NO_SHOW if no_show else Engagement.Status.CANCELLED
    _engagement_close(engagement, status, reason=reason, notify_partner=not no_show)
    _reopen_request_if_short(engagement)
    return engagement


@transaction.atomic
def engagement_withdraw(*, engagement: Engagement, message: str = "") -> Engagement:
    """The partner can't make it: the coordinator is told and the calendar event cancelled."""
    engagement = _lock_engagement(engagement.pk)
    if engagement.status not in COMMITTED_STATUSES:
        raise ValidationError(_("This engagement is not planned any more."))
    was_scheduled = engagement.status == Engagement.Status.SCHEDULED
    engagement.status = Engagement.Status.CANCELLED
    engagement.response_message = message.strip()
    if was_scheduled:
        engagement.calendar_sequence += 1
    engagement.save()
    email_queue(
        to=engagement.coordinator.email,
        template="partner_withdrew",
        context=_email_context(engagement, message=message.strip()),
        attachments=_cancel_attachments(engagement, language=None) if was_scheduled else [],
    )
    if was_scheduled:
        _queue_calendar_removal(
            engagement, to=engagement.partner.email, language=engagement.partner.language
        )
    _reopen_request_if_short(engagement)
    return engagement


def _reopen_request_if_short(engagement: Engagement) -> None:
    if not engagement.request_id:
        return
    _request_refresh_status(Request.objects.select_for_update().get(pk=engagement.request_id))


@transaction.atomic
def engagement_confirm_delivery(
    *,
    engagement: Engagement,
    students_reached: int,
    volunteer_hours: Decimal,
    note: str = "",
    rating: int | None = None,
    by_partner: bool = False,
) -> Engagement:
    """It happened: record students reached, volunteer hours and a note. Compliance counts it."""
    engagement = _lock_engagement(engagement.pk)
    if engagement.status != Engagement.Status.SCHEDULED:
        raise ValidationError(_("Only a scheduled engagement can be confirmed, and only once."))
    if engagement.starts_at and engagement.starts_at > timezone.now():
        raise ValidationError(_("It can be confirmed once it has taken place."))
    engagement.status = Engagement.Status.DELIVERED
    engagement.delivered_on = (
        timezone.localtime(engagement.starts_at).date()
        if engagement.starts_at
        else timezone.localdate()
    )
    engagement.students_reached = students_reached
    engagement.volunteer_hours = volunteer_hours
    engagement.delivery_note = note.strip()
    if rating is not None:
        if by_partner:
            engagement.partner_rating = rating
        else:
            engagement.coordinator_rating = rating
    engagement.save()
    if engagement.request_id:
        request = Request.objects.select_for_update().get(pk=engagement.request_id)
        still_active = request.engagements.filter(status__in=ACTIVE_ENGAGEMENT_STATUSES).exists()
        if request.status == Request.Status.FILLED and not still_active:
            request.status = Request.Status.COMPLETED
            request.save(update_fields=["status", "updated_at"])
    return engagement


# Periodic work: nudges, expiries, reminders, follow-ups


def _claim(queryset):
    """Rows to act on, locked so that a second run at the same time skips them."""
    return list(
        queryset.select_for_update(skip_locked=True, of=("self",)).select_related(
            "partner", "coordinator", "school", "request", "offer"
        )
    )


@dataclass(frozen=True)
class DueStep:
    """One step of `engagements_process_due`: the engagements it is due for at `now`, what
    it stamps on each (the fields it sets, stored so that no step runs twice), and what it
    sends."""

    name: str
    due: Callable[[datetime], QuerySet[Engagement]]
    stamp: Callable[[Engagement, datetime], list[str]]
    send: Callable[[Engagement], None]
    # The step changes the partners' engagement counts (matching's facts): recount them.
    recounts_partners: bool = False


def _expire(engagement: Engagement, now: datetime) -> list[str]:
    engagement.status = Engagement.Status.EXPIRED
    return ["status"]


def _stamp_nudged(engagement: Engagement, now: datetime) -> list[str]:
    engagement.nudged_at = now
    return ["nudged_at"]


def _stamp_day_reminder(engagement: Engagement, now: datetime) -> list[str]:
    engagement.day_reminder_sent_at = now
    engagement.week_reminder_sent_at = engagement.week_reminder_sent_at or now  # too late for it
    return ["day_reminder_sent_at", "week_reminder_sent_at"]


def _stamp_week_reminder(engagement: Engagement, now: datetime) -> list[str]:
    engagement.week_reminder_sent_at = now
    return ["week_reminder_sent_at"]


def _stamp_follow_up(engagement: Engagement, now: datetime) -> list[str]:
    engagement.follow_up_sent_at = now
    return ["follow_up_sent_at"]


def _send_follow_up(engagement: Engagement) -> None:
    email_queue(
        to=engagement.coordinator.email,
        template="did_it_happen",
        context=_email_context(
            engagement, confirm_url=links.action_url(engagement.pk, links.CONFIRM)
        ),
    )


def _upcoming(now: datetime) -> QuerySet[Engagement]:
    return Engagement.objects.filter(status=Engagement.Status.SCHEDULED, starts_at__gt=now)


# In order: an invitation expires before it could be nudged, the day's reminder goes before
# the week's (and stands for it when it is too late for that one).
DUE_STEPS = (
    DueStep(
        "expired",
        lambda now: Engagement.objects.filter(
            status=Engagement.Status.INVITED, expires_at__lte=now
        ),
        _expire,
        lambda engagement: None,
        recounts_partners=True,
    ),
    DueStep(
        "nudged",
        lambda now: Engagement.objects.filter(
            status=Engagement.Status.INVITED,
            nudged_at__isnull=True,
            invited_at__lte=now - INVITATION_NUDGE_AFTER,
        ),
        _stamp_nudged,
        lambda engagement: _queue_invitation(engagement, template="invitation_nudge"),
    ),
    DueStep(
        "day",
        lambda now: _upcoming(now).filter(
            day_reminder_sent_at__isnull=True, starts_at__lte=now + DAY_REMINDER
        ),
        _stamp_day_reminder,
        lambda engagement: _queue_reminders(engagement, when=REMINDER_TOMORROW),
    ),
    DueStep(
        "week",
        lambda now: _upcoming(now).filter(
            week_reminder_sent_at__isnull=True, starts_at__lte=now + WEEK_REMINDER
        ),
        _stamp_week_reminder,
        lambda engagement: _queue_reminders(engagement, when=REMINDER_IN_A_WEEK),
    ),
    DueStep(
        "follow_up",
        lambda now: Engagement.objects.filter(
            status=Engagement.Status.SCHEDULED, follow_up_sent_at__isnull=True, ends_at__lte=now
        ),
        _stamp_follow_up,
        _send_follow_up,
    ),
)


@transaction.atomic
def engagements_process_due(*, now: datetime | None = None) -> dict[str, int]:
    """Run by beat every hour: each of `DUE_STEPS` in turn. Each step is stored on the row
    (nudged_at, *_sent_at, status), so a late run catches up and a repeated run sends nothing
    twice. Returns how many engagements each step handled."""
    now = now or timezone.now()
    done = {}
    recount = []
    for step in DUE_STEPS:
        engagements = _claim(step.due(now))
        for engagement in engagements:
            engagement.save(update_fields=[*step.stamp(engagement, now), "updated_at"])
            step.send(engagement)
        done[step.name] = len(engagements)
        if step.recounts_partners:
            recount += [engagement.partner_id for engagement in engagements]
    partner_engagement_counts_refresh(partner_ids=recount)
    return done


def _queue_reminders(engagement: Engagement, *, when: str) -> None:
    for recipient, language in _recipients(engagement):
        email_queue(
            to=recipient,
            template="engagement_reminder",
            context=_email_context(
                engagement,
                when=when,
                cant_make_it_url=links.action_url(engagement.pk, links.CANT_MAKE_IT),
            ),
            language=language,
        )


# Partners' offers


@transaction.atomic
def offer_create(*, partner: Partner, data: dict) -> Offer:
    offer = Offer(partner=partner)
    _assign(offer, data, OFFER_FIELDS)
    if offer.offered_on < timezone.localdate():
        raise ValidationError(_("The date of an offer cannot be in the past."))
    offer.full_clean()
    offer.save()
    offer.pathways.set(data.get("pathways", []))
    return offer


@transaction.atomic
def offer_withdraw(*, offer: Offer) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OPEN:
        raise ValidationError(_("Only an open offer can be withdrawn."))
    offer.status = Offer.Status.WITHDRAWN
    offer.save(update_fields=["status"])
    return offer


@transaction.atomic
def offer_book(*, offer: Offer, school: School, by: User) -> Engagement:
    """A coordinator books an open offer for a school: it becomes a scheduled engagement."""
    _check_school(by, school)
    offer = Offer.objects.select_for_update(of=("self",)).select_related("partner").get(pk=offer.pk)
    if offer.status != Offer.Status.OPEN:
        raise ValidationError("This offer has already been booked or withdrawn.")
    if offer.offered_on < timezone.localdate():
        raise ValidationError("This offer's date has passed; it can no longer be booked.")
    start_time = offer.start_time or DEFAULT_START_TIME
    starts = timezone.make_aware(datetime.combine(offer.offered_on, start_time))
    ends = (
        timezone.make_aware(datetime.combine(offer.offered_on, offer.end_time))
        if offer.end_time and offer.end_time > start_time
        else starts + DEFAULT_LENGTH
    )
    engagement = Engagement.objects.create(
        offer=offer,
        partner=offer.partner,
        organization=offer.partner.organization,
        school=school,
        experience=offer.experience,
        coordinator=by,
        status=Engagement.Status.SCHEDULED,
        invited_at=timezone.now(),
        responded_at=timezone.now(),
        starts_at=starts,
        ends_at=ends,
        place=offer.location or f"{school.name}, {school.address}",
    )
    offer.status = Offer.Status.BOOKED
    offer.save(update_fields=["status"])
    _queue_calendar(engagement, changed=False, booked=True)
    partner_engagement_counts_refresh(partner_ids=[offer.partner_id])
    return engagement


# Facts kept on each partner's row for matching


def _engagements_counted(**filters) -> Coalesce:
    counted = (
        Engagement.objects.filter(partner_id=OuterRef("pk"), **filters)
        .order_by()
        .values("partner_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


@transaction.atomic
def partner_engagement_counts_refresh(*, partner_ids: Iterable[int] | None = None) -> None:
    """Recount the engagements kept on partners' rows (all, answered, expired) for matching's
    fairness signals: for these partners, or for every partner when None.

    Each service calls it last in the transaction that created or changed the engagements:
    the partners' rows are locked in id order first, so the count sees every committed
    change and two transactions never wait on each other.
    """
    partners = Partner.objects.all()
    if partner_ids is not None:
        ids = sorted(set(partner_ids))
        if not ids:
            return
        partners = partners.filter(pk__in=ids)
        list(partners.select_for_update().order_by("pk").values_list("pk", flat=True))
    counts = {
        "engagement_count": _engagements_counted(),
        "answered_count": _engagements_counted(responded_at__isnull=False),
        "ignored_count": _engagements_counted(status=Engagement.Status.EXPIRED),
    }
    # Only rows whose counts changed are rewritten: an unchanged row would leave a dead one.
    stale = partners.annotate(**{f"{name}_now": count for name, count in counts.items()})
    stale = stale.filter(reduce(or_, (~Q(**{name: F(f"{name}_now")}) for name in counts)))
    Partner.objects.filter(pk__in=stale.values("pk")).update(**counts)
