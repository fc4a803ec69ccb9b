"""Reads of requests_app: schools in a coordinator's scope, requests, the ranking of candidate
partners for a request, the partner directory, engagements to act on, and the staff's and
partners' lists and exports of engagements."""

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
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
    TruncDate,
)
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.roles import Role
from accounts.selectors import user_has_role
from partners.models import Experience, Organization, Partner, Pathway

from .models import Delivery, Engagement, Offer, Request, School

EARTH_RADIUS_MILES = 3958.8
CANDIDATES_SHOWN = 25  # the candidates page, and where "Invite the top candidates" looks
MAX_SKILL_TOKENS = 5
NEW_PARTNER_DAYS = 60
ACTIVE_ENGAGEMENT_STATUSES = [
    Engagement.Status.INVITED,
    Engagement.Status.ACCEPTED,
    Engagement.Status.SCHEDULED,
]
COMMITTED_STATUSES = [Engagement.Status.ACCEPTED, Engagement.Status.SCHEDULED]
# An invitation unanswered this long is nudged, and the coordinator is warned about it.
INVITATION_NUDGE_AFTER = timedelta(days=3)
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


REQUESTS_PER_STATUS = 50


def requests_with_counts(user) -> QuerySet[Request]:
    """The user's requests, soonest first, with their accepted and waiting partners."""
    return (
        requests_for_user(user)
        .annotate(
            accepted_count=Count(
                "engagements",
                filter=Q(
                    engagements__status__in=[*COMMITTED_STATUSES, Engagement.Status.DELIVERED]
                ),
            ),
            waiting_count=Count(
                "engagements", filter=Q(engagements__status=Engagement.Status.INVITED)
            ),
        )
        .order_by("starts_on", "pk")
    )


def requests_by_status(user, *, limit: int = REQUESTS_PER_STATUS) -> dict[str, tuple[list, int]]:
    """{status: (its first `limit` requests, how many it has)}: one query for the counts and
    one per status, however many requests there are."""
    totals = dict(requests_for_user(user).order_by().values_list("status").annotate(n=Count("pk")))
    requests = requests_with_counts(user)
    return {
        status: (
            list(requests.filter(status=status)[:limit]) if totals.get(status) else [],
            totals.get(status, 0),
        )
        for status, _ in Request.Status.choices
    }


def request_taken_count(request: Request) -> int:
    """Partners who accepted (or are scheduled or delivered) on the request."""
    return request.engagements.filter(
        status__in=[*COMMITTED_STATUSES, Engagement.Status.DELIVERED]
    ).count()


def request_invite_count(request: Request) -> int:
    """How many partners "Invite the top candidates" invites: as many as the request still
    lacks, counting the invitations waiting for an answer; at least one."""
    counts = request.engagements.aggregate(
        taken=Count("pk", filter=Q(status__in=[*COMMITTED_STATUSES, Engagement.Status.DELIVERED])),
        waiting=Count("pk", filter=Q(status=Engagement.Status.INVITED)),
    )
    return max(1, request.partners_wanted - counts["taken"] - counts["waiting"])


def invitation_is_overdue(engagement: Engagement, *, now: datetime | None = None) -> bool:
    """An invitation still unanswered after the nudge delay: the partner has been reminded
    and the coordinator may want to invite someone else."""
    now = now or timezone.now()
    return (
        engagement.status == Engagement.Status.INVITED
        and engagement.invited_at is not None
        and engagement.invited_at <= now - INVITATION_NUDGE_AFTER
    )


# Who may be invited


def partner_email_verified() -> Exists:
    """The rule of who may be invited, as an expression on partners: invitations go only to
    a contact email that the partner's account has verified (allauth's EmailAddress).
    Partners whose address is not verified are still ranked, marked "email not verified"."""
    return Exists(
        EmailAddress.objects.filter(
            user_id=OuterRef("user_id"), email__iexact=OuterRef("email"), verified=True
        )
    )


def partner_ids_with_verified_email(partner_ids: Iterable[int]) -> set[int]:
    """Of these partners, the ids of those who may be invited, in one query."""
    ids = list(partner_ids)
    if not ids:
        return set()
    return set(
        Partner.objects.filter(partner_email_verified(), pk__in=ids).values_list("pk", flat=True)
    )


