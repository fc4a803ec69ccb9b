"""Rebuild the facts matching and the directory keep on partners' rows."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from partners.services import partner_facts_refresh
from requests_app.services import partner_engagement_counts_refresh


class Command(BaseCommand):
    help = (
        "Recompute the facts kept on every partner's row for matching and the directory "
        "(experience and pathway ids, search text, engagement counts). The app keeps them "
        "current itself; run this after restoring a backup or loading data outside the app."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            count = partner_facts_refresh()
            partner_engagement_counts_refresh()
        self.stdout.write(
            self.style.SUCCESS(
                f"Refreshed the matching facts of {count} partners "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
