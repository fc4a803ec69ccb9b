"""The catalogs' text in every language (django-modeltranslation, partners/translation.py):
a column per language, the English one filled from the text kept so far."""

from django.db import migrations, models

CATALOGS = {
    "PartnerRole": ("name", "help_text"),
    "OrganizationType": ("name", "help_text"),
    "Certification": ("name", "help_text"),
    "Tier": ("name", "help_text", "grades", "description"),
    "Experience": ("name", "help_text"),
    "Contribution": ("name", "help_text"),
    "Pathway": ("name", "help_text"),
}


def fill_english(apps, schema_editor):
    for model_name, fields in CATALOGS.items():
        model = apps.get_model("partners", model_name)
        for entry in model.objects.all():
            for field in fields:
                setattr(entry, f"{field}_en", getattr(entry, field))
            entry.save(update_fields=[f"{field}_en" for field in fields])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0010_partner_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="certification",
            name="help_text_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="help_text_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="help_text_ru",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="help_text_so",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="help_text_vi",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="help_text_zh_hans",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="name_en",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="name_es",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="name_ru",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="name_so",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="name_vi",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="certification",
            name="name_zh_hans",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="help_text_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="help_text_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="help_text_ru",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="help_text_so",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="help_text_vi",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="help_text_zh_hans",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="name_en",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="name_es",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="name_ru",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="name_so",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="name_vi",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="contribution",
            name="name_zh_hans",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="help_text_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="help_text_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="help_text_ru",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="help_text_so",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="help_text_vi",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="help_text_zh_hans",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="name_en",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="name_es",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="name_ru",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="name_so",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="name_vi",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="experience",
            name="name_zh_hans",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="help_text_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="help_text_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="help_text_ru",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="help_text_so",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="help_text_vi",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="help_text_zh_hans",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="name_en",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="name_es",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="name_ru",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="name_so",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="name_vi",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="organizationtype",
            name="name_zh_hans",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="help_text_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="help_text_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="help_text_ru",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="help_text_so",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="help_text_vi",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="help_text_zh_hans",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="name_en",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="name_es",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="name_ru",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="name_so",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="name_vi",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="partnerrole",
            name="name_zh_hans",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="help_text_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="help_text_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="help_text_ru",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="help_text_so",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="help_text_vi",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="help_text_zh_hans",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="name_en",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="name_es",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="name_ru",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="name_so",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="name_vi",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="pathway",
            name="name_zh_hans",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="description_en",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="description_es",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="description_ru",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="description_so",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="description_vi",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="description_zh_hans",
            field=models.TextField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="grades_en",
            field=models.CharField(blank=True, max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="grades_es",
            field=models.CharField(blank=True, max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="grades_ru",
            field=models.CharField(blank=True, max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="grades_so",
            field=models.CharField(blank=True, max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="grades_vi",
            field=models.CharField(blank=True, max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="grades_zh_hans",
            field=models.CharField(blank=True, max_length=60, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="help_text_en",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="help_text_es",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="help_text_ru",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="help_text_so",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="help_text_vi",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="help_text_zh_hans",
            field=models.CharField(blank=True, max_length=300, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="name_en",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="name_es",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="name_ru",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="name_so",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="name_vi",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddField(
            model_name="tier",
            name="name_zh_hans",
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.RunPython(fill_english, migrations.RunPython.noop),
    ]
