"""allauth adapters: public sign-ups become partners and land on their role's home; a
partner signs in to the language kept on their profile; allauth's emails link to SITE_URL,
like every other email of the app; a District Admin keeps their two-factor authenticator."""

from urllib.parse import urlsplit, urlunsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.sites.models import Site
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from partnerconnect.i18n import language_cookie_set, user_language

from .roles import Role
from .selectors import user_has_role, user_home_url
from .services import user_assign_role


def on_site(url: str) -> str:
    """`url` (absolute, built by allauth from the request's host) moved onto SITE_URL: the
    scheme, host and port of SITE_URL, the path and query of `url`."""
    site = urlsplit(settings.SITE_URL)
    link = urlsplit(url)
    base_path = site.path.rstrip("/")
    return urlunsplit((site.scheme, site.netloc, base_path + link.path, link.query, link.fragment))


def _is_link(name: str, value) -> bool:
    return name.endswith("_url") and isinstance(value, str) and bool(urlsplit(value).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            user_assign_role(user=user, role=Role.PARTNER)
        return user

    def get_login_redirect_url(self, request):
        return user_home_url(request.user)

    def post_login(self, request, user, **kwargs):
        """A partner signs in to the language kept on their profile (the survey's, or their
        last choice): it is active from the "signed in" message on, and the language cookie
        keeps it for the next pages."""
        language = user_language(user)
        if language is None:
            return super().post_login(request, user, **kwargs)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = super().post_login(request, user, **kwargs)
        language_cookie_set(response, language)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth builds its links (confirm the address, reset the password, sign up) from
        the host the request came to, and names the site from the Sites framework: both are
        taken from SITE_URL instead, so its emails and the app's point at the same place."""
        context = {
            name: on_site(value) if _is_link(name, value) else value
            for name, value in context.items()
        }
        site = get_current_site(self.request)
        context["current_site"] = Site(
            pk=site.pk, name=site.name, domain=urlsplit(settings.SITE_URL).netloc
        )
        super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """District Admins must sign in with an authenticator app, so they cannot turn it
        off (a superuser deletes a lost one in the Django admin; the next sign-in then asks
        for a new one)."""
        if (
            settings.DISTRICT_ADMIN_MFA_REQUIRED
            and authenticator.type == Authenticator.Type.TOTP
            and user_has_role(authenticator.user, Role.DISTRICT_ADMIN)
        ):
            return False
        return super().can_delete_authenticator(authenticator)
