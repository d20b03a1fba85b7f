"""When a practice's milestone is due: its cycle's due date, or the latest extension an
administrator granted the practice for that cycle.

One place answers it for the lifecycle (starting and submitting after the due date),
the deliverable's late mark, the reminders and the cohort board.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from submissions.models import Extension


def today():
    """The local date the cycle rules go by (one function, so tests can choose it)."""
    return timezone.localdate()


@dataclass(frozen=True)
class Deadline:
    due_on: date
    extension: Extension | None = None

    @property
    def extended(self):
        return self.extension is not None

    def days_left(self, today=None):
        """Days from ``today`` (the local date) to the due date; negative once past."""
        return (self.due_on - (today or timezone.localdate())).days

    def is_past(self, today=None):
        return self.days_left(today) < 0

    def describe(self, cycle):
        """'July 15, 2026 (extended from May 31, 2026)' or 'May 31, 2026'."""
        when = _long(self.due_on)
        return f"{when} (extended from {_long(cycle.due_on)})" if self.extended else when


def _long(day):
    return f"{day:%B} {day.day}, {day.year}"


def deadline(practice, cycle):
    """The practice's deadline in ``cycle`` (one query)."""
    extension = (
        Extension.objects.filter(practice=practice, cycle=cycle)
        .select_related("granted_by")
        .order_by("-granted_at", "-pk")
        .first()
    )
    return Deadline(extension.due_on, extension) if extension else Deadline(cycle.due_on)


def deadlines(cycle, practice_ids=None):
    """{practice id: Deadline} for the practices of ``practice_ids`` (all when None) in
    ``cycle``, in one query; a practice without an extension reads the cycle's date
    through ``for_practice``."""
    extensions = Extension.objects.filter(cycle=cycle).order_by("granted_at", "pk")
    if practice_ids is not None:
        extensions = extensions.filter(practice_id__in=list(practice_ids))
    latest = {}
    for extension in extensions.select_related("granted_by"):
        latest[extension.practice_id] = extension  # ordered oldest first: the last wins
    return Deadlines(cycle, latest)


def practice_deadlines(practice, cycles):
    """The practice's Deadline in each of ``cycles``, in their order (one query)."""
    latest = {}
    for extension in Extension.objects.filter(practice=practice).order_by("granted_at", "pk"):
        latest[extension.cycle_id] = extension
    return [
        Deadline(latest[cycle.pk].due_on, latest[cycle.pk])
        if cycle.pk in latest
        else Deadline(cycle.due_on)
        for cycle in cycles
    ]


class Deadlines:
    def __init__(self, cycle, latest):
        self.cycle = cycle
        self.latest = latest

    def for_practice(self, practice_id):
        extension = self.latest.get(practice_id)
        if extension is None:
            return Deadline(self.cycle.due_on)
        return Deadline(extension.due_on, extension)
