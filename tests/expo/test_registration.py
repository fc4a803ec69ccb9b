"""Registering for the Expo from the partner home, booths never overbooked, the deadline,
the confirmation email, staff lists with CSV, and the admin."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from expo.models import Registration
from expo.selectors import registration_closes_on, registration_open
from expo.services import expo_register
from tests.compliance.factories import ContractFactory
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory, SponsorLevelFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_admin(make_user):
    return make_user(Role.DISTRICT_ADMIN)


@pytest.fixture
def edition():
    today = timezone.localdate()
    return ExpoEditionFactory(
        date=today + timedelta(days=90),
        registration_deadline=today + timedelta(days=40),
        booth_capacity=2,
    )


@pytest.fixture
def partner():
    organization = OrganizationFactory(name="Rose City Builders")
    PartnerFactory(organization=organization, email="colleague@rosecity.example")
    return PartnerFactory(
        organization=organization, email="sam@rosecity.example", is_organization_admin=True
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PARTNER, 200),
        (Role.COORDINATOR, 403),
        (Role.PROCUREMENT, 403),
        (Role.DISTRICT_ADMIN, 403),
    ],
)
def test_who_may_open_the_registration_page(client, make_user, edition, role, status):
    client.force_login(make_user(role))
    assert client.get(reverse("expo:register")).status_code == status


def test_a_partner_registers_the_organization_as_exhibitor(
    client, edition, partner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(partner.user)
    page = client.get(reverse("partners:home")).content.decode()
    assert "Register Rose City Builders for the Expo" in page
    page = client.get(reverse("expo:register")).content.decode()
    assert "Exhibitor booths left: 2" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("expo:register"), {"kind": "exhibitor"}, follow=True)
    page = response.content.decode()
    assert "Rose City Builders is registered for the Expo" in page
    assert "is registered as <strong>exhibitor</strong>" in page
    registration = Registration.objects.get()
    assert (registration.organization, registration.kind, registration.registered_by) == (
        partner.organization,
        "exhibitor",
        partner.user,
    )
    [email] = mailoutbox
    assert sorted(email.to) == ["sam@rosecity.example"], "the confirmed admins, not every member"
    assert email.subject == (
        f"Rose City Builders is registered for the Expo {edition.year} as exhibitor"
    )


def test_a_sponsor_chooses_a_level_of_this_edition(client, edition, partner):
    level = SponsorLevelFactory(edition=edition, name="Career Champion", exhibitor_equivalent=True)
    client.force_login(partner.user)
    page = client.post(reverse("expo:register"), {"kind": "sponsor"}).content.decode()
    assert "Choose the sponsor level." in page
    assert not Registration.objects.exists()
    client.post(reverse("expo:register"), {"kind": "sponsor", "sponsor_level": level.pk})
    registration = Registration.objects.get()
    assert registration.sponsor_level == level
    assert registration.counts_as_exhibitor
    other = SponsorLevelFactory(edition=ExpoEditionFactory(date=edition.date.replace(year=2020)))
    with pytest.raises(ValidationError):
        expo_register(
            edition=edition,
            organization=partner.organization,
            kind="sponsor",
            sponsor_level=other,
        )


def test_booths_are_never_overbooked(client, edition, partner):
    RegistrationFactory(edition=edition)
    RegistrationFactory(edition=edition)
    client.force_login(partner.user)
    page = client.post(reverse("expo:register"), {"kind": "exhibitor"}).content.decode()
    assert "No exhibitor booth is left at the Expo" in page
    assert Registration.objects.filter(edition=edition).count() == 2
    level = SponsorLevelFactory(edition=edition)
    client.post(reverse("expo:register"), {"kind": "sponsor", "sponsor_level": level.pk})
    assert Registration.objects.filter(organization=partner.organization).get().kind == "sponsor"


def test_an_exhibitor_keeps_its_booth_when_registering_again(edition, partner):
    RegistrationFactory(edition=edition)
    expo_register(edition=edition, organization=partner.organization, kind="exhibitor")
    _, outcome = expo_register(edition=edition, organization=partner.organization, kind="exhibitor")
    assert outcome == "unchanged"


def test_registration_closes_after_the_deadline(client, partner):
    today = timezone.localdate()
    ExpoEditionFactory(
        date=today + timedelta(days=20), registration_deadline=today - timedelta(days=1)
    )
    client.force_login(partner.user)
    page = client.get(reverse("expo:register")).content.decode()
    assert "Registration closed on" in page
    client.post(reverse("expo:register"), {"kind": "exhibitor"})
    assert not Registration.objects.exists()
    assert "Registration is closed." in client.get(reverse("partners:home")).content.decode()


def test_registration_closes_on_the_deadline_or_else_the_expo_day():
    today = timezone.localdate()
    with_deadline = ExpoEditionFactory(
        date=today + timedelta(days=20), registration_deadline=today + timedelta(days=5)
    )
    without = ExpoEditionFactory(date=today + timedelta(days=400), registration_deadline=None)
    assert registration_closes_on(with_deadline) == today + timedelta(days=5)
    assert registration_closes_on(without) == today + timedelta(days=400)
    assert registration_open(with_deadline, today=today + timedelta(days=5))
    assert not registration_open(with_deadline, today=today + timedelta(days=6))


def test_a_partner_without_an_organization_is_asked_to_name_one(client, edition):
    partner = PartnerFactory()
    client.force_login(partner.user)
    page = client.get(reverse("expo:register")).content.decode()
    assert "Name yours in your profile" in page


def test_without_an_upcoming_edition_nothing_is_open(client, partner):
    client.force_login(partner.user)
    page = client.get(reverse("expo:register")).content.decode()
    assert "No Expo edition is open for registration yet." in page


def test_staff_see_the_registrations_and_download_them(client, procurement_user, edition):
    level = SponsorLevelFactory(edition=edition, name="Supporting", price=Decimal("2500.00"))
    RegistrationFactory(edition=edition, organization=OrganizationFactory(name="Acme"))
    RegistrationFactory(
        edition=edition,
        organization=OrganizationFactory(name="@Globex"),
        kind="sponsor",
        sponsor_level=level,
    )
    client.force_login(procurement_user)
    page = client.get(reverse("expo:registrations")).content.decode()
    assert "Booths taken: <strong>1 of 2</strong>" in page
    assert "Supporting ($2,500.00)" in page
    response = client.get(reverse("expo:registrations_csv"), {"edition": edition.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["organization", "expo_date", "kind", "sponsor_level"]
    assert rows[1][:5] == ["'@Globex", edition.date.isoformat(), "sponsor", "Supporting", "no"]
    assert rows[2][:5] == ["Acme", edition.date.isoformat(), "exhibitor", "", "yes"]


def test_staff_see_the_major_contractors_still_owing_a_registration(
    client, procurement_user, edition
):
    owing = ContractFactory(
        number="C-OWE",
        contractor=OrganizationFactory(name="Owing Co"),
        value=Decimal("1000000.00"),
        start_date=edition.date - timedelta(days=100),
        end_date=edition.date + timedelta(days=100),
    )
    PartnerFactory(
        organization=owing.contractor, email="boss@owing.example", is_organization_admin=True
    )
    paid = ContractFactory(
        contractor=OrganizationFactory(name="Registered Co"),
        value=Decimal("2000000.00"),
        start_date=owing.start_date,
        end_date=owing.end_date,
    )
    RegistrationFactory(edition=edition, organization=paid.contractor)
    client.force_login(procurement_user)
    page = client.get(reverse("compliance:expo_owed")).content.decode()
    assert "Owing Co" in page and "C-OWE" in page and "boss@owing.example" in page
    assert "Registered Co" not in page
    response = client.get(reverse("compliance:expo_owed_csv"), {"edition": edition.pk})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        [
            "organization",
            "expo_date",
            "contract_number",
            "contract_year",
            "year_start",
            "year_end",
            "contacts",
        ],
        [
            "Owing Co",
            edition.date.isoformat(),
            "C-OWE",
            "1",
            owing.start_date.isoformat(),
            owing.end_date.isoformat(),
            "boss@owing.example",
        ],
    ]


ADMIN_PAGES = [
    "admin:compliance_contract_changelist",
    "admin:compliance_opportunity_changelist",
    "admin:compliance_atriskreminder_changelist",
    "admin:expo_expoedition_changelist",
    "admin:expo_sponsorlevel_changelist",
    "admin:expo_registration_changelist",
    "admin:expo_deadlinereminder_changelist",
    "admin:compliance_contract_add",
    "admin:expo_expoedition_add",
    "admin:expo_registration_add",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_the_admin_lists_and_searches_every_model(client, district_admin, edition, name):
    ContractFactory()
    RegistrationFactory(edition=edition)
    client.force_login(district_admin)
    params = {"q": "a"} if name.endswith("changelist") else {}
    assert client.get(reverse(name), params).status_code == 200


def test_the_contract_admin_filters_by_tier(client, district_admin):
    ContractFactory(number="C-BIG", value=Decimal("1000000.00"))
    ContractFactory(number="C-MID", value=Decimal("999999.99"))
    client.force_login(district_admin)
    page = client.get(
        reverse("admin:compliance_contract_changelist"), {"tier": "major"}
    ).content.decode()
    assert "C-BIG" in page and "C-MID" not in page


def test_the_admin_cannot_overbook_booths(client, district_admin, edition):
    RegistrationFactory(edition=edition)
    RegistrationFactory(edition=edition)
    organization = OrganizationFactory()
    client.force_login(district_admin)
    response = client.post(
        reverse("admin:expo_registration_add"),
        {"edition": edition.pk, "organization": organization.pk, "kind": "exhibitor"},
    )
    assert response.status_code == 200
    assert "No exhibitor booth is left" in response.content.decode()
    assert Registration.objects.count() == 2
    level = SponsorLevelFactory(edition=edition)
    response = client.post(
        reverse("admin:expo_registration_add"),
        {
            "edition": edition.pk,
            "organization": organization.pk,
            "kind": "sponsor",
            "sponsor_level": level.pk,
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get(organization=organization).source == "staff"
