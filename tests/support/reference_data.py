"""Reload the data that migrations seed (roles, catalogs) after a flush.

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
    ("accounts.migrations.0007_import_job_permissions", "grant"),
    ("accounts.migrations.0003_site", "name_site"),
    ("partners.migrations.0002_catalogs", "seed"),
    ("partners.migrations.0012_catalog_translations_shipped", "load"),
    ("requests_app.migrations.0002_schools", "seed"),
]


def restore_reference_data() -> None:
    for module, function in DATA_MIGRATIONS:
        getattr(import_module(module), function)(apps, None)
