"""Part C's pages: the process summary (the part's landing page), one plan per
capability and the two risks.

Leads and administrators edit; coaches, and everyone once the milestone is submitted,
see the same pages read-only. A POST by anyone who may not edit is 404 (access), a POST
to a read-only milestone saves nothing and says why (``submissions.editing``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.same_text import is_blank
from action_plans import catalogue, completeness, rules, selectors, services
from action_plans.forms import (
    PlanForms,
    ProcessSummaryForm,
    RiskForms,
    error_items,
    suggestion_row,
    with_extra_row,
)
from submissions import access, autosave, editing
from submissions.concurrency import StaleEdit, current_revision, parse_revision
from submissions.exceptions import TransitionError

ROW_ADDED = "A row was added below. Nothing is saved until you press “Save draft”."


def _page(request, milestone, role, current, **context):
    """What every page of the part shows around its content: the header, the part's
    navigation and the coach's comments (with whether this reader may address them)."""
    return {
        "milestone": milestone,
        "read_only_notice": not milestone.is_editable and role != access.COACH,
        "comments": selectors.comments_of(milestone),
        "can_address": access.may_edit(role),
        "nav": {
            "milestone": milestone,
            "capabilities": selectors.capabilities_of(milestone),
            "current": current,
        },
        "conflict": None,
        "stored": None,
        "revision": None,
        "errors": [],
        **context,
    }


# --- process summary (the part's landing page) -----------------------------------------


@login_required
def process(request, pk):
    milestone, role = access.get_milestone_for_form(request, pk)
    if autosave.requested(request):
        return _process_autosave(request, milestone)
    editable = access.may_edit(role) and milestone.is_editable
    url = reverse("action_plans:process", args=[milestone.pk])
    summary = selectors.process_summary_for(milestone)
    context = {}
    status = 200
    form = None
    if request.method == "POST":
        form = ProcessSummaryForm(request.POST, instance=summary)
        context["revision"] = parse_revision(request.POST)
        try:
            editing.ensure_editable(milestone)
            if form.is_valid():
                services.process_summary_save(milestone, form, request.user, context["revision"])
                messages.success(request, "The process summary was saved.")
                return redirect(url)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(url)
        except StaleEdit as conflict:
            context.update(
                conflict=conflict.message,
                stored=selectors.stored_process(milestone),
                revision=conflict.revision.revision,
            )
            status = 409
    elif editable:
        form = ProcessSummaryForm(instance=summary)
        context["revision"] = current_revision(milestone, services.PROCESS)
    part = completeness.part(milestone)
    capabilities = selectors.capabilities_of(milestone)
    pages = [
        (
            f"Capability {c.position}: {c.name or '(not named yet)'}",
            reverse("action_plans:capability", args=[milestone.pk, c.position]),
        )
        for c in capabilities
    ] + [("Risks and mitigations", reverse("action_plans:risks", args=[milestone.pk]))]
    context.update(
        crumb="Action plan",
        summary=summary,
        form=form,
        editable=editable,
        errors=error_items("Process summary", form) if form is not None else [],
        own_problems=completeness.problems_on(part, url),
        pages=[(title, link, completeness.problems_on(part, link)) for title, link in pages],
        capabilities_missing=len(capabilities) < 3,
    )
    context = _page(request, milestone, role, "process", **context)
    return render(request, "action_plans/process.html", context, status=status)


def _process_autosave(request, milestone):
    """The process summary saved as its Save button saves it, answered in JSON."""
    revision = parse_revision(request.POST)
    try:
        editing.ensure_editable(milestone)
        form = ProcessSummaryForm(request.POST, instance=selectors.process_summary_for(milestone))
        if not form.is_valid():
            return autosave.invalid(error_items("Process summary", form))
        services.process_summary_save(milestone, form, request.user, revision)
    except (TransitionError, StaleEdit) as error:
        return autosave.refused(error)
    return autosave.saved(revision)


# --- one capability's plan -------------------------------------------------------------


@login_required
def capability(request, pk, position):
    milestone, role = access.get_milestone_for_form(request, pk)
    capability = selectors.capability_for(milestone, position)
    if autosave.requested(request):
        return _capability_autosave(request, milestone, capability)
    url = reverse("action_plans:capability", args=[milestone.pk, position])
    if request.method == "POST":
        try:
            editing.ensure_editable(milestone)
            return _capability_post(request, milestone, role, capability, url)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(url)
    if access.may_edit(role) and milestone.is_editable:
        plan_forms = PlanForms(capability, milestone.cycle, selectors.plan_for(capability))
        revision = current_revision(milestone, services.plan_section(position))
        return _plan_page(request, milestone, role, capability, url, plan_forms, revision)
    return _plan_page(request, milestone, role, capability, url)


