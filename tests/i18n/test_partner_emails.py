"""Each email is written in its reader's language: a partner's (the survey's, or their choice
since), English for district staff, one email per language when readers differ."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from accounts.roles import Role
from compliance.services import compliance_send_at_risk_reminders
from expo.models import Registration
from expo.services import expo_register
from notifications.services import email_queue
from partners.models import Experience, OrganizationType, Partner, PartnerRole, Pathway
from partners.services import (
    SurveyAnswers,
    partner_submit_survey,
    partner_update_section,
)
from requests_app.services import (
    engagement_answer,
    engagement_schedule,
    request_invite_partners,
)
from tests.compliance.factories import ContractFactory
from tests.expo.factories import ExpoEditionFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db


def answers(**overrides) -> SurveyAnswers:
    values = {
        "first_name": "Lan",
        "last_name": "Nguyen",
        "email": "lan@example.org",
        "zip_code": "97209",
        "roles": list(PartnerRole.objects.filter(code="parent")),
        "experiences": list(Experience.objects.filter(code="mock_interview")),
        "pathways": list(Pathway.objects.filter(code="health_sciences")),
    }
    values.update(overrides)
    return SurveyAnswers(**values)


def languages(written, template) -> dict[str, str]:
    return {", ".join(email.to): email.language for email in written if email.template == template}


def test_the_survey_records_the_language_it_was_filled_in(emails_written):
    with translation.override("es"):
        partner = partner_submit_survey(user=None, answers=answers(), password="a-long-pass-phrase")
    assert partner.language == "es"
    assert languages(emails_written, "survey_auto_reply") == {"lan@example.org": "es"}
    assert languages(emails_written, "new_partner_notice") == {settings.CAREER_PROGRAM_EMAIL: "en"}


@pytest.mark.parametrize(("given", "kept"), [("vi", "vi"), ("zh-cn", "zh-hans"), ("xx", "en")])
def test_the_survey_keeps_a_language_given_to_it(make_user, given, kept):
    partner = partner_submit_survey(user=make_user(Role.PARTNER), answers=answers(), language=given)
    assert partner.language == kept


def test_section_edits_keep_the_language(make_user):
    with translation.override("ru"):
        partner = partner_submit_survey(user=make_user(Role.PARTNER), answers=answers())
    with translation.override("es"):
        partner_update_section(
            partner=partner,
            section="pathways",
            data={
                "pathways": list(Pathway.objects.filter(code="no_preference")),
                "skills": "",
                "languages": "",
            },
        )
    partner.refresh_from_db()
    assert partner.language == "ru"


def test_someone_with_an_account_is_told_in_the_surveys_language(make_user, emails_written):
    make_user(Role.PARTNER, email="lan@example.org")
    with translation.override("so"):
        assert partner_submit_survey(user=None, answers=answers(), password="x" * 14) is None
    assert languages(emails_written, "survey_account_exists") == {"lan@example.org": "so"}


def test_staff_emails_are_english_even_from_a_spanish_page(emails_written):
    with translation.override("es"):
        email_queue(
            to="coordinator@example.org",
            template="notice",
            context={"subject": "s", "message": "m", "link": ""},
        )
        email_queue(
            to="partner@example.org",
            template="notice",
            context={"subject": "s", "message": "m", "link": ""},
            language="vi",
        )
    assert languages(emails_written, "notice") == {
        "coordinator@example.org": "en",
        "partner@example.org": "vi",
    }


def test_invitations_go_in_the_partners_language_answers_in_english(emails_written):
    request = RequestFactory()
    request.school.coordinators.add(request.created_by)
    partner = PartnerFactory(language="es")
    with translation.override("vi"):  # whatever the coordinator's page was in
        (engagement,) = request_invite_partners(
            request=request, partners=[partner], by=request.created_by
        )
    engagement_answer(engagement=engagement, accept=True)
    assert languages(emails_written, "invitation") == {partner.email: "es"}
    assert languages(emails_written, "invitation_answered") == {request.created_by.email: "en"}


def test_both_sides_of_an_engagement_read_their_own_language(emails_written, monkeypatch):
    import requests_app.services

    calendars = []
    real_ics = requests_app.services.engagement_ics

    def ics(engagement, **kwargs):
        calendars.append(translation.get_language())
        return real_ics(engagement, **kwargs)

    monkeypatch.setattr(requests_app.services, "engagement_ics", ics)
    engagement = EngagementFactory(
        partner=PartnerFactory(language="ru"), status="accepted", responded_at=timezone.now()
    )
    starts = timezone.now() + datetime.timedelta(days=10)
    engagement_schedule(
        engagement=engagement,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Grant HS, room 101",
    )
    assert languages(emails_written, "engagement_scheduled") == {
        engagement.partner.email: "ru",
        engagement.coordinator.email: "en",
    }
    assert calendars == ["ru", "en"]  # each calendar invitation's text too


def test_an_organizations_admins_get_one_email_per_language(emails_written):
    organization = OrganizationFactory()
    spanish = PartnerFactory(organization=organization, is_organization_admin=True, language="es")
    english = PartnerFactory(organization=organization, is_organization_admin=True)
    chinese = PartnerFactory(
        organization=organization, is_organization_admin=True, language="zh-hans"
    )
    edition = ExpoEditionFactory(date=timezone.localdate() + datetime.timedelta(days=120))
    expo_register(edition=edition, organization=organization, kind=Registration.Kind.EXHIBITOR)
    assert languages(emails_written, "expo_registration_confirmation") == {
        spanish.email: "es",
        english.email: "en",
        chinese.email: "zh-hans",
    }


def test_the_contract_reminder_goes_to_procurement_in_english_and_to_admins_in_theirs(
    emails_written, make_user
):
    procurement = make_user(Role.PROCUREMENT)
    organization = OrganizationFactory(type=OrganizationType.objects.get(code="business"))
    admin = PartnerFactory(organization=organization, is_organization_admin=True, language="vi")
    today = timezone.localdate()
    ContractFactory(
        contractor=organization,
        value="150000.00",
        start_date=today - datetime.timedelta(days=340),
        end_date=today + datetime.timedelta(days=400),
    )
    assert compliance_send_at_risk_reminders(today=today) == 1
    assert languages(emails_written, "contract_year_at_risk") == {
        procurement.email: "en",
        admin.email: "vi",
    }


def test_the_survey_filled_in_on_a_spanish_page_is_recorded_as_spanish(client, emails_written):
    from tests.partners.test_survey_abuse import finish

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = finish(client, "rosa@example.org")
    assert '<html lang="es">' in page
    partner = Partner.objects.get(email="rosa@example.org")
    assert partner.language == "es"
    assert languages(emails_written, "survey_auto_reply") == {"rosa@example.org": "es"}
