"""The fast ranking against a plain reference, on random data: same partners, same order,
same scores. The reference reads the survey answers and engagements themselves, not the
facts kept on partners' rows, so it also checks that those facts are right."""

import math
import random
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from partners.models import Experience, Partner, Pathway
from requests_app import selectors
from requests_app.models import Delivery, Engagement, Request
from requests_app.selectors import (
    COMMITTED_STATUSES,
    NEW_PARTNER_DAYS,
    POINTS,
    candidate_partners,
    candidate_queryset,
    partner_candidates_for_request,
    skill_tokens,
)
from tests.partners.factories import PartnerFactory
from tests.requests_app.factories import EngagementFactory, RequestFactory

pytestmark = pytest.mark.django_db

# Around Portland, one far away (Bend), and one the zipcodes package does not know.
ZIP_CODES = ["97212", "97232", "97229", "97080", "97201", "97219", "97701", "97999"]
SKILLS = ["nursing", "welding", "cad", "python", "anatomy", "marketing", "carpentry", "law"]
EARTH_RADIUS_MILES = 3958.8


def _miles(partner: Partner, school) -> float | None:
    if partner.latitude is None:
        return None
    lat1, lon1 = math.radians(float(school.latitude)), math.radians(float(school.longitude))
    lat2, lon2 = math.radians(float(partner.latitude)), math.radians(float(partner.longitude))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


def reference_ranking(request: Request) -> list[tuple[int, float]]:
    """The spec's ranking, partner by partner, from the answers and engagements."""
    experience = request.experience
    wanted_pathways = set(request.pathways.values_list("pk", flat=True))
    tokens = skill_tokens(request.skills)
    week = {request.starts_on + timedelta(days=days) for days in range(-3, 4)}
    now = timezone.now()
    taken = set(request.engagements.values_list("partner_id", flat=True))
    engagements: dict[int, list[Engagement]] = {}
    for engagement in Engagement.objects.all():
        engagements.setdefault(engagement.partner_id, []).append(engagement)
    ranked = []
    partners = Partner.objects.exclude(status=Partner.Status.INACTIVE).prefetch_related(
        "experiences", "pathways"
    )
    for partner in partners:
        if partner.pk in taken:
            continue
        experiences = list(partner.experiences.all())
        pathways = list(partner.pathways.all())
        if experience in experiences:
            relevance = POINTS["experience"]
        elif any(e.tier_id == experience.tier_id for e in experiences):
            relevance = POINTS["same_tier"]
        else:
            relevance = 0
        if wanted_pathways:
            if wanted_pathways & {p.pk for p in pathways}:
                relevance += POINTS["pathway"]
            elif any(p.is_exclusive for p in pathways):
                relevance += POINTS["any_pathway"]
        relevance += POINTS["skill"] * sum(token in partner.skills.lower() for token in tokens)
        if relevance <= 0:
            continue
        distance = _miles(partner, request.school)
        virtual = partner.delivery in {Partner.Delivery.VIRTUAL, Partner.Delivery.BOTH}
        reachable = (
            partner.delivery in {Partner.Delivery.IN_PERSON, Partner.Delivery.BOTH}
            and distance is not None
            and distance <= partner.travel_miles
        )
        if request.delivery == Delivery.VIRTUAL and not virtual:
            continue
        if request.delivery == Delivery.IN_PERSON and not reachable:
            continue
        if request.delivery == Delivery.EITHER and not (virtual or reachable):
            continue
        history = engagements.get(partner.pk, [])
        answered = sum(1 for e in history if e.responded_at is not None)
        ignored = sum(1 for e in history if e.status == Engagement.Status.EXPIRED)
        score = relevance + min(answered, 3) * POINTS["answered"]
        score += min(ignored, 3) * POINTS["ignored"]
        if not history and partner.submitted_at >= now - timedelta(days=NEW_PARTNER_DAYS):
            score += POINTS["new_partner"]
        if any(
            e.status in COMMITTED_STATUSES
            and e.starts_at
            and timezone.localdate(e.starts_at) in week
            for e in history
        ):
            score += POINTS["busy_that_week"]
        if request.delivery == Delivery.IN_PERSON:
            score += max(0.0, POINTS["nearby"] - distance)
        ranked.append((partner.pk, float(score), distance))
    if request.delivery == Delivery.VIRTUAL:
        ranked.sort(key=lambda row: (-round(row[1], 6), row[0]))
    else:
        ranked.sort(
            key=lambda row: (-round(row[1], 6), math.inf if row[2] is None else row[2], row[0])
        )
    return [(pk, score) for pk, score, _ in ranked]