def next_invitees(ranked: list, count: int) -> tuple[list, list]:
    """From candidates best first (partners or `Candidate`s, with `email_verified`), the
    first `count` who may be invited, and those ranked above them passed over because
    their email is not verified. What "Invite the top candidates" sends."""
    chosen: list = []
    skipped: list = []
    for item in ranked:
        if len(chosen) == count:
            break
        (chosen if item.email_verified else skipped).append(item)
    return chosen, skipped


def request_next_invitees(
    request: Request, *, count: int | None = None
) -> tuple[list[Partner], list[Partner]]:
    """The partners "Invite the top candidates" invites among the candidates the page
    shows (`CANDIDATES_SHOWN`), and the ones it skips; `count` defaults to
    `request_invite_count`."""
    if count is None:
        count = request_invite_count(request)
    return next_invitees(candidate_partners(request, limit=CANDIDATES_SHOWN), count)


# Distance


def distance_miles(latitude, longitude):
    """A database expression: miles from (latitude, longitude) to the partner's ZIP code."""
    lat1, lon1 = Radians(Value(float(latitude))), Radians(Value(float(longitude)))
    lat2 = Radians(Cast("latitude", FloatField()))
    lon2 = Radians(Cast("longitude", FloatField()))
    a = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lon2 - lon1) / 2), 2)
    return ExpressionWrapper(2 * EARTH_RADIUS_MILES * ASin(Sqrt(a)), output_field=FloatField())


def miles_box(latitude, longitude, miles: float) -> Q:
    """Partners in the latitude/longitude box around a point that holds every place within
    `miles` of it: an indexed range that narrows the search before the exact distance."""
    latitude, longitude = float(latitude), float(longitude)
    # A degree is 69.09 miles on the sphere `distance_miles` uses: 69.0 errs on the wide side.
    degrees_north = miles / 69.0
    widest = min(abs(latitude) + degrees_north, 89.0)
    degrees_east = miles / (69.0 * math.cos(math.radians(widest)))
    return Q(
        latitude__gte=latitude - degrees_north,
        latitude__lte=latitude + degrees_north,
        longitude__gte=longitude - degrees_east,
        longitude__lte=longitude + degrees_east,
    )


def skill_tokens(text: str) -> list[str]:
    tokens = []
    for part in (text or "").replace(";", ",").split(","):
        token = " ".join(part.split()).lower()
        if token and token not in tokens:
            tokens.append(token)
    return tokens[:MAX_SKILL_TOKENS]


# Ranking
#
# The score of a partner for a request is defined once, in `candidate_queryset`, in SQL over
# the facts kept on each partner's row (the ids of its experiences and pathways, its counts
# of engagements). `candidate_partners` returns the same top of that ranking without
# scoring everyone: it scores the partners who offer the requested experience (and share a
# requested pathway) first, and widens only when someone outside could still score higher.

# Who can meet a virtual request, and who would travel to the school (on the `distance`
# annotation).
VIRTUAL_CAPABLE = Q(delivery__in=[Partner.Delivery.VIRTUAL, Partner.Delivery.BOTH])
REACHABLE = Q(
    delivery__in=[Partner.Delivery.IN_PERSON, Partner.Delivery.BOTH],
    latitude__isnull=False,
    distance__lte=F("travel_miles"),
)
# The most any fairness signal can add: three answered invitations, or being new.
FAIRNESS_MAX = max(3 * POINTS["answered"], POINTS["new_partner"])


@dataclass
class Candidate:
    partner: Partner
    score: float
    distance: float | None
    reasons: list[str]
    email_verified: bool = True  # may be invited (see `partner_email_verified`)


@dataclass(frozen=True)
class _Wanted:
    """What a request asks for, as catalog ids (loaded in two queries)."""

    experience_key: str
    tier_experiences: list[Experience]  # the experiences of the requested one's tier, in order
    pathways: list[Pathway]  # requested, in catalog order
    exclusive_pathway_keys: list[str]  # "No Preference"
    tokens: list[str]

    @property
    def pathway_keys(self) -> list[str]:
        return [str(pathway.pk) for pathway in self.pathways]


