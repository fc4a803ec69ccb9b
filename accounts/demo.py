"""Demo sign-ins for `seed_demo`: one verified user per role."""

from allauth.account.models import EmailAddress

from .models import User
from .roles import Role
from .services import user_assign_role

DEMO_PASSWORD = "demo-partner-connect"

DEMO_USERS = [
    ("admin@example.org", "Dana", "Reyes", Role.DISTRICT_ADMIN),
    ("coordinator@example.org", "Chris", "Nguyen", Role.COORDINATOR),
    ("procurement@example.org", "Pat", "Okafor", Role.PROCUREMENT),
    ("partner@example.org", "Sam", "Lee", Role.PARTNER),
]


def seed_users() -> list[tuple[str, str, str]]:
    """Create (or refresh) the demo users; returns (email, password, role) rows to print."""
    rows = []
    for email, first_name, last_name, role in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            email=email,
            # Never a superuser: the demo shows what each role can do, admin included.
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_active": True,
                "is_superuser": False,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        user_assign_role(user=user, role=role)
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        rows.append((email, DEMO_PASSWORD, role.label))
    return rows
