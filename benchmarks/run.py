"""Benchmark Partner Connect at two volumes of data and print its figures, one per line.

    DATABASE_URL=postgres://partnerconnect:partnerconnect@127.0.0.1:5432/partnerconnect \\
        .venv/bin/python benchmarks/run.py [--scale 1.0] [--reuse] [--repeat 20]

PostgreSQL only. From DATABASE_URL's database name it derives two databases, `<name>_bench10`
and `<name>_bench100`, and fills them with `manage.py seed_volume` at 10% and 100% of the
full volume (100,000 partners, 20,000 requests, 500,000 engagements, 5,000 contracts) times
--scale: each is dropped, created, migrated and seeded, unless --reuse is given and it
already holds that size. Seeding the full size takes about two minutes. The measurements of
each size run in a subprocess of this script pointed at that size's database, with the
settings `partnerconnect.settings.local`, DEBUG off and no REDIS_URL (tasks in-process); every
measured call is warmed up first, and every page fetched must answer 200 or the run aborts.

What it measures at each size (figure names end in `_small` or `_full`):
    ranking             requests_app.selectors.partner_candidates_for_request for 50 random
                        open requests (a seeded choice covering every delivery kind)
    directory_filters   what the directory reads (requests_app.filters.partner_directory):
                        pathway, experience, delivery and a skill word (q=); count and page 1
    directory_near      the same, sorted by distance from a school, within 25 miles
    directory_page      /requests/directory/ as a coordinator, both of the above in turn
                        (the read plus the filter form, the Invite-to list and the template)
    compliance_command  manage.py compliance_report over every contract
    compliance_page     /compliance/report/ as procurement
    district_dashboard  /reports/district/ as a District Admin (every section)
    organization_report /reports/organizations/<id>/ for the organization with the most
                        delivered engagements, as a District Admin: the page and its CSV
    survey              partners.services.partner_submit_survey for a new email (rolled back)
    floor_page          GET /how-it-works/: the cost of any page
    floor_row           Partner.objects.get(pk=...): one indexed row
Printed as `name value unit`: `<x>_p50_<size>` and `<x>_p95_<size>` in ms, `<x>_queries_<size>`
(the most SQL queries one call made), `floor_page_p50_<size>` and `floor_row_p50_<size>`,
`<x>_vs_floor_<size>` (x's median over the floor page's median) and `<x>_growth` (the median
at full size over the median at 10%). Progress goes to stderr; stdout holds only figures.

Targets, at full size (--scale 1.0):
    ranking and directory: median under 50 ms;
    the compliance report of 5,000 contracts (command and page): under 1 s;
    growth from 10% to 100%: under 2 for ranking and directory, under 4 for the report;
    the reports (dashboard, organization report): median under 200 ms;
    the same query count at both sizes.
"""

import argparse
import copy
import io
import itertools
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "partnerconnect.settings.local"
os.environ["DJANGO_DEBUG"] = "False"

import django  # noqa: E402

django.setup()

import environ  # noqa: E402
import psycopg2  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from partnerconnect.volume import (  # noqa: E402
    ADMIN_EMAIL,
    COORDINATOR_EMAIL,
    PROCUREMENT_EMAIL,
    VolumeSize,
)

# (size name, share of the full volume, database suffix)
SIZES = [("small", 0.1, "bench10"), ("full", 1.0, "bench100")]
RANKED_REQUESTS = 50
CHOICE_SEED = 2026
DIRECTORY_WORD = "nursing"
NEAR_MILES = 25


class BenchmarkError(Exception):
    """Something the benchmark cannot go on with: a page not answering 200, a missing database."""


# Measuring (in the subprocess of one size)


@dataclass
class Context:
    """What the measurements use: signed-in clients and data picked from the database."""

    coordinator: Client
    procurement: Client
    admin: Client
    visitor: Client
    rng: random.Random


# A call to time: a function that prepares what is needed (not timed) and returns the
# function that is timed.
Call = Callable[[], Callable[[], object]]


@dataclass
class Measurement:
    """One measured thing: a name and, given the context, the calls to time (cycled)."""

    name: str
    calls: Callable[[Context], list[Call]]


def _page(client: Client, url: str) -> Call:
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise BenchmarkError(f"GET {url} answered {response.status_code}, not 200")
        if response.streaming:  # a streamed CSV is made as it is read: read it all
            b"".join(response.streaming_content)
        return response

    return lambda: get


