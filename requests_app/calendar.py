"""Calendar invitations (.ics) for engagements: one stable UID per engagement, so a change or a
cancellation updates the event already in the calendar instead of adding a second one. Times
are Portland's wall-clock times (TZID=America/Los_Angeles) with the VTIMEZONE that defines
them, as RFC 5545 requires."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from .models import DEFAULT_LENGTH, Engagement

ICS_MIMETYPE = "text/calendar"
TZID = "America/Los_Angeles"
PST, PDT = timedelta(hours=-8), timedelta(hours=-7)


def _observance(
    component,
    *,
    starts: datetime,
    byday: str,
    offset_from: timedelta,
    offset_to: timedelta,
    name: str,
):
    """A STANDARD or DAYLIGHT sub-component: from `starts` (the first onset, in the local
    time before the change), every year on `byday` of the month of `starts`."""
    component.add("dtstart", starts)
    component.add("rrule", {"freq": "yearly", "bymonth": starts.month, "byday": byday})
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
    component.add("tzname", name)
    return component


def los_angeles_vtimezone() -> Timezone:
    """America/Los_Angeles under the US rules in force since 2007: Pacific Daylight Time
    (UTC-7) from 2:00 on the second Sunday of March, Pacific Standard Time (UTC-8) from 2:00
    on the first Sunday of November. Written as yearly rules (the form Outlook, Google and
    Apple calendars write and read), each onset in the local time before the change."""
    vtimezone = Timezone()
    vtimezone.add("tzid", TZID)
    vtimezone.add_component(
        _observance(
            TimezoneDaylight(),
            starts=datetime(2007, 3, 11, 2),
            byday="2SU",
            offset_from=PST,
            offset_to=PDT,
            name="PDT",
        )
    )
    vtimezone.add_component(
        _observance(
            TimezoneStandard(),
            starts=datetime(2007, 11, 4, 2),
            byday="1SU",
            offset_from=PDT,
            offset_to=PST,
            name="PST",
        )
    )
    return vtimezone


def engagement_uid(engagement: Engagement) -> str:
    return f"engagement-{engagement.pk}@partnerconnect"


def engagement_ics(engagement: Engagement, *, cancelled: bool = False) -> bytes:
    """The engagement's event. Its summary and description are in the active language: build
    it inside `translation.override(<the recipient's language>)` for each recipient."""
    calendar = Calendar()
    calendar.add("prodid", "-//Partner Connect//Engagements//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    calendar.add_component(los_angeles_vtimezone())
    local = ZoneInfo(TZID)
    starts_at = timezone.localtime(engagement.starts_at, local)
    ends_at = timezone.localtime(engagement.ends_at or engagement.starts_at + DEFAULT_LENGTH, local)
    event = Event()
    event.add("uid", engagement_uid(engagement))
    event.add("sequence", engagement.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add(
        "summary",
        _("Partner Connect: %(title)s at %(school)s")
        % {"title": engagement.title, "school": engagement.school.label},
    )
    location = engagement.video_link or engagement.place
    if location:
        event.add("location", location)
    description = [engagement.title, _("School: %(school)s") % {"school": engagement.school.name}]
    if engagement.video_link:
        description.append(_("Video link: %(link)s") % {"link": engagement.video_link})
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.CAREER_PROGRAM_EMAIL}")
    organizer.params["cn"] = vText("Partner Connect")
    event["organizer"] = organizer
    for email, name in (
        (engagement.partner.email, engagement.partner.full_name),
        (
            engagement.coordinator.email,
            engagement.coordinator.get_full_name() or engagement.coordinator.email,
        ),
    ):
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
