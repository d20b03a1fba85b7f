"""What the deliverable says, in the words and order of the template (seed 000): the
display context that both the PDF (``submissions.pdf``) and the Word copy
(``submissions.word``) lay out.

``deliverable_context`` reads only the content dict of
``submissions.snapshot.milestone_content``, never the database, so a frozen snapshot
gives the same document every time. This module owns turning that dict into what the
document shows: dates in words, month and year, "built internally or by a partner",
the late-submission mark, the template's headings and rubrics, the chart.
"""

from datetime import date, datetime

from django.utils import dateformat, timezone

from assessments.chart import domain_chart_alt
from assessments.scale import MEANING_LABELS, Scale
from assessments.scoring import consensus_rounding
from gap_analysis.models import MATURITY_RUBRIC, PRIORITY_RUBRIC, Priority
from incentives.snapshot import appendix as incentive_appendix
from submissions import template_words
from submissions.attachments import file_size, part_shown

MISSING = "—"

# The template's own words for the document's title, headings, column headers and
# questions (seed 000), in its order. The PDF and the Word copy print these; what the
# portal adds (the VaPCAT summary, the chart) is labelled as the portal's.
WORDS = {
    "program": "Equity and Practice Transformation (EPT) Payment Program",
    "title": "Value Based Payment (VBP) Milestone Template",
    "section_a": "A. Value-Based Payment Capability Assessment Tool (VaPCAT)",
    "section_a_intro": (
        "EPT practices complete the VaPCAT and use the results to complete the remainder "
        "of the VBP deliverable template."
    ),
    "portal_summary": (
        "Summary of the practice's VaPCAT responses, prepared by the EPT VBP Milestone "
        "Portal (not part of the template)."
    ),
    "section_b": "B. Gap Analysis to Identify Areas of Improvement",
    "gap_table": "VBP Gap Analysis",
    "gap_columns": [
        "Domains",
        "Current State (brief description of existing capabilities)",
        "VBP Domain Maturity (scale of 0 – 5)",
        "Specific Capability Gaps",
        "Priority for Action (high, medium, low)",
        "Rationale",
    ],
    "maturity_legend": "VBP Domain Maturity, on the following 0 – 5 scale:",
    "priority_legend": "Priority for Action:",
    "capabilities_intro": (
        "Based on the gap analysis above, list three capabilities your EPT practice will "
        "address to improve your readiness for VBP contracting, including: (1) the specific "
        "capability you want to develop or improve; (2) why this is a priority for your "
        "practice; and, (3) if the capability is best developed/improved internally or "
        "provided by a partner (e.g., IPA, MCP, ACO)."
    ),
    "capability_parts": [
        "(1) The specific capability",
        "(2) Why this is a priority for our practice",
        "(3) Developed/improved internally or provided by a partner",
    ],
    "section_c": template_words.SECTION_C_HEADING,
    "process": "1. Summarize the process your practice used to develop the action plan, including:",
    "process_parts": [
        ("overview", "a. A brief overview of your activities and approach"),
        ("people_involved", "b. The leadership and staff involved in the discussions"),
        ("alignment", "c. How this aligns with other priorities in your practice"),
    ],
    "plan_table": "VBP Action Plan",
    "plan_columns": [
        "Area of Improvement",
        "Goals",
        "Major Activities & Timeline",
        "Key Decisions",
        "Structural Changes",
        "Staffing",
        "Leadership Engagement",
        "Measuring Progress",
    ],
    "staffing_questions": list(template_words.STAFFING_QUESTIONS),
    "leadership_questions": list(template_words.LEADERSHIP_QUESTIONS),
    "risks": template_words.RISK_QUESTIONS[0],
    "mitigations": template_words.RISK_QUESTIONS[1],
    "asterisk_rule": template_words.ASTERISK_RULE,
    "ace_footnote": template_words.ACE_FOOTNOTE,
    "suggestion_note": (
        "The suggested maturity is the portal's reading of the VaPCAT scores against the "
        "rubric; the practice chooses its own rating in the gap analysis."
    ),
}


