"""Demo requests, offers and engagements in every state for `seed_demo`."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from partners.models import Experience, Partner, Pathway

from .models import Delivery, Engagement, Offer, Request, School
from .selectors import INVITATION_NUDGE_AFTER, partner_email_verified
from .services import INVITATION_EXPIRES_AFTER, engagement_on_request

DEMO_PREFIX = "[Demo] "
REQUESTS = [
    ("Nursing job shadow", "job_shadow", "health_sciences", "nursing, patient care", "11-12", 4, 2),
    (
        "Career day: building trades",
        "worksite_tours",
        "industrial_engineering",
        "carpentry, welding",
        "9-10",
        30,
        1,
    ),
    (
        "Mock interviews for seniors",
        "mock_interview",
        "business_management",
        "hiring, interviewing",
        "12",
        25,
        3,
    ),
    (
        "Graphic design panel",
        "career_presentations",
        "arts_information",
        "graphic design, UX design",
        "10-12",
        60,
        2,
    ),
    (
        "Robotics mentorship",
        "extended_learning",
        "industrial_engineering",
        "robotics, CNC",
        "11-12",
        6,
        1,
    ),
    (
        "Urban farming service project",
        "service_learning",
        "agriculture",
        "sustainable agriculture",
        "9-12",
        15,
        1,
    ),
    (
        "Informational interviews: law",
        "informational_interview",
        "human_resources",
        "law, public policy",
        "11-12",
        10,
        2,
    ),
    (
        "Virtual career talk: cybersecurity",
        "career_presentations",
        "arts_information",
        "cybersecurity, software development",
        "9-12",
        80,
        1,
    ),
]


def _at(day, hour):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_requests(coordinator: User) -> int:
    """Replace the demo requests: every request status and every engagement status."""
    rng = random.Random(7)  # noqa: S311 (demo data, not security)
    Engagement.objects.filter(request__title__startswith=DEMO_PREFIX).delete()
    Request.objects.filter(title__startswith=DEMO_PREFIX).delete()
    Offer.objects.filter(title__startswith=DEMO_PREFIX).delete()
    schools = list(
        School.objects.filter(
            short_name__in=["Grant HS", "Jefferson HS", "Franklin HS", "Beaumont MS"]
        )
    )
    for school in schools:
        school.coordinators.add(coordinator)
    today = timezone.localdate()
    _confirm_demo_emails()
    partners = list(
        Partner.objects.filter(status=Partner.Status.ACTIVE)
        .filter(partner_email_verified())
        .order_by("pk")[:120]
    )
    statuses = ["open", "open", "filled", "completed", "draft", "cancelled", "open", "open"]
    offsets = [14, 21, 7, -20, 30, 10, 3, 40]
    created = 0
    for index, (title, experience, pathway, skills, grades, students, wanted) in enumerate(
        REQUESTS
    ):
        request = Request.objects.create(
            school=schools[index % len(schools)],
            created_by=coordinator,
            title=DEMO_PREFIX + title,
            description=f"{title} for our students. We would love your help.",
            experience=Experience.objects.get(code=experience),
            skills=skills,
            grade_levels=grades,
            student_count=students,
            partners_wanted=wanted,
            delivery=Delivery.VIRTUAL if "Virtual" in title else Delivery.IN_PERSON,
            starts_on=today + timedelta(days=offsets[index]),
            start_time=time(9, 30),
            end_time=time(11, 30),
            status=statuses[index],
        )
        request.pathways.set(Pathway.objects.filter(code=pathway))
        _opened_at(request, _first_invitation(request) - timedelta(days=2))
        created += 1
        plan = _plan(request)
        chosen = rng.sample(partners, k=min(len(plan), len(partners)))
        _engagements_for(request, zip(chosen, plan, strict=False), coordinator)
    offer_partner = Partner.objects.filter(email="partner@example.org").first()
    first_open = Request.objects.filter(
        title__startswith=DEMO_PREFIX, status=Request.Status.OPEN
    ).first()
    if (
        offer_partner
        and first_open
        and not first_open.engagements.filter(partner=offer_partner).exists()
    ):
        engagement_on_request(
            first_open, offer_partner, coordinator=coordinator, invited_at=timezone.now()
        ).save()
    created += seed_history(coordinator)
    if offer_partner:
        Offer.objects.create(
            partner=offer_partner,
            title=DEMO_PREFIX + "Worksite tour of a construction site",
            description="Hard hats provided. Up to 20 students see a building go up.",
            experience=Experience.objects.get(code="worksite_tours"),
            offered_on=today + timedelta(days=25),
            start_time=time(10),
            end_time=time(12),
            capacity=20,
            grade_levels="9-12",
            delivery=Delivery.IN_PERSON,
            location="1200 NE Broadway, Portland",
        )
    return created


def _confirm_demo_emails() -> None:
    """Most demo partners have confirmed their email address (only they can be invited);
    every tenth has not yet, so the demo shows candidates marked "email not verified"."""
    ids = list(Partner.objects.order_by("pk").values_list("user_id", flat=True))
    confirmed = [user_id for index, user_id in enumerate(ids) if index % 10 != 9]
    EmailAddress.objects.filter(user_id__in=confirmed, verified=False).update(verified=True)


def _plan(request: Request) -> list[str]:
    """The engagements of a demo request, in a state the services could have reached: an
    open request has fewer partners than it wants, a filled one exactly as many, and a
    completed one delivered them all (a no-show reopened it until someone else came)."""
    wanted = request.partners_wanted
    return {
        Request.Status.OPEN: ["invited", "declined", "expired", *["accepted"] * (wanted - 1)],
        Request.Status.FILLED: [*["scheduled"] * wanted, "declined", "closed"],
        Request.Status.COMPLETED: [*["delivered"] * wanted, "no_show", "cancelled"],
        Request.Status.CANCELLED: ["cancelled"],
        Request.Status.DRAFT: [],
    }[request.status]


def _first_invitation(request: Request) -> datetime:
    """Invitations go out two weeks before the date, or four days ago for a date that is
    close."""
    return min(timezone.now() - timedelta(days=4), _at(request.starts_on - timedelta(days=14), 9))


def _opened_at(request: Request, moment: datetime) -> None:
    """A demo request was opened before its partners were invited (the district dashboard
    counts the days from opening to filling)."""
    Request.objects.filter(pk=request.pk).update(created_at=moment)
    request.created_at = moment


def _engagements_for(request: Request, plan, coordinator: User) -> None:
    now = timezone.now()
    day = request.starts_on
    earlier = _first_invitation(request)
    for partner, status in plan:
        invited_at = earlier
        if status == "invited":
            invited_at = now - timedelta(days=1)
        elif status == "expired":
            invited_at = now - INVITATION_EXPIRES_AFTER - timedelta(days=3)
        engagement = engagement_on_request(
            request, partner, coordinator=coordinator, invited_at=invited_at, status=status
        )
        if status == "expired":
            engagement.nudged_at = invited_at + INVITATION_NUDGE_AFTER
        if status not in {"invited", "expired", "closed"}:
            engagement.responded_at = invited_at + timedelta(days=1)
        if status in {"scheduled", "delivered", "no_show"}:
            engagement.starts_at, engagement.ends_at = _at(day, 9), _at(day, 11)
            engagement.place = f"{request.school.name}, library"
        if status == "delivered":
            engagement.delivered_on = day
            engagement.students_reached = request.student_count
            engagement.volunteer_hours = Decimal("2.00")
            engagement.delivery_note = "Students asked great questions."
        engagement.save()


# Engagements delivered over the past months, for the reports: several months, schools,
# pathways (two on one request, none on another, one from an offer) and tiers.

# (title, experience, pathways, school, days ago, students, hours per partner, partners,
# organization or "" for individual partners). Organizations with a demo contract appear
# only where their contract year's status does not change (Cascade Health Partners' year 2
# is already met), so the compliance demo keeps its statuses.
HISTORY = [
    (
        "Culinary careers demonstration",
        "career_presentations",
        ("business_management",),
        "Jefferson HS",
        33,
        45,
        "1.50",
        1,
        "Hawthorne Culinary Collective",
    ),
    (
        "Trail building service day",
        "service_learning",
        ("agriculture",),
        "Franklin HS",
        52,
        18,
        "5.00",
        3,
        "Forest Park Conservancy Volunteers",
    ),
    (
        "Web development mentorship",
        "extended_learning",
        ("arts_information", "industrial_engineering"),
        "Grant HS",
        66,
        4,
        "10.00",
        2,
        "Northwest Code Academy",
    ),
    (
        "Hospital job shadow day",
        "job_shadow",
        ("health_sciences",),
        "Grant HS",
        80,
        8,
        "4.00",
        2,
        "Cascade Health Partners",
    ),
    (
        "Mock interviews: public safety careers",
        "mock_interview",
        ("human_resources",),
        "Jefferson HS",
        95,
        20,
        "3.00",
        3,
        "Eastside Fire & Rescue",
    ),
    (
        "Tour of the apprenticeship training center",
        "worksite_tours",
        (),
        "Grant HS",
        110,
        30,
        "2.00",
        1,
        "Portland Trades Apprenticeship Council",
    ),
    (
        "Personal finance workshop",
        "career_preparation_workshop",
        ("business_management",),
        "Franklin HS",
        130,
        25,
        "2.00",
        2,
        "",
    ),
    (
        "Veterinary careers talk",
        "career_presentations",
        ("agriculture", "health_sciences"),
        "Beaumont MS",
        150,
        60,
        "1.00",
        1,
        "St. Johns Veterinary Hospital",
    ),
    (
        "Law day informational interviews",
        "informational_interview",
        ("human_resources",),
        "Grant HS",
        175,
        12,
        "2.50",
        2,
        "Multnomah Public Defenders",
    ),
    (
        "Manufacturing floor tour",
        "worksite_tours",
        ("industrial_engineering",),
        "Jefferson HS",
        205,
        28,
        "2.00",
        1,
        "Oregon Manufacturing Alliance",
    ),
    (
        "Dental hygiene job shadow",
        "job_shadow",
        ("health_sciences",),
        "Franklin HS",
        235,
        3,
        "6.00",
        1,
        "Sunnyside Dental Clinic",
    ),
    (
        "Youth mentoring kickoff",
        "extended_learning",
        ("human_resources",),
        "Benson HS",
        265,
        10,
        "8.00",
        2,
        "Albina Youth Mentors",
    ),
    (
        "Retail management panel",
        "career_presentations",
        ("business_management",),
        "Roosevelt HS",
        300,
        70,
        "1.50",
        1,
        "Lloyd Center Retail Group",
    ),
]
# The demo sign-in's organization (partner@example.org is its confirmed admin). Its demo
# contract's first year (compliance.demo: it started 320 days ago) must stay at risk, short
# of its 4 opportunities: so its history lies before that year, and this year it delivered
# once (CURRENT), unless a demo request above already made it deliver this year.
DEMO_ORGANIZATION = "Rose City Builders"
CONTRACT_YEAR_DAYS = 330  # a margin over the 320 days of the contract's first year
DEMO_ORGANIZATION_HISTORY = [
    (
        "Jobsite tour: a new middle school",
        "worksite_tours",
        ("industrial_engineering",),
        "Grant HS",
        340,
        35,
        "2.00",
        3,
    ),
    (
        "Mock interviews for the trades",
        "mock_interview",
        ("industrial_engineering", "business_management"),
        "Jefferson HS",
        370,
        15,
        "3.00",
        2,
    ),
    ("Construction careers panel", "career_presentations", (), "Franklin HS", 400, 50, "1.50", 2),
    (
        "Site superintendent job shadow",
        "job_shadow",
        ("industrial_engineering",),
        "Jefferson HS",
        430,
        4,
        "6.00",
        2,
    ),
    (
        "Welding mentorship",
        "extended_learning",
        ("industrial_engineering",),
        "Grant HS",
        460,
        3,
        "12.00",
        1,
    ),
    (
        "Design-build service project",
        "service_learning",
        ("industrial_engineering", "agriculture"),
        "Franklin HS",
        495,
        20,
        "8.00",
        2,
    ),
]
CURRENT = (
    "Career day: construction management",
    "career_presentations",
    ("industrial_engineering", "business_management"),
    "Grant HS",
    21,
    40,
    "2.00",
    3,
)
DELIVERED_OFFER = (
    "Beekeeping demonstration",
    "career_presentations",
    ("agriculture",),
    "Beaumont MS",
    60,
    25,
    "2.00",
    "Urban Roots Farm",
)


def _partners_of(organization: str, count: int) -> list[Partner]:
    """The first `count` partners of the organization (of none: individuals), the demo
    sign-in first."""
    partners = (
        Partner.objects.filter(organization__name=organization)
        if organization
        else Partner.objects.filter(organization__isnull=True)
    )
    partners = sorted(partners.order_by("pk")[:50], key=lambda p: p.email != "partner@example.org")
    return partners[:count]


def _delivered_request(coordinator: User, item, partners: list[Partner]) -> None:
    """A completed request delivered `days` ago by `partners`, each reporting their share of
    the students and their hours."""
    title, experience, pathway_codes, school, days, students, hours = item[:7]
    day = timezone.localdate() - timedelta(days=days)
    request = Request.objects.create(
        school=School.objects.get(short_name=school),
        created_by=coordinator,
        title=DEMO_PREFIX + title,
        description=f"{title} for our students.",
        experience=Experience.objects.get(code=experience),
        grade_levels="9-12",
        student_count=students,
        partners_wanted=len(partners),
        starts_on=day,
        start_time=time(9, 30),
        end_time=time(11, 30),
        status=Request.Status.COMPLETED,
    )
    request.pathways.set(Pathway.objects.filter(code__in=pathway_codes))
    invited_at = _at(day - timedelta(days=14), 9)
    _opened_at(request, invited_at - timedelta(days=3))
    for index, partner in enumerate(partners):
        engagement_on_request(
            request,
            partner,
            coordinator=coordinator,
            invited_at=invited_at,
            status=Engagement.Status.DELIVERED,
            responded_at=invited_at + timedelta(days=1 + index),
            starts_at=_at(day, 9),
            ends_at=_at(day, 11),
            place=f"{request.school.name}, library",
            delivered_on=day,
            students_reached=max(1, students // len(partners)),
            volunteer_hours=Decimal(hours),
            delivery_note="Students asked great questions.",
        ).save()


def seed_history(coordinator: User) -> int:
    """Delivered engagements of the past months (replaced on each run, like every demo
    request); returns the number of requests made."""
    made = 0
    for *item, count, organization in HISTORY:
        partners = _partners_of(organization, count)
        if partners:
            _delivered_request(coordinator, item, partners)
            made += 1
    for *item, count in DEMO_ORGANIZATION_HISTORY:
        partners = _partners_of(DEMO_ORGANIZATION, count)
        if partners:
            _delivered_request(coordinator, item, partners)
            made += 1
    this_year = timezone.localdate() - timedelta(days=CONTRACT_YEAR_DAYS)
    delivered_this_year = Engagement.objects.filter(
        organization__name=DEMO_ORGANIZATION,
        status=Engagement.Status.DELIVERED,
        delivered_on__gte=this_year,
    ).exists()
    partners = _partners_of(DEMO_ORGANIZATION, CURRENT[-1])
    if partners and not delivered_this_year:
        _delivered_request(coordinator, CURRENT, partners)
        made += 1
    _delivered_offer(coordinator)
    return made


def _delivered_offer(coordinator: User) -> None:
    """An offer a partner posted, booked by a school and delivered (no request)."""
    title, experience, pathway_codes, school, days, students, hours, organization = DELIVERED_OFFER
    partners = _partners_of(organization, 1)
    if not partners:
        return
    day = timezone.localdate() - timedelta(days=days)
    offer = Offer.objects.create(
        partner=partners[0],
        title=DEMO_PREFIX + title,
        description="Bees, honey and the science of pollination.",
        experience=Experience.objects.get(code=experience),
        offered_on=day,
        start_time=time(10),
        end_time=time(12),
        capacity=students,
        grade_levels="6-8",
        status=Offer.Status.BOOKED,
    )
    offer.pathways.set(Pathway.objects.filter(code__in=pathway_codes))
    school = School.objects.get(short_name=school)
    booked_at = _at(day - timedelta(days=20), 10)
    Engagement.objects.create(
        offer=offer,
        partner=partners[0],
        organization=partners[0].organization,
        school=school,
        experience=offer.experience,
        coordinator=coordinator,
        status=Engagement.Status.DELIVERED,
        invited_at=booked_at,
        responded_at=booked_at,
        starts_at=_at(day, 10),
        ends_at=_at(day, 12),
        place=f"{school.name}, garden",
        delivered_on=day,
        students_reached=students,
        volunteer_hours=Decimal(hours),
    )