def _wanted(request: Request) -> _Wanted:
    requested = set(request.pathways.values_list("pk", flat=True))
    pathways = list(Pathway.objects.filter(Q(pk__in=requested) | Q(is_exclusive=True)))
    return _Wanted(
        experience_key=str(request.experience_id),
        tier_experiences=list(Experience.objects.filter(tier_id=request.experience.tier_id)),
        pathways=[pathway for pathway in pathways if pathway.pk in requested],
        exclusive_pathway_keys=[str(p.pk) for p in pathways if p.is_exclusive],
        tokens=skill_tokens(request.skills),
    )


def _week_bounds(day: date) -> tuple[datetime, datetime]:
    """From the start of the local day three days before to the end of three days after."""
    start = datetime.combine(day - timedelta(days=3), datetime.min.time())
    end = datetime.combine(day + timedelta(days=4), datetime.min.time())
    return timezone.make_aware(start), timezone.make_aware(end)


def _has_any(field: str, keys: list[str]) -> Q | None:
    return Q(**{f"{field}__has_any_keys": keys}) if keys else None


def _flag(condition: Q | None) -> Case:
    if condition is None:
        return Value(False, output_field=BooleanField())
    return Case(When(condition, then=True), default=False, output_field=BooleanField())


def candidate_queryset(
    request: Request, *, within: Q | None = None, wanted: _Wanted | None = None
) -> QuerySet[Partner]:
    """Partners who fit the request, scored and ordered best first, entirely in the database.

    The one definition of the ranking of the product: `candidate_partners`, "invite the next
    candidates" and the tests all use it. Deterministic: ties are broken by distance (except
    for a virtual request, where distance plays no part), then by id. `within` restricts it
    to some partners (the fast path's first stages).
    """
    wanted = wanted or _wanted(request)
    school = request.school
    week_start, week_end = _week_bounds(request.starts_on)
    busy = Engagement.objects.filter(
        status__in=COMMITTED_STATUSES, starts_at__gte=week_start, starts_at__lt=week_end
    ).values("partner_id")
    already = Engagement.objects.filter(request_id=request.pk).values("partner_id")

    partners = Partner.objects.exclude(status=Partner.Status.INACTIVE).exclude(pk__in=already)
    if within is not None:
        partners = partners.filter(within)
    partners = partners.annotate(
        offers_experience=_flag(Q(experience_keys__has_key=wanted.experience_key)),
        offers_same_tier=_flag(
            _has_any("experience_keys", [str(e.pk) for e in wanted.tier_experiences])
        ),
        shares_pathway=_flag(_has_any("pathway_keys", wanted.pathway_keys)),
        open_to_any_pathway=_flag(_has_any("pathway_keys", wanted.exclusive_pathway_keys)),
        busy_that_week=_flag(Q(pk__in=busy)),
        distance=distance_miles(school.latitude, school.longitude),
    ).select_related("organization")

    skill_points = Value(0, output_field=IntegerField())
    for token in wanted.tokens:
        skill_points = skill_points + Case(
            When(skills__icontains=token, then=Value(POINTS["skill"])), default=Value(0)
        )
    relevance = (
        Case(
            When(offers_experience=True, then=Value(POINTS["experience"])),
            When(offers_same_tier=True, then=Value(POINTS["same_tier"])),
            default=Value(0),
        )
        + (
            Case(
                When(shares_pathway=True, then=Value(POINTS["pathway"])),
                When(open_to_any_pathway=True, then=Value(POINTS["any_pathway"])),
                default=Value(0),
            )
            if wanted.pathways
            else Value(0)
        )
        + skill_points
    )
    partners = partners.annotate(relevance=relevance).filter(relevance__gt=0)

    if request.delivery == Delivery.VIRTUAL:
        partners = partners.filter(VIRTUAL_CAPABLE)
        nearby = Value(0.0)
    elif request.delivery == Delivery.IN_PERSON:
        partners = partners.filter(REACHABLE)
        nearby = Greatest(Value(0.0), Value(float(POINTS["nearby"])) - F("distance"))
    else:
        partners = partners.filter(VIRTUAL_CAPABLE | REACHABLE)
        nearby = Value(0.0)

    fairness = (
        Least(F("answered_count"), 3) * POINTS["answered"]
        + Least(F("ignored_count"), 3) * POINTS["ignored"]
        + Case(
            When(
                Q(
                    engagement_count=0,
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
    if request.delivery == Delivery.VIRTUAL:
        ordering = [F("score").desc(), "pk"]
    else:  # partners without a known place last among equals, on every database
        ordering = [F("score").desc(), F("distance").asc(nulls_last=True), "pk"]
    return partners.annotate(score=score).order_by(*ordering)


def _stages(request: Request, wanted: _Wanted) -> list[tuple[Q | None, float]]:
    """The partners to score first, each with the best score anyone outside them could
    reach; the last stage is everyone.

    The first stage offers the requested experience and shares a requested pathway (130
    points before skills, fairness and distance); outside it the most is 110 (the
    experience, open to any pathway). The second offers the experience; outside it the most
    is 70 (the same tier and a pathway). For an in-person request the first stage is also
    cut to the box around the school that holds everyone who gets points for being near:
    the same partners farther away reach only its own best without them.
    """
    skills_and_fairness = len(wanted.tokens) * POINTS["skill"] + FAIRNESS_MAX
    nearby = POINTS["nearby"] if request.delivery == Delivery.IN_PERSON else 0
    offers = Q(experience_keys__has_key=wanted.experience_key)
    pathway = POINTS["pathway"] if wanted.pathways else 0
    tier_best = POINTS["same_tier"] + pathway
    if wanted.pathways:
        first = offers & Q(pathway_keys__has_any_keys=wanted.pathway_keys)
        outside_first = max(POINTS["experience"] + POINTS["any_pathway"], tier_best)
    else:
        first, outside_first = offers, tier_best
    stages: list[tuple[Q | None, float]] = []
    if nearby:
        school = request.school
        farther = POINTS["experience"] + pathway  # the first stage's own best, minus nearby
        stages.append(
            (
                first & miles_box(school.latitude, school.longitude, nearby),
                max(outside_first + nearby, farther) + skills_and_fairness,
            )
        )
    elif wanted.pathways:
        stages.append((first, outside_first + skills_and_fairness))
    stages.append((offers, tier_best + skills_and_fairness + nearby))
    stages.append((None, float("inf")))
    return stages


def candidate_partners(request: Request, *, limit: int = CANDIDATES_SHOWN) -> list[Partner]:
    """The first `limit` partners of `candidate_queryset(request)`, exactly, scoring as few
    partners as it can: a stage's answer stands when its last partner outscores the best
    score anyone outside the stage could reach. Each says whether it may be invited
    (`email_verified`), read in the same query for the partners returned."""
    return _candidate_partners(request, limit=limit, wanted=_wanted(request))


def _candidate_partners(request: Request, *, limit: int, wanted: _Wanted) -> list[Partner]:
    found: list[Partner] = []
    if limit < 1:
        return found
    for within, rest_max in _stages(request, wanted):
        ranked = candidate_queryset(request, within=within, wanted=wanted)
        found = list(ranked.annotate(email_verified=partner_email_verified())[:limit])
        if len(found) == limit and found[-1].score > rest_max:
            break
    return found


def partner_candidates_for_request(
    request: Request, *, limit: int = CANDIDATES_SHOWN
) -> list[Candidate]:
    """The best `limit` candidates with the reasons in plain words, each saying whether it
    may be invited yet."""
    wanted = _wanted(request)
    return [
        Candidate(
            partner=partner,
            score=round(partner.score, 1),
            distance=partner.distance if partner.latitude is not None else None,
            reasons=_reasons(request, partner, wanted),
            email_verified=partner.email_verified,
        )
        for partner in _candidate_partners(request, limit=limit, wanted=wanted)
    ]


def request_candidates_with_invitees(
    request: Request,
) -> tuple[list[Candidate], list[Candidate], list[Candidate]]:
    """The candidates page: the candidates shown, those "Invite the top candidates" would
    invite, and those it would skip because their email is not verified."""
    candidates = partner_candidates_for_request(request, limit=CANDIDATES_SHOWN)
    return candidates, *next_invitees(candidates, request_invite_count(request))


def _first_chosen(entries: list, keys: dict) -> str | None:
    return next((entry.name for entry in entries if str(entry.pk) in keys), None)


def _reasons(request: Request, partner: Partner, wanted: _Wanted) -> list[str]:
    reasons = []
    if partner.offers_experience:
        reasons.append(f"offers {request.experience.name}")
    elif partner.offers_same_tier:
        name = _first_chosen(wanted.tier_experiences, partner.experience_keys)
        reasons.append(f"offers {name} ({request.experience.tier.name})")
    if partner.shares_pathway:
        reasons.append(_first_chosen(wanted.pathways, partner.pathway_keys))
    elif partner.open_to_any_pathway and wanted.pathways:
        reasons.append("open to any pathway")
    skills = (partner.skills or "").lower()
    matched = [token for token in wanted.tokens if token in skills]
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
    if not partner.engagement_count and partner.submitted_at >= timezone.now() - timedelta(
        days=NEW_PARTNER_DAYS
    ):
        reasons.append("new partner")
    if partner.busy_that_week:
        reasons.append("already committed that week")
    return reasons


# The partner directory

DIRECTORY_PAGE_SIZE = 25
DIRECTORY_COUNT_CAP = 1000
NEAREST_RADII_MILES = (0.25, 0.5, 1, 2, 3, 5, 10, 25, 50, 100, 250)


class DirectoryPaginator(Paginator):
    """Pages of the directory at any size: counts at most DIRECTORY_COUNT_CAP + 1 partners
    (the page then says "1,000+"), and when sorted by distance from a school reads a page
    from the smallest circle around it that holds the page, not from every partner."""

    def __init__(self, object_list, per_page=DIRECTORY_PAGE_SIZE, *, near=None):
        super().__init__(object_list, per_page)
        self.near = near  # (school, within miles or None) when sorted by distance
        self._circles: dict[int, QuerySet[Partner]] = {}

    @cached_property
    def count(self) -> int:
        return self._nearest(DIRECTORY_COUNT_CAP + 1)[: DIRECTORY_COUNT_CAP + 1].count()

    @property
    def count_is_capped(self) -> bool:
        return self.count > DIRECTORY_COUNT_CAP

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if self.near is None:
            return self._get_page(self.object_list[bottom:top], number, self)
        # The page's ids first (served by the place index alone on PostgreSQL), then its rows.
        circle = self._nearest(top)
        ids = list(circle.values_list("pk", flat=True)[bottom:top])
        rows = {partner.pk: partner for partner in circle.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids], number, self)

    def _nearest(self, needed: int):
        """The smallest circle holding the first `needed` partners: everyone outside it is
        farther than everyone inside, so its first `needed` are the directory's (and if it
        holds more than the cap, so does the whole list)."""
        if self.near is None:
            return self.object_list
        if needed in self._circles:
            return self._circles[needed]
        school, within = self.near
        radii = [miles for miles in NEAREST_RADII_MILES if not within or miles < within]
        found = self.object_list
        low, high = 0, len(radii) - 1  # binary search: each circle holds the smaller ones
        while low <= high:
            middle = (low + high) // 2
            miles = radii[middle]
            circle = self.object_list.filter(
                miles_box(school.latitude, school.longitude, miles), distance__lte=miles
            )
            if circle[:needed].count() >= needed:
                found, high = circle, middle - 1
            else:
                low = middle + 1
        self._circles[needed] = found
        return found


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


def partner_engagement_groups(partner: Partner) -> dict:
    """The partner's engagements grouped (invitations, upcoming, past) and their latest
    offers, read once for the partner home's two panels."""
    offers = list(partner.offers.select_related("experience").order_by("-offered_on")[:10])
    return {**engagements_for_partner(partner), "offers": offers}


def engagement_for_user_or_404(user, pk: int) -> Engagement:
    """An engagement the user may act on: a coordinator's school's (a district admin's: any
    school's, retired ones too, as the engagements list shows them), or the partner's own."""
    from django.shortcuts import get_object_or_404

    queryset = Engagement.objects.select_related(
        "request", "offer", "school", "partner__user", "experience", "coordinator"
    )
    scope = Q(school__in=engagement_schools_for_user(user))
    if user_has_role(user, Role.PARTNER):
        scope |= Q(partner__user=user)
    return get_object_or_404(queryset.filter(scope), pk=pk)


def open_offers() -> QuerySet[Offer]:
    return (
        Offer.objects.filter(status=Offer.Status.OPEN, offered_on__gte=timezone.localdate())
        .select_related("partner__organization", "experience__tier")
        .prefetch_related("pathways")
    )


# Lists and exports of engagements, and the requests home's filters
#
# The district dashboard's numbers link to these lists: each rule below is the one the
# lists apply, and a report that counts the same thing should build on it.

NO_PATHWAY = "none"  # the `pathway=none` of the lists: a request without pathways


def local_day_start(day: date) -> datetime:
    """The aware datetime at which the local day `day` starts."""
    return timezone.make_aware(datetime.combine(day, time.min))


def engagement_schools_for_user(user) -> QuerySet[School]:
    """The schools whose engagements a user may list and download: every school for a
    district admin, retired ones too (what was delivered there stays on the record); a
    coordinator's own, as everywhere else (`schools_for_user`)."""
    if user_has_role(user, Role.DISTRICT_ADMIN):
        return School.objects.all()
    return schools_for_user(user)


def engagement_day() -> Case:
    """The day of an engagement, as an expression: `delivered_on` if it was delivered, else
    the local date of `starts_at` (None until it is scheduled). `engagement_day_condition`
    filters on the same rule with the columns' indexes."""
    return Case(
        When(status=Engagement.Status.DELIVERED, then=F("delivered_on")),
        default=TruncDate("starts_at", tzinfo=timezone.get_current_timezone()),
        output_field=DateField(),
    )


def engagements_for_user(user) -> QuerySet[Engagement]:
    """The engagements of the user's schools, newest (most recently created) first, with
    what a list row shows, and their `day`."""
    return (
        Engagement.objects.filter(school__in=engagement_schools_for_user(user))
        .select_related("request", "offer", "school", "partner", "organization")
        .annotate(day=engagement_day())
        .order_by("-pk")
    )


def organizations_engaged_at(schools: QuerySet[School], *, also: int | None = None):
    """Organizations with an engagement at one of `schools` (and organization `also`, when
    a link names one without), by name: the choices of the engagements list's filter."""
    engaged = Exists(Engagement.objects.filter(organization_id=OuterRef("pk"), school__in=schools))
    condition = engaged | Q(pk=also) if also is not None else engaged
    return Organization.objects.filter(condition).order_by("name", "pk")


def request_pathway_condition(pathway: int | str) -> Q:
    """Requests with the pathway of id `pathway`, or, for `NO_PATHWAY`, without one."""
    through = Request.pathways.through.objects.filter(request_id=OuterRef("pk"))
    if pathway == NO_PATHWAY:
        return ~Q(Exists(through))
    return Q(Exists(through.filter(pathway_id=int(pathway))))


def engagement_pathway_condition(pathway: int | str) -> Q:
    """Engagements with the pathway of id `pathway`, or, for `NO_PATHWAY`, without one: the
    pathways of an engagement are its request's, or those of the offer it was booked from
    (as the reports group them)."""
    of_request = Request.pathways.through.objects.filter(request_id=OuterRef("request_id"))
    of_offer = Offer.pathways.through.objects.filter(offer_id=OuterRef("offer_id"))
    if pathway == NO_PATHWAY:
        return ~Q(Exists(of_request)) & ~Q(Exists(of_offer))
    pathway_id = int(pathway)
    return Q(Exists(of_request.filter(pathway_id=pathway_id))) | Q(
        Exists(of_offer.filter(pathway_id=pathway_id))
    )


def engagement_day_condition(*, since: date | None = None, until: date | None = None) -> Q:
    """Engagements whose day falls from `since` to `until`, both included.

    The day of a delivered engagement is `delivered_on`; of any other, the local date of
    `starts_at`. An engagement neither delivered nor scheduled has no day: any bound
    leaves it out."""
    delivered = Q(status=Engagement.Status.DELIVERED)
    other = ~Q(status=Engagement.Status.DELIVERED) & Q(starts_at__isnull=False)
    if since is not None:
        delivered &= Q(delivered_on__gte=since)
        other &= Q(starts_at__gte=local_day_start(since))
    if until is not None:
        delivered &= Q(delivered_on__lte=until)
        other &= Q(starts_at__lt=local_day_start(until + timedelta(days=1)))
    return delivered | other


def request_past_date_condition(*, today: date | None = None) -> Q:
    """Requests still open whose date (the last day of the window, else the day) is before
    today: the dashboard's "still open past their date"."""
    today = today or timezone.localdate()
    return Q(status=Request.Status.OPEN) & (
        Q(ends_on__lt=today) | Q(ends_on__isnull=True, starts_on__lt=today)
    )


def request_opened_condition(*, since: date | None = None, until: date | None = None) -> Q:
    """Requests created (opened) from the local day `since` to `until`, both included."""
    condition = Q()
    if since is not None:
        condition &= Q(created_at__gte=local_day_start(since))
    if until is not None:
        condition &= Q(created_at__lt=local_day_start(until + timedelta(days=1)))
    return condition


ENGAGEMENT_CSV_HEADER = (
    "request",
    "school",
    "partner",
    "organization",
    "status",
    "invited_on",
    "starts_at",
    "delivered_on",
    "students_reached",
    "volunteer_hours",
)
PARTNER_ENGAGEMENT_CSV_HEADER = (
    "request_or_offer",
    "school",
    "status",
    "starts_at",
    "delivered_on",
    "students_reached",
    "volunteer_hours",
)
CSV_CHUNK_ROWS = 2000  # rows fetched from the database at a time


def _iso_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localdate(value).isoformat()
    return value.isoformat()


def _iso_moment(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _plain(value) -> str:
    return "" if value is None else str(value)


def _partner_name(first_name: str, last_name: str, email: str) -> str:
    """As `Partner.__str__`."""
    return f"{first_name} {last_name}".strip() or email


def engagement_csv_rows(engagements: QuerySet[Engagement]) -> Iterator[tuple]:
    """The rows of `ENGAGEMENT_CSV_HEADER` for `engagements`, in their order, read from the
    database in chunks (one query, whatever the number of rows). Dates are ISO 8601
    (`starts_at` in local time with its offset); unknown values are empty."""
    rows = (
        engagements.annotate(title=Coalesce("request__title", "offer__title"))
        .values_list(
            "title",
            "school__name",
            "partner__first_name",
            "partner__last_name",
            "partner__email",
            "organization__name",
            "status",
            "invited_at",
            "starts_at",
            "delivered_on",
            "students_reached",
            "volunteer_hours",
        )
        .iterator(chunk_size=CSV_CHUNK_ROWS)
    )
    for (
        title,
        school,
        first_name,
        last_name,
        email,
        organization,
        status,
        invited_at,
        starts_at,
        delivered_on,
        students,
        hours,
    ) in rows:
        yield (
            title,
            school,
            _partner_name(first_name, last_name, email),
            _plain(organization),
            status,
            _iso_day(invited_at),
            _iso_moment(starts_at),
            _iso_day(delivered_on),
            _plain(students),
            _plain(hours),
        )


def partner_engagement_csv_rows(user) -> Iterator[tuple]:
    """The rows of `PARTNER_ENGAGEMENT_CSV_HEADER`: every engagement of the partner signed
    in as `user`, newest first, for their employer's volunteering programme; one query."""
    rows = (
        Engagement.objects.filter(partner__user=user)
        .annotate(title=Coalesce("request__title", "offer__title"))
        .order_by("-pk")
        .values_list(
            "title",
            "school__name",
            "status",
            "starts_at",
            "delivered_on",
            "students_reached",
            "volunteer_hours",
        )
        .iterator(chunk_size=CSV_CHUNK_ROWS)
    )
    for title, school, status, starts_at, delivered_on, students, hours in rows:
        yield (
            title,
            school,
            status,
            _iso_moment(starts_at),
            _iso_day(delivered_on),
            _plain(students),
            _plain(hours),
        )
