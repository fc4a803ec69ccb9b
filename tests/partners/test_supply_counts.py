"""The supply counts the district dashboard reads (`partners.models.SupplyCount`) follow every
way a partner leaves or changes the supply, and `matching_refresh` rebuilds them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from partners.models import Experience, Partner, SupplyCount, Tier
from partners.services import supply_counts_rebuild
from tests.partners.factories import OrganizationFactory, PartnerFactory

pytestmark = pytest.mark.django_db


ACTIVE = Partner.Status.ACTIVE


def count(kind: str, entry_id: int = 0) -> int:
    row = SupplyCount.objects.filter(kind=kind, entry_id=entry_id).first()
    return row.partners if row else 0


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def test_only_active_partners_count_once_per_pathway_tier_and_organization():
    organization = OrganizationFactory()
    experiences = Experience.objects.filter(tier__code="exploration")[:2]
    partner = PartnerFactory(
        status=ACTIVE, organization=organization, experiences=[e.code for e in experiences]
    )
    PartnerFactory(status=Partner.Status.NEW, organization=organization)
    PartnerFactory(status=Partner.Status.INACTIVE, organization=organization)
    tier = Tier.objects.get(code="exploration")
    assert count("active") == 1
    assert count("organization", organization.pk) == 1
    assert count("tier", tier.pk) == 1  # two experiences of one tier: counted once
    for pathway in partner.pathways.all():
        assert count("pathway", pathway.pk) == 1


def test_deleting_partners_in_the_admin_takes_them_out_of_the_counts(admin_client):
    first, second, kept = (PartnerFactory(status=ACTIVE) for _ in range(3))
    assert count("active") == 3
    response = admin_client.post(
        reverse("admin:partners_partner_delete", args=[first.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert count("active") == 2
    response = admin_client.post(
        reverse("admin:partners_partner_changelist"),
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert count("active") == 1
    assert list(Partner.objects.all()) == [kept]


def test_a_partners_account_is_not_deleted_from_the_user_admin(admin_client, make_user):
    partner = PartnerFactory(status=ACTIVE)
    staff = make_user()
    page = admin_client.get(reverse("admin:accounts_user_delete", args=[partner.user.pk]))
    assert page.status_code == 403
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [partner.user.pk, staff.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 403
    assert Partner.objects.filter(pk=partner.pk).exists()
    assert type(staff).objects.filter(pk=staff.pk).exists()
    admin_client.post(
        reverse("admin:accounts_user_delete", args=[staff.pk]), {"post": "yes"}
    )  # a staff account is still deleted there
    assert not type(staff).objects.filter(pk=staff.pk).exists()
    assert count("active") == 1


def test_moving_an_experience_to_another_tier_moves_its_partners(admin_client):
    experience = Experience.objects.filter(tier__code="exploration").first()
    PartnerFactory(status=ACTIVE, experiences=[experience.code])
    exploration, preparation = (
        Tier.objects.get(code="exploration"),
        Tier.objects.get(code="preparation"),
    )
    assert (count("tier", exploration.pk), count("tier", preparation.pk)) == (1, 0)
    response = admin_client.post(
        reverse("admin:partners_experience_change", args=[experience.pk]),
        {
            "code": experience.code,
            "name": experience.name,
            "help_text": experience.help_text,
            "position": experience.position,
            "is_active": "on",
            "tier": preparation.pk,
        },
    )
    assert response.status_code == 302, response.content
    assert (count("tier", exploration.pk), count("tier", preparation.pk)) == (0, 1)


def test_matching_refresh_rebuilds_counts_changed_outside_the_app():
    partners = [PartnerFactory(status=ACTIVE) for _ in range(3)]
    expected = set(SupplyCount.objects.values_list("kind", "entry_id", "partners"))
    Partner.objects.filter(pk=partners[0].pk).update(status=Partner.Status.INACTIVE)
    SupplyCount.objects.update(partners=99)
    call_command("matching_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert count("active") == 2
    assert SupplyCount.objects.filter(partners=99).count() == 0
    Partner.objects.filter(pk=partners[0].pk).update(status=Partner.Status.ACTIVE)
    assert supply_counts_rebuild() > 0  # from the kept keys: partner 0's are now empty
    call_command("matching_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(SupplyCount.objects.values_list("kind", "entry_id", "partners")) == expected
