"""Calendar invitations (.ics) for engagements: one stable UID per engagement, so a change or a
cancellation updates the event already in the calendar instead of adding a second one."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import Engagement

ICS_MIMETYPE = "text/calendar"


def engagement_uid(engagement: Engagement) -> str:
    return f"engagement-{engagement.pk}@partnerconnect"


def engagement_ics(engagement: Engagement, *, cancelled: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Partner Connect//Engagements//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", engagement_uid(engagement))
    event.add("sequence", engagement.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", engagement.starts_at)
    event.add("dtend", engagement.ends_at or engagement.starts_at + timedelta(hours=1))
    event.add("summary", f"Partner Connect: {engagement.title} at {engagement.school.label}")
    location = engagement.video_link or engagement.place
    if location:
        event.add("location", location)
    description = [engagement.title, f"School: {engagement.school.name}"]
    if engagement.video_link:
        description.append(f"Video link: {engagement.video_link}")
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
