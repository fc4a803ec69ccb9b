"""Fill the database with believable demo data and print the demo sign-ins."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import seed_users
from accounts.models import User
from compliance.demo import seed_compliance
from partners.demo import seed_partners
from requests_app.demo import seed_requests


class Command(BaseCommand):
    help = "Create demo users and data (safe to run again) and print the demo sign-ins."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError(
                "seed_demo creates accounts with a published password; "
                "it does not run with production settings."
            )
        sign_ins = seed_users()
        partners = seed_partners()
        self.stdout.write(f"{partners} demo partners.")
        coordinator = User.objects.get(email="coordinator@example.org")
        self.stdout.write(f"{seed_requests(coordinator)} demo requests with engagements.")
        self.stdout.write(seed_compliance())
        call_command("matching_refresh", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ with:"))
        for email, password, role in sign_ins:
            self.stdout.write(f"  {role:<20} {email:<28} {password}")
