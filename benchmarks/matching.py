"""Benchmark: how long ranking the candidates of a request takes, and how many queries, as the
number of partners grows. Prints its figures; run it, don't assert on it.

    .venv/bin/python benchmarks/matching.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/matching.py 1000 10000 50000

Target: the candidates page's ranking stays well under a second at 50,000 partners, in a
constant number of queries.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
workdir = tempfile.mkdtemp(prefix="pc-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerconnect.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from partners.models import Experience, Partner, Pathway  # noqa: E402
from requests_app.models import Request, School  # noqa: E402
from requests_app.selectors import partner_candidates_for_request  # noqa: E402


def grow_to(total: int) -> None:
    """Add partners (bulk inserts) until there are `total`."""
    existing = Partner.objects.count()
    if existing >= total:
        return
    experiences = list(Experience.objects.all())
    pathways = list(Pathway.objects.all())
    now = timezone.now()
    users = User.objects.bulk_create(
        [User(email=f"bench{n}@example.org") for n in range(existing, total)], batch_size=2000
    )
    partners = Partner.objects.bulk_create(
        [
            Partner(
                user=user,
                first_name="Bench",
                last_name=str(n),
                email=user.email,
                zip_code="97212",
                latitude=45.4 + (n % 300) / 1000,
                longitude=-122.8 + (n % 400) / 1000,
                travel_miles=(5, 10, 25)[n % 3],
                delivery=("in_person", "virtual", "both")[n % 3],
                skills=("nursing", "welding", "design", "law")[n % 4],
                confirmation_number=f"B{n:09d}",
                submitted_at=now,
            )
            for n, user in zip(range(existing, total), users, strict=True)
        ],
        batch_size=2000,
    )
    Partner.experiences.through.objects.bulk_create(
        [
            Partner.experiences.through(partner=p, experience=experiences[p.pk % len(experiences)])
            for p in partners
        ],
        batch_size=5000,
    )
    Partner.pathways.through.objects.bulk_create(
        [
            Partner.pathways.through(partner=p, pathway=pathways[p.pk % len(pathways)])
            for p in partners
        ],
        batch_size=5000,
    )


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    coordinator, _ = User.objects.get_or_create(email="bench-coordinator@example.org")
    request = Request.objects.create(
        school=School.objects.get(short_name="Grant HS"),
        created_by=coordinator,
        title="Bench",
        description="-",
        experience=Experience.objects.get(code="job_shadow"),
        skills="nursing, welding",
        grade_levels="11",
        student_count=10,
        starts_on=timezone.localdate(),
        status="open",
    )
    request.pathways.set(Pathway.objects.filter(code="health_sciences"))
    print(f"database: {connection.vendor}")
    print(f"{'partners':>10} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for size in sizes:
        grow_to(size)
        timings = []
        for _ in range(5):
            reset_queries()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                partner_candidates_for_request(request, limit=25)
                timings.append((time.perf_counter() - started) * 1000)
        print(
            f"{size:>10} {statistics.median(timings):>10.1f} {max(timings):>8.1f} {len(queries):>8}"
        )


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1000, 5000, 20000])
