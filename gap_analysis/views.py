"""Section B's pages: the gap-analysis table, the three capabilities, removing one.

Thin views: fetch the milestone and the reader's role through ``submissions.access``
(readers see, editors save), bind the forms, hand writing to ``gap_analysis.services``
and rules to ``gap_analysis.completeness``. Coaches and read-only milestones get the
same pages with every field disabled and no buttons.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from assessments import scoring
from assessments.models import Domain
from assessments.scale import Scale
from gap_analysis import completeness, selectors, services
from gap_analysis.forms import CapabilityForms, DomainRatingForm, rating_prefix
from gap_analysis.models import MATURITY_RUBRIC, PRIORITY_RUBRIC, Capability, Priority
from practices.error_summary import collect_errors
from submissions import access, autosave
from submissions.concurrency import StaleEdit, current_revision, parse_revision
from submissions.editing import ensure_editable
from submissions.exceptions import TransitionError


def _refused(request, error, url):
    """A write to a read-only milestone: say so, save nothing."""
    messages.error(request, str(error))
    return redirect(url)


def _refuse_if_read_only(request, milestone, url):
    try:
        ensure_editable(milestone)
    except TransitionError as error:
        return _refused(request, error, url)
    return None


def _can_address(role):
    return access.may_edit(role)


# The gap-analysis table -----------------------------------------------------------------


@dataclass
class RowView:
    row: selectors.GapRow
    form: DomainRatingForm
    warning: str | None
    comments: list = field(default_factory=list)

    @property
    def warning_text(self):
        """What the live warning says when JavaScript shows it."""
        if self.row.suggestion is None:
            return ""
        return completeness.maturity_warning_text(self.row.suggestion)

    @property
    def level_counts(self):
        """The VaPCAT's (level's values, meaning, count), lowest level first."""
        return self.row.level_counts or []

    @property
    def gaps_empty(self):
        return not self.form["gaps"].value()


def _row_errors(forms):
    errors = []
    for form in forms:
        for name, field_errors in form.errors.items():
            bound = form[name]
            for error in field_errors:
                errors.append(
                    {
                        "message": f"{form.domain.name} · {bound.label}: {error}",
                        "anchor": bound.auto_id,
                    }
                )
    return errors


def _stored_ratings(milestone):
    stored = []
    for rating in selectors.ratings_of(milestone):
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


def _row_views(rows, forms, comments):
    return [
        RowView(
            row,
            form,
            completeness.maturity_warning(form.chosen_maturity(), row.suggestion),
            [comment for comment in comments if comment.section == row.section],
        )
        for row, form in zip(rows, forms, strict=True)
    ]


def _edit_autosave(request, milestone):
    """The gap-analysis table saved as its Save button saves it, answered in JSON."""
    revision = parse_revision(request.POST)
    try:
        ensure_editable(milestone)
        forms = _rating_forms(selectors.gap_rows(milestone), request.POST, editable=True)
        if not all([form.is_valid() for form in forms]):
            return autosave.invalid(_row_errors(forms))
        services.domain_ratings_save(milestone, forms, request.user, revision)
    except (TransitionError, StaleEdit) as error:
        return autosave.refused(error)
    return autosave.saved(revision)


@login_required
def edit(request, pk):
    milestone, role = access.get_milestone_for_form(request, pk)
    if autosave.requested(request):
        return _edit_autosave(request, milestone)
    url = reverse("gap_analysis:edit", args=[milestone.pk])
    if request.method == "POST" and (refused := _refuse_if_read_only(request, milestone, url)):
        return refused
    editable = access.may_edit(role) and milestone.is_editable
    rows = selectors.gap_rows(milestone)
    # From what is stored: binding the forms below writes what was typed onto the rows.
    problems = completeness.rating_problems(milestone, [row.rating for row in rows], url)
    if request.method != "POST":
        forms = _rating_forms(rows, None, editable)
        revision = current_revision(milestone, services.RATINGS_SECTION)
        return _gap_page(request, milestone, role, rows, forms, problems, editable, revision)
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
    forms = _rating_forms(rows, data, editable)
    conflict = None
    if all([form.is_valid() for form in forms]):
        try:
            services.domain_ratings_save(
                milestone, forms, request.user, parse_revision(request.POST)
            )
        except TransitionError as error:
            return _refused(request, error, url)
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
    if conflict is not None:
        revision = current_revision(milestone, services.RATINGS_SECTION)
    else:
        revision = parse_revision(request.POST)
    return _gap_page(
        request,
        milestone,
        role,
        rows,
        forms,
        problems,
        editable,
        revision,
        conflict=conflict,
    )


def _gap_page(request, milestone, role, rows, forms, problems, editable, revision, conflict=None):
    comments = selectors.comments_of(milestone)
    row_views = _row_views(rows, forms, comments)
    can_address = _can_address(role)
    context = {
        "milestone": milestone,
        "rows": row_views,
        "editable": editable,
        "read_only_notice": not milestone.is_editable and role != access.COACH,
        "revision": revision,
        "errors": _row_errors(forms),
        "warnings": [
            {
                "message": f"{view.row.domain.name}: {view.warning}",
                "anchor": completeness.rating_anchor(view.row.domain.code, "maturity"),
            }
            for view in row_views
            if view.warning
        ],
        "problems": problems,
        "conflict": conflict,
        "stored": _stored_ratings(milestone) if conflict else [],
        "comments": comments,
        "can_address": can_address,
        # Each "Mark as addressed" button posts a form of its own, placed after the
        # gap-analysis form (forms cannot nest).
        "open_comments": [
            comment
            for view in row_views
            for comment in view.comments
            if can_address and not comment.addressed_at
        ],
        "next": request.get_full_path(),
        "maturity_rubric": list(MATURITY_RUBRIC.items()),
        "maturity_rules": scoring.maturity_level_rules(Scale.of(milestone.instrument)),
        "priority_rubric": [(p.label, PRIORITY_RUBRIC[p]) for p in Priority],
    }
    return render(request, "gap_analysis/edit.html", context, status=409 if conflict else 200)


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
    return [
        {**error, "message": f"Capability {form.position} · {error['message']}"}
        for form in forms
        for error in collect_errors(form)
    ]


def _capability_at(capabilities, position):
    return next((c for c in capabilities if str(c.position) == position), None)


@dataclass
class CapabilityCard:
    form: object
    warning: str | None

    @property
    def position(self):
        return self.form.position

    @property
    def has_plan_link(self):
        return self.form.instance.pk is not None


def _capabilities_autosave(request, milestone):
    """The capabilities saved as their Save button saves them (never adding or removing
    one), answered in JSON."""
    revision = parse_revision(request.POST)
    try:
        ensure_editable(milestone)
        domains = list(Domain.objects.filter(instrument=milestone.instrument_id))
        forms = CapabilityForms(selectors.capabilities_of(milestone), request.POST, domains=domains)
        if not forms.is_valid():
            return autosave.invalid(_capability_errors(forms))
        services.capabilities_save(milestone, forms, request.user, revision)
    except (TransitionError, StaleEdit) as error:
        return autosave.refused(error)
    return autosave.saved(revision)


@login_required
def capabilities(request, pk):
    milestone, role = access.get_milestone_for_form(request, pk)
    if autosave.requested(request):
        return _capabilities_autosave(request, milestone)
    url = reverse("gap_analysis:capabilities", args=[milestone.pk])
    if request.method == "POST" and (refused := _refuse_if_read_only(request, milestone, url)):
        return refused
    editable = access.may_edit(role) and milestone.is_editable
    stored = selectors.capabilities_of(milestone)
    domains = list(Domain.objects.filter(instrument=milestone.instrument_id))
    ratings = selectors.ratings_of(milestone)
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
        except TransitionError as error:
            return _refused(request, error, url)
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
        CapabilityCard(form, completeness.low_priority_warning(form.instance, ratings_by_domain))
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
        "read_only_notice": not milestone.is_editable and role != access.COACH,
        "can_add": len(stored) < completeness.REQUIRED_CAPABILITIES,
        "revision": revision,
        "errors": _capability_errors(forms),
        "warnings": [
            {
                "message": card.warning,
                "anchor": completeness.capability_anchor(card.position, "domain"),
            }
            for card in cards
            if card.warning
        ],
        "problems": problems,
        "conflict": conflict,
        "stored": _stored_capabilities(milestone) if conflict else [],
        "comments": selectors.comments_of(milestone),
        "can_address": _can_address(role),
        # Appendix 1's examples per domain, beside what the gap analysis says of it.
        "guide": [(domain, ratings_by_domain.get(domain.pk)) for domain in domains],
    }
    return render(
        request, "gap_analysis/capabilities.html", context, status=409 if conflict else 200
    )


@login_required
def capability_remove(request, pk, position):
    """Confirm removing a capability, naming its action plan, which goes with it."""
    milestone, _role = access.get_milestone_for_editor(request.user, pk)
    capability = selectors.capability_to_remove(milestone, position)
    if capability is None:
        raise Http404
    url = reverse("gap_analysis:capabilities", args=[milestone.pk])
    if refused := _refuse_if_read_only(request, milestone, url):
        return refused
    conflict = None
    if request.method == "POST":
        try:
            services.capability_remove(
                milestone, capability, request.user, parse_revision(request.POST)
            )
        except TransitionError as error:
            return _refused(request, error, url)
        except StaleEdit as error:
            conflict = error
        else:
            messages.success(
                request,
                f"Capability {position} and its action plan were removed. The portal’s "
                "history keeps both; a program administrator can recover them.",
            )
            return redirect(f"{url}#capabilities")
    context = {
        "milestone": milestone,
        "capability": capability,
        "plan": capability.plan if services.has_plan(capability) else None,
        "read_only_notice": False,
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
