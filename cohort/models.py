"""Where each milestone stands, counted once and stored, so that the cohort board reads
one row per practice in a constant number of queries (the completeness check costs
about twenty queries per milestone, too many to run for every row of a page)."""

from django.db import models


class Standing(models.Model):
    """A milestone's unmet rules per part, its respondents and its last activity, as
    counted at ``counted_at`` by ``cohort.standing.standing_refresh``."""

    milestone = models.OneToOneField(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="standing"
    )
    vapcat_unmet = models.PositiveIntegerField("VaPCAT unmet rules", default=0)
    gap_analysis_unmet = models.PositiveIntegerField("gap analysis unmet rules", default=0)
    action_plan_unmet = models.PositiveIntegerField("action plan unmet rules", default=0)
    unmet = models.PositiveIntegerField("unmet rules in all", default=0)
    respondents_submitted = models.PositiveIntegerField(default=0)
    respondents_invited = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    counted_at = models.DateTimeField()

    class Meta:
        ordering = ["milestone"]

    def __str__(self):
        return f"{self.milestone}: {self.unmet} unmet rules"
