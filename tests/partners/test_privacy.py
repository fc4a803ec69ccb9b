"""A partner's personal data: they download everything held about them (JSON and CSV) and
delete their account; what they delivered stays counted for their organization, nameless."""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from accounts.models import User
from accounts.roles import Role
from compliance.selectors import organization_delivered_opportunities
from notifications.services import email_queue
from partners.models import CertificationClaim, Partner, SurveyDraft
from privacy.services import partner_account_delete
from requests_app.models import Engagement, Offer
from tests.accounts.factories import PASSWORD
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(django_capture_on_commit_callbacks):
    """A partner of Acme Robotics with one of everything the product holds about someone."""
    organization = OrganizationFactory(name="Acme Robotics")
    partner = PartnerFactory(
        first_name="Maria",
        last_name="Gonzalez",
        user__email="maria@acme.example",
        organization=organization,
        phone="503-555-0142",
        job_title="Robotics engineer",
        skills="welding, robotics",
    )
    EngagementFactory(
        partner=partner,
        status=Engagement.Status.DELIVERED,
        delivered_on=date(2025, 3, 4),
        students_reached=25,
        volunteer_hours=Decimal("2.50"),
        delivery_note="Maria was brilliant with the juniors",
        coordinator_rating=5,
        partner_rating=4,
        response_message="Happy to come, Maria",
    )
    EngagementFactory(partner=partner, status=Engagement.Status.INVITED)
    EngagementFactory(
        partner=partner,
        status=Engagement.Status.SCHEDULED,
        starts_at=timezone.now() + timedelta(days=10),
        ends_at=timezone.now() + timedelta(days=10, hours=1),
    )
    Offer.objects.create(
        partner=partner,
        title="Robot lab tour",
        description="Call Maria on 503-555-0142",
        experience=partner.experiences.first(),
        offered_on=timezone.localdate() + timedelta(days=30),
        capacity=12,
    )
    SurveyDraft.objects.create(user=partner.user, data={"step": "pathways"})
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            to=partner.email,
            template="notice",
            context={"subject": "Welcome aboard", "message": "Hello Maria"},
        )
    return partner


def test_the_json_download_holds_everything_about_the_partner(client, partner):
    client.force_login(partner.user)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "maria@acme.example"
    assert data["account"]["sign_in_emails"] == [
        {"email": "maria@acme.example", "verified": True, "primary": True}
    ]
    assert data["profile"]["phone"] == "503-555-0142"
    assert data["profile"]["skills"] == "welding, robotics"
    assert data["organization"]["name"] == "Acme Robotics"
    assert {
        "section": "Profile",
        "question": "Contact job title",
        "answer": "Robotics engineer",
    } in data["answers"]
    delivered = next(e for e in data["engagements"] if e["status"] == "Delivered")
    assert delivered["coordinator_note"] == "Maria was brilliant with the juniors"
    assert delivered["coordinator_rating_of_you"] == 5
    assert delivered["volunteer_hours"] == "2.50"
    assert len(data["engagements"]) == 3
    assert data["offers"][0]["description"] == "Call Maria on 503-555-0142"
    assert [email["subject"] for email in data["emails"]] == ["Welcome aboard"]
    assert data["emails"][0]["created"]
    assert data["survey_draft"]["answers"] == {"step": "pathways"}


