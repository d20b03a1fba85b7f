"""Cycles, the milestone of one practice in one cycle, its lifecycle record,
snapshots frozen at each submit, review comments and the replies under them, the
notices each person was sent, and the supporting documents attached to a milestone.

The rules of the lifecycle live in ``submissions/lifecycle.py``; this module only
holds the data and what the database can enforce.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.bounded_text import COMMENT, NAME, length_checks


class Cycle(models.Model):
    """A deliverable cycle of the EPT portal (May 2026, November 2026)."""

    name = models.CharField(max_length=80, unique=True)
    opens_on = models.DateField()
    due_on = models.DateField()

    class Meta:
        ordering = ["due_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opens_on")), name="cycle_due_after_open"
            )
        ]

    def __str__(self):
        return self.name


class MilestoneSubmission(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        ACCEPTED = "accepted", "Accepted"

    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.PROTECT, related_name="milestones"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="milestones")
    instrument = models.ForeignKey(
        "assessments.Instrument",
        on_delete=models.PROTECT,
        related_name="milestones",
        help_text="The VaPCAT version this milestone was started with; it never changes.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(
        default=0, help_text="Number of times this milestone has been submitted."
    )
    # Who wrote a milestone's record is kept: such a user is deactivated, never deleted.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    # The statuses in which the practice may change the content.
    EDITABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)

    class Meta:
        ordering = ["cycle__due_on", "practice__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "cycle"], name="one_milestone_per_practice_and_cycle"
            ),
        ]

    def __str__(self):
        return f"{self.practice} - {self.cycle}"

    def get_absolute_url(self):
        return reverse("submissions:milestone", args=[self.pk])

    @property
    def is_editable(self):
        """Submitted and accepted milestones are read-only for the practice."""
        return self.status in self.EDITABLE


class Transition(models.Model):
    """One move of a milestone through its lifecycle: who, when, from, to, note."""

    milestone = models.ForeignKey(
        MilestoneSubmission, on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=MilestoneSubmission.Status.choices)
    to_status = models.CharField(max_length=20, choices=MilestoneSubmission.Status.choices)
    note = models.TextField(blank=True, max_length=COMMENT)

    class Meta:
        ordering = ["at", "pk"]
        constraints = length_checks("transition", ("note", COMMENT))

    def __str__(self):
        return f"{self.milestone}: {self.from_status} -> {self.to_status}"


class SectionRevision(models.Model):
    """The revision counter of one editable form of a milestone.

    Every editable form carries the revision it was loaded at; a save succeeds only if
    that is still the current revision (see ``submissions/concurrency.py``).
    """

    milestone = models.ForeignKey(
        MilestoneSubmission, on_delete=models.CASCADE, related_name="section_revisions"
    )
    section = models.CharField(max_length=60)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "section"], name="one_revision_per_section"
            )
        ]

    def __str__(self):
        return f"{self.milestone} {self.section} r{self.revision}"


class ReviewComment(models.Model):
    """A coach's comment on one section of a milestone; the practice marks it addressed.

    ``section`` is a key from ``submissions.sections`` ("vapcat", "gap:<domain code>",
    "capabilities", "plan:<position>", "process", "risks", or "general").
    """

    milestone = models.ForeignKey(
        MilestoneSubmission, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.CharField(max_length=40)
    body = models.TextField(max_length=COMMENT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(help_text="The submitted version commented on.")
    created_at = models.DateTimeField(auto_now_add=True)
    addressed_at = models.DateTimeField(null=True, blank=True)
    addressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = length_checks("reviewcomment", ("body", COMMENT))

    def __str__(self):
        return f"Comment on {self.section} of {self.milestone}"

    @property
    def is_open(self):
        return self.addressed_at is None


class CommentReply(models.Model):
    """One reply under a review comment, by the practice's lead or its coach: the
    comment's conversation, read oldest first."""

    comment = models.ForeignKey(ReviewComment, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    body = models.TextField(max_length=COMMENT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "comment replies"
        constraints = length_checks("commentreply", ("body", COMMENT))

    def __str__(self):
        return f"Reply to {self.comment}"


class ReviewReading(models.Model):
    """When one person last read a milestone's review conversations: the replies
    written after it (by others) are unread for them."""

    milestone = models.ForeignKey(
        MilestoneSubmission, on_delete=models.CASCADE, related_name="readings"
    )
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "reader"], name="one_reading_per_milestone_and_reader"
            )
        ]

    def __str__(self):
        return f"{self.reader} read {self.milestone} at {self.seen_at:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """What one person was told of a move, by e-mail and on their notices page."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Milestone submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        ACCEPTED = "accepted", "Milestone accepted"
        REOPENED = "reopened", "Milestone reopened"
        RESPONSE_SUBMITTED = "response_submitted", "A respondent submitted answers"
        RESPONSE_REOPENED = "response_reopened", "Answers reopened"
        REPLY = "reply", "Reply on a review comment"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    milestone = models.ForeignKey(
        MilestoneSubmission, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    subject = models.CharField(max_length=255)
    # The reason, the reviewer's note or the reply, as the e-mail quoted it.
    note = models.TextField(blank=True, max_length=COMMENT)
    # Where the e-mail's link led, without the site's address.
    link = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notice_recipient_recent")
        ]
        constraints = length_checks("notice", ("subject", 255), ("note", COMMENT))

    def __str__(self):
        return f"{self.subject} (to {self.recipient})"


