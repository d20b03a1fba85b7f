"""Section B of the template: one rating per VaPCAT domain and the three capabilities."""

from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from accounts.bounded_text import NAME, PARAGRAPH, length_checks

MATURITY_RUBRIC = {
    0: "No capabilities in this domain are in place at our practice",
    1: "We have minimal components of a few elements in place",
    2: "We have minimal components of most/all elements in place",
    3: "At least one element is an area of strength and we have minimal components of "
    "other elements",
    4: "Several components are an area of strength",
    5: "Most/all components are an area of strength",
}


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


PRIORITY_RUBRIC = {
    Priority.HIGH: "This is very important to us; existing gaps materially limit near-term "
    "participation or success in VBP",
    Priority.MEDIUM: "This is important to us to optimize our performance but it’s not an "
    "immediate barrier for participation",
    Priority.LOW: "This is less important to us either because it will take a very long time "
    "to build or we have already partially addressed gaps",
}


class DomainRating(models.Model):
    """One row of the gap-analysis table. Every milestone has exactly one per domain."""

    milestone = models.ForeignKey(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="domain_ratings"
    )
    domain = models.ForeignKey("assessments.Domain", on_delete=models.PROTECT, related_name="+")
    current_state = models.TextField(blank=True, max_length=PARAGRAPH)
    maturity = models.PositiveSmallIntegerField(
        "VBP domain maturity", null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    gaps = models.TextField("specific capability gaps", blank=True, max_length=PARAGRAPH)
    priority = models.CharField(
        "priority for action", max_length=10, choices=Priority.choices, blank=True
    )
    rationale = models.TextField(blank=True, max_length=PARAGRAPH)

    history = HistoricalRecords()

    class Meta:
        ordering = ["domain__order"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "domain"], name="one_rating_per_domain"),
            models.CheckConstraint(
                condition=models.Q(maturity__isnull=True) | models.Q(maturity__lte=5),
                name="maturity_0_5",
            ),
            *length_checks(
                "domainrating",
                ("current_state", PARAGRAPH),
                ("gaps", PARAGRAPH),
                ("rationale", PARAGRAPH),
            ),
        ]

    def __str__(self):
        return f"{self.domain} ({self.milestone})"


class Capability(models.Model):
    """One of the three capabilities the practice will address ("area of improvement")."""

    class Delivery(models.TextChoices):
        INTERNAL = "internal", "Built internally"
        PARTNER = "partner", "Provided by a partner"

    class PartnerType(models.TextChoices):
        MCP = "mcp", "Medi-Cal managed care plan (MCP)"
        ACO = "aco", "Backbone organization (e.g., accountable care organization)"
        IPA = "ipa", "Independent Practice Association (IPA)"
        HCCN = "hccn", "Health Center Controlled Network (HCCN)"
        OTHER = "other", "Other partner"

    milestone = models.ForeignKey(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="capabilities"
    )
    position = models.PositiveSmallIntegerField()
    domain = models.ForeignKey(
        "assessments.Domain", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField("specific capability", max_length=NAME, blank=True)
    why_priority = models.TextField("why this is a priority", blank=True, max_length=PARAGRAPH)
    delivery = models.CharField(
        "built internally or provided by a partner",
        max_length=10,
        choices=Delivery.choices,
        blank=True,
    )
    partner_type = models.CharField(max_length=10, choices=PartnerType.choices, blank=True)
    partner_name = models.CharField(max_length=NAME, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "capabilities"
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "position"], name="one_capability_per_position"
            ),
            models.CheckConstraint(
                condition=models.Q(position__gte=1) & models.Q(position__lte=3),
                name="capability_position_1_3",
            ),
            *length_checks(
                "capability",
                ("name", NAME),
                ("why_priority", PARAGRAPH),
                ("partner_name", NAME),
            ),
        ]

    def __str__(self):
        return f"Capability {self.position}: {self.name or '(not named yet)'}"
