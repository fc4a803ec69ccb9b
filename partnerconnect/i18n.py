"""The languages of the site: which one a code stands for, the language switcher's view (the
cookie, and the partner's profile), the language a partner gets at sign-in, and the language
each email recipient reads."""

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpResponse

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
    (the visitor's language so far) for anyone else, e.g. an account without a profile.

    The partner's language is read through the account's `partner` relation (partners'
    Partner.user), so this module, which every app uses, imports none of them."""
    if not getattr(user, "is_authenticated", False):
        return None
    stored = (
        type(user)
        ._default_manager.filter(pk=user.pk)
        .values_list("partner__language", flat=True)
        .first()
    )
    if stored is not None:
        return stored
    if any(user_has_role(user, role) for role in STAFF_ROLES):
        return settings.LANGUAGE_CODE
    return None
