from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("studio", "0004_task_deadline"),
    ]

    operations = [
        migrations.AddField(
            model_name="shot",
            name="length_s",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="shot",
            name="deleted_at",
            field=models.DateTimeField(blank=True, db_index=True, null=True),
        ),
    ]
