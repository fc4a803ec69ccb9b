"""Volume data for load tests and benchmarks (`manage.py seed_volume`): realistic, varied
organizations, partners, staff, requests, offers, engagements, contracts, opportunities and
Expo registrations, generated from a seeded random source and written in bulk (COPY on
PostgreSQL, `bulk_create` elsewhere) into a database that has no partners yet."""

import csv
import io
import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import zipcodes
from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models.fields import NOT_PROVIDED, AutoFieldMixin
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_assign_role
from compliance.models import Contract, Opportunity
from compliance.rules import MAJOR_FROM, STANDARD_FROM, contract_years
from expo.demo import SPONSOR_LEVELS, VENUE, current_expo_year, expo_day
from expo.models import DEFAULT_BOOTH_CAPACITY, ExpoEdition, Registration, SponsorLevel
from partners.models import (
    Certification,
    Contribution,
    Experience,
    Organization,
    OrganizationType,
    Partner,
    PartnerRole,
    Pathway,
)
from partners.rules import partner_supply_keys
from partners.services import partner_search_text
from requests_app.models import Delivery, Engagement, Offer, Request, School

DEFAULT_SEED = 20260101
DEFAULT_PASSWORD = "volume-password-2026"
COORDINATOR_COUNT = 5
COORDINATOR_EMAIL = "volume-coordinator-{n}@example.org"
PROCUREMENT_EMAIL = "volume-procurement@example.org"
ADMIN_EMAIL = "volume-admin@example.org"


class VolumeError(Exception):
    """The volume data cannot be generated as asked (sizes, or a database already filled)."""


