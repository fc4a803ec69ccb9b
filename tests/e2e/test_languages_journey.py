"""A family fills the survey in Spanish and gets the auto reply in Spanish; a Vietnamese
reader finds the survey and the thank-you page in Vietnamese.

The expected words come from the shipped catalogs (`gettext` under the language), and each
is checked to differ from the English: an untranslated message fails the test."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from partners.models import Partner

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "robots-in-the-classroom"


def translated(language: str, message: str, context: str = "") -> str:
    with translation.override(language):
        text = pgettext(context, message) if context else gettext(message)
    assert text != message, f"{message!r} is not translated into {language}"
    return text


def field(label: str) -> re.Pattern:
    """A field's label exactly, with the asterisk of a required one."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$")


def choose_language(page, language: str) -> None:
    """The header's switcher, as a reader uses it: pick, then press the button."""
    page.get_by_label("Language").select_option(language)
    page.get_by_role("button", name="Change").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def fill_survey(page, language: str, *, email: str) -> None:
    """Every step of the survey, finding each field by its label in `language`."""

    def t(message: str, context: str = "") -> str:
        return translated(language, message, context)

    def next_step():
        page.get_by_role("button", name=t("Next")).click()

    page.get_by_label(field(t("First name"))).fill("Lucía")
    page.get_by_label(field(t("Last name"))).fill("Hernández")
    page.get_by_label(field(t("Contact email"))).fill(email)
    page.locator("input[name='profile-roles']").first.check()  # a catalog label: data
    page.get_by_label(field(t("ZIP code"))).fill("97211")
    next_step()
    # Step 2 (certifications) is skipped for someone who names no organization.
    expect(
        page.get_by_text(t("Step %(step)s of %(total)s") % {"step": 2, "total": 7})
    ).to_be_visible()
    page.locator("input[name='awareness-experiences']").first.check()
    for _ in range(4):  # awareness, exploration, preparation, contributions
        next_step()
    page.locator("input[name='pathways-pathways']").first.check()
    next_step()
    page.locator("input[name='final-delivery']").first.check()
    page.locator("select[name='final-travel_miles']").select_option(index=1)
    page.locator("input[name='final-password1']").fill(PASSWORD)
    page.locator("input[name='final-password2']").fill(PASSWORD)
    page.get_by_role("button", name=t("Submit")).click()


def test_a_family_fills_the_survey_in_spanish_and_gets_the_auto_reply_in_spanish(page, mailoutbox):
    page.goto("/")
    choose_language(page, "es")
    page.goto("/partners/survey/")
    expect(
        page.get_by_text(translated("es", "Step %(step)s of %(total)s") % {"step": 1, "total": 8})
    ).to_be_visible()
    fill_survey(page, "es", email="lucia@example.org")

    partner = Partner.objects.get(email="lucia@example.org")
    assert partner.language == "es"
    to_her = [m for m in mailoutbox if m.to == ["lucia@example.org"]]
    replies = [m for m in to_her if partner.confirmation_number in m.body]
    assert len(replies) == 1, [m.subject for m in mailoutbox]
    dear = translated("es", "Dear %(name)s,") % {"name": "Lucía"}
    assert dear in replies[0].body
    subject = translated(
        "es", "Thank you for registering with Partner Connect (confirmation %(number)s)"
    )
    assert replies[0].subject == subject % {"number": partner.confirmation_number}
    # The address check allauth sends is in Spanish too (allauth ships Spanish).
    assert any("Partner Connect" in m.body and m is not replies[0] for m in to_her)
    assert "Thank you" not in replies[0].body


def test_a_vietnamese_reader_sees_the_survey_and_the_thank_you_page_in_vietnamese(page):
    page.goto("/partners/survey/")
    choose_language(page, "vi")
    for label in ("First name", "Last name", "Contact email", "ZIP code"):
        expect(page.get_by_label(field(translated("vi", label)))).to_be_visible()
    fill_survey(page, "vi", email="an@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated("vi", "Thank you for completing our survey!")
    )
    assert Partner.objects.get(email="an@example.org").language == "vi"
