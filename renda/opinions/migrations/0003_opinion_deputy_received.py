# A deputy's opinions of a year, counted by the duty record (issue 14 at province scale): an index-only range.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opinions", "0002_receptions_duty"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="opinion",
            index=models.Index(fields=["deputy", "received_on"], name="opinion_deputy_received"),
        ),
    ]
