"""The full content of a milestone as plain data (JSON), and freezing it at submit.

``milestone_content`` is the one reading of a whole milestone: the snapshot stores it,
the PDF and the Word copy are rendered from it, the coach's "what changed" compares two
of them, and the "check your answers" page shows it. Its shape is documented by
``SCHEMA_VERSION`` and the builders below; the PDF template reads exactly these keys.
"""

import hashlib
import logging
from decimal import Decimal

from django.utils import timezone
from django_tasks import task

from action_plans.models import ActionPlan, ProcessSummary, Risk
from assessments.scale import Scale
from assessments.selectors import consensus_summary
from incentives.snapshot import SNAPSHOT_KEY, estimates_content
from submissions import attachments, deadlines
from submissions.models import Snapshot
from submissions.pdf import render_pdf
from submissions.word import render_docx

logger = logging.getLogger(__name__)

# 2: the practice's EPT identifier and address; respondents without their e-mail address
# (the deliverable names people, it does not print their contact data).
# 3: the answer scale's levels with what each means, and the supporting documents (name,
# description, part, type, size, SHA-256); readers take both as absent before.
SCHEMA_VERSION = 3


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    return value


def _vapcat(milestone):
    summary = consensus_summary(milestone)
    return {
        "respondents": [
            {
                "name": r.respondent.get_full_name(),
                "job_title": r.respondent.job_title,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }
            for r in summary.submitted_responses
        ],
        # The scale's rubric levels in order; ``level_counts`` is keyed by their values
        # ("0"-"3" on ours, as before levels were stored).
        "levels": summary.levels,
        "domains": [
            {
                "code": d.domain.code,
                "name": d.domain.name,
                "suggested_maturity": d.suggested_maturity,
                "level_counts": {level: count for level, _, count in d.level_count_rows},
                "mean_score": None if d.mean_score is None else round(d.mean_score, 2),
                "items": [
                    {
                        "code": r.item.code,
                        "text": r.item.text,
                        "advanced": r.item.advanced,
                        "count": r.stats.count,
                        "dont_know": r.stats.dont_know,
                        "mean": round(r.stats.mean, 2) if r.stats.mean is not None else None,
                        "lowest": r.stats.lowest,
                        "highest": r.stats.highest,
                        "divergent": r.stats.divergent,
                        "score": r.score,
                        "overridden": r.is_overridden,
                        "note": r.override.note if r.override else "",
                    }
                    for r in d.items
                ],
            }
            for d in summary.domains
        ],
    }, {d.domain.code: d.suggested_maturity for d in summary.domains}


def _gap_analysis(milestone, suggestions):
    ratings = milestone.domain_ratings.select_related("domain")
    capabilities = milestone.capabilities.select_related("domain")
    return {
        "rows": [
            {
                "code": r.domain.code,
                "name": r.domain.name,
                "examples": r.domain.examples,
                "current_state": r.current_state,
                "maturity": r.maturity,
                "suggested_maturity": suggestions.get(r.domain.code),
                "gaps": r.gaps,
                "priority": r.priority,
                "priority_label": r.get_priority_display() if r.priority else "",
                "rationale": r.rationale,
            }
            for r in ratings
        ],
        "capabilities": [
            {
                "id": c.pk,
                "position": c.position,
                "domain_code": c.domain.code if c.domain else "",
                "domain_name": c.domain.name if c.domain else "",
                "name": c.name,
                "why_priority": c.why_priority,
                "delivery": c.delivery,
                "delivery_label": c.get_delivery_display() if c.delivery else "",
                "partner_type": c.partner_type,
                "partner_label": c.get_partner_type_display() if c.partner_type else "",
                "partner_name": c.partner_name,
            }
            for c in capabilities
        ],
    }


def _action_plan(milestone):
    summary = ProcessSummary.objects.filter(milestone=milestone).first()
    plans = (
        ActionPlan.objects.filter(capability__milestone=milestone)
        .select_related("capability")
        .prefetch_related("activities", "key_decisions", "structural_changes", "indicators")
    )
    risks = Risk.objects.filter(milestone=milestone).prefetch_related("mitigations")
    return {
        "process": {
            "overview": summary.overview if summary else "",
            "people_involved": summary.people_involved if summary else "",
            "alignment": summary.alignment if summary else "",
        },
        "plans": sorted(
            (
                {
                    "id": p.pk,
                    "position": p.capability.position,
                    "capability": p.capability.name,
                    "goals": p.goals,
                    "activities": [
                        {
                            "id": a.pk,
                            "description": a.description,
                            "month": a.target_month,
                            "year": a.target_year,
                        }
                        for a in p.activities.all()
                    ],
                    "key_decisions": [d.description for d in p.key_decisions.all()],
                    # The rows' ids, for "what changed" to match rows across versions.
                    "key_decision_ids": [d.pk for d in p.key_decisions.all()],
                    "structural_changes": [
                        {
                            "id": s.pk,
                            "category": s.category,
                            "category_label": s.get_category_display(),
                            "description": s.description,
                        }
                        for s in p.structural_changes.all()
                    ],
                    "process_manager": p.process_manager,
                    "other_staff": p.other_staff,
                    "leadership_engagement": p.leadership_engagement,
                    "leadership_needs": p.leadership_needs,
                    "indicators": [
                        {
                            "id": i.pk,
                            "kind": i.kind,
                            "name": i.name,
                            "how_measured": i.how_measured,
                            "baseline": _number(i.baseline),
                            "target": _number(i.target),
                            "unit": i.unit,
                            "month": i.target_month,
                            "year": i.target_year,
                        }
                        for i in p.indicators.all()
                    ],
                }
                for p in plans
            ),
            key=lambda plan: plan["position"],
        ),
        "risks": [
            {
                "id": r.pk,
                "position": r.position,
                "description": r.description,
                "why_likely": r.why_likely,
                "mitigations": [m.description for m in r.mitigations.all()],
                "mitigation_ids": [m.pk for m in r.mitigations.all()],
            }
            for r in risks
        ],
    }


