"""Saved VBP payment estimates ("scenarios") of a milestone.

A scenario keeps only its inputs, as the JSON object ``manage.py estimate_incentive``
reads; the estimate itself is computed from them by ``incentives.model`` whenever it is
shown, so a scenario never holds a number that could disagree with the model.
"""

from django.conf import settings
from django.db import models

from accounts.bounded_text import NAME, length_checks

NAME_MAX_LENGTH = NAME
SCENARIOS_MAX = 6  # side by side on one page


class SavedEstimate(models.Model):
    milestone = models.ForeignKey(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="estimates"
    )
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    inputs = models.JSONField(help_text="The inputs, as manage.py estimate_incentive reads them.")
    in_pdf = models.BooleanField(
        "print in the PDF", default=False, help_text="Printed as an appendix to the milestone PDF."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "name"], name="one_estimate_per_name"),
            *length_checks("savedestimate", ("name", NAME)),
        ]
        verbose_name = "saved estimate"

    def __str__(self):
        return self.name
