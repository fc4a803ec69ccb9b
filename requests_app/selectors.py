"""Reads of requests_app: schools in a coordinator's scope, requests, the ranking of candidate
partners for a request, the partner directory, and engagements to act on."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    ASin,
    Cast,
    Coalesce,
    Cos,
    Greatest,
    Least,
    Power,
    Radians,
    Sin,
    Sqrt,
)
from django.utils import timezone

from accounts.roles import Role
from accounts.selectors import user_has_role
from partners.models import Partner

from .models import Delivery, Engagement, Offer, Request, School

EARTH_RADIUS_MILES = 3958.8
MAX_SKILL_TOKENS = 5
NEW_PARTNER_DAYS = 60
ACTIVE_ENGAGEMENT_STATUSES = [
    Engagement.Status.INVITED,
    Engagement.Status.ACCEPTED,
    Engagement.Status.SCHEDULED,
]
COMMITTED_STATUSES = [Engagement.Status.ACCEPTED, Engagement.Status.SCHEDULED]
# Points of each signal, strongest first (see the spec's "Matching").
POINTS = {
    "experience": 100,
    "same_tier": 40,
    "pathway": 30,
    "any_pathway": 10,
    "skill": 8,
    "nearby": 20,  # minus one point a mile
    "answered": 5,  # per answered invitation, at most 3
    "ignored": -8,  # per expired invitation, at most 3
    "new_partner": 5,
    "busy_that_week": -15,
}


# Scope


def schools_for_user(user) -> QuerySet[School]:
    """The schools a user acts for: all for a district admin, their own for a coordinator."""
    if user_has_role(user, Role.DISTRICT_ADMIN):
        return School.objects.filter(is_active=True)
    if user_has_role(user, Role.COORDINATOR):
        return user.coordinated_schools.filter(is_active=True)
    return School.objects.none()


def requests_for_user(user) -> QuerySet[Request]:
    return Request.objects.filter(school__in=schools_for_user(user)).select_related(
        "school", "experience__tier"
    )


def request_for_user_or_404(user, pk: int) -> Request:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(requests_for_user(user), pk=pk)


def requests_by_status(user) -> dict[str, list[Request]]:
    requests = requests_for_user(user).annotate(
        accepted_count=Count(
            "engagements",
            filter=Q(engagements__status__in=[*COMMITTED_STATUSES, Engagement.Status.DELIVERED]),
        ),
        waiting_count=Count("engagements", filter=Q(engagements__status=Engagement.Status.INVITED)),
    )
    grouped = {status: [] for status, _ in Request.Status.choices}
    for item in requests.order_by("starts_on", "pk"):
        grouped[item.status].append(item)
    return grouped


def request_taken_count(request: Request) -> int:
    """Partners who accepted (or are scheduled or delivered) on the request."""
    return request.engagements.filter(
        status__in=[*COMMITTED_STATUSES, Engagement.Status.DELIVERED]
    ).count()


# Distance


def distance_miles(latitude, longitude):
    """A database expression: miles from (latitude, longitude) to the partner's ZIP code."""
    lat1, lon1 = Radians(Value(float(latitude))), Radians(Value(float(longitude)))
    lat2 = Radians(Cast("latitude", FloatField()))
    lon2 = Radians(Cast("longitude", FloatField()))
    a = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lon2 - lon1) / 2), 2)
    return ExpressionWrapper(2 * EARTH_RADIUS_MILES * ASin(Sqrt(a)), output_field=FloatField())


def skill_tokens(text: str) -> list[str]:
    tokens = []
    for part in (text or "").replace(";", ",").split(","):
        token = " ".join(part.split()).lower()
        if token and token not in tokens:
            tokens.append(token)
    return tokens[:MAX_SKILL_TOKENS]


# Ranking


@dataclass
class Candidate:
    partner: Partner
    score: float
    distance: float | None
    reasons: list[str]


