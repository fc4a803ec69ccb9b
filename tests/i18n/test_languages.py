"""The languages offered, the switcher, the language a partner signs in to, and the <html
lang> of every page."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language_info

from accounts.roles import Role
from partnerconnect.i18n import language_normalize
from partners.selectors import emails_by_language
from tests.accounts.factories import PASSWORD, UserFactory
from tests.partners.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_the_site_offers_six_languages_english_first_and_by_default():
    assert [code for code, _ in settings.LANGUAGES] == ["en", "es", "vi", "zh-hans", "ru", "so"]
    assert settings.LANGUAGE_CODE == "en"
    assert settings.LOCALE_PATHS == [settings.BASE_DIR / "locale"]


def test_somali_has_its_name_for_the_switcher():
    assert get_language_info("so")["name_local"] == "Soomaali"
    assert get_language_info("so")["bidi"] is False


def test_the_locale_middleware_reads_the_session_and_runs_before_common():
    middleware = settings.MIDDLEWARE
    locale = middleware.index("django.middleware.locale.LocaleMiddleware")
    assert middleware.index("django.contrib.sessions.middleware.SessionMiddleware") < locale
    assert locale < middleware.index("django.middleware.common.CommonMiddleware")


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("en-us", "en"),
        ("zh-cn", "zh-hans"),
        ("zh_Hans", "zh-hans"),
        ("ru-RU", "ru"),
        ("so", "so"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_a_language_code_stands_for_one_of_the_sites_languages(code, language):
    assert language_normalize(code) == language


def test_the_switcher_names_each_language_in_its_own_words(client):
    page = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in page
    assert f'action="{reverse("set_language")}"' in page
    assert '<label class="small" for="language-switcher">Language</label>' in page
    assert '<input type="hidden" name="next" value="/">' in page
    for code, _name in settings.LANGUAGES:
        name = get_language_info(code)["name_local"]
        assert f'<option value="{code}" lang="{code}"' in page
        assert f">{name[0].upper()}{name[1:]}</option>" in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert ">Español</option>" in page and ">Soomaali</option>" in page


def test_choosing_a_language_sets_the_cookie_and_comes_back(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/how-it-works/"})
    assert response.status_code == 302
    assert response.url == "/how-it-works/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("how_it_works")).content.decode()
    assert '<html lang="es">' in page
    assert '<option value="es" lang="es" selected>Español</option>' in page


def test_the_switcher_refuses_a_language_the_site_does_not_offer(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_takes_only_a_post(client):
    assert client.get(reverse("set_language"), {"language": "es"}).status_code == 405


def test_the_switcher_goes_back_only_to_this_site(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_a_signed_in_partners_choice_is_kept_on_their_profile(client):
    partner = PartnerFactory()
    client.force_login(partner.user)
    client.post(reverse("set_language"), {"language": "vi", "next": "/partners/"})
    partner.refresh_from_db()
    assert partner.language == "vi"


def test_a_user_without_a_profile_only_gets_the_cookie(client, make_user):
    client.force_login(make_user())
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PROCUREMENT, Role.DISTRICT_ADMIN])
def test_staff_pages_are_english_and_have_no_switcher(client, make_user, role):
    client.force_login(make_user(role))
    page = client.get(reverse("how_it_works")).content.decode()
    assert 'id="language-switcher"' not in page


def test_a_partner_has_the_switcher(client):
    client.force_login(PartnerFactory().user)
    assert 'id="language-switcher"' in client.get(reverse("partners:home")).content.decode()


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def test_a_partner_signs_in_to_their_stored_language(client):
    partner = PartnerFactory(language="es")
    response = sign_in(client, partner.user)
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("partners:home")).content.decode()
    assert '<html lang="es">' in page


def test_the_stored_language_wins_over_the_one_chosen_before_signing_in(client):
    partner = PartnerFactory(language="zh-hans")
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    response = sign_in(client, partner.user)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"


def test_staff_sign_in_to_english(client, make_user):
    coordinator = make_user(Role.COORDINATOR)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    response = sign_in(client, coordinator)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_an_account_without_a_profile_keeps_the_visitors_language(client, make_user):
    user = make_user()
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    response = sign_in(client, user)
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="vi">' in client.get(reverse("home")).content.decode()


def test_the_browsers_language_is_used_until_one_is_chosen(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9").content.decode()
    assert '<html lang="es">' in page


def test_recipients_are_grouped_by_the_language_they_read():
    spanish = PartnerFactory(language="es", email="ana@example.org")
    english = PartnerFactory(email="bo@example.org")
    vietnamese = PartnerFactory(language="vi", email="chi@example.org")
    groups = emails_by_language(
        [english.email, spanish.email, "staff@example.org", vietnamese.email, spanish.email]
    )
    assert groups == [
        ("en", ["bo@example.org", "staff@example.org"]),
        ("es", ["ana@example.org"]),
        ("vi", ["chi@example.org"]),
    ]


def test_production_keeps_the_language_cookie_host_only_and_secure():
    from tests.test_deploy import load_settings, production_env

    result = load_settings(production_env(), "LANGUAGE_COOKIE_NAME", "LANGUAGE_COOKIE_SECURE")
    assert result.returncode == 0, result.stderr
    assert '"LANGUAGE_COOKIE_NAME": "__Host-django_language"' in result.stdout
    assert '"LANGUAGE_COOKIE_SECURE": true' in result.stdout


def test_a_user_of_another_role_keeps_their_language(make_user):
    from partnerconnect.i18n import user_language

    assert user_language(UserFactory()) is None
    assert user_language(make_user(Role.DISTRICT_ADMIN)) == "en"
