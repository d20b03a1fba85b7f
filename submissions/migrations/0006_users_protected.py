# Who wrote a milestone's record (created it, moved it, saved a section, commented,
# addressed a comment, submitted a version) is kept: deleting such a user is refused.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def protected(**extra):
    return models.ForeignKey(
        null=True,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to=settings.AUTH_USER_MODEL,
        **extra,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0005_snapshot_pdf_after_submit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField("milestonesubmission", "created_by", protected()),
        migrations.AlterField("transition", "actor", protected()),
        migrations.AlterField("sectionrevision", "updated_by", protected()),
        migrations.AlterField("reviewcomment", "author", protected()),
        migrations.AlterField("reviewcomment", "addressed_by", protected(blank=True)),
        migrations.AlterField("snapshot", "submitted_by", protected()),
    ]
