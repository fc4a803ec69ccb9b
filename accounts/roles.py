"""The four roles: groups holding access permissions on accounts.User (and, for the District
Admin, the Django admin's model permissions it needs)."""

from django.db import models


class Role(models.TextChoices):
    PARTNER = "partner", "Partner"
    COORDINATOR = "coordinator", "Career Coordinator"
    PROCUREMENT = "procurement", "Procurement"
    DISTRICT_ADMIN = "district_admin", "District Admin"

    @property
    def group_name(self) -> str:
        return self.label

    @property
    def codename(self) -> str:
        return f"role_{self.value}"

    @property
    def permission(self) -> str:
        return f"accounts.{self.codename}"


# What each role's group may do: its own access permission plus, for staff roles, the
# access permissions of the roles whose pages it may open.
ROLE_GRANTS: dict[Role, tuple[Role, ...]] = {
    Role.PARTNER: (Role.PARTNER,),
    Role.COORDINATOR: (Role.COORDINATOR,),
    Role.PROCUREMENT: (Role.PROCUREMENT,),
    Role.DISTRICT_ADMIN: (Role.DISTRICT_ADMIN, Role.COORDINATOR, Role.PROCUREMENT),
}


# The Django admin of the District Admin role: each model ("app_label.model_name") and what
# the role may do there. Catalogs and schools are retired (unticked), not deleted; what keeps
# history (engagements, emails and reminders sent) is view-only; the outbox's "change" is
# what its resend checks. Roles are view-only and the user admin keeps `is_superuser` and
# `user_permissions` to superusers, so nothing here hands out more than the role.
# accounts/migrations/0005_district_admin_permissions.py grants a copy of this list: change it
# with a new migration (tests/accounts/test_district_admin.py compares the database with it).
DISTRICT_ADMIN_MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    # users and roles
    "accounts.user": ("add", "change", "view"),
    "auth.group": ("view",),
    "account.emailaddress": ("view",),
    # catalogs
    "partners.partnerrole": ("add", "change", "view"),
    "partners.organizationtype": ("add", "change", "view"),
    "partners.certification": ("add", "change", "view"),
    "partners.tier": ("add", "change", "view"),
    "partners.experience": ("add", "change", "view"),
    "partners.contribution": ("add", "change", "view"),
    "partners.pathway": ("add", "change", "view"),
    # organizations (their confirmed admins, their certifications) and partners
    "partners.organization": ("add", "change", "view"),
    "partners.partner": ("add", "change", "view"),
    "partners.certificationclaim": ("change", "view"),  # change = confirm or dismiss
    "partners.surveydraft": ("view",),
    "partners.overduedigest": ("view",),
    # schools (and their coordinators), requests, offers, engagements
    "requests_app.school": ("add", "change", "view"),
    "requests_app.request": ("add", "change", "view"),
    "requests_app.offer": ("add", "change", "view"),
    "requests_app.engagement": ("view",),
    # contracts and opportunities
    "compliance.contract": ("add", "change", "view"),
    "compliance.opportunity": ("add", "change", "delete", "view"),
    "compliance.atriskreminder": ("view",),
    # Expo editions, sponsor levels, registrations
    "expo.expoedition": ("add", "change", "view"),
    "expo.sponsorlevel": ("add", "change", "delete", "view"),
    "expo.registration": ("add", "change", "delete", "view"),
    "expo.deadlinereminder": ("view",),
    # the email outbox (change = resend)
    "post_office.email": ("change", "view"),
    "post_office.log": ("view",),
    "post_office.attachment": ("view",),
    # the beat schedule: reschedule or pause the jobs the migrations created
    "django_celery_beat.periodictask": ("change", "view"),
    "django_celery_beat.crontabschedule": ("add", "change", "view"),
    "django_celery_beat.intervalschedule": ("add", "change", "view"),
    "django_celery_beat.clockedschedule": ("add", "change", "view"),
    "django_celery_beat.solarschedule": ("add", "change", "view"),
    # the audit trail, read-only (granted by accounts/migrations/0006_audit_permissions.py)
    "auditlog.logentry": ("view",),
    # uploads' import jobs, read-only (accounts/migrations/0007_import_job_permissions.py)
    "imports.importjob": ("view",),
}


def district_admin_model_permissions() -> set[str]:
    """DISTRICT_ADMIN_MODEL_PERMISSIONS as permission names ("partners.change_partner")."""
    permissions = set()
    for model, actions in DISTRICT_ADMIN_MODEL_PERMISSIONS.items():
        app_label, model_name = model.split(".")
        permissions.update(f"{app_label}.{action}_{model_name}" for action in actions)
    return permissions
