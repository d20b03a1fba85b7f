"""Every recorded change to a milestone's content (django-simple-history), newest first,
and the conversation of its review (comments, replies, comments marked addressed).

Each content model keeps its own history table; this module reads them for one
milestone with one query per table and pairs each record with the previous record of
the same object to say what changed, field by field, with values as the forms show them:
a choice by its label, a number as typed ("2", not "2.00"), a target month with its year
("December 2027").
"""

from dataclasses import dataclass, field
from decimal import Decimal

from action_plans.models import (
    ActionPlan,
    Activity,
    Indicator,
    KeyDecision,
    Mitigation,
    MonthYear,
    ProcessSummary,
    Risk,
    StructuralChange,
)
from gap_analysis.models import Capability, DomainRating
from submissions.models import Attachment
from submissions.review import comments_for, section_title

ACTIONS = {"+": "created", "~": "changed", "-": "removed"}
SKIP_FIELDS = {"id", "milestone", "capability", "plan", "risk", "position"}
# A target month and its year are one answer on the forms ("December 2027").
MONTH_FIELDS = ("target_month", "target_year")


class TargetMonth:
    """The target month and year of a dated row, shown as one value."""

    is_relation = False
    verbose_name = "target month"

    @staticmethod
    def display(record):
        if record.target_month is None and record.target_year is None:
            return ""
        return MonthYear.target_label.fget(record)


@dataclass
class Entry:
    at: object
    user: object
    action: str
    what: str
    changes: list = field(default_factory=list)


def _label(model, record):
    name = model._meta.verbose_name.capitalize()
    if model is DomainRating:
        return f"Gap analysis row ({record.domain.name})"
    if model is Capability:
        return f"Capability {record.position}"
    if model is Risk:
        return f"Risk {record.position}"
    text = getattr(record, "description", None) or getattr(record, "name", None) or ""
    return f"{name}: {text[:60]}" if text else name


def _display(record, f):
    if isinstance(f, TargetMonth):
        return f.display(record)
    value = getattr(record, f.attname)
    if f.choices and value not in (None, ""):
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)


def _fields(model):
    fields = [f for f in model._meta.fields if f.name not in SKIP_FIELDS and not f.is_relation]
    if issubclass(model, MonthYear):
        at = [f.name for f in fields].index(MONTH_FIELDS[0])
        fields = [f for f in fields if f.name not in MONTH_FIELDS]
        fields.insert(at, TargetMonth())
    if model is Capability:
        fields.append(model._meta.get_field("domain"))
    return fields


def _entries(model, records):
    fields = _fields(model)
    previous = {}
    entries = []
    for record in records:
        before = previous.get(record.id)
        changes = []
        for f in fields:
            if f.is_relation:
                old = str(getattr(before, f.name) or "") if before else ""
                new = str(getattr(record, f.name) or "")
            else:
                old = _display(before, f) if before else ""
                new = _display(record, f)
            if record.history_type == "-":
                continue
            if old != new:
                changes.append((f.verbose_name.capitalize(), old, new))
        previous[record.id] = record
        if record.history_type == "~" and not changes:
            continue
        entries.append(
            Entry(
                at=record.history_date,
                user=record.history_user,
                action=ACTIONS[record.history_type],
                what=_label(model, record),
                changes=changes,
            )
        )
    return entries


def milestone_history(milestone):
    capability_ids = Capability.history.filter(milestone_id=milestone.pk).values("id")
    plan_ids = ActionPlan.history.filter(capability_id__in=capability_ids).values("id")
    risk_ids = Risk.history.filter(milestone_id=milestone.pk).values("id")
    sources = [
        (
            DomainRating,
            DomainRating.history.filter(milestone_id=milestone.pk).select_related("domain"),
        ),
        (Capability, Capability.history.filter(milestone_id=milestone.pk).select_related("domain")),
        (ProcessSummary, ProcessSummary.history.filter(milestone_id=milestone.pk)),
        (ActionPlan, ActionPlan.history.filter(capability_id__in=capability_ids)),
        (Activity, Activity.history.filter(plan_id__in=plan_ids)),
        (KeyDecision, KeyDecision.history.filter(plan_id__in=plan_ids)),
        (StructuralChange, StructuralChange.history.filter(plan_id__in=plan_ids)),
        (Indicator, Indicator.history.filter(plan_id__in=plan_ids)),
        (Risk, Risk.history.filter(milestone_id=milestone.pk)),
        (Mitigation, Mitigation.history.filter(risk_id__in=risk_ids)),
    ]
    entries = []
    for model, records in sources:
        ordered = records.select_related("history_user").order_by("history_date", "history_id")
        entries += _entries(model, ordered)
    entries += _document_entries(milestone)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _document_entries(milestone):
    """Each supporting document attached, and removed from the draft (one query): a
    document is never changed, so its own row is its history."""
    entries = []
    documents = Attachment.objects.filter(milestone=milestone).select_related(
        "uploaded_by", "removed_by"
    )
    for document in documents:
        what = f"Supporting document: {document.name}"
        entries.append(
            Entry(
                at=document.uploaded_at,
                user=document.uploaded_by,
                action="attached",
                what=what,
                changes=[
                    ("Description", "", document.description),
                    ("Part it supports", "", document.part_shown),
                ],
            )
        )
        if document.removed_at:
            entries.append(
                Entry(at=document.removed_at, user=document.removed_by, action="removed", what=what)
            )
    return entries


def conversation_history(milestone):
    """The review's conversation as entries, newest first: each comment, each reply under
    it and the comment being marked addressed (two queries in all). Read as "<user>
    <action> <what>"."""
    entries = []
    for comment in comments_for(milestone):
        what = section_title(comment.section)
        entries.append(
            Entry(
                at=comment.created_at,
                user=comment.author,
                action=f"commented on version {comment.version}:",
                what=what,
                changes=[("Comment", "", comment.body)],
            )
        )
        for reply in comment.replies.all():
            entries.append(
                Entry(
                    at=reply.created_at,
                    user=reply.author,
                    action="replied to the comment on",
                    what=what,
                    changes=[("Reply", "", reply.body)],
                )
            )
        if comment.addressed_at:
            entries.append(
                Entry(
                    at=comment.addressed_at,
                    user=comment.addressed_by,
                    action="marked as addressed the comment on",
                    what=what,
                )
            )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
