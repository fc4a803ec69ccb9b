"""Benchmark: the compliance report (the `compliance_report` command and the report page) at two
sizes ten times apart. Prints `name value unit` lines; run it, don't assert on it.

    DATABASE_URL=postgres://user:pass@127.0.0.1:5432/pc_bench \
        .venv/bin/python benchmarks/compliance_report.py [--sizes 500 5000] [--runs 15]

Each size N is N contracts (multi-year terms, every tier, 29 February starts, short final
years) of N/4 contractor organizations, 20 N partners, 100 N engagements (40 % delivered, one to
three people per event), 2 N opportunities recorded by staff, and registrations for every Expo
edition from 2019 to 2028. Each size has a database of its own, named after DATABASE_URL's
(`pc_bench_500`, `pc_bench_5000`; created if missing, SQLite files without DATABASE_URL). The
data is kept there, so the next run reuses it; `--as-is` measures the databases as they are
instead (e.g. `pc_vol_500` and `pc_vol_5000` filled by `manage.py seed_volume`). The command and
the page are judged as of `--as-of` (default 2026-03-15). Prints the median, 95th percentile and
queries of each, and how much the median grows from the smallest size to the largest.
"""

import argparse
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerconnect.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from accounts.services import user_assign_role  # noqa: E402
from compliance.models import Contract, Opportunity  # noqa: E402
from expo.models import ExpoEdition, Registration, SponsorLevel  # noqa: E402
from partners.models import Experience, Organization, Partner  # noqa: E402
from requests_app.models import Engagement, Request, School  # noqa: E402

PREFIX = "BENCH-"
BATCH = 5000
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2026, 11, 1)  # delivered engagements and opportunities happen before this
VALUES = [
    Decimal("25000.00"),
    Decimal("99999.99"),
    Decimal("100000.00"),
    Decimal("250000.00"),
    Decimal("640000.00"),
    Decimal("999999.99"),
    Decimal("1000000.00"),
    Decimal("2500000.00"),
]
ENGAGEMENT_STATUSES = [Engagement.Status.DELIVERED] * 4 + [
    Engagement.Status.SCHEDULED,
    Engagement.Status.ACCEPTED,
    Engagement.Status.DECLINED,
    Engagement.Status.EXPIRED,
    Engagement.Status.CANCELLED,
    Engagement.Status.INVITED,
]


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def bench_contracts() -> int:
    return Contract.objects.filter(number__startswith=PREFIX).count()


def ensure_reference_rows() -> tuple[User, list[Experience], list[School]]:
    coordinator, _ = User.objects.get_or_create(email="bench-coordinator@example.org")
    for year in range(2019, 2029):
        edition, created = ExpoEdition.objects.get_or_create(
            year=year,
            defaults={
                "date": date(year, 3, 10 + year % 7),
                "venue": "Portland Expo Center",
                "registration_deadline": date(year, 1, 31),
            },
        )
        if created:
            SponsorLevel.objects.create(
                edition=edition, name="Gold", price=Decimal("10000"), exhibitor_equivalent=True
            )
            SponsorLevel.objects.create(
                edition=edition, name="Friend", price=Decimal("500"), exhibitor_equivalent=False
            )
    return coordinator, list(Experience.objects.all()), list(School.objects.all())


