"""The .ics invitation read back by strict parsers: every TZID it uses is defined by a VTIMEZONE
in the file (RFC 5545 3.6.5), and that definition, read on its own, gives the right UTC instant
in summer and in winter."""

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import tzical
from icalendar import Calendar

from requests_app.calendar import TZID, engagement_ics, los_angeles_vtimezone
from requests_app.models import Engagement
from tests.requests_app.factories import EngagementFactory

PORTLAND = ZoneInfo("America/Los_Angeles")


def vtimezone_text(ics: str) -> str:
    start = ics.index("BEGIN:VTIMEZONE")
    end = ics.index("END:VTIMEZONE") + len("END:VTIMEZONE")
    return ics[start:end] + "\r\n"


def read_instant(ics: str, name: str) -> datetime:
    """The UTC instant of DTSTART or DTEND as a client that knows no time zone database reads
    it: the wall-clock time and its TZID, resolved with the file's own VTIMEZONE."""
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    prop = event[name]
    assert prop.params["TZID"] == TZID
    wall_clock = datetime.strptime(prop.to_ical().decode(), "%Y%m%dT%H%M%S")
    zone = tzical(io.StringIO(vtimezone_text(ics))).get(prop.params["TZID"])
    return wall_clock.replace(tzinfo=zone).astimezone(UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts_at", "utc"),
    [
        # 10:00 in July is Pacific Daylight Time: UTC-7.
        (datetime(2026, 7, 15, 10, 0, tzinfo=PORTLAND), datetime(2026, 7, 15, 17, 0, tzinfo=UTC)),
        # 10:00 in January is Pacific Standard Time: UTC-8.
        (datetime(2027, 1, 20, 10, 0, tzinfo=PORTLAND), datetime(2027, 1, 20, 18, 0, tzinfo=UTC)),
    ],
    ids=["summer", "winter"],
)
def test_a_strict_parser_reads_the_right_utc_instant(starts_at, utc):
    engagement = EngagementFactory(
        status=Engagement.Status.SCHEDULED,
        starts_at=starts_at.astimezone(UTC),  # as the database returns it
        ends_at=(starts_at + timedelta(hours=2)).astimezone(UTC),
        place="Room 204",
    )
    ics = engagement_ics(engagement).decode()

    calendar = Calendar.from_ical(ics)
    assert calendar.get_missing_tzids() == set(), "every TZID has its VTIMEZONE"
    assert [c.name for c in calendar.subcomponents] == ["VTIMEZONE", "VEVENT"]
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert [c.name for c in vtimezone.subcomponents] == ["DAYLIGHT", "STANDARD"]

    assert read_instant(ics, "DTSTART") == utc
    assert read_instant(ics, "DTEND") == utc + timedelta(hours=2)
    # icalendar's own reading of the VTIMEZONE (not its time zone database) agrees.
    zone = vtimezone.to_tz(lookup_tzid=False)
    wall_clock = calendar.walk("VEVENT")[0]["DTSTART"].dt.replace(tzinfo=None)
    assert wall_clock.replace(tzinfo=zone).astimezone(UTC) == utc


def test_the_vtimezone_agrees_with_the_time_zone_database_every_hour_for_years():
    """Around every change between 2024 and 2037, and at noon every day: the same offset as
    tzdata (a change of the US rules would show here)."""
    ics = Calendar()
    ics.add_component(los_angeles_vtimezone())
    zone = tzical(io.StringIO(vtimezone_text(ics.to_ical().decode()))).get(TZID)
    instant = datetime(2024, 1, 1, 20, tzinfo=UTC)
    checked = 0
    while instant.year < 2038:
        local = instant.astimezone(PORTLAND)
        step = timedelta(hours=1) if local.month in (3, 11) and local.day <= 14 else timedelta(1)
        assert instant.astimezone(zone).utcoffset() == local.utcoffset(), instant
        # The same wall-clock time read back through the VTIMEZONE is the same instant.
        wall_clock = local.replace(tzinfo=None)
        assert wall_clock.replace(tzinfo=zone).astimezone(UTC) == instant, instant
        instant += step
        checked += 1
    assert checked > 5000