def candidate_queryset(request: Request) -> QuerySet[Partner]:
    """Partners who fit the request, scored and ordered best first, entirely in the database.

    The one ranking of the product: the candidates page, "invite the next candidates" and
    the tests all use it. Deterministic: ties are broken by distance (except for a virtual
    request, where distance plays no part), then by id.
    """
    experience = request.experience
    pathway_ids = list(request.pathways.values_list("pk", flat=True))
    tokens = skill_tokens(request.skills)
    when = request.starts_on
    school = request.school

    offers_experience = Exists(
        Partner.experiences.through.objects.filter(
            partner_id=OuterRef("pk"), experience_id=experience.pk
        )
    )
    tier_match = Partner.experiences.through.objects.filter(
        partner_id=OuterRef("pk"), experience__tier_id=experience.tier_id
    ).order_by("experience__position")
    pathway_match = Partner.pathways.through.objects.filter(
        partner_id=OuterRef("pk"), pathway_id__in=pathway_ids
    ).order_by("pathway__position")
    no_preference = Exists(
        Partner.pathways.through.objects.filter(
            partner_id=OuterRef("pk"), pathway__is_exclusive=True
        )
    )
    past = Engagement.objects.filter(partner_id=OuterRef("pk")).exclude(request_id=request.pk)
    answered = (
        past.filter(responded_at__isnull=False)
        .values("partner_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ignored = (
        past.filter(status=Engagement.Status.EXPIRED)
        .values("partner_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    busy = past.filter(
        status__in=COMMITTED_STATUSES,
        starts_at__date__gte=when - timedelta(days=3),
        starts_at__date__lte=when + timedelta(days=3),
    )

    partners = (
        Partner.objects.exclude(status=Partner.Status.INACTIVE)
        .exclude(engagements__request=request)
        .annotate(
            offers_experience=offers_experience,
            tier_match_name=Subquery(tier_match.values("experience__name")[:1]),
            pathway_match_name=Subquery(pathway_match.values("pathway__name")[:1]),
            open_to_any_pathway=no_preference,
            answered_count=Coalesce(Subquery(answered[:1]), 0),
            ignored_count=Coalesce(Subquery(ignored[:1]), 0),
            busy_that_week=Exists(busy),
            has_history=Exists(past),
            distance=distance_miles(school.latitude, school.longitude),
        )
        .select_related("organization")
    )

    skill_points = Value(0, output_field=IntegerField())
    for token in tokens:
        skill_points = skill_points + Case(
            When(skills__icontains=token, then=Value(POINTS["skill"])), default=Value(0)
        )
    relevance = (
        Case(
            When(offers_experience=True, then=Value(POINTS["experience"])),
            When(tier_match_name__isnull=False, then=Value(POINTS["same_tier"])),
            default=Value(0),
        )
        + (
            Case(
                When(pathway_match_name__isnull=False, then=Value(POINTS["pathway"])),
                When(open_to_any_pathway=True, then=Value(POINTS["any_pathway"])),
                default=Value(0),
            )
            if pathway_ids
            else Value(0)
        )
        + skill_points
    )
    partners = partners.annotate(relevance=relevance).filter(relevance__gt=0)

    virtual_capable = Q(delivery__in=[Partner.Delivery.VIRTUAL, Partner.Delivery.BOTH])
    reachable = Q(
        delivery__in=[Partner.Delivery.IN_PERSON, Partner.Delivery.BOTH],
        latitude__isnull=False,
        distance__lte=F("travel_miles"),
    )
    if request.delivery == Delivery.VIRTUAL:
        partners = partners.filter(virtual_capable)
        nearby = Value(0.0)
    elif request.delivery == Delivery.IN_PERSON:
        partners = partners.filter(reachable)
        nearby = Greatest(Value(0.0), Value(float(POINTS["nearby"])) - F("distance"))
    else:
        partners = partners.filter(virtual_capable | reachable)
        nearby = Value(0.0)

    fairness = (
        Least(F("answered_count"), 3) * POINTS["answered"]
        + Least(F("ignored_count"), 3) * POINTS["ignored"]
        + Case(
            When(
                Q(
                    has_history=False,
                    submitted_at__gte=timezone.now() - timedelta(days=NEW_PARTNER_DAYS),
                ),
                then=Value(POINTS["new_partner"]),
            ),
            default=Value(0),
        )
        + Case(When(busy_that_week=True, then=Value(POINTS["busy_that_week"])), default=Value(0))
    )
    score = ExpressionWrapper(
        Cast(F("relevance") + fairness, FloatField()) + nearby, output_field=FloatField()
    )
    ordering = (
        ["-score", "pk"] if request.delivery == Delivery.VIRTUAL else ["-score", "distance", "pk"]
    )
    return partners.annotate(score=score).order_by(*ordering)


def partner_candidates_for_request(request: Request, *, limit: int = 25) -> list[Candidate]:
    """The best `limit` candidates with the reasons in plain words."""
    tokens = skill_tokens(request.skills)
    wants_pathways = request.pathways.exists()
    candidates = []
    for partner in candidate_queryset(request)[:limit]:
        candidates.append(
            Candidate(
                partner=partner,
                score=round(partner.score, 1),
                distance=partner.distance if partner.latitude is not None else None,
                reasons=_reasons(request, partner, tokens, wants_pathways),
            )
        )
    return candidates


def _reasons(
    request: Request, partner: Partner, tokens: list[str], wants_pathways: bool
) -> list[str]:
    reasons = []
    if partner.offers_experience:
        reasons.append(f"offers {request.experience.name}")
    elif partner.tier_match_name:
        reasons.append(f"offers {partner.tier_match_name} ({request.experience.tier.name})")
    if partner.pathway_match_name:
        reasons.append(partner.pathway_match_name)
    elif partner.open_to_any_pathway and wants_pathways:
        reasons.append("open to any pathway")
    skills = (partner.skills or "").lower()
    matched = [token for token in tokens if token in skills]
    if matched:
        reasons.append("knows " + ", ".join(matched))
    if (
        request.delivery != Delivery.VIRTUAL
        and partner.latitude is not None
        and partner.delivery != Partner.Delivery.VIRTUAL
    ):
        reasons.append(f"{partner.distance:.1f} miles from {request.school.label}")
    else:
        reasons.append("meets virtually")
    if partner.languages:
        reasons.append(f"speaks {partner.languages}")
    if partner.answered_count:
        reasons.append(
            f"answered {partner.answered_count} invitation{'s' if partner.answered_count != 1 else ''}"
        )
    if partner.ignored_count:
        reasons.append(
            f"let {partner.ignored_count} invitation{'s' if partner.ignored_count != 1 else ''} expire"
        )
    if not partner.has_history and partner.submitted_at >= timezone.now() - timedelta(
        days=NEW_PARTNER_DAYS
    ):
        reasons.append("new partner")
    if partner.busy_that_week:
        reasons.append("already committed that week")
    return reasons


# Engagements


def engagements_for_request(request: Request) -> QuerySet[Engagement]:
    return request.engagements.select_related("partner__organization").order_by("status", "pk")


def engagements_for_partner(partner: Partner) -> dict[str, list[Engagement]]:
    today = timezone.localdate()
    engagements = partner.engagements.select_related(
        "request", "offer", "school", "experience"
    ).order_by("starts_at", "pk")
    grouped = {"invitations": [], "upcoming": [], "past": []}
    for engagement in engagements:
        if engagement.status == Engagement.Status.INVITED:
            grouped["invitations"].append(engagement)
        elif engagement.status in COMMITTED_STATUSES and (
            engagement.starts_at is None or engagement.starts_at.date() >= today
        ):
            grouped["upcoming"].append(engagement)
        else:
            grouped["past"].append(engagement)
    grouped["past"].reverse()
    return grouped


def engagement_for_user_or_404(user, pk: int) -> Engagement:
    """An engagement the user may act on: a coordinator's school's, or the partner's own."""
    from django.shortcuts import get_object_or_404

    queryset = Engagement.objects.select_related(
        "request", "offer", "school", "partner__user", "experience"
    )
    scope = Q(school__in=schools_for_user(user))
    if user_has_role(user, Role.PARTNER):
        scope |= Q(partner__user=user)
    return get_object_or_404(queryset.filter(scope), pk=pk)


def open_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(status=Offer.Status.OPEN, offered_on__gte=timezone.localdate())
        .select_related("partner__organization", "experience__tier")
        .prefetch_related("pathways")
    )
