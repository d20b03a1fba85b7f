"""The milestone's Word copy (issue 16, point 5): what it says, in the template's words
and order, how Word will paginate it, and that a snapshot's copy is frozen.

The .docx is read back with python-docx, as a reviewer opening it in Word would read it.
"""

import hashlib
import io
import logging
import re
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from django.core.management import CommandError, call_command
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from assessments.models import ConsensusScore, Item
from gap_analysis.models import MATURITY_RUBRIC, PRIORITY_RUBRIC, Capability, DomainRating
from submissions import lifecycle, snapshot
from submissions.deliverable import WORDS
from submissions.models import MilestoneSubmission, Snapshot
from submissions.snapshot import milestone_content, snapshot_of, snapshot_render_docx
from submissions.word import render_docx
from tests import factories
from tests.submissions.test_pdf import ATTESTED_AT, SPECIAL, long_words, squash, strings

# The attestation's e-mail address is in the content (for the portal), not in the document.
NOT_PRINTED = {"email"}
LATE = datetime(2026, 6, 2, 17, 0, tzinfo=UTC)  # the May cycle is due May 31, 2026


def read(data):
    return docx.Document(io.BytesIO(data))


def paragraph_text(element):
    """A paragraph's text, its line breaks as spaces."""
    parts = []
    for node in element.iter(qn("w:t"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return "".join(parts)


def body_lines(data):
    """The text of every paragraph of the body, table cells included, in reading order."""
    body = read(data).element.body
    return [paragraph_text(p) for p in body.iter(qn("w:p"))]


def body_text(data):
    return " ".join(" ".join(body_lines(data)).split())


def table_rows(table):
    return [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]


def table_with_header(document, header):
    matches = [t for t in document.tables if table_rows(t)[0] == header]
    assert len(matches) == 1, f"one table headed {header}"
    return matches[0]


def row_has(row, tag):
    properties = row._tr.trPr
    return properties is not None and properties.find(qn(tag)) is not None


@pytest.fixture
def full(cast):
    """Practice A's milestone with every part filled, as submitted version 1 (the same
    milestone as the PDF's tests)."""
    milestone = factories.complete_milestone(cast.milestone, cast.respondent)
    DomainRating.objects.filter(milestone=milestone, domain__code="A").update(current_state=SPECIAL)
    Capability.objects.filter(milestone=milestone, position=1).update(
        partner_name="Central Valley IPA"
    )
    ConsensusScore.objects.create(
        milestone=milestone,
        item=Item.objects.get(domain__instrument=cast.instrument, code="B2"),
        score=3,
        note="Agreed at the leadership meeting",
        set_by=cast.lead,
    )
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(version=1)
    milestone.refresh_from_db()
    return milestone


@pytest.fixture
def content(cast, full):
    return milestone_content(full, attested_by=cast.lead, attested_at=ATTESTED_AT)


# --- What it says ----------------------------------------------------------------------


def test_word_copy_contains_every_typed_value(content):
    text = squash(body_text(render_docx(content)))
    values = [
        (path, value)
        for path, value in strings(content)
        if path.rpartition(".")[2] not in NOT_PRINTED
    ]
    assert len(values) > 150
    missing = [(path, value) for path, value in values if squash(value) not in text]
    assert missing == []


def test_title_block_names_the_practice_cycle_version_and_attestation(content, full):
    lines = [line for line in body_lines(render_docx(content)) if line.strip()]
    assert lines[:3] == [WORDS["program"], WORDS["title"], "Alder Family Medicine"]
    text = body_text(render_docx(content))
    assert "Deliverable cycle May 2026 — due May 31, 2026" in text
    assert "Version 1" in text
    assert "Submitted by Lena Lead" in text
    assert "Date submitted May 20, 2026 at 10:30 AM PDT" in text
    assert "Attested by Lena Lead on May 20, 2026 at 10:30 AM PDT" in text
    assert f"Milestone #{full.pk}" not in text  # the footer's, not the body's
    assert "DRAFT" not in text and "Submitted after" not in text


def test_practice_identifier_and_address_are_in_the_title_block(cast, full):
    cast.practice.ept_id = "EPT-0042"
    cast.practice.address = "12 Alder Way\nFresno, CA 93701"
    cast.practice.save()
    text = body_text(render_docx(milestone_content(full, cast.lead, ATTESTED_AT)))
    assert "EPT identifier EPT-0042" in text
    assert "Address 12 Alder Way Fresno, CA 93701" in text


def test_headings_are_word_headings_in_the_template_order(content):
    document = read(render_docx(content))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name != "Normal"]
    by_level = {}
    for style, text in headings:
        by_level.setdefault(style, []).append(text)
    assert by_level["Title"] == [WORDS["title"]]
    assert by_level["Heading 1"] == [WORDS["section_a"], WORDS["section_b"], WORDS["section_c"]]
    assert WORDS["gap_table"] in by_level["Heading 2"]
    assert WORDS["plan_table"] in by_level["Heading 2"]
    assert [label for _, label in WORDS["process_parts"]] == [
        text for text in by_level["Heading 3"] if text[:2] in ("a.", "b.", "c.")
    ]
    assert [t for t in by_level["Heading 3"] if t.startswith("Capability ")] == [
        f"Capability {c['position']}: {c['name']}" for c in content["gap_analysis"]["capabilities"]
    ]
    order = [text for _, text in headings]
    assert (
        order.index(WORDS["section_a"])
        < order.index(WORDS["section_b"])
        < order.index(WORDS["gap_table"])
        < order.index(WORDS["section_c"])
        < order.index(WORDS["plan_table"])
    )


def test_headings_never_skip_a_level(content):
    """A screen reader's outline: the title, then Heading 1, 2, 3 ... one step at a time."""
    styles = [p.style.name for p in read(render_docx(content)).paragraphs]
    levels = [0 if s == "Title" else int(s[-1]) for s in styles if s[:5] in ("Title", "Headi")]
    assert levels[0] == 0
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_vapcat_summary_is_labelled_as_the_portals(content):
    text = body_text(render_docx(content))
    assert WORDS["section_a_intro"] in text
    assert WORDS["portal_summary"] in text
    assert text.index(WORDS["section_a_intro"]) < text.index(WORDS["portal_summary"])
    assert "Bar chart of the VaPCAT domains." in text  # the chart's text alternative
    assert WORDS["asterisk_rule"] in text
    assert "Leadership, Governance, and Legal item 4 *" in text
    assert "Consensus set by the practice lead: Agreed at the leadership meeting" in text


def test_respondents_by_name_and_job_title_and_no_e_mail_anywhere(cast, content):
    data = render_docx(content)
    respondents = table_with_header(read(data), ["Name", "Job title", "Submitted"])
    assert table_rows(respondents)[1][0] == "Rafael Respondent"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            part = archive.read(name)
            for address in (cast.respondent.email, cast.lead.email):
                assert address.encode() not in part, f"{address} in {name}"


def test_gap_table_has_the_template_columns_word_for_word_after_its_legend(content):
    data = render_docx(content)
    document = read(data)
    gaps = table_with_header(document, WORDS["gap_columns"])
    assert WORDS["gap_columns"][2] == "VBP Domain Maturity (scale of 0 – 5)"
    rows = table_rows(gaps)
    assert len(rows) == 6
    assert rows[1][0].startswith("Leadership, Governance, and Legal")
    assert rows[1][4] in ("High", "Medium", "Low")

    lines = body_lines(data)
    table_start = lines.index(WORDS["gap_columns"][0])
    legend = [f"{value} = {text}" for value, text in MATURITY_RUBRIC.items()]
    legend += [f"{p.label} = {text}" for p, text in PRIORITY_RUBRIC.items()]
    heading = lines.index(WORDS["gap_table"])
    for line in legend:
        assert heading < lines.index(line) < table_start, line


def test_capabilities_as_the_template_lists_them(content):
    text = body_text(render_docx(content))
    assert WORDS["capabilities_intro"] in text
    for part in WORDS["capability_parts"]:
        assert text.count(part) == 3
    assert "Independent Practice Association (IPA): Central Valley IPA" in text


def test_action_plan_is_the_template_table_on_a_landscape_page(content):
    data = render_docx(content)
    document = read(data)
    plan = table_with_header(document, WORDS["plan_columns"])
    rows = table_rows(plan)
    assert [row[0] for row in rows[1:]] == [
        f"Capability {c['position']}: {c['name']}" for c in content["gap_analysis"]["capabilities"]
    ]
    staffing, leadership = rows[1][5], rows[1][6]
    assert all(question in staffing for question in WORDS["staffing_questions"])
    assert all(question in leadership for question in WORDS["leadership_questions"])
    assert "January 2027" in rows[1][2]
    assert "10% → 81% by June 2028" in rows[1][7]

    # The plan's section (the one its table sits in) is landscape, the others portrait.
    orientations = [section.orientation for section in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    body = list(document.element.body)
    breaks = [
        i for i, el in enumerate(body) if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    ]
    assert breaks[0] < body.index(plan._tbl) < breaks[1]


def test_risks_and_mitigations_under_the_template_questions(content):
    text = body_text(render_docx(content))
    risks, mitigations = text.index(WORDS["risks"]), text.index(WORDS["mitigations"])
    assert text.index(WORDS["plan_table"]) < risks < mitigations
    for risk in content["action_plan"]["risks"]:
        assert risks < text.index(risk["description"]) < mitigations
        for mitigation in risk["mitigations"]:
            assert mitigations < text.index(mitigation)


# --- How Word paginates it ----------------------------------------------------------


def test_every_table_header_row_repeats_and_rows_are_kept_whole(content):
    document = read(render_docx(content))
    facts, *tables = document.tables
    assert not any(row_has(row, "w:tblHeader") for row in facts.rows)
    assert len(tables) >= 9  # respondents, domains, 5 item tables, gaps, plan
    for table in tables:
        header, *rows = table.rows
        assert row_has(header, "w:tblHeader"), table_rows(table)[0]
        assert all(row_has(row, "w:cantSplit") for row in table.rows)
        assert not any(row_has(row, "w:tblHeader") for row in rows)


def test_a_row_taller_than_a_page_may_split(content):
    content["gap_analysis"]["rows"][1]["rationale"] = "We agreed on this at length. " * 60
    gaps = table_with_header(read(render_docx(content)), WORDS["gap_columns"])
    kept = [row_has(row, "w:cantSplit") for row in gaps.rows]
    assert kept == [True, True, False, True, True, True]


def test_long_fields_and_twenty_activities_are_all_in_the_word_copy(cast):
    text = long_words()
    milestone = factories.complete_milestone(
        cast.other_milestone, cast.respondent, activities=20, text=text
    )
    data = render_docx(milestone_content(milestone, cast.other_lead, ATTESTED_AT))
    found = set(re.findall(r"w[a-z]+\d{4}", " ".join(body_lines(data))))
    for label, words in text.fields.items():
        missing = [word for word in words if word not in found]
        assert missing == [], f"{label}: {len(missing)} words missing, e.g. {missing[:3]}"
    document = read(data)
    plan = table_with_header(document, WORDS["plan_columns"])
    assert [len(re.findall(r"Activity \d\.\d+", row[2])) for row in table_rows(plan)[1:]] == [
        20,
        20,
        20,
    ]
    # Rows taller than a page may split; the header rows still repeat.
    gaps = table_with_header(document, WORDS["gap_columns"])
    assert not any(row_has(row, "w:cantSplit") for row in [*gaps.rows[1:], *plan.rows[1:]])
    assert row_has(gaps.rows[0], "w:tblHeader") and row_has(plan.rows[0], "w:tblHeader")


def test_document_title_language_and_footer(content, full):
    data = render_docx(content)
    document = read(data)
    properties = document.core_properties
    assert properties.title == f"{WORDS['title']}: Alder Family Medicine, May 2026"
    assert properties.language == "en-US"
    assert properties.author == "Alder Family Medicine"
    assert properties.created == properties.modified == ATTESTED_AT
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-US"
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith(f"Milestone #{full.pk} · version 1 · Page ")
    fields = [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


# --- Drafts and late submissions ----------------------------------------------------


def test_a_draft_says_so_at_the_top_and_on_every_page(content):
    draft = render_docx(content, draft=True)
    lines = [line for line in body_lines(draft) if line.strip()]
    assert lines[0] == "DRAFT — not submitted"
    assert "Version Draft — not submitted (last submitted version: 1)" in body_text(draft)
    assert read(draft).sections[0].header.paragraphs[0].text == "DRAFT — not submitted"
    final = read(render_docx(content))
    assert "DRAFT" not in body_text(render_docx(content))
    assert final.sections[0].header.paragraphs[0].text == ""


def test_a_late_submission_is_marked(cast, full):
    late = render_docx(milestone_content(full, attested_by=cast.lead, attested_at=LATE))
    assert "Submitted after the cycle's due date of May 31, 2026." in body_text(late)


def test_an_empty_new_milestone_renders_as_a_draft(cast):
    text = body_text(render_docx(milestone_content(cast.milestone), draft=True))
    assert "Submitted by Not submitted" in text
    assert "No respondent has submitted the VaPCAT yet." in text
    assert "No capabilities have been chosen yet." in text
    assert "No action plans yet." in text


def test_same_content_gives_the_same_bytes(content):
    assert render_docx(content) == render_docx(content)


# --- The Word copy of a snapshot never changes --------------------------------------


def test_stored_copy_never_changes_after_the_milestone_is_edited(cast, full, content):
    frozen = snapshot_of(full, content, cast.lead)
    stored, stored_sha = bytes(frozen.docx), frozen.docx_sha256

    DomainRating.objects.filter(milestone=full, domain__code="C").update(
        current_state="Rewritten after the submission"
    )

    frozen = Snapshot.objects.get(pk=frozen.pk)
    assert bytes(frozen.docx) == stored
    assert frozen.docx_sha256 == stored_sha == hashlib.sha256(stored).hexdigest()
    assert snapshot_render_docx(frozen) == stored
    assert "Rewritten after the submission" not in body_text(stored)
    assert render_docx(frozen.content) == stored
    draft = render_docx(milestone_content(full), draft=True)
    assert "Rewritten after the submission" in body_text(draft)


def test_a_stored_copy_is_never_rendered_again(cast, full, monkeypatch):
    frozen = snapshot_of(full, milestone_content(full), cast.lead)
    stored = bytes(frozen.docx)
    monkeypatch.setattr(snapshot, "render_docx", lambda content, draft=False: b"changed")
    assert snapshot_render_docx(Snapshot.objects.get(pk=frozen.pk)) == stored


def _raise(message):
    def broken(content, draft=False):
        raise OSError(message)

    return broken


def test_the_task_after_submit_makes_the_word_copy_even_if_the_pdf_fails(
    cast, full, monkeypatch, caplog, task_queue
):
    monkeypatch.setattr(snapshot, "render_pdf", _raise("fonts missing"))
    lifecycle.milestone_submit(full, cast.lead)
    with caplog.at_level(logging.ERROR, logger="submissions.snapshot"):
        task_queue.run()
    full.refresh_from_db()
    assert full.status == MilestoneSubmission.Status.SUBMITTED
    stored = Snapshot.objects.filter(milestone=full).latest()
    assert stored.pdf is None
    assert stored.docx_sha256 == hashlib.sha256(bytes(stored.docx)).hexdigest()
    assert "The PDF of snapshot" in caplog.text


def test_the_task_after_submit_makes_the_pdf_even_if_the_word_copy_fails(
    cast, full, monkeypatch, caplog, task_queue
):
    monkeypatch.setattr(snapshot, "render_docx", _raise("disk full"))
    lifecycle.milestone_submit(full, cast.lead)
    with caplog.at_level(logging.ERROR, logger="submissions.snapshot"):
        task_queue.run()
    full.refresh_from_db()
    assert full.status == MilestoneSubmission.Status.SUBMITTED
    stored = Snapshot.objects.filter(milestone=full).latest()
    assert bytes(stored.pdf).startswith(b"%PDF")
    assert stored.docx is None and stored.docx_sha256 == ""
    assert "The Word copy of snapshot" in caplog.text


# --- export_docx --------------------------------------------------------------------


def test_export_docx_writes_the_stored_copy_of_the_latest_snapshot(cast, full, content, tmp_path):
    frozen = snapshot_of(full, content, cast.lead)
    output = tmp_path / "milestone.docx"
    out = io.StringIO()
    call_command("export_docx", str(full.pk), "-o", str(output), stdout=out)
    assert output.read_bytes() == bytes(frozen.docx)
    assert "version 1" in out.getvalue()


def test_export_docx_draft_renders_the_current_content(cast, full, tmp_path):
    output = tmp_path / "draft.docx"
    call_command("export_docx", str(full.pk), "-o", str(output), "--draft", stdout=io.StringIO())
    assert body_lines(output.read_bytes())[0] == "DRAFT — not submitted"


def test_export_docx_refuses_a_milestone_never_submitted(cast, tmp_path):
    output = tmp_path / "milestone.docx"
    with pytest.raises(CommandError, match="has not been submitted yet; use --draft"):
        call_command("export_docx", str(cast.milestone.pk), "-o", str(output))
    assert not output.exists()
