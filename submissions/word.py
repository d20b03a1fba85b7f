"""The milestone's Word copy (.docx), via python-docx: the context of
``submissions.deliverable`` laid out in the template's order, as the PDF is (title block,
A. VaPCAT, B. Gap analysis, C. Action plan), for a reviewer or a portal that expects the
filled Word template.

The document is built for screen readers and for Word's own pagination: real Heading
styles, real tables whose header row repeats on every page (``w:tblHeader``) and whose
rows are kept on one page where they fit (``w:cantSplit``), the action plan on a
landscape section, the document's title and language set, the chart as its text
alternative. The same submitted content gives the same bytes: the zip is written with a
fixed timestamp and the document's dates are the attestation's.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.table import Table

from submissions.deliverable import MISSING, deliverable_context

LANGUAGE = "en-US"
DRAFT_MARK = "DRAFT — not submitted"
ATTESTATION = (
    "the practice lead confirmed that this content is accurate and signed electronically "
    "by re-entering their password."
)
# Characters of one table cell beyond which its row is taller than a page: such a row
# may split across pages, the others are kept whole. A gap-table column holds some 22
# characters a line at 8 points and a portrait page some 60 lines; an action-plan column
# some 20 characters and a landscape page some 40 lines.
GAP_CELL = 1200
PLAN_CELL = 800
# The zip entries' timestamp: the bytes depend on the content only.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MUTED = RGBColor(0x55, 0x55, 0x55)


def render_docx(content: dict, draft: bool = False) -> bytes:
    """The Word copy of one milestone's content; ``draft`` marks it "DRAFT — not submitted"."""
    context = deliverable_context(content, draft)
    document = Document()
    _set_up(document, context, (content.get("attestation") or {}).get("at"))
    _title_block(document, context)
    _section_a(document, context)
    _section_b(document, context)
    _section_c(document, context)
    _incentive_appendix(document, context)  # VBP payment estimates, when chosen
    _attachments_appendix(document, context)  # the supporting documents, when any
    return _saved(document)


# --- The document's frame -----------------------------------------------------------


def _set_up(document, context, attested_at):
    title = context["title"]
    words = context["words"]
    properties = document.core_properties
    properties.title = f"{words['title']}: {title['practice']['name']}, {title['cycle']}"
    properties.subject = words["program"]
    properties.author = title["practice"]["name"]
    properties.last_modified_by = ""
    properties.keywords = "VBP milestone; VaPCAT; gap analysis; action plan"
    properties.comments = context["footer_id"]
    properties.language = LANGUAGE
    properties.revision = 1
    # A submitted version is dated by its attestation; a draft by the moment it is made.
    moment = datetime.fromisoformat(attested_at) if attested_at else timezone.now()
    properties.created = properties.modified = moment.astimezone(UTC).replace(tzinfo=None)
    # The template's thumbnail is a picture of an empty page: not this document.
    package = document.part.package
    for key, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[key]

    normal = document.styles["Normal"]
    normal.font.size = Pt(10)
    _language(document)
    for level in (1, 2, 3, 4):
        document.styles[f"Heading {level}"].paragraph_format.keep_with_next = True

    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(0.8))
    if context["draft"]:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _bold(header, DRAFT_MARK)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(f"{context['footer_id']} · Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _language(document):
    """Every run's default language (what Word's proofing and a screen reader go by)."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def _field(paragraph, instruction):
    """A field Word fills in (the page number, the number of pages)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _saved(document):
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


# --- Text ---------------------------------------------------------------------------


def _bold(paragraph, value):
    run = paragraph.add_run(value)
    run.bold = True
    return run


def _para(container, value="", style=None, bold=False, italic=False, muted=False):
    paragraph = container.add_paragraph(style=style)
    if value:
        text = str(value).replace("\r\n", "\n")
        for number, line in enumerate(text.split("\n")):
            if number:
                paragraph.add_run().add_break()
            run = paragraph.add_run(line)
            run.bold = bold or None
            run.italic = italic or None
            if muted:
                run.font.color.rgb = MUTED
    return paragraph


def _or_missing(value):
    return value if value not in (None, "") else MISSING


# --- Tables -------------------------------------------------------------------------


def _table(container, headers, widths, caption, font_size=9):
    """A grid table with its header row repeated on every page and kept whole."""
    table = container.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _caption(table, caption)
    header = table.rows[0]
    _row_flag(header, "w:tblHeader")
    _row_flag(header, "w:cantSplit")
    for cell, text in zip(header.cells, headers, strict=True):
        paragraph = cell.paragraphs[0]
        _bold(paragraph, text).font.size = Pt(font_size)
        paragraph.paragraph_format.keep_with_next = True
        _shade(cell, "E7E6E6")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    _widths(header, widths)
    return Grid(table, widths, font_size)


def _caption(table, caption):
    """The table's title and description, as Word's "Alt Text" of a table shows them."""
    properties = table._tbl.tblPr
    for tag in ("w:tblCaption", "w:tblDescription"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), caption)
        properties.append(element)


