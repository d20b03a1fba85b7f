"""The content stamp: a random value a milestone draws anew whenever its content changes.

What is derived from the content alone (the task list; the drawn plan, results and gap
analysis rows) is kept under the stamp with ``kept`` and drawn again once the stamp
moves. Random rather than counted: a stamp drawn in a transaction that is rolled back
is never drawn again, so nothing computed inside it can be mistaken for later content.

Every model of the content is in ``TRACKED``, with the way from the milestone to it. Its
saves and deletes, from the forms, the admin site or anywhere, restamp the milestone in
the same transaction. Writes that send no signal (``bulk_create``, ``bulk_update``,
``QuerySet.update``) call ``restamp`` themselves: the answers' autosave and the demo
seeding. A new milestone's first rows need none: its stamp is new.
``tests/submissions/test_stamps.py`` fails when a model that reaches a milestone is not
tracked.
"""

import hashlib
import uuid

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

# How long something kept is kept unread; a new stamp makes it unreachable anyway.
KEEP_SECONDS = 60 * 60

# model label: (lookup from the milestone, attribute of the instance it matches)
TRACKED = {
    "assessments.Response": ("pk", "milestone_id"),
    "assessments.Answer": ("responses", "response_id"),
    "assessments.ConsensusScore": ("pk", "milestone_id"),
    "gap_analysis.DomainRating": ("pk", "milestone_id"),
    "gap_analysis.Capability": ("pk", "milestone_id"),
    "action_plans.ProcessSummary": ("pk", "milestone_id"),
    "action_plans.ActionPlan": ("capabilities", "capability_id"),
    "action_plans.Activity": ("capabilities__plan", "plan_id"),
    "action_plans.KeyDecision": ("capabilities__plan", "plan_id"),
    "action_plans.StructuralChange": ("capabilities__plan", "plan_id"),
    "action_plans.Indicator": ("capabilities__plan", "plan_id"),
    "action_plans.Risk": ("pk", "milestone_id"),
    "action_plans.Mitigation": ("risks", "risk_id"),
}


def restamp(**lookup):
    """Give the milestones matching ``lookup`` (e.g. ``pk=3``) a new content stamp."""
    from submissions.models import MilestoneSubmission

    MilestoneSubmission.objects.filter(**lookup).update(content_stamp=uuid.uuid4())


def _changed(sender, instance, **kwargs):
    if kwargs.get("raw"):  # loading fixtures: no milestone to restamp yet
        return
    lookup, attribute = TRACKED[sender._meta.label]
    restamp(**{lookup: getattr(instance, attribute)})


def connect():
    for label in TRACKED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"restamp-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"restamp-delete-{label}")


def keep(compute, *read):
    """``compute()``, kept in this worker's cache under ``read``: everything the result
    depends on, as values with a stable ``repr``."""
    key = "kept:" + hashlib.sha256(repr(read).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEEP_SECONDS)
    return value


def kept(milestone, compute, *what):
    """``compute()``, kept under the milestone's content stamp and what else
    content-derived output reads: the cycle's dates and the instrument. ``what`` names the
    output and anything else it depends on (a position, read-only or not).

    Only for output derived from the content alone: nothing about the request, the
    user beyond ``what``, the milestone's status, comments or revisions.
    """
    cycle, instrument = milestone.cycle, milestone.instrument
    return keep(
        compute,
        *what,
        milestone.pk,
        milestone.content_stamp,
        *(getattr(cycle, field.attname) for field in cycle._meta.concrete_fields),
        instrument.pk,
        instrument.source_sha256,
        instrument.loaded_at,
    )
