"""No lost updates: every editable form carries the revision it was loaded at.

A form renders ``current_revision(milestone, section)`` in a hidden field; on save the
view calls ``claim_revision(...)`` inside its transaction. The claim is one conditional
UPDATE, so of two saves loaded at the same revision exactly one wins on SQLite and on
PostgreSQL alike; the other gets ``StaleEdit`` and is shown what changed.
"""

from django.db.models import F
from django.utils import timezone

from submissions.models import SectionRevision


class StaleEdit(Exception):
    """Someone saved this form after it was loaded."""

    def __init__(self, revision):
        super().__init__(revision)
        self.revision = revision

    @property
    def message(self):
        return (
            f"{self.revision.updated_by or 'Someone'} saved this form after you opened it "
            f"(at {timezone.localtime(self.revision.updated_at):%H:%M}). Your changes were "
            "not saved: they are still in the form below, beside what is stored now. "
            "Review both, then save again."
        )


def current_revision(milestone, section):
    revision = SectionRevision.objects.filter(milestone=milestone, section=section).first()
    return revision.revision if revision else 0


def claim_revision(milestone, section, loaded, user):
    """Move the section from revision ``loaded`` to the next one, or raise ``StaleEdit``."""
    revision, _ = SectionRevision.objects.get_or_create(milestone=milestone, section=section)
    updated = SectionRevision.objects.filter(pk=revision.pk, revision=loaded).update(
        revision=F("revision") + 1, updated_by=user, updated_at=timezone.now()
    )
    if not updated:
        revision.refresh_from_db()
        raise StaleEdit(revision)
    return loaded + 1


def parse_revision(data):
    """The revision a POST says it was loaded at (0 when missing or garbled)."""
    try:
        return max(int(data.get("revision", 0)), 0)
    except (TypeError, ValueError):
        return 0


def bump_revision(milestone, section, user):
    """Move the section to its next revision without checking which one was loaded.

    For writes that merge rather than replace (an autosave of one answer): they never
    overwrite another save, but a whole-form save loaded before them must see them.
    """
    revision, _ = SectionRevision.objects.get_or_create(milestone=milestone, section=section)
    SectionRevision.objects.filter(pk=revision.pk).update(
        revision=F("revision") + 1, updated_by=user, updated_at=timezone.now()
    )
    revision.refresh_from_db(fields=["revision"])
    return revision.revision
