"""Reload the data that migrations seed (roles, catalogs, schedules) after a flush.

Transactional tests (live server, real workers) end with a flush that empties every
table, data migrations' rows included. Their setup calls `restore_reference_data()`,
which reruns those data migrations' functions: each is idempotent.
"""

from importlib import import_module

from django.apps import apps

DATA_MIGRATIONS = [
    ("accounts.migrations.0002_roles", "create_roles"),
    ("accounts.migrations.0005_district_admin_permissions", "grant"),
    ("accounts.migrations.0006_audit_permissions", "grant"),
    ("audit.migrations.0002_purge_schedule", "create_schedule"),
    ("accounts.migrations.0003_site", "name_site"),
    ("notifications.migrations.0001_outbox_sweep_schedule", "create_schedule"),
    ("partners.migrations.0002_catalogs", "seed"),
    ("partners.migrations.0012_catalog_translations_shipped", "load"),
    ("partners.migrations.0003_overdue_digest_schedule", "create_schedule"),
    ("requests_app.migrations.0002_schools", "seed"),
    ("requests_app.migrations.0003_engagement_schedule", "create_schedule"),
    ("compliance.migrations.0002_at_risk_reminder_schedule", "create_schedule"),
    ("expo.migrations.0002_deadline_reminder_schedule", "create_schedule"),
]


def restore_reference_data() -> None:
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)
