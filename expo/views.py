"""Expo pages: an organization's partner registers it for the current edition; procurement
sees the registrations, with a CSV download. (The major contractors still owing one are
compliance's pages: who owes a booth is a contract rule.)"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import role_required
from accounts.roles import Role
from partnerconnect.spreadsheets import csv_response
from partners.selectors import partner_for_user, partner_represents_organization

from .forms import EditionChoiceForm, RegistrationForm
from .models import ExpoEdition
from .selectors import (
    edition_registrations,
    expo_booths_taken,
    expo_current_edition,
    organization_registration,
    registration_closes_on,
    registration_open,
)
from .services import expo_register

PAGE_SIZE = 50


@role_required(Role.PARTNER)
def register(request):
    partner = partner_for_user(request.user)
    organization = partner.organization if partner else None
    if organization is not None and not partner_represents_organization(partner):
        raise PermissionDenied("Only your organization's confirmed admin can register it.")
    today = timezone.localdate()
    edition = expo_current_edition(today=today)
    context = {"organization": organization, "edition": edition}
    if organization is None or edition is None:
        return render(request, "expo/register.html", context)
    registration = organization_registration(edition=edition, organization_id=organization.pk)
    initial = {}
    if registration:
        initial = {"kind": registration.kind, "sponsor_level": registration.sponsor_level}
    form = RegistrationForm(request.POST or None, edition=edition, initial=initial)
    is_open = registration_open(edition, today=today)
    if request.method == "POST" and is_open and form.is_valid():
        try:
            registration, outcome = expo_register(
                edition=edition,
                organization=organization,
                kind=form.cleaned_data["kind"],
                sponsor_level=form.cleaned_data["sponsor_level"],
                by=request.user,
                today=today,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if outcome == "unchanged":
                messages.info(
                    request,
                    _("%(organization)s was already registered this way.")
                    % {"organization": organization},
                )
            else:
                messages.success(
                    request,
                    _(
                        "%(organization)s is registered for the %(edition)s as %(kind)s. "
                        "A confirmation is on its way."
                    )
                    % {
                        "organization": organization,
                        "edition": edition,
                        "kind": registration.get_kind_display().lower(),
                    },
                )
            return redirect("partners:home")
    context.update(
        form=form,
        registration=registration,
        registration_open=is_open,
        registration_closes_on=registration_closes_on(edition),
        booths_left=max(0, edition.booth_capacity - expo_booths_taken(edition)),
    )
    return render(request, "expo/register.html", context)


def chosen_edition(request) -> tuple[EditionChoiceForm, ExpoEdition | None]:
    form = EditionChoiceForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["edition"]
    edition = expo_current_edition() or ExpoEdition.objects.order_by("-date").first()
    return EditionChoiceForm(initial={"edition": edition}), edition


@role_required(Role.PROCUREMENT)
def registrations(request):
    form, edition = chosen_edition(request)
    context = {"form": form, "edition": edition}
    if edition:
        page = Paginator(edition_registrations(edition), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context.update(page=page, booths_taken=expo_booths_taken(edition))
    return render(request, "expo/registrations.html", context)


REGISTRATION_COLUMNS = [
    "organization",
    "expo_date",
    "kind",
    "sponsor_level",
    "counts_as_exhibitor",
    "source",
    "registered_at",
]


@role_required(Role.PROCUREMENT)
def registrations_csv(request):
    _form, edition = chosen_edition(request)
    rows = (
        [
            registration.organization.name,
            edition.date.isoformat(),
            registration.kind,
            registration.sponsor_level.name if registration.sponsor_level else "",
            "yes" if registration.counts_as_exhibitor else "no",
            registration.source,
            timezone.localtime(registration.created_at).date().isoformat(),
        ]
        for registration in (edition_registrations(edition) if edition else [])
    )
    name = f"expo-{edition.year}-registrations.csv" if edition else "expo-registrations.csv"
    return csv_response(name, REGISTRATION_COLUMNS, rows)
