"""Fill the database with believable demo data and print the demo sign-ins."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import seed_users
from compliance.demo import seed_compliance
from partners.demo import seed_partners


class Command(BaseCommand):
    help = "Create demo users and data (safe to run again) and print the demo sign-ins."

    @transaction.atomic
    def handle(self, *args, **options):
        sign_ins = seed_users()
        partners = seed_partners()
        self.stdout.write(f"{partners} demo partners.")
        self.stdout.write(seed_compliance())
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in at /accounts/login/ with:"))
        for email, password, role in sign_ins:
            self.stdout.write(f"  {role:<20} {email:<28} {password}")
