"""The cohort export: the milestones of one cycle for a set of practices, as pandas
data frames (one per sheet), and written as XLSX (XlsxWriter) or CSV.

Every sheet's columns are documented in ``SHEETS``; the "README" sheet is written from
it, so a column cannot be added without its description. Text that a spreadsheet would
read as a formula is neutralised (see ``neutralise``). The number of queries does not
depend on the number of practices.
"""

import io
from collections import defaultdict

import pandas as pd
import xlsxwriter
from django.utils import timezone

from action_plans.models import Activity, Indicator, Mitigation, Risk
from assessments import scoring
from assessments.models import Answer, ConsensusScore, Item, Response
from assessments.scale import Scale
from gap_analysis.models import Capability, DomainRating
from submissions.deadlines import deadlines
from submissions.models import MilestoneSubmission

# A cell whose text starts with one of these is read as a formula by spreadsheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

IDENTITY = {
    "practice": "The practice's name.",
    "ept_id": "The practice's EPT identifier (blank when not yet given).",
}

PRACTICE_COLUMNS = {
    **IDENTITY,
    "organisation_type": "Small independent practice, FQHC, large health system, tribal.",
    "size": "The practice's size band.",
    "county": "The county the practice is in.",
    "cohort": "The cohort the practice belongs to (blank when none).",
    "cycle": "The deliverable cycle.",
    "status": "Not started, Draft, Submitted, Changes requested or Accepted.",
    "version": "How many times the milestone was submitted.",
    "started_on": "The date the milestone was started.",
    "submitted_on": "The date of the latest submit.",
    "accepted_on": "The date the milestone was accepted.",
    "due_on": "The due date: the cycle's, or the latest extension granted.",
    "extended": "Yes when an extension was granted.",
}
DOMAIN_COLUMNS = {
    "maturity_<domain>": "The maturity (0-5) chosen for the domain in the gap analysis.",
    "priority_<domain>": "The priority for action (High, Medium, Low) of the domain.",
}

SHEETS = {
    "Practices": {**PRACTICE_COLUMNS, **DOMAIN_COLUMNS},
    "Capabilities": {
        **IDENTITY,
        "position": "The capability's place (1-3) in the plan.",
        "domain": "The domain code the capability belongs to.",
        "capability": "The specific capability.",
        "why_priority": "Why this is a priority.",
        "delivery": "Built internally or provided by a partner.",
        "partner_type": "The kind of partner, when provided by one.",
        "partner_name": "The partner's name.",
    },
    "Activities": {
        **IDENTITY,
        "capability_position": "The capability (1-3) whose action plan holds the activity.",
        "activity": "The major activity.",
        "target_month": "The month (1-12) it is to be done by.",
        "target_year": "The year it is to be done by.",
    },
    "Indicators": {
        **IDENTITY,
        "capability_position": "The capability (1-3) whose action plan holds the indicator.",
        "kind": "Numeric or Milestone (a dated outcome).",
        "indicator": "The indicator or outcome.",
        "how_measured": "How it is measured or verified.",
        "baseline": "The starting value (numeric indicators).",
        "target": "The target value (numeric indicators).",
        "unit": "The unit of the baseline and target.",
        "target_month": "The month (1-12) of the target.",
        "target_year": "The year of the target.",
    },
    "Risks": {
        **IDENTITY,
        "risk_position": "The risk's place (1-2).",
        "risk": "The risk.",
        "why_likely": "Why it is likely.",
        "mitigation": "One mitigation of the risk (a row per mitigation; blank when none).",
    },
    "Item consensus": {
        **IDENTITY,
        "domain": "The VaPCAT domain code.",
        "item": "The VaPCAT item code.",
        "answers": "How many submitted questionnaires answered the item.",
        "consensus": (
            "The practice's agreed score, a value of its instrument's answer scale (0-3 on "
            "ours): the one set, else the mean rounded to the nearest value."
        ),
        "set_by_practice": "Yes when the practice set the score, No when it is the default.",
    },
}


def neutralise(value):
    """Text a spreadsheet would run as a formula, quoted with a leading apostrophe.

    Line breaks become the spreadsheet's own (LF): a browser sends CR LF, and an XLSX
    cell would otherwise carry every CR as the escape "_x000D_".
    """
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _date(value):
    return timezone.localtime(value).date() if value else None


def _frame(name, rows):
    columns = [c for c in SHEETS[name] if "<" not in c]
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=columns)
    return frame.map(neutralise)


