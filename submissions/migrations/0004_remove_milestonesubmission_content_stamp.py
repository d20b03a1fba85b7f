from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0003_content_stamp"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="milestonesubmission",
            name="content_stamp",
        ),
    ]
