"""The VaPCAT pages: one's own questionnaire (saved as one goes), the respondents, one
respondent's answers, the results with the consensus scores, and the results chart.

Who may see what is decided by ``submissions.access``; rules live in ``scoring``,
writes in ``services``, reads in ``selectors``.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.invitations import invitation_create
from accounts.models import Invitation
from assessments import scoring, selectors, services
from assessments.chart import chart_digest, chart_svg, domain_chart_alt
from assessments.forms import (
    AnswerForm,
    ConsensusForm,
    QuestionnaireForm,
    RespondentInviteForm,
    answers_data,
    consensus_forms,
)
from cohort.aggregates import MIN_PRACTICES, maturity_beside_cohort
from submissions import access
from submissions.concurrency import StaleEdit, current_revision, parse_revision
from submissions.exceptions import TransitionError

# A chart's URL names the data it shows: the browser may keep it.
CHART_MAX_AGE = 24 * 3600


def _page(milestone, role, active, **context):
    """What every VaPCAT page shows: the header, its notice and the tabs."""
    return {
        "milestone": milestone,
        "role": role,
        "read_only_notice": not milestone.is_editable and role != access.COACH,
        "tabs": _tabs(milestone, role, active),
        **context,
    }


def _tabs(milestone, role, active):
    """(label, url, current) of the VaPCAT pages ``role`` moves between; respondents
    have only their questionnaire, so no tabs."""
    if role == access.RESPONDENT:
        return []
    pages = []
    if role == access.LEAD:
        pages.append(("overview", "My answers", "assessments:overview"))
    if access.may_edit(role):
        pages.append(("respondents", "Respondents", "assessments:respondents"))
    pages.append(("results", "Results and consensus", "assessments:results"))
    return [
        (label, reverse(name, args=[milestone.pk]), key == active) for key, label, name in pages
    ]


# The questionnaire ------------------------------------------------------------------


@login_required
def overview(request, pk):
    """A lead's or respondent's own questionnaire; administrators get a signpost."""
    milestone, role = access.get_milestone_for_respondent(request.user, pk)
    if role not in selectors.ANSWERING_ROLES:
        # Administrators reach the page but have no questionnaire of their own.
        return render(
            request, "assessments/overview_admin.html", _page(milestone, role, "overview")
        )
    domains = selectors.instrument_domains(milestone.instrument)
    items = selectors.instrument_items(domains)
    choices = selectors.answer_choices(milestone.instrument)
    response = selectors.own_response(milestone, request.user)
    stored = selectors.stored_answers(response)
    page = partial(_questionnaire_page, request, milestone, role, domains)
    if request.method != "POST":
        return page(response, stored, QuestionnaireForm(None, items, choices, stored))

    form = QuestionnaireForm(request.POST, items, choices, stored)
    loaded = parse_revision(request.POST)
    if not form.is_valid():
        return page(
            response, form.typed(stored), form, revision=loaded, summary=form.error_summary()
        )
    try:
        response, _ = services.answers_save(milestone, request.user, form.answers(), loaded)
    except StaleEdit as conflict:
        response = selectors.own_response(milestone, request.user)
        stored = selectors.stored_answers(response)
        return page(
            response,
            form.typed(stored),
            form,
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
        stored = selectors.stored_answers(response)
        form = QuestionnaireForm(answers_data(items, stored), items, choices)
        form.is_valid()
        form.flag_unanswered(error.items)
        summary = [
            {
                "message": f"{item.code} is not answered yet: {item.text}",
                "anchor": f"item-{item.code}",
            }
            for item in error.items
        ]
        return page(response, stored, form, summary=summary)
    except (TransitionError, services.QuestionnaireError) as error:
        messages.error(request, str(error))
        return redirect("assessments:overview", milestone.pk)
    messages.success(request, "Your answers were submitted. Thank you.")
    return redirect("assessments:overview", milestone.pk)


def _questionnaire_page(
    request,
    milestone,
    role,
    domains,
    response,
    answers,
    form,
    *,
    revision=None,
    summary=None,
    conflict=None,
    stored=None,
    status=200,
):
    """``answers`` ({item_id: (value key, comment)}): what the page shows and counts."""
    questionnaire = selectors.questionnaire(milestone, response, domains, answers, form.forms)
    if revision is None:
        revision = services.response_revision(response)
    context = _page(
        milestone,
        role,
        "overview",
        questionnaire=questionnaire,
        editable=milestone.is_editable and not questionnaire.is_submitted,
        revision=revision,
        errors=summary or [],
        conflict=conflict,
        stored=stored,
    )
    return render(request, "assessments/overview.html", context, status=status)


def _stored_differences(milestone, form, stored):
    """(label, value) of the stored answers that differ from what was typed."""
    labels = dict(selectors.answer_choices(milestone.instrument))
    typed = form.typed({})
    rows = []
    for item in form.posted:
        now = stored.get(item.pk, ("", ""))
        if typed[item.pk] != now:
            key, comment = now
            value = labels.get(key, "not answered")
            rows.append((item.code, value + (f" — comment: {comment}" if comment else "")))
    return rows


@login_required
@require_POST
def answer_autosave(request, pk):
    """Save one item as the person answers it (JavaScript); JSON in and out."""
    milestone, role = access.get_milestone_for_respondent(request.user, pk)
    if role not in selectors.ANSWERING_ROLES:
        raise Http404
    code = request.POST.get("item", "")
    item = selectors.item_by_code(milestone, code)
    if item is None:
        return JsonResponse(
            {"error": f"There is no item “{code}” in this questionnaire."}, status=400
        )
    form = AnswerForm(
        request.POST, item=item, choices=selectors.answer_choices(milestone.instrument)
    )
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
    milestone, role = access.get_milestone_for_editor(request.user, pk)
    practice = milestone.practice
    form = RespondentInviteForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = invitation_create(
                request.user, form.cleaned_data["email"], Invitation.Role.RESPONDENT, practice
            )
        except ValidationError as refusal:
            form.add_error("email", refusal)
        else:
            # The same words whether or not the address has an account.
            messages.success(
                request,
                f"An invitation was sent to {invitation.email}. The link works once and "
                "expires in 7 days.",
            )
            return redirect("assessments:respondents", milestone.pk)
    context = _page(
        milestone,
        role,
        "respondents",
        form=form,
        statuses=selectors.respondent_statuses(milestone),
        pending=list(practice.invitations.pending().filter(role=Invitation.Role.RESPONDENT)),
        can_reopen=milestone.is_editable,
    )
    return render(request, "assessments/respondents.html", context)


def _response_in(milestone, response_pk):
    return get_object_or_404(milestone.responses.select_related("respondent"), pk=response_pk)


@login_required
def response_detail(request, pk, response_pk):
    """One respondent's answers, read-only (leads, coaches, administrators)."""
    milestone, role = access.get_milestone_for_reader(request.user, pk)
    response = _response_in(milestone, response_pk)
    domains = selectors.instrument_domains(milestone.instrument)
    questionnaire = selectors.questionnaire(
        milestone, response, domains, selectors.stored_answers(response)
    )
    context = _page(
        milestone,
        role,
        "response",
        response=response,
        questionnaire=questionnaire,
        can_manage_respondents=access.may_edit(role),
    )
    return render(request, "assessments/response.html", context)


