"""Demo Expo editions for `seed_demo`: the last three and the next one, with sponsor levels."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from .models import ExpoEdition, SponsorLevel

VENUE = "Portland Expo Center, 2060 N Marine Dr, Portland, OR"
# name, price, counts as exhibiting
SPONSOR_LEVELS = [
    ("Presenting Sponsor", Decimal("25000.00"), True),
    ("Career Champion", Decimal("10000.00"), True),
    ("Supporting Sponsor", Decimal("2500.00"), False),
]


def expo_day(year: int) -> date:
    """Demo editions are held on 12 March."""
    return date(year, 3, 12)


def current_expo_year(today: date) -> int:
    return today.year if expo_day(today.year) >= today else today.year + 1


def seed_expo(*, today: date | None = None) -> dict[int, ExpoEdition]:
    """Create or refresh the editions of the last three years and the next one."""
    today = today or timezone.localdate()
    current = current_expo_year(today)
    editions = {}
    for year in range(current - 3, current + 1):
        day = expo_day(year)
        edition, _ = ExpoEdition.objects.update_or_create(
            year=year,
            defaults={
                "date": day,
                "venue": VENUE,
                "registration_deadline": day - timedelta(days=45),
                "booth_capacity": 120,
            },
        )
        for position, (name, price, equivalent) in enumerate(SPONSOR_LEVELS):
            SponsorLevel.objects.update_or_create(
                edition=edition,
                name=name,
                defaults={"price": price, "exhibitor_equivalent": equivalent, "position": position},
            )
        editions[year] = edition
    return editions
