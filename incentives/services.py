"""Writes of the estimator: saving, removing and printing scenarios, and an action-plan
indicator made from a measure. Each write locks the milestone and refuses it once the
milestone is submitted (``submissions.editing``), as every content write does."""

from django.db import IntegrityError, transaction

from action_plans.models import ActionPlan, Indicator
from action_plans.services import plan_section
from incentives.models import SCENARIOS_MAX, SavedEstimate
from submissions.concurrency import bump_revision
from submissions.editing import lock_editable
from submissions.exceptions import TransitionError


@transaction.atomic
def estimate_save(milestone, user, name, inputs):
    """Save ``inputs`` as the scenario ``name``; a scenario of that name is replaced."""
    lock_editable(milestone)
    saved = SavedEstimate.objects.filter(milestone=milestone, name=name).first()
    if saved is not None:
        saved.inputs = inputs
        saved.save(update_fields=["inputs", "updated_at"])
        return saved, False
    if SavedEstimate.objects.filter(milestone=milestone).count() >= SCENARIOS_MAX:
        raise TransitionError(
            f"A milestone keeps at most {SCENARIOS_MAX} scenarios; remove one first. "
            "Nothing was saved."
        )
    try:
        with transaction.atomic():
            saved = SavedEstimate.objects.create(
                milestone=milestone, name=name, inputs=inputs, created_by=user
            )
    except IntegrityError:
        raise TransitionError(
            "A scenario of that name was saved meanwhile; nothing was saved."
        ) from None
    return saved, True


@transaction.atomic
def estimate_delete(milestone, saved):
    lock_editable(milestone)
    saved.delete()


@transaction.atomic
def estimate_set_in_pdf(milestone, saved, in_pdf):
    lock_editable(milestone)
    saved.in_pdf = in_pdf
    saved.save(update_fields=["in_pdf", "updated_at"])


@transaction.atomic
def indicator_from_measure(
    milestone, capability, user, *, name, how_measured, baseline, target, unit
):
    """A numeric indicator on ``capability``'s plan (created if it has none yet); the
    practice sets its month and year on the plan page. The plan's revision moves on, so a
    plan page loaded before sees the new row instead of saving over it."""
    lock_editable(milestone)
    plan, _ = ActionPlan.objects.get_or_create(capability=capability)
    indicator = Indicator.objects.create(
        plan=plan,
        name=name,
        how_measured=how_measured,
        baseline=baseline,
        target=target,
        unit=unit,
    )
    bump_revision(milestone, plan_section(capability.position), user)
    return indicator
