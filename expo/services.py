"""Writes of the Expo: registering an organization (never overbooking the booths) and the
registrations import. The reminders before the registration deadline are compliance's
(`compliance.services.expo_send_deadline_reminders`): who owes a booth is a contract rule."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from imports.rows import (
    ImportResult,
    cell,
    import_rows,
    iso_date,
)
from notifications.services import email_queue
from partners.models import Organization
from partners.selectors import (
    emails_by_language,
    existing_organization,
    normalize_name,
    organization_contact_emails,
)

from .models import ExpoEdition, Registration, SponsorLevel
from .selectors import expo_booths_taken, registration_closes_on, registration_open


def expo_register(
    *,
    edition: ExpoEdition,
    organization: Organization,
    kind: str,
    sponsor_level: SponsorLevel | None = None,
    by: User | None = None,
    source: str = Registration.Source.SITE,
    enforce_deadline: bool = True,
    notify: bool = True,
    today: date | None = None,
) -> tuple[Registration, str]:
    """Register (or change the registration of) an organization for an edition.

    The edition's row is locked while the booths are counted, so two organizations racing
    for the last booth cannot both get it. Returns the registration and "created",
    "updated" or "unchanged"; queues the confirmation to the organization's contacts.
    """
    today = today or timezone.localdate()
    if kind not in Registration.Kind.values:
        raise ValidationError({"kind": f"{kind!r} is not exhibitor or sponsor"})
    if kind == Registration.Kind.SPONSOR:
        if sponsor_level is None:
            raise ValidationError({"sponsor_level": _("choose a sponsor level")})
        if sponsor_level.edition_id != edition.pk:
            raise ValidationError(
                {"sponsor_level": _("is not a level of the %(edition)s") % {"edition": edition}}
            )
    else:
        sponsor_level = None
    with transaction.atomic():
        edition = ExpoEdition.objects.select_for_update().get(pk=edition.pk)
        if enforce_deadline and not registration_open(edition, today=today):
            closed_on = registration_closes_on(edition)
            raise ValidationError(
                _("Registration for the %(edition)s closed on %(date)s.")
                % {
                    "edition": edition,
                    # Translators: how the deadline's date is written, in Django's date
                    # format: https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date
                    "date": date_format(closed_on, pgettext("expo deadline", "F j, Y")),
                }
            )
        registration = (
            Registration.objects.select_for_update()
            .filter(edition=edition, organization=organization)
            .first()
        )
        needs_booth = kind == Registration.Kind.EXHIBITOR and (
            registration is None or registration.kind != Registration.Kind.EXHIBITOR
        )
        if needs_booth and expo_booths_taken(edition) >= edition.booth_capacity:
            raise ValidationError(
                {
                    "kind": _(
                        "No exhibitor booth is left at the %(edition)s; register as a sponsor."
                    )
                    % {"edition": edition}
                }
            )
        if registration is None:
            registration = Registration.objects.create(
                edition=edition,
                organization=organization,
                kind=kind,
                sponsor_level=sponsor_level,
                source=source,
                registered_by=by,
            )
            outcome = "created"
        elif (registration.kind, registration.sponsor_level_id) == (
            kind,
            getattr(sponsor_level, "pk", None),
        ):
            return registration, "unchanged"
        else:
            registration.kind, registration.sponsor_level = kind, sponsor_level
            registration.registered_by = by or registration.registered_by
            registration.save(
                update_fields=["kind", "sponsor_level", "registered_by", "updated_at"]
            )
            outcome = "updated"
        if notify:
            _queue_confirmation(registration, by=by)
    return registration, outcome


def _queue_confirmation(registration: Registration, *, by: User | None) -> None:
    recipients = organization_contact_emails(registration.organization_id)
    if not recipients and by is not None and by.email:
        recipients = [by.email]
    context = {
        "registration": registration,
        "edition": registration.edition,
        "organization": registration.organization,
        "home_url": settings.SITE_URL.rstrip("/") + reverse("partners:home"),
    }
    for language, group in emails_by_language(recipients):
        email_queue(
            to=group,
            template="expo_registration_confirmation",
            context=context,
            language=language,
        )


# Import

EXPO_REGISTRATION_COLUMNS = ["organization", "expo_date", "kind", "sponsor_level"]


def _edition_for_date(expo_date: date) -> ExpoEdition:
    edition = ExpoEdition.objects.filter(date=expo_date).first()
    if edition is not None:
        return edition
    other = ExpoEdition.objects.filter(year=expo_date.year).first()
    if other is not None:
        raise ValidationError(
            {"expo_date": f"the {other} is dated {other.date:%Y-%m-%d}, not {expo_date:%Y-%m-%d}"}
        )
    return ExpoEdition.objects.create(year=expo_date.year, date=expo_date)


def expo_registration_import_rows(*, rows: Iterable[tuple[int, dict]]) -> ImportResult:
    """Record registrations from (line, row) pairs keyed by EXPO_REGISTRATION_COLUMNS.

    Idempotent by (organization, Expo); an edition with that date is created if missing.
    Booths are never overbooked; no email is sent (the registration was made elsewhere).
    """

    def save_row(row: dict) -> str:
        problems = {}
        organization = existing_organization(row, problems)
        expo_date = None
        try:
            expo_date = iso_date(cell(row, "expo_date"), "expo_date")
        except ValidationError as error:
            problems.update(error.message_dict)
        kind = cell(row, "kind").lower()
        level_name = normalize_name(cell(row, "sponsor_level"))
        if kind not in Registration.Kind.values:
            problems["kind"] = f"{cell(row, 'kind')!r} is not exhibitor or sponsor"
        elif kind == Registration.Kind.SPONSOR and not level_name:
            problems["sponsor_level"] = "is required for a sponsor"
        elif kind == Registration.Kind.EXHIBITOR and level_name:
            problems["sponsor_level"] = "must be empty for an exhibitor"
        if problems:
            raise ValidationError(problems)
        edition = _edition_for_date(expo_date)
        level = None
        if kind == Registration.Kind.SPONSOR:
            level = SponsorLevel.objects.filter(edition=edition, name__iexact=level_name).first()
            if level is None:
                raise ValidationError(
                    {"sponsor_level": f"the {edition} has no sponsor level {level_name!r}"}
                )
        _, outcome = expo_register(
            edition=edition,
            organization=organization,
            kind=kind,
            sponsor_level=level,
            source=Registration.Source.IMPORT,
            enforce_deadline=False,
            notify=False,
        )
        return outcome

    return import_rows(rows, save_row)
