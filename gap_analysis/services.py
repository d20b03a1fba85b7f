"""Writing section B: saving the five rows, and adding, saving and removing capabilities.

Every write first locks the milestone and checks that it is still editable
(``editing.lock_editable``), then claims the section's revision
(``concurrency.claim_revision``), inside one transaction: a milestone submitted in the
meantime, or somebody else's newer save, leaves nothing written
(``TransitionError``, ``StaleEdit``). A capability is always edited in place, never
deleted and created again: its action plan (``ActionPlan.capability``) follows it.
"""

from django.db import transaction

from accounts.same_text import same_text_key
from gap_analysis import completeness
from gap_analysis.models import Capability
from submissions.concurrency import claim_revision
from submissions.editing import lock_editable

RATINGS_SECTION = "gap_analysis"
CAPABILITIES_SECTION = "capabilities"
POSITIONS = range(1, completeness.REQUIRED_CAPABILITIES + 1)


class CapabilityError(Exception):
    """A capability change that cannot be made; ``str()`` is the user-facing reason."""


def with_gap(gaps, text):
    """``gaps`` with ``text`` added on a line of its own, unless it is listed already."""
    gaps = gaps or ""
    text = text.strip()
    if same_text_key(text) in same_text_key(gaps):
        return gaps
    if gaps.strip():
        return f"{gaps.rstrip()}\n{text}"
    return text


def has_plan(capability):
    return hasattr(capability, "plan")


def lowest_free_position(capabilities):
    taken = {capability.position for capability in capabilities}
    return next((position for position in POSITIONS if position not in taken), None)


@transaction.atomic
def domain_ratings_save(milestone, forms, user, revision):
    """Save the five rows of the gap-analysis table as one draft."""
    lock_editable(milestone)
    claim_revision(milestone, RATINGS_SECTION, revision, user)
    for form in forms:
        form.save()


@transaction.atomic
def capabilities_save(milestone, forms, user, revision, *, add=False, remove=None):
    """Save the typed capabilities, then add one or remove one.

    ``add`` puts a new, empty capability at the lowest free position. ``remove`` (a
    capability) is removed here only when it has no action plan; one with a plan needs
    the confirmation step, ``capability_remove``. Returns (added, removed).
    """
    lock_editable(milestone)
    claim_revision(milestone, CAPABILITIES_SECTION, revision, user)
    forms.save()
    removed = added = None
    if remove is not None and not has_plan(remove):
        remove.delete()
        removed = remove
    if add:
        position = lowest_free_position(Capability.objects.filter(milestone=milestone))
        if position is None:
            raise CapabilityError(
                "You already have three capabilities; remove one before adding another."
            )
        added = Capability.objects.create(milestone=milestone, position=position)
    return added, removed


@transaction.atomic
def capability_remove(milestone, capability, user, revision):
    """Remove a capability and with it its action plan.

    Nothing is lost for good: django-simple-history records the deletion of the
    capability, its plan and every row of the plan, with their last content.
    """
    lock_editable(milestone)
    claim_revision(milestone, CAPABILITIES_SECTION, revision, user)
    capability.delete()