def test_the_csv_download_holds_the_same_data(client, partner):
    client.force_login(partner.user)
    response = client.get(reverse("privacy:export_csv"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "item", "field", "value"]
    cells = {(section, field): value for section, _, field, value in rows[1:]}
    assert cells[("profile", "phone")] == "503-555-0142"
    assert cells[("emails", "subject")] == "Welcome aboard"
    assert cells[("engagements", "coordinator_note")] in {
        "Maria was brilliant with the juniors",
        "",
    }
    assert ["engagements", "1", "coordinator_note", "Maria was brilliant with the juniors"] in rows


def test_only_the_partner_themselves_downloads_their_data(client, partner, make_user):
    other = PartnerFactory()
    client.force_login(other.user)
    data = json.loads(client.get(reverse("privacy:export_json")).content)
    assert data["account"]["email"] == other.user.email
    assert "Maria was brilliant" not in json.dumps(data)  # the other partner's note
    client.force_login(make_user(Role.COORDINATOR))
    assert client.get(reverse("privacy:export_json")).status_code == 403


def test_the_home_links_to_the_data_page(client, partner):
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert reverse("privacy:privacy") in page
    page = client.get(reverse("privacy:privacy")).content.decode()
    assert reverse("privacy:account_delete") in page
    assert "deleted after 90 days" in page


def test_deleting_asks_for_the_password(client, partner):
    client.force_login(partner.user)
    response = client.post(reverse("privacy:account_delete"), {"password": "not-it"})
    assert response.status_code == 200
    assert "This is not your password." in response.content.decode()
    assert User.objects.filter(pk=partner.user.pk).exists()


def test_a_deleted_account_is_gone_and_cannot_sign_in(
    client, partner, mailoutbox, django_capture_on_commit_callbacks
):
    user = partner.user
    credentials = {"login": "maria@acme.example", "password": PASSWORD}
    signing_in = client.post(reverse("account_login"), credentials)
    assert signing_in.status_code == 302, "the same sign-in works before the deletion"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:account_delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not User.objects.filter(email__iexact="maria@acme.example").exists()
    assert not EmailAddress.objects.filter(email__iexact="maria@acme.example").exists()
    assert not SurveyDraft.objects.exists()
    assert client.get(reverse("partners:home")).status_code == 302, "signed out"

    response = client.post(reverse("account_login"), credentials)
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    # The coordinators were told of the invitation declined and the engagement withdrawn.
    subjects = [message.subject for message in mailoutbox]
    assert any("withdrew" in subject.lower() or "can't" in subject.lower() for subject in subjects)


def test_delivered_engagements_stay_counted_for_the_organization_without_a_name(partner):
    organization = partner.organization
    before = organization_delivered_opportunities(organization.pk, until=date(2026, 1, 1))
    partner_account_delete(user=partner.user)

    after = organization_delivered_opportunities(organization.pk, until=date(2026, 1, 1))
    assert len(after) == len(before) == 1
    assert after[0].students == 25
    delivered = Engagement.objects.get(status=Engagement.Status.DELIVERED)
    assert delivered.organization == organization
    assert delivered.volunteer_hours == Decimal("2.50")
    assert (delivered.delivery_note, delivered.response_message) == ("", "")
    assert (delivered.coordinator_rating, delivered.partner_rating) == (None, None)
    placeholder = delivered.partner
    assert str(placeholder) == "Deleted partner"
    assert placeholder.status == Partner.Status.INACTIVE
    assert not placeholder.user.is_active and not placeholder.user.has_usable_password()
    for field in ("phone", "job_title", "skills", "zip_code"):
        assert getattr(placeholder, field) == ""
    assert "Maria" not in placeholder.search_text and "gonzalez" not in placeholder.search_text
    assert not placeholder.experiences.exists()
    # Nothing else keeps the name or the contact details.
    assert not Partner.objects.filter(first_name="Maria").exists()
    assert not Engagement.objects.filter(response_message__contains="Maria").exists()
    assert not Offer.objects.filter(description__contains="503").exists()


def test_engagements_to_come_are_withdrawn_and_open_offers_too(partner):
    partner_account_delete(user=partner.user)
    statuses = set(Engagement.objects.values_list("status", flat=True))
    assert statuses == {
        Engagement.Status.DELIVERED,
        Engagement.Status.DECLINED,
        Engagement.Status.CANCELLED,
    }
    assert not Offer.objects.filter(status=Offer.Status.OPEN).exists()


def test_emails_sent_to_the_partner_are_deleted_with_the_account(partner):
    assert Email.objects.filter(status=STATUS.sent, subject="Welcome aboard").exists()
    partner_account_delete(user=partner.user)
    assert not Email.objects.filter(subject="Welcome aboard").exists()


def test_a_partner_without_engagements_is_deleted_entirely(make_user):
    partner = PartnerFactory(organization=OrganizationFactory())
    CertificationClaim.objects.create(
        organization=partner.organization, partner=partner, claimed_at=timezone.now()
    )
    partner_account_delete(user=partner.user)
    assert not Partner.objects.exists()
    assert not CertificationClaim.objects.exists()


def test_a_staff_account_is_not_deleted_here(make_user):
    user = make_user(Role.PARTNER)
    from accounts.services import user_assign_role

    user_assign_role(user=user, role=Role.COORDINATOR)
    with pytest.raises(ValidationError, match="staff role"):
        partner_account_delete(user=user)
    assert User.objects.filter(pk=user.pk).exists()


def test_a_request_with_a_deleted_partner_still_lists_the_engagement(partner, client, make_user):
    request = RequestFactory()
    EngagementFactory(
        request=request,
        partner=partner,
        status=Engagement.Status.DELIVERED,
        delivered_on=date(2025, 4, 1),
    )
    partner_account_delete(user=partner.user)
    assert request.engagements.get().partner.full_name == "Deleted partner"
