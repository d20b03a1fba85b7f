"""Part C's pages: the process summary (the part's landing page), one plan per
capability and the two risks.

Leads and administrators edit; coaches, and everyone once the milestone is submitted,
see the same pages read-only. A POST by anyone who may not edit is 404 (access), a POST
to a read-only milestone saves nothing and says why (lifecycle).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from action_plans import completeness, rules, selectors, services
from action_plans.forms import (
    PlanForms,
    ProcessSummaryForm,
    RiskForms,
    error_items,
    suggestion_row,
    with_extra_row,
)
from submissions import access
from practices.templating import drawn
from submissions import lifecycle
from submissions.concurrency import StaleEdit, current_revision, parse_revision
from submissions.stamps import kept

ROW_ADDED = "A row was added below. Nothing is saved until you press “Save draft”."


def _milestone(request, pk):
    """Readers may look; only editors may POST (anyone else gets 404)."""
    if request.method == "POST":
        return access.get_milestone_for_editor(request.user, pk)
    return access.get_milestone_for_reader(request.user, pk)


def _editable(request, milestone):
    return milestone.is_editable and access.can_edit(request.user, milestone)


def _refuse_if_read_only(request, milestone, url):
    """A redirect saying why nothing was saved, or None when the milestone is editable."""
    try:
        lifecycle.ensure_editable(milestone)
    except lifecycle.TransitionError as error:
        messages.error(request, str(error))
        return redirect(url)
    return None


def _part_nav(milestone, capabilities, current):
    return {"milestone": milestone, "capabilities": capabilities, "current": current}


# --- process summary (the part's landing page) -----------------------------------------


@login_required
def process(request, pk):
    milestone = _milestone(request, pk)
    url = reverse("action_plans:process", args=[milestone.pk])
    summary = selectors.process_summary_for(milestone)
    context = {"conflict": None, "stored": None, "revision": None}
    status = 200
    form = None
    if request.method == "POST":
        if refused := _refuse_if_read_only(request, milestone, url):
            return refused
        form = ProcessSummaryForm(request.POST, instance=summary)
        context["revision"] = parse_revision(request.POST)
        if form.is_valid():
            try:
                services.process_summary_save(milestone, form, request.user, context["revision"])
            except StaleEdit as conflict:
                context.update(
                    conflict=conflict.message,
                    stored=selectors.stored_process(milestone),
                    revision=conflict.revision.revision,
                )
                status = 409
            else:
                messages.success(request, "The process summary was saved.")
                return redirect(url)
    editable = _editable(request, milestone)
    if editable and form is None:
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
        milestone=milestone,
        crumb="Action plan",
        summary=summary,
        form=form,
        editable=editable,
        errors=error_items("Process summary", form) if form is not None else [],
        part=part,
        own_problems=completeness.problems_on(part, url),
        pages=[(title, link, completeness.problems_on(part, link)) for title, link in pages],
        capabilities_missing=len(capabilities) < 3,
        nav=_part_nav(milestone, capabilities, "process"),
    )
    return render(request, "action_plans/process.html", context, status=status)


# --- one capability's plan -------------------------------------------------------------


@login_required
def capability(request, pk, position):
    milestone = _milestone(request, pk)
    capability = selectors.capability_for(milestone, position)
    capability.milestone = milestone
    url = reverse("action_plans:capability", args=[milestone.pk, position])
    if request.method == "POST":
        if refused := _refuse_if_read_only(request, milestone, url):
            return refused
        return _capability_post(request, milestone, capability, url)
    editable = _editable(request, milestone)

    def stored_plan():
        if editable:
            plan_forms = PlanForms(capability, milestone.cycle, selectors.plan_for(capability))
            return _plan_html(milestone, capability, url, plan_forms)
        plan = selectors.plan_for(capability, with_rows=True)
        return _plan_html(milestone, capability, url, plan=plan, rows=selectors.plan_rows(plan))

    # The stored plan looks the same to every editor (or every reader) until the content
    # changes: its HTML is kept under the content stamp, the forms built once per change.
    shown = kept(milestone, stored_plan, "capability-plan", position, editable)
    revision = current_revision(milestone, services.plan_section(position)) if editable else None
    return _plan_page(request, milestone, capability, shown, editable, revision)


def _capability_post(request, milestone, capability, url):
    plan = selectors.plan_for(capability)
    revision = parse_revision(request.POST)
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
        return _render_plan(request, milestone, capability, url, plan_forms, revision)

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
        return _render_plan(request, milestone, capability, url, plan_forms, revision)
    try:
        _, row = services.plan_save(milestone, plan_forms, request.user, revision, suggestion)
    except StaleEdit as conflict:
        return _render_plan(
            request,
            milestone,
            capability,
            url,
            plan_forms,
            conflict.revision.revision,
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


def _render_plan(
    request,
    milestone,
    capability,
    url,
    plan_forms,
    revision,
    conflict=None,
    stored=None,
    status=200,
):
    """The capability page after a POST that did not save: what was typed, its errors."""
    shown = _plan_html(milestone, capability, url, plan_forms)
    return _plan_page(
        request,
        milestone,
        capability,
        shown,
        editable=True,
        revision=revision,
        errors=plan_forms.errors(),
        conflict=conflict,
        stored=stored,
        status=status,
    )


def _plan_html(milestone, capability, url, plan_forms=None, plan=None, rows=None):
    """The plan's problems and its fields (``plan_forms``) or read-only view (``plan``,
    ``rows``), as HTML rendered without the request: nothing in it is the reader's."""
    if plan_forms is not None and plan_forms.form.is_bound:
        # Bound forms have written what was typed onto their instances: what the page
        # still needs is judged on what is stored.
        plan = selectors.plan_for(capability, with_rows=True)
        rows = selectors.plan_rows(plan)
    elif plan_forms is not None:
        plan = plan_forms.plan if plan_forms.plan.pk else None
        rows = plan_forms.rows()
    problems = completeness.plan_problems(capability, plan, rows, milestone.cycle, url)
    activity_suggestions, indicator_suggestions = selectors.suggestions_for(capability, rows)
    context = {
        "milestone": milestone,
        "capability": capability,
        "bounds": rules.bounds_text(milestone.cycle),
        "plan_forms": plan_forms,
        "plan": plan,
        "rows": rows,
        "activity_suggestions": activity_suggestions,
        "indicator_suggestions": indicator_suggestions,
    }
    template = "_plan_fields.html" if plan_forms is not None else "_plan_read_only.html"
    return {
        "problems": drawn("action_plans/_problems.html", {"problems": problems}),
        "plan": drawn(f"action_plans/{template}", context),
    }