def _capability_autosave(request, milestone, capability):
    """The plan saved as its Save button saves it (a row only typed in is saved like any
    other), answered in JSON with the id each row now has."""
    revision = parse_revision(request.POST)
    try:
        editing.ensure_editable(milestone)
        plan_forms = PlanForms(
            capability, milestone.cycle, selectors.plan_for(capability), request.POST
        )
        if not plan_forms.is_valid():
            return autosave.invalid(plan_forms.errors())
        services.plan_save(milestone, plan_forms, request.user, revision)
    except (TransitionError, StaleEdit) as error:
        return autosave.refused(error)
    return autosave.saved(revision, rows=autosave.row_ids(plan_forms.formsets))


def _capability_post(request, milestone, role, capability, url):
    plan = selectors.plan_for(capability)
    revision = parse_revision(request.POST)

    def again(plan_forms, **context):
        """The page after a POST that did not save: what was typed, and its errors."""
        return _plan_page(request, milestone, role, capability, url, plan_forms, **context)

    add = request.POST.get("add")
    if add:
        # Without JavaScript, "Add another …" comes here: the page again with one more
        # empty row and everything typed kept; nothing is saved.
        data, _ = with_extra_row(request.POST, add)
        plan_forms = PlanForms(capability, milestone.cycle, plan, data)
        if plan_forms.formset(add) is None:
            plan_forms = PlanForms(capability, milestone.cycle, plan, request.POST)
        else:
            messages.info(request, ROW_ADDED)
        return again(plan_forms, revision=revision)

    suggestion = None
    if "suggest" in request.POST:
        suggestion = selectors.suggestion_for(capability, request.POST["suggest"])
        if suggestion is None:
            messages.error(request, "That suggestion is not offered for this capability.")
    plan_forms = PlanForms(capability, milestone.cycle, plan, request.POST)
    if not plan_forms.is_valid():
        if suggestion is not None:
            # Keep the suggestion as an unsaved row beside what was typed.
            prefix, values = suggestion_row(suggestion)
            data, _ = with_extra_row(request.POST, prefix, values)
            plan_forms = PlanForms(capability, milestone.cycle, plan, data)
            plan_forms.is_valid()
        return again(plan_forms, revision=revision)
    try:
        _, row = services.plan_save(milestone, plan_forms, request.user, revision, suggestion)
    except StaleEdit as conflict:
        return again(
            plan_forms,
            revision=conflict.revision.revision,
            conflict=conflict.message,
            stored=selectors.stored_plan(capability),
            status=409,
        )
    label = f"Capability {capability.position}"
    if row is None:
        messages.success(request, f"{label}'s action plan was saved.")
        return redirect(url)
    prefix, _ = suggestion_row(suggestion)
    # A suggestion has no date yet, so it is the last row of its list.
    index = len(getattr(plan_forms.plan, prefix).all()) - 1
    field = "target_month" if prefix == "activities" else "target"
    messages.success(
        request, f"Your draft was saved and the suggestion was added as row {index + 1}."
    )
    return redirect(f"{url}#id_{prefix}-{index}-{field}")


def _plan_page(
    request,
    milestone,
    role,
    capability,
    url,
    plan_forms=None,
    revision=None,
    conflict=None,
    stored=None,
    status=200,
):
    """One capability's page: its fields (``plan_forms``) or, without them, the stored
    plan read-only; with what the stored plan still needs."""
    if plan_forms is None:
        plan = selectors.plan_for(capability, with_rows=True)
        rows = selectors.plan_rows(plan)
    elif plan_forms.form.is_bound:
        # Bound forms have written what was typed onto their instances: what the page
        # still needs is judged on what is stored.
        plan = selectors.plan_for(capability, with_rows=True)
        rows = selectors.plan_rows(plan)
    else:
        plan = plan_forms.plan if plan_forms.plan.pk else None
        rows = plan_forms.rows()
    # Suggestions are offered only to those who may add them.
    gaps, activity_suggestions, indicator_suggestions = [], [], []
    if plan_forms is not None:
        gaps = selectors.capability_gaps(capability)
        activity_suggestions, indicator_suggestions = selectors.suggestions_for(
            capability, rows, gaps
        )
    context = _page(
        request,
        milestone,
        role,
        capability.position,
        crumb=f"Action plan · capability {capability.position}",
        capability=capability,
        section=services.plan_section(capability.position),
        editable=plan_forms is not None,
        plan_forms=plan_forms,
        plan=plan,
        rows=rows,
        problems=completeness.plan_problems(capability, plan, rows, milestone.cycle, url),
        bounds=rules.bounds_text(milestone.cycle),
        gaps=gaps,
        activity_suggestions=activity_suggestions,
        indicator_suggestions=indicator_suggestions,
        revision=revision,
        errors=plan_forms.errors() if plan_forms is not None and plan_forms.form.is_bound else [],
        conflict=conflict,
        stored=stored,
    )
    return render(request, "action_plans/capability.html", context, status=status)


# --- the two risks ---------------------------------------------------------------------