def milestone_content(milestone, attested_by=None, attested_at=None):
    """Everything the milestone says, as JSON-ready data."""
    practice = milestone.practice
    vapcat, suggestions = _vapcat(milestone)
    due = deadlines.deadline(milestone.practice, milestone.cycle)
    return {
        "schema": SCHEMA_VERSION,
        "milestone": {"id": milestone.pk, "version": milestone.version},
        "practice": {
            "name": practice.name,
            "ept_id": practice.ept_id,
            "address": practice.address,
            "organisation_type": practice.get_organisation_type_display(),
            "size_band": practice.get_size_band_display(),
            "county": practice.county,
            "in_accountable_care_entity": practice.in_accountable_care_entity,
        },
        "cycle": {
            "name": milestone.cycle.name,
            "due_on": milestone.cycle.due_on.isoformat(),
            # The practice's own due date when an administrator extended it (else None).
            "extended_to": due.due_on.isoformat() if due.extended else None,
        },
        "instrument": {
            "name": milestone.instrument.name,
            "version": milestone.instrument.version,
            # The answer scale with each value's meaning, for the PDF's legend and rules.
            "scale": Scale.of(milestone.instrument).as_json(),
        },
        "attestation": {
            "name": attested_by.get_full_name() if attested_by else "",
            "email": attested_by.email if attested_by else "",
            "at": attested_at.isoformat() if attested_at else None,
        },
        "vapcat": vapcat,
        "gap_analysis": _gap_analysis(milestone, suggestions),
        "action_plan": _action_plan(milestone),
        # The saved VBP payment estimates (older snapshots have no such key).
        SNAPSHOT_KEY: estimates_content(milestone),
        # The supporting documents attached (not removed), with the SHA-256 of each
        # stored file (older snapshots have no such key).
        "attachments": attachments.listing(milestone),
    }


def snapshot_freeze(milestone, user):
    """Freeze the just-submitted version's content (the PDF follows, ``snapshot_render``).

    Called inside the submit's transaction, with the milestone's row locked."""
    content = milestone_content(milestone, attested_by=user, attested_at=timezone.now())
    return Snapshot.objects.create(
        milestone=milestone, version=milestone.version, content=content, submitted_by=user
    )


def snapshot_render(snapshot):
    """The snapshot's PDF, rendered from its frozen content and stored with its SHA-256
    the first time it is asked for; the same bytes on every call after."""
    if snapshot.pdf is None:
        pdf = render_pdf(snapshot.content)
        digest = hashlib.sha256(pdf).hexdigest()
        # Written once: a snapshot that already has its PDF keeps it.
        Snapshot.objects.filter(pk=snapshot.pk, pdf__isnull=True).update(pdf=pdf, pdf_sha256=digest)
        snapshot.refresh_from_db(fields=["pdf", "pdf_sha256"])
    return bytes(snapshot.pdf)


def snapshot_render_docx(snapshot):
    """The snapshot's Word copy, made from its frozen content and stored with its SHA-256
    the first time it is asked for; the same bytes on every call after."""
    if snapshot.docx is None:
        docx = render_docx(snapshot.content)
        digest = hashlib.sha256(docx).hexdigest()
        # Written once: a snapshot that already has its Word copy keeps it.
        Snapshot.objects.filter(pk=snapshot.pk, docx__isnull=True).update(
            docx=docx, docx_sha256=digest
        )
        snapshot.refresh_from_db(fields=["docx", "docx_sha256"])
    return bytes(snapshot.docx)


@task()
def snapshot_render_after_submit(snapshot_pk):
    """Render a new snapshot's PDF and Word copy: a background task queued when the
    submit commits. A failure of either leaves the submission standing and does not stop
    the other; what failed is then rendered on first download."""
    try:
        snapshot_render(Snapshot.objects.get(pk=snapshot_pk))
    except Exception:  # noqa: BLE001 - any rendering failure must not undo a submission
        logger.exception("The PDF of snapshot %s could not be rendered after submit", snapshot_pk)
    try:
        snapshot_render_docx(Snapshot.objects.get(pk=snapshot_pk))
    except Exception:  # noqa: BLE001 - nor stop the PDF, nor undo the submission
        logger.exception(
            "The Word copy of snapshot %s could not be rendered after submit", snapshot_pk
        )


def snapshot_of(milestone, content, user):
    """The snapshot of ``content`` (a ``milestone_content`` dict) as ``milestone``'s
    current version, with its PDF, its Word copy and their SHA-256 (for tests and the
    demo)."""
    snapshot = Snapshot.objects.create(
        milestone=milestone, version=milestone.version, content=content, submitted_by=user
    )
    snapshot_render(snapshot)
    snapshot_render_docx(snapshot)
    return snapshot