def deliverable_context(content, draft=False):
    """The document's context: the content plus its display forms, nothing from the DB."""
    milestone = content["milestone"]
    attestation = content.get("attestation") or {}
    attested_at = _parse(attestation.get("at"))
    # The practice's due date: its extension's where one was granted (older snapshots
    # carry only the cycle's).
    extended_to = _parse(content["cycle"].get("extended_to"))
    due_on = extended_to or _parse(content["cycle"].get("due_on"))
    vapcat = content["vapcat"]
    levels = _levels(content)
    scale = answer_scale(content)
    answered = bool(vapcat["respondents"])
    return {
        "words": WORDS,
        "draft": draft,
        "footer_id": (
            f"Milestone #{milestone['id']} · draft, not submitted"
            if draft
            else f"Milestone #{milestone['id']} · version {milestone['version']}"
        ),
        "title": {
            "practice": content["practice"],
            "ept_id": content["practice"].get("ept_id") or "",
            "address": content["practice"].get("address") or "",
            "practice_facts": _practice_facts(content["practice"]),
            "cycle": content["cycle"]["name"],
            "due_on": long_date(due_on) + (" (extended)" if extended_to else ""),
            "instrument": content.get("instrument") or {},
            "version": milestone["version"],
            "submitted_by": attestation.get("name") or "",
            "submitted_on": long_date(attested_at),
            "attested_time": _clock(attested_at),
            "late_note": late_note(attested_at, due_on, extended=bool(extended_to)),
        },
        # The template's rubrics, word for word: the gap table's legend.
        "maturity_rubric": list(MATURITY_RUBRIC.items()),
        "priority_rubric": [(p.label, PRIORITY_RUBRIC[p]) for p in Priority],
        "levels": levels,
        "scale": _legend(content),
        "scale_span": scale.span,
        "divergence_note": f"{scale.divergence_steps} or more steps apart",
        "consensus_rounding": consensus_rounding(scale),
        "answered": answered,
        "respondents": [
            {
                "name": r.get("name") or "",
                "job_title": r.get("job_title") or "",
                "submitted_on": long_date(r.get("submitted_at")),
            }
            for r in vapcat["respondents"]
        ],
        "domains": [_domain(d, levels) for d in vapcat["domains"]],
        "has_advanced": any(i["advanced"] for d in vapcat["domains"] for i in d["items"]),
        "chart": _chart(vapcat["domains"], scale) if answered else None,
        "gap_rows": content["gap_analysis"]["rows"],
        "capabilities": [_capability(c) for c in content["gap_analysis"]["capabilities"]],
        "process_parts": [
            (question, content["action_plan"]["process"].get(key) or "")
            for key, question in WORDS["process_parts"]
        ],
        "plans": [_plan(p) for p in content["action_plan"]["plans"]],
        "risks": content["action_plan"]["risks"],
        # The VBP payment estimates the practice chose to print (none in older snapshots).
        "incentive_appendix": incentive_appendix(content),
        # The supporting documents the content lists (none in older snapshots).
        "attachments": [_attachment(a) for a in content.get("attachments", [])],
    }


def late_note(attested_at, due_on, extended=False):
    """'Submitted after the cycle's due date of May 29, 2026.' (or 'after the extended
    due date of ...') when the attestation's local date is after the due date; ''
    otherwise (and for a draft)."""
    if attested_at is None or due_on is None:
        return ""
    submitted_on = attested_at.date() if isinstance(attested_at, datetime) else attested_at
    if submitted_on <= due_on:
        return ""
    which = "the extended due date" if extended else "the cycle's due date"
    return f"Submitted after {which} of {long_date(due_on)}."


def _parse(value):
    """An ISO date or date-time from the content dict, as a local date-time or date."""
    if not value:
        return None
    if len(value) == 10:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment


def long_date(value):
    """'November 30, 2026' from a date, a date-time or an ISO string."""
    if isinstance(value, str):
        value = _parse(value)
    return dateformat.format(value, "F j, Y") if value else ""


def _clock(value):
    if not isinstance(value, datetime):
        return ""
    return dateformat.format(value, "g:i A T")


def month_year(month, year):
    """'March 2027'; an incomplete target shows what is there."""
    if month and year:
        return dateformat.format(date(year, month, 1), "F Y")
    if year:
        return str(year)
    return ""


def _practice_facts(practice):
    facts = [practice.get("organisation_type"), practice.get("size_band")]
    if practice.get("county"):
        facts.append(f"{practice['county']} County")
    if practice.get("in_accountable_care_entity"):
        facts.append("part of an Accountable Care Entity")
    return ", ".join(f for f in facts if f)


