"""Reads of the Expo: the current edition, booths taken, registrations for staff and for an
organization."""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from .models import ExpoEdition, Registration


def expo_current_edition(*, today: date | None = None) -> ExpoEdition | None:
    """The next Expo (today's included), else None."""
    today = today or timezone.localdate()
    return ExpoEdition.objects.filter(date__gte=today).order_by("date").first()


def expo_booths_taken(edition: ExpoEdition) -> int:
    return Registration.objects.filter(edition=edition, kind=Registration.Kind.EXHIBITOR).count()


def edition_registrations(edition: ExpoEdition) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(edition=edition)
        .select_related("organization", "sponsor_level", "registered_by")
        .order_by("organization__name")
    )


def organization_registration(*, edition: ExpoEdition, organization_id: int) -> Registration | None:
    return (
        Registration.objects.filter(edition=edition, organization_id=organization_id)
        .select_related("sponsor_level")
        .first()
    )


def registration_closes_on(edition: ExpoEdition) -> date:
    """The last day organizations register themselves: the edition's deadline, or without
    one the Expo's day."""
    return edition.registration_deadline or edition.date


def registration_open(edition: ExpoEdition, *, today: date | None = None) -> bool:
    """Organizations register themselves until `registration_closes_on`, that day included."""
    today = today or timezone.localdate()
    return today <= registration_closes_on(edition)