def frames(cycle, practices):
    """{sheet name: DataFrame} for ``practices`` (a queryset) in ``cycle``."""
    practices = list(practices.select_related("cohort").order_by("name"))
    ids = [p.pk for p in practices]
    milestones = {
        m.practice_id: m
        for m in MilestoneSubmission.objects.filter(cycle=cycle, practice_id__in=ids)
    }
    by_milestone = {milestones[p.pk].pk: p for p in practices if p.pk in milestones}
    return {
        "Practices": _frame("Practices", _practice_rows(cycle, practices, milestones)),
        "Capabilities": _frame("Capabilities", _capability_rows(by_milestone)),
        "Activities": _frame("Activities", _activity_rows(by_milestone)),
        "Indicators": _frame("Indicators", _indicator_rows(by_milestone)),
        "Risks": _frame("Risks", _risk_rows(by_milestone)),
        "Item consensus": _frame("Item consensus", _consensus_rows(by_milestone, milestones)),
    }


def _identity(practice):
    return {"practice": practice.name, "ept_id": practice.ept_id}


def _practice_rows(cycle, practices, milestones):
    due = deadlines(cycle, [p.pk for p in practices])
    ratings = defaultdict(dict)
    domain_codes = {}
    for rating in DomainRating.objects.filter(
        milestone__in=[m.pk for m in milestones.values()]
    ).select_related("domain"):
        ratings[rating.milestone_id][rating.domain.code] = rating
        domain_codes[rating.domain.code] = rating.domain.order
    codes = sorted(domain_codes, key=domain_codes.get)
    rows = []
    for practice in practices:
        milestone = milestones.get(practice.pk)
        deadline = due.for_practice(practice.pk)
        row = {
            **_identity(practice),
            "organisation_type": practice.get_organisation_type_display(),
            "size": practice.get_size_band_display(),
            "county": practice.county,
            "cohort": practice.cohort.name if practice.cohort else "",
            "cycle": cycle.name,
            "status": milestone.get_status_display() if milestone else "Not started",
            "version": milestone.version if milestone else 0,
            "started_on": _date(milestone.created_at) if milestone else None,
            "submitted_on": _date(milestone.submitted_at) if milestone else None,
            "accepted_on": _date(milestone.accepted_at) if milestone else None,
            "due_on": deadline.due_on,
            "extended": "Yes" if deadline.extended else "No",
        }
        own = ratings.get(milestone.pk, {}) if milestone else {}
        for code in codes:
            rating = own.get(code)
            row[f"maturity_{code}"] = rating.maturity if rating else None
            row[f"priority_{code}"] = rating.get_priority_display() if rating else ""
        rows.append(row)
    return rows


def _capability_rows(by_milestone):
    capabilities = Capability.objects.filter(milestone__in=list(by_milestone)).select_related(
        "domain"
    )
    return [
        {
            **_identity(by_milestone[c.milestone_id]),
            "position": c.position,
            "domain": c.domain.code if c.domain else "",
            "capability": c.name,
            "why_priority": c.why_priority,
            "delivery": c.get_delivery_display(),
            "partner_type": c.get_partner_type_display(),
            "partner_name": c.partner_name,
        }
        for c in capabilities.order_by("milestone__practice__name", "position")
    ]


def _activity_rows(by_milestone):
    activities = Activity.objects.filter(
        plan__capability__milestone__in=list(by_milestone)
    ).select_related("plan__capability")
    return [
        {
            **_identity(by_milestone[a.plan.capability.milestone_id]),
            "capability_position": a.plan.capability.position,
            "activity": a.description,
            "target_month": a.target_month,
            "target_year": a.target_year,
        }
        for a in activities.order_by(
            "plan__capability__milestone__practice__name", "plan__capability__position", "pk"
        )
    ]


def _indicator_rows(by_milestone):
    indicators = Indicator.objects.filter(
        plan__capability__milestone__in=list(by_milestone)
    ).select_related("plan__capability")
    return [
        {
            **_identity(by_milestone[i.plan.capability.milestone_id]),
            "capability_position": i.plan.capability.position,
            "kind": i.get_kind_display(),
            "indicator": i.name,
            "how_measured": i.how_measured,
            "baseline": float(i.baseline) if i.baseline is not None else None,
            "target": float(i.target) if i.target is not None else None,
            "unit": i.unit,
            "target_month": i.target_month,
            "target_year": i.target_year,
        }
        for i in indicators.order_by(
            "plan__capability__milestone__practice__name", "plan__capability__position", "pk"
        )
    ]


