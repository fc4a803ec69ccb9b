"""`manage.py seed_volume` at a tiny size: what it creates is varied, complete and consistent
with every rule of the models; it refuses production and a database that has partners; it
runs on SQLite too, and the same seed gives the same data."""

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import zipcodes
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.selectors import user_has_role
from compliance.models import Contract, Opportunity
from compliance.rules import MAJOR_FROM, STANDARD_FROM
from expo.models import ExpoEdition, Registration
from partnerconnect.volume import ADMIN_EMAIL, COORDINATOR_EMAIL, PROCUREMENT_EMAIL
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
from requests_app.models import Delivery, Engagement, Offer, Request, School

ROOT = Path(__file__).resolve().parents[1]
SIZE = {"partners": 300, "requests": 60, "engagements": 800, "contracts": 40}
PASSWORD = "a-volume-test-password"
STAFF = [COORDINATOR_EMAIL.format(n=n) for n in range(1, 6)] + [PROCUREMENT_EMAIL, ADMIN_EMAIL]
E = Engagement.Status


def seed_arguments(**size) -> list[str]:
    arguments = []
    for name, value in {**SIZE, **size}.items():
        arguments += [f"--{name}", str(value)]
    return arguments


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One tiny volume for the whole module, rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("seed_volume", *seed_arguments(), "--password", PASSWORD, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def volume(seeded, db):
    return seeded


def test_it_creates_the_counts_asked_and_says_so(volume):
    assert Partner.objects.count() == 300
    assert User.objects.filter(partner__isnull=False).count() == 300
    assert Organization.objects.count() == 60
    assert Request.objects.count() == 60
    assert Engagement.objects.count() == 800
    assert Contract.objects.count() == 40
    assert Offer.objects.exists()
    assert "Volume data created in" in volume
    for line in ("partners (each with a user)", "engagements", "contracts"):
        assert line in volume
    assert "800" in volume and "300" in volume


def test_partners_have_their_own_user_who_cannot_sign_in(volume):
    partners = Partner.objects.select_related("user")
    assert len({partner.user.email.lower() for partner in partners}) == 300
    for partner in partners:
        assert partner.user.email == partner.email
        assert not partner.user.has_usable_password()
        assert user_has_role(partner.user, Role.PARTNER)


def test_staff_sign_in_with_the_password_given(volume):
    roles = {PROCUREMENT_EMAIL: Role.PROCUREMENT, ADMIN_EMAIL: Role.DISTRICT_ADMIN}
    for email in STAFF:
        user = authenticate(email=email, password=PASSWORD)
        assert user is not None, email
        assert user_has_role(user, roles.get(email, Role.COORDINATOR))
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists()
    hashes = set(User.objects.filter(email__in=STAFF).values_list("password", flat=True))
    assert len(hashes) == 1, "the password is hashed once and the hash reused"


def test_the_volume_admin_uses_the_admin_with_the_roles_permissions_only(volume):
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.is_staff and not admin.is_superuser
    assert admin.has_perm("partners.change_partner")
    assert not admin.has_perm("auth.change_group")
    assert not User.objects.filter(email__in=STAFF, is_superuser=True).exists()


def test_every_active_school_has_a_volume_coordinator(volume):
    coordinators = User.objects.filter(email__startswith="volume-coordinator-")
    for school in School.objects.filter(is_active=True):
        assert school.coordinators.filter(pk__in=coordinators).exists(), school


def test_every_catalog_entry_is_used(volume):
    for model, relation in [
        (PartnerRole, "partners"),
        (Experience, "partners"),
        (Contribution, "partners"),
        (Pathway, "partners"),
        (Certification, "organizations"),
    ]:
        unused = model.objects.annotate(n=Count(relation)).filter(n=0)
        assert not unused.exists(), f"{model.__name__} unused: {list(unused)}"
    used_types = set(Organization.objects.values_list("type__code", flat=True))
    assert used_types == set(OrganizationType.objects.values_list("code", flat=True))
    assert not Organization.objects.filter(type__code="other", type_detail="").exists()


def test_exclusive_choices_stand_alone_and_everyone_offers_something(volume):
    no_preference = Pathway.objects.get(is_exclusive=True)
    loners = Partner.objects.filter(pathways=no_preference).annotate(n=Count("pathways"))
    assert loners.exists() and not loners.filter(n__gt=1).exists()
    not_applicable = Certification.objects.get(is_exclusive=True)
    organizations = Organization.objects.filter(certifications=not_applicable)
    assert not organizations.annotate(n=Count("certifications")).filter(n__gt=1).exists()
    assert Organization.objects.filter(certifications__code__in=["mbe", "wbe", "esb"]).exists()
    offers_nothing = Partner.objects.annotate(
        e=Count("experiences", distinct=True), c=Count("contributions", distinct=True)
    ).filter(e=0, c=0)
    assert not offers_nothing.exists()
    needs_organization = Partner.objects.filter(
        roles__requires_organization=True, organization__isnull=True
    )
    assert not needs_organization.exists()


def test_partner_profiles_vary_as_real_ones_do(volume):
    partners = Partner.objects.all()
    assert set(partners.values_list("delivery", flat=True)) == set(Partner.Delivery.values)
    assert set(partners.values_list("status", flat=True)) == set(Partner.Status.values)
    assert len(set(partners.values_list("travel_miles", flat=True))) >= 5
    assert partners.filter(is_organization_admin=True).exists()
    assert partners.exclude(languages="").exists() and partners.filter(languages="").exists()
    assert partners.filter(organization__isnull=True).exists()
    assert not partners.filter(is_organization_admin=True, organization__isnull=True).exists()
    admins = partners.filter(is_organization_admin=True).values("organization")
    assert not admins.annotate(n=Count("pk")).filter(n__gt=1).exists()
    skills = [
        skill for text in partners.values_list("skills", flat=True) for skill in text.split(", ")
    ]
    assert all(skill.strip() == skill and skill for skill in skills)
    assert len(set(skills)) >= 40
    now = timezone.now()
    submitted = list(partners.values_list("submitted_at", flat=True))
    assert min(submitted) < now - timedelta(days=2 * 365) and max(submitted) <= now
    assert not partners.filter(status=Partner.Status.NEW, contacted_at__isnull=False).exists()
    assert not partners.exclude(status=Partner.Status.NEW).filter(contacted_at=None).exists()


def test_partners_live_in_oregon_and_southwest_washington(volume):
    places = set(Partner.objects.values_list("zip_code", "latitude", "longitude"))
    assert len(places) >= 50
    for zip_code, latitude, longitude in places:
        (known,) = zipcodes.matching(zip_code)
        assert known["state"] == "OR" or (known["state"] == "WA" and zip_code.startswith("986"))
        assert abs(latitude - Decimal(known["lat"])) < Decimal("0.0001")
        assert abs(longitude - Decimal(known["long"])) < Decimal("0.0001")
    assert Partner.objects.filter(zip_code__startswith="986").exists()


def test_requests_cover_every_status_delivery_and_pathway_count(volume):
    requests = Request.objects.annotate(n=Count("pathways"))
    assert set(requests.values_list("status", flat=True)) == set(Request.Status.values)
    assert set(requests.values_list("delivery", flat=True)) == set(Delivery.values)
    assert set(requests.values_list("n", flat=True)) <= {0, 1, 2, 3}
    assert requests.filter(n=0).exists() and requests.filter(n__gte=2).exists()
    assert requests.exclude(skills="").exists() and requests.filter(skills="").exists()
    today = timezone.localdate()
    open_requests = requests.filter(status=Request.Status.OPEN)
    assert open_requests.count() >= 10
    assert not open_requests.filter(starts_on__lt=today).exists()
    assert not requests.filter(status=Request.Status.COMPLETED, starts_on__gte=today).exists()
    starts = list(requests.values_list("starts_on", flat=True))
    assert min(starts) < today - timedelta(days=60) and max(starts) > today + timedelta(days=30)
    for request in requests.select_related("created_by"):
        assert request.school.coordinators.filter(pk=request.created_by_id).exists()


def test_every_engagement_status_carries_the_fields_it_implies(volume):
    engagements = Engagement.objects.filter(request__isnull=False)
    assert set(engagements.values_list("status", flat=True)) == set(E.values)
    now, today = timezone.now(), timezone.localdate()
    invited = engagements.filter(status__in=[E.INVITED, E.EXPIRED, E.CLOSED])
    assert not invited.filter(Q(invited_at=None) | Q(expires_at=None)).exists()
    assert not invited.filter(responded_at__isnull=False).exists()
    assert not engagements.filter(status=E.INVITED, expires_at__lte=now).exists()
    assert not engagements.filter(status=E.EXPIRED, expires_at__gt=now).exists()
    answered = engagements.filter(status__in=[E.ACCEPTED, E.DECLINED, E.SCHEDULED, E.DELIVERED])
    assert not answered.filter(Q(responded_at=None) | Q(responded_at__lt=F("invited_at"))).exists()
    assert not answered.filter(responded_at__gt=now).exists()
    happened = engagements.filter(status__in=[E.SCHEDULED, E.DELIVERED, E.NO_SHOW])
    assert not happened.filter(Q(starts_at=None) | Q(ends_at__lte=F("starts_at"))).exists()
    assert not happened.filter(place="", video_link="").exists()
    assert not engagements.filter(status=E.SCHEDULED, starts_at__lte=now).exists()
    assert not engagements.filter(status=E.NO_SHOW, starts_at__gte=now).exists()
    delivered = engagements.filter(status=E.DELIVERED)
    assert not delivered.filter(
        Q(delivered_on=None)
        | Q(delivered_on__gt=today)
        | Q(students_reached=None)
        | Q(volunteer_hours=None)
        | Q(volunteer_hours__lte=0)
    ).exists()
    assert not engagements.exclude(status=E.DELIVERED).filter(delivered_on__isnull=False).exists()


def test_engagements_agree_with_their_request_and_partner(volume):
    engagements = Engagement.objects.filter(request__isnull=False)
    assert not engagements.exclude(school=F("request__school")).exists()
    assert not engagements.exclude(experience=F("request__experience")).exists()
    mismatched = engagements.exclude(organization=F("partner__organization")).exclude(
        organization=None, partner__organization=None
    )
    assert not mismatched.exists()
    pairs = engagements.values("request", "partner").annotate(n=Count("pk")).filter(n__gt=1)
    assert not pairs.exists()
    for engagement in engagements.select_related("school"):
        assert engagement.school.coordinators.filter(pk=engagement.coordinator_id).exists()
    committed = Count("engagements", filter=Q(engagements__status__in=[E.ACCEPTED, E.SCHEDULED]))
    requests = Request.objects.annotate(committed=committed)
    assert not requests.filter(
        status=Request.Status.OPEN, committed__gte=F("partners_wanted")
    ).exists()
    assert not Request.objects.filter(
        status=Request.Status.DRAFT, engagements__isnull=False
    ).exists()
    assert Engagement.objects.filter(offer__status=Offer.Status.BOOKED).exists()


def test_the_facts_matching_keeps_are_already_current(volume):
    """Partners are written with the facts the services keep on their rows, so the final
    matching_refresh has nothing to rewrite (that is what keeps the full size fast)."""
    fields = [f.attname for f in Partner._meta.concrete_fields if f.name != "updated_at"]
    before = list(Partner.objects.order_by("pk").values_list(*fields))
    call_command("matching_refresh", stdout=io.StringIO())
    assert list(Partner.objects.order_by("pk").values_list(*fields)) == before
    assert Partner.objects.filter(engagements__isnull=False).exists()


def test_contracts_cover_every_tier_over_several_years(volume):
    contracts = Contract.objects.all()
    assert contracts.filter(value__lt=STANDARD_FROM).exists()
    assert contracts.filter(value__gte=STANDARD_FROM, value__lt=MAJOR_FROM).exists()
    assert contracts.filter(value__gte=MAJOR_FROM).exists()
    multi_year = [c for c in contracts if c.end_date - c.start_date > timedelta(days=700)]
    assert len(multi_year) >= 5
    assert not contracts.filter(signed_date__gt=timezone.localdate()).exists()
    recorded = Opportunity.objects.filter(recorded_by__email__in=[PROCUREMENT_EMAIL, ADMIN_EMAIL])
    assert recorded.exists()
    assert len(set(contracts.values_list("contractor", flat=True))) >= 20


def test_expo_editions_over_several_years_with_sponsors(volume):
    editions = ExpoEdition.objects.all()
    assert editions.count() >= 3
    assert len({edition.year for edition in editions}) == editions.count()
    registrations = Registration.objects.all()
    assert registrations.filter(kind=Registration.Kind.EXHIBITOR).exists()
    sponsors = registrations.filter(kind=Registration.Kind.SPONSOR)
    assert sponsors.exists() and not sponsors.filter(sponsor_level=None).exists()
    for edition in editions:
        exhibitors = edition.registrations.filter(kind=Registration.Kind.EXHIBITOR).count()
        assert exhibitors <= edition.booth_capacity


def test_it_refuses_a_database_that_has_partners(volume):
    with pytest.raises(CommandError, match="already has partners"):
        call_command("seed_volume", *seed_arguments(), stdout=io.StringIO())
    assert Partner.objects.count() == 300


def test_it_refuses_to_run_in_production(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("seed_volume", *seed_arguments(), stdout=io.StringIO())


def test_it_refuses_sizes_it_cannot_honour():
    with pytest.raises(CommandError, match="--contracts must be at least"):
        call_command("seed_volume", *seed_arguments(contracts=0), stdout=io.StringIO())


def _sqlite_digest(path: Path) -> str:
    with sqlite3.connect(path) as database:
        rows = [
            database.execute(query).fetchall()
            for query in (
                "SELECT email, skills, zip_code, status FROM partners_partner ORDER BY id",
                "SELECT title, status, starts_on FROM requests_app_request ORDER BY id",
                "SELECT partner_id, status FROM requests_app_engagement ORDER BY id",
                "SELECT number, value FROM compliance_contract ORDER BY id",
            )
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_it_runs_on_sqlite_and_the_same_seed_gives_the_same_data(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "partnerconnect.settings.local"

    def manage(database: Path, *arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env={**env, "DATABASE_URL": f"sqlite:///{database}"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    first, second = tmp_path / "first.sqlite3", tmp_path / "second.sqlite3"
    manage(first, "migrate", "--verbosity", "0")
    second.write_bytes(first.read_bytes())
    for database in (first, second):
        output = manage(database, "seed_volume", *seed_arguments(), "--seed", "7")
        assert "Volume data created in" in output
    with sqlite3.connect(first) as database:
        assert database.execute("SELECT count(*) FROM requests_app_engagement").fetchone() == (800,)
    assert _sqlite_digest(first) == _sqlite_digest(second)
