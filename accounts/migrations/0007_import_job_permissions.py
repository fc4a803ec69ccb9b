"""Let the District Admin group read the CSV import jobs in the admin, now in the imports app
(a copy of what accounts.roles.DISTRICT_ADMIN_MODEL_PERMISSIONS says)."""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, migrations

GROUP = "District Admin"
PERMISSIONS = {"imports.importjob": ("view",)}


def _permissions(apps, using):
    """The Permission rows of PERMISSIONS, created first (post_migrate has not run yet on a
    fresh database), as 0005_district_admin_permissions does."""
    for app_label in sorted({model.split(".")[0] for model in PERMISSIONS}):
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)  # unset in migrations
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.using(using).get(
            content_type__app_label=model.split(".")[0],
            content_type__model=model.split(".")[1],
            codename=f"{action}_{model.split('.')[1]}",
        )
        for model, actions in PERMISSIONS.items()
        for action in actions
    ]


def grant(apps, schema_editor):
    using = schema_editor.connection.alias if schema_editor else DEFAULT_DB_ALIAS
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.using(using).get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps, using))


def revoke(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    group = Group.objects.using(using).filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, using))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_audit_permissions"),
        ("imports", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
