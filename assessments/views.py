"""The VaPCAT pages: one's own questionnaire (saved as one goes), the respondents, one
respondent's answers, the results with the consensus scores, and the results chart.

Who may see what is decided by ``practices.access``; rules live in ``scoring``,
writes in ``services``, reads in ``selectors``.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from markupsafe import Markup

from accounts.invitations import invitation_create
from accounts.models import Invitation
from assessments import scoring, selectors, services
from assessments.chart import domain_chart_alt, domain_chart_svg
from assessments.forms import (
    AnswerForm,
    ConsensusForm,
    QuestionnaireForm,
    RespondentInviteForm,
    attach_consensus_edits,
)
from assessments.models import Response
from submissions import access
from practices.templating import drawn, page_csrf_input
from submissions.concurrency import StaleEdit, current_revision, parse_revision
from submissions.exceptions import TransitionError
from submissions.stamps import kept

# The questionnaire ------------------------------------------------------------------


@login_required
def overview(request, pk):
    """A lead's or respondent's own questionnaire; administrators get a signpost."""
    milestone = access.get_milestone_for_respondent(request.user, pk)
    role = access.role_on(request.user, milestone)
    if role not in selectors.ANSWERING_ROLES:
        # Administrators reach the page but have no questionnaire of their own.
        return render(
            request, "assessments/overview_admin.html", {"milestone": milestone, "role": role}
        )
    domains = selectors.instrument_domains(milestone.instrument)
    response = selectors.own_response(milestone, request.user)
    page = partial(_questionnaire_page, request, milestone, role, domains)
    if request.method == "POST":
        return _questionnaire_post(request, milestone, domains, response, page)
    return page(response, selectors.stored_answers(response))


def _questionnaire_page(
    request,
    milestone,
    role,
    domains,
    response,
    answers,
    *,
    revision=None,
    errors=None,
    summary=None,
    flag_unanswered=False,
    conflict=None,
    stored=None,
    status=200,
):
    questionnaire = selectors.questionnaire(
        milestone, response, domains, answers, errors, flag_unanswered
    )
    if revision is None:
        revision = services.response_revision(response)
    context = {
        "milestone": milestone,
        "role": role,
        "questionnaire": questionnaire,
        "editable": milestone.is_editable and not questionnaire.is_submitted,
        "revision": revision,
        "errors": summary or [],
        "conflict": conflict,
        "stored": stored,
    }
    return render(request, "assessments/overview.html", context, status=status)


def _questionnaire_post(request, milestone, domains, response, page):
    items = selectors.instrument_items(domains)
    form = QuestionnaireForm(request.POST, items)
    loaded = parse_revision(request.POST)
    stored = selectors.stored_answers(response)
    if not form.is_valid():
        return page(
            response,
            form.typed(stored),
            revision=loaded,
            errors=form.errors_by_code(),
            summary=form.error_summary(),
        )
    try:
        response, _ = services.answers_save(milestone, request.user, form.answers(), loaded)
    except StaleEdit as conflict:
        response = selectors.own_response(milestone, request.user)
        stored = selectors.stored_answers(response)
        return page(
            response,
            form.typed(stored),
            revision=conflict.revision.revision,
            conflict=conflict.message,
            stored=_stored_differences(milestone, form, stored),
            status=409,
        )
    except (TransitionError, services.QuestionnaireError) as error:
        messages.error(request, str(error))
        return redirect("assessments:overview", milestone.pk)

    if request.POST.get("action") != "submit":
        messages.success(request, "Your answers were saved.")
        return redirect("assessments:overview", milestone.pk)
    try:
        services.response_submit(milestone, request.user, items)
    except services.ResponseIncomplete as error:
        count = len(error.items)
        messages.warning(
            request,
            f"Your answers were saved, but not submitted: {count} "
            f"{'item is' if count == 1 else 'items are'} not answered yet. Answer each one "
            "(choose “Don't know” if you are not sure), then submit.",
        )
        summary = [
            {
                "message": f"{item.code} is not answered yet: {item.text}",
                "anchor": f"item-{item.code}",
            }
            for item in error.items
        ]
        return page(
            response, selectors.stored_answers(response), summary=summary, flag_unanswered=True
        )
    except (TransitionError, services.QuestionnaireError) as error:
        messages.error(request, str(error))
        return redirect("assessments:overview", milestone.pk)
    messages.success(request, "Your answers were submitted. Thank you.")
    return redirect("assessments:overview", milestone.pk)


def _stored_differences(milestone, form, stored):
    """(label, value) of the stored answers that differ from what was typed."""
    labels = {
        key: label if key == selectors.DONT_KNOW_KEY else f"{key} · {label}"
        for key, label in selectors.scale_choices(milestone.instrument)
    }
    typed = form.typed({})
    rows = []
    for item in form.forms:
        now = stored.get(item.pk, ("", ""))
        if typed[item.pk] != now:
            key, comment = now
            value = labels.get(key, "not answered")
            rows.append(
                (f"{item.code}", f"{value}" + (f" — comment: {comment}" if comment else ""))
            )
    return rows


@login_required
@require_POST
def answer_autosave(request, pk):
    """Save one item as the person answers it (JavaScript); JSON in and out."""
    milestone = access.get_milestone_for_respondent(request.user, pk)
    if not selectors.may_answer(request.user, milestone):
        raise Http404
    code = request.POST.get("item", "")
    item = selectors.item_by_code(milestone, code)
    if item is None:
        return JsonResponse(
            {"error": f"There is no item “{code}” in this questionnaire."}, status=400
        )
    form = AnswerForm(request.POST, prefix=item.code)
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        return JsonResponse({"item": code, "error": f"{code}: {error}"}, status=400)
    try:
        _, revision = services.answers_save(milestone, request.user, {item: form.answer()})
    except (TransitionError, services.QuestionnaireError) as error:
        return JsonResponse({"item": code, "error": str(error)}, status=409)
    return JsonResponse({"item": code, "saved": True, "revision": revision})


# Respondents ------------------------------------------------------------------------


@login_required
def respondents(request, pk):
    """Invite respondents and follow who has answered (leads and administrators)."""
    milestone = access.get_milestone_for_editor(request.user, pk)
    practice = milestone.practice
    form = RespondentInviteForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        invitation, existing = invitation_create(
            request.user, form.cleaned_data["email"], Invitation.Role.RESPONDENT, practice
        )
        if existing is not None:
            messages.success(
                request,
                f"{existing.email} already has an account; they can now answer the VaPCAT "
                f"of {practice.name}. They were told by e-mail.",
            )
        else:
            messages.success(
                request,
                f"An invitation was sent to {invitation.email}. The link works once and "
                "expires in 7 days.",
            )
        return redirect("assessments:respondents", milestone.pk)
    return render(
        request,
        "assessments/respondents.html",
        {
            "milestone": milestone,
            "role": access.role_in(request.user, practice),
            "form": form,
            "statuses": selectors.respondent_statuses(milestone),
        },
    )


def _response_in(milestone, response_pk):
    return get_object_or_404(
        Response.objects.select_related("respondent"), pk=response_pk, milestone=milestone
    )


@login_required
def response_detail(request, pk, response_pk):
    """One respondent's answers, read-only (leads, coaches, administrators)."""
    milestone = access.get_milestone_for_reader(request.user, pk)
    response = _response_in(milestone, response_pk)
    domains = selectors.instrument_domains(milestone.instrument)
    questionnaire = selectors.questionnaire(
        milestone, response, domains, selectors.stored_answers(response)
    )
    return render(
        request,
        "assessments/response.html",
        {
            "milestone": milestone,
            "role": access.role_on(request.user, milestone),
            "response": response,
            "questionnaire": questionnaire,
        },
    )


