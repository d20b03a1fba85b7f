from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_bounded_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("accepted_at__isnull", True), ("cancelled_at__isnull", True)),
                fields=("email", "practice"),
                name="one_open_invitation_per_address_and_practice",
            ),
        ),
    ]