def _ranking_calls(context: Context) -> list[Call]:
    """50 open requests chosen at random (seeded), at least one of each delivery kind."""
    from requests_app.models import Delivery, Request
    from requests_app.selectors import partner_candidates_for_request

    open_requests = list(
        Request.objects.filter(status=Request.Status.OPEN)
        .select_related("school", "experience__tier")
        .order_by("pk")
    )
    if not open_requests:
        raise BenchmarkError("no open request to rank candidates for: seed the database")
    chosen = {}
    for kind in Delivery.values:
        of_kind = [request for request in open_requests if request.delivery == kind]
        if of_kind:
            request = context.rng.choice(of_kind)
            chosen[request.pk] = request
    rest = [request for request in open_requests if request.pk not in chosen]
    for request in context.rng.sample(rest, min(len(rest), RANKED_REQUESTS - len(chosen))):
        chosen[request.pk] = request

    def call(request) -> Call:
        # A fresh copy each time, as a page loads it: nothing cached on the instance helps.
        def prepare():
            fresh = copy.deepcopy(request)
            return lambda: partner_candidates_for_request(fresh)

        return prepare

    return [call(request) for request in chosen.values()]


def _directory_query(*, near: bool) -> str:
    from partners.models import Experience, Pathway
    from requests_app.models import School

    if near:
        school = School.objects.filter(is_active=True).order_by("pk").first()
        return f"near_school={school.pk}&within={NEAR_MILES}"
    pathway = Pathway.objects.get(code="health_sciences")
    experience = Experience.objects.get(code="job_shadow")
    return f"pathway={pathway.pk}&experience={experience.pk}&delivery=in_person&q={DIRECTORY_WORD}"


def _directory_calls(context: Context, *, near: bool) -> list[Call]:
    """What the directory reads (requests_app.filters.partner_directory): the filters, the
    count and one page of 25 partners with their experiences and pathways."""
    from django.http import QueryDict

    from requests_app.filters import partner_directory

    data = QueryDict(_directory_query(near=near))

    def read():
        partner_filter, page = partner_directory(data, page_number=1)
        return partner_filter.form.is_valid(), page.paginator.count, list(page)

    return [lambda: read]


def _compliance_command_calls(context: Context) -> list[Call]:
    return [lambda: lambda: call_command("compliance_report", stdout=io.StringIO())]


def _survey_calls(context: Context) -> list[Call]:
    """A newcomer submits the survey (a new email each time), in a transaction rolled back
    so that the database stays as seeded."""
    from partners.models import (
        Contribution,
        Experience,
        Organization,
        OrganizationType,
        PartnerRole,
        Pathway,
    )
    from partners.services import SurveyAnswers, partner_submit_survey

    roles = list(PartnerRole.objects.filter(code="business"))
    organization_type = OrganizationType.objects.get(code="business")
    organizations = list(
        Organization.objects.filter(type=organization_type)
        .order_by("pk")
        .values_list("name", flat=True)[:500]
    )
    experiences = list(Experience.objects.filter(code__in=["job_shadow", "mock_interview"]))
    contributions = list(Contribution.objects.filter(code="volunteer"))
    pathways = list(Pathway.objects.filter(code="industrial_engineering"))
    numbers = itertools.count(1)

    def prepare():
        number = next(numbers)
        answers = SurveyAnswers(
            first_name="Bench",
            last_name=f"Newcomer {number}",
            email=f"bench.newcomer.{os.getpid()}.{number}@example.org",
            zip_code="97209",
            roles=roles,
            phone="503-555-0100",
            job_title="Engineer",
            organization_name=context.rng.choice(organizations or ["Bench Robotics"]),
            organization_type=organization_type,
            experiences=experiences,
            contributions=contributions,
            pathways=pathways,
            skills="welding, CAD, project management",
            languages="Spanish",
            delivery="both",
            travel_miles=25,
            availability=["after_school"],
        )

        def submit():
            with transaction.atomic():
                partner_submit_survey(user=None, answers=answers, password=None)
                transaction.set_rollback(True)

        return submit

    return [prepare]


def _organization_report_calls(context: Context) -> list[Call]:
    """The report of the organization with the most delivered engagements, page and CSV."""
    from django.db.models import Count

    from requests_app.models import Engagement

    busiest = (
        Engagement.objects.filter(status=Engagement.Status.DELIVERED, organization__isnull=False)
        .values("organization")
        .annotate(delivered=Count("pk"))
        .order_by("-delivered")
        .first()
    )
    if busiest is None:
        raise BenchmarkError("no organization has a delivered engagement to report on")
    url = f"/reports/organizations/{busiest['organization']}/"
    return [_page(context.admin, url), _page(context.admin, f"{url}?format=csv")]