@login_required
@require_POST
def response_reopen(request, pk, response_pk):
    milestone = access.get_milestone_for_editor(request.user, pk)
    response = _response_in(milestone, response_pk)
    try:
        services.response_reopen(response, request.user)
    except (TransitionError, services.QuestionnaireError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{response.respondent}'s answers were reopened; they can change them and "
            "submit again. Until then they do not count in the results.",
        )
    return redirect("assessments:respondents", milestone.pk)


# Results ---------------------------------------------------------------------------


@login_required
def results(request, pk):
    milestone = access.get_milestone_for_reader(request.user, pk)
    return _results_page(request, milestone)


# Filled in per request in the kept results. Markup: no escaped text can contain them.
CSRF_SLOT = Markup("<csrf-input-slot>")
REVISION_SLOT = Markup("<revision-slot>")


def _results_page(request, milestone, bound=None, conflict=None, stored=None, status=200):
    role = access.role_on(request.user, milestone)
    can_edit = role in (access.ADMIN, access.LEAD) and milestone.is_editable
    revision = current_revision(milestone, services.CONSENSUS_SECTION) if can_edit else 0
    if bound is None:
        # What is stored looks the same to everyone in this role until the content
        # changes: drawn once, kept under the content stamp.
        body = kept(
            milestone,
            lambda: _results_body(milestone, can_edit, CSRF_SLOT, REVISION_SLOT),
            "results",
            can_edit,
        )
        body = Markup(
            body.replace(CSRF_SLOT, str(page_csrf_input(request))).replace(
                REVISION_SLOT, str(revision)
            )
        )
    else:
        body = _results_body(milestone, can_edit, page_csrf_input(request), revision, bound)
    # Names and job titles are not the milestone's content: read them each time.
    responses = selectors.responses_of(milestone)
    submitted = [r for r in responses if r.status == Response.Status.SUBMITTED]
    context = {
        "milestone": milestone,
        "role": role,
        "body": body,
        "submitted": submitted,
        "in_progress": [r for r in responses if r not in submitted],
        "errors": bound.error_summary() if bound is not None else [],
        "conflict": conflict,
        "stored": stored,
    }
    return render(request, "assessments/results.html", context, status=status)


