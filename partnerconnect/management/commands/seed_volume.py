"""`manage.py seed_volume`: fill a fresh database with the district's expected volume of data
(`partnerconnect.volume`), for load tests and benchmarks."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partnerconnect.volume import (
    ADMIN_EMAIL,
    COORDINATOR_COUNT,
    COORDINATOR_EMAIL,
    DEFAULT_PASSWORD,
    DEFAULT_SEED,
    PROCUREMENT_EMAIL,
    VolumeError,
    VolumeSize,
    volume_seed,
)

FULL = VolumeSize()


class Command(BaseCommand):
    help = (
        "Fill a fresh database (migrated, no partners) with realistic volume data: partners, "
        "organizations, requests, engagements, contracts, the Expo. Reproducible with --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--partners", type=int, default=FULL.partners)
        parser.add_argument("--requests", type=int, default=FULL.requests)
        parser.add_argument("--engagements", type=int, default=FULL.engagements)
        parser.add_argument("--contracts", type=int, default=FULL.contracts)
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help="the password of the staff sign-ins it creates (default: %(default)s)",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)"
        )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "seed_volume creates accounts with a known password and fake people; "
                "it does not run with production settings."
            )
        size = VolumeSize(
            partners=options["partners"],
            requests=options["requests"],
            engagements=options["engagements"],
            contracts=options["contracts"],
        )
        started = time.perf_counter()
        try:
            report = volume_seed(
                size=size, password=options["password"], seed=options["seed"], stdout=self.stdout
            )
        except VolumeError as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Volume data created in {elapsed:.1f} s:"))
        for label, count in report.lines:
            self.stdout.write(f"  {label:<52} {count:>9,}")
        coordinators = [COORDINATOR_EMAIL.format(n=n) for n in range(1, COORDINATOR_COUNT + 1)]
        self.stdout.write("Staff sign-ins (the --password given):")
        for email in [*coordinators, PROCUREMENT_EMAIL, ADMIN_EMAIL]:
            self.stdout.write(f"  {email}")