@dataclass(frozen=True)
class VolumeSize:
    """How much to create. The full size is the district's expected volume, with margin."""

    partners: int = 100_000
    requests: int = 20_000
    engagements: int = 500_000
    contracts: int = 5_000

    MINIMUM: ClassVar[dict[str, int]] = {
        "partners": 20,
        "requests": 5,
        "engagements": 30,
        "contracts": 3,
    }

    def scaled(self, factor: float) -> "VolumeSize":
        """This size times `factor`, never below the minimum that covers every case, and
        never more engagements than tiny sizes can hold (one per partner and request)."""
        size = {
            name: max(minimum, round(getattr(self, name) * factor))
            for name, minimum in self.MINIMUM.items()
        }
        fits = max(self.MINIMUM["engagements"], size["requests"] * size["partners"] // 4)
        size["engagements"] = min(size["engagements"], fits)
        return VolumeSize(**size)

    def errors(self) -> list[str]:
        errors = [
            f"--{name} must be at least {minimum} (got {getattr(self, name)})."
            for name, minimum in self.MINIMUM.items()
            if getattr(self, name) < minimum
        ]
        if self.engagements > self.requests * self.partners // 2:
            errors.append(
                f"{self.engagements} engagements do not fit in {self.requests} requests of "
                f"{self.partners} partners (at most one per partner and request): add "
                "partners or requests."
            )
        return errors


# Vocabulary

FIRST_NAMES = (
    "Aaliyah Abdi Adrian Aiko Alejandro Amara Amir Ana Andre Anika Arjun Asha Ayesha Bao Beatriz "
    "Ben Bianca Caleb Camila Carlos Chen Chloe Dana Daniel Darius Deja Demetrius Diego Dmitri "
    "Elena Eli Elijah Emeka Emily Esme Fatima Felix Gabriel Grace Hana Hector Hiroshi Ibrahim "
    "Imani Isabel Ivan Jada Jamal James Jasmine Javier Jin Jordan Jose Kai Kalani Kenji Kira "
    "Lakshmi Lena Leon Liam Lucia Luis Malia Marco Maria Marisol Maya Mei Michael Miguel Mina "
    "Mohamed Nadia Naomi Nia Noah Nora Olga Omar Oscar Pablo Priya Quinn Rafael Rosa Ruth Samir "
    "Sam Sara Seo-yeon Sofia Tariq Thanh Theo Tomas Uma Valentina Victor Wen Winona Ximena Yara "
    "Yusuf Zainab Zoe"
).split()
LAST_NAMES = (
    "Abdullahi Adams Ahmed Alvarez Anderson Baker Begay Brown Campbell Carter Castillo Chavez "
    "Chen Clark Cruz Davis Diaz Dinh Evans Flores Garcia Gomez Gonzalez Green Gupta Hall Harris "
    "Hernandez Hill Hoang Huynh Ibrahim Jackson Jensen Johnson Jones Kaur Kim Kowalski Kumar Le "
    "Lee Lewis Lopez Martin Martinez Mendoza Mitchell Mohamud Moore Morales Murphy Nakamura "
    "Nelson Nguyen Novak O'Brien Okafor Olson Ortiz Park Patel Perez Petrov Pham Phillips "
    "Ramirez Reyes Rivera Roberts Robinson Rodriguez Romero Sanchez Santos Scott Shevchenko "
    "Singh Smith Sokolov Tanaka Taylor Thomas Thompson Torres Tran Turner Vargas Vasquez Vo "
    "Walker Warsame Washington White Williams Wilson Wright Yamamoto Young Yusuf Zhang"
).split()
PLACES = (
    "Cascade|Willamette|Columbia|Rose City|Pearl|Hawthorne|Alberta|Burnside|Multnomah|"
    "Tualatin|Clackamas|Sellwood|Mount Tabor|Forest Park|Laurelhurst|Belmont|Division|Lloyd|"
    "Stumptown|Bridgetown|Pacific|Northwest|Evergreen|Timberline|Hood River|Mount Hood|"
    "Sunnyside|St. Johns|Kenton|Woodstock|Brooklyn|Montavilla|Gateway|Lents|Parkrose|Cully|"
    "Foster|Powell|Sandy River|Skyline|Marquam|Terwilliger|Oregon|Cedar|Summit|Riverbend|"
    "Blue Heron|Osprey|Douglas Fir|Salmon Creek|Vancouver|Clark County|Beaverton|Gresham|"
    "Hillsboro|Tigard|Lake Oswego|Milwaukie|Troutdale|Salem|Eugene|Corvallis|Bend|Astoria"
).split("|")
COMPANY_SUFFIXES = ["", "", "", " LLC", " Inc.", " Co.", " Group", " & Associates", " Northwest"]
# name (after a place) | organization type | pathway | skills its people list
INDUSTRY_TABLE = """
Health Partners        | business             | health_sciences        | nursing, patient care, medical imaging, phlebotomy, electronic health records
Family Clinic          | business             | health_sciences        | nursing, pediatrics, medical assisting, public health
Dental Group           | business             | health_sciences        | dentistry, dental hygiene, patient care, radiography
Physical Therapy       | business             | health_sciences        | physical therapy, sports medicine, kinesiology
Veterinary Hospital    | business             | agriculture            | veterinary medicine, animal care, lab work
Builders               | business             | industrial_engineering | carpentry, construction management, welding, blueprint reading
Engineering Group      | business             | industrial_engineering | civil engineering, CAD, surveying, project management
Electric               | business             | industrial_engineering | electrical, solar installation, wiring, job site safety
Machine Works          | business             | industrial_engineering | machining, CNC, welding, quality control
Robotics               | business             | industrial_engineering | robotics, python, automation, mechatronics
Auto Repair            | business             | industrial_engineering | automotive repair, diagnostics, electric vehicles
Design Studio          | business             | arts_information       | graphic design, UX design, branding, illustration
Media Lab              | business             | arts_information       | video production, podcasting, journalism, photography
Software               | business             | arts_information       | software development, python, JavaScript, cybersecurity, cloud computing
Data Systems           | business             | arts_information       | data analysis, SQL, python, machine learning
Logistics              | business             | business_management    | supply chain, logistics, operations, forklift safety
Credit Union           | business             | business_management    | banking, personal finance, accounting, customer service
Accounting             | business             | business_management    | accounting, bookkeeping, tax preparation, Excel
Culinary Collective    | business             | business_management    | culinary arts, hospitality, food safety, baking
Marketing Agency       | business             | business_management    | marketing, social media, sales, copywriting
Hotel Group            | business             | business_management    | hospitality, event planning, customer service
Farms                  | business             | agriculture            | sustainable agriculture, beekeeping, irrigation, soil science
Nursery & Landscape    | business             | agriculture            | horticulture, landscape design, arboriculture
Law Group              | business             | human_resources        | law, contracts, mediation, public policy
Youth Mentors          | non_profit           | human_resources        | mentoring, youth development, social work
Watershed Council      | non_profit           | agriculture            | ecology, water quality, habitat restoration, GIS
Arts Collective        | non_profit           | arts_information       | painting, theater, music production, ceramics
Food Bank              | community_based      | business_management    | logistics, nutrition, volunteer coordination
Community Center       | community_based      | human_resources        | community organizing, counseling, education
Community College      | post_secondary       | industrial_engineering | welding, nursing, academic advising, apprenticeship
Apprenticeship Council | post_secondary       | industrial_engineering | electrical, plumbing, apprenticeship, pipefitting
University Extension   | post_secondary       | agriculture            | research, biology, agronomy
Fire & Rescue          | government           | human_resources        | firefighting, EMT, public safety, first aid
Public Library         | government           | human_resources        | library science, research, literacy
Water Bureau           | government           | industrial_engineering | civil engineering, water treatment, GIS
Transit Authority      | government           | industrial_engineering | transportation planning, diesel mechanics, operations
Chamber of Commerce    | business_association | business_management    | entrepreneurship, networking, small business
Manufacturing Alliance | business_association | industrial_engineering | manufacturing, lean production, CNC
Cooperative            | other                | agriculture            | cooperative business, food systems
Tribal Enterprises     | other                | business_management    | tribal governance, finance
"""
INDUSTRIES: list[tuple[str, str, str, tuple[str, ...]]] = [
    (name, type_code, pathway, tuple(skills.split(", ")))
    for name, type_code, pathway, skills in (
        [cell.strip() for cell in line.split("|")] for line in INDUSTRY_TABLE.strip().splitlines()
    )
]
ORGANIZATION_TYPE_WEIGHTS = {
    "business": 60,
    "post_secondary": 6,
    "non_profit": 10,
    "government": 7,
    "community_based": 7,
    "business_association": 5,
    "other": 5,
}
OTHER_TYPE_DETAILS = ["Cooperative", "Tribal enterprise", "Faith-based organization", "Foundation"]
# The role of a partner working for an organization of this type.
ROLE_OF_TYPE = {
    "business": "business",
    "business_association": "business",
    "post_secondary": "post_secondary",
    "non_profit": "community",
    "community_based": "community",
    "government": "community",
    "other": "community",
}
PERSONAL_ROLES = ["parent", "alumni", "volunteer"]
GENERAL_SKILLS = (
    "project management",
    "public speaking",
    "Excel",
    "python",
    "leadership",
    "customer service",
    "budgeting",
    "teamwork",
    "technical writing",
    "Spanish translation",
    "CAD",
    "welding",
    "nursing",
    "first aid",
    "resume writing",
    "interviewing",
    "entrepreneurship",
)
PATHWAY_SKILLS = {
    "agriculture": ("sustainable agriculture", "forestry", "ecology", "animal care"),
    "arts_information": ("graphic design", "photography", "software development", "journalism"),
    "business_management": ("marketing", "accounting", "entrepreneurship", "hospitality"),
    "health_sciences": ("nursing", "physical therapy", "public health", "pharmacy"),
    "human_resources": ("teaching", "law", "counseling", "public safety"),
    "industrial_engineering": ("welding", "carpentry", "mechanical engineering", "robotics"),
}
JOB_TITLES = {
    "agriculture": ("Farm Manager", "Ecologist", "Veterinarian", "Field Technician"),
    "arts_information": ("Designer", "Software Engineer", "Producer", "Data Analyst"),
    "business_management": ("Manager", "Accountant", "Chef", "Marketing Director", "Owner"),
    "health_sciences": ("Registered Nurse", "Physician", "Dental Hygienist", "Therapist"),
    "human_resources": ("Attorney", "Firefighter", "Librarian", "Program Coordinator"),
    "industrial_engineering": ("Engineer", "Electrician", "Project Manager", "Machinist"),
}
PERSONAL_JOB_TITLES = ("", "", "Retired teacher", "Nurse", "Engineer", "Small business owner")
LANGUAGES = [
    "Spanish",
    "Spanish",
    "Vietnamese",
    "Russian",
    "Somali",
    "Chinese",
    "Spanish, Portuguese",
    "Arabic",
    "Ukrainian",
    "Japanese",
    "Korean",
    "Tagalog",
    "ASL",
]
AVAILABILITY = [choice for choice, _ in Partner.Availability.choices]
TRAVEL_MILES = (5, 10, 10, 15, 20, 25, 25, 30, 50, 100)
AREA_CODES = ("503", "503", "971", "360", "541")
CONFIRMATION_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PORTLAND = (45.52, -122.68)
HIGH_GRADES = ("9", "10", "11", "12", "9-10", "11-12", "9-12", "10-12")
MIDDLE_GRADES = ("6", "7", "8", "6-8", "7-8")
ROOMS = ("library", "gym", "room 114", "career center", "auditorium", "CTE lab", "cafeteria")
REQUEST_TITLES = {
    "career_fairs": "Career fair booth: {topic}",
    "career_presentations": "Career talk: careers in {topic}",
    "worksite_tours": "Worksite tour: {topic}",
    "career_tech_exploration_7": "7th grade Career Tech Exploration: {topic}",
    "job_shadow": "Job shadow: {topic}",
    "informational_interview": "Informational interviews: {topic}",
    "mock_interview": "Mock interviews ({topic})",
    "career_preparation_workshop": "Workshop: resumes and {topic}",
    "extended_learning": "Internship or mentorship: {topic}",
    "virtual_extended_learning": "Virtual mentorship: {topic}",
    "cooperative_worksite_learning": "Cooperative worksite learning: {topic}",
    "staff_extended_learning": "Teacher externship: {topic}",
    "service_learning": "Service learning project: {topic}",
    "special_projects": "Capstone project mentors: {topic}",
}
REQUEST_SENTENCES = (
    "Our students in grades {grades} are eager to meet people who do this work.",
    "We are looking for professionals who can share how they got started.",
    "Students have been studying {topic} this term and would love real-world examples.",
    "Bring your tools, your stories and your questions for the students.",
    "Ideal for someone who enjoys working with teenagers; no teaching experience needed.",
)
OFFER_TITLES = (
    "We host a worksite tour: {topic}",
    "Guest speaker on {topic}",
    "Job shadow day: {topic}",
    "Mock interviews with our {topic} team",
    "Hands-on workshop: {topic}",
)
DECLINE_MESSAGES = ("", "", "Sorry, I am traveling that week.", "Not available on that date.")
CANCEL_MESSAGES = ("", "Schedule conflict at work.", "The school rescheduled.", "Out sick.")
DELIVERY_NOTES = (
    "",
    "",
    "Students asked great questions.",
    "Hands-on demo was a hit.",
    "Several students asked about internships.",
    "Went well; would invite again.",
)
CANCEL_REASONS = ("Testing schedule changed.", "Not enough students signed up.", "School closure.")
OPPORTUNITY_NOTES = (
    "Career talk",
    "Worksite tour",
    "Job shadow day",
    "Mock interviews",
    "Career fair booth",
    "Classroom visit",
    "Mentoring sessions",
)

PATHWAY_TOPICS: dict[str, tuple[str, ...]] = {
    code: tuple(
        dict.fromkeys(
            [*skills, *(s for _, _, pathway, kit in INDUSTRIES if pathway == code for s in kit)]
        )
    )
    for code, skills in PATHWAY_SKILLS.items()
}
CONTRACT_SERVICES = {
    "industrial_engineering": (
        "Construction management",
        "Seismic upgrades",
        "HVAC maintenance",
        "Electrical upgrades",
        "Roof replacement",
    ),
    "health_sciences": ("Student health services", "School nursing", "Dental screening program"),
    "arts_information": ("Website redesign", "IT support", "Video production", "Network upgrade"),
    "business_management": ("Food services", "Payroll services", "Warehouse logistics"),
    "agriculture": ("Grounds maintenance", "School garden program", "Tree care"),
    "human_resources": ("Legal services", "Mentoring program", "Staff training"),
}
STREETS = (
    "NE Broadway",
    "SE Hawthorne Blvd",
    "N Williams Ave",
    "SW Morrison St",
    "NW 23rd Ave",
    "SE Division St",
    "NE Sandy Blvd",
    "N Lombard St",
)
OTHER_PROOF = "Registration confirmation email attached to the signed contract."
PARTNER_COLUMNS = (
    "id user_id first_name last_name email phone job_title organization_id "
    "is_organization_admin zip_code latitude longitude travel_miles delivery skills "
    "languages availability status confirmation_number submitted_at updated_at "
    "contacted_at contacted_by_id"
).split()
ENGAGEMENT_COLUMNS = (
    "request_id offer_id partner_id organization_id school_id experience_id "
    "coordinator_id status invited_at nudged_at expires_at responded_at "
    "response_message starts_at ends_at place video_link calendar_sequence "
    "week_reminder_sent_at day_reminder_sent_at follow_up_sent_at delivered_on "
    "students_reached volunteer_hours delivery_note coordinator_rating partner_rating "
    "created_at updated_at"
).split()
E = Engagement.Status  # short: the statuses are spelled out many times below
ANSWERED = {E.ACCEPTED, E.DECLINED, E.SCHEDULED, E.DELIVERED, E.NO_SHOW, E.CANCELLED}
# For the first request of each status: every engagement status that request status implies.
COVERING_PLANS = {
    Request.Status.OPEN: [E.ACCEPTED, E.SCHEDULED, E.INVITED, E.DECLINED, E.EXPIRED],
    Request.Status.FILLED: [E.SCHEDULED, E.ACCEPTED, E.SCHEDULED, E.CLOSED, E.DECLINED, E.EXPIRED],
    Request.Status.COMPLETED: [
        E.DELIVERED,
        E.NO_SHOW,
        E.CANCELLED,
        E.CLOSED,
        E.DECLINED,
        E.EXPIRED,
    ],
    Request.Status.CANCELLED: [E.CANCELLED, E.DECLINED, E.EXPIRED],
}


# Writing rows in bulk


class BulkWriter:
    """Write plain rows (tuples in the order of `columns`, attribute names) into one model's
    table: COPY on PostgreSQL, `bulk_create` elsewhere. Concrete fields left out get their
    default (auto_now fields `now`), so a field added later with a default needs no change.

    On PostgreSQL, as pg_restore does, a table's foreign keys and secondary indexes are
    dropped before its first COPY and recreated by `finish()`, in the same transaction:
    recreating them checks every row in one pass (a broken reference or a duplicate still
    fails), far faster than row by row, and lets tables be written in any order."""

    COPY_CHUNK = 20_000
    CREATE_CHUNK = 5_000

    def __init__(self, *, now: datetime):
        self.now = now
        self.counts: Counter[str] = Counter()
        self.models: list[type[models.Model]] = []
        self.dropped: dict[str, tuple[list, list]] = {}  # table: (foreign keys, indexes)

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable) -> int:
        extras = self._missing_columns(model, columns)
        all_columns = [*columns, *(name for name, _ in extras)]
        extra_values = tuple(value for _, value in extras)
        if connection.vendor == "postgresql":
            count = self._copy(model, all_columns, rows, extra_values)
        else:
            count = self._bulk_create(model, all_columns, rows, extra_values)
        self.counts[model._meta.label] += count
        if model not in self.models:
            self.models.append(model)
        return count

    def _missing_columns(self, model, columns) -> list[tuple[str, Any]]:
        present = set(columns)
        extras = []
        for model_field in model._meta.concrete_fields:
            if model_field.attname in present or getattr(model_field, "generated", False):
                continue
            if model_field.primary_key and isinstance(model_field, AutoFieldMixin):
                continue
            if model_field.db_default is not NOT_PROVIDED:
                continue
            if getattr(model_field, "auto_now", False) or getattr(
                model_field, "auto_now_add", False
            ):
                value = self.now
            elif model_field.has_default() or (
                isinstance(model_field, models.CharField | models.TextField)
                and not model_field.null
            ):
                value = model_field.get_default()  # '' for text without a default
            elif model_field.null:
                value = None
            else:
                raise VolumeError(f"{model._meta.label}.{model_field.name} needs a value.")
            extras.append((model_field.attname, value))
        return extras

    def _copy(self, model, columns, rows, extra_values) -> int:
        quote = connection.ops.quote_name
        fields = [model._meta.get_field(name) for name in columns]
        json_columns = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
        # In CSV an unquoted empty value is NULL; text columns that are never NULL keep ''.
        not_null_text = [
            quote(f.column)
            for f in fields
            if isinstance(f, models.CharField | models.TextField) and not f.null
        ]
        options = "FORMAT csv"
        if not_null_text:
            options += f", FORCE_NOT_NULL ({', '.join(not_null_text)})"
        sql = (
            f"COPY {quote(model._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in fields)}) FROM STDIN WITH ({options})"
        )
        count = 0
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        self._drop_checks(model._meta.db_table)
        for row in rows:
            if extra_values:
                row = (*row, *extra_values)
            if json_columns:
                row = list(row)
                for index in json_columns:
                    row[index] = json.dumps(row[index])
            writer.writerow(row)
            count += 1
            if count % self.COPY_CHUNK == 0:
                self._copy_flush(sql, buffer)
                buffer = io.StringIO()
                writer = csv.writer(buffer, lineterminator="\n")
        if buffer.tell():
            self._copy_flush(sql, buffer)
        return count

    def _drop_checks(self, table: str) -> None:
        if table in self.dropped:
            return
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            # Check the rows written so far now: a table with pending checks cannot be altered.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = to_regclass(%s) AND contype = 'f' ORDER BY conname",
                [quote(table)],
            )
            foreign_keys = cursor.fetchall()
            # Indexes that no constraint uses (the primary key and UNIQUE constraints stay).
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(c.oid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = to_regclass(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid) "
                "ORDER BY c.relname",
                [quote(table)],
            )
            indexes = cursor.fetchall()
            for name, _ in foreign_keys:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
        self.dropped[table] = (foreign_keys, indexes)

    def finish(self) -> None:
        """Recreate the indexes, then the foreign keys (each checks every row), and move
        each id sequence past the ids written."""
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for _, indexes in self.dropped.values():
                for _, definition in indexes:
                    cursor.execute(definition)
            for table, (foreign_keys, _) in self.dropped.items():
                for name, definition in foreign_keys:
                    cursor.execute(
                        f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}"
                    )
            for statement in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(statement)
        self.dropped = {}

    @staticmethod
    def _copy_flush(sql: str, buffer: io.StringIO) -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())

    def _bulk_create(self, model, columns, rows, extra_values) -> int:
        count = 0
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, (*row, *extra_values), strict=True))))
            if len(batch) >= self.CREATE_CHUNK:
                model.objects.bulk_create(batch, batch_size=self.CREATE_CHUNK)
                count += len(batch)
                batch = []
        if batch:
            model.objects.bulk_create(batch, batch_size=self.CREATE_CHUNK)
            count += len(batch)
        return count


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1


