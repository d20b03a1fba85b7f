"""Notices of every move: the milestone's (submit, changes requested, accepted, reopened),
the VaPCAT's (a respondent submitted, answers reopened) and a reply on a review comment.

Each notice is written with the move, once per person told: a ``Notice`` they find on
their notices page and on the milestone page, and an e-mail sent by a background task
once the move has committed (``accounts.tasks``): a mail server that is down never
undoes or fails a move; the message is tried again and, failing that, listed for
administrators. The services of the lifecycle, the VaPCAT and the review call these
functions explicitly. Whoever made the move is not told of it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.tasks import mail_after_commit
from practices.models import Membership
from submissions import access
from submissions.models import Notice

Kind = Notice.Kind
# Notices shown on the milestone page; the notices page lists them all.
ON_MILESTONE_PAGE = 5


def _people(**condition):
    users = get_user_model().objects.filter(is_active=True, **condition)
    return list(users.order_by("pk").distinct())


def _leads(milestone):
    return _people(
        memberships__practice_id=milestone.practice_id,
        memberships__role=Membership.Role.LEAD,
    )


def _coaches(milestone):
    return _people(is_coach=True, coach_assignments__practice_id=milestone.practice_id)


def _notify(kind, milestone, recipients, actor, link, note="", template=None, **extra):
    """Tell each of ``recipients`` (users; ``actor`` is left out) of the move ``kind``:
    a notice and an e-mail whose link is ``link`` (a path of the site)."""
    people = {user.pk: user for user in recipients if actor is None or user.pk != actor.pk}
    if not people:
        return []
    template = template or f"milestone_{kind}"
    context = {
        "milestone": milestone,
        "actor": actor,
        "note": note,
        "url": settings.SITE_URL + link,
        "review_url": settings.SITE_URL + reverse("submissions:review", args=[milestone.pk]),
        **extra,
    }
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    notices = Notice.objects.bulk_create(
        Notice(
            recipient=user,
            milestone=milestone,
            kind=kind,
            actor=actor,
            subject=subject[:255],
            note=note,
            link=link,
        )
        for user in people.values()
    )
    mail_after_commit([user.email for user in people.values()], subject, body)
    return notices


def _milestone_link(milestone):
    return reverse("submissions:milestone", args=[milestone.pk])


def _review_link(milestone):
    return reverse("submissions:review", args=[milestone.pk])


def notify_submitted(milestone, actor=None):
    """The coaches review the new version."""
    _notify(Kind.SUBMITTED, milestone, _coaches(milestone), actor, _review_link(milestone))


def notify_changes_requested(milestone, note, actor=None):
    _notify(
        Kind.CHANGES_REQUESTED,
        milestone,
        _leads(milestone),
        actor,
        _milestone_link(milestone),
        note,
    )


def notify_accepted(milestone, note, actor=None):
    _notify(Kind.ACCEPTED, milestone, _leads(milestone), actor, _milestone_link(milestone), note)


def notify_reopened(milestone, reason, actor=None):
    """The practice's leads edit again and its coaches will review again."""
    _notify(
        Kind.REOPENED,
        milestone,
        _leads(milestone) + _coaches(milestone),
        actor,
        _milestone_link(milestone),
        reason,
    )


def notify_response_submitted(response, actor):
    """The leads see one more questionnaire answered."""
    milestone = response.milestone
    _notify(
        Kind.RESPONSE_SUBMITTED,
        milestone,
        _leads(milestone),
        actor,
        reverse("assessments:respondents", args=[milestone.pk]),
        template="response_submitted",
        respondent=response.respondent,
    )


def notify_response_reopened(response, actor):
    """The respondent may change their answers and submit them again."""
    milestone = response.milestone
    _notify(
        Kind.RESPONSE_REOPENED,
        milestone,
        [response.respondent] if response.respondent.is_active else [],
        actor,
        reverse("assessments:overview", args=[milestone.pk]),
        template="response_reopened",
    )


def reply_recipients(reply):
    """The other side of a reply: the coaches when the practice writes, the leads when a
    coach writes, both when an administrator does; and the comment's author."""
    comment = reply.comment
    milestone = comment.milestone
    role = access.role_in(reply.author, milestone.practice_id)
    people = []
    if role != access.LEAD:
        people += _leads(milestone)
    if role != access.COACH:
        people += _coaches(milestone)
    author = comment.author
    if (
        author is not None
        and author.is_active
        and access.may_review(access.role_in(author, milestone.practice_id))
    ):
        people.append(author)
    return people


def notify_reply(reply, section_title):
    comment = reply.comment
    milestone = comment.milestone
    _notify(
        Kind.REPLY,
        milestone,
        reply_recipients(reply),
        reply.author,
        f"{_review_link(milestone)}#comment-{comment.pk}",
        reply.body,
        template="comment_reply",
        comment=comment,
        reply=reply,
        earlier_replies=comment.replies.filter(created_at__lte=reply.created_at)
        .exclude(pk=reply.pk)
        .select_related("author"),
        section_title=section_title,
    )


def notices_for(user, milestone=None):
    """The notices ``user`` was sent, newest first (of one milestone, when given)."""
    notices = Notice.objects.filter(recipient=user).select_related(
        "actor", "milestone__practice", "milestone__cycle"
    )
    if milestone is not None:
        notices = notices.filter(milestone=milestone)
    return notices