def _plan_page(
    request,
    milestone,
    capability,
    shown,
    editable,
    revision,
    errors=(),
    conflict=None,
    stored=None,
    status=200,
):
    return render(
        request,
        "action_plans/capability.html",
        {
            "milestone": milestone,
            "capability": capability,
            "section": services.plan_section(capability.position),
            "crumb": f"Action plan · capability {capability.position}",
            "shown": shown,
            "editable": editable,
            "revision": revision,
            "errors": errors,
            "conflict": conflict,
            "stored": stored,
            "nav": _part_nav(milestone, selectors.capabilities_of(milestone), capability.position),
        },
        status=status,
    )


# --- the two risks ---------------------------------------------------------------------


@login_required
def risks(request, pk):
    milestone = _milestone(request, pk)
    url = reverse("action_plans:risks", args=[milestone.pk])
    risks = selectors.risks_for(milestone)
    if len(risks) < rules.RISKS_REQUIRED:
        services.risks_ensure(milestone)
        risks = selectors.risks_for(milestone)
    context = {"conflict": None, "stored": None, "revision": None}
    status = 200
    risk_forms = None
    if request.method == "POST":
        if refused := _refuse_if_read_only(request, milestone, url):
            return refused
        context["revision"] = parse_revision(request.POST)
        data = request.POST
        add = data.get("add")
        if add:
            if add in RiskForms(risks).prefixes:
                data, _ = with_extra_row(data, add)
                messages.info(request, ROW_ADDED)
            risk_forms = RiskForms(risks, data)
        else:
            risk_forms = RiskForms(risks, data)
            if risk_forms.is_valid():
                try:
                    services.risks_save(milestone, risk_forms, request.user, context["revision"])
                except StaleEdit as conflict:
                    context.update(
                        conflict=conflict.message,
                        stored=selectors.stored_risks(milestone),
                        revision=conflict.revision.revision,
                    )
                    status = 409
                else:
                    messages.success(request, "The risks and mitigations were saved.")
                    return redirect(url)
    editable = _editable(request, milestone)
    if editable and risk_forms is None:
        risk_forms = RiskForms(risks)
        context["revision"] = current_revision(milestone, services.RISKS)
    if request.method == "POST":
        # Bound forms have written what was typed onto the risks: what the page still
        # needs is judged on what is stored.
        risks = selectors.risks_for(milestone)
    context.update(
        milestone=milestone,
        crumb="Action plan · risks",
        risks=risks,
        risk_forms=risk_forms,
        editable=editable,
        errors=risk_forms.errors() if risk_forms is not None else [],
        problems=completeness.risk_problems(risks, url),
        nav=_part_nav(milestone, selectors.capabilities_of(milestone), "risks"),
    )
    return render(request, "action_plans/risks.html", context, status=status)