@pytest.fixture
def random_world():
    """Partners with random answers and histories, and requests of every kind."""
    rng = random.Random(20261123)
    # A few popular choices, so that the fast path's first stages hold enough partners
    # to answer, and sometimes just too few.
    experiences = ["job_shadow", "mock_interview", "worksite_tours", "career_fairs"]
    experiences += list(Experience.objects.values_list("code", flat=True))
    pathways = ["health_sciences", "arts_information", "business_management"] * 3
    pathways += list(Pathway.objects.exclude(is_exclusive=True).values_list("code", flat=True))
    now = timezone.now()
    partners = []
    for _ in range(120):
        partners.append(
            PartnerFactory(
                zip_code=rng.choice(ZIP_CODES),
                experiences=list({rng.choice(experiences) for _ in range(rng.randint(1, 3))}),
                pathways=["no_preference"]
                if rng.random() < 0.15
                else list({rng.choice(pathways) for _ in range(rng.randint(1, 2))}),
                skills=", ".join(rng.sample(SKILLS, rng.randint(0, 3))),
                delivery=rng.choice(list(Partner.Delivery)),
                travel_miles=rng.choice([5, 10, 25, 50]),
                status=rng.choice([Partner.Status.ACTIVE] * 4 + [Partner.Status.INACTIVE]),
                submitted_at=now - timedelta(days=rng.choice([3, 30, 200, 700])),
            )
        )
    requests = [
        RequestFactory(
            experience=Experience.objects.get(code=rng.choice(experiences[:4])),
            delivery=rng.choice(list(Delivery)),
            skills=", ".join(rng.sample(SKILLS, rng.randint(0, 2))),
            starts_on=timezone.localdate() + timedelta(days=rng.randint(1, 20)),
        )
        for _ in range(24)
    ]
    for request in requests:
        request.pathways.set(
            Pathway.objects.filter(code__in=rng.sample(pathways, rng.randint(0, 2)))
        )
    for partner in rng.sample(partners, 60):
        for request in rng.sample(requests, rng.randint(1, 3)):
            status = rng.choice(list(Engagement.Status))
            starts_at = timezone.make_aware(
                datetime.combine(request.starts_on, datetime.min.time())
            ) + timedelta(hours=rng.choice([1, 10, 23]))
            EngagementFactory(
                request=request,
                partner=partner,
                status=status,
                responded_at=now if rng.random() < 0.5 else None,
                starts_at=starts_at,
                delivered_on=request.starts_on if status == Engagement.Status.DELIVERED else None,
            )
    return requests


def test_the_ranking_equals_the_reference_on_random_data(random_world):
    for request in random_world:
        expected = reference_ranking(request)
        got = [(p.pk, p.score) for p in candidate_queryset(request)]
        assert [pk for pk, _ in got] == [pk for pk, _ in expected], request.pk
        assert [round(score, 6) for _, score in got] == [round(s, 6) for _, s in expected]


def test_the_fast_path_returns_the_top_of_the_ranking_exactly(random_world, monkeypatch):
    stages_used = []
    full = selectors.candidate_queryset

    def spy(request, *, within=None, wanted=None):
        stages_used.append(within is None)
        return full(request, within=within, wanted=wanted)

    monkeypatch.setattr(selectors, "candidate_queryset", spy)
    answered_early = widened = 0
    for request in random_world:
        expected = [pk for pk, _ in reference_ranking(request)]
        for limit in (1, 3, 10, 25):
            stages_used.clear()
            assert [p.pk for p in candidate_partners(request, limit=limit)] == expected[:limit]
            answered_early += not stages_used[-1]
            widened += stages_used[-1]
    # Both ways out of the cascade were taken on this data.
    assert answered_early and widened


def test_the_candidates_page_uses_the_fast_path_with_reasons(random_world):
    for request in random_world[:6]:
        candidates = partner_candidates_for_request(request, limit=5)
        expected = reference_ranking(request)[:5]
        assert [(c.partner.pk, c.score) for c in candidates] == [
            (pk, round(score, 1)) for pk, score in expected
        ]
        for candidate in candidates:
            assert candidate.reasons and all(isinstance(r, str) and r for r in candidate.reasons)


def test_reasons_name_the_first_shared_pathway_and_same_tier_experience():
    request = RequestFactory(experience=Experience.objects.get(code="job_shadow"))
    both = ["health_sciences", "arts_information"]
    request.pathways.set(Pathway.objects.filter(code__in=both))
    PartnerFactory(experiences=["mock_interview"], pathways=both)
    [candidate] = partner_candidates_for_request(request)
    mock_interview = Experience.objects.get(code="mock_interview")
    assert candidate.reasons[:2] == [
        f"offers {mock_interview.name} ({mock_interview.tier.name})",
        "Arts, Information and Communications",  # first in the catalog's order
    ]


def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_partner_outside_the_first_stage_who_could_score_higher_is_found():
    """Offering the experience with a shared pathway (130) loses to offering it, open to
    any pathway, with the skill and three answered invitations (133): the first stage's
    answer must not stand."""
    request = RequestFactory(
        experience=Experience.objects.get(code="job_shadow"),
        delivery=Delivery.VIRTUAL,
        skills="nursing",
    )
    request.pathways.set(Pathway.objects.filter(code="health_sciences"))
    old = timezone.now() - timedelta(days=400)
    PartnerFactory(
        experiences=["job_shadow"],
        pathways=["health_sciences"],
        delivery=Partner.Delivery.VIRTUAL,
        submitted_at=old,
    )
    outsider = PartnerFactory(
        experiences=["job_shadow"],
        pathways=["no_preference"],
        skills="Nursing",
        delivery=Partner.Delivery.VIRTUAL,
        submitted_at=old,
    )
    for _ in range(3):
        EngagementFactory(
            partner=outsider, status=Engagement.Status.DECLINED, responded_at=timezone.now()
        )
    [best] = candidate_partners(request, limit=1)
    assert (best, best.score) == (outsider, 133.0)