# What the generator keeps in memory between tables, and small helpers


def _codes(model: type[models.Model], **filters) -> dict[str, int]:
    return dict(
        model.objects.active()
        .filter(**filters)
        .order_by("position", "pk")
        .values_list("code", "pk")
    )


@dataclass
class _Catalogs:
    """The active entries of the survey's catalogs (seeded by migrations), by code."""

    roles: dict[str, int]
    organization_types: dict[str, int]
    mwesb: dict[str, int]
    not_applicable: dict[str, int]
    experiences: list[Experience]
    contributions: list[int]
    pathway_ids: dict[str, int]
    pathways: list[str]
    no_preference: list[str]

    @classmethod
    def load(cls) -> "_Catalogs":
        pathways = list(Pathway.objects.active().order_by("position", "pk"))
        return cls(
            roles=_codes(PartnerRole),
            organization_types=_codes(OrganizationType),
            mwesb=_codes(Certification, is_exclusive=False),
            not_applicable=_codes(Certification, is_exclusive=True),
            experiences=list(
                Experience.objects.active().select_related("tier").order_by("position", "pk")
            ),
            contributions=list(_codes(Contribution).values()),
            pathway_ids={pathway.code: pathway.pk for pathway in pathways},
            pathways=[pathway.code for pathway in pathways if not pathway.is_exclusive],
            no_preference=[pathway.code for pathway in pathways if pathway.is_exclusive][:1],
        )


@dataclass
class _School:
    pk: int
    name: str
    label: str
    level: str
    coordinators: list[int]


@dataclass
class _Request:
    pk: int
    school: _School
    created_by: int
    experience: Experience
    pathways: list[str]
    status: str
    delivery: str
    starts_on: date
    ends_on: date | None
    start_time: time | None
    end_time: time | None
    partners_wanted: int
    student_count: int
    location: str
    created_at: datetime


@dataclass
class _Offer:
    pk: int
    partner: int  # index into the partner lists
    experience_id: int
    offered_on: date
    start_time: time
    end_time: time
    delivery: str
    location: str
    capacity: int
    created_at: datetime


@dataclass
class _Contract:
    contractor: int  # organization id
    tier: str
    start: date
    end: date


@dataclass
class _Partners:
    """One entry per partner, in id order."""

    ids: list[int] = field(default_factory=list)
    organization: list[int | None] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    experiences: list[list[int]] = field(default_factory=list)
    pathways: list[list[str]] = field(default_factory=list)
    topic: list[str] = field(default_factory=list)
    facts: list[tuple[dict, dict, str]] = field(default_factory=list)  # keys and search text
    engagements: Counter[int] = field(default_factory=Counter)
    answered: Counter[int] = field(default_factory=Counter)
    ignored: Counter[int] = field(default_factory=Counter)


@dataclass
class VolumeReport:
    """What was created: (what, how many) lines in order."""

    lines: list[tuple[str, int]]


def _cover(index: int, items: Sequence, pick: Callable[[], Any]):
    """items[index] for the first rows (so every choice appears at any size), then `pick()`."""
    return items[index] if index < len(items) else pick()


def _zip_pool() -> tuple[list[tuple[str, Decimal, Decimal]], list[float]]:
    """Standard ZIP codes of Oregon and SW Washington (986xx) with their coordinates, and
    cumulative weights that favour the Portland area, where most partners live and work."""
    found = [
        z
        for z in zipcodes.filter_by(state="OR") + zipcodes.filter_by(state="WA")
        if z["zip_code_type"] == "STANDARD"
        and z["active"]
        and (z["state"] == "OR" or z["zip_code"].startswith("986"))
    ]
    found.sort(key=lambda z: z["zip_code"])
    pool, cumulative, total = [], [], 0.0
    quantum = Decimal("0.00001")
    for z in found:
        lat, lon = float(z["lat"]), float(z["long"])
        miles = math.hypot((lat - PORTLAND[0]) * 69.0, (lon - PORTLAND[1]) * 48.7)
        total += 12.0 if miles < 15 else 5.0 if miles < 40 else 1.0
        pool.append(
            (
                z["zip_code"],
                Decimal(z["lat"]).quantize(quantum),
                Decimal(z["long"]).quantize(quantum),
            )
        )
        cumulative.append(total)
    return pool, cumulative


