"""The language of a partner's emails (partners.Partner.language)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0009_supply_counts")]

    operations = [
        migrations.AddField(
            model_name="partner",
            name="language",
            field=models.CharField(
                choices=[
                    ("en", "English"),
                    ("es", "Spanish"),
                    ("vi", "Vietnamese"),
                    ("zh-hans", "Simplified Chinese"),
                    ("ru", "Russian"),
                    ("so", "Somali"),
                ],
                default="en",
                help_text="The language of the partner's emails: the survey's, or their choice since.",
                max_length=10,
            ),
        ),
    ]
