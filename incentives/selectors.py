"""Reads of the estimator: a milestone's saved scenarios with their estimates, and the
side-by-side comparison of them."""

from dataclasses import dataclass

from django.http import Http404

from incentives import model
from incentives.models import SavedEstimate
from incentives.payment_model import default_model


@dataclass(frozen=True)
class Scenario:
    saved: SavedEstimate
    estimate: model.Estimate | None  # None: the stored inputs no longer parse
    problems: tuple = ()


def scenario_of(saved, payment_model=None):
    payment_model = payment_model or default_model()
    try:
        inputs, assumptions = model.parse_inputs(saved.inputs, payment_model)
    except model.InputError as error:
        return Scenario(saved, None, tuple(error.messages))
    return Scenario(saved, model.estimate(inputs, payment_model, assumptions))


def scenarios_of(milestone):
    """The milestone's saved scenarios in the order they were saved, each estimated."""
    payment_model = default_model()
    saved = SavedEstimate.objects.filter(milestone=milestone)
    return [scenario_of(s, payment_model) for s in saved]


def saved_estimate_for(milestone, pk):
    try:
        return SavedEstimate.objects.get(milestone=milestone, pk=pk)
    except (SavedEstimate.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def comparison(scenarios, payment_model=None):
    """Rows of the side-by-side table: (label, [cell per scenario]) with money cells as
    Decimal and per-measure cells as (category, dollars)."""
    payment_model = payment_model or default_model()
    shown = [s for s in scenarios if s.estimate is not None]
    if not shown:
        return [], []
    rows = [
        ("Practice type", [s.estimate.inputs.practice_type.title() for s in shown]),
        ("Attributed members", [s.estimate.inputs.members for s in shown]),
        (
            "Valid / applicable measures",
            [f"{s.estimate.valid_count} of {s.estimate.applicable_count}" for s in shown],
        ),
    ]
    measure_rows = []
    for measure in payment_model.measures:
        cells = []
        for s in shown:
            row = next(r for r in s.estimate.measures if r.code == measure.code)
            cells.append((row.category, model.money(row.dollars)) if row.applicable else None)
        if any(cells):
            measure_rows.append((measure.code, cells))
    totals = [
        ("Performance incentive", [model.money(s.estimate.incentive) for s in shown]),
        ("Population health payment", [model.money(s.estimate.population_health) for s in shown]),
        ("Total", [model.money(s.estimate.total) for s in shown]),
    ]
    return shown, {"facts": rows, "measures": measure_rows, "totals": totals}
