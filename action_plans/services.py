"""Writes of part C. Each save first locks the milestone and checks it is still editable
(a save that races a submit is refused once the milestone is submitted), then claims its
section's revision, so that of two people saving the same form only one wins (no lost
updates). All of it inside one transaction."""

from django.db import transaction

from action_plans import rules
from action_plans.catalogue import ActivitySuggestion
from action_plans.models import Activity, Indicator, Risk
from submissions.concurrency import claim_revision
from submissions.editing import lock_editable

PROCESS = "process"
RISKS = "risks"


def plan_section(position):
    return f"plan:{position}"


@transaction.atomic
def process_summary_save(milestone, form, user, revision):
    lock_editable(milestone)
    claim_revision(milestone, PROCESS, revision, user)
    return form.save()


@transaction.atomic
def plan_save(milestone, plan_forms, user, revision, suggestion=None):
    """Save a capability's plan (creating it on the first save), then add ``suggestion``
    as a new row if one was chosen. Returns (plan, the row added or None)."""
    lock_editable(milestone)
    claim_revision(milestone, plan_section(plan_forms.capability.position), revision, user)
    plan = plan_forms.save()
    row = plan_add_suggestion(plan, suggestion) if suggestion is not None else None
    return plan, row


def plan_add_suggestion(plan, suggestion):
    """A catalogue suggestion as a new row: an activity, or an indicator prefilled with
    its name, how it is measured and its unit (the practice sets target and month)."""
    if isinstance(suggestion, ActivitySuggestion):
        return Activity.objects.create(plan=plan, description=suggestion.text)
    return Indicator.objects.create(
        plan=plan,
        name=suggestion.name,
        how_measured=suggestion.how_measured,
        unit=suggestion.unit,
    )


@transaction.atomic
def risks_save(milestone, risk_forms, user, revision):
    lock_editable(milestone)
    claim_revision(milestone, RISKS, revision, user)
    risk_forms.save()


@transaction.atomic
def risks_ensure(milestone):
    """Create any missing risk slot (they are normally made with the milestone)."""
    lock_editable(milestone)
    for position in range(1, rules.RISKS_REQUIRED + 1):
        Risk.objects.get_or_create(milestone=milestone, position=position)
