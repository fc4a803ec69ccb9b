"""The error summary (templates/includes/error_summary.html): each error once, linked to its field."""

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import format_html

from tests.accounts.factories import UserFactory
from tests.partners.factories import PartnerFactory
from tests.partners.test_survey import step_data, walk

FORM_WIDE = "These dates overlap another booking."


class BookingForm(forms.Form):
    name = forms.CharField(label="Your name")
    days = forms.MultipleChoiceField(
        label="Days you can come",
        choices=[("mon", "Monday"), ("tue", "Tuesday")],
        widget=forms.CheckboxSelectMultiple,
    )
    size = forms.ChoiceField(
        label="Group size", choices=[("s", "Small"), ("l", "Large")], widget=forms.RadioSelect
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError(FORM_WIDE)


def render(source: str, form) -> str:
    return Template("{% load crispy_forms_tags %}" + source).render(Context({"form": form}))


def test_a_crispy_form_shows_the_summary_and_its_form_wide_error_once():
    html = render("{{ form|crispy }}", BookingForm(data={}))
    assert html.count("There is a problem") == 1
    assert html.count(FORM_WIDE) == 1
    assert html.index("There is a problem") < html.index('name="name"')


def test_a_page_that_includes_the_summary_above_a_crispy_form_shows_it_once():
    html = render(
        '{% include "includes/error_summary.html" with form=form %}<h1>Book</h1>'
        "{{ form|crispy }}{% crispy form %}",
        BookingForm(data={}),
    )
    assert html.count("There is a problem") == 1
    assert html.count(FORM_WIDE) == 1
    assert html.index("There is a problem") < html.index("<h1>")


def test_the_summary_links_each_error_to_its_field_with_the_fields_label():
    html = render(
        '{% include "includes/error_summary.html" with form=form %}', BookingForm(data={})
    )
    assert 'role="alert"' in html
    assert 'tabindex="-1"' in html
    assert '<a href="#id_name">Your name: This field is required.</a>' in html
    # Checkboxes and radios: the first of the group.
    assert '<a href="#id_days_0">Days you can come: This field is required.</a>' in html
    assert '<a href="#id_size_0">Group size: This field is required.</a>' in html
    # A hidden field has nothing to move to: its error is text.
    assert "<li>Token: This field is required.</li>" in html


def test_a_prefixed_forms_links_use_the_prefix():
    html = render(
        '{% include "includes/error_summary.html" with form=form %}',
        BookingForm(data={}, prefix="booking"),
    )
    assert 'href="#id_booking-name"' in html
    assert 'href="#id_booking-days_0"' in html


def test_a_link_in_an_error_message_is_not_nested_in_the_summarys_link():
    class EmailForm(forms.Form):
        email = forms.EmailField(label="Email")

        def clean_email(self):
            raise forms.ValidationError(
                format_html('Already used. <a href="{}">Sign in</a>', "/accounts/login/")
            )

    html = render(
        '{% include "includes/error_summary.html" with form=form %}',
        EmailForm(data={"email": "ana@example.org"}),
    )
    assert '<a href="#id_email">Email: Already used. Sign in</a>' in html


class NameForm(forms.Form):
    name = forms.CharField()


@pytest.mark.parametrize(
    "form", [NameForm(), NameForm(data={"name": "Ana"})], ids=["unbound", "valid"]
)
def test_no_summary_without_errors(form):
    html = render(
        '{% include "includes/error_summary.html" with form=form %}{{ form|crispy }}', form
    )
    assert "There is a problem" not in html
    assert "data-error-summary" not in html


@pytest.mark.django_db
def test_the_survey_shows_a_form_wide_error_once_in_the_summary_at_the_top(client):
    response = walk(client, step_data(exploration={"experiences": []}), until="contributions")
    page = response.content.decode()
    assert page.count("Choose at least one experience") == 1
    assert page.count("There is a problem") == 1
    assert page.index("There is a problem") < page.index("<h1")
    assert "<title>Error: " in page


@pytest.mark.django_db
def test_the_survey_summary_links_to_the_zip_code(client):
    client.get(reverse("partners:survey"))
    data = step_data(profile={"zip_code": "12"})["profile"]
    payload = {"survey_wizard-current_step": "profile"}
    payload.update({f"profile-{key}": value for key, value in data.items()})
    page = client.post(reverse("partners:survey"), payload).content.decode()
    assert page.count("There is a problem") == 1
    assert 'href="#id_profile-zip_code">ZIP code: ' in page


@pytest.mark.django_db
def test_a_section_edit_shows_a_form_wide_error_once(client):
    partner = PartnerFactory(experiences=["job_shadow"])
    client.force_login(partner.user)
    response = client.post(reverse("partners:section_edit", args=["exploration"]), {})
    page = response.content.decode()
    assert page.count("Choose at least one experience or contribution") == 1
    assert page.count("There is a problem") == 1
    assert page.index("There is a problem") < page.index("<h1")


@pytest.mark.django_db
def test_allauth_shows_a_form_wide_error_once_above_the_heading(client):
    user = UserFactory()
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "not-the-password"}
    )
    page = response.content.decode()
    assert page.count("The email address and/or password you specified are not correct.") == 1
    assert page.count("There is a problem") == 1
    assert page.index("There is a problem") < page.index("<h1")


@pytest.mark.django_db
def test_allauth_links_a_field_error_to_its_field(client):
    response = client.post(reverse("account_signup"), {"email": "not-an-email"})
    page = response.content.decode()
    assert page.count("There is a problem") == 1
    assert 'href="#id_email"' in page
    assert 'href="#id_password1"' in page
