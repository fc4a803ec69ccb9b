"""The survey wizard through the test client: steps, errors, back, drafts, submission."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from post_office.models import Email

from accounts.roles import Role
from partners.models import (
    Certification,
    Experience,
    Organization,
    OrganizationType,
    Partner,
    PartnerRole,
    Pathway,
    SurveyDraft,
)
from partners.services import SurveyAnswers, partner_submit_survey
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = pytest.mark.django_db

URL = "/partners/survey/"
PASSWORD = "a-long-walk-to-school"


def ids(model, *codes):
    return [str(pk) for pk in model.objects.filter(code__in=codes).values_list("pk", flat=True)]


def step_data(**overrides):
    data = {
        "profile": {
            "first_name": "Ana",
            "last_name": "Silva",
            "email": "ana@example.org",
            "phone": "",
            "job_title": "Nurse",
            "roles": ids(PartnerRole, "parent"),
            "organization_name": "Rose City Clinic",
            "organization_type_detail": "",
            "zip_code": "97217",
        },
        "certifications": {"certifications": ids(Certification, "na")},
        "awareness": {},
        "exploration": {"experiences": ids(Experience, "job_shadow")},
        "preparation": {},
        "contributions": {},
        "pathways": {
            "pathways": ids(Pathway, "health_sciences"),
            "skills": "nursing",
            "languages": "",
        },
        "final": {
            "delivery": "both",
            "travel_miles": "10",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    }
    for step, values in overrides.items():
        data[step] = {**data[step], **values}
    return data


def post_step(client, step, values):
    payload = {"survey_wizard-current_step": step}
    for key, value in values.items():
        payload[f"{step}-{key}"] = value
    return client.post(URL, payload)


def walk(client, data, until=None):
    response = client.get(URL)
    for step in data:
        response = post_step(client, step, data[step])
        if step == until:
            break
    return response


def test_every_step_shows_its_progress(client):
    response = client.get(URL)
    assert "Step 1 of 8" in response.content.decode()
    data = step_data()
    for number, step in enumerate(list(data)[:-1], start=2):
        response = post_step(client, step, data[step])
        assert f"Step {number} of 8" in response.content.decode(), step


def test_a_validation_error_keeps_every_answer(client):
    client.get(URL)
    response = post_step(
        client, "profile", {**step_data()["profile"], "roles": ids(PartnerRole, "business")}
    )
    page = response.content.decode()
    assert "Required for a Business/Industry Partner" in page
    assert 'value="Ana"' in page
    assert 'value="97217"' in page
    assert "Step 1 of 8" in page


def test_back_returns_to_the_previous_step_with_its_answers(client):
    data = step_data()
    walk(client, data, until="certifications")
    response = client.post(
        URL, {"survey_wizard-current_step": "awareness", "wizard_goto_step": "certifications"}
    )
    page = response.content.decode()
    assert "Step 2 of 8" in page
    assert f'value="{data["certifications"]["certifications"][0]}"' in page
    assert "checked" in page
    response = client.post(
        URL, {"survey_wizard-current_step": "certifications", "wizard_goto_step": "profile"}
    )
    assert 'value="Silva"' in response.content.decode()


def test_steps_three_to_six_need_one_choice_between_them(client):
    data = step_data(exploration={"experiences": []})
    response = walk(client, data, until="contributions")
    page = response.content.decode()
    assert "Step 6 of 8" in page
    assert "Choose at least one experience" in page


def test_an_empty_tier_step_is_fine_when_another_step_offers_something(client):
    response = walk(client, step_data(), until="contributions")
    assert "Step 7 of 8" in response.content.decode()


def test_na_with_a_certification_is_refused_on_its_step(client):
    data = step_data(certifications={"certifications": ids(Certification, "na", "mbe")})
    response = walk(client, data, until="certifications")
    assert "cannot be combined with other certifications" in response.content.decode()


def test_no_preference_with_a_pathway_is_refused_on_its_step(client):
    data = step_data(pathways={"pathways": ids(Pathway, "no_preference", "health_sciences")})
    response = walk(client, data, until="pathways")
    assert "cannot be combined with other pathways" in response.content.decode()


def test_a_bad_zip_code_is_explained_next_to_the_field(client):
    data = step_data(profile={"zip_code": "00000"})
    response = walk(client, data, until="profile")
    assert "00000 is not a US ZIP code we know" in response.content.decode()


def test_other_organization_type_asks_for_a_description(client):
    other = str(OrganizationType.objects.get(code="other").pk)
    data = step_data(profile={"organization_name": "Makers Guild", "organization_type": other})
    response = walk(client, data, until="profile")
    assert "Describe the type of your organization" in response.content.decode()


def test_an_email_with_an_account_is_sent_to_sign_in(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    """The page never says that an address has an account: the survey carries on, and the
    address's owner is emailed to sign in instead of getting a second account."""
    owner = make_user(Role.PARTNER, email="ana@example.org", password="the-owners-own-password")
    response = walk(client, step_data(), until="profile")
    page = response.content.decode()
    assert "An account already uses this email" not in page
    assert "Step 2 of 8" in page
    client.get(URL)
    with django_capture_on_commit_callbacks(execute=True):
        response = walk(client, step_data())
    assert response.url == reverse("partners:survey_thanks")
    assert not Partner.objects.exists(), "the answers are not applied to the existing account"
    owner.refresh_from_db()
    assert owner.check_password("the-owners-own-password")
    [message] = mailoutbox
    assert message.to == ["ana@example.org"]
    assert "Someone filled" in message.subject
    assert reverse("account_login") + "?next=" + URL in message.body


