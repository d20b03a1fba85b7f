"""Section B's pages: the gap-analysis table, the three capabilities, removing one.

Thin views: fetch the milestone through ``practices.access`` (readers see, editors
save), bind the forms, hand writing to ``gap_analysis.services`` and rules to
``gap_analysis.completeness``. Coaches and read-only milestones get the same pages with
every field disabled and no buttons.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from action_plans.models import ActionPlan
from assessments.models import Domain
from gap_analysis import completeness, selectors, services
from gap_analysis.forms import CapabilityForms, DomainRatingForm, rating_prefix
from gap_analysis.models import MATURITY_RUBRIC, PRIORITY_RUBRIC, Capability, Priority
from submissions import access
from practices.templating import drawn
from submissions.concurrency import StaleEdit, current_revision, parse_revision
from submissions.editing import ensure_editable
from submissions.exceptions import TransitionError
from submissions.stamps import kept


def _milestone(request, pk):
    """Readers may look; only editors may post (anyone else gets 404)."""
    if request.method == "POST":
        return access.get_milestone_for_editor(request.user, pk)
    return access.get_milestone_for_reader(request.user, pk)


def _editable(request, milestone):
    if request.method == "POST":
        return True  # _milestone() let only editors through
    return milestone.is_editable and access.can_edit(request.user, milestone)


def _refuse_read_only(request, milestone, url):
    """A POST to a read-only milestone: say so, save nothing (None when editable)."""
    try:
        ensure_editable(milestone)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(url)
    return None


# The gap-analysis table -----------------------------------------------------------------


@dataclass
class RowView:
    row: selectors.GapRow
    form: DomainRatingForm
    warning: str | None

    @property
    def warning_text(self):
        """What the live warning says when JavaScript shows it."""
        if self.row.suggestion is None:
            return ""
        return completeness.maturity_warning_text(self.row.suggestion)


def _row_errors(row_views):
    errors = []
    for view in row_views:
        for name, field_errors in view.form.errors.items():
            field = view.form[name]
            for error in field_errors:
                errors.append(
                    {
                        "message": f"{view.row.domain.name} · {field.label}: {error}",
                        "anchor": field.auto_id,
                    }
                )
    return errors


def _stored_ratings(milestone):
    stored = []
    for rating in milestone.domain_ratings.select_related("domain"):
        name = rating.domain.name
        maturity = rating.maturity
        stored += [
            (f"{name} · current state", rating.current_state),
            (
                f"{name} · VBP domain maturity",
                f"{maturity} = {MATURITY_RUBRIC[maturity]}" if maturity is not None else "",
            ),
            (f"{name} · specific capability gaps", rating.gaps),
            (f"{name} · priority for action", rating.get_priority_display()),
            (f"{name} · rationale", rating.rationale),
        ]
    return stored


@login_required
def edit(request, pk):
    milestone = _milestone(request, pk)
    url = reverse("gap_analysis:edit", args=[milestone.pk])
    if request.method == "POST" and (refused := _refuse_read_only(request, milestone, url)):
        return refused
    editable = _editable(request, milestone)
    if request.method != "POST":
        # The stored rows look the same to every editor (or reader) until the content
        # changes: drawn once, kept under the content stamp.
        shown = kept(milestone, lambda: _gap_html(milestone, url, editable), "gap", editable)
        revision = current_revision(milestone, services.RATINGS_SECTION)
        return _gap_page(request, milestone, shown, editable, revision)
    rows = selectors.gap_rows(milestone)
    data = request.POST.copy()
    added = None
    if data.get("add_gap"):
        # "Add to gaps" without JavaScript: the candidate's text joins what was typed.
        added = selectors.candidate_for(rows, data["add_gap"])
        if added is None:
            messages.error(request, "That gap candidate is no longer offered; nothing was added.")
        else:
            key = f"{rating_prefix(added[0].domain)}-gaps"
            data[key] = services.with_gap(data.get(key, ""), added[1].item.text)
    # From what is stored: binding the forms below writes what was typed onto the rows.
    problems = completeness.rating_problems(milestone, [row.rating for row in rows], url)
    forms = _rating_forms(rows, data, editable)
    conflict = None
    if all([form.is_valid() for form in forms]):
        try:
            services.domain_ratings_save(
                milestone, forms, request.user, parse_revision(request.POST)
            )
        except StaleEdit as error:
            conflict = error
        else:
            if added:
                row, candidate = added
                messages.success(
                    request,
                    f"Added “{candidate.item.text}” to the gaps of {row.domain.name} and "
                    "saved your draft.",
                )
                return redirect(f"{url}#{completeness.rating_anchor(row.domain.code, 'gaps')}")
            messages.success(request, "Your gap analysis was saved.")
            return redirect(url)
    row_views = _row_views(rows, forms)
    if conflict is not None:
        revision = current_revision(milestone, services.RATINGS_SECTION)
    else:
        revision = parse_revision(request.POST)
    return _gap_page(
        request,
        milestone,
        _gap_html(milestone, url, editable, row_views, problems),
        editable,
        revision,
        errors=_row_errors(row_views),
        conflict=conflict,
        status=409 if conflict else 200,
    )


def _rating_forms(rows, data, editable):
    return [
        DomainRatingForm(
            data,
            instance=row.rating,
            domain=row.domain,
            suggestion=row.suggestion,
            read_only=not editable,
        )
        for row in rows
    ]


def _row_views(rows, forms):
    return [
        RowView(row, form, completeness.maturity_warning(form.chosen_maturity(), row.suggestion))
        for row, form in zip(rows, forms, strict=True)
    ]


def _gap_html(milestone, url, editable, row_views=None, problems=None):
    """The notices and each row up to its comments, drawn without the request: from the
    stored rows, or from ``row_views`` (what was typed) with the stored ``problems``."""
    if row_views is None:
        rows = selectors.gap_rows(milestone)
        problems = completeness.rating_problems(milestone, [row.rating for row in rows], url)
        row_views = _row_views(rows, _rating_forms(rows, None, editable))
    warnings = [
        {
            "message": f"{view.row.domain.name}: {view.warning}",
            "anchor": completeness.rating_anchor(view.row.domain.code, "maturity"),
        }
        for view in row_views
        if view.warning
    ]
    notices = {"warnings": warnings, "problems": problems}
    return {
        "notices": drawn("gap_analysis/_notices.html", notices),
        "rows": [
            (
                view.row.section,
                drawn(
                    "gap_analysis/_row.html",
                    {"view": view, "editable": editable, "milestone": milestone},
                ),
            )
            for view in row_views
        ],
    }


def _gap_page(request, milestone, shown, editable, revision, errors=(), conflict=None, status=200):
    context = {
        "milestone": milestone,
        "shown": shown,
        "editable": editable,
        "revision": revision,
        "errors": errors,
        "conflict": conflict,
        "stored": _stored_ratings(milestone) if conflict else [],
        "maturity_rubric": list(MATURITY_RUBRIC.items()),
        "priority_rubric": [(p.label, PRIORITY_RUBRIC[p]) for p in Priority],
    }
    return render(request, "gap_analysis/edit.html", context, status=status)


# The three capabilities ---------------------------------------------------------------


def _stored_capabilities(milestone):
    stored = []
    for capability in selectors.capabilities_of(milestone):
        label = f"Capability {capability.position}"
        delivery = capability.get_delivery_display()
        if capability.delivery == Capability.Delivery.PARTNER:
            partner = capability.partner_name or capability.get_partner_type_display()
            delivery = f"{delivery}: {partner}" if partner else delivery
        stored += [
            (f"{label} · domain", capability.domain.name if capability.domain else ""),
            (f"{label} · specific capability", capability.name),
            (f"{label} · why this is a priority", capability.why_priority),
            (f"{label} · built internally or provided by a partner", delivery),
        ]
    return stored


def _capability_errors(forms):
    errors = []
    for form in forms:
        for name, field_errors in form.errors.items():
            field = form[name]
            for error in field_errors:
                errors.append(
                    {
                        "message": f"Capability {form.position} · {field.label}: {error}",
                        "anchor": field.auto_id,
                    }
                )
    return errors


def _capability_at(capabilities, position):
    return next((c for c in capabilities if str(c.position) == position), None)


@login_required
def capabilities(request, pk):
    milestone = _milestone(request, pk)
    url = reverse("gap_analysis:capabilities", args=[milestone.pk])
    if request.method == "POST" and (refused := _refuse_read_only(request, milestone, url)):
        return refused
    editable = _editable(request, milestone)
    stored = selectors.capabilities_of(milestone)
    domains = list(Domain.objects.filter(instrument=milestone.instrument_id))
    ratings = list(milestone.domain_ratings.select_related("domain"))
    # From what is stored: binding the forms below writes what was typed onto them.
    problems = completeness.capability_problems(stored, url)
    data = request.POST if request.method == "POST" else None
    remove = _capability_at(stored, data.get("remove")) if data else None
    forms = CapabilityForms(
        stored,
        data,
        domains=domains,
        read_only=not editable,
        skip=remove.position if remove else None,
    )
    conflict = None
    if data is not None and forms.is_valid():
        try:
            added, removed = services.capabilities_save(
                milestone,
                forms,
                request.user,
                parse_revision(data),
                add="add" in data,
                remove=remove,
            )
        except StaleEdit as error:
            conflict = error
        except services.CapabilityError as error:
            messages.error(request, str(error))  # shown below, with what was typed
        else:
            if remove is not None and removed is None:
                # It has an action plan: removing it needs a confirmation of its own.
                return redirect("gap_analysis:capability_remove", milestone.pk, remove.position)
            if removed is not None:
                messages.success(request, f"Capability {removed.position} was removed.")
                return redirect(f"{url}#capabilities")
            if added is not None:
                messages.success(
                    request, f"Capability {added.position} was added; fill it in below."
                )
                anchor = completeness.capability_anchor(added.position, "domain")
                return redirect(f"{url}#{anchor}")
            messages.success(request, "Your capabilities were saved.")
            return redirect(url)
    ratings_by_domain = {rating.domain_id: rating for rating in ratings}
    cards = [
        (form, completeness.low_priority_warning(form.instance, ratings_by_domain))
        for form in forms
    ]
    if data is None or conflict is not None:
        revision = current_revision(milestone, services.CAPABILITIES_SECTION)
    else:
        revision = parse_revision(data)
    context = {
        "milestone": milestone,
        "cards": cards,
        "editable": editable,
        "can_add": len(stored) < completeness.REQUIRED_CAPABILITIES,
        "revision": revision,
        "errors": _capability_errors(forms),
        "warnings": [
            {
                "message": warning,
                "anchor": completeness.capability_anchor(form.position, "domain"),
            }
            for form, warning in cards
            if warning
        ],
        "problems": problems,
        "conflict": conflict,
        "stored": _stored_capabilities(milestone) if conflict else [],
        # Appendix 1's examples per domain, beside what the gap analysis says of it.
        "guide": [(domain, ratings_by_domain.get(domain.pk)) for domain in domains],
    }
    return render(
        request, "gap_analysis/capabilities.html", context, status=409 if conflict else 200
    )


@login_required
def capability_remove(request, pk, position):
    """Confirm removing a capability, naming its action plan, which goes with it."""
    milestone = access.get_milestone_for_editor(request.user, pk)
    capability = get_object_or_404(
        Capability.objects.select_related("domain"), milestone=milestone, position=position
    )
    url = reverse("gap_analysis:capabilities", args=[milestone.pk])
    if refused := _refuse_read_only(request, milestone, url):
        return refused
    conflict = None
    if request.method == "POST":
        try:
            services.capability_remove(
                milestone, capability, request.user, parse_revision(request.POST)
            )
        except StaleEdit as error:
            conflict = error
        else:
            messages.success(
                request,
                f"Capability {position} and its action plan were removed. The portal’s "
                "history keeps both; a program administrator can recover them.",
            )
            return redirect(f"{url}#capabilities")
    plan = (
        ActionPlan.objects.filter(capability=capability)
        .annotate(
            activity_count=Count("activities", distinct=True),
            key_decision_count=Count("key_decisions", distinct=True),
            structural_change_count=Count("structural_changes", distinct=True),
            indicator_count=Count("indicators", distinct=True),
        )
        .first()
    )
    context = {
        "milestone": milestone,
        "capability": capability,
        "plan": plan,
        "revision": current_revision(milestone, services.CAPABILITIES_SECTION),
        "conflict": conflict,
        "stored": _stored_capabilities(milestone) if conflict else [],
    }
    return render(
        request,
        "gap_analysis/capability_remove.html",
        context,
        status=409 if conflict else 200,
    )
