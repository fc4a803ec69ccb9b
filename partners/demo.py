"""Demo partners for `seed_demo`: a few hundred believable partners across every pathway."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .dates import CONTACT_WITHIN_BUSINESS_DAYS, add_business_days
from .models import Partner
from .services import partner_import_rows

FIRST_NAMES = (
    "Ana Ben Carla Dev Elena Farah Gabe Hana Ivan Jada Kenji Lena Marco Nia Omar Priya Quinn "
    "Rosa Sam Tariq Uma Victor Wen Ximena Yusuf Zoe Amara Bao Chloe Diego Esme Felix Grace "
    "Hector Isla Jamal Kira Luis Maya Noah"
).split()
LAST_NAMES = (
    "Nguyen Garcia Smith Johnson Tran Patel Kim Lopez Brown Davis Martinez Wilson Anderson "
    "Thomas Hernandez Moore Jackson Lee Walker Hall Young Allen Wright Scott Torres Hill Green "
    "Adams Baker Nelson Carter Mitchell Perez Roberts Turner Phillips Campbell Parker Evans"
).split()
# (organization, type, pathway, skills)
ORGANIZATIONS = [
    (
        "Cascade Health Partners",
        "Business/Industry",
        "Health Sciences",
        "nursing; patient care; medical imaging",
    ),
    (
        "Rose City Builders",
        "Business/Industry",
        "Industrial and Engineering Systems",
        "carpentry; construction management; welding",
    ),
    (
        "Willamette Engineering Group",
        "Business/Industry",
        "Industrial and Engineering Systems",
        "civil engineering; CAD; surveying",
    ),
    (
        "Pearl District Design Studio",
        "Business/Industry",
        "Arts, Information and Communications",
        "graphic design; UX design; branding",
    ),
    (
        "Columbia River Logistics",
        "Business/Industry",
        "Business and Management",
        "supply chain; logistics; operations",
    ),
    (
        "Hawthorne Culinary Collective",
        "Business/Industry",
        "Business and Management",
        "culinary arts; hospitality; food safety",
    ),
    (
        "Forest Park Conservancy Volunteers",
        "Non-Profit",
        "Agriculture, Food and Natural Resource Systems",
        "forestry; ecology; trail building",
    ),
    (
        "Urban Roots Farm",
        "Community Based Organization",
        "Agriculture, Food and Natural Resource Systems",
        "sustainable agriculture; beekeeping",
    ),
    (
        "Northwest Code Academy",
        "Post-Secondary",
        "Arts, Information and Communications",
        "software development; web development; cybersecurity",
    ),
    (
        "Portland Trades Apprenticeship Council",
        "Post-Secondary",
        "Industrial and Engineering Systems",
        "electrical; plumbing; apprenticeship",
    ),
    ("Multnomah Public Defenders", "Government", "Human Resources", "law; public policy; advocacy"),
    ("Eastside Fire & Rescue", "Government", "Human Resources", "firefighting; EMT; public safety"),
    (
        "Bridgetown Credit Union",
        "Business/Industry",
        "Business and Management",
        "banking; personal finance; accounting",
    ),
    (
        "Stumptown Media Lab",
        "Business/Industry",
        "Arts, Information and Communications",
        "video production; podcasting; journalism",
    ),
    (
        "Oregon Manufacturing Alliance",
        "Business Association",
        "Industrial and Engineering Systems",
        "machining; CNC; robotics",
    ),
    (
        "Sunnyside Dental Clinic",
        "Business/Industry",
        "Health Sciences",
        "dentistry; dental hygiene",
    ),
    ("Albina Youth Mentors", "Non-Profit", "Human Resources", "mentoring; education; social work"),
    (
        "Green Grid Energy",
        "Business/Industry",
        "Industrial and Engineering Systems",
        "solar installation; clean energy; electrical",
    ),
    (
        "Lloyd Center Retail Group",
        "Business/Industry",
        "Business and Management",
        "retail management; marketing; sales",
    ),
    (
        "St. Johns Veterinary Hospital",
        "Business/Industry",
        "Agriculture, Food and Natural Resource Systems",
        "veterinary medicine; animal care",
    ),
]
INDIVIDUAL_PATHWAYS = [
    ("Health Sciences", "nursing; physical therapy"),
    ("Human Resources", "teaching; counseling"),
    ("Arts, Information and Communications", "photography; music production"),
    ("Business and Management", "entrepreneurship; marketing"),
    ("No Preference at this time", "public speaking"),
]
EXPERIENCES_BY_TIER = [
    [
        "Career Fairs",
        "Career Presentations",
        "Worksite & Company Tours",
        "7th grade Career Tech Exploration",
    ],
    ["Job Shadow", "Informational Interview", "Mock Interview", "Career Preparation Workshop"],
    [
        "Extended Learning Opportunities",
        "Distance/Virtual Extended Learning Opportunities",
        "Cooperative Worksite Learning",
        "Service Learning",
        "Special Projects",
    ],
]
CONTRIBUTIONS = [
    "Serve on Advisory Committee",
    "Volunteer",
    "Northwest Youth Careers Expo",
    "Financial Donations",
]
LANGUAGES = [
    "",
    "",
    "",
    "",
    "Spanish",
    "Vietnamese",
    "Russian",
    "Somali",
    "Chinese",
    "Spanish; Portuguese",
]
ZIP_CODES = (
    "97201 97202 97203 97204 97205 97206 97209 97210 97211 97212 97213 97214 97215 97216 "
    "97217 97218 97219 97220 97221 97227 97229 97230 97232 97233 97236 97239 97266"
).split()
CERTIFICATIONS = ["N/A", "N/A", "N/A", "MBE", "WBE", "ESB", "DBE", "SDVBE", "MBE; WBE"]


def demo_rows(count: int, rng: random.Random) -> list[dict]:
    rows = []
    for number in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        tiers = rng.sample(EXPERIENCES_BY_TIER, k=rng.randint(1, 2))
        experiences = [rng.choice(tier) for tier in tiers]
        contributions = rng.sample(CONTRIBUTIONS, k=rng.randint(0, 2))
        if number % 3:
            organization, org_type, pathway, skills = ORGANIZATIONS[number % len(ORGANIZATIONS)]
            roles = "Business/Industry Partner"
            if org_type in {"Non-Profit", "Community Based Organization"}:
                roles = "Community Partner"
            elif org_type == "Post-Secondary":
                roles = "Post-Secondary Education Partner"
            certifications = rng.choice(CERTIFICATIONS)
        else:
            organization, org_type, certifications = "", "", "N/A"
            pathway, skills = rng.choice(INDIVIDUAL_PATHWAYS)
            roles = rng.choice(["PPS Parent", "PPS Alumni", "PPS Parent; Volunteer", "Volunteer"])
        rows.append(
            {
                "first_name": first,
                "last_name": last,
                "email": f"demo.partner{number:03d}@example.org",
                "phone": f"503-555-{number:04d}",
                "job_title": rng.choice(
                    [
                        "Engineer",
                        "Manager",
                        "Nurse",
                        "Designer",
                        "Owner",
                        "Teacher",
                        "Technician",
                        "",
                    ]
                ),
                "roles": roles,
                "organization": organization,
                "organization_type": org_type,
                "certifications": certifications,
                "experiences": "; ".join(experiences),
                "contributions": "; ".join(contributions),
                "pathways": pathway,
                "zip": rng.choice(ZIP_CODES),
                "skills": skills,
                "languages": rng.choice(LANGUAGES),
            }
        )
    return rows


DEMO_SIGN_IN = "partner@example.org"
# Partners still waiting were submitted 1 to 6 business days ago, within the promise;
# the others at least 16 days ago and contacted 1 to 10 business days later (all in the past).
NEW_WITHIN_BUSINESS_DAYS = 6
CONTACTED_FROM_DAYS = 16


def business_days_before(day: date, days: int) -> date:
    """The business day `days` business days before `day` (weekends skipped)."""
    while days > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def _working_hours(day: date, rng: random.Random) -> datetime:
    """A time between 8:00 and 17:59 that day, Portland time."""
    moment = time(rng.randint(8, 17), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, moment))


def seed_partners(count: int = 300) -> int:
    """Create or refresh `count` demo partners plus the demo partner sign-in's profile."""
    rng = random.Random(2026)  # the same demo data on every run  # noqa: S311
    rows = demo_rows(count, rng)
    rows.append(
        {
            **rows[1],
            "first_name": "Sam",
            "last_name": "Lee",
            "email": DEMO_SIGN_IN,
            "organization": "Rose City Builders",
            "organization_type": "Business/Industry",
        }
    )
    result = partner_import_rows(rows=rows)
    if result.errors:
        raise RuntimeError(f"demo partners rejected: {result.errors[:3]}")
    today = timezone.localdate()
    partners = list(
        Partner.objects.filter(email__in=[row["email"] for row in rows]).order_by("email")
    )
    extras = {row["email"]: row for row in rows}
    for index, partner in enumerate(partners):
        partner.skills = extras[partner.email]["skills"].replace(";", ",")
        partner.languages = extras[partner.email]["languages"].replace(";", ",")
        partner.delivery = rng.choice(list(Partner.Delivery.values))
        partner.travel_miles = rng.choice([5, 10, 10, 25, 50])
        partner.availability = rng.sample(list(Partner.Availability.values), k=rng.randint(1, 3))
        # Most were contacted within the promise; a few submitted in the last business days
        # still wait in the queue. The demo sign-in answers invitations: it was contacted.
        if index % 10 in (0, 1) and partner.email != DEMO_SIGN_IN:
            partner.submitted_at = _working_hours(
                business_days_before(today, rng.randint(1, NEW_WITHIN_BUSINESS_DAYS)), rng
            )
            partner.contacted_at, partner.status = None, Partner.Status.NEW
        else:
            submitted_on = today - timedelta(days=rng.randint(CONTACTED_FROM_DAYS, 200))
            partner.submitted_at = _working_hours(submitted_on, rng)
            partner.contacted_at = _working_hours(
                add_business_days(submitted_on, rng.randint(1, CONTACT_WITHIN_BUSINESS_DAYS)), rng
            )
            partner.status = Partner.Status.INACTIVE if index % 25 == 3 else Partner.Status.ACTIVE
    # District staff confirmed one organization admin per organization (the demo sign-in for its own).
    admins = {}
    for partner in sorted(partners, key=lambda p: (p.email != DEMO_SIGN_IN, p.email)):
        if partner.organization_id and partner.organization_id not in admins:
            admins[partner.organization_id] = partner.pk
    for partner in partners:
        partner.is_organization_admin = partner.pk in admins.values()
    Partner.objects.bulk_update(
        partners,
        [
            "skills",
            "languages",
            "delivery",
            "travel_miles",
            "availability",
            "submitted_at",
            "contacted_at",
            "status",
            "is_organization_admin",
        ],
    )
    return len(partners)