@login_required
@require_POST
def response_reopen(request, pk, response_pk):
    milestone, _ = access.get_milestone_for_editor(request.user, pk)
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
    milestone, role = access.get_milestone_for_reader(request.user, pk)
    return _results_page(request, milestone, role)


def _results_page(request, milestone, role, bound=None, conflict=None, stored=None, status=200):
    """``bound``: a refused ConsensusForm, shown again with what was typed."""
    can_edit = access.may_edit(role) and milestone.is_editable
    summary = selectors.consensus_summary(milestone)
    if can_edit:
        consensus_forms(summary, selectors.score_choices(milestone.instrument), bound)
    rows = selectors.chart_rows(summary)
    submitted = summary.submitted_responses
    context = _page(
        milestone,
        role,
        "results",
        summary=summary,
        submitted=submitted,
        in_progress=[r for r in summary.responses if r not in submitted],
        can_edit=can_edit,
        # The respondents' page and the hints to invite them are for those who invite.
        can_invite=access.may_edit(role),
        answers_too=role == access.LEAD,
        revision=current_revision(milestone, services.CONSENSUS_SECTION) if can_edit else 0,
        chart_url=reverse("assessments:chart", args=[milestone.pk, chart_digest(rows)]),
        chart_alt=domain_chart_alt(rows, summary.score_range),
        consensus_rule=scoring.consensus_rule(summary.scale),
        consensus_rounding=scoring.consensus_rounding(summary.scale),
        beside_cohort=maturity_beside_cohort(milestone),
        cohort_minimum=MIN_PRACTICES,
        maturity_rules=scoring.maturity_level_rules(summary.scale),
        comments=selectors.vapcat_comments(milestone),
        can_address=access.may_edit(role),
        errors=bound.error_summary() if bound is not None else [],
        conflict=conflict,
        stored=stored,
    )
    return render(request, "assessments/results.html", context, status=status)


@login_required
@require_POST
def consensus(request, pk, code):
    """Override one item's consensus score with a note, or return it to the default."""
    milestone, role = access.get_milestone_for_editor(request.user, pk)
    item = selectors.item_by_code(milestone, code)
    if item is None:
        raise Http404
    form = ConsensusForm(
        request.POST, item=item, scores=selectors.score_choices(milestone.instrument)
    )
    if not form.is_valid():
        return _results_page(request, milestone, role, bound=form)
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
            role,
            bound=form,
            conflict=conflict.message,
            stored=_stored_consensus(milestone, item),
            status=409,
        )
    except (TransitionError, services.QuestionnaireError) as error:
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
def chart(request, pk, digest):
    """The results chart as SVG, at a URL naming the data it is drawn from: only the
    current data's picture is served (another digest is 404), so a browser may keep it."""
    milestone, _ = access.get_milestone_for_reader(request.user, pk)
    summary = selectors.consensus_summary(milestone)
    rows = selectors.chart_rows(summary)
    if digest != chart_digest(rows):
        raise Http404
    response = HttpResponse(chart_svg(rows, summary.score_range), content_type="image/svg+xml")
    response["Cache-Control"] = f"private, max-age={CHART_MAX_AGE}"
    return response
