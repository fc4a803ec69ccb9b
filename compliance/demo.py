"""Demo contracts for `seed_demo`: every tier and every status, hand-recorded opportunities and
Expo registrations, on the demo organizations of `partners.demo` (dates follow today)."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from expo.demo import current_expo_year, seed_expo
from expo.models import ExpoEdition, Registration, SponsorLevel
from expo.services import expo_register
from partners.models import Experience
from partners.selectors import organization_find_by_name
from requests_app.models import School

from .models import Contract, Opportunity
from .rules import contract_years, parse_money
from .services import contract_save, opportunity_record

DEMO_NOTE_PREFIX = "[demo] "
OTHER_PROOF = "Registration confirmation email attached to the signed contract."

# number, contractor, title, value, start (days from today), years, signed (days before start),
# other proof, opportunities [(contract year, day of the year, experience, school, students,
# note)], Expo registrations [(contract year, kind, sponsor level)]
CONTRACTS = [
    (
        "PPS-2026-0142",
        "Rose City Builders",
        "Lincoln HS modernization: construction management",
        "1250000.00",
        -320,
        3,
        21,
        OTHER_PROOF,
        [
            (1, 40, "worksite_tours", "Benson HS", 28, "Jobsite tour for construction students"),
            (1, 160, "job_shadow", "Franklin HS", 6, "Job shadow with site superintendents"),
        ],
        [(1, "exhibitor", "")],
    ),
    (
        "PPS-2024-0087",
        "Cascade Health Partners",
        "Student health services",
        "2400000.00",
        -760,
        4,
        30,
        OTHER_PROOF,
        [
            (1, 30, "career_presentations", "Grant HS", 60, "Nursing careers panel"),
            (1, 95, "job_shadow", "Roosevelt HS", 8, "Hospital job shadow day"),
            (1, 150, "mock_interview", "Jefferson HS", 40, "Mock interviews, health sciences"),
            (1, 240, "worksite_tours", "McDaniel HS", 30, "Hospital tour"),
            (2, 20, "career_presentations", "Cleveland HS", 55, "Careers in medical imaging"),
            (2, 80, "informational_interview", "Grant HS", 12, "Informational interviews"),
            (2, 170, "job_shadow", "Roosevelt HS", 10, "Hospital job shadow day"),
            (2, 300, "career_fairs", "Franklin HS", 200, "Franklin career fair booth"),
            (3, 10, "career_presentations", "Wells HS", 45, "Public health careers talk"),
        ],
        [(1, "sponsor", "Presenting Sponsor"), (2, "exhibitor", "")],
    ),
    (
        "PPS-2025-0031",
        "Willamette Engineering Group",
        "Seismic assessment of school buildings",
        "450000.00",
        -500,
        2,
        14,
        OTHER_PROOF,
        [(1, 120, "career_presentations", "Benson HS", 35, "Engineering careers talk")],
        [],
    ),
    (
        "PPS-2026-0205",
        "Pearl District Design Studio",
        "District wayfinding and signage design",
        "100000.00",
        -90,
        1,
        5,
        "",
        [
            (1, 20, "career_presentations", "Lincoln HS", 40, "Design studio visit"),
            (1, 60, "mock_interview", "Grant HS", 15, "Portfolio reviews"),
        ],
        [],
    ),
    (
        "PPS-2026-0199",
        "Columbia River Logistics",
        "Warehouse moving services",
        "99999.99",
        -150,
        1,
        5,
        "",
        [(1, 30, "worksite_tours", "Jefferson HS", 20, "Distribution center tour")],
        [],
    ),
    (
        "PPS-2027-0003",
        "Green Grid Energy",
        "Solar arrays at three middle schools",
        "$750,000.00",
        30,
        2,
        35,
        "",
        [],
        [],
    ),
    (
        "PPS-2026-0118",
        "Stumptown Media Lab",
        "Board meeting video production",
        "180000",
        -200,
        2,
        10,
        "",
        [(1, 45, "career_presentations", "Cleveland HS", 25, "Video production workshop")],
        [],
    ),
    (
        "PPS-2026-0177",
        "Bridgetown Credit Union",
        "Payroll card program",
        "1000000",
        -100,
        2,
        7,
        OTHER_PROOF,
        [(1, 15, "career_preparation_workshop", "McDaniel HS", 30, "Personal finance workshop")],
        [(1, "sponsor", "Supporting Sponsor")],
    ),
]
# Registrations of organizations without a contract, for the current edition.
OTHER_REGISTRATIONS = [
    ("Northwest Code Academy", "exhibitor", ""),
    ("Portland Trades Apprenticeship Council", "exhibitor", ""),
    ("Oregon Manufacturing Alliance", "sponsor", "Career Champion"),
    ("Sunnyside Dental Clinic", "exhibitor", ""),
]


def _register(edition: ExpoEdition, organization, kind: str, level_name: str) -> None:
    level = SponsorLevel.objects.get(edition=edition, name=level_name) if level_name else None
    expo_register(
        edition=edition,
        organization=organization,
        kind=kind,
        sponsor_level=level,
        source=Registration.Source.STAFF,
        enforce_deadline=False,
        notify=False,
    )


def seed_compliance(*, today: date | None = None) -> str:
    """Create or refresh the demo contracts, opportunities and Expo; returns a summary line."""
    today = today or timezone.localdate()
    editions = seed_expo(today=today)
    experiences = {experience.code: experience for experience in Experience.objects.all()}
    schools = {school.short_name: school for school in School.objects.all()}
    # Demo opportunities are dated from today: remove yesterday's before recording today's.
    Opportunity.objects.filter(note__startswith=DEMO_NOTE_PREFIX).delete()
    opportunities = 0
    for (
        number,
        contractor,
        title,
        value,
        start_in,
        term_years,
        signed_before,
        other_proof,
        delivered,
        registrations,
    ) in CONTRACTS:
        if organization_find_by_name(contractor) is None:
            continue  # seed_partners makes these organizations
        start = today + timedelta(days=start_in)
        end = start + relativedelta(years=term_years) - timedelta(days=1)
        contract, _ = contract_save(
            contract_number=number,
            contractor=contractor,
            title=title,
            value=parse_money(value),
            start_date=start,
            end_date=end,
            signed_date=start - timedelta(days=signed_before),
            other_proof=other_proof,
            match_by_number=True,
        )
        years = {year.number: year for year in contract_years(start, end)}
        for year_number, day, experience, school, students, note in delivered:
            delivered_on = years[year_number].start + timedelta(days=day)
            if delivered_on > today:
                continue
            opportunity_record(
                organization=contract.contractor,
                delivered_on=delivered_on,
                experience=experiences[experience],
                school=schools.get(school),
                students=students,
                note=DEMO_NOTE_PREFIX + note,
                today=today,
            )
            opportunities += 1
        for year_number, kind, level in registrations:
            for edition in editions.values():
                if years[year_number].contains(edition.date):
                    _register(edition, contract.contractor, kind, level)
    current = editions[current_expo_year(today)]
    for name, kind, level in OTHER_REGISTRATIONS:
        organization = organization_find_by_name(name)
        if organization is not None:
            _register(current, organization, kind, level)
    return (
        f"{Contract.objects.filter(number__in=[row[0] for row in CONTRACTS]).count()} demo "
        f"contracts, {opportunities} hand-recorded opportunities, the {current} on "
        f"{current.date:%Y-%m-%d} with {current.registrations.count()} registrations."
    )