def _results_body(milestone, can_edit, csrf, revision, bound=None):
    """The chart, the items to settle and every item, drawn without the request."""
    summary = selectors.consensus_summary(milestone)
    if can_edit:
        attach_consensus_edits(summary, bound)
    rows = selectors.chart_rows(summary)
    scale = [(key, label) for key, label in selectors.scale_choices(milestone.instrument)]
    context = {
        "milestone": milestone,
        "summary": summary,
        "can_edit": can_edit,
        "csrf_input": csrf,
        "revision": revision,
        "score_choices": [(key, label) for key, label in scale if key != selectors.DONT_KNOW_KEY],
        "chart_url": reverse("assessments:chart", args=[milestone.pk])
        + f"?v={selectors.chart_key(rows)}",
        "chart_alt": domain_chart_alt(rows),
        "consensus_rule": scoring.CONSENSUS_RULE,
        "maturity_rule": scoring.MATURITY_RULE,
    }
    return drawn("assessments/_results_body.html", context)


@login_required
@require_POST
def consensus(request, pk, code):
    """Override one item's consensus score with a note, or return it to the default."""
    milestone = access.get_milestone_for_editor(request.user, pk)
    item = selectors.item_by_code(milestone, code)
    if item is None:
        raise Http404
    form = ConsensusForm(request.POST, item=item)
    if not form.is_valid():
        return _results_page(request, milestone, bound=form)
    score = form.cleaned_data["score"]
    try:
        services.consensus_set(
            milestone,
            item,
            score,
            form.cleaned_data["note"],
            request.user,
            parse_revision(request.POST),
        )
    except StaleEdit as conflict:
        return _results_page(
            request,
            milestone,
            bound=form,
            conflict=conflict.message,
            stored=_stored_consensus(milestone, item),
            status=409,
        )
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect("assessments:results", milestone.pk)
    if score is None:
        messages.success(request, f"{item.code} is back to its default consensus score.")
    else:
        messages.success(request, f"The consensus score of {item.code} is now {score}.")
    return redirect(reverse("assessments:results", args=[milestone.pk]) + f"#item-{item.code}")


def _stored_consensus(milestone, item):
    override = milestone.consensus.filter(item=item).first()
    if override is None:
        return [(f"{item.code} consensus score", "the default (no override)")]
    return [
        (f"{item.code} consensus score", str(override.score)),
        (f"{item.code} note", override.note),
    ]


@login_required
def chart(request, pk):
    """The results chart as SVG, cached by a hash of its data (drawing it takes time)."""
    milestone = access.get_milestone_for_reader(request.user, pk)

    def draw_chart():
        rows = selectors.chart_rows(selectors.consensus_summary(milestone))
        return selectors.chart_key(rows), domain_chart_svg(rows)

    # Kept under the content stamp: the summary is read and drawn once per change.
    key, svg = kept(milestone, draw_chart, "chart")
    response = HttpResponse(svg, content_type="image/svg+xml")
    # The results page asks for ?v=<hash of the data>: that URL's picture never changes.
    fresh = request.GET.get("v") == key
    response["Cache-Control"] = "private, max-age=86400" if fresh else "private, no-cache"
    return response
