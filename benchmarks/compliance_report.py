"""Time the compliance report over many contracts and count its queries, then roll back.

    DATABASE_URL=... .venv/bin/python benchmarks/compliance_report.py [CONTRACTS]

Creates CONTRACTS contracts (default 2000), each with an organization and a few delivered
opportunities, inside a transaction that is rolled back: the database is left as it was.
"""

import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerconnect.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from compliance.models import Contract, Opportunity  # noqa: E402
from compliance.selectors import compliance_report  # noqa: E402
from partners.models import Experience, Organization  # noqa: E402


class Rollback(Exception):
    pass


def main(count: int) -> None:
    experience = Experience.objects.first()
    try:
        with transaction.atomic():
            organizations = Organization.objects.bulk_create(
                Organization(name=f"Benchmark organization {n}") for n in range(count)
            )
            Contract.objects.bulk_create(
                Contract(
                    number=f"BENCH-{n:06d}",
                    contractor=organization,
                    value=Decimal(50_000 + 1_000 * n),
                    start_date=date(2023, 1, 1) + timedelta(days=n % 365),
                    end_date=date(2026, 1, 1) + timedelta(days=n % 365),
                    signed_date=date(2022, 12, 1),
                )
                for n, organization in enumerate(organizations)
            )
            Opportunity.objects.bulk_create(
                Opportunity(
                    organization=organization,
                    delivered_on=date(2023, 1, 1) + timedelta(days=97 * k + n % 50),
                    experience=experience,
                    note=f"benchmark {k}",
                )
                for n, organization in enumerate(organizations)
                for k in range(6)
            )
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                rows = compliance_report(as_of=date(2025, 6, 30))
            elapsed = time.perf_counter() - started
            print(
                f"{count} contracts, {len(rows)} report rows: {elapsed:.2f} s, "
                f"{len(queries)} queries"
            )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
