"""Give a role to a user who has an account: e.g. the district's first District Admin."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_assign_role


class Command(BaseCommand):
    help = (
        "Give a role to an existing user (by email): partner, coordinator, procurement or "
        "district_admin. A District Admin may then use the Django admin; never a superuser."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)

    def handle(self, *args, email, role, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user has the email {email}: they sign up first.")
        role = Role(role)
        user_assign_role(user=user, role=role)
        self.stdout.write(self.style.SUCCESS(f"{user.email} is now a {role.label}."))
