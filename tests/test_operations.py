"""docs/operations.md's backup is real: bin/backup-restore-check dumps the test database,
restores it into a scratch database and compares every table's row count; a copy that lost
a row is caught."""

import os
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.partners.factories import OrganizationFactory, PartnerFactory

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT / "bin" / "backup-restore-check"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _require_postgresql():
    if connection.vendor != "postgresql":
        reason = "pg_dump needs PostgreSQL (set DATABASE_URL)"
        if os.environ.get("PARTNERCONNECT_REQUIRE_SERVICES"):
            pytest.fail(reason)
        pytest.skip(reason)


def database_url(name: str) -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    host = settings["HOST"] or "localhost"
    return f"postgres://{credentials}{host}:{settings['PORT'] or 5432}/{name}"


def psql(url: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK), *args], capture_output=True, text=True, timeout=300, cwd=ROOT
    )


def databases() -> set[str]:
    return set(
        psql(
            database_url(connection.settings_dict["NAME"]), "SELECT datname FROM pg_database"
        ).split()
    )


@pytest.fixture
def test_database_url():
    PartnerFactory.create_batch(3, organization=OrganizationFactory())  # committed rows
    return database_url(connection.settings_dict["NAME"])


@pytest.fixture
def spare_database():
    """An empty database of the test's own, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_spare"
    admin_url = database_url(connection.settings_dict["NAME"])
    psql(admin_url, f'DROP DATABASE IF EXISTS "{name}"')
    psql(admin_url, f'CREATE DATABASE "{name}"')
    yield database_url(name)
    psql(admin_url, f'DROP DATABASE IF EXISTS "{name}"')


def test_the_backup_restores_with_every_table_and_row(test_database_url, tmp_path):
    before = databases()
    dump = tmp_path / "backup.dump"
    result = run_check("--output", str(dump), test_database_url)
    assert result.returncode == 0, result.stdout + result.stderr
    line = result.stdout.strip().splitlines()[-2]
    assert line.startswith("OK: ") and line.endswith("rows, the same in both.")
    tables = int(line.split()[1])
    expected_tables = int(
        psql(
            test_database_url,
            "SELECT count(*) FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
            "AND table_schema NOT IN ('pg_catalog', 'information_schema')",
        )
    )
    assert tables == expected_tables
    assert dump.stat().st_size > 0
    assert databases() == before, "the scratch database is dropped"


def test_a_copy_missing_a_row_is_caught(test_database_url, spare_database, tmp_path):
    dump = tmp_path / "backup.dump"
    assert run_check("--output", str(dump), test_database_url).returncode == 0
    subprocess.run(
        ["pg_restore", "--no-owner", "--no-privileges", "-d", spare_database, str(dump)],
        check=True,
        capture_output=True,
    )
    assert run_check("--compare", test_database_url, spare_database).returncode == 0

    roles = psql(test_database_url, "SELECT count(*) FROM partners_partner_roles")
    assert int(roles) > 0
    psql(spare_database, "DELETE FROM partners_partner_roles")
    result = run_check("--compare", test_database_url, spare_database)
    assert result.returncode == 1
    assert f"< public.partners_partner_roles|{roles}" in result.stderr
    assert "> public.partners_partner_roles|0" in result.stderr


def test_an_unreachable_database_fails_the_check():
    result = run_check("postgres://nobody@127.0.0.1:1/nothing")
    assert result.returncode != 0
    assert "Could not open a snapshot" in result.stderr


def test_the_operations_guide_documents_what_the_district_runs():
    guide = (ROOT / "docs" / "operations.md").read_text()
    for needed in (
        "pg_dump",
        "pg_restore",
        "bin/backup-restore-check",
        "collectstatic",
        "migrate",
        "DJANGO_SECRET_KEY_FALLBACKS",
        "/healthz",
        "AUDIT_RETENTION_DAYS",
    ):
        assert needed in guide, needed
