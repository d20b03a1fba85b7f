"""An export bundle: the PDF and Word copy of every submitted milestone of a cycle, in
one zip written by a background task (``exports/bundle.py``)."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

# How long a bundle's zip is kept.
BUNDLE_LIFETIME = timedelta(days=7)


def _expiry():
    return timezone.now() + BUNDLE_LIFETIME


class ExportBundle(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being written"
        DONE = "done", "Ready"
        FAILED = "failed", "Could not be written"
        EXPIRED = "expired", "Expired"

    cycle = models.ForeignKey(
        "submissions.Cycle", on_delete=models.PROTECT, related_name="export_bundles"
    )
    # The cohort board's query string (status, coach, ...) the bundle was started with.
    filters = models.JSONField(default=dict, blank=True)
    # The practices those filters chose when the bundle was started.
    practice_ids = models.JSONField(default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="bundles/", blank=True)
    # [{"practice": ..., "file": ..., "error": ...}] for each file that could not be made.
    failures = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=_expiry)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done__lte=models.F("total")), name="bundle_done_le_total"
            )
        ]

    def __str__(self):
        return f"Bundle of {self.cycle} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("exports:bundle", args=[self.pk])

    def is_expired(self, now=None):
        return self.status == self.Status.EXPIRED or (now or timezone.now()) >= self.expires_at

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED)
