"""The milestone PDF, via WeasyPrint: ``templates/pdf/milestone.html`` lays out the
context of ``submissions.deliverable`` and ``templates/pdf/print.css`` styles the page
(US Letter, the action plan on landscape pages, running footer with "Page x of y" and
the milestone's id and version, the DRAFT watermark). The PDF is tagged (PDF/UA-1).
"""

import base64
from functools import cache
from math import ceil
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML, URLFetcher

from assessments.chart import domain_chart_svg
from submissions.deliverable import deliverable_context

STYLESHEET = Path(settings.BASE_DIR) / "templates" / "pdf" / "print.css"


def render_pdf(content: dict, draft: bool = False) -> bytes:
    """The PDF of one milestone's content; ``draft`` adds the DRAFT watermark."""
    html = render_to_string("pdf/milestone.html", pdf_context(content, draft))
    # Nothing in the document is fetched from outside: the chart is a data: URI and the
    # fonts come from fontconfig. Refusing every other protocol keeps rendering offline
    # and keeps a stray URL in the content from reaching the network or the disk.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))
    return document.write_pdf(stylesheets=[_stylesheet()], pdf_variant="pdf/ua-1")


def pdf_context(content, draft=False):
    """The deliverable's context, with the table rows too tall for one page marked."""
    context = deliverable_context(content, draft)
    title = context["title"]
    context["title"] = {
        **title,
        "running_head": running_head(title["practice"]["name"], title["cycle"]),
    }
    if context["chart"]:
        # WeasyPrint draws an SVG image as vectors: sharp when printed.
        chart = context["chart"]
        svg = domain_chart_svg(chart["rows"], score_range=chart["score_range"]).encode("utf-8")
        context["chart"] = {
            **context["chart"],
            "src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
        }
    context["gap_rows"] = [
        {**row, "tall": _gap_row_lines(row) > ROW_LINES_PORTRAIT} for row in context["gap_rows"]
    ]
    context["plans"] = [
        {**plan, "tall": _plan_row_lines(plan) > ROW_LINES_LANDSCAPE} for plan in context["plans"]
    ]
    return context


# The running head at the top right of every page holds one line.
RUNNING_HEAD_PRACTICE = 36


def running_head(practice, cycle):
    """'Alder Family Medicine · May 2026', a long practice name cut at a word."""
    if len(practice) > RUNNING_HEAD_PRACTICE:
        practice = practice[:RUNNING_HEAD_PRACTICE].rsplit(" ", 1)[0].rstrip(" ,;:·-") + "…"
    return f"{practice} · {cycle}"


# A table row stays whole on one page when it fits (print.css); a row taller than a page
# must split, and WeasyPrint, asked to keep such a row whole, first pushes it to the next
# page, leaving the table's heading and header alone behind it. So a row whose text may
# not fit on a page is marked ``tall`` and splits where it falls, under a "(continued)"
# mark. The estimate errs towards tall: characters a line are those of a narrow text
# (DejaVu Sans, print.css's column widths), lines a page leave room for the header.
GAP_CHARACTERS_PER_LINE = 22  # a gap-table text column, 8 pt
ROW_LINES_PORTRAIT = 40  # of some 58 lines of 8 pt on a US Letter portrait page
PLAN_CHARACTERS_PER_LINE = 15  # an action-plan column, 7.5 pt, landscape
ROW_LINES_LANDSCAPE = 28  # of some 44 lines on a landscape page


def _lines(texts, per_line):
    """How many lines ``texts`` take in a column ``per_line`` characters wide, each text
    and each of its paragraphs starting on a new line."""
    return sum(
        max(1, ceil(len(paragraph) / per_line))
        for text in texts
        for paragraph in str(text or "").split("\n")
    )


def _gap_row_lines(row):
    texts = [row.get(name) for name in ("current_state", "gaps", "rationale")]
    return max(_lines([text], GAP_CHARACTERS_PER_LINE) for text in texts)


def _plan_row_lines(plan):
    per_line = PLAN_CHARACTERS_PER_LINE
    cells = [
        [plan.get("capability")],
        [plan.get("goals")],
        [a.get("description") for a in plan["activities"]] + [" "] * len(plan["activities"]),
        plan["key_decisions"],
        [c.get("description") for c in plan["structural_changes"]]
        + [c.get("category_label") for c in plan["structural_changes"]],
        ["q" * 60, plan.get("process_manager"), plan.get("other_staff")],
        ["q" * 60, plan.get("leadership_engagement"), plan.get("leadership_needs")],
        [i.get("name") for i in plan["indicators"]]
        + [i.get("how_measured") for i in plan["indicators"]]
        + ["q" * 30] * len(plan["indicators"]),
    ]
    return max(_lines(cell, per_line) for cell in cells)


@cache
def _stylesheet():
    return CSS(filename=str(STYLESHEET))
