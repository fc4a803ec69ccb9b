"""Benchmark: the contracts CSV import (the upload page's and `import_contracts`'s code) on N
generated rows. Prints `name value unit` lines; run it, don't assert on it.

    DATABASE_URL=postgres://user:pass@127.0.0.1:5432/pc_bench \
        .venv/bin/python benchmarks/import_rows.py [--rows 100000] [--contractors 2000]

It imports into a scratch database of its own (DATABASE_URL's name + `_import_bench`, created
and migrated, dropped at the end): N new contracts of `--contractors` contractor organizations
(most new, so they are created too), then the same file again (every row unchanged), then with
every value changed (every row updated). Alongside, in the same run, a floor: reading the same
CSV text row by row with nothing saved, and writing the same contracts with one bare
`bulk_create` (no checks, no contractor lookups), rolled back. The import can hardly beat the
floor; how far above it it is tells what the checks and lookups cost.
"""

import argparse
import csv
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerconnect.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402

HEADER = "contract_number,contractor,value,start_date,end_date,signed_date,title\n"


def contracts_csv(rows: int, contractors: int, *, seed: int = 7, bump: int = 0) -> str:
    """`rows` contract rows; `bump` dollars added to every value (a changed file)."""
    rng = random.Random(seed)
    out = io.StringIO()
    out.write(HEADER)
    for number in range(1, rows + 1):
        start = date(2020, 1, 1) + timedelta(days=rng.randrange(0, 2000))
        end = start + timedelta(days=rng.choice([364, 729, 1094, 1825]))
        value = Decimal(rng.choice([25_000, 99_999, 100_000, 250_000, 1_000_000, 2_500_000]))
        out.write(
            f"BENCH-{number:07d},Contractor {rng.randrange(contractors):05d} Inc,"
            f"{value + bump:.2f},{start:%Y-%m-%d},{end:%Y-%m-%d},"
            f"{start - timedelta(days=10):%Y-%m-%d},Services contract {number}\n"
        )
    return out.getvalue()


def timed(function):
    started = time.perf_counter()
    value = function()
    return time.perf_counter() - started, value


def report(name: str, value: float, unit: str) -> None:
    print(f"{name} {value:.3f} {unit}" if isinstance(value, float) else f"{name} {value} {unit}")
    sys.stdout.flush()


def floor_read(text: str) -> int:
    from compliance.services import CONTRACT_COLUMNS
    from imports.rows import csv_rows

    return sum(1 for _ in csv_rows(io.StringIO(text, newline=""), CONTRACT_COLUMNS))


def floor_bulk_insert(text: str) -> None:
    """The same contracts written with one bare bulk_create of 1,000-row batches, rolled back."""
    from compliance.models import Contract
    from partners.models import Organization

    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    with transaction.atomic():
        organization = Organization.objects.create(name="Floor contractor")
        Contract.objects.bulk_create(
            (
                Contract(
                    number="F" + row["contract_number"],
                    contractor=organization,
                    value=Decimal(row["value"]),
                    start_date=date.fromisoformat(row["start_date"]),
                    end_date=date.fromisoformat(row["end_date"]),
                    signed_date=date.fromisoformat(row["signed_date"]),
                    title=row["title"],
                )
                for row in rows
            ),
            batch_size=1000,
        )
        transaction.set_rollback(True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--contractors", type=int, default=2_000)
    parser.add_argument(
        "--row-by-row",
        type=int,
        default=5_000,
        metavar="N",
        help="also time N rows saved one by one (compliance.services.contract_import_rows, "
        "the code before the bulk import); 0 to skip",
    )
    args = parser.parse_args()

    base = settings.DATABASES["default"]
    base.setdefault("TEST", {})["NAME"] = f"{base['NAME']}_import_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from compliance.models import Contract
        from imports.jobs import import_csv
        from partners.models import Organization

        text = contracts_csv(args.rows, args.contractors)
        report("import_rows_file_size", round(len(text.encode()) / 1_000_000, 2), "MB")
        report("import_rows_rows", args.rows, "rows")

        seconds, count = timed(lambda: floor_read(text))
        assert count == args.rows, count
        report("import_rows_floor_read_csv", seconds, "s")
        seconds, _ = timed(lambda: floor_bulk_insert(text))
        report("import_rows_floor_bare_bulk_create", seconds, "s")

        for name, file_text, expected in (
            ("new", text, "created"),
            ("unchanged", text, "unchanged"),
            ("changed", contracts_csv(args.rows, args.contractors, bump=1), "updated"),
        ):
            seconds, result = timed(
                lambda file_text=file_text: import_csv(
                    "contracts", io.StringIO(file_text, newline="")
                )
            )
            assert not result.errors, result.errors[:5]
            assert getattr(result, expected) == args.rows, result.summary
            report(f"import_rows_contracts_{name}", seconds, "s")
            report(f"import_rows_contracts_{name}_rate", round(args.rows / seconds), "rows/s")
        assert Contract.objects.count() == args.rows
        if args.row_by_row:
            from compliance.services import CONTRACT_COLUMNS, contract_import_rows
            from imports.rows import csv_rows

            small = contracts_csv(args.row_by_row, args.contractors, seed=11).replace(
                "BENCH-", "ONE-"
            )
            seconds, result = timed(
                lambda: contract_import_rows(
                    rows=csv_rows(io.StringIO(small, newline=""), CONTRACT_COLUMNS)
                )
            )
            assert result.created == args.row_by_row, result.summary
            report(
                "import_rows_contracts_new_one_by_one_rate",
                round(args.row_by_row / seconds),
                "rows/s",
            )
        report("import_rows_contractors_created", Organization.objects.count(), "organizations")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)


if __name__ == "__main__":
    main()