def _row_flag(row, tag):
    properties = row._tr.get_or_add_trPr()
    if properties.find(qn(tag)) is None:
        properties.append(OxmlElement(tag))


def _shade(cell, fill):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _widths(row, widths):
    for cell, width in zip(row.cells, widths, strict=True):
        cell.width = width


@dataclass(frozen=True)
class Grid:
    """A table being written, with its column widths and type size for each new row."""

    table: Table
    widths: tuple
    font_size: int


def _row(grid, values, keep_whole=True):
    """A body row of ``grid``: each value a string (its line breaks kept) or a function
    that fills the cell."""
    row = grid.table.add_row()
    if keep_whole:
        _row_flag(row, "w:cantSplit")
    _widths(row, grid.widths)
    for cell, value in zip(row.cells, values, strict=True):
        if callable(value):
            value(cell)
        else:
            _cell_text(cell.paragraphs[0], value)
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(grid.font_size)
    return row


def _cell_text(paragraph, value, bold=False):
    text = _or_missing(value)
    for number, line in enumerate(str(text).replace("\r\n", "\n").split("\n")):
        if number:
            paragraph.add_run().add_break()
        run = paragraph.add_run(line)
        run.bold = bold or None
    return paragraph


def _fits(*texts, limit):
    """Whether a row whose cells hold ``texts`` fits on one page (see ``GAP_CELL``)."""
    return max(len(text or "") for text in texts) <= limit


def _cell_paragraph(cell, first):
    """The cell's first paragraph the first time, a new one after."""
    return cell.paragraphs[0] if first else cell.add_paragraph()


# --- Title block --------------------------------------------------------------------


def _title_block(document, context):
    words, title = context["words"], context["title"]
    if context["draft"]:
        mark = _para(document, DRAFT_MARK, bold=True)
        mark.runs[0].font.size = Pt(14)
        mark.runs[0].font.color.rgb = RGBColor(0xA4, 0x00, 0x00)
    _para(document, words["program"], bold=True)
    document.add_heading(words["title"], level=0)
    _para(document, title["practice"]["name"], bold=True).runs[0].font.size = Pt(13)

    practice = title["practice"]["name"]
    if title["practice_facts"]:
        practice = f"{practice} — {title['practice_facts']}"
    cycle = title["cycle"] + (f" — due {title['due_on']}" if title["due_on"] else "")
    if context["draft"]:
        version = "Draft — not submitted"
        if title["version"]:
            version += f" (last submitted version: {title['version']})"
    else:
        version = str(title["version"])
    submitted_on = title["submitted_on"]
    if submitted_on and title["attested_time"]:
        submitted_on = f"{submitted_on} at {title['attested_time']}"
    instrument = title["instrument"]
    tool = instrument.get("name") or ""
    if instrument.get("version"):
        tool = f"{tool} version {instrument['version']}"
    facts = [
        ("Practice", practice),
        ("EPT identifier", title["ept_id"]),
        ("Address", title["address"]),
        ("Deliverable cycle", cycle),
        ("Version", version),
        ("Submitted by", title["submitted_by"] or "Not submitted"),
        ("Date submitted", submitted_on),
        ("Assessment tool", tool),
    ]
    widths = (Inches(1.7), Inches(5.2))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.autofit = False
    _caption(table, "About this milestone")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for label, value in facts:
        row = table.add_row()
        _row_flag(row, "w:cantSplit")
        _widths(row, widths)
        _bold(row.cells[0].paragraphs[0], label)
        _cell_text(row.cells[1].paragraphs[0], value)

    if title["late_note"]:
        _para(document, title["late_note"], bold=True)
    if title["submitted_by"] and submitted_on:
        _para(document, f"Attested by {title['submitted_by']} on {submitted_on}: {ATTESTATION}")


# --- A. VaPCAT ----------------------------------------------------------------------


