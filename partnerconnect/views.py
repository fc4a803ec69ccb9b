"""The project's own views: the partner home, which brings together what several apps know
about the partner, the language switcher's target, and the 500 page, which tells the truth
when the database is down."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.translation import check_for_language
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.access import role_required
from accounts.roles import Role
from compliance.selectors import partner_obligations_panel
from partnerconnect.i18n import language_codes
from partners.selectors import partner_answer_sections, partner_contact_row, partner_for_user
from partners.services import partner_language_set
from requests_app.selectors import partner_engagement_groups

# What reaching the database raises when it is down, restarting or out of connections.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def _database_unavailable(error: BaseException | None) -> bool:
    """Whether `error`, or an exception it was raised from or during, is a database outage."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html"):
    """handler500: Django calls it while handling the exception, so sys.exception() is it.

    The page is rendered without the request (no context processors: no session, user or
    database query), as Django's own server_error does.
    """
    database_down = _database_unavailable(sys.exception())
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"database_down": database_down}))


@role_required(Role.PARTNER)
def partner_home(request: HttpRequest) -> HttpResponse:
    """The partner's status and answers (partners), their invitations, engagements and
    offers (requests_app), and their organization's contract commitments and Expo
    registration (compliance, shown in full to its confirmed admin only)."""
    partner = partner_for_user(request.user)
    if partner is None:
        return render(request, "partners/home_no_profile.html")
    return render(
        request,
        "partners/home.html",
        {
            "partner": partner,
            "contact": partner_contact_row(partner),
            "sections": partner_answer_sections(partner),
            "engagements": partner_engagement_groups(partner),
            "obligations": partner_obligations_panel(partner, today=timezone.localdate()),
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's set_language (the cookie, then back to `next`), for
    the languages of LANGUAGES, and for a signed-in partner the choice kept on their
    profile, for their emails."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language not in language_codes():
        # Django's view takes any language it has a catalog for; the site offers LANGUAGES.
        response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    elif request.user.is_authenticated and check_for_language(language):
        partner_language_set(user=request.user, language=language)
    return response
