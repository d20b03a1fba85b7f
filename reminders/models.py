"""The reminders of a cycle: its schedule (days before the due date) and every reminder
sent, one row per person and step, so a sweep run again sends nothing twice."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

DEFAULT_DAYS = (30, 14, 7, 1)


def parse_days(text):
    """The days of a schedule written as "30, 14, 7, 1": positive, distinct, largest
    first; a ValidationError names what is wrong."""
    days = []
    for piece in str(text).replace(" ", "").split(","):
        if not piece:
            continue
        if not piece.isdigit() or int(piece) < 1:
            raise ValidationError(
                f"'{piece}' is not a number of days: write positive whole numbers separated "
                "by commas, e.g. 30, 14, 7, 1."
            )
        if int(piece) in days:
            raise ValidationError(f"{piece} days appears twice: each day may appear once.")
        days.append(int(piece))
    if not days:
        raise ValidationError("Write at least one number of days, e.g. 30, 14, 7, 1.")
    return sorted(days, reverse=True)


def validate_days(text):
    parse_days(text)


class ReminderSchedule(models.Model):
    cycle = models.OneToOneField(
        "submissions.Cycle", on_delete=models.CASCADE, related_name="reminder_schedule"
    )
    days = models.CharField(
        max_length=200,
        default="30, 14, 7, 1",
        validators=[validate_days],
        help_text="Days before the due date on which reminders go, separated by commas.",
    )

    def __str__(self):
        return f"Reminders of {self.cycle}: {self.days} days before"

    def save(self, *args, **kwargs):
        self.days = ", ".join(str(day) for day in parse_days(self.days))
        super().save(*args, **kwargs)


def schedule_days(cycle):
    """The cycle's days before the due date, largest first (the defaults without a
    schedule)."""
    schedule = ReminderSchedule.objects.filter(cycle=cycle).first()
    return parse_days(schedule.days) if schedule else list(DEFAULT_DAYS)


class Reminder(models.Model):
    class Kind(models.TextChoices):
        LEAD = "lead", "What is left of the milestone"
        RESPONDENT = "respondent", "Your VaPCAT questionnaire"
        COACH = "coach", "Your practices' standing"
        STALLED = "stalled", "Changes requested, nothing moved"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    cycle = models.ForeignKey("submissions.Cycle", on_delete=models.CASCADE, related_name="+")
    milestone = models.ForeignKey(
        "submissions.MilestoneSubmission",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # "7d" for the step 7 days before the due date; "stalled-<transition pk>" for one request.
    step = models.CharField(max_length=40)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    link = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "cycle", "milestone", "kind", "step"],
                condition=models.Q(milestone__isnull=False),
                name="one_reminder_per_person_and_step",
            ),
            # A coach's digest has no milestone (NULLs are distinct in a unique index).
            models.UniqueConstraint(
                fields=["recipient", "cycle", "kind", "step"],
                condition=models.Q(milestone__isnull=True),
                name="one_digest_per_person_and_step",
            ),
        ]

    def __str__(self):
        return f"{self.subject} to {self.recipient}"
