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
from .services import INVITATION_EXPIRES_AFTER

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
        now = timezone.now()
        Engagement.objects.create(
            request=first_open,
            partner=offer_partner,
            organization=offer_partner.organization,
            school=first_open.school,
            experience=first_open.experience,
            coordinator=coordinator,
            invited_at=now,
            expires_at=now + timedelta(days=7),
        )
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


def _engagements_for(request: Request, plan, coordinator: User) -> None:
    now = timezone.now()
    day = request.starts_on
    # Invited two weeks before the date, or four days ago for a date that is close.
    earlier = min(now - timedelta(days=4), _at(day - timedelta(days=14), 9))
    for partner, status in plan:
        invited_at = earlier
        if status == "invited":
            invited_at = now - timedelta(days=1)
        elif status == "expired":
            invited_at = now - INVITATION_EXPIRES_AFTER - timedelta(days=3)
        engagement = Engagement(
            request=request,
            partner=partner,
            organization=partner.organization,
            school=request.school,
            experience=request.experience,
            coordinator=coordinator,
            status=status,
            invited_at=invited_at,
            expires_at=invited_at + INVITATION_EXPIRES_AFTER,
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
