"""Writing the VaPCAT: a respondent's answers (created on the first save), submitting and
reopening a response, and the lead's consensus overrides.

Every service locks the milestone and refuses to write into a read-only one
(``lock_editable``) at the start of its transaction, and keeps
the no-lost-update rule of ``submissions.concurrency``: a whole-questionnaire save claims
the revision of section ``response:<pk>``; an autosave of one item only moves it on (the
item's new value is the person's latest choice), so that another window's stale
whole-questionnaire save is refused; a consensus change claims section ``consensus``.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from assessments.models import Answer, ConsensusScore, Response
from assessments.scale import Scale
from assessments.selectors import may_answer
from submissions.concurrency import bump_revision, claim_revision, current_revision
from submissions.editing import lock_editable
from submissions.notifications import notify_response_reopened, notify_response_submitted

CONSENSUS_SECTION = "consensus"


class QuestionnaireError(Exception):
    """A questionnaire change that is not allowed now; ``str()`` is the user message."""


class ResponseIncomplete(QuestionnaireError):
    """Submitting with items still unanswered; ``items`` lists them in order."""

    def __init__(self, items):
        self.items = list(items)
        codes = ", ".join(item.code for item in self.items)
        super().__init__(
            f"Answer every item before you submit (choose “Don't know” if you are not "
            f"sure). Not answered yet: {codes}."
        )


@dataclass(frozen=True)
class AnswerInput:
    """One item's answer as typed: a value of the scale, or don't know, or neither; a
    comment."""

    value: int | None = None
    dont_know: bool = False
    comment: str = ""

    @property
    def is_blank(self):
        return self.value is None and not self.dont_know and not self.comment

    def matches(self, answer):
        return (answer.value, answer.dont_know, answer.comment) == (
            self.value,
            self.dont_know,
            self.comment,
        )


def _check_on_scale(milestone, answers):
    """Refuse an answer the instrument's scale does not have (the forms offer only its
    values; this keeps anything else out of the database whatever the caller)."""
    scale = Scale.of(milestone.instrument)
    for item, given in answers.items():
        if given.value is not None and not scale.is_value(given.value):
            raise QuestionnaireError(
                f"{item.code}: {given.value} is not on this questionnaire's answer scale "
                f"({scale.span}). Choose one of its answers"
                + (", or “Don't know”." if scale.has_dont_know else ".")
            )
        if given.dont_know and not scale.has_dont_know:
            raise QuestionnaireError(
                f"{item.code}: this questionnaire's answer scale has no “Don't know”; "
                f"choose one of its answers ({scale.span})."
            )


def response_section(response):
    return f"response:{response.pk}"


def response_revision(response):
    """The revision a questionnaire form is loaded at (0 before the first save)."""
    if response is None:
        return 0
    return current_revision(response.milestone_id, response_section(response))


def _open_response(milestone, user):
    """The person's response, created on first save; refused once submitted."""
    lock_editable(milestone)
    if not may_answer(user, milestone):
        raise QuestionnaireError("Only the practice's leads and respondents answer the VaPCAT.")
    response, _ = Response.objects.get_or_create(milestone=milestone, respondent=user)
    # Lock it so that a submit cannot slip between reading the status and writing answers.
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == Response.Status.SUBMITTED:
        raise QuestionnaireError(
            "You have submitted your answers, so they are read-only. Ask a practice lead to "
            "reopen them if you need to change something."
        )
    return response


@transaction.atomic
def answers_save(milestone, user, answers, revision=None):
    """Save ``answers`` ({Item: AnswerInput}) in ``user``'s questionnaire.

    ``revision`` is the revision the whole questionnaire was loaded at, and a stale one
    raises ``StaleEdit``; ``None`` is an autosave of single items. A blank answer (no
    value, no comment) removes a stored one. Returns (response, new revision). A value
    not on the instrument's scale raises ``QuestionnaireError`` and saves nothing.
    """
    _check_on_scale(milestone, answers)
    response = _open_response(milestone, user)
    section = response_section(response)
    if revision is None:
        new_revision = bump_revision(milestone, section, user)
    else:
        new_revision = claim_revision(milestone, section, revision, user)
    stored = {
        answer.item_id: answer
        for answer in Answer.objects.filter(response=response, item__in=list(answers))
    }
    create, update, delete = [], [], []
    for item, given in answers.items():
        answer = stored.get(item.pk)
        if answer is None:
            if not given.is_blank:
                create.append(
                    Answer(
                        response=response,
                        item=item,
                        value=given.value,
                        dont_know=given.dont_know,
                        comment=given.comment,
                    )
                )
        elif given.is_blank:
            delete.append(answer.pk)
        elif not given.matches(answer):
            answer.value, answer.dont_know, answer.comment = (
                given.value,
                given.dont_know,
                given.comment,
            )
            update.append(answer)
    Answer.objects.bulk_create(create)
    Answer.objects.bulk_update(update, ["value", "dont_know", "comment"])
    if delete:
        Answer.objects.filter(pk__in=delete).delete()
    return response, new_revision


@transaction.atomic
def response_submit(milestone, user, items):
    """Submit ``user``'s answers; every one of ``items`` must have a value or don't know."""
    response = _open_response(milestone, user)
    answered = set(
        Answer.objects.filter(response=response)
        .exclude(value__isnull=True, dont_know=False)
        .values_list("item_id", flat=True)
    )
    missing = [item for item in items if item.pk not in answered]
    if missing:
        raise ResponseIncomplete(missing)
    response.status = Response.Status.SUBMITTED
    response.submitted_at = timezone.now()
    response.save(update_fields=["status", "submitted_at"])
    notify_response_submitted(response, user)
    return response


@transaction.atomic
def response_reopen(response, user):
    """A lead (or administrator) lets a respondent change submitted answers again."""
    lock_editable(response.milestone)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status != Response.Status.SUBMITTED:
        raise QuestionnaireError(
            f"{response.respondent}'s answers are not submitted, so there is nothing to reopen."
        )
    response.status = Response.Status.IN_PROGRESS
    response.submitted_at = None
    response.save(update_fields=["status", "submitted_at"])
    notify_response_reopened(response, user)
    return response


@transaction.atomic
def consensus_set(milestone, item, score, note, user, revision):
    """Override ``item``'s consensus score with ``note``; ``score`` None returns the item
    to its default (the mean of the answers rounded to the nearest scale value).

    Raises ``StaleEdit`` when someone changed a consensus score since ``revision``, and
    ``QuestionnaireError`` for a score not on the instrument's scale.
    """
    scale = Scale.of(milestone.instrument)
    if score is not None and not scale.is_value(score):
        raise QuestionnaireError(
            f"{item.code}: {score} is not on this questionnaire's answer scale "
            f"({scale.span}). Choose a score from it, or the default."
        )
    lock_editable(milestone)
    claim_revision(milestone, CONSENSUS_SECTION, revision, user)
    if score is None:
        ConsensusScore.objects.filter(milestone=milestone, item=item).delete()
        return None
    consensus, _ = ConsensusScore.objects.update_or_create(
        milestone=milestone,
        item=item,
        defaults={"score": score, "note": note, "set_by": user},
    )
    return consensus
