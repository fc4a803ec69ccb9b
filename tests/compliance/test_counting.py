"""What counts for a contract: delivered engagements and hand-recorded opportunities, one per
event, in every contract of the organization; Expo registrations; the registration proof."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from compliance.rules import YearStatus
from compliance.selectors import (
    contract_evaluate,
    contract_year_details,
    expo_registrations_owed,
)
from requests_app.models import Engagement
from tests.compliance.factories import ContractFactory, OpportunityFactory
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory, SponsorLevelFactory
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db

AFTER = date(2025, 6, 1)


def delivered(organization, day, **kwargs):
    partner = kwargs.pop("partner", None) or PartnerFactory(organization=organization)
    return EngagementFactory(
        partner=partner,
        organization=organization,
        status=Engagement.Status.DELIVERED,
        delivered_on=day,
        **kwargs,
    )


def year_of(contract, number=1, as_of=AFTER):
    return contract_evaluate(contract, as_of=as_of).years[number - 1]


def test_delivered_engagements_and_hand_recorded_opportunities_both_count():
    contract = ContractFactory()
    delivered(contract.contractor, date(2024, 2, 1))
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 3, 1))
    year = year_of(contract)
    assert year.opportunities_delivered == 2
    assert year.status == YearStatus.MET


def test_engagements_not_delivered_do_not_count():
    contract = ContractFactory()
    organization = contract.contractor
    for status in (Engagement.Status.SCHEDULED, Engagement.Status.CANCELLED):
        EngagementFactory(
            partner=PartnerFactory(organization=organization),
            organization=organization,
            status=status,
        )
    assert year_of(contract).opportunities_delivered == 0


def test_one_event_with_many_employees_is_one_opportunity():
    contract = ContractFactory()
    request = RequestFactory()
    for _ in range(3):
        delivered(contract.contractor, date(2024, 2, 1), request=request)
    year = year_of(contract)
    assert year.opportunities_delivered == 1
    [detail] = contract_year_details(contract_evaluate(contract, as_of=AFTER))
    [event] = detail.opportunities
    assert event.people == 3
    assert event.title == request.title


def test_an_engagement_counts_for_the_organization_it_was_delivered_for():
    contract = ContractFactory()
    partner = PartnerFactory(organization=contract.contractor)
    other = OrganizationFactory()
    delivered(other, date(2024, 2, 1), partner=partner)  # delivered for a former employer
    assert year_of(contract).opportunities_delivered == 0


def test_two_contracts_of_one_organization_each_count_all_its_opportunities():
    organization = OrganizationFactory()
    first = ContractFactory(contractor=organization, start_date=date(2024, 1, 1))
    second = ContractFactory(contractor=organization, start_date=date(2024, 7, 1))
    OpportunityFactory(organization=organization, delivered_on=date(2024, 8, 1))
    OpportunityFactory(organization=organization, delivered_on=date(2024, 9, 1))
    assert year_of(first).opportunities_delivered == 2
    assert year_of(second).opportunities_delivered == 2
    assert year_of(first).status == year_of(second).status == YearStatus.MET


def test_another_organizations_opportunities_do_not_count():
    contract = ContractFactory()
    OpportunityFactory(delivered_on=date(2024, 2, 1))
    assert year_of(contract).opportunities_delivered == 0


def test_opportunities_fall_into_the_year_they_were_delivered_in():
    contract = ContractFactory(end_date=date(2025, 12, 31))
    for day in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 1, 2)):
        OpportunityFactory(organization=contract.contractor, delivered_on=day)
    evaluation = contract_evaluate(contract, as_of=date(2026, 1, 1))
    assert [y.opportunities_delivered for y in evaluation.years] == [1, 2]
    assert [y.status for y in evaluation.years] == [YearStatus.MISSED, YearStatus.MET]


def test_a_short_final_year_owes_the_full_count():
    contract = ContractFactory(start_date=date(2024, 1, 1), end_date=date(2025, 2, 28))
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2025, 2, 1))
    final = contract_evaluate(contract, as_of=date(2025, 3, 1)).years[1]
    assert (final.year.start, final.year.end) == (date(2025, 1, 1), date(2025, 2, 28))
    assert final.opportunities_required == 2
    assert final.status == YearStatus.MISSED


def test_a_29_february_start_counts_28_february_in_the_next_year():
    contract = ContractFactory(start_date=date(2024, 2, 29), end_date=date(2026, 2, 27))
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2025, 2, 27))
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2025, 2, 28))
    years = contract_evaluate(contract, as_of=date(2026, 3, 1)).years
    assert [(y.year.start, y.opportunities_delivered) for y in years] == [
        (date(2024, 2, 29), 1),
        (date(2025, 2, 28), 1),
    ]


def test_status_as_of_a_date_in_the_past():
    contract = ContractFactory(end_date=date(2025, 12, 31))
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 3, 1))
    OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, 9, 1))
    then = contract_evaluate(contract, as_of=date(2024, 6, 1))
    assert [y.status for y in then.years] == [YearStatus.IN_PROGRESS, YearStatus.UPCOMING]
    assert then.years[0].opportunities_delivered == 1
    now = contract_evaluate(contract, as_of=date(2026, 1, 1))
    assert [y.status for y in now.years] == [YearStatus.MET, YearStatus.MISSED]


MAJOR = Decimal("1000000.00")


def major_contract_with_four_opportunities(**kwargs):
    contract = ContractFactory(value=MAJOR, **kwargs)
    for month in (2, 3, 4, 5):
        OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, month, 1))
    return contract


def test_a_major_year_needs_an_exhibitor_registration_for_the_expo_inside_it():
    contract = major_contract_with_four_opportunities()
    edition = ExpoEditionFactory(date=date(2024, 3, 12))
    assert year_of(contract).status == YearStatus.MISSED
    assert [debt.organization for debt in expo_registrations_owed(edition)] == [contract.contractor]
    RegistrationFactory(edition=edition, organization=contract.contractor)
    assert year_of(contract).status == YearStatus.MET
    assert expo_registrations_owed(edition) == []


def test_a_sponsor_counts_only_at_an_exhibitor_equivalent_level():
    contract = major_contract_with_four_opportunities()
    edition = ExpoEditionFactory(date=date(2024, 3, 12))
    small = SponsorLevelFactory(edition=edition, exhibitor_equivalent=False)
    registration = RegistrationFactory(
        edition=edition, organization=contract.contractor, kind="sponsor", sponsor_level=small
    )
    assert not year_of(contract).expo_met
    registration.sponsor_level = SponsorLevelFactory(edition=edition, exhibitor_equivalent=True)
    registration.save()
    assert year_of(contract).expo_met


def test_an_expo_outside_every_contract_year_is_owed_by_no_one():
    contract = major_contract_with_four_opportunities()
    before = ExpoEditionFactory(date=date(2023, 3, 12))
    after = ExpoEditionFactory(date=date(2025, 3, 12))
    year = year_of(contract)
    assert not year.expo_required
    assert year.status == YearStatus.MET
    assert expo_registrations_owed(before) == expo_registrations_owed(after) == []


def test_a_registration_for_another_edition_does_not_count():
    contract = major_contract_with_four_opportunities()
    inside = ExpoEditionFactory(date=date(2024, 3, 12))
    other = ExpoEditionFactory(date=date(2025, 3, 12))
    RegistrationFactory(edition=other, organization=contract.contractor)
    assert year_of(contract).expo_missing == (inside,)


def test_expo_owed_lists_contacts_and_skips_standard_contracts():
    edition = ExpoEditionFactory(date=date(2024, 3, 12))
    major = ContractFactory(value=MAJOR)
    admin = {"is_organization_admin": True}
    PartnerFactory(
        organization=major.contractor, email="b@example.org", user__email="b@x.org", **admin
    )
    PartnerFactory(
        organization=major.contractor, email="a@example.org", user__email="a@x.org", **admin
    )
    PartnerFactory(organization=major.contractor, email="claims@example.org", user__email="c@x.org")
    ContractFactory(value=Decimal("999999.99"))
    [debt] = expo_registrations_owed(edition)
    assert debt.organization == major.contractor
    assert debt.contact_emails == ["a@example.org", "b@example.org"], "confirmed admins only"
    assert [(c, y.number) for c, y in debt.contracts] == [(major, 1)]


def local(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 23, 30))


def test_proof_holds_with_a_partner_registered_on_or_before_the_date_signed():
    contract = ContractFactory(signed_date=date(2024, 1, 10), other_proof="")
    partner = PartnerFactory(
        organization=contract.contractor, submitted_at=local(date(2024, 1, 11))
    )
    proof = contract_evaluate(contract, as_of=AFTER).proof
    assert not proof.holds
    assert proof.confirmation_number == partner.confirmation_number
    PartnerFactory(
        organization=contract.contractor,
        submitted_at=local(date(2024, 1, 10)),  # late evening, Pacific time: still the 10th
        confirmation_number="PC-EARLIEST",
    )
    proof = contract_evaluate(contract, as_of=AFTER).proof
    assert proof.holds
    assert proof.confirmation_number == "PC-EARLIEST"
    assert proof.registered_on == date(2024, 1, 10)


def test_other_proof_recorded_by_staff_holds_and_a_missing_proof_is_not_compliant():
    contract = ContractFactory(other_proof="")
    for month in (2, 3):
        OpportunityFactory(organization=contract.contractor, delivered_on=date(2024, month, 1))
    evaluation = contract_evaluate(contract, as_of=AFTER)
    assert evaluation.years[0].status == YearStatus.MET
    assert not evaluation.proof.holds
    assert not evaluation.compliant
    contract.other_proof = "Auto reply attached to the signed contract"
    contract.save()
    assert contract_evaluate(contract, as_of=AFTER).compliant


def test_a_missed_year_makes_a_contract_not_compliant_and_a_none_tier_one_always_is():
    standard = ContractFactory()
    assert not contract_evaluate(standard, as_of=AFTER).compliant
    small = ContractFactory(value=Decimal("99999.99"), other_proof="")
    evaluation = contract_evaluate(small, as_of=AFTER)
    assert evaluation.years[0].status == YearStatus.NOT_REQUIRED
    assert evaluation.compliant