def _slug(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A random moment from start to end (start when the span is empty)."""
    if end <= start:
        return start
    return start + (end - start) * rng.random()


def _weighted_sample(rng: random.Random, items: Sequence, weights: Sequence[float], k: int):
    """k distinct items, heavier ones likelier (Efraimidis-Spirakis)."""
    keyed = sorted(
        zip((rng.random() ** (1.0 / w) for w in weights), range(len(items)), strict=True),
        reverse=True,
    )
    return [items[index] for _, index in keyed[:k]]


class VolumeGenerator:
    """Generates every table and writes it (partners last, with the counts of their
    engagements); each step keeps in memory only what later steps refer to (ids, dates, who
    works where)."""

    def __init__(self, *, size: VolumeSize, password: str, seed: int, now: datetime):
        self.size = size
        self.password = password
        self.rng = random.Random(seed)
        self.now = now
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.today = timezone.localtime(now, self.tz).date()
        self.writer = BulkWriter(now=now)
        self.catalogs = _Catalogs.load()
        self.zip_pool, self.zip_weights = _zip_pool()
        self.staff: dict[str, User] = {}
        self.schools: list[_School] = []
        self.organization_ids: list[int] = []
        self.organization_plan: list[tuple[str, str, int, str]] = []
        self.organization_admin: dict[int, int] = {}  # organization id -> user id
        self.partners = _Partners()
        self.requests: list[_Request] = []
        self.booked_offers: list[_Offer] = []
        self.contracts: list[_Contract] = []
        self.partner_rows: list[tuple] = []
        self.breakdown: dict[str, Counter] = defaultdict(Counter)

    def run(self) -> None:
        self.staff_and_schools()
        self.organizations_and_partners()
        self.requests_create()
        self.offers_create()
        self.engagements_create()
        self.partners_write()
        self.contracts_create()
        self.opportunities_create()
        self.expo_create()
        self.writer.finish()

    def report(self) -> VolumeReport:
        counts = self.writer.counts
        lines = [
            ("staff sign-ins (coordinators, procurement, admin)", counts["staff"]),
            ("organizations", counts[Organization._meta.label]),
            ("partners (each with a user)", counts[Partner._meta.label]),
            (
                "partner roles, experiences, contributions, pathways",
                sum(
                    counts[getattr(Partner, name).through._meta.label]
                    for name in ("roles", "experiences", "contributions", "pathways")
                ),
            ),
            ("requests", counts[Request._meta.label]),
            *((f"  {status}", n) for status, n in sorted(self.breakdown["request"].items())),
            ("offers", counts[Offer._meta.label]),
            ("engagements", counts[Engagement._meta.label]),
            *((f"  {status}", n) for status, n in sorted(self.breakdown["engagement"].items())),
            ("contracts", counts[Contract._meta.label]),
            *((f"  tier {tier}", n) for tier, n in sorted(self.breakdown["contract"].items())),
            ("opportunities recorded by staff or imported", counts[Opportunity._meta.label]),
            ("Expo editions", counts["expo editions"]),
            ("Expo registrations", counts[Registration._meta.label]),
        ]
        return VolumeReport(lines=lines)

    # Staff and schools

    def staff_and_schools(self) -> None:
        """Coordinators, procurement and a district admin who sign in with the password,
        each with a verified primary email; every active school gets a coordinator."""
        password_hash = make_password(self.password)  # hashed once, reused by every account
        people = [
            (COORDINATOR_EMAIL.format(n=n), Role.COORDINATOR)
            for n in range(1, COORDINATOR_COUNT + 1)
        ]
        people += [(PROCUREMENT_EMAIL, Role.PROCUREMENT), (ADMIN_EMAIL, Role.DISTRICT_ADMIN)]
        for email, role in people:
            user, _ = User.objects.update_or_create(
                email=email,
                defaults={
                    "first_name": self.rng.choice(FIRST_NAMES),
                    "last_name": self.rng.choice(LAST_NAMES),
                    "password": password_hash,
                    "is_active": True,
                    "is_superuser": False,  # the role's own admin permissions, no more
                    "date_joined": self.now - timedelta(days=3 * 365),
                },
            )
            user_assign_role(user=user, role=role)
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            self.staff[email] = user
            self.writer.counts["staff"] += 1
        coordinators = [
            self.staff[COORDINATOR_EMAIL.format(n=n)] for n in range(1, COORDINATOR_COUNT + 1)
        ]
        schools = list(School.objects.filter(is_active=True).order_by("pk"))
        if not schools:
            raise VolumeError("There is no active school: run migrate first (it seeds 24).")
        for index, school in enumerate(schools):
            attached = [coordinators[index % len(coordinators)]]
            if index % 4 == 0:  # a few schools share two coordinators
                attached.append(coordinators[(index + 1) % len(coordinators)])
            school.coordinators.add(*attached)
            self.schools.append(
                _School(
                    pk=school.pk,
                    name=school.name,
                    label=school.label,
                    level=school.level,
                    coordinators=[user.pk for user in attached],
                )
            )

    # Organizations and partners

    def _organization_plans(self, count: int) -> list[tuple[str, str, int, str]]:
        """(name, type code, industry index, type detail) of each organization; names are
        unique ignoring case, as the database requires."""
        rng = self.rng
        types = list(self.catalogs.organization_types)
        weights = [ORGANIZATION_TYPE_WEIGHTS.get(code, 2) for code in types]
        by_type = defaultdict(list)
        for index, (_, type_code, _, _) in enumerate(INDUSTRIES):
            by_type[type_code].append(index)
        taken: set[str] = set()
        plans = []
        for number in range(count):
            type_code = _cover(number, types, lambda: rng.choices(types, weights)[0])
            industry = rng.choice(by_type.get(type_code) or by_type["other"])
            for attempt in range(12):
                stem = rng.choice(PLACES) if rng.random() < 0.6 else rng.choice(LAST_NAMES)
                suffix = rng.choice(COMPANY_SUFFIXES) if type_code == "business" else ""
                name = f"{stem} {INDUSTRIES[industry][0]}{suffix}"
                if attempt >= 4:
                    name += f" of {rng.choice(PLACES)}"
                if attempt >= 8:
                    name += f" {number}"
                if name.lower() not in taken:
                    break
            taken.add(name.lower())
            detail = rng.choice(OTHER_TYPE_DETAILS) if type_code == "other" else ""
            plans.append((name, type_code, industry, detail))
        return plans

    def organizations_and_partners(self) -> None:
        rng, now, catalogs, partners = self.rng, self.now, self.catalogs, self.partners
        partner_count = self.size.partners
        organization_count = max(1, partner_count // 5)
        self.organization_plan = plans = self._organization_plans(organization_count)
        first_organization = _next_id(Organization)
        self.organization_ids = list(
            range(first_organization, first_organization + organization_count)
        )

        # Who works where: every organization has someone, bigger ones more; a fifth of the
        # partners are parents, alumni and volunteers on their own.
        employed = min(partner_count, max(organization_count, round(partner_count * 0.8)))
        sizes = [rng.paretovariate(1.3) for _ in range(organization_count)]
        extra = rng.choices(range(organization_count), sizes, k=employed - organization_count)
        assignment: list[int | None] = [*range(organization_count), *extra]
        assignment += [None] * (partner_count - employed)
        rng.shuffle(assignment)
        confirmed_admin = [rng.random() < 0.75 for _ in range(organization_count)]

        first_user, first_partner = _next_id(User), _next_id(Partner)
        confirmation_numbers: set[str] = set()
        statuses = [choice for choice, _ in Partner.Status.choices]
        deliveries = [choice for choice, _ in Partner.Delivery.choices]
        experiences = catalogs.experiences
        experience_weights = [3 if e.tier.code == "awareness" else 2 for e in experiences]
        specific = catalogs.pathways
        personal_roles = [code for code in PERSONAL_ROLES if code in catalogs.roles]
        staff_ids = [self.staff[email].pk for email in self.staff if email != PROCUREMENT_EMAIL]
        user_rows, partner_rows, organization_created = [], [], {}
        links: dict[str, list[tuple[int, int]]] = defaultdict(list)

        for number, organization_index in enumerate(assignment):
            user_id, partner_id = first_user + number, first_partner + number
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if organization_index is not None:
                name, type_code, industry, _ = plans[organization_index]
                _, _, main_pathway, skill_pool = INDUSTRIES[industry]
                organization_id = self.organization_ids[organization_index]
                domain = f"{_slug(name)[:40]}.example.com"
                roles = [ROLE_OF_TYPE.get(type_code, "community")]
                if rng.random() < 0.15 and personal_roles:
                    roles.append(rng.choice(personal_roles))
                job_title = rng.choice(JOB_TITLES[main_pathway])
                is_admin = (
                    confirmed_admin[organization_index]
                    and organization_id not in self.organization_admin
                )
                if is_admin:
                    self.organization_admin[organization_id] = user_id
                pathways = [main_pathway]
                if rng.random() < 0.25:
                    pathways.append(rng.choice(specific))
                if rng.random() < 0.03:
                    pathways = list(catalogs.no_preference)
            else:
                organization_id, is_admin = None, False
                domain = rng.choice(("example.net", "example.org", "example.com"))
                roles = rng.sample(
                    personal_roles, k=min(len(personal_roles), rng.choice((1, 1, 2)))
                )
                job_title = rng.choice(PERSONAL_JOB_TITLES)
                draw = rng.random()
                if draw < 0.12:
                    pathways = list(catalogs.no_preference)
                elif draw < 0.2:
                    pathways = []
                else:
                    pathways = rng.sample(specific, k=rng.choice((1, 1, 2)))
                skill_pool = PATHWAY_TOPICS.get(pathways[0], ()) if pathways else ()
            if number < 2:  # "No Preference", which stands alone, is there at any size
                pathways = list(catalogs.no_preference)
            pathways = [code for code in dict.fromkeys(pathways) if code in catalogs.pathway_ids]
            roles = [code for code in roles if code in catalogs.roles] or list(catalogs.roles)[:1]

            chosen = rng.sample(
                experiences, k=rng.choices((0, 1, 2, 3, 4, 5), (5, 30, 32, 18, 10, 5))[0]
            )
            if number < len(experiences):
                chosen.append(experiences[number])
            experience_ids = list(dict.fromkeys(e.pk for e in chosen))
            contributions = rng.sample(
                catalogs.contributions, k=rng.choices((0, 1, 2), (45, 40, 15))[0]
            )
            if number < len(catalogs.contributions):
                contributions.append(catalogs.contributions[number])
            contributions = list(dict.fromkeys(contributions))
            if not experience_ids and not contributions:  # the survey's rule: offer something
                experience_ids = [rng.choices(experiences, experience_weights)[0].pk]

            skill_pool = skill_pool or GENERAL_SKILLS
            skills = list(
                dict.fromkeys(
                    rng.choice(skill_pool) if rng.random() < 0.7 else rng.choice(GENERAL_SKILLS)
                    for _ in range(rng.randint(1, 5))
                )
            )
            zip_code, latitude, longitude = rng.choices(
                self.zip_pool, cum_weights=self.zip_weights
            )[0]
            submitted_at = now - timedelta(seconds=rng.uniform(3600, 3 * 365 * 86400))
            recent = now - submitted_at < timedelta(days=30)
            status = _cover(
                number,
                statuses,
                lambda recent=recent: (
                    "new"
                    if rng.random() < (0.7 if recent else 0.03)
                    else rng.choices(("active", "inactive"), (88, 12))[0]
                ),
            )
            contacted_at = contacted_by = None
            if status != Partner.Status.NEW:
                contacted_at = min(now, submitted_at + timedelta(hours=rng.uniform(2, 12 * 24)))
                contacted_by = rng.choice(staff_ids)
            confirmation = "PC-" + "".join(rng.choices(CONFIRMATION_ALPHABET, k=8))
            while confirmation in confirmation_numbers:
                confirmation = "PC-" + "".join(rng.choices(CONFIRMATION_ALPHABET, k=8))
            confirmation_numbers.add(confirmation)
            email = f"{_slug(first)}.{_slug(last)}.{number}@{domain}"
            phone = ""
            if rng.random() < 0.85:
                phone = f"{rng.choice(AREA_CODES)}-555-{rng.randint(100, 9999):04d}"
            availability = []
            if rng.random() < 0.9:
                picked = set(rng.sample(AVAILABILITY, k=rng.randint(1, 3)))
                availability = [choice for choice in AVAILABILITY if choice in picked]
            user_rows.append(
                (
                    user_id,
                    email,
                    # An unusable password: partners do not sign in.
                    UNUSABLE_PASSWORD_PREFIX + "".join(rng.choices(CONFIRMATION_ALPHABET, k=40)),
                    first,
                    last,
                    submitted_at - timedelta(minutes=rng.randint(5, 60)),
                )
            )
            partner_rows.append(
                (
                    partner_id,
                    user_id,
                    first,
                    last,
                    email,
                    phone,
                    job_title,
                    organization_id,
                    is_admin,
                    zip_code,
                    latitude,
                    longitude,
                    rng.choice(TRAVEL_MILES),
                    _cover(number, deliveries, lambda: rng.choices(deliveries, (30, 20, 50))[0]),
                    ", ".join(skills),
                    rng.choice(LANGUAGES) if rng.random() < 0.22 else "",
                    availability,
                    status,
                    confirmation,
                    submitted_at,
                    contacted_at or submitted_at,
                    contacted_at,
                    contacted_by,
                )
            )
            if organization_id is not None:
                earliest = organization_created.get(organization_id)
                if earliest is None or submitted_at < earliest:
                    organization_created[organization_id] = submitted_at
            links["roles"] += [(partner_id, catalogs.roles[code]) for code in roles]
            links["experiences"] += [(partner_id, pk) for pk in experience_ids]
            links["contributions"] += [(partner_id, pk) for pk in contributions]
            links["pathways"] += [(partner_id, catalogs.pathway_ids[code]) for code in pathways]
            partners.ids.append(partner_id)
            partners.organization.append(organization_id)
            partners.status.append(status)
            partners.experiences.append(experience_ids)
            partners.pathways.append(pathways)
            partners.topic.append(skills[0])
            partners.facts.append(
                (
                    {str(pk): True for pk in experience_ids},
                    {str(catalogs.pathway_ids[code]): True for code in pathways},
                    partner_search_text(
                        first,
                        last,
                        plans[organization_index][0] if organization_index is not None else "",
                        job_title,
                        ", ".join(skills),
                    ),
                )
            )

        self._organizations_write(organization_created)
        write = self.writer.write
        write(
            User, ("id", "email", "password", "first_name", "last_name", "date_joined"), user_rows
        )
        partner_group = Group.objects.get(name=Role.PARTNER.group_name)
        write(
            User.groups.through,
            ("user_id", "group_id"),
            ((row[0], partner_group.pk) for row in user_rows),
        )
        for name in ("roles", "experiences", "contributions", "pathways"):
            self._links_write(Partner, name, links[name])
        self.partner_rows = partner_rows  # written last, with their engagement counts

    def _organizations_write(self, created: dict[int, datetime]) -> None:
        rng, catalogs = self.rng, self.catalogs
        certifications = [*catalogs.mwesb.values(), *catalogs.not_applicable.values()]
        rows, certification_links = [], []
        for number, (organization_id, (name, type_code, _, detail)) in enumerate(
            zip(self.organization_ids, self.organization_plan, strict=True)
        ):
            rows.append(
                (
                    organization_id,
                    name,
                    catalogs.organization_types.get(type_code),
                    detail,
                    created.get(organization_id, self.now) - timedelta(minutes=1),
                )
            )
            # MWESB certifications on some businesses, N/A (which stands alone) on others.
            business = type_code in {"business", "business_association"}
            draw = rng.random()
            if number < len(certifications):
                chosen = [certifications[number]]
            elif draw < (0.35 if business else 0.05) and catalogs.mwesb:
                chosen = rng.sample(list(catalogs.mwesb.values()), k=rng.choice((1, 1, 2)))
            elif draw < (0.55 if business else 0.2) and catalogs.not_applicable:
                chosen = list(catalogs.not_applicable.values())
            else:
                chosen = []
            certification_links += [(organization_id, pk) for pk in chosen]
        self.writer.write(
            Organization, ("id", "name", "type_id", "type_detail", "created_at"), rows
        )
        self._links_write(Organization, "certifications", certification_links)

    def _links_write(self, model, name: str, pairs: list[tuple[int, int]]) -> None:
        """Rows of a many-to-many table: (id of `model`, id of the other side)."""
        relation = model._meta.get_field(name)
        self.writer.write(
            relation.remote_field.through,
            (relation.m2m_column_name(), relation.m2m_reverse_name()),
            pairs,
        )

    # Requests and offers

    def requests_create(self) -> None:
        rng, today, now, catalogs = self.rng, self.today, self.now, self.catalogs
        statuses = [
            Request.Status.OPEN,
            Request.Status.FILLED,
            Request.Status.COMPLETED,
            Request.Status.DRAFT,
            Request.Status.CANCELLED,
        ]
        status_weights = (40, 15, 30, 5, 10)
        experiences = catalogs.experiences
        tier_weight = {"awareness": 4, "exploration": 3, "preparation": 2}
        experience_weights = [tier_weight.get(e.tier.code, 2) for e in experiences]
        deliveries = [choice for choice, _ in Delivery.choices]
        first = _next_id(Request)
        covered: set[str] = set()
        rows, pathway_links = [], []
        for number in range(self.size.requests):
            status = _cover(number, statuses, lambda: rng.choices(statuses, status_weights)[0])
            school = rng.choice(self.schools)
            experience = _cover(
                len(rows), experiences, lambda: rng.choices(experiences, experience_weights)[0]
            )
            if status == Request.Status.COMPLETED:
                starts_on = today - timedelta(days=rng.randint(1, 365))
            elif status == Request.Status.CANCELLED:
                starts_on = today + timedelta(days=rng.randint(-365, 120))
            elif status == Request.Status.FILLED:
                starts_on = today + timedelta(days=rng.randint(1, 120))
            else:
                starts_on = today + timedelta(days=rng.randint(3, 150))
            ends_on = None
            if rng.random() < 0.3:
                ends_on = starts_on + timedelta(days=rng.randint(1, 21))
                if status == Request.Status.COMPLETED:
                    ends_on = min(ends_on, today - timedelta(days=1))
            start_time = end_time = None
            if rng.random() < 0.7:
                start_time = time(rng.choice((8, 9, 10, 11, 12, 13, 14)), rng.choice((0, 30)))
                end_time = time(start_time.hour + rng.randint(1, 3), start_time.minute)
            pathways = rng.sample(
                catalogs.pathways, k=rng.choices((0, 1, 2, 3), (20, 50, 22, 8))[0]
            )
            topics = [t for code in pathways for t in PATHWAY_TOPICS.get(code, ())]
            skills = ""
            if rng.random() < 0.6:
                skills = ", ".join(
                    dict.fromkeys(
                        rng.choice(topics or GENERAL_SKILLS) for _ in range(rng.randint(1, 3))
                    )
                )
            topic = skills.split(", ")[0] if skills else rng.choice(topics or GENERAL_SKILLS)
            grades = rng.choice(MIDDLE_GRADES if school.level == "middle" else HIGH_GRADES)
            title = REQUEST_TITLES.get(experience.code, "{experience}: {topic}").format(
                topic=topic, experience=experience.name
            )
            description = " ".join(
                sentence.format(grades=grades, topic=topic)
                for sentence in rng.sample(REQUEST_SENTENCES, k=2)
            )
            tier = experience.tier.code
            students = (
                rng.randint(50, 300)
                if experience.code == "career_fairs"
                else rng.randint(15, 150)
                if tier == "awareness"
                else rng.randint(2, 30)
                if tier == "exploration"
                else rng.randint(1, 12)
            )
            wanted = rng.choices((1, 2, 3, 4, 5, 6), (40, 30, 15, 9, 4, 2))[0]
            if status in COVERING_PLANS and status not in covered:
                wanted = 3  # this request shows every engagement status its status implies
            location = f"{school.name}, {rng.choice(ROOMS)}" if rng.random() < 0.1 else ""
            if starts_on > today:
                created_at = now - timedelta(days=rng.uniform(10, 120))
            else:
                created_at = self._at(starts_on, time(8)) - timedelta(days=rng.uniform(14, 90))
            delivery = _cover(number, deliveries, lambda: rng.choices(deliveries, (55, 20, 25))[0])
            request = _Request(
                pk=first + number,
                school=school,
                created_by=rng.choice(school.coordinators),
                experience=experience,
                pathways=pathways,
                status=status,
                delivery=delivery,
                starts_on=starts_on,
                ends_on=ends_on,
                start_time=start_time,
                end_time=end_time,
                partners_wanted=wanted,
                student_count=students,
                location=location,
                created_at=created_at,
            )
            covered.add(status)
            self.requests.append(request)
            self.breakdown["request"][status] += 1
            rows.append(
                (
                    request.pk,
                    school.pk,
                    request.created_by,
                    title,
                    description,
                    experience.pk,
                    skills,
                    grades,
                    students,
                    wanted,
                    delivery,
                    starts_on,
                    ends_on,
                    start_time,
                    end_time,
                    location,
                    status,
                    rng.choice(CANCEL_REASONS) if status == Request.Status.CANCELLED else "",
                    created_at,
                    min(now, created_at + timedelta(days=rng.uniform(0, 20))),
                )
            )
            pathway_links += [(request.pk, catalogs.pathway_ids[code]) for code in pathways]
        self.writer.write(
            Request,
            (
                "id school_id created_by_id title description experience_id skills grade_levels "
                "student_count partners_wanted delivery starts_on ends_on start_time end_time "
                "location status cancel_reason created_at updated_at"
            ).split(),
            rows,
        )
        self._links_write(Request, "pathways", pathway_links)

    def offers_create(self) -> None:
        rng, today, now, catalogs, partners = (
            self.rng,
            self.today,
            self.now,
            self.catalogs,
            self.partners,
        )
        active = [i for i, status in enumerate(partners.status) if status == Partner.Status.ACTIVE]
        if not active:
            return
        first = _next_id(Offer)
        statuses = [choice for choice, _ in Offer.Status.choices]
        deliveries = [choice for choice, _ in Delivery.choices]
        rows, pathway_links = [], []
        for number in range(max(1, self.size.requests // 4)):
            index = rng.choice(active)
            offered_on = today + timedelta(days=rng.randint(-365, 150))
            future = offered_on >= today
            status = _cover(
                number,
                statuses,
                lambda future=future: rng.choices(
                    statuses, (65, 25, 10) if future else (30, 55, 15)
                )[0],
            )
            experience_id = (
                rng.choice(partners.experiences[index])
                if partners.experiences[index]
                else rng.choice(catalogs.experiences).pk
            )
            start = time(rng.choice((9, 10, 11, 13, 14)))
            end = time(start.hour + rng.choice((1, 2, 3)))
            topic = partners.topic[index]
            capacity = rng.randint(5, 40)
            delivery = rng.choices(deliveries, (60, 20, 20))[0]
            location = ""
            if delivery != Delivery.VIRTUAL:
                location = f"{rng.randint(100, 9999)} {rng.choice(STREETS)}, Portland, OR"
            created_at = min(
                now - timedelta(days=1),
                self._at(offered_on, time(9)) - timedelta(days=rng.uniform(10, 60)),
            )
            offer = _Offer(
                pk=first + number,
                partner=index,
                experience_id=experience_id,
                offered_on=offered_on,
                start_time=start,
                end_time=end,
                delivery=delivery,
                location=location,
                capacity=capacity,
                created_at=created_at,
            )
            if status == Offer.Status.BOOKED:
                self.booked_offers.append(offer)
            rows.append(
                (
                    offer.pk,
                    partners.ids[index],
                    rng.choice(OFFER_TITLES).format(topic=topic),
                    f"Up to {capacity} students. "
                    + rng.choice(REQUEST_SENTENCES[1:]).format(topic=topic),
                    experience_id,
                    offered_on,
                    start,
                    end,
                    capacity,
                    rng.choice(HIGH_GRADES + ("",)),
                    delivery,
                    location,
                    status,
                    created_at,
                )
            )
            specific = [code for code in partners.pathways[index] if code in catalogs.pathways]
            pathway_links += [(offer.pk, catalogs.pathway_ids[code]) for code in specific[:2]]
        self.writer.write(
            Offer,
            (
                "id partner_id title description experience_id offered_on start_time end_time "
                "capacity grade_levels delivery location status created_at"
            ).split(),
            rows,
        )
        self._links_write(Offer, "pathways", pathway_links)

    # Engagements

    def engagements_create(self) -> None:
        """Engagements on requests (at most one per partner and request) in the statuses the
        request's status implies, then one per booked offer."""
        rng, partners = self.rng, self.partners
        offer_count = min(len(self.booked_offers), self.size.engagements // 10)
        on_requests = self.size.engagements - offer_count
        engaged = [
            i
            for i, status in enumerate(partners.status)
            if status in {Partner.Status.ACTIVE, Partner.Status.INACTIVE}
        ]
        by_pathway: dict[str, list[int]] = defaultdict(list)
        for i in engaged:
            for code in partners.pathways[i]:
                by_pathway[code].append(i)
        eligible = [r for r in self.requests if r.status != Request.Status.DRAFT]
        if not eligible or not engaged:
            raise VolumeError("No request or partner to engage: add requests or partners.")

        # How many engagements each request gets: a floor so that the statuses make sense,
        # the rest by weight, none beyond the partners available.
        plans: list[list[str] | None] = []
        covered: set[str] = set()
        for request in eligible:
            plan = None
            if request.status not in covered:
                plan = COVERING_PLANS[request.status]
                covered.add(request.status)
            plans.append(plan)
        capacity = len(engaged)
        floors = [
            len(plan)
            if plan
            else min(request.partners_wanted, capacity)
            if request.status in {Request.Status.FILLED, Request.Status.COMPLETED}
            else 1
            for request, plan in zip(eligible, plans, strict=True)
        ]
        spare = on_requests - sum(floors)
        if spare < 0:
            raise VolumeError(
                f"{self.size.engagements} engagements are too few for {len(eligible)} requests "
                f"that are not drafts (at least {sum(floors) + offer_count})."
            )
        factor = {"open": 1.0, "filled": 1.2, "completed": 1.3, "cancelled": 0.5}
        weights = [
            request.partners_wanted * factor.get(request.status, 1.0) * rng.uniform(0.4, 1.6)
            for request in eligible
        ]
        counts = list(floors)
        for index in rng.choices(range(len(eligible)), weights, k=spare):
            counts[index] += 1
        overflow = sum(max(0, count - capacity) for count in counts)
        counts = [min(count, capacity) for count in counts]
        for index in range(len(counts)):
            if not overflow:
                break
            room = min(capacity - counts[index], overflow)
            counts[index] += room
            overflow -= room
        if overflow:
            raise VolumeError(
                f"{self.size.engagements} engagements do not fit: add partners or requests."
            )

        def rows():
            for request, plan, count in zip(eligible, plans, counts, strict=True):
                preferred = [by_pathway[code] for code in request.pathways if by_pathway[code]]
                chosen = self._pick_partners(count, preferred, engaged)
                statuses = self._engagement_statuses(request, count, plan)
                for index, status in zip(chosen, statuses, strict=True):
                    yield self._counted(index, self._request_engagement(request, index, status))
            for offer in self.booked_offers[:offer_count]:
                yield self._counted(offer.partner, self._offer_engagement(offer))

        self.writer.write(Engagement, ENGAGEMENT_COLUMNS, rows())

    def _counted(self, index: int, row: tuple) -> tuple:
        """Tally the engagement for the report and for the counts kept on the partner's row
        (all, answered, left to expire: requests_app.services.partner_engagement_counts_refresh)."""
        status, responded_at = row[7], row[11]
        self.breakdown["engagement"][status] += 1
        self.partners.engagements[index] += 1
        if responded_at is not None:
            self.partners.answered[index] += 1
        if status == E.EXPIRED:
            self.partners.ignored[index] += 1
        return row

    def partners_write(self) -> None:
        """The partners, with the facts matching keeps on their rows filled as the services
        fill them (so that `matching_refresh` finds them current). A fact the model does not
        have is skipped; one it adds later gets its default, then matching_refresh fills it."""
        partners = self.partners
        tier_of = dict(Experience.objects.values_list("pk", "tier_id"))
        facts = {
            "supply_keys": lambda i: partner_supply_keys(
                is_active=partners.status[i] == Partner.Status.ACTIVE,
                organization_id=partners.organization[i],
                pathway_ids=map(int, partners.facts[i][1]),
                tier_ids={tier_of[pk] for pk in partners.experiences[i]},
            ),
            "experience_keys": lambda i: partners.facts[i][0],
            "pathway_keys": lambda i: partners.facts[i][1],
            "search_text": lambda i: partners.facts[i][2],
            "engagement_count": lambda i: partners.engagements[i],
            "answered_count": lambda i: partners.answered[i],
            "ignored_count": lambda i: partners.ignored[i],
        }
        kept = {f.attname for f in Partner._meta.concrete_fields}
        facts = {name: value for name, value in facts.items() if name in kept}
        self.writer.write(
            Partner,
            [*PARTNER_COLUMNS, *facts],
            (
                (*row, *(value(index) for value in facts.values()))
                for index, row in enumerate(self.partner_rows)
            ),
        )
        self.partner_rows = []

    def _pick_partners(self, count: int, preferred: list[list[int]], pool: list[int]) -> list[int]:
        """`count` distinct partners of `pool`, most of them from the `preferred` lists
        (the partners of the request's pathways)."""
        rng = self.rng
        chosen: dict[int, None] = {}
        target, tries = int(count * 0.6), 0
        while preferred and len(chosen) < target and tries < 4 * target:
            source = preferred[rng.randrange(len(preferred))]
            chosen.setdefault(source[rng.randrange(len(source))])
            tries += 1
        tries = 0
        while len(chosen) < count and tries < 4 * count:
            chosen.setdefault(pool[rng.randrange(len(pool))])
            tries += 1
        if len(chosen) < count:  # a dense corner (small sizes): draw from what is left
            rest = [i for i in pool if i not in chosen]
            for i in rng.sample(rest, count - len(chosen)):
                chosen.setdefault(i)
        return list(chosen)

    def _engagement_statuses(self, request: _Request, count: int, plan) -> list[str]:
        """Committed places first (never more than wanted on an open request), then the
        answers of everyone else invited."""
        rng, wanted = self.rng, request.partners_wanted
        if request.status == Request.Status.OPEN:
            committed = min(count, rng.randint(0, wanted - 1))
            head = rng.choices((E.SCHEDULED, E.ACCEPTED), k=committed)
            others, weights = (E.INVITED, E.DECLINED, E.EXPIRED), (40, 30, 30)
        elif request.status == Request.Status.FILLED:
            committed = min(count, wanted)
            head = rng.choices((E.SCHEDULED, E.ACCEPTED), (70, 30), k=committed)
            others, weights = (E.DECLINED, E.EXPIRED, E.CLOSED), (40, 25, 35)
        elif request.status == Request.Status.COMPLETED:
            committed = min(count, wanted)
            head = [E.DELIVERED] + rng.choices(
                (E.DELIVERED, E.NO_SHOW, E.CANCELLED), (85, 8, 7), k=committed - 1
            )
            others, weights = (E.DECLINED, E.EXPIRED, E.CLOSED), (40, 25, 35)
        else:  # cancelled: whoever was planned was told
            head = []
            others, weights = (E.CANCELLED, E.DECLINED, E.EXPIRED), (50, 30, 20)
        if plan:
            head = list(plan)
        return head + rng.choices(others, weights, k=count - len(head))

    def _at(self, day: date, at: time) -> datetime:
        """That local time (America/Los_Angeles), in UTC as it is stored."""
        return datetime.combine(day, at, tzinfo=self.tz).astimezone(UTC)

    def _event_start(self, day: date, at: time | None) -> datetime:
        return self._at(day, at or time(self.rng.choice((9, 10, 11, 13, 14))))

    def _request_engagement(self, request: _Request, index: int, status: str) -> tuple:
        rng, now, partners = self.rng, self.now, self.partners
        day = request.starts_on
        if request.ends_on:
            day += timedelta(days=rng.randint(0, (request.ends_on - request.starts_on).days))
        start = self._event_start(day, request.start_time)
        if request.start_time and request.end_time:
            length = datetime.combine(day, request.end_time) - datetime.combine(
                day, request.start_time
            )
        else:
            length = timedelta(hours=rng.choice((1, 1.5, 2, 3)))

        if status == E.INVITED:
            invited = max(request.created_at, now - timedelta(hours=rng.uniform(1, 166)))
        else:
            latest = min(now, start - timedelta(days=2))
            if status == E.EXPIRED:
                latest = min(latest, now - timedelta(days=7, hours=1))
            invited = _between(rng, request.created_at, latest)
        expires = invited + timedelta(days=7)
        nudged = responded = starts = ends = week = day_before = follow_up = None
        delivered_on = students = hours = coordinator_rating = partner_rating = None
        message = place = video = note = ""
        sequence = 0
        if status in ANSWERED:
            responded = _between(
                rng, invited, min(now, expires - timedelta(minutes=5), start - timedelta(hours=1))
            )
            if responded - invited > timedelta(days=3):
                nudged = invited + timedelta(days=3)
        elif invited + timedelta(days=3) <= now:
            nudged = invited + timedelta(days=3)
        if status == E.DECLINED:
            message = rng.choice(DECLINE_MESSAGES)
        was_scheduled = status in {E.SCHEDULED, E.DELIVERED, E.NO_SHOW} or (
            status == E.CANCELLED and responded is not None and rng.random() < 0.5
        )
        if was_scheduled:
            starts, ends = start, start + length
            virtual = request.delivery == Delivery.VIRTUAL or (
                request.delivery == Delivery.EITHER and rng.random() < 0.4
            )
            if virtual:
                video = f"https://meet.example.org/pc-{rng.getrandbits(40):010x}"
            else:
                place = request.location or f"{request.school.name}, {rng.choice(ROOMS)}"
            sequence = rng.choices((0, 1, 2), (80, 15, 5))[0]
            if starts - timedelta(days=7) <= now:
                week = max(responded or invited, starts - timedelta(days=7))
            if starts - timedelta(days=1) <= now:
                day_before = max(responded or invited, starts - timedelta(days=1))
        if status in {E.DELIVERED, E.NO_SHOW} and ends + timedelta(hours=2) <= now:
            follow_up = ends + timedelta(hours=2)
        if status == E.DELIVERED:
            delivered_on = day
            students = rng.randint(max(1, request.student_count * 6 // 10), request.student_count)
            quarters = round(length.total_seconds() / 900 * rng.choice((1, 1, 1.5)))
            hours = (Decimal(quarters) / 4).quantize(Decimal("0.01"))
            note = rng.choice(DELIVERY_NOTES)
            if rng.random() < 0.6:
                coordinator_rating = rng.choices((3, 4, 5), (10, 30, 60))[0]
            if rng.random() < 0.4:
                partner_rating = rng.choices((3, 4, 5), (10, 30, 60))[0]
        elif status == E.NO_SHOW:
            note = "The partner did not come."
        elif status == E.CANCELLED:
            message = rng.choice(CANCEL_MESSAGES)
            if starts:
                sequence += 1
        if status in {E.EXPIRED}:
            updated = expires
        elif status == E.CLOSED:
            updated = _between(rng, invited, min(now, expires))
        else:
            updated = max(t for t in (invited, nudged, responded, week, day_before, follow_up) if t)
        updated = min(updated, now)
        return (
            request.pk,
            None,
            partners.ids[index],
            partners.organization[index],
            request.school.pk,
            request.experience.pk,
            request.created_by,
            status,
            invited,
            nudged,
            expires,
            responded,
            message,
            starts,
            ends,
            place,
            video,
            sequence,
            week,
            day_before,
            follow_up,
            delivered_on,
            students,
            hours,
            note,
            coordinator_rating,
            partner_rating,
            invited,
            updated,
        )

    def _offer_engagement(self, offer: _Offer) -> tuple:
        """A coordinator booked the offer: scheduled, or in the past delivered (mostly)."""
        rng, now, partners = self.rng, self.now, self.partners
        school = rng.choice(self.schools)
        starts = self._at(offer.offered_on, offer.start_time)
        ends = self._at(offer.offered_on, offer.end_time)
        booked = _between(rng, offer.created_at, min(now, starts - timedelta(days=1)))
        if offer.offered_on >= self.today:
            status = E.SCHEDULED
        else:
            status = rng.choices((E.DELIVERED, E.NO_SHOW, E.CANCELLED), (90, 5, 5))[0]
        delivered = status == E.DELIVERED
        follow_up = ends + timedelta(hours=2) if status != E.SCHEDULED and ends < now else None
        week = starts - timedelta(days=7) if starts - timedelta(days=7) <= now else None
        day_before = starts - timedelta(days=1) if starts - timedelta(days=1) <= now else None
        hours = Decimal(offer.end_time.hour - offer.start_time.hour).quantize(Decimal("0.01"))
        return (
            None,
            offer.pk,
            partners.ids[offer.partner],
            partners.organization[offer.partner],
            school.pk,
            offer.experience_id,
            rng.choice(school.coordinators),
            status,
            None,
            None,
            None,
            None,
            rng.choice(CANCEL_MESSAGES) if status == E.CANCELLED else "",
            starts,
            ends,
            offer.location,
            "" if offer.location else f"https://meet.example.org/pc-{rng.getrandbits(40):010x}",
            0,
            max(booked, week) if week else None,
            max(booked, day_before) if day_before else None,
            follow_up,
            offer.offered_on if delivered else None,
            rng.randint(max(1, offer.capacity // 2), offer.capacity) if delivered else None,
            hours if delivered else None,
            rng.choice(DELIVERY_NOTES) if delivered else "",
            None,
            None,
            booked,
            min(now, max(t for t in (booked, week, day_before, follow_up) if t)),
        )

    # Contracts, opportunities, the Expo

    def contracts_create(self) -> None:
        rng, today, now = self.rng, self.today, self.now
        plans = self.organization_plan
        weight_of_type = {"business": 10, "business_association": 4, "post_secondary": 3}
        weights = [
            weight_of_type.get(type_code, 1)
            * (2 if self.organization_ids[i] in self.organization_admin else 1)
            for i, (_, type_code, _, _) in enumerate(plans)
        ]
        count = self.size.contracts
        contractors = _weighted_sample(
            rng, range(len(plans)), weights, k=max(1, min(len(plans), round(count * 0.8)))
        )
        tiers = ["none", "standard", "major"]
        numbers: Counter[int] = Counter()
        rows = []
        for number in range(count):
            organization = (
                contractors[number] if number < len(contractors) else rng.choice(contractors)
            )
            tier = _cover(number, tiers, lambda: rng.choices(tiers, (45, 38, 17))[0])
            value = self._contract_value(tier)
            term = rng.choices((1, 2, 3, 4, 5), (20, 30, 25, 15, 10))[0]
            start = today - timedelta(days=rng.randint(-90, 4 * 365))
            if rng.random() < 0.2:  # a short final year
                end = start + relativedelta(years=term - 1, months=rng.randint(3, 11))
            else:
                end = start + relativedelta(years=term)
            end -= timedelta(days=1)
            signed = min(today, start - timedelta(days=rng.randint(3, 45)))
            numbers[signed.year] += 1
            pathway = INDUSTRIES[plans[organization][2]][2]
            service = rng.choice(CONTRACT_SERVICES.get(pathway, ("Professional services",)))
            title = rng.choice(
                (
                    service,
                    f"{service} (district-wide)",
                    f"{service} at {rng.choice(self.schools).label}",
                )
            )
            organization_id = self.organization_ids[organization]
            self.contracts.append(_Contract(organization_id, tier, start, end))
            self.breakdown["contract"][tier] += 1
            created = min(now, self._at(signed, time(10)))
            rows.append(
                (
                    f"PPS-{signed.year}-{numbers[signed.year]:05d}",
                    organization_id,
                    title,
                    value,
                    start,
                    end,
                    signed,
                    OTHER_PROOF if rng.random() < 0.25 else "",
                    created,
                    created,
                )
            )
        self.writer.write(
            Contract,
            (
                "number contractor_id title value start_date end_date signed_date other_proof "
                "created_at updated_at"
            ).split(),
            rows,
        )

    def _contract_value(self, tier: str) -> Decimal:
        """A value of the tier: mostly round numbers, sometimes exactly on a boundary."""
        rng = self.rng
        cent = Decimal("0.01")
        if tier == "none":
            low, high, step = Decimal("5000"), STANDARD_FROM - cent, 100
            edges = (STANDARD_FROM - cent,)
        elif tier == "standard":
            low, high, step = STANDARD_FROM, MAJOR_FROM - cent, 500
            edges = (STANDARD_FROM, MAJOR_FROM - cent)
        else:
            low, high, step = MAJOR_FROM, Decimal("20000000"), 1000
            edges = (MAJOR_FROM,)
        if rng.random() < 0.05:
            return rng.choice(edges)
        raw = math.exp(rng.uniform(math.log(float(low)), math.log(float(high))))
        if rng.random() < 0.8:
            value = Decimal(round(raw / step) * step)
        else:
            value = Decimal(str(round(raw, 2)))
        return min(max(value, low), high).quantize(cent)

    def opportunities_create(self) -> None:
        """Opportunities procurement recorded by hand (or imported) for contractors that owe
        them, in the contract years that have started."""
        rng, today, now, catalogs = self.rng, self.today, self.now, self.catalogs
        recorders = [self.staff[PROCUREMENT_EMAIL].pk, self.staff[ADMIN_EMAIL].pk]
        seen: set[tuple] = set()
        rows = []
        for contract in self.contracts:
            if contract.tier == "none":
                continue
            owed = 4 if contract.tier == "major" else 2
            for year in contract_years(contract.start, contract.end):
                if year.start > today:
                    break
                for _ in range(rng.randint(0, owed + 1)):
                    span = (min(year.end, today) - year.start).days
                    delivered_on = year.start + timedelta(days=rng.randint(0, span))
                    experience = rng.choice(catalogs.experiences)
                    school = rng.choice(self.schools) if rng.random() < 0.85 else None
                    note = rng.choice(OPPORTUNITY_NOTES)
                    if school:
                        note += f" at {school.label}"
                    key = (contract.contractor, delivered_on, experience.pk, note)
                    if key in seen:
                        continue
                    seen.add(key)
                    imported = rng.random() < 0.15
                    created = min(
                        now,
                        self._at(delivered_on, time(16)) + timedelta(days=rng.uniform(1, 20)),
                    )
                    rows.append(
                        (
                            contract.contractor,
                            delivered_on,
                            experience.pk,
                            school.pk if school else None,
                            rng.randint(5, 120) if rng.random() < 0.9 else None,
                            note,
                            Opportunity.Source.IMPORT if imported else Opportunity.Source.STAFF,
                            None if imported else rng.choice(recorders),
                            created,
                            created,
                        )
                    )
        self.writer.write(
            Opportunity,
            (
                "organization_id delivered_on experience_id school_id students note source "
                "recorded_by_id created_at updated_at"
            ).split(),
            rows,
        )

    def expo_create(self) -> None:
        """The last three Expos and the next one, their sponsor levels, and registrations:
        most major contractors (which owe one) and a few other organizations."""
        rng, today, now = self.rng, self.today, self.now
        current = current_expo_year(today)
        majors = defaultdict(list)
        for contract in self.contracts:
            if contract.tier == "major":
                majors[contract.contractor].append(contract)
        rows = []
        for year in range(current - 3, current + 1):
            day = expo_day(year)
            deadline = day - timedelta(days=45)
            edition = ExpoEdition.objects.create(
                year=year,
                date=day,
                venue=VENUE,
                registration_deadline=deadline,
                booth_capacity=DEFAULT_BOOTH_CAPACITY,
            )
            self.writer.counts["expo editions"] += 1
            levels = [
                SponsorLevel.objects.create(
                    edition=edition,
                    name=name,
                    price=price,
                    exhibitor_equivalent=equivalent,
                    position=position,
                )
                for position, (name, price, equivalent) in enumerate(SPONSOR_LEVELS)
            ]
            kinds = [(Registration.Kind.EXHIBITOR, None)] + [
                (Registration.Kind.SPONSOR, level) for level in levels
            ]
            share = 0.8 if day <= today else 0.45
            owing = [
                organization
                for organization, contracts in majors.items()
                if any(c.start <= day <= c.end for c in contracts) and rng.random() < share
            ]
            others = rng.sample(
                self.organization_ids,
                k=min(len(self.organization_ids), max(3, len(self.organization_ids) // 100)),
            )
            exhibitors = 0
            for number, organization in enumerate(dict.fromkeys([*owing, *others])):
                kind, level = _cover(
                    number,
                    kinds,
                    lambda levels=levels: (
                        (Registration.Kind.EXHIBITOR, None)
                        if rng.random() < 0.65
                        else (Registration.Kind.SPONSOR, rng.choice(levels))
                    ),
                )
                exhibitors += kind == Registration.Kind.EXHIBITOR
                admin = self.organization_admin.get(organization)
                source = (
                    Registration.Source.SITE
                    if admin
                    else rng.choice((Registration.Source.STAFF, Registration.Source.IMPORT))
                )
                registered_by = (
                    admin
                    if admin
                    else (
                        self.staff[PROCUREMENT_EMAIL].pk
                        if source == Registration.Source.STAFF
                        else None
                    )
                )
                latest = self._at(deadline, time(17))
                latest = min(now, latest)
                created = _between(rng, latest - timedelta(days=120), latest)
                rows.append(
                    (
                        edition.pk,
                        organization,
                        kind,
                        level.pk if level else None,
                        source,
                        registered_by,
                        created,
                        created,
                    )
                )
            # Booths are never overbooked: the volume's editions are as big as they need.
            edition.booth_capacity = max(DEFAULT_BOOTH_CAPACITY, exhibitors)
            edition.save(update_fields=["booth_capacity"])
        self.writer.write(
            Registration,
            (
                "edition_id organization_id kind sponsor_level_id source registered_by_id "
                "created_at updated_at"
            ).split(),
            rows,
        )


def volume_seed(
    *,
    size: VolumeSize,
    password: str = DEFAULT_PASSWORD,
    seed: int = DEFAULT_SEED,
    stdout=None,
) -> VolumeReport:
    """Fill a database without partners with `size` of realistic data, in one transaction,
    then rebuild what matching derives from it (`matching_refresh`)."""
    errors = size.errors()
    if errors:
        raise VolumeError(" ".join(errors))
    if Partner.objects.exists():
        raise VolumeError(
            "The database already has partners: seed_volume fills a fresh database. Create an "
            "empty one, run migrate, and point DATABASE_URL at it."
        )
    generator = VolumeGenerator(size=size, password=password, seed=seed, now=timezone.now())
    with transaction.atomic():
        generator.run()
    if connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            # Fresh statistics and visibility map, as autovacuum leaves a restored database.
            cursor.execute("VACUUM ANALYZE")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # inside a transaction (the tests): statistics only
    call_command("matching_refresh", stdout=stdout or io.StringIO())
    return generator.report()
