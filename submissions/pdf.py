"""The milestone PDF: the template's layout (seed 000) as a print stylesheet, via WeasyPrint.

``render_pdf`` reads only the content dict of ``submissions.snapshot.milestone_content``,
never the database, so a frozen snapshot can be rendered again and says the same thing.
This module owns turning that dict into what the page shows (dates in words, month and
year, "built internally or by a partner", the chart); ``templates/pdf/milestone.html``
lays it out and ``templates/pdf/print.css`` styles the page (US Letter, running footer with
"Page x of y" and the milestone's id and version, the DRAFT watermark).
"""

import base64
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from weasyprint import CSS, HTML, URLFetcher

from assessments.chart import domain_chart_alt, domain_chart_svg

STYLESHEET = Path(settings.BASE_DIR) / "templates" / "pdf" / "print.css"
MISSING = "—"


def render_pdf(content: dict, draft: bool = False) -> bytes:
    """The PDF of one milestone's content; ``draft`` adds the DRAFT watermark."""
    html = render_to_string("pdf/milestone.html", pdf_context(content, draft))
    # Nothing in the document is fetched from outside: the chart is a data: URI and the
    # fonts come from fontconfig. Refusing every other protocol keeps rendering offline
    # and keeps a stray URL in the content from reaching the network or the disk.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))
    return document.write_pdf(stylesheets=[_stylesheet()])


@cache
def _stylesheet():
    return CSS(filename=str(STYLESHEET))


# --- From the content dict to what the page shows -------------------------------------


def pdf_context(content, draft=False):
    """The template's context: the content plus its display forms, nothing from the DB."""
    milestone = content["milestone"]
    attestation = content.get("attestation") or {}
    attested_at = _parse(attestation.get("at"))
    vapcat = content["vapcat"]
    levels = _levels(content)
    return {
        "draft": draft,
        "footer_id": (
            f"Milestone #{milestone['id']} · draft, not submitted"
            if draft
            else f"Milestone #{milestone['id']} · version {milestone['version']}"
        ),
        "title": {
            "practice": content["practice"],
            "practice_facts": _practice_facts(content["practice"]),
            "cycle": content["cycle"]["name"],
            "due_on": long_date(content["cycle"].get("due_on")),
            "instrument": content.get("instrument") or {},
            "version": milestone["version"],
            "submitted_by": attestation.get("name") or "",
            "submitted_by_email": attestation.get("email") or "",
            "submitted_on": long_date(attested_at),
            "attested_time": _clock(attested_at),
        },
        "levels": levels,
        "scale": (content.get("instrument") or {}).get("scale", []),
        "respondents": [
            {**r, "submitted_on": long_date(r.get("submitted_at"))} for r in vapcat["respondents"]
        ],
        "domains": [_domain(d, levels) for d in vapcat["domains"]],
        "has_advanced": any(i["advanced"] for d in vapcat["domains"] for i in d["items"]),
        "chart": _chart(vapcat["domains"]),
        "gap_rows": [_gap_row(row) for row in content["gap_analysis"]["rows"]],
        "capabilities": [_capability(c) for c in content["gap_analysis"]["capabilities"]],
        "process": content["action_plan"]["process"],
        "plans": [_plan(p) for p in content["action_plan"]["plans"]],
        "risks": content["action_plan"]["risks"],
    }


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


def _levels(content):
    """The answer scale's levels 0-3 with their labels, from the instrument if stored."""
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


# Characters of one gap-analysis cell beyond which its row is taller than a page (a text
# column holds some 22 characters a line, a page some 60 lines).
TALLER_THAN_A_PAGE = 1200


def _gap_row(row):
    """A row of the gap analysis, marked ``tall`` when its longest text cannot fit on one
    page: such a row splits across pages anyway, and letting it split at once spares
    WeasyPrint laying it out whole on the next page first (seconds, for long texts)."""
    longest = max(len(row.get(name) or "") for name in ("current_state", "gaps", "rationale"))
    return {**row, "tall": longest > TALLER_THAN_A_PAGE}


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
        baseline = _quantity(indicator.get("baseline"), indicator.get("unit"))
        target = _quantity(indicator.get("target"), indicator.get("unit"))
        indicators.append(
            {
                **indicator,
                "baseline_display": baseline or "no baseline",
                "target_display": target or MISSING,
                "when": month_year(indicator.get("month"), indicator.get("year")),
            }
        )
    return {
        **plan,
        "activities": [
            {**a, "when": month_year(a.get("month"), a.get("year"))} for a in plan["activities"]
        ],
        "indicators": indicators,
    }


def _chart(domains):
    """The five domains side by side (``assessments.chart``) as an SVG data: URI and its
    text alternative. WeasyPrint draws an SVG image as vectors: sharp when printed."""
    rows = [(d["name"], d.get("mean_score"), d.get("suggested_maturity")) for d in domains]
    if not rows:
        return None
    svg = domain_chart_svg(rows).encode("utf-8")
    return {
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
        "alt": domain_chart_alt(rows),
    }
