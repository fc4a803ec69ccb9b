"""The facts kept on partners' rows for matching stay equal to a full recomputation whatever
the services do, and `matching_refresh` rebuilds them."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from partners.models import (
    Experience,
    OrganizationType,
    Partner,
    PartnerRole,
    Pathway,
    SupplyCount,
)
from partners.services import (
    SurveyAnswers,
    partner_mark_contacted,
    partner_submit_survey,
    partner_update_section,
)
from privacy.services import partner_account_delete
from requests_app import services
from requests_app.models import Engagement, Request, School
from tests.partners.factories import OrganizationFactory, PartnerFactory
from tests.requests_app.factories import RequestFactory

pytestmark = pytest.mark.django_db

FACTS = [
    "experience_keys",
    "pathway_keys",
    "search_text",
    "engagement_count",
    "answered_count",
    "ignored_count",
    "supply_keys",
]


def recomputed(partner: Partner) -> dict:
    """The facts, from the answers and engagements themselves."""
    parts = [partner.first_name, partner.last_name]
    parts += [partner.organization.name] if partner.organization else []
    parts += [partner.job_title, partner.skills]
    return {
        "experience_keys": {
            str(pk): True for pk in partner.experiences.values_list("pk", flat=True)
        },
        "pathway_keys": {str(pk): True for pk in partner.pathways.values_list("pk", flat=True)},
        "search_text": "\n".join(" ".join(p.split()).lower() for p in parts if p),
        "engagement_count": partner.engagements.count(),
        "answered_count": partner.engagements.filter(responded_at__isnull=False).count(),
        "ignored_count": partner.engagements.filter(status=Engagement.Status.EXPIRED).count(),
        "supply_keys": sorted(
            {"active", f"organization:{partner.organization_id}"} - {"organization:None"}
            | {f"pathway:{pk}" for pk in partner.pathways.values_list("pk", flat=True)}
            | {f"tier:{pk}" for pk in partner.experiences.values_list("tier_id", flat=True)}
        )
        if partner.status == Partner.Status.ACTIVE
        else [],
    }


def kept(partner: Partner) -> dict:
    return Partner.objects.filter(pk=partner.pk).values(*FACTS).get()


def supply_recounted() -> dict[tuple[str, int], int]:
    """The supply counts, counted from the partners themselves."""
    counts: Counter[tuple[str, int]] = Counter()
    for partner in Partner.objects.filter(status=Partner.Status.ACTIVE):
        counts["active", 0] += 1
        if partner.organization_id:
            counts["organization", partner.organization_id] += 1
        for pk in partner.pathways.values_list("pk", flat=True):
            counts["pathway", pk] += 1
        for pk in set(partner.experiences.values_list("tier_id", flat=True)):
            counts["tier", pk] += 1
    return dict(counts)


def assert_facts_current():
    for partner in Partner.objects.select_related("organization"):
        assert kept(partner) == recomputed(partner), partner
    kept_counts = {
        (kind, entry_id): n
        for kind, entry_id, n in SupplyCount.objects.values_list("kind", "entry_id", "partners")
        if n
    }
    assert kept_counts == supply_recounted()


def survey_answers(rng: random.Random, email: str) -> SurveyAnswers:
    return SurveyAnswers(
        first_name=rng.choice(["Ana", "Bo", "Chen"]),
        last_name=rng.choice(["Diaz", "Nguyen", "Smith"]),
        email=email,
        zip_code="97212",
        job_title=rng.choice(["", "Nurse", "Welder"]),
        roles=list(PartnerRole.objects.filter(code="business")),
        organization_name=rng.choice(["Acme Robotics", "Rose City Builders"]),
        organization_type=OrganizationType.objects.get(code="business"),
        experiences=rng.sample(list(Experience.objects.all()), 2),
        pathways=rng.sample(list(Pathway.objects.exclude(is_exclusive=True)), 2),
        skills=rng.choice(["", "Nursing, CAD", "python"]),
    )


def test_the_kept_facts_equal_a_recomputation_after_random_service_calls(make_user):
    rng = random.Random(7)
    coordinator = make_user(Role.COORDINATOR)
    grant = School.objects.get(short_name="Grant HS")
    grant.coordinators.add(coordinator)
    partners = [PartnerFactory() for _ in range(4)]
    requests = [RequestFactory(school=grant, created_by=coordinator) for _ in range(3)]
    later = timezone.now() + timedelta(days=30)

    def submit_survey():
        user = make_user(Role.PARTNER)
        partners.append(partner_submit_survey(user=user, answers=survey_answers(rng, user.email)))

    def edit_pathways():
        partner_update_section(
            partner=rng.choice(partners),
            section="pathways",
            data={
                "pathways": rng.sample(list(Pathway.objects.exclude(is_exclusive=True)), 1),
                "skills": rng.choice(["welding", "Law, Nursing"]),
                "languages": "",
            },
        )

    def edit_experiences():
        partner_update_section(
            partner=rng.choice(partners),
            section="exploration",
            data={"experiences": list(Experience.objects.filter(tier__code="exploration")[:2])},
        )

    def invite():
        request = rng.choice(requests)
        if request.status == Request.Status.OPEN:
            services.request_invite_partners(
                request=request, partners=rng.sample(partners, 2), by=coordinator
            )

    def answer():
        invited = list(Engagement.objects.filter(status=Engagement.Status.INVITED))
        if invited:
            try:
                services.engagement_answer(
                    engagement=rng.choice(invited), accept=rng.random() < 0.5
                )
            except services.RequestFilled:
                pass

    def expire():
        services.engagements_process_due(now=later)

    def book_offer():
        partner = rng.choice(partners)
        offer = services.offer_create(
            partner=partner,
            data={
                "title": "Tour",
                "description": "A tour.",
                "experience": Experience.objects.get(code="worksite_tours"),
                "offered_on": timezone.localdate() + timedelta(days=9),
                "capacity": 20,
                "delivery": "in_person",
            },
        )
        services.offer_book(offer=offer, school=grant, by=coordinator)

    def mark_contacted():
        waiting = [p for p in partners if p.pk and p.status == Partner.Status.NEW]
        if waiting:
            partner_mark_contacted(partner=rng.choice(waiting), by=coordinator)

    def change_organization():
        partner = rng.choice(partners)
        partner_update_section(
            partner=partner,
            section="profile",
            data={
                "first_name": partner.first_name,
                "last_name": partner.last_name,
                "email": partner.email,
                "phone": "",
                "job_title": partner.job_title,
                "zip_code": "97212",
                "roles": list(PartnerRole.objects.filter(code="business")),
                "organization_name": rng.choice(["", "Acme Robotics", "Ridge Clinic"]),
                "organization_type": OrganizationType.objects.get(code="business"),
                "organization_type_detail": "",
            },
        )

    def delete_account():
        partner = partners.pop(rng.randrange(len(partners)))
        partner_account_delete(user=partner.user)

    actions = [submit_survey, edit_pathways, edit_experiences, invite, invite, answer, answer]
    actions += [expire, book_offer, mark_contacted, change_organization, delete_account]
    for _ in range(60):
        rng.choice(actions)()
        for partner in partners:
            partner.refresh_from_db()
    assert Engagement.objects.filter(status=Engagement.Status.EXPIRED).exists()
    assert Engagement.objects.filter(responded_at__isnull=False).exists()
    assert_facts_current()


def test_saving_a_partner_loaded_earlier_keeps_newer_counts():
    partner = PartnerFactory()
    stale = Partner.objects.get(pk=partner.pk)
    request = RequestFactory()
    request.school.coordinators.add(request.created_by)
    services.request_invite_partners(request=request, partners=[partner], by=request.created_by)
    stale.job_title = "Nurse"
    stale.save()
    partner.refresh_from_db()
    assert (partner.job_title, partner.engagement_count) == ("Nurse", 1)


def test_renaming_an_organization_in_the_admin_renews_its_partners_search_text(client, make_user):
    organization = OrganizationFactory(name="Old Name")
    partner = PartnerFactory(organization=organization)
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:partners_organization_change", args=[organization.pk]),
        {
            "name": "Fresh Name",
            "type": organization.type_id,
            "type_detail": "",
            "certification_claims-TOTAL_FORMS": "0",
            "certification_claims-INITIAL_FORMS": "0",
            "certification_claims-MIN_NUM_FORMS": "0",
            "certification_claims-MAX_NUM_FORMS": "1000",
            "partners-TOTAL_FORMS": "1",
            "partners-INITIAL_FORMS": "1",
            "partners-MIN_NUM_FORMS": "0",
            "partners-MAX_NUM_FORMS": "1000",
            "partners-0-id": partner.pk,
            "partners-0-organization": organization.pk,
        },
    )
    assert response.status_code == 302, response.content
    assert "fresh name" in kept(partner)["search_text"]


def test_deleting_a_request_in_the_admin_recounts_its_partners(client, make_user):
    request = RequestFactory()
    request.school.coordinators.add(request.created_by)
    partner = PartnerFactory()
    services.request_invite_partners(request=request, partners=[partner], by=request.created_by)
    assert kept(partner)["engagement_count"] == 1
    client.force_login(make_user(is_superuser=True, is_staff=True))
    response = client.post(
        reverse("admin:requests_app_request_delete", args=[request.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert kept(partner)["engagement_count"] == 0


def test_matching_refresh_rebuilds_facts_changed_outside_the_app():
    partners = [PartnerFactory(skills="Welding") for _ in range(3)]
    request = RequestFactory()
    request.school.coordinators.add(request.created_by)
    services.request_invite_partners(request=request, partners=partners, by=request.created_by)
    Partner.objects.update(experience_keys={}, search_text="", engagement_count=9)
    Engagement.objects.update(status=Engagement.Status.EXPIRED)  # a restore, say
    call_command("matching_refresh", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_facts_current()
    assert kept(partners[0])["ignored_count"] == 1