def _floor_row_calls(context: Context) -> list[Call]:
    from partners.models import Partner

    pk = Partner.objects.order_by("pk").values_list("pk", flat=True)[Partner.objects.count() // 2]
    return [lambda: lambda: Partner.objects.get(pk=pk)]


# Every measured thing, in the order printed. To measure a new page or report, add one entry.
MEASUREMENTS = [
    Measurement("ranking", _ranking_calls),
    Measurement("directory_filters", lambda c: _directory_calls(c, near=False)),
    Measurement("directory_near", lambda c: _directory_calls(c, near=True)),
    # The whole page as a coordinator gets it: the same read, the form and the template.
    Measurement(
        "directory_page",
        lambda c: [
            _page(c.coordinator, f"/requests/directory/?{_directory_query(near=near)}")
            for near in (False, True)
        ],
    ),
    Measurement("compliance_command", _compliance_command_calls),
    Measurement("compliance_page", lambda c: [_page(c.procurement, "/compliance/report/")]),
    # The reports, as a District Admin sees them (every section, every school).
    Measurement("district_dashboard", lambda c: [_page(c.admin, "/reports/district/")]),
    Measurement("organization_report", _organization_report_calls),
    Measurement("survey", _survey_calls),
]
# The floor: what any page, and any single-row read, costs on this machine in this run.
FLOORS = [
    Measurement("floor_page", lambda c: [_page(c.visitor, "/how-it-works/")]),
    Measurement("floor_row", _floor_row_calls),
]


def _context() -> Context:
    from accounts.models import User

    def signed_in(email: str) -> Client:
        client = Client(HTTP_HOST="localhost")
        client.force_login(User.objects.get(email=email))
        return client

    return Context(
        coordinator=signed_in(COORDINATOR_EMAIL.format(n=1)),
        procurement=signed_in(PROCUREMENT_EMAIL),
        admin=signed_in(ADMIN_EMAIL),
        visitor=Client(HTTP_HOST="localhost"),
        rng=random.Random(CHOICE_SEED),
    )


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _run(measurement: Measurement, context: Context, *, repeat: int) -> dict:
    calls = measurement.calls(context)
    # Warm up: each distinct call once, untimed, counting its queries.
    queries = 0
    for call in calls:
        timed = call()
        with CaptureQueriesContext(connection) as captured:
            timed()
        queries = max(queries, len(captured))
    timings = []
    for call in itertools.islice(itertools.cycle(calls), max(repeat, len(calls))):
        timed = call()
        started = time.perf_counter()
        timed()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "p50": statistics.median(timings),
        "p95": _percentile(timings, 0.95),
        "queries": queries,
    }


def measure(*, repeat: int) -> dict:
    """Every measurement and floor on the database of DATABASE_URL: {name: figures}."""
    context = _context()
    results = {}
    for measurement in [*MEASUREMENTS, *FLOORS]:
        print(f"  measuring {measurement.name}", file=sys.stderr, flush=True)
        results[measurement.name] = _run(measurement, context, repeat=repeat)
    return results


# Preparing the databases and reporting (in the main process)


def _database_url(base_url: str, name: str) -> str:
    return urlsplit(base_url)._replace(path=f"/{name}").geturl()


def _connect(base_url: str, name: str):
    config = environ.Env.db_url_config(base_url)
    return psycopg2.connect(
        dbname=name,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )


def _held_size(base_url: str, name: str) -> VolumeSize | None:
    """The size a database was seeded with, or None when it does not exist or is empty."""
    try:
        database = _connect(base_url, name)
    except psycopg2.OperationalError:
        return None
    try:
        with database.cursor() as cursor:
            counts = []
            for table in (
                "partners_partner",
                "requests_app_request",
                "requests_app_engagement",
                "compliance_contract",
            ):
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
                counts.append(cursor.fetchone()[0])
    except psycopg2.Error:
        return None
    finally:
        database.close()
    return VolumeSize(*counts) if counts[0] else None


def _admin(base_url: str, *statements: str) -> None:
    database = _connect(base_url, "postgres")
    database.autocommit = True
    try:
        with database.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        database.close()


