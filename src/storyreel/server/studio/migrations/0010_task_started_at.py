from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("studio", "0009_shot_transition"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="task",
            name="output",
            field=models.FileField(blank=True, upload_to="documents/"),
        ),
    ]
