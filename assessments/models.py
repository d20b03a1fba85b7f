"""The VaPCAT: versioned instruments (data loaded from ``fixtures/instruments``),
each respondent's answers, and the consensus score of each item."""

from django.conf import settings
from django.db import models

from accounts.bounded_text import PARAGRAPH, SHORT_PARAGRAPH, length_checks


class InstrumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False).order_by("-published_at", "-pk")

    def current(self):
        """The version new milestones start with in a cycle no version was published for:
        the newest published for every cycle (none chosen), else the newest published."""
        published = self.published()
        return published.filter(cycles__isnull=True).first() or published.first()

    def for_cycle(self, cycle):
        """The version new milestones in ``cycle`` start with: the newest published for that
        cycle, else the current one."""
        return self.for_cycles([cycle])[cycle]

    def for_cycles(self, cycles):
        """{cycle: the version its new milestones start with} (see ``for_cycle``) for every
        one of ``cycles``, in two queries; the rule of ``current`` read in Python."""
        published = list(self.published().prefetch_related("cycles"))
        for_every_cycle = [i for i in published if not i.cycles.all()]
        current = (for_every_cycle or published or [None])[0]
        return {
            cycle: next((i for i in published if cycle in i.cycles.all()), current)
            for cycle in cycles
        }


class Instrument(models.Model):
    name = models.CharField(max_length=120)
    version = models.CharField(max_length=20, unique=True)
    description = models.TextField(blank=True)
    scale = models.JSONField(
        help_text=(
            "The answer scale: a list of {value, label, meaning}; value null is 'don't know'. "
            "See assessments/scale.py."
        )
    )
    # The content hash (instrument_file.content_sha256): equal for the same instrument
    # whether it came from YAML, XLSX or CSV.
    source_sha256 = models.CharField(max_length=64, editable=False)
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Empty until an administrator publishes the version; only published versions start
    # milestones.
    published_at = models.DateTimeField(null=True, blank=True)
    cycles = models.ManyToManyField(
        "submissions.Cycle",
        blank=True,
        related_name="instruments",
        help_text="The cycles whose new milestones start with this version; none means every "
        "cycle without a version of its own.",
    )

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["-loaded_at"]

    def __str__(self):
        return f"{self.name} {self.version}"


class Domain(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField()
    examples = models.TextField(
        blank=True, help_text="The template's examples for this domain, shown beside it."
    )
    foundational_capabilities = models.JSONField(
        default=list, blank=True, help_text="Appendix 1 examples for this domain."
    )

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="domain_code_unique"),
            models.UniqueConstraint(fields=["instrument", "order"], name="domain_order_unique"),
        ]

    def __str__(self):
        return self.name


class Item(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=20)
    text = models.TextField()
    help = models.TextField(blank=True)
    advanced = models.BooleanField(
        default=False,
        help_text="Most relevant to large practices or Accountable Care Entities (asterisk).",
    )
    order = models.PositiveSmallIntegerField()
    source = models.TextField(
        blank=True, help_text="What the item was written from, e.g. the template's words."
    )

    class Meta:
        ordering = ["domain__order", "order"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="item_code_unique"),
        ]

    def __str__(self):
        return f"{self.code}{'*' if self.advanced else ''} {self.text[:60]}"


class Response(models.Model):
    """One respondent's questionnaire for one milestone."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        SUBMITTED = "submitted", "Submitted"

    milestone = models.ForeignKey(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="responses"
    )
    # A submitted milestone never loses answers: their author is deactivated, not deleted.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="vapcat_responses"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "respondent"], name="one_response_per_respondent"
            )
        ]

    def __str__(self):
        return f"{self.respondent} on {self.milestone}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A value of the instrument's scale; empty with dont_know set means 'don't know'.",
    )
    dont_know = models.BooleanField(default=False)
    comment = models.TextField(blank=True, max_length=PARAGRAPH)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item"),
            models.CheckConstraint(
                condition=~(models.Q(dont_know=True) & models.Q(value__isnull=False)),
                name="answer_value_or_dont_know",
            ),
            *length_checks("answer", ("comment", PARAGRAPH)),
        ]

    def __str__(self):
        value = "don't know" if self.dont_know else self.value
        return f"{self.item.code}: {value}"


class ConsensusScore(models.Model):
    """The practice's agreed score for one item; absent means 'use the default'."""

    milestone = models.ForeignKey(
        "submissions.MilestoneSubmission", on_delete=models.CASCADE, related_name="consensus"
    )
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField()
    # Printed beside the item in the PDF's item table.
    note = models.TextField(blank=True, max_length=SHORT_PARAGRAPH)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["milestone", "item"], name="one_consensus_per_item"),
            *length_checks("consensusscore", ("note", SHORT_PARAGRAPH)),
        ]

    def __str__(self):
        return f"{self.item.code} = {self.score}"