def _child_env(database_url: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="partnerconnect.settings.local",
        DJANGO_DEBUG="False",
        # Nothing is delivered: emails stay in memory.
        EMAIL_DELIVERY_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    return env


def _manage(database_url: str, *arguments: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=_child_env(database_url),
        stdout=sys.stderr,
    )
    if result.returncode:
        raise BenchmarkError(f"manage.py {' '.join(arguments)} failed ({result.returncode})")


def prepare_databases(base_url: str, sizes: dict[str, VolumeSize], *, reuse: bool) -> dict:
    """{size name: database URL}, each database holding its size."""
    base_name = environ.Env.db_url_config(base_url)["NAME"]
    names = {size: f"{base_name}_{suffix}" for size, _, suffix in SIZES}
    quote = connection.ops.quote_name
    pristine = None  # a migrated, empty database to copy instead of migrating again
    for size, volume in sizes.items():
        name, url = names[size], _database_url(base_url, names[size])
        if reuse and _held_size(base_url, name) == volume:
            print(f"{name}: reusing ({volume})", file=sys.stderr, flush=True)
            _manage(url, "migrate", "--verbosity", "0")
            continue
        print(f"{name}: creating and seeding {volume}", file=sys.stderr, flush=True)
        _admin(base_url, f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")
        if pristine:
            _admin(base_url, f"CREATE DATABASE {quote(name)} TEMPLATE {quote(pristine)}")
        else:
            _admin(base_url, f"CREATE DATABASE {quote(name)}")
            _manage(url, "migrate", "--verbosity", "0")
            pristine = f"{name}_pristine"
            _admin(
                base_url,
                f"DROP DATABASE IF EXISTS {quote(pristine)} WITH (FORCE)",
                f"CREATE DATABASE {quote(pristine)} TEMPLATE {quote(name)}",
            )
        _manage(
            url,
            "seed_volume",
            *("--partners", str(volume.partners), "--requests", str(volume.requests)),
            *("--engagements", str(volume.engagements), "--contracts", str(volume.contracts)),
        )
    if pristine:
        _admin(base_url, f"DROP DATABASE IF EXISTS {quote(pristine)} WITH (FORCE)")
    return {size: _database_url(base_url, name) for size, name in names.items()}


def measure_in_subprocess(database_url: str, *, repeat: int) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--measure", "--repeat", str(repeat)],
        cwd=ROOT,
        env=_child_env(database_url),
        stdout=subprocess.PIPE,
        text=True,
    )
    if result.returncode:
        raise BenchmarkError(f"measuring {database_url} failed: see the error above")
    return json.loads(result.stdout)


def figures(results: dict[str, dict]) -> list[tuple[str, float, str]]:
    """(name, value, unit) of every figure, from {size name: {measurement: figures}}."""
    lines = []
    for size, _, _ in SIZES:
        found = results[size]
        floor = found["floor_page"]["p50"]
        for measurement in MEASUREMENTS:
            name, values = measurement.name, found[measurement.name]
            lines += [
                (f"{name}_p50_{size}", values["p50"], "ms"),
                (f"{name}_p95_{size}", values["p95"], "ms"),
                (f"{name}_queries_{size}", values["queries"], "queries"),
                (f"{name}_vs_floor_{size}", values["p50"] / floor, "x"),
            ]
        lines += [(f"{floor.name}_p50_{size}", found[floor.name]["p50"], "ms") for floor in FLOORS]
    for measurement in [*MEASUREMENTS, *FLOORS]:
        small, full = (results[size][measurement.name]["p50"] for size in ("small", "full"))
        lines.append((f"{measurement.name}_growth", full / small, "x"))
    return lines


def _format(value: float, unit: str) -> str:
    if unit == "queries":
        return str(int(value))
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="share of the full volume (default 1.0)"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the databases already seeded at this size"
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per figure (default 20)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.measure:  # the subprocess of one size
            print(json.dumps(measure(repeat=args.repeat)))
            return 0
        base_url = os.environ.get("DATABASE_URL", "")
        if not base_url.startswith(("postgres://", "postgresql://", "pgsql://")):
            raise BenchmarkError("set DATABASE_URL to a PostgreSQL database (postgres://...)")
        full = VolumeSize().scaled(args.scale)
        sizes = {size: full.scaled(share) for size, share, _ in SIZES}
        urls = prepare_databases(base_url, sizes, reuse=args.reuse)
        results = {}
        for size, url in urls.items():
            print(f"measuring {size} ({sizes[size]})", file=sys.stderr, flush=True)
            results[size] = measure_in_subprocess(url, repeat=args.repeat)
    except BenchmarkError as error:
        print(f"benchmarks/run.py: ABORTED: {error}", file=sys.stderr)
        return 1
    for name, value, unit in figures(results):
        print(f"{name} {_format(value, unit)} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
