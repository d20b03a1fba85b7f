"""The daily sweep of reminders.

For each cycle, a practice is at the latest step of the cycle's schedule whose day has
come (a step "k days before" is due once the date is on or after due date - k, the due
date moved by an extension): a practice far from its due date is at no step, one
that joins late gets only the latest step, not every earlier one. At that step:

- the leads of a milestone not submitted (draft or changes requested) get what is left:
  the unmet rules per part, with links;
- each respondent of the practice who has not submitted VaPCAT answers gets their own
  link to the questionnaire;
- each coach gets a digest of their practices' standing (at the cycle's own step);

and, apart from the schedule, the leads of a milestone whose changes were requested 7 or
more days ago with nothing moved since (no content saved, no answers submitted, no reply
or comment addressed, no further transition) are reminded once per request.

Each reminder is recorded (``Reminder``) once per person and step, so a sweep run again
sends nothing twice; the e-mail goes through the job queue (``accounts.tasks``).
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.tasks import mail_after_commit
from assessments.models import Response
from practices.models import CoachAssignment, Membership
from reminders.models import Reminder, schedule_days
from submissions import completeness
from submissions.deadlines import deadlines
from submissions.models import (
    CommentReply,
    Cycle,
    MilestoneSubmission,
    ReviewComment,
    SectionRevision,
    Transition,
)

STALLED_AFTER = timedelta(days=7)
Status = MilestoneSubmission.Status
Kind = Reminder.Kind


@dataclass
class Planned:
    """A reminder the sweep would send."""

    recipient: object
    cycle: object
    milestone: object
    kind: str
    step: str
    subject: str
    body: str
    link: str

    @property
    def key(self):
        return (
            self.recipient.pk,
            self.cycle.pk,
            getattr(self.milestone, "pk", None),
            self.kind,
            self.step,
        )


def current_step(days, due_on, today):
    """The latest step of ``days`` (days before ``due_on``) whose day has come by
    ``today``, or None (too early, or past the due date)."""
    if today > due_on:
        return None
    come = [day for day in days if today >= due_on - timedelta(days=day)]
    return min(come) if come else None


def _render(template, context):
    context = {**context, "site_url": settings.SITE_URL}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    return subject[:255], render_to_string(f"emails/{template}.txt", context)


def _plan(recipient, cycle, milestone, kind, step, template, link, **context):
    subject, body = _render(
        template,
        {
            "recipient": recipient,
            "cycle": cycle,
            "milestone": milestone,
            "url": settings.SITE_URL + link,
            **context,
        },
    )
    return Planned(recipient, cycle, milestone, kind, step, subject, body, link)


def _people_by_practice(practice_ids, role):
    people = {}
    memberships = Membership.objects.filter(
        practice_id__in=practice_ids, role=role, user__is_active=True
    ).select_related("user")
    for membership in memberships.order_by("user__pk"):
        people.setdefault(membership.practice_id, []).append(membership.user)
    return people


def _last_moves(milestones):
    """{milestone id: when something last moved on it}: a content save, a transition, a
    submitted answer, a reply or an addressed comment."""
    ids = [milestone.pk for milestone in milestones]
    sources = [
        SectionRevision.objects.filter(milestone_id__in=ids)
        .values("milestone_id")
        .annotate(at=Max("updated_at")),
        Transition.objects.filter(milestone_id__in=ids)
        .values("milestone_id")
        .annotate(at=Max("at")),
        Response.objects.filter(milestone_id__in=ids)
        .values("milestone_id")
        .annotate(at=Max("submitted_at")),
        ReviewComment.objects.filter(milestone_id__in=ids)
        .values("milestone_id")
        .annotate(at=Max("addressed_at")),
        CommentReply.objects.filter(comment__milestone_id__in=ids)
        .values(milestone=F("comment__milestone_id"))
        .annotate(at=Max("created_at"))
        .values("at", milestone_id=F("milestone")),
    ]
    last = {}
    for rows in sources:
        for row in rows:
            if row["at"] and (
                row["milestone_id"] not in last or row["at"] > last[row["milestone_id"]]
            ):
                last[row["milestone_id"]] = row["at"]
    return last


def _requests(milestones):
    """{milestone id: the transition that requested the current changes}."""
    requests = {}
    transitions = Transition.objects.filter(
        milestone__in=milestones, to_status=Status.CHANGES_REQUESTED
    ).order_by("at", "pk")
    for transition in transitions:
        requests[transition.milestone_id] = transition
    return requests


def _cycle_plan(cycle, today):
    days = schedule_days(cycle)
    milestones = list(
        MilestoneSubmission.objects.filter(cycle=cycle)
        .select_related("practice", "cycle")
        .order_by("practice__name", "pk")
    )
    if not milestones:
        return []
    practice_ids = [milestone.practice_id for milestone in milestones]
    due = deadlines(cycle, practice_ids)
    leads = _people_by_practice(practice_ids, Membership.Role.LEAD)
    respondents = _people_by_practice(practice_ids, Membership.Role.RESPONDENT)
    submitted = set(
        Response.objects.filter(
            milestone__in=milestones, status=Response.Status.SUBMITTED
        ).values_list("milestone_id", "respondent_id")
    )
    planned = []
    standing = {}
    digest_due = current_step(days, cycle.due_on, today) is not None
    for milestone in milestones:
        deadline = due.for_practice(milestone.practice_id)
        step = current_step(days, deadline.due_on, today)
        unsent = milestone.status in MilestoneSubmission.EDITABLE
        # The rules are read (some 20 queries) only on a day someone is told of them.
        parts = completeness.parts(milestone) if unsent and (step or digest_due) else []
        invited = respondents.get(milestone.practice_id, [])
        answered = [user for user in invited if (milestone.pk, user.pk) in submitted]
        standing[milestone.practice_id] = {
            "milestone": milestone,
            "unmet": sum(len(part.problems) for part in parts),
            "answered": len(answered),
            "invited": len(invited),
            "days_left": deadline.days_left(today),
            "due_on": deadline.due_on,
        }
        if step is None or not unsent:
            continue
        context = {"parts": parts, "deadline": deadline, "days_left": deadline.days_left(today)}
        link = reverse("submissions:milestone", args=[milestone.pk])
        for lead in leads.get(milestone.practice_id, []):
            planned.append(
                _plan(
                    lead, cycle, milestone, Kind.LEAD, f"{step}d", "reminder_lead", link, **context
                )
            )
        link = reverse("assessments:overview", args=[milestone.pk])
        for respondent in invited:
            if respondent not in answered:
                planned.append(
                    _plan(
                        respondent,
                        cycle,
                        milestone,
                        Kind.RESPONDENT,
                        f"{step}d",
                        "reminder_respondent",
                        link,
                        **context,
                    )
                )
    planned += _digests(cycle, days, today, standing)
    planned += _stalled(cycle, milestones, leads, today)
    return planned


def _digests(cycle, days, today, standing):
    step = current_step(days, cycle.due_on, today)
    if step is None:
        return []
    practices_of = {}
    assignments = CoachAssignment.objects.filter(
        practice_id__in=list(standing), coach__is_active=True
    ).select_related("coach")
    for assignment in assignments.order_by("coach__pk"):
        practices_of.setdefault(assignment.coach, []).append(standing[assignment.practice_id])
    link = reverse("submissions:queue")
    return [
        _plan(
            coach,
            cycle,
            None,
            Kind.COACH,
            f"{step}d",
            "reminder_coach",
            link,
            rows=rows,
            days_left=(cycle.due_on - today).days,
        )
        for coach, rows in practices_of.items()
    ]


def _stalled(cycle, milestones, leads, today):
    waiting = [
        milestone for milestone in milestones if milestone.status == Status.CHANGES_REQUESTED
    ]
    if not waiting:
        return []
    requests = _requests(waiting)
    last_moves = _last_moves(waiting)
    planned = []
    for milestone in waiting:
        request = requests.get(milestone.pk)
        if request is None:
            continue
        moved = last_moves.get(milestone.pk, request.at)
        if moved > request.at or timezone.localdate(request.at) + STALLED_AFTER > today:
            continue
        link = reverse("submissions:milestone", args=[milestone.pk])
        for lead in leads.get(milestone.practice_id, []):
            planned.append(
                _plan(
                    lead,
                    cycle,
                    milestone,
                    Kind.STALLED,
                    f"stalled-{request.pk}",
                    "reminder_stalled",
                    link,
                    request=request,
                )
            )
    return planned


def _already_sent(planned):
    recipients = {item.recipient.pk for item in planned}
    sent = Reminder.objects.filter(recipient_id__in=recipients).values_list(
        "recipient_id", "cycle_id", "milestone_id", "kind", "step"
    )
    return set(sent)


def reminders_due(today=None):
    """The reminders the sweep for ``today`` (the local date) would send: those not sent
    before."""
    today = today or timezone.localdate()
    planned = [
        item for cycle in Cycle.objects.order_by("due_on") for item in _cycle_plan(cycle, today)
    ]
    sent = _already_sent(planned)
    return [item for item in planned if item.key not in sent]


def reminders_send(today=None):
    """Record and e-mail the reminders due ``today``; returns those sent."""
    sent = []
    for item in reminders_due(today):
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    recipient=item.recipient,
                    cycle=item.cycle,
                    milestone=item.milestone,
                    kind=item.kind,
                    step=item.step,
                    subject=item.subject,
                    body=item.body,
                    link=item.link,
                )
                mail_after_commit([item.recipient.email], item.subject, item.body)
        except IntegrityError:
            continue  # a sweep running beside this one sent it
        sent.append(item)
    return sent