class Snapshot(models.Model):
    """The frozen content of one submitted version, and the PDF and Word copy rendered
    from it.

    The content is frozen at submit; the PDF and the Word copy are rendered from it once,
    after the submit commits, and none of them changes after the fact. All live in the
    database so every app server can serve them.
    """

    milestone = models.ForeignKey(
        MilestoneSubmission, on_delete=models.CASCADE, related_name="snapshots"
    )
    version = models.PositiveIntegerField()
    content = models.JSONField()
    # Rendered from ``content`` right after the submit commits (or on first download if
    # that failed), then never changed.
    pdf = models.BinaryField(null=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    # The Word copy: rendered from ``content`` like the PDF, then never changed.
    docx = models.BinaryField(null=True, editable=False)
    docx_sha256 = models.CharField(max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["milestone", "version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "version"], name="one_snapshot_per_version"
            )
        ]

    def __str__(self):
        return f"{self.milestone} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A snapshot is immutable once written.")
        super().save(*args, **kwargs)


class Extension(models.Model):
    """A later due date an administrator granted one practice in one cycle.

    Extensions are never edited: a second grant is a new row, and the latest grant is
    the practice's due date (``submissions.deadlines``). All of them stay as the record.
    """

    practice = models.ForeignKey(
        "practices.Practice", on_delete=models.CASCADE, related_name="extensions"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="extensions")
    due_on = models.DateField("new due date")
    reason = models.TextField(max_length=COMMENT)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["practice__name", "cycle__due_on", "-granted_at", "-pk"]
        get_latest_by = ["granted_at", "pk"]
        indexes = [models.Index(fields=["cycle", "practice"], name="extension_cycle_practice")]
        constraints = length_checks("extension", ("reason", COMMENT))

    def __str__(self):
        return f"{self.practice} - {self.cycle}: due {self.due_on:%Y-%m-%d}"


def attachment_path(attachment, name):
    """Where a supporting document is stored: under its milestone, by a random name (the
    extension of its checked type), never by what the uploader called it."""
    suffix = PurePosixPath(name).suffix.lower()
    return f"attachments/{attachment.milestone_id}/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """A supporting document a practice attached to its milestone (the completed official
    VaPCAT, board minutes, a signed data agreement).

    The stored file is never changed or overwritten. Removing a document from the draft
    marks it removed; a snapshot that lists it keeps serving the same bytes (checked by
    ``sha256``). The rules (types, sizes) live in ``submissions/attachments.py``.
    """

    class Part(models.TextChoices):
        VAPCAT = "vapcat", "A. VaPCAT self-assessment"
        GAP_ANALYSIS = "gap_analysis", "B. Gap analysis"
        CAPABILITIES = "capabilities", "B. The three capabilities"
        PROCESS = "process", "C. Process summary"
        ACTION_PLAN = "action_plan", "C. Action plan"
        RISKS = "risks", "C. Risks and mitigations"

    NAME_LENGTH = 120
    # What a document supports when no part was chosen.
    WHOLE_MILESTONE = "The milestone as a whole"

    milestone = models.ForeignKey(
        MilestoneSubmission, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=200, blank=True)
    name = models.CharField(
        max_length=NAME_LENGTH, help_text="The uploaded file's name, made safe."
    )
    description = models.CharField(max_length=NAME)
    part = models.CharField("part it supports", max_length=20, choices=Part.choices, blank=True)
    content_type = models.CharField(max_length=100, help_text="Detected from the content.")
    size = models.PositiveBigIntegerField(help_text="In bytes.")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["milestone", "removed_at"], name="attachment_current")]
        constraints = [
            *length_checks("attachment", ("name", 120), ("description", NAME)),
            models.CheckConstraint(condition=models.Q(size__gt=0), name="attachment_not_empty"),
        ]

    def __str__(self):
        return f"{self.name} ({self.milestone})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            # Removal is an UPDATE of its own (``attachments.attachment_remove``).
            raise ValueError("A supporting document is never changed once stored.")
        super().save(*args, **kwargs)

    @property
    def part_shown(self):
        """The part it supports, as the pages name it."""
        return self.get_part_display() or self.WHOLE_MILESTONE

    @property
    def is_removed(self):
        return self.removed_at is not None
