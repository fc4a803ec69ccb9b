"""benchmarks/run.py at a tiny scale on PostgreSQL: it creates and seeds its two databases,
prints every figure as `name value unit` and exits 0. Its databases are dropped afterwards."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[1]
MEASURED = [
    "ranking",
    "directory_filters",
    "directory_near",
    "directory_page",
    "compliance_command",
    "compliance_page",
    "district_dashboard",
    "organization_report",
    "survey",
]
FLOORS = ["floor_page", "floor_row"]
SIZES = ["small", "full"]


def expected_figures() -> dict[str, str]:
    """{figure name: unit}."""
    figures = {}
    for size in SIZES:
        for name in MEASURED:
            figures[f"{name}_p50_{size}"] = "ms"
            figures[f"{name}_p95_{size}"] = "ms"
            figures[f"{name}_queries_{size}"] = "queries"
            figures[f"{name}_vs_floor_{size}"] = "x"
        for name in FLOORS:
            figures[f"{name}_p50_{size}"] = "ms"
    for name in [*MEASURED, *FLOORS]:
        figures[f"{name}_growth"] = "x"
    return figures


@pytest.fixture
def base_url():
    """A DATABASE_URL of its own (`<name>_smoke<pid>`), so that the databases run.py derives
    from it clash neither with the test database nor with a developer's benchmark ones."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        reason = "benchmarks/run.py needs PostgreSQL (set DATABASE_URL)"
        if os.environ.get("PARTNERCONNECT_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)
    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_smoke{os.getpid()}"
    yield parts._replace(path=f"/{name}").geturl()
    config = environ.Env.db_url_config(url)
    admin = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        for suffix in ("bench10", "bench100", "bench10_pristine"):
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}_{suffix}" WITH (FORCE)')
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", [f"{name}\\_%"])
        left = cursor.fetchone()[0]
    admin.close()
    assert left == 0, "run.py's databases were not all dropped"


def test_run_prints_every_figure_with_a_number_and_a_unit(base_url):
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--scale", "0.003", "--repeat", "3"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": base_url},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    printed = {}
    for line in result.stdout.splitlines():
        name, value, unit = line.split(" ")
        assert float(value) >= 0, line
        printed[name] = unit
    assert printed == expected_figures()
    assert "creating and seeding" in result.stderr
