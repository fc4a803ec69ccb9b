"""`manage.py compliance_report`: the exact header, one row per contract year, sorted, CSV
safe in a spreadsheet, JSON with the same rows, --as-of defaulting to today."""

import csv
import io
import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.compliance.factories import ContractFactory, OpportunityFactory
from tests.expo.factories import ExpoEditionFactory, RegistrationFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "contract_number,contractor,tier,year,year_start,year_end,opportunities_required,"
    "opportunities_delivered,expo_required,expo_met,status"
)


def report(*args) -> str:
    out = io.StringIO()
    call_command("compliance_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def contracts():
    major = ContractFactory(
        number="C-2",
        contractor=OrganizationFactory(name="Major Co"),
        value=Decimal("1000000.00"),
        start_date=date(2024, 1, 1),
        end_date=date(2025, 6, 30),
    )
    standard = ContractFactory(
        number="C-10",
        contractor=OrganizationFactory(name="Standard Co"),
        value=Decimal("100000.00"),
    )
    small = ContractFactory(
        number="C-1", contractor=OrganizationFactory(name="Small Co"), value=Decimal("99999.99")
    )
    edition = ExpoEditionFactory(date=date(2024, 3, 12))
    RegistrationFactory(edition=edition, organization=major.contractor)
    for month in (2, 3, 4, 5):
        OpportunityFactory(organization=major.contractor, delivered_on=date(2024, month, 1))
    OpportunityFactory(organization=standard.contractor, delivered_on=date(2024, 2, 1))
    OpportunityFactory(organization=small.contractor, delivered_on=date(2024, 2, 1))
    OpportunityFactory(organization=small.contractor, delivered_on=date(2024, 8, 1))
    return major, standard, small


def test_csv_has_the_exact_header_and_one_row_per_contract_year_sorted(contracts):
    output = report("--as-of", "2024-06-01", "--format", "csv")
    lines = output.splitlines()
    assert lines[0] == HEADER
    assert output.split("\n")[0] == HEADER  # plain newlines
    assert lines[1:] == [
        "C-1,Small Co,none,1,2024-01-01,2024-12-31,0,1,no,yes,not_required",
        "C-10,Standard Co,standard,1,2024-01-01,2024-12-31,2,1,no,yes,in_progress",
        "C-2,Major Co,major,1,2024-01-01,2024-12-31,4,4,yes,yes,met",
        "C-2,Major Co,major,2,2025-01-01,2025-06-30,4,0,no,yes,upcoming",
    ]


def test_as_of_a_later_date_shows_missed_years(contracts):
    rows = list(csv.DictReader(io.StringIO(report("--as-of", "2025-07-01"))))
    assert [(r["contract_number"], r["year"], r["status"]) for r in rows] == [
        ("C-1", "1", "not_required"),
        ("C-10", "1", "missed"),
        ("C-2", "1", "met"),
        ("C-2", "2", "missed"),
    ]
    assert rows[0]["opportunities_delivered"] == "2"  # counted for none-tier contracts too


def test_json_gives_the_same_rows_as_objects(contracts):
    rows = json.loads(report("--as-of", "2024-06-01", "--format", "json"))
    assert list(rows[0]) == HEADER.split(",")
    assert rows[2] == {
        "contract_number": "C-2",
        "contractor": "Major Co",
        "tier": "major",
        "year": 1,
        "year_start": "2024-01-01",
        "year_end": "2024-12-31",
        "opportunities_required": 4,
        "opportunities_delivered": 4,
        "expo_required": "yes",
        "expo_met": "yes",
        "status": "met",
    }
    csv_rows = list(csv.DictReader(io.StringIO(report("--as-of", "2024-06-01"))))
    assert [{k: str(v) for k, v in row.items()} for row in rows] == csv_rows


def test_as_of_defaults_to_today():
    today = timezone.localdate()
    ContractFactory(number="C-1", start_date=today, end_date=today + timedelta(days=10))
    [row] = csv.DictReader(io.StringIO(report()))
    assert row["status"] == "in_progress"
    ContractFactory(number="C-2", start_date=today + timedelta(days=1))
    rows = list(csv.DictReader(io.StringIO(report())))
    assert rows[1]["status"] == "upcoming"


def test_a_contractor_name_that_looks_like_a_formula_is_neutralised():
    ContractFactory(contractor=OrganizationFactory(name="=HYPERLINK(1)"))
    [row] = csv.DictReader(io.StringIO(report("--as-of", "2024-06-01")))
    assert row["contractor"] == "'=HYPERLINK(1)"
    [json_row] = json.loads(report("--as-of", "2024-06-01", "--format", "json"))
    assert json_row["contractor"] == "=HYPERLINK(1)"


def test_an_empty_report_is_the_header_alone():
    assert report().splitlines() == [HEADER]


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024-1-1"])
def test_an_invalid_as_of_date_is_an_error(value):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        report("--as-of", value)