def answer_scale(content):
    """The instrument's answer scale as stored in the content, with each value's meaning
    (content stored before scales were kept gets version 1's 0-3)."""
    points = (content.get("instrument") or {}).get("scale")
    scale = Scale.of(points) if points else None
    return scale if scale is not None and scale.values else Scale.legacy()


def _legend(content):
    """The answer scale's legend: "0 = Not in place", and the rubric meaning beside a
    label that does not say it ("8 = Very good (area of strength)")."""
    points = (content.get("instrument") or {}).get("scale") or []
    scale = Scale.of(points)
    legend = []
    for point in scale.points:
        label = point.label
        meaning = MEANING_LABELS[point.meaning]
        if point.value is not None and label.casefold() != meaning.casefold():
            label = f"{label} ({meaning[0].lower()}{meaning[1:]})" if label else meaning
        legend.append({"value": point.value, "label": label})
    return legend


def _levels(content):
    """The answer scale's rubric levels in order, each with the values it covers ("0" or
    "8-10", the keys of ``level_counts``) and its label. Content stored before levels
    were gives the scale's values 0-3 with their labels."""
    stored = content["vapcat"].get("levels")
    if stored:
        return [{"value": level["value"], "label": level["label"]} for level in stored]
    labels = {
        str(level["value"]): level["label"]
        for level in (content.get("instrument") or {}).get("scale", [])
        if level.get("value") is not None
    }
    codes = {code for d in content["vapcat"]["domains"] for code in d["level_counts"]}
    return [
        {"value": code, "label": labels.get(code, "")}
        for code in sorted(codes | set(labels), key=int)
    ]


def _score(value):
    return MISSING if value is None else f"{value:.2f}"


def _range(lowest, highest):
    if lowest is None:
        return MISSING
    return str(lowest) if lowest == highest else f"{lowest}–{highest}"


def _domain(domain, levels):
    return {
        **domain,
        "counts": [domain["level_counts"].get(level["value"], 0) for level in levels],
        "mean_display": _score(domain.get("mean_score")),
        "items": [
            {
                **item,
                "mean_display": _score(item.get("mean")),
                "range_display": _range(item.get("lowest"), item.get("highest")),
            }
            for item in domain["items"]
        ],
    }


def _capability(capability):
    if capability.get("delivery") == "partner":
        partner = capability.get("partner_label") or ""
        if capability.get("partner_name"):
            partner = (
                f"{partner}: {capability['partner_name']}"
                if partner
                else capability["partner_name"]
            )
        delivery = capability.get("delivery_label") or "Provided by a partner"
        delivery = f"{delivery} ({partner})" if partner else delivery
    else:
        delivery = capability.get("delivery_label") or ""
    return {**capability, "delivery_display": delivery}


def _quantity(value, unit):
    if value in (None, ""):
        return ""
    if not unit:
        return str(value)
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def _plan(plan):
    indicators = []
    for indicator in plan["indicators"]:
        when = month_year(indicator.get("month"), indicator.get("year"))
        if indicator.get("kind") == "milestone":  # snapshots before kinds hold numeric ones
            measure = f"Milestone, achieved by {when or MISSING}"
        else:
            baseline = _quantity(indicator.get("baseline"), indicator.get("unit"))
            target = _quantity(indicator.get("target"), indicator.get("unit"))
            measure = f"{baseline or 'no baseline'} → {target or MISSING}"
            measure += f" by {when}" if when else ""
        indicators.append({**indicator, "measure_display": measure, "when": when})
    return {
        **plan,
        "activities": [
            {**a, "when": month_year(a.get("month"), a.get("year"))} for a in plan["activities"]
        ],
        "indicators": indicators,
    }


def _attachment(entry):
    """One supporting document as the appendix lists it."""
    return {
        **entry,
        "part_display": part_shown(entry.get("part_label")),
        "size_display": file_size(entry.get("size") or 0),
    }


def _chart(domains, scale):
    """The five domains side by side: the chart's rows (``assessments.chart``; the PDF
    draws them), its score axis and its text alternative (what the Word copy prints)."""
    rows = [(d["name"], d.get("mean_score"), d.get("suggested_maturity")) for d in domains]
    if not rows:
        return None
    score_range = (scale.lowest, scale.highest)
    return {
        "rows": rows,
        "score_range": score_range,
        "alt": domain_chart_alt(rows, score_range),
    }