def grow_to(total: int) -> None:
    """Add contracts and everything around them (bulk inserts) until there are `total`."""
    existing = bench_contracts()
    if existing >= total:
        return
    rng = random.Random(existing)
    coordinator, experiences, schools = ensure_reference_rows()
    first, last = existing // 4, total // 4  # contractor organizations
    with transaction.atomic():
        organizations = Organization.objects.bulk_create(
            [Organization(name=f"Bench contractor {n}") for n in range(first, last)]
            + [Organization(name=f"Bench other {n}") for n in range(first, last)],
            batch_size=BATCH,
        )
        contractors = organizations[: last - first]
        users = User.objects.bulk_create(
            [User(email=f"bench-partner{n}@example.org") for n in range(20 * existing, 20 * total)],
            batch_size=BATCH,
        )
        partners = Partner.objects.bulk_create(
            [
                Partner(
                    user=user,
                    first_name="Bench",
                    last_name=str(user.pk),
                    email=user.email,
                    organization=rng.choice(organizations),
                    zip_code="97212",
                    confirmation_number=f"PC-B{20 * existing + n:09d}",
                    submitted_at=datetime.combine(
                        day_between(rng, date(2017, 1, 1), LAST_DAY),
                        datetime.min.time(),
                        tzinfo=UTC,
                    )
                    + timedelta(hours=rng.randrange(24)),
                )
                for n, user in enumerate(users)
            ],
            batch_size=BATCH,
        )
        requests = Request.objects.bulk_create(
            [
                Request(
                    school=rng.choice(schools),
                    created_by=coordinator,
                    title=f"Bench request {n}",
                    description="-",
                    experience=rng.choice(experiences),
                    grade_levels="11-12",
                    student_count=20,
                    starts_on=day_between(rng, FIRST_DAY, LAST_DAY),
                    status=Request.Status.COMPLETED,
                )
                for n in range(4 * existing, 4 * total)
            ],
            batch_size=BATCH,
        )
        by_organization: dict[int, list[Partner]] = {}
        for partner in partners:
            by_organization.setdefault(partner.organization_id, []).append(partner)
        staffed = list(by_organization)
        wanted = 100 * (total - existing)
        engagements, taken = [], set()
        while len(engagements) < wanted:  # an event: one to three people of one organization
            request = rng.choice(requests)
            people = by_organization[rng.choice(staffed)]
            status = rng.choice(ENGAGEMENT_STATUSES)
            delivered = status == Engagement.Status.DELIVERED
            when = request.starts_on + timedelta(days=rng.randrange(3))
            for partner in rng.sample(people, min(len(people), rng.choice((1, 1, 1, 2, 3)))):
                if (request.pk, partner.pk) in taken:
                    continue
                taken.add((request.pk, partner.pk))
                engagements.append(
                    Engagement(
                        request=request,
                        partner=partner,
                        organization=partner.organization,
                        school=request.school,
                        experience=request.experience,
                        coordinator=coordinator,
                        status=status,
                        delivered_on=when if delivered else None,
                        students_reached=20 if delivered else None,
                    )
                )
        Engagement.objects.bulk_create(engagements[:wanted], batch_size=BATCH)
        Opportunity.objects.bulk_create(
            [
                Opportunity(
                    organization=rng.choice(contractors),
                    delivered_on=day_between(rng, FIRST_DAY, LAST_DAY),
                    experience=rng.choice(experiences),
                    note=f"Bench opportunity {n}",
                )
                for n in range(2 * existing, 2 * total)
            ],
            batch_size=BATCH,
        )
        contracts = []
        for n in range(existing, total):
            start = day_between(rng, date(2019, 1, 1), date(2027, 6, 30))
            if n % 97 == 0:
                start = date(rng.choice((2020, 2024)), 2, 29)
            years = rng.choice((1, 1, 2, 2, 3, 3, 4, 5))
            end = add_years(start, years) - timedelta(days=1)
            if n % 5 == 0:  # a short final year
                end = add_years(start, years - 1) + timedelta(days=rng.randrange(30, 300))
            contracts.append(
                Contract(
                    number=f"{PREFIX}{n:06d}",
                    contractor=contractors[(n - existing) % len(contractors)],
                    title=f"Bench contract {n}",
                    value=rng.choice(VALUES),
                    start_date=start,
                    end_date=end,
                    signed_date=start - timedelta(days=rng.randrange(1, 90)),
                    other_proof="Auto reply attached" if n % 3 == 0 else "",
                )
            )
        Contract.objects.bulk_create(contracts, batch_size=BATCH)
        levels = {
            (level.edition_id, level.exhibitor_equivalent): level
            for level in SponsorLevel.objects.all()
        }
        registrations = []
        for edition in ExpoEdition.objects.all():
            for organization in contractors:
                draw = rng.random()
                if draw < 0.4:
                    registrations.append(
                        Registration(edition=edition, organization=organization, kind="exhibitor")
                    )
                elif draw < 0.6:
                    registrations.append(
                        Registration(
                            edition=edition,
                            organization=organization,
                            kind="sponsor",
                            sponsor_level=levels[edition.pk, draw < 0.5],
                        )
                    )
        Registration.objects.bulk_create(registrations, batch_size=BATCH)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(function, runs: int) -> tuple[list[float], int]:
    function()  # warm up (templates, connection, caches)
    timings = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            timings.append((time.perf_counter() - started) * 1000)
    return timings, len(queries)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def measure_size(size: int, *, runs: int, as_of: str, as_is: bool) -> None:
    """Grow this database to `size` contracts (unless `as_is`) and print the figures of the
    command and the page."""
    call_command("migrate", verbosity=0)
    if not as_is:
        started = time.perf_counter()
        grow_to(size)
        print(f"data_{size}_build {time.perf_counter() - started:.1f} s")
    print(f"data_{size}_contracts {Contract.objects.count()} rows")
    print(f"data_{size}_engagements {Engagement.objects.count()} rows")
    print(f"data_{size}_partners {Partner.objects.count()} rows")
    user, _ = User.objects.get_or_create(email="bench-procurement@example.org")
    user_assign_role(user=user, role=Role.PROCUREMENT)
    client = Client()
    client.force_login(user)

    def command():
        out = io.StringIO()
        call_command("compliance_report", "--as-of", as_of, stdout=out)
        return out.getvalue()

    def page():
        response = client.get(reverse("compliance:report"), {"as_of": as_of})
        assert response.status_code == 200, response.status_code

    print(f"report_{size}_rows {command().count(chr(10)) - 1} rows")
    for name, function in (("command", command), ("page", page)):
        timings, queries = measure(function, runs)
        print(f"{name}_{size}_median {statistics.median(timings):.1f} ms")
        print(f"{name}_{size}_p95 {p95(timings):.1f} ms")
        print(f"{name}_{size}_queries {queries} queries")


