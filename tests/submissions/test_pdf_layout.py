"""The PDF read as a state reviewer reads it, at the limits: the largest milestone the
forms allow (``bench.worst_case``) printed and read back with poppler's ``pdftotext``,
page by page and line by line. Where a table continues its header is there, no page ends
with a heading, a row that continues is marked "(continued)"; and the document is a
tagged PDF/UA-1 with a title, a language, embedded fonts, header cells and alt text.
"""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

import pypdf
import pytest
from django.template.loader import render_to_string

from bench.worst_case import fill_worst_case
from submissions.deliverable import WORDS
from submissions.pdf import pdf_context, render_pdf
from submissions.snapshot import milestone_content
from tests import factories

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)

ATTESTED_AT = datetime(2026, 5, 20, 17, 30, tzinfo=UTC)
XHTML = "{http://www.w3.org/1999/xhtml}"
# The page margins of templates/pdf/print.css, in points: (top, bottom) per orientation.
MARGINS = {"portrait": (0.8 * 72, 0.85 * 72), "landscape": (0.75 * 72, 0.8 * 72)}


@dataclass
class Line:
    top: float
    bottom: float
    text: str


@dataclass
class Page:
    number: int
    width: float
    height: float
    body: list  # the lines between the margins, top to bottom
    margin: list  # the running header's and footer's lines

    def text(self):
        return " ".join(line.text for line in self.body)

    def top_band(self, points=60):
        """The body's first ``points``: where a repeated table header sits."""
        start = self.body[0].top if self.body else 0
        return " ".join(line.text for line in self.body if line.top < start + points)


def read_pages(data, tmp_path):
    """Every page's lines with their positions, as poppler lays them out."""
    source, target = tmp_path / "doc.pdf", tmp_path / "doc.html"
    source.write_bytes(data)
    subprocess.run(["pdftotext", "-bbox-layout", str(source), str(target)], check=True)
    pages = []
    for number, page in enumerate(ET.parse(target).getroot().iter(f"{XHTML}page"), start=1):
        width, height = float(page.get("width")), float(page.get("height"))
        top, bottom = MARGINS["portrait" if height > width else "landscape"]
        body, margin = [], []
        for line in page.iter(f"{XHTML}line"):
            words = [word.text or "" for word in line.iter(f"{XHTML}word")]
            entry = Line(float(line.get("yMin")), float(line.get("yMax")), " ".join(words))
            inside = entry.top >= top - 2 and entry.bottom <= height - bottom + 2
            (body if inside else margin).append(entry)
        body.sort(key=lambda line: line.top)
        pages.append(Page(number, width, height, body, margin))
    return pages


class Headings(HTMLParser):
    """The text of every heading of the document's HTML."""

    def __init__(self):
        super().__init__()
        self.found, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self._open = []

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._open is not None:
            self.found.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open.append(data)


def headings_of(content):
    parser = Headings()
    parser.feed(render_to_string("pdf/milestone.html", pdf_context(content)))
    return parser.found


@pytest.fixture
def worst(cast):
    """The largest milestone the limits allow, as submitted version 1, and its PDF."""
    factories.complete_milestone(cast.milestone, cast.respondent)
    fill_worst_case(cast.milestone, lead=cast.lead)
    cast.milestone.refresh_from_db()
    content = milestone_content(cast.milestone, attested_by=cast.lead, attested_at=ATTESTED_AT)
    content["milestone"]["version"] = 1
    return content, render_pdf(content)


def _pages_between(pages, first_text, after_text):
    """The pages from the one showing ``first_text`` to the one before ``after_text``'s
    page (or to its page, when the text following the table is not at its top)."""
    start = next(p.number for p in pages if first_text in p.text())
    end = next(p.number for p in pages if p.number >= start and after_text in p.text())
    last = pages[end - 1]
    if last.body and after_text in last.body[0].text:
        end -= 1
    return pages[start - 1 : end]


