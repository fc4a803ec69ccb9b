"""The survey's rules at their boundaries, and the business-day arithmetic."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from partners.dates import add_business_days, contact_deadline, is_overdue, overdue_cutoff
from partners.models import Certification, Contribution, Experience, PartnerRole, Pathway
from partners.services import (
    exclusive_choice_error,
    offers_something,
    organization_required,
    zip_code_clean,
    zip_code_coordinates,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("raw", "clean"), [("97209", "97209"), (" 97209 ", "97209"), ("97209-1234", "97209")]
)
def test_real_zip_codes_are_accepted(raw, clean):
    assert zip_code_clean(raw) == clean


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("9720", "5-digit"),
        ("972091", "5-digit"),
        ("97a09", "5-digit"),
        ("97209-12", "5-digit"),
        ("", "5-digit"),
        ("00000", "not a US ZIP code"),
        ("99999", "not a US ZIP code"),
    ],
)
def test_bad_zip_codes_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ValidationError, match=message):
        zip_code_clean(raw)


def test_zip_code_has_coordinates():
    latitude, longitude = zip_code_coordinates("97209")
    assert 45 < latitude < 46 and -123 < longitude < -122


def test_na_excludes_every_certification_but_stands_alone():
    na = Certification.objects.get(code="na")
    mbe, wbe = Certification.objects.get(code="mbe"), Certification.objects.get(code="wbe")
    assert exclusive_choice_error([na], label="certifications") is None
    assert exclusive_choice_error([mbe, wbe], label="certifications") is None
    assert "cannot be combined" in exclusive_choice_error([mbe, na], label="certifications")


def test_no_preference_excludes_every_pathway():
    none = Pathway.objects.get(code="no_preference")
    health = Pathway.objects.get(code="health_sciences")
    assert exclusive_choice_error([none], label="pathways") is None
    assert "No Preference" in exclusive_choice_error([health, none], label="pathways")


def test_only_the_business_industry_role_requires_an_organization():
    roles = {role.code: role for role in PartnerRole.objects.all()}
    assert organization_required([roles["business"]])
    assert organization_required([roles["parent"], roles["business"]])
    assert not organization_required([roles["parent"], roles["alumni"], roles["volunteer"]])
    assert not organization_required([roles["community"], roles["post_secondary"]])


def test_at_least_one_offering_across_steps_three_to_six():
    assert not offers_something([], [])
    assert offers_something([Experience.objects.get(code="job_shadow")], [])
    assert offers_something([], [Contribution.objects.get(code="volunteer")])


def test_catalogs_are_seeded_with_the_districts_wording():
    assert list(PartnerRole.objects.values_list("name", flat=True)) == [
        "PPS Parent",
        "PPS Alumni",
        "Business/Industry Partner",
        "Community Partner",
        "Post-Secondary Education Partner",
        "Volunteer",
    ]
    assert Experience.objects.filter(tier__code="awareness").count() == 4
    assert Experience.objects.filter(tier__code="exploration").count() == 4
    assert Experience.objects.filter(tier__code="preparation").count() == 6
    assert Pathway.objects.get(code="health_sciences").label_with_help == (
        "Health Sciences (i.e., Health Services)"
    )


MONDAY = date(2026, 1, 5)


def test_business_days_skip_weekends():
    friday = date(2026, 1, 9)
    assert add_business_days(friday, 1) == date(2026, 1, 12)
    assert add_business_days(MONDAY, 5) == date(2026, 1, 12)
    assert contact_deadline(MONDAY) == date(2026, 1, 19)


def test_flagged_only_once_the_tenth_business_day_has_passed():
    assert not is_overdue(MONDAY, date(2026, 1, 16))
    assert not is_overdue(MONDAY, date(2026, 1, 19))
    assert is_overdue(MONDAY, date(2026, 1, 20))


def test_a_weekend_submission_counts_from_the_next_business_day():
    saturday = date(2026, 1, 10)
    assert contact_deadline(saturday) == date(2026, 1, 23)
    assert not is_overdue(saturday, date(2026, 1, 23))
    assert is_overdue(saturday, date(2026, 1, 24))


def test_overdue_cutoff_agrees_with_is_overdue_every_day_of_a_season():
    for offset in range(90):
        today = date(2026, 2, 1) + timedelta(days=offset)
        cutoff = overdue_cutoff(today)
        assert is_overdue(cutoff, today)
        assert not is_overdue(cutoff + timedelta(days=1), today)