def database_url(base: str, size: int) -> str:
    """One database per size, named after the given one: `.../pc_bench` gives `pc_bench_500`."""
    if base.startswith("postgres"):
        return f"{base.rstrip('/')}_{size}"
    return f"sqlite:///{tempfile.gettempdir()}/pc-bench-compliance-{size}.sqlite3"


def create_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    name = url.rsplit("/", 1)[1]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--as-of", default="2026-03-15")
    parser.add_argument(
        "--as-is",
        action="store_true",
        help="measure the databases as they are (e.g. filled by seed_volume), adding nothing",
    )
    parser.add_argument("--one-size", type=int, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.one_size:
        measure_size(args.one_size, runs=args.runs, as_of=args.as_of, as_is=args.as_is)
        return

    base = os.environ.get("DATABASE_URL", "")
    print(f"database {connection.vendor} -")
    figures: dict[str, float] = {}
    for size in sorted(args.sizes):
        url = database_url(base, size)
        if not args.as_is:
            create_database(url)
        child = subprocess.run(
            [sys.executable, __file__, "--one-size", str(size), "--runs", str(args.runs)]
            + ["--as-of", args.as_of]
            + (["--as-is"] if args.as_is else []),
            env={**os.environ, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            check=True,
        )
        for line in child.stdout.splitlines():
            print(line, flush=True)
            name, value, _ = line.split(" ", 2)
            figures[name] = float(value)
    small, large = min(args.sizes), max(args.sizes)
    if small != large:
        for name in ("command", "page"):
            growth = figures[f"{name}_{large}_median"] / figures[f"{name}_{small}_median"]
            print(f"{name}_growth {growth:.2f} x")


if __name__ == "__main__":
    main()