def _section_a(document, context):
    words = context["words"]
    document.add_heading(words["section_a"], level=1)
    _para(document, words["section_a_intro"])

    document.add_heading("VaPCAT summary (prepared by the portal)", level=2)
    _para(document, words["portal_summary"], italic=True)

    document.add_heading("Respondents", level=3)
    if context["respondents"]:
        table = _table(
            document,
            ["Name", "Job title", "Submitted"],
            (Inches(2.4), Inches(2.6), Inches(1.9)),
            "Respondents who submitted the VaPCAT",
        )
        for r in context["respondents"]:
            _row(table, [r["name"], r["job_title"], r["submitted_on"]])
    else:
        _para(document, "No respondent has submitted the VaPCAT yet.", italic=True)

    document.add_heading("Results by domain", level=3)
    levels = context["levels"]
    level_headers = [
        f"Items at {level['value']}" + (f" ({level['label']})" if level["label"] else "")
        for level in levels
    ]
    level_width = Inches(3.1 / max(len(levels), 1))
    table = _table(
        document,
        [
            "Domain",
            "Suggested maturity (0–5)",
            *level_headers,
            f"Mean score ({context['scale_span']})",
        ],
        (Inches(2.3), Inches(0.8), *[level_width] * len(levels), Inches(0.7)),
        "VaPCAT results by domain",
    )
    for d in context["domains"]:
        _row(
            table,
            [
                f"{d['code']}. {d['name']}",
                _or_missing(d["suggested_maturity"]),
                *[str(count) for count in d["counts"]],
                d["mean_display"],
            ],
        )
    _para(
        document,
        "Items at each consensus level: how many of the domain's items have a consensus "
        "score of that level of the rubric (“don't know” counts as not in place). Mean "
        "score: the mean of the domain's consensus scores. The suggested maturity is the "
        "portal's reading of those scores.",
        muted=True,
    )
    if context["chart"]:
        _para(document, f"Chart (text alternative): {context['chart']['alt']}", muted=True)

    document.add_heading("Item scores", level=3)
    scale = [
        (f"{level['value']} = " if level.get("value") is not None else "") + level["label"]
        for level in context["scale"]
    ]
    if scale:
        _para(document, "Answer scale: " + "; ".join(scale) + ".", muted=True)
    _para(
        document,
        "Answers: respondents who answered the item. Mean and range: of their answers, "
        "“don't know” left out. Consensus score: the mean "
        f"{context['consensus_rounding']}, or the score the practice lead set.",
        muted=True,
    )
    if context["has_advanced"]:
        _para(document, words["asterisk_rule"], muted=True)
        _para(document, f"ACE: {words['ace_footnote']}", muted=True)
    for d in context["domains"]:
        document.add_heading(f"{d['code']}. {d['name']}", level=4)
        table = _table(
            document,
            ["Item", "Answers", "Mean", "Range", "Consensus score"],
            (Inches(3.9), Inches(0.9), Inches(0.6), Inches(0.6), Inches(0.9)),
            f"Item scores, {d['code']}. {d['name']}",
        )
        for item in d["items"]:
            answers = str(item["count"])
            if item["dont_know"]:
                answers += f" ({item['dont_know']} don't know)"
            _row(
                table,
                [
                    _item_cell(item, context["divergence_note"]),
                    answers,
                    item["mean_display"],
                    item["range_display"],
                    _or_missing(item["score"]),
                ],
            )


def _item_cell(item, divergence_note):
    def fill(cell):
        paragraph = cell.paragraphs[0]
        _bold(paragraph, item["code"])
        paragraph.add_run(f" {item['text']}")
        if item["advanced"]:
            paragraph.add_run(" *")
        if item["divergent"]:
            _para(cell, f"Respondents diverge ({divergence_note})", italic=True)
        if item["overridden"]:
            note = "Consensus set by the practice lead"
            if item.get("note"):
                note += f": {item['note']}"
            _para(cell, note, italic=True)

    return fill


# --- B. Gap analysis ----------------------------------------------------------------