def _risk_rows(by_milestone):
    mitigations = defaultdict(list)
    for risk_id, description in Mitigation.objects.filter(
        risk__milestone__in=list(by_milestone)
    ).values_list("risk_id", "description"):
        mitigations[risk_id].append(description)
    risks = Risk.objects.filter(milestone__in=list(by_milestone))
    rows = []
    for risk in risks.order_by("milestone__practice__name", "position"):
        if not (risk.description or risk.why_likely or mitigations.get(risk.pk)):
            continue  # the two risk rows of a plan not yet written
        for description in mitigations.get(risk.pk) or [""]:
            rows.append(
                {
                    **_identity(by_milestone[risk.milestone_id]),
                    "risk_position": risk.position,
                    "risk": risk.description,
                    "why_likely": risk.why_likely,
                    "mitigation": description,
                }
            )
    return rows


def _consensus_rows(by_milestone, milestones):
    """An item's consensus as ``assessments.scoring.consensus`` reads it from the
    submitted answers, or the score the practice set."""
    ids = list(by_milestone)
    values = defaultdict(list)
    answers = Answer.objects.filter(
        response__milestone__in=ids, response__status=Response.Status.SUBMITTED
    ).values_list("response__milestone_id", "item_id", "value", "dont_know")
    for milestone_id, item_id, value, dont_know in answers:
        if dont_know or value is not None:
            values[milestone_id, item_id].append(None if dont_know else value)
    overrides = {
        (c.milestone_id, c.item_id): c.score
        for c in ConsensusScore.objects.filter(milestone__in=ids)
    }
    instruments = {m.instrument_id for m in milestones.values()}
    items = defaultdict(list)
    scales = {}
    for item in (
        Item.objects.filter(domain__instrument__in=instruments)
        .select_related("domain__instrument")
        .order_by("domain__order", "order")
    ):
        items[item.domain.instrument_id].append(item)
        if item.domain.instrument_id not in scales:
            scales[item.domain.instrument_id] = Scale.of(item.domain.instrument)
    rows = []
    for milestone in sorted(milestones.values(), key=lambda m: by_milestone[m.pk].name):
        for item in items[milestone.instrument_id]:
            key = (milestone.pk, item.pk)
            item_values = values.get(key, [])
            if key not in overrides and not item_values:
                continue
            rows.append(
                {
                    **_identity(by_milestone[milestone.pk]),
                    "domain": item.domain.code,
                    "item": item.code,
                    "answers": len(item_values),
                    "consensus": overrides.get(
                        key, scoring.consensus(item_values, scales[milestone.instrument_id])
                    ),
                    "set_by_practice": "Yes" if key in overrides else "No",
                }
            )
    return rows


def readme_frame():
    rows = []
    for name, columns in SHEETS.items():
        for column, meaning in columns.items():
            rows.append({"sheet": name, "column": column, "meaning": meaning})
    return pd.DataFrame(rows)


def to_xlsx(sheets):
    """The sheets, and the README sheet first, as XLSX bytes; dates are date cells.

    Written row by row with XlsxWriter (pandas' own Excel writer costs several times
    as much for the 90,000 cells of 300 practices). Text is always written as text: no
    formulas, numbers or links read out of it, whatever it starts with.
    """
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
            "default_date_format": "YYYY-MM-DD",
        },
    )
    header = workbook.add_format({"bold": True})
    for name, frame in {"README": readme_frame(), **sheets}.items():
        sheet = workbook.add_worksheet(name)
        sheet.write_row(0, 0, [str(column) for column in frame.columns], header)
        sheet.freeze_panes(1, 0)
        for row_number, row in enumerate(frame.itertuples(index=False, name=None), start=1):
            for column_number, value in enumerate(row):
                if not _is_missing(value):
                    sheet.write(row_number, column_number, value)
    workbook.close()
    return buffer.getvalue()


def _is_missing(value):
    """An empty cell: None, NaN or NaT (a blank in the spreadsheet, not the text "nan")."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def to_csv(sheets):
    """The Practices sheet as CSV (UTF-8 with a byte-order mark, so spreadsheets read
    the accents); the other sheets are in the XLSX."""
    return sheets["Practices"].to_csv(index=False, date_format="%Y-%m-%d").encode("utf-8-sig")
