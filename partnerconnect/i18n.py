"""The languages of the site: which one a code stands for, the language switcher's view (the
cookie, and the partner's profile), the language a partner gets at sign-in, and the language
each email recipient reads."""

from collections.abc import Iterable

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest, HttpResponse
from django.utils.translation import check_for_language
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from accounts.roles import Role
from accounts.selectors import user_has_role


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def language_normalize(code: str | None) -> str:
    """The language of LANGUAGES that `code` stands for ("es-MX" is "es", "zh-cn" is
    "zh-hans", "en-us" is "en"), or LANGUAGE_CODE for anything else."""
    codes = language_codes()
    if code:
        code = code.strip().lower().replace("_", "-")
        generic = code.split("-")[0]
        candidates = [code, *LANG_INFO.get(code, {}).get("fallback", []), generic]
        for candidate in candidates:
            if candidate in codes:
                return candidate
    return settings.LANGUAGE_CODE


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """The cookie LocaleMiddleware reads, set as Django's own set_language sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


# Their pages are in English and they get no language switcher (templates/includes/nav.html).
STAFF_ROLES = (Role.COORDINATOR, Role.PROCUREMENT, Role.DISTRICT_ADMIN)


def user_language(user) -> str | None:
    """The language a user signs in to: a partner's stored one; LANGUAGE_CODE (English)
    for district staff, whose pages are in English and who get no language switcher; None
    (the visitor's language so far) for anyone else, e.g. an account without a profile."""
    from partners.models import Partner

    if not getattr(user, "is_authenticated", False):
        return None
    stored = Partner.objects.filter(user=user).values_list("language", flat=True).first()
    if stored is not None:
        return stored
    if any(user_has_role(user, role) for role in STAFF_ROLES):
        return settings.LANGUAGE_CODE
    return None


def emails_by_language(emails: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The recipients of one email grouped by the language they read: a partner's stored
    language, LANGUAGE_CODE for any other address. Groups in the order of their first
    recipient, so one language (the usual case) is one email to everyone."""
    from partners.models import Partner

    emails = list(dict.fromkeys(emails))
    languages: dict[str, str] = {}
    for email, language in (
        Partner.objects.filter(email__in=emails).order_by("pk").values_list("email", "language")
    ):
        languages.setdefault(email, language)
    groups: dict[str, list[str]] = {}
    for email in emails:
        groups.setdefault(languages.get(email, settings.LANGUAGE_CODE), []).append(email)
    return list(groups.items())


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: Django's set_language (the cookie, then back to `next`), for
    the languages of LANGUAGES, and for a signed-in partner the choice kept on their
    profile, for their emails."""
    from partners.services import partner_language_set

    response = django_set_language(request)
    language = request.POST.get("language", "")
    if language not in language_codes():
        # Django's view takes any language it has a catalog for; the site offers LANGUAGES.
        response.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    elif request.user.is_authenticated and check_for_language(language):
        partner_language_set(user=request.user, language=language)
    return response