def test_mismatched_or_weak_passwords_are_refused_on_the_last_step(client):
    response = walk(client, step_data(final={"password2": "something-else-entirely"}))
    assert "The two passwords do not match" in response.content.decode()
    response = walk(client, step_data(final={"password1": "short", "password2": "short"}))
    assert "at least 12 characters" in response.content.decode()
    assert not Partner.objects.exists()


def test_a_newcomer_submits_and_gets_an_account_a_number_and_emails(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = walk(client, step_data())
    assert response.status_code == 302
    assert response.url == reverse("partners:survey_thanks")
    partner = Partner.objects.get()
    assert partner.user.email == "ana@example.org"
    assert partner.user.check_password(PASSWORD)
    assert not EmailAddress.objects.get(email="ana@example.org").verified
    assert partner.latitude is not None
    page = client.get(response.url).content.decode()
    assert partner.confirmation_number not in page, "a newcomer's number comes by email"
    assert "ana@example.org" in page
    subjects = sorted(message.subject for message in mailoutbox)
    assert any(partner.confirmation_number in subject for subject in subjects)
    assert any(subject.startswith("New partner to contact: Ana Silva") for subject in subjects)
    assert any("Confirm" in subject or "confirm" in subject.lower() for subject in subjects)
    assert Email.objects.count() == 3


def test_a_signed_in_partner_sees_the_survey_prefilled_and_resubmits(
    client, django_capture_on_commit_callbacks
):
    partner = PartnerFactory(first_name="Lee", job_title="Welder", experiences=["job_shadow"])
    client.force_login(partner.user)
    page = client.get(URL).content.decode()
    assert 'value="Lee"' in page and 'value="Welder"' in page
    data = step_data(profile={"first_name": "Leona", "email": partner.user.email})
    data["final"] = {"delivery": "virtual", "travel_miles": "5"}
    with django_capture_on_commit_callbacks(execute=True):
        walk(client, data)
    partner.refresh_from_db()
    assert partner.first_name == "Leona"
    assert partner.delivery == "virtual"
    assert Partner.objects.count() == 1
    assert not Email.objects.exists(), "an edit sends no second auto reply"


def test_a_signed_in_partner_resumes_a_saved_draft(client, make_user):
    user = make_user(Role.PARTNER, email="ana@example.org")
    client.force_login(user)
    data = step_data()
    walk(client, data, until="certifications")
    assert SurveyDraft.objects.get(user=user).data["step"] == "awareness"

    client.logout()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert "Step 3 of 8" in page
    assert "continues where you left it" in page
    response = client.post(
        URL, {"survey_wizard-current_step": "awareness", "wizard_goto_step": "profile"}
    )
    assert 'value="Ana"' in response.content.decode()


def test_submission_deletes_the_draft(client, make_user):
    user = make_user(Role.PARTNER, email="ana@example.org")
    client.force_login(user)
    data = step_data()
    data["final"] = {"delivery": "both", "travel_miles": "10"}
    walk(client, data)
    assert Partner.objects.filter(user=user).exists()
    assert not SurveyDraft.objects.exists()


def answers(**overrides) -> SurveyAnswers:
    values = {
        "first_name": "Sam",
        "last_name": "Ortiz",
        "email": "sam@example.org",
        "zip_code": "97209",
        "roles": list(PartnerRole.objects.filter(code="business")),
        "organization_name": "Acme Robotics",
        "organization_type": OrganizationType.objects.get(code="business"),
        "experiences": list(Experience.objects.filter(code="mock_interview")),
        "pathways": list(Pathway.objects.filter(code="industrial_engineering")),
    }
    values.update(overrides)
    return SurveyAnswers(**values)


def test_a_second_employee_joins_the_existing_organization(make_user):
    first = partner_submit_survey(user=make_user(Role.PARTNER), answers=answers())
    second = partner_submit_survey(
        user=make_user(Role.PARTNER),
        answers=answers(email="kim@example.org", organization_name="  acme   ROBOTICS "),
    )
    assert Organization.objects.count() == 1
    assert second.organization == first.organization
    assert not first.is_organization_admin and not second.is_organization_admin, (
        "district staff confirm an organization's admin: typing its name proves nothing"
    )


def test_organization_suggestions_offer_existing_names(client):
    OrganizationFactory(name="Acme Robotics")
    OrganizationFactory(name="Providence Health")
    response = client.get("/partners/organizations/suggest/?q=acm")
    assert response.json() == {"names": ["Acme Robotics"]}
    assert client.get("/partners/organizations/suggest/?q=a").json() == {"names": []}


def test_the_service_refuses_answers_that_break_a_rule(make_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="must name the company"):
        partner_submit_survey(user=make_user(Role.PARTNER), answers=answers(organization_name=" "))
    with pytest.raises(ValidationError, match="at least one experience"):
        partner_submit_survey(user=make_user(Role.PARTNER), answers=answers(experiences=[]))
    assert not Partner.objects.exists()


def test_back_keeps_what_was_typed_on_the_current_step(client):
    data = step_data()
    walk(client, data, until="profile")
    typed = {"certifications": ids(Certification, "mbe")}
    client.post(
        URL,
        {
            "survey_wizard-current_step": "certifications",
            "certifications-certifications": typed["certifications"],
            "wizard_goto_step": "profile",
        },
    )
    page = post_step(client, "profile", data["profile"]).content.decode()
    assert "Step 2 of 8" in page
    mbe = typed["certifications"][0]
    assert re.search(rf'<input[^>]*value="{mbe}"[^>]*checked>', page), "MBE is still ticked"


def test_reloading_the_page_keeps_the_progress_of_a_newcomer(client):
    walk(client, step_data(), until="certifications")
    page = client.get(URL).content.decode()
    assert "Step 3 of 8" in page


def test_going_back_from_the_last_step_never_keeps_the_password(client):
    data = step_data()
    walk(client, data, until="pathways")
    client.post(
        URL,
        {
            "survey_wizard-current_step": "final",
            "final-delivery": "both",
            "final-password1": PASSWORD,
            "wizard_goto_step": "pathways",
        },
    )
    stored = client.session["wizard_survey_wizard"]["step_data"]["final"]
    assert stored["final-delivery"] == ["both"]
    assert "final-password1" not in stored


def test_business_industry_needs_the_organization_type(client):
    data = step_data(profile={"roles": ids(PartnerRole, "business"), "organization_name": "Acme"})
    page = walk(client, data, until="profile").content.decode()
    assert "choose the type of your organization" in page