def _section_b(document, context):
    words = context["words"]
    document.add_heading(words["section_b"], level=1)
    document.add_heading(words["gap_table"], level=2)
    # The legend right before the table, kept with it: the ratings are read against it.
    _para(document, words["maturity_legend"], bold=True).paragraph_format.keep_with_next = True
    for value, text in context["maturity_rubric"]:
        legend = _para(document, f"{value} = {text}", style="List Bullet")
        legend.paragraph_format.keep_with_next = True
    _para(document, words["priority_legend"], bold=True).paragraph_format.keep_with_next = True
    for label, text in context["priority_rubric"]:
        legend = _para(document, f"{label} = {text}", style="List Bullet")
        legend.paragraph_format.keep_with_next = True

    table = _table(
        document,
        words["gap_columns"],
        (Inches(1.3), Inches(1.4), Inches(0.8), Inches(1.3), Inches(0.8), Inches(1.3)),
        words["gap_table"],
        font_size=8,
    )
    for row in context["gap_rows"]:
        _row(
            table,
            [_domain_cell(row), row["current_state"], _maturity_cell(row), row["gaps"]]
            + [row["priority_label"], row["rationale"]],
            keep_whole=_fits(row["current_state"], row["gaps"], row["rationale"], limit=GAP_CELL),
        )
    _para(document, words["suggestion_note"], muted=True)

    document.add_heading("Three capabilities to address", level=2)
    _para(document, words["capabilities_intro"])
    if not context["capabilities"]:
        _para(document, "No capabilities have been chosen yet.", italic=True)
    parts = words["capability_parts"]
    for c in context["capabilities"]:
        document.add_heading(
            f"Capability {c['position']}: {c['name'] or '(not named yet)'}", level=3
        )
        if c["domain_name"]:
            _para(document, f"Domain: {c['domain_name']}", muted=True)
        for label, value in zip(
            parts, (c["name"], c["why_priority"], c["delivery_display"]), strict=True
        ):
            _para(document, label, bold=True).paragraph_format.keep_with_next = True
            _para(document, _or_missing(value))


def _domain_cell(row):
    def fill(cell):
        paragraph = cell.paragraphs[0]
        _bold(paragraph, row["name"])
        if row.get("examples"):
            paragraph.add_run().add_break()
            paragraph.add_run(f"(e.g., {row['examples']})")

    return fill


def _maturity_cell(row):
    def fill(cell):
        paragraph = cell.paragraphs[0]
        _bold(paragraph, str(_or_missing(row["maturity"])))
        suggested = row.get("suggested_maturity")
        if suggested is not None and suggested != row["maturity"]:
            paragraph.add_run().add_break()
            paragraph.add_run(f"VaPCAT suggested {suggested}").italic = True

    return fill


# --- C. Action plan -----------------------------------------------------------------


def _section_c(document, context):
    words = context["words"]
    document.add_heading(words["section_c"], level=1)
    document.add_heading(words["process"], level=2)
    for question, answer in context["process_parts"]:
        document.add_heading(question, level=3)
        _para(document, _or_missing(answer))

    # The action plan's eight columns need the width of a landscape page.
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    landscape.orientation = WD_ORIENT.LANDSCAPE
    landscape.page_width, landscape.page_height = Inches(11), Inches(8.5)
    document.add_heading(words["plan_table"], level=2)
    if context["plans"]:
        table = _table(
            document,
            words["plan_columns"],
            (Inches(1.1), *[Inches(1.18)] * 7),
            words["plan_table"],
            font_size=8,
        )
        for plan in context["plans"]:
            _plan_row(table, plan, words)
    else:
        _para(document, "No action plans yet.", italic=True)

    portrait = document.add_section(WD_SECTION.NEW_PAGE)
    portrait.orientation = WD_ORIENT.PORTRAIT
    portrait.page_width, portrait.page_height = Inches(8.5), Inches(11)
    document.add_heading("Implementation risks and mitigations", level=2)
    _para(document, words["risks"], bold=True)
    for risk in context["risks"]:
        document.add_heading(f"Risk {risk['position']}", level=3)
        _para(document, _or_missing(risk["description"]))
        _para(document, "Why it is likely", bold=True).paragraph_format.keep_with_next = True
        _para(document, _or_missing(risk["why_likely"]))
    _para(document, words["mitigations"], bold=True)
    for risk in context["risks"]:
        document.add_heading(f"Mitigation for risk {risk['position']}", level=3)
        if not risk["mitigations"]:
            _para(document, MISSING)
        for mitigation in risk["mitigations"]:
            _para(document, mitigation, style="List Bullet")


def _list_cell(items):
    """A cell of numbered lines ("1. ..."), each its own paragraph."""

    def fill(cell):
        if not items:
            _cell_text(cell.paragraphs[0], MISSING)
        for number, text in enumerate(items):
            _cell_text(_cell_paragraph(cell, number == 0), text)

    return fill


def _questions_cell(pairs):
    """The template's questions, each with its answer below it."""

    def fill(cell):
        for number, (question, answer) in enumerate(pairs):
            _cell_text(_cell_paragraph(cell, number == 0), question, bold=True)
            _cell_text(cell.add_paragraph(), answer)

    return fill


