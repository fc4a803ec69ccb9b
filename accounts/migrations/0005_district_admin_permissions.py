"""Give the District Admin group the Django admin it needs, without being a superuser.

A copy of accounts.roles.DISTRICT_ADMIN_MODEL_PERMISSIONS as it was when written (a migration
must not import code that changes): change the role's admin with a new migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, migrations

GROUP = "District Admin"
PERMISSIONS = {
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
}


def _permissions(apps, using):
    """The Permission rows of PERMISSIONS, created first: on a fresh database post_migrate
    (which creates every model's permissions) has not run yet."""
    for app_label in sorted({model.split(".")[0] for model in PERMISSIONS}):
        app_config = apps.get_app_config(app_label)
        models_module = getattr(app_config, "models_module", None)  # unset in migrations
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, using=using, apps=apps)
        finally:
            app_config.models_module = models_module
    Permission = apps.get_model("auth", "Permission")
    permissions = []
    for model, actions in PERMISSIONS.items():
        app_label, model_name = model.split(".")
        for action in actions:
            permissions.append(
                Permission.objects.using(using).get(
                    content_type__app_label=app_label,
                    content_type__model=model_name,
                    codename=f"{action}_{model_name}",
                )
            )
    return permissions


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
        ("accounts", "0004_email_upper_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("account", "0009_emailaddress_unique_primary_email"),
        ("partners", "0007_certification_claims"),
        ("requests_app", "0006_delivered_events_index"),
        ("compliance", "0003_at_risk_reminder_contractor_notified"),
        ("expo", "0002_deadline_reminder_schedule"),
        ("post_office", "0014_alter_email_recipient_delivery_status_and_more"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