def test_the_longest_milestone_paginates_as_the_template_reads(worst, tmp_path):
    content, data = worst
    pages = read_pages(data, tmp_path)
    assert len(pages) > 30

    # No page ends with a heading: its last lines (a heading wraps onto up to three) are
    # never a heading's whole text.
    headings = set(headings_of(content)) | {
        WORDS[key] for key in ("capabilities_intro", "process", "risks", "mitigations")
    }
    stranded = [
        (page.number, ending)
        for page in pages
        for ending in (" ".join(line.text for line in page.body[-k:]) for k in (1, 2, 3))
        if " ".join(ending.split()) in headings
    ]
    assert stranded == []

    # The gap table's header is on its first page and on every page it continues on.
    gap_pages = _pages_between(pages, WORDS["gap_table"], "Based on the gap analysis above")
    assert len(gap_pages) > 2
    assert "Rationale" in gap_pages[0].text() and "Domains" in gap_pages[0].text()
    missing = [
        p.number for p in gap_pages[1:] if not {"Domains", "Rationale"} <= set(p.top_band().split())
    ]
    assert missing == []

    # The action-plan table: landscape pages, its eight headers on every one of them.
    plan_pages = _pages_between(pages, WORDS["plan_table"], "1. Identify the two most likely")
    assert len(plan_pages) > 3
    assert all(p.width > p.height for p in plan_pages)
    for page in plan_pages:
        band = page.top_band(110) if page is not plan_pages[0] else page.text()
        assert {"Goals", "Decisions", "Staffing", "Measuring"} <= set(band.split()), page.number

    # A row that goes on to the next page is named there, at the top, as continued; a page
    # that starts with a new row is not marked.
    marks = {p.number: " ".join(line.text for line in p.margin) for p in pages}
    rows = [row["name"] for row in content["gap_analysis"]["rows"]] + [
        f"Area of Improvement {plan['position']}" for plan in content["action_plan"]["plans"]
    ]
    continued = {
        number: row
        for number, text in marks.items()
        for row in rows
        if f"{row} (continued)" in text
    }
    assert all(text.count("(continued)") <= 1 for text in marks.values())
    assert "Area of Improvement 1" in continued.values()
    for number, row in continued.items():
        # The row began on the page before (its name, in its narrow first cell, wraps
        # into lines that the reader joins with the other cells' lines), or was already
        # continuing there.
        began = set(row.split()) <= set(pages[number - 2].text().split())
        assert began or continued.get(number - 1) == row, number
    # A page that starts with a new row of the action plan carries no mark.
    for page in plan_pages[1:]:
        first_row = re.match(r"Area of Improvement \d", _after_header(page))
        assert not (first_row and "(continued)" in marks[page.number]), page.number


def _after_header(page):
    """The body's text after the action plan's repeated header row."""
    text = page.text()
    return text.split("Measuring Progress", 1)[-1].strip()


def _struct_types(node, found, alts):
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            _struct_types(child, found, alts)
        return
    if not isinstance(node, pypdf.generic.DictionaryObject):
        return
    kind = node.get("/S")
    if kind is not None:
        found.add(str(kind))
        if kind == "/Figure":
            alts.append(str(node.get("/Alt", "")))
    if "/K" in node:
        _struct_types(node["/K"], found, alts)


def test_the_pdf_is_tagged_pdf_ua_with_title_language_and_alt_text(cast):
    milestone = factories.complete_milestone(cast.milestone, cast.respondent)
    content = milestone_content(milestone, attested_by=cast.lead, attested_at=ATTESTED_AT)
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(content)))
    root = reader.trailer["/Root"]

    assert root["/MarkInfo"]["/Marked"]
    assert str(root["/Lang"]) == "en"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == (
        f"{WORDS['title']}: {content['practice']['name']}, {content['cycle']['name']}"
    )
    assert 'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data().decode()

    found, alts = set(), []
    _struct_types(root["/StructTreeRoot"], found, alts)
    assert {"/H1", "/H2", "/H3", "/Table", "/TH", "/TD", "/L", "/LI", "/Figure"} <= found
    assert alts and all("Leadership, Governance, and Legal" in alt for alt in alts)