@login_required
def risks(request, pk):
    milestone, role = access.get_milestone_for_form(request, pk)
    editable = access.may_edit(role) and milestone.is_editable
    url = reverse("action_plans:risks", args=[milestone.pk])
    risks = selectors.risks_for(milestone)
    if len(risks) < rules.RISKS_REQUIRED and editable:
        services.risks_ensure(milestone)
        risks = selectors.risks_for(milestone)
    if autosave.requested(request):
        return _risks_autosave(request, milestone, risks)
    context = {}
    status = 200
    risk_forms = None
    if request.method == "POST":
        context["revision"] = parse_revision(request.POST)
        data = request.POST
        add = data.get("add")
        try:
            editing.ensure_editable(milestone)
            if add:
                if add in RiskForms(risks).prefixes:
                    data, _ = with_extra_row(data, add)
                    messages.info(request, ROW_ADDED)
                risk_forms = RiskForms(risks, data)
            elif "suggest" in data:
                risk_forms, position = _risks_with_suggestion(request, risks, data)
                if position is not None and risk_forms.is_valid():
                    services.risks_save(milestone, risk_forms, request.user, context["revision"])
                    messages.success(
                        request,
                        f"Your draft was saved and the suggestion was added as risk {position}.",
                    )
                    return redirect(f"{url}#id_risk-{position}-description")
            else:
                risk_forms = RiskForms(risks, data)
                if risk_forms.is_valid():
                    services.risks_save(milestone, risk_forms, request.user, context["revision"])
                    messages.success(request, "The risks and mitigations were saved.")
                    return redirect(url)
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect(url)
        except StaleEdit as conflict:
            context.update(
                conflict=conflict.message,
                stored=selectors.stored_risks(milestone),
                revision=conflict.revision.revision,
            )
            status = 409
        # Bound forms have written what was typed onto the risks: what the page still
        # needs is judged on what is stored.
        stored_risks = selectors.risks_for(milestone)
    else:
        stored_risks = risks
        if editable:
            risk_forms = RiskForms(risks)
            context["revision"] = current_revision(milestone, services.RISKS)
    context.update(
        crumb="Action plan · risks",
        risk_forms=risk_forms,
        risk_suggestions=selectors.risk_suggestions_for(stored_risks) if editable else [],
        risk_room=selectors.risk_room(stored_risks),
        risk_rows=[(risk, list(risk.mitigations.all())) for risk in stored_risks],
        editable=editable,
        errors=risk_forms.errors() if risk_forms is not None else [],
        problems=completeness.risk_problems(stored_risks, url),
    )
    context = _page(request, milestone, role, "risks", **context)
    return render(request, "action_plans/risks.html", context, status=status)


def _risks_with_suggestion(request, risks, data):
    """The risk forms with the suggested risk (``data["suggest"]``) written into the first
    risk left empty, with its mitigation as a new row: (forms, that risk's position), or
    (forms of what was typed, None) with a message when it cannot go anywhere."""
    suggestion = catalogue.risk(data["suggest"])
    position = _empty_risk(data, [risk.position for risk in risks])
    if suggestion is None:
        messages.error(request, "That suggestion is not offered; nothing was added.")
        return RiskForms(risks, data), None
    if position is None:
        messages.error(
            request,
            "Both risks are already written: clear one to use this suggestion instead.",
        )
        return RiskForms(risks, data), None
    data = data.copy()
    data[f"risk-{position}-description"] = suggestion.risk
    data[f"risk-{position}-why_likely"] = suggestion.why_likely
    prefix = f"risk-{position}-mitigations"
    row = _blank_row(data, prefix)
    if row is None:
        data, row = with_extra_row(data, prefix)
    data[f"{prefix}-{row}-description"] = suggestion.mitigation
    return RiskForms(risks, data), position


def _empty_risk(data, positions):
    """The first of ``positions`` whose risk and "why it is likely" are both empty in the
    typed ``data``, else None."""
    for position in positions:
        prefix = f"risk-{position}"
        if is_blank(data.get(f"{prefix}-description")) and is_blank(
            data.get(f"{prefix}-why_likely")
        ):
            return position
    return None


def _blank_row(data, prefix):
    """The index of the first new row of formset ``prefix`` left empty in the typed
    ``data``, else None."""
    try:
        first = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        return None
    for index in range(max(first, 0), total):
        if is_blank(data.get(f"{prefix}-{index}-description")):
            return index
    return None


def _risks_autosave(request, milestone, risks):
    """The two risks saved as their Save button saves them, answered in JSON with the id
    each mitigation row now has."""
    revision = parse_revision(request.POST)
    try:
        editing.ensure_editable(milestone)
        risk_forms = RiskForms(risks, request.POST)
        if not risk_forms.is_valid():
            return autosave.invalid(risk_forms.errors())
        services.risks_save(milestone, risk_forms, request.user, revision)
    except (TransitionError, StaleEdit) as error:
        return autosave.refused(error)
    return autosave.saved(
        revision, rows=autosave.row_ids(formset for _, _, formset in risk_forms.risks)
    )
