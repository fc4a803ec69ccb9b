"""Create the four role groups, each with its access permissions."""

from django.db import migrations

ROLES = {
    # group name: (permission codenames on accounts.User)
    "Partner": ["role_partner"],
    "Career Coordinator": ["role_coordinator"],
    "Procurement": ["role_procurement"],
    "District Admin": ["role_district_admin", "role_coordinator", "role_procurement"],
}
NAMES = {
    "role_partner": "Acts as a partner",
    "role_coordinator": "Acts as a Career Coordinator",
    "role_procurement": "Acts as procurement staff",
    "role_district_admin": "Acts as a district admin",
}


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    user_type, _ = ContentType.objects.get_or_create(app_label="accounts", model="user")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=user_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in NAMES.items()
    }
    for group_name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(*(permissions[codename] for codename in codenames))


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
