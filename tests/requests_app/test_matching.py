"""The ranking of candidate partners on hand-made cases, and its cost in queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from partners.models import Partner, Pathway
from requests_app.models import Delivery, Engagement
from requests_app.selectors import candidate_queryset, partner_candidates_for_request
from tests.partners.factories import PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db

# ZIP codes around Grant High School (97212): 97212 is next door, 97232 ~2 miles,
# 97229 (Bethany) ~12 miles, 97080 (Gresham) ~14 miles.
NEAR, CLOSE, FAR = "97212", "97232", "97229"
OLD = timezone.now() - timedelta(days=365)


def partner(zip_code=NEAR, **kwargs):
    kwargs.setdefault("submitted_at", OLD)
    return PartnerFactory(zip_code=zip_code, **kwargs)


def ranked(request):
    return list(candidate_queryset(request))


def health_request(**kwargs):
    request = RequestFactory(skills="nursing, anatomy", **kwargs)
    request.pathways.set(Pathway.objects.filter(code="health_sciences"))
    return request


def test_the_obvious_best_partner_comes_first():
    request = health_request()
    best = partner(
        experiences=["job_shadow"], pathways=["health_sciences"], skills="Nursing, surgery"
    )
    same_tier = partner(experiences=["mock_interview"], pathways=["health_sciences"])
    other_pathway = partner(experiences=["job_shadow"], pathways=["arts_information"])
    assert ranked(request) == [best, other_pathway, same_tier]


def test_signals_are_ordered_experience_then_pathway_then_skills():
    request = health_request()
    exact_only = partner(experiences=["job_shadow"], pathways=["arts_information"])
    tier_pathway_skills = partner(
        experiences=["mock_interview"], pathways=["health_sciences"], skills="nursing, anatomy"
    )
    assert ranked(request) == [exact_only, tier_pathway_skills]


def test_no_preference_matches_any_pathway_but_weaker():
    request = health_request()
    shares = partner(experiences=["job_shadow"], pathways=["health_sciences"])
    any_pathway = partner(experiences=["job_shadow"], pathways=["no_preference"])
    elsewhere = partner(experiences=["job_shadow"], pathways=["business_management"])
    assert ranked(request) == [shares, any_pathway, elsewhere]


def test_a_partner_offering_nothing_relevant_is_not_a_candidate():
    request = health_request()
    partner(experiences=["career_fairs"], pathways=["arts_information"], skills="painting")
    assert ranked(request) == []


def test_in_person_drops_partners_beyond_their_travel_distance_and_ranks_by_distance():
    request = health_request(delivery=Delivery.IN_PERSON)
    near = partner(NEAR, experiences=["job_shadow"], pathways=["health_sciences"], travel_miles=5)
    close = partner(CLOSE, experiences=["job_shadow"], pathways=["health_sciences"], travel_miles=5)
    too_far = partner(FAR, experiences=["job_shadow"], pathways=["health_sciences"], travel_miles=5)
    willing = partner(
        FAR, experiences=["job_shadow"], pathways=["health_sciences"], travel_miles=25
    )
    virtual_only = partner(
        NEAR,
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        delivery=Partner.Delivery.VIRTUAL,
    )
    result = ranked(request)
    assert result == [near, close, willing]
    assert too_far not in result and virtual_only not in result


def test_a_virtual_request_ignores_distance_and_needs_virtual_partners():
    request = health_request(delivery=Delivery.VIRTUAL)
    far_virtual = partner(
        FAR,
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        travel_miles=5,
        delivery=Partner.Delivery.VIRTUAL,
    )
    near_both = partner(
        NEAR,
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        delivery=Partner.Delivery.BOTH,
    )
    in_person_only = partner(
        NEAR,
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        delivery=Partner.Delivery.IN_PERSON,
    )
    result = ranked(request)
    assert set(result) == {far_virtual, near_both}
    assert result == sorted(result, key=lambda p: p.pk), (
        "equal scores: the ranking is by id, not distance"
    )
    assert in_person_only not in result


def test_responsive_partners_rise_and_those_who_ignore_sink():
    request = health_request()
    answers = partner(experiences=["job_shadow"], pathways=["health_sciences"])
    ignores = partner(experiences=["job_shadow"], pathways=["health_sciences"])
    quiet = partner(experiences=["job_shadow"], pathways=["health_sciences"])
    EngagementFactory(
        partner=answers, status=Engagement.Status.DECLINED, responded_at=timezone.now()
    )
    EngagementFactory(partner=ignores, status=Engagement.Status.EXPIRED)
    assert ranked(request) == [answers, quiet, ignores]


def test_new_partners_get_a_small_lift_and_busy_ones_are_lowered():
    request = health_request()
    veteran = partner(experiences=["job_shadow"], pathways=["health_sciences"])
    newcomer = partner(
        experiences=["job_shadow"], pathways=["health_sciences"], submitted_at=timezone.now()
    )
    busy = partner(experiences=["job_shadow"], pathways=["health_sciences"])
    EngagementFactory(
        partner=busy,
        status=Engagement.Status.SCHEDULED,
        starts_at=timezone.make_aware(
            timezone.datetime.combine(request.starts_on, timezone.datetime.min.time())
        )
        + timedelta(hours=10),
        responded_at=timezone.now(),
    )
    result = ranked(request)
    assert result.index(newcomer) < result.index(veteran)
    assert result[-1] == busy


def test_inactive_and_already_invited_partners_are_excluded():
    request = health_request()
    partner(
        experiences=["job_shadow"], pathways=["health_sciences"], status=Partner.Status.INACTIVE
    )
    invited = partner(experiences=["job_shadow"], pathways=["health_sciences"])
    EngagementFactory(request=request, partner=invited)
    assert ranked(request) == []


def test_the_ranking_is_deterministic():
    request = health_request()
    for _ in range(6):
        partner(experiences=["job_shadow"], pathways=["health_sciences"])
    assert ranked(request) == ranked(request)
    assert [p.pk for p in ranked(request)] == sorted(p.pk for p in ranked(request))


def test_reasons_are_plain_words():
    request = health_request(delivery=Delivery.IN_PERSON)
    partner(
        CLOSE,
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        skills="nursing",
        languages="Spanish",
    )
    [candidate] = partner_candidates_for_request(request)
    assert candidate.reasons[:3] == ["offers Job Shadow", "Health Sciences", "knows nursing"]
    assert any(reason.endswith("miles from Grant HS") for reason in candidate.reasons)
    assert "speaks Spanish" in candidate.reasons


def test_the_candidates_cost_a_bounded_number_of_queries(django_assert_max_num_queries):
    request = health_request()
    for number in range(60):
        partner(
            experiences=["job_shadow" if number % 2 else "mock_interview"],
            pathways=["health_sciences"],
        )
    with django_assert_max_num_queries(5):
        candidates = partner_candidates_for_request(request, limit=25)
    assert len(candidates) == 25