def _plan_row(table, plan, words):
    activities = [
        f"{n}. {a['description']}" + (f" — {a['when']}" if a["when"] else "")
        for n, a in enumerate(plan["activities"], start=1)
    ]
    decisions = [f"{n}. {d}" for n, d in enumerate(plan["key_decisions"], start=1)]
    changes = [f"{s['category_label']}: {s['description']}" for s in plan["structural_changes"]]
    indicators = [
        f"{i['name']}: {i['how_measured']}\n{i['measure_display']}" for i in plan["indicators"]
    ]
    staffing = list(
        zip(
            words["staffing_questions"],
            (plan["process_manager"], plan["other_staff"]),
            strict=True,
        )
    )
    leadership = list(
        zip(
            words["leadership_questions"],
            (plan["leadership_engagement"], plan["leadership_needs"]),
            strict=True,
        )
    )
    cells = {
        "area": f"Capability {plan['position']}: {plan['capability'] or '(not named yet)'}",
        "goals": plan["goals"],
        "activities": "\n".join(activities),
        "decisions": "\n".join(decisions),
        "changes": "\n".join(changes),
        "staffing": " ".join(str(v or "") for _, v in staffing),
        "leadership": " ".join(str(v or "") for _, v in leadership),
        "indicators": "\n".join(indicators),
    }
    _row(
        table,
        [
            cells["area"],
            plan["goals"],
            _list_cell(activities),
            _list_cell(decisions),
            _list_cell(changes),
            _questions_cell(staffing),
            _questions_cell(leadership),
            _list_cell(indicators),
        ],
        keep_whole=_fits(*cells.values(), limit=PLAN_CELL),
    )


# --- Appendix: the VBP payment estimates the practice chose to print ------------------


def _incentive_appendix(document, context):
    """The PDF's appendix in words and a table (the chart is the PDF's only)."""
    if not context.get("incentive_appendix"):
        return
    document.add_heading("Appendix: estimated VBP payments", level=1)
    _para(
        document,
        "Added by the portal: an illustrative estimate on the California Advanced Primary "
        "Care common payment model (2025 demonstration). Amounts vary by payer.",
        italic=True,
        muted=True,
    )
    for entry in context["incentive_appendix"]:
        result, totals = entry["result"], entry["result"]["totals"]
        document.add_heading(f"Scenario “{entry['name']}”", level=2)
        for line in (
            f"{result['practice_type'].capitalize()} practice, {result['members']} members; "
            f"{totals['valid_measures']} of {totals['applicable_measures']} measures valid.",
            f"Incentive pool ${totals['incentive_pool']}; performance incentive "
            f"${totals['incentive']} ({totals['percent_earned']}% of the pool).",
            f"Population health payment ${totals['population_health']}; total per year "
            f"${totals['total']}.",
        ):
            _para(document, line)
        grid = _table(
            document,
            ("Measure", "Category", "% earned", "Earned ($)", "Possible ($)", "Next step"),
            (Inches(0.8), Inches(1.3), Inches(0.8), Inches(1), Inches(1), Inches(2.1)),
            f"Estimated VBP payments, scenario {entry['name']}",
        )
        for m in entry["measures"]:
            category = m["category"] if m["valid"] else f"not valid: {m['why_not_valid']}"
            steps = "; ".join(step["text"] for step in m["next"]) or "—"
            _row(
                grid,
                [
                    m["code"],
                    category,
                    m["percent_earned"],
                    m["dollars"],
                    m["dollars_possible"],
                    steps,
                ],
            )


# --- Appendix: the supporting documents attached ----------------------------------------


def _attachments_appendix(document, context):
    """The PDF's list of supporting documents: name, description, part, size, SHA-256."""
    if not context.get("attachments"):
        return
    document.add_heading("Appendix: supporting documents", level=1)
    _para(
        document,
        "Added by the portal: the documents the practice attached to this version. Each is "
        "kept unchanged in the portal; its SHA-256 identifies the exact file.",
        italic=True,
        muted=True,
    )
    grid = _table(
        document,
        ("Document", "Description", "Part it supports", "Size"),
        (Inches(2.3), Inches(2.3), Inches(1.4), Inches(0.8)),
        "Supporting documents attached to this version",
    )
    for attachment in context["attachments"]:
        _row(
            grid,
            [
                f"{attachment['name']}\nSHA-256 {attachment['sha256']}",
                attachment["description"],
                attachment["part_display"],
                attachment["size_display"],
            ],
        )
