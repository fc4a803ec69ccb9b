"""MWESB certifications: a fact procurement relies on. Only district staff and the
organization's staff-confirmed admin write the record; anyone else's answer is a claim."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partners.models import (
    Certification,
    CertificationClaim,
    Experience,
    Organization,
    Partner,
    PartnerRole,
)
from partners.services import (
    SurveyAnswers,
    certification_claim_review,
    organization_certifications_answer,
    partner_import_rows,
    partner_submit_survey,
)
from tests.partners.factories import OrganizationFactory, PartnerFactory, catalog
from tests.partners.test_survey import URL, ids, step_data, walk

pytestmark = pytest.mark.django_db


@pytest.fixture
def builders():
    organization = OrganizationFactory(name="Rose City Builders")
    organization.certifications.set(catalog(Certification, "esb"))
    return organization


def codes(organization_or_claim) -> set[str]:
    return set(organization_or_claim.certifications.values_list("code", flat=True))


def test_an_anonymous_survey_naming_an_existing_company_only_claims(
    client, builders, django_capture_on_commit_callbacks
):
    data = step_data(
        profile={"organization_name": "  ROSE CITY BUILDERS "},
        certifications={"certifications": ids(Certification, "na")},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = walk(client, data)
    assert response.status_code == 302
    partner = Partner.objects.get(email="ana@example.org")
    assert partner.organization == builders
    assert codes(builders) == {"esb"}  # the record is untouched
    claim = CertificationClaim.objects.get()
    assert (claim.partner, claim.organization, claim.status) == (partner, builders, "pending")
    assert codes(claim) == {"na"}


def test_a_member_editing_certifications_makes_a_claim_shown_on_their_home(client, builders):
    partner = PartnerFactory(organization=builders)
    client.force_login(partner.user)
    url = reverse("partners:section_edit", args=["certifications"])
    response = client.post(url, {"certifications": ids(Certification, "mbe", "wbe")})
    assert response.status_code == 302
    assert codes(builders) == {"esb"}
    page = client.get(reverse("partners:home")).content.decode()
    assert "On record for Rose City Builders" in page
    assert "Answer waiting for district staff to confirm" in page
    assert "MBE, WBE" in page
    # Editing again shows their own answer, and replaces the one pending claim.
    form_page = client.get(url).content.decode()
    mbe = Certification.objects.get(code="mbe").pk
    assert f'value="{mbe}" ' in form_page.replace("checked", "") and "checked" in form_page
    client.post(url, {"certifications": ids(Certification, "mbe")})
    claim = CertificationClaim.objects.get()
    assert codes(claim) == {"mbe"}


def test_the_confirmed_organization_admin_writes_the_record(client, builders):
    admin = PartnerFactory(organization=builders, is_organization_admin=True)
    client.force_login(admin.user)
    client.post(
        reverse("partners:section_edit", args=["certifications"]),
        {"certifications": ids(Certification, "na")},
    )
    assert codes(builders) == {"na"}
    assert not CertificationClaim.objects.exists()


def test_an_answer_that_agrees_with_the_record_leaves_nothing_to_confirm(builders):
    partner = PartnerFactory(organization=builders)
    organization_certifications_answer(partner=partner, certifications=catalog(Certification, "na"))
    assert CertificationClaim.objects.count() == 1
    organization_certifications_answer(
        partner=partner, certifications=catalog(Certification, "esb")
    )
    assert not CertificationClaim.objects.exists()


def test_staff_confirm_a_claim_and_the_record_changes_once(builders, district_admin_user):
    partner = PartnerFactory(organization=builders)
    claim = organization_certifications_answer(
        partner=partner, certifications=catalog(Certification, "mbe")
    )
    certification_claim_review(claim=claim, accept=True, by=district_admin_user)
    assert codes(builders) == {"mbe"}
    claim.refresh_from_db()
    assert (claim.status, claim.reviewed_by) == ("confirmed", district_admin_user)
    with pytest.raises(ValidationError, match="already been reviewed"):
        certification_claim_review(claim=claim, accept=False, by=district_admin_user)


def test_staff_dismiss_a_claim_and_the_record_stays(builders, district_admin_user):
    claim = organization_certifications_answer(
        partner=PartnerFactory(organization=builders),
        certifications=catalog(Certification, "na"),
    )
    certification_claim_review(claim=claim, accept=False, by=district_admin_user)
    assert codes(builders) == {"esb"}
    assert CertificationClaim.objects.get().status == "dismissed"


def test_the_admin_lists_pending_claims_and_confirms_them(client, builders, admin_user):
    claim = organization_certifications_answer(
        partner=PartnerFactory(organization=builders, first_name="Ana"),
        certifications=catalog(Certification, "wbe"),
    )
    client.force_login(admin_user)
    changelist = reverse("admin:partners_certificationclaim_changelist")
    page = client.get(changelist + "?status__exact=pending").content.decode()
    assert "Rose City Builders" in page and "WBE" in page
    organization_page = client.get(
        reverse("admin:partners_organization_change", args=[builders.pk])
    ).content.decode()
    assert "Certification answers waiting for district staff" in organization_page
    client.post(
        changelist,
        {"action": "confirm_claims", "_selected_action": [claim.pk]},
    )
    assert codes(builders) == {"wbe"}


def test_the_staff_partner_page_shows_the_claim_to_confirm(client, builders, coordinator_user):
    partner = PartnerFactory(organization=builders)
    organization_certifications_answer(partner=partner, certifications=catalog(Certification, "na"))
    client.force_login(coordinator_user)
    page = client.get(reverse("partners:detail", args=[partner.pk])).content.decode()
    assert "Answer waiting for district staff to confirm" in page


def test_leaving_the_organization_withdraws_the_pending_claim(client, builders):
    partner = PartnerFactory(organization=builders)
    organization_certifications_answer(partner=partner, certifications=catalog(Certification, "na"))
    client.force_login(partner.user)
    client.post(
        reverse("partners:section_edit", args=["profile"]),
        {
            "first_name": partner.first_name,
            "last_name": partner.last_name,
            "email": partner.email,
            "roles": ids(PartnerRole, "volunteer"),
            "organization_name": "",
            "zip_code": "97217",
        },
    )
    partner.refresh_from_db()
    assert partner.organization is None
    assert not CertificationClaim.objects.exists()


def test_a_staff_import_writes_the_record(builders):
    result = partner_import_rows(
        rows=[
            {
                "first_name": "Kim",
                "last_name": "Tran",
                "email": "kim@example.org",
                "roles": "business",
                "organization": "rose city builders",
                "organization_type": "business",
                "certifications": "MBE",
                "experiences": "job_shadow",
                "zip": "97217",
            }
        ]
    )
    assert result.errors == []
    assert codes(builders) == {"mbe"}


def test_a_new_organization_starts_with_the_answer_as_a_claim():
    answers = SurveyAnswers(
        first_name="Lee",
        last_name="Park",
        email="lee@example.org",
        zip_code="97217",
        roles=catalog(PartnerRole, "parent"),
        organization_name="Brand New Co",
        certifications=catalog(Certification, "dbe"),
        experiences=catalog(Experience, "job_shadow"),
    )
    partner = partner_submit_survey(user=None, answers=answers, password="a-long-walk-to-school")
    organization = Organization.objects.get(name="Brand New Co")
    assert codes(organization) == set()
    assert codes(CertificationClaim.objects.get(partner=partner)) == {"dbe"}


# Partners without an organization: the question is not asked, shown or saved.


def test_a_partner_without_an_organization_skips_the_certifications_step(client):
    data = step_data(profile={"organization_name": ""})
    response = walk(client, {"profile": data["profile"]})
    page = response.content.decode()
    assert "Step 2 of 7" in page
    assert "Career Awareness" in page
    del data["certifications"]
    response = walk(client, data)
    assert response.status_code == 302
    assert Partner.objects.get().organization is None
    assert not CertificationClaim.objects.exists()


def test_step_one_counts_the_certifications_step_until_it_is_answered(client):
    assert "Step 1 of 8" in client.get(URL).content.decode()


def test_the_home_of_a_partner_without_an_organization_has_no_certifications(client):
    partner = PartnerFactory(organization=None)
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert 'id="section-certifications"' not in page
    assert 'id="section-profile"' in page
    response = client.get(reverse("partners:section_edit", args=["certifications"]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("partners:section_edit", args=["profile"])
    assert "name yours in Profile first" in response.content.decode()
