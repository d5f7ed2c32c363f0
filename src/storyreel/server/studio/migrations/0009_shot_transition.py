from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("studio", "0008_story_bible"),
    ]

    operations = [
        migrations.AddField(
            model_name="shot",
            name="transition",
            field=models.CharField(blank=True, default="", max_length=10),
        ),
    ]
