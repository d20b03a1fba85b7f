from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0004_remove_milestonesubmission_content_stamp"),
    ]

    operations = [
        migrations.AlterField(
            model_name="snapshot",
            name="pdf",
            field=models.BinaryField(editable=False, null=True),
        ),
        migrations.AlterField(
            model_name="snapshot",
            name="pdf_sha256",
            field=models.CharField(blank=True, max_length=64),
        ),
    ]
