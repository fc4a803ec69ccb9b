"""The demo contracts: every tier and every status, and running seed_demo again changes nothing."""

import pytest
from django.utils import timezone

from compliance.demo import seed_compliance
from compliance.models import Contract, Opportunity
from compliance.selectors import compliance_report, organization_obligations
from expo.models import ExpoEdition, Registration
from partners.demo import seed_partners
from partners.models import Partner

pytestmark = pytest.mark.django_db


def test_demo_contracts_cover_every_tier_and_status_and_are_idempotent():
    seed_partners(count=40)
    seed_compliance()
    counts = (
        Contract.objects.count(),
        Opportunity.objects.count(),
        ExpoEdition.objects.count(),
        Registration.objects.count(),
    )
    seed_compliance()
    assert (
        Contract.objects.count(),
        Opportunity.objects.count(),
        ExpoEdition.objects.count(),
        Registration.objects.count(),
    ) == counts
    rows = compliance_report(as_of=timezone.localdate())
    assert {row.evaluation.tier.value for row in rows} == {"none", "standard", "major"}
    assert {row.year.status.value for row in rows} == {
        "not_required",
        "upcoming",
        "met",
        "in_progress",
        "missed",
    }
    assert any(row.year.at_risk for row in rows)

    demo_partner = Partner.objects.get(email="partner@example.org")
    [evaluation] = organization_obligations(
        demo_partner.organization_id, as_of=timezone.localdate()
    )
    assert evaluation.tier == "major"
    assert evaluation.at_risk
