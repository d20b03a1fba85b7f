"""The estimator's pages on a milestone: "Estimate VBP payments" (the form, the result
table and chart, the saved scenarios side by side, the assumptions) and the writes on a
saved scenario (remove, print in the PDF, an indicator from one of its measures).

Leads and administrators estimate and save; coaches read the saved scenarios; everyone
else gets 404 (``submissions.access``). A submitted milestone is read-only.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from action_plans import selectors as plan_selectors
from incentives import model, selectors, services
from incentives.chart import chart_alt, chart_data_uri, chart_rows
from incentives.forms import EstimateForm, IndicatorFromMeasureForm, ScenarioNameForm
from incentives.payment_model import default_model
from submissions import access, editing
from submissions.exceptions import TransitionError


def _plain(value):
    return format(Decimal(value).normalize(), "f")


def _result_context(estimate, payment_model, scenario=None, capabilities=()):
    rows = chart_rows(estimate)
    indicator_rows = []
    if scenario is not None:
        for row in estimate.measures:
            if not row.valid:
                continue
            for part in payment_model.measure(row.code).parts:
                targets = model.targets_for(estimate, payment_model, row.code, part.code)
                if targets:
                    key = f"{row.code}:{part.code}" if part.code else row.code
                    label = f"{row.code} {part.code.replace('_', '-')}".strip()
                    indicator_rows.append((key, label, targets))
    return {
        "estimate": estimate,
        "measure_rows": estimate.measures,
        "chart_src": chart_data_uri(rows),
        "chart_alt": chart_alt(rows),
        "assumptions": model.assumption_lines(estimate.assumptions, payment_model),
        "indicator_rows": indicator_rows,
        "indicator_capabilities": capabilities,
    }


@login_required
def estimate(request, pk):
    milestone, role = access.get_milestone_for_form(request, pk)
    payment_model = default_model()
    editable = access.may_edit(role) and milestone.is_editable
    url = reverse("incentives:estimate", args=[milestone.pk])
    scenarios = selectors.scenarios_of(milestone)
    shown = None
    if request.method == "POST":
        try:
            editing.ensure_editable(milestone)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(url)
        form = EstimateForm(payment_model, request.POST)
        if "save" in request.POST:
            name_form = ScenarioNameForm(request.POST)
        else:
            # Estimating needs no name, but one typed for a later save stays in its field.
            name_form = ScenarioNameForm(initial={"name": request.POST.get("name", "")})
        if form.is_valid():
            if "save" in request.POST and name_form.is_valid():
                try:
                    saved, created = services.estimate_save(
                        milestone, request.user, name_form.cleaned_data["name"], form.inputs_data
                    )
                except TransitionError as error:
                    messages.error(request, str(error))
                else:
                    verb = "saved" if created else "replaced"
                    messages.success(request, f"The scenario “{saved.name}” was {verb}.")
                    return redirect(f"{url}?scenario={saved.pk}#result")
            inputs, assumptions = form.parsed
            shown = model.estimate(inputs, payment_model, assumptions)
    else:
        current = None
        if "scenario" in request.GET:
            current = next(
                (s for s in scenarios if str(s.saved.pk) == request.GET["scenario"]), None
            )
        data = current.saved.inputs if current else {}
        form = EstimateForm(payment_model, initial=EstimateForm.initial_for(data, payment_model))
        name_form = ScenarioNameForm(initial={"name": current.saved.name} if current else None)
        if current is not None and current.estimate is not None:
            shown = current.estimate
    current_scenario = None
    if request.method == "GET" and shown is not None:
        current_scenario = next(s for s in scenarios if s.estimate is shown).saved
    capabilities = plan_selectors.capabilities_of(milestone) if editable else []
    context = {
        "milestone": milestone,
        "crumb": "Estimate VBP payments",
        "read_only_notice": not milestone.is_editable and role != access.COACH,
        "payment_model": payment_model,
        "editable": editable,
        "form": form if editable else None,
        "name_form": name_form,
        "scenarios": scenarios,
        "current_scenario": current_scenario,
        "default_assumptions": model.assumption_lines(
            model.Assumptions.of(payment_model), payment_model
        ),
    }
    if scenarios:
        shown_scenarios, table = selectors.comparison(scenarios, payment_model)
        context.update(compared=shown_scenarios, comparison=table)
    if shown is not None:
        context.update(_result_context(shown, payment_model, current_scenario, capabilities))
    return render(request, "incentives/estimate.html", context)


@login_required
@require_POST
def scenario(request, pk, estimate_pk):
    """Remove a saved scenario (its "delete" button), or choose whether the PDF prints it
    (its "in_pdf" button: 1 or 0). A POST without either button changes nothing."""
    milestone, _ = access.get_milestone_for_editor(request.user, pk)
    saved = selectors.saved_estimate_for(milestone, estimate_pk)
    url = reverse("incentives:estimate", args=[milestone.pk])
    delete = request.POST.get("delete") == "1"
    in_pdf = request.POST.get("in_pdf")
    if not delete and in_pdf not in ("0", "1"):
        messages.error(
            request,
            f"Nothing was changed: choose to print “{saved.name}” in the PDF, to leave it "
            "out or to remove it.",
        )
        return redirect(f"{url}?scenario={saved.pk}#scenarios")
    try:
        if delete:
            services.estimate_delete(milestone, saved)
            messages.success(request, f"The scenario “{saved.name}” was removed.")
            return redirect(url)
        in_pdf = in_pdf == "1"
        services.estimate_set_in_pdf(milestone, saved, in_pdf)
        messages.success(
            request,
            f"The scenario “{saved.name}” will {'' if in_pdf else 'not '}be printed in the PDF.",
        )
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect(f"{url}?scenario={saved.pk}#scenarios")


@login_required
@require_POST
def indicator(request, pk, estimate_pk):
    """A numeric indicator on a capability's plan from one measure of a saved scenario,
    with its target at the chosen value; then the plan page, where it stays editable."""
    milestone, _ = access.get_milestone_for_editor(request.user, pk)
    saved = selectors.saved_estimate_for(milestone, estimate_pk)
    payment_model = default_model()
    back = reverse("incentives:estimate", args=[milestone.pk]) + f"?scenario={saved.pk}#result"
    capabilities = plan_selectors.capabilities_of(milestone)
    form = IndicatorFromMeasureForm(capabilities, request.POST)
    result = selectors.scenario_of(saved, payment_model).estimate
    if not form.is_valid() or result is None:
        messages.error(request, "Choose a measure, a target and a capability.")
        return redirect(back)
    code, _, part_code = form.cleaned_data["measure"].partition(":")
    targets = {t.kind: t for t in model.targets_for(result, payment_model, code, part_code)}
    target = targets.get(form.cleaned_data["target"])
    if target is None:
        messages.error(request, "That target is not offered for this measure.")
        return redirect(back)
    measure = payment_model.measure(code)
    part = next(p for p in measure.parts if p.code == part_code)
    rate = result.inputs.measures[code].rates[part_code]
    capability = plan_selectors.capability_for(milestone, form.cleaned_data["capability"])
    label = f"{measure.name} ({code})"
    if measure.has_components:
        label = f"{measure.name} ({code}), {part.name.lower()}"
    direction = (
        "lower is better" if code in result.assumptions.lower_is_better else "higher is better"
    )
    how = (
        f"{code} rate as reported for the CA Advanced Primary Care incentive ({direction}); "
        f"target: {target.label}, worth about ${model.money(target.dollars):,} a year in "
        f"the scenario “{saved.name}”."
    )
    try:
        services.indicator_from_measure(
            milestone,
            capability,
            request.user,
            name=label[:200],
            how_measured=how[:500],
            baseline=rate.current,  # where the practice stands in the scenario
            target=Decimal(target.value).quantize(Decimal("0.01")),
            unit="%" if measure.type == "quality" else "rate as reported",
        )
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(back)
    messages.success(
        request,
        f"The indicator “{label}” was added with its target {_plain(target.value)}; "
        "set its month and year below.",
    )
    return redirect(reverse("action_plans:capability", args=[milestone.pk, capability.position]))
