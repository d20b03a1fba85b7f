"""Section C of the template: the process summary, one plan per capability, two risks."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.bounded_text import (
    ENTRY,
    LONG_PARAGRAPH,
    NAME,
    PARAGRAPH,
    SHORT_PARAGRAPH,
    length_checks,
)
from action_plans import rules

UNIT = 60


class ProcessSummary(models.Model):
    milestone = models.OneToOneField(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="process_summary"
    )
    overview = models.TextField(
        "overview of activities and approach", blank=True, max_length=LONG_PARAGRAPH
    )
    people_involved = models.TextField(
        "leadership and staff involved", blank=True, max_length=PARAGRAPH
    )
    alignment = models.TextField(
        "alignment with other priorities", blank=True, max_length=PARAGRAPH
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "process summaries"
        constraints = length_checks(
            "processsummary",
            ("overview", LONG_PARAGRAPH),
            ("people_involved", PARAGRAPH),
            ("alignment", PARAGRAPH),
        )

    def __str__(self):
        return f"Process summary of {self.milestone}"


class ActionPlan(models.Model):
    """The action-plan row of one capability (its "area of improvement")."""

    capability = models.OneToOneField(
        "gap_analysis.Capability", on_delete=models.CASCADE, related_name="plan"
    )
    goals = models.TextField(blank=True, max_length=PARAGRAPH)
    process_manager = models.CharField("who manages the process", max_length=NAME, blank=True)
    other_staff = models.TextField(
        "other key staff involved", blank=True, max_length=SHORT_PARAGRAPH
    )
    leadership_engagement = models.TextField(
        "how leadership will be engaged", blank=True, max_length=PARAGRAPH
    )
    leadership_needs = models.TextField(
        "what is needed from leadership", blank=True, max_length=PARAGRAPH
    )

    history = HistoricalRecords()

    class Meta:
        constraints = length_checks(
            "actionplan",
            ("goals", PARAGRAPH),
            ("process_manager", NAME),
            ("other_staff", SHORT_PARAGRAPH),
            ("leadership_engagement", PARAGRAPH),
            ("leadership_needs", PARAGRAPH),
        )

    def __str__(self):
        return f"Plan for {self.capability}"


class MonthYear(models.Model):
    """A target completion month and year."""

    target_month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    target_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def target_label(self):
        """The target as people read it ("June 2027"), or what is missing."""
        if self.target_month and 1 <= self.target_month <= 12 and self.target_year:
            return rules.format_month(self.target_year, self.target_month)
        if self.target_year:
            return f"{self.target_year} (month not chosen)"
        if self.target_month and 1 <= self.target_month <= 12:
            return f"{rules.MONTH_NAMES[self.target_month - 1]} (year not chosen)"
        return "No date yet"


class Activity(MonthYear):
    """A major activity. Shown in date order; activities without a date come last."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    description = models.TextField(max_length=ENTRY)

    history = HistoricalRecords()

    class Meta:
        ordering = [
            models.F("target_year").asc(nulls_last=True),
            models.F("target_month").asc(nulls_last=True),
            "pk",
        ]
        verbose_name_plural = "activities"
        constraints = length_checks("activity", ("description", ENTRY))

    def __str__(self):
        return self.description[:80]


class KeyDecision(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="key_decisions")
    description = models.TextField(max_length=ENTRY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = length_checks("keydecision", ("description", ENTRY))

    def __str__(self):
        return self.description[:80]


class StructuralChange(models.Model):
    class Category(models.TextChoices):
        GOVERNANCE = "governance", "Governance"
        STAFFING = "staffing", "Staffing"
        CONTRACTING = "contracting", "Contracting"
        WORKFLOW = "workflow", "Workflow redesign"
        OTHER = "other", "Other"

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="structural_changes"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    description = models.TextField(max_length=ENTRY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = length_checks("structuralchange", ("description", ENTRY))

    def __str__(self):
        return f"{self.get_category_display()}: {self.description[:60]}"


class Indicator(MonthYear):
    """A specific, measurable indicator of progress: numeric (a target with its unit,
    from an optional baseline, by a month) or a milestone (a dated, checkable outcome:
    ``name`` is the outcome, ``how_measured`` how it will be verified, the target month
    when it is to be achieved)."""

    class Kind(models.TextChoices):
        NUMERIC = "numeric", "Numeric"
        MILESTONE = "milestone", "Milestone (a dated outcome)"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(
        "kind of indicator", max_length=10, choices=Kind.choices, default=Kind.NUMERIC
    )
    name = models.CharField(max_length=NAME)
    # Blank is allowed in a draft; the completeness check asks for it.
    how_measured = models.TextField("how it is measured or verified", blank=True, max_length=ENTRY)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=UNIT, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            *length_checks("indicator", ("name", NAME), ("how_measured", ENTRY), ("unit", UNIT)),
            models.CheckConstraint(
                condition=models.Q(kind__in=["numeric", "milestone"]), name="indicator_kind"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_milestone(self):
        return self.kind == self.Kind.MILESTONE


class Risk(models.Model):
    milestone = models.ForeignKey(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="risks"
    )
    position = models.PositiveSmallIntegerField()
    description = models.TextField("risk", blank=True, max_length=SHORT_PARAGRAPH)
    why_likely = models.TextField("why it is likely", blank=True, max_length=PARAGRAPH)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "position"], name="one_risk_per_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1) & models.Q(position__lte=2),
                name="risk_position_1_2",
            ),
            *length_checks("risk", ("description", SHORT_PARAGRAPH), ("why_likely", PARAGRAPH)),
        ]

    def __str__(self):
        return f"Risk {self.position}: {self.description[:60]}"


class Mitigation(models.Model):
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="mitigations")
    description = models.TextField(max_length=ENTRY)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = length_checks("mitigation", ("description", ENTRY))

    def __str__(self):
        return self.description[:80]
