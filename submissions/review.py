"""Review comments: sections they attach to, reading them where they apply, and the
conversation under each (replies, what each reviewer has read).

Section keys: "vapcat", "gap:<domain code>", "capabilities", "plan:<position>",
"process", "risks", "general".

Both writes lock the milestone's row and re-check its status inside their transaction:
a coach comments on a version waiting for review (submitted), and the practice marks a
comment addressed only while it may edit the milestone (``editing.lock_editable``), so
that nothing is addressed under the coach's eyes while the version is being reviewed.
Replying and reopening lock the row too, and are refused once the milestone is
accepted: its review is over.

"Addressed" is the practice's word on a comment and "reopen" the reviewer's; either
side may reply. A reviewer's unread replies are those others wrote after the reviewer
last opened the milestone's review page (``ReviewReading``).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone

from submissions import access, notifications
from submissions.editing import lock_editable
from submissions.exceptions import TransitionError
from submissions.models import (
    CommentReply,
    MilestoneSubmission,
    ReviewComment,
    ReviewReading,
)


def section_title(key):
    if key.startswith("gap:"):
        return f"Gap analysis, domain {key[4:]}"
    if key.startswith("plan:"):
        return f"Action plan, capability {key[5:]}"
    return {
        "vapcat": "VaPCAT",
        "capabilities": "The three capabilities",
        "process": "Process summary",
        "risks": "Risks and mitigations",
        "documents": "Supporting documents",
        "general": "General",
    }.get(key, key)


def comments_for(milestone, *sections):
    """The comments on ``sections`` (all sections when none is given), oldest first."""
    qs = (
        ReviewComment.objects.filter(milestone=milestone)
        .select_related("author", "addressed_by")
        .prefetch_related(
            Prefetch("replies", queryset=CommentReply.objects.select_related("author"))
        )
    )
    if sections:
        qs = qs.filter(section__in=sections)
    return list(qs)


def sections_of(content):
    """The commentable sections of a snapshot, in template order, as (key, title)."""
    keys = ["vapcat"]
    keys += [f"gap:{row['code']}" for row in content["gap_analysis"]["rows"]]
    keys.append("capabilities")
    keys.append("process")
    keys += [f"plan:{plan['position']}" for plan in content["action_plan"]["plans"]]
    keys += ["risks", "documents", "general"]
    names = {row["code"]: row["name"] for row in content["gap_analysis"]["rows"]}
    titles = []
    for key in keys:
        title = section_title(key)
        if key.startswith("gap:"):
            title = f"Gap analysis · {names[key[4:]]}"
        titles.append((key, title))
    return titles


@transaction.atomic
def comment_add(milestone, user, section, body):
    """A coach's comment on ``section`` of the version waiting for review.

    Refused (``TransitionError``) once the milestone is no longer submitted, e.g. when
    another reviewer accepted it or requested changes a moment ago."""
    status, version = (
        MilestoneSubmission.objects.select_for_update()
        .values_list("status", "version")
        .get(pk=milestone.pk)
    )
    milestone.status, milestone.version = status, version
    if status != MilestoneSubmission.Status.SUBMITTED:
        raise TransitionError(
            f"This milestone is {milestone.get_status_display().lower()}; comments are added "
            "while a submitted version waits for review. Your comment was not added."
        )
    return ReviewComment.objects.create(
        milestone=milestone,
        section=section,
        body=body.strip(),
        author=user,
        version=version,
    )


@transaction.atomic
def comment_mark_addressed(comment, user):
    """The practice marks ``comment`` addressed: a write of the practice, refused while
    the milestone is submitted or accepted (``TransitionError``, read-only message)."""
    lock_editable(comment.milestone)
    now = timezone.now()
    # Only an open comment: of two people marking it at once, the first one is kept.
    ReviewComment.objects.filter(pk=comment.pk, addressed_at__isnull=True).update(
        addressed_at=now, addressed_by=user
    )
    comment.refresh_from_db(fields=["addressed_at", "addressed_by"])
    return comment


def _lock_open_review(milestone, refused):
    """Lock the milestone's row; refuse (``TransitionError`` ending with ``refused``) once
    it is accepted."""
    status = (
        MilestoneSubmission.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=milestone.pk)
    )
    milestone.status = status
    if status == MilestoneSubmission.Status.ACCEPTED:
        raise TransitionError(f"This milestone is accepted, so its review is closed. {refused}")


@transaction.atomic
def reply_add(comment, user, body):
    """``user`` (a lead, a coach or an administrator of the practice) replies under
    ``comment``; the other side is told. A reviewer's own reply marks the conversations
    read for them."""
    milestone = comment.milestone
    _lock_open_review(milestone, "Your reply was not added.")
    reply = CommentReply.objects.create(comment=comment, author=user, body=body.strip())
    if access.may_review(access.role_in(user, milestone.practice_id)):
        reading_record(milestone, user, reply.created_at)
    notifications.notify_reply(reply, section_title(comment.section))
    return reply


@transaction.atomic
def comment_reopen(comment, user):
    """A reviewer reopens a comment the practice marked addressed: it is open again."""
    _lock_open_review(comment.milestone, "The comment was not reopened.")
    # Of two people reopening it at once, the first one does it.
    ReviewComment.objects.filter(pk=comment.pk, addressed_at__isnull=False).update(
        addressed_at=None, addressed_by=None
    )
    comment.refresh_from_db(fields=["addressed_at", "addressed_by"])
    return comment


def reading_of(milestone, user):
    """When ``user`` last read the milestone's conversations (None: never)."""
    return (
        ReviewReading.objects.filter(milestone=milestone, reader=user)
        .values_list("seen_at", flat=True)
        .first()
    )


def reading_record(milestone, user, at=None):
    """``user`` has read the milestone's conversations up to ``at`` (now)."""
    ReviewReading.objects.update_or_create(
        milestone=milestone, reader=user, defaults={"seen_at": at or timezone.now()}
    )


def unread_reply_ids(comments, user, seen_at):
    """The replies among ``comments`` (read with ``comments_for``) that ``user`` has not
    read: written by someone else after ``seen_at``."""
    return {
        reply.pk
        for comment in comments
        for reply in comment.replies.all()
        if reply.author_id != user.pk and (seen_at is None or reply.created_at > seen_at)
    }


@dataclass
class UnreadThread:
    comment: ReviewComment
    replies: list

    @property
    def latest(self):
        return self.replies[-1]


def unread_threads(user, milestones):
    """The comments of ``milestones`` with replies ``user`` has not read, the most
    recently answered first, each with its unread replies (oldest first)."""
    seen = ReviewReading.objects.filter(
        milestone=OuterRef("comment__milestone"), reader=user
    ).values("seen_at")[:1]
    replies = (
        CommentReply.objects.filter(comment__milestone__in=milestones)
        .exclude(author=user)
        .annotate(seen_at=Subquery(seen))
        .filter(Q(seen_at__isnull=True) | Q(created_at__gt=F("seen_at")))
        .select_related("author", "comment__author", "comment__milestone__practice")
        .order_by("created_at", "pk")
    )
    threads = {}
    for reply in replies:
        thread = threads.setdefault(reply.comment_id, UnreadThread(reply.comment, []))
        thread.replies.append(reply)
    return sorted(threads.values(), key=lambda t: (t.latest.created_at, t.latest.pk), reverse=True)


def review_queue(milestones):
    """Submitted milestones waiting for review, oldest submission first."""
    return milestones.filter(status=MilestoneSubmission.Status.SUBMITTED).order_by(
        "submitted_at", "pk"
    )
