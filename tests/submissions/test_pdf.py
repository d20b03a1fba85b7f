"""The milestone PDF (PRODUCT.md 3.5): what it says, how it paginates, and that it is frozen.

The PDF is read back with pypdf, as a reviewer's copy-paste would read it.
"""

import hashlib
import io
import re
import string
from datetime import UTC, datetime

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string

from action_plans.models import ActionPlan, ProcessSummary, Risk
from assessments.models import ConsensusScore, Item
from gap_analysis.models import Capability, DomainRating
from submissions import template_words
from submissions.deliverable import long_date
from submissions.models import MilestoneSubmission, Snapshot
from submissions.pdf import pdf_context, render_pdf
from submissions.snapshot import milestone_content, snapshot_of
from tests import factories

ATTESTED_AT = datetime(2026, 5, 20, 17, 30, tzinfo=UTC)
LETTER = (612, 792)
SPECIAL = 'Rates < 50% & "rising" <b>not bold</b>'
# Keys whose values are codes or ISO dates: the PDF prints their labels or long dates.
CODES = {
    "priority",
    "delivery",
    "partner_type",
    "category",
    "due_on",
    "at",
    "submitted_at",
    "kind",
    "meaning",  # a scale value's rubric meaning: the PDF prints the meaning's label
}
# Kept in the content (who attested), never printed: the deliverable names people, it
# does not give their contact data.
NOT_PRINTED = {"email"}


def pdf_pages(data):
    """The text of each page, as pypdf extracts it."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def squash(text):
    """Without whitespace: line breaks inside a table cell fall anywhere."""
    return "".join(text.split())


def strings(value, path=""):
    """Every (path, string) leaf of the content dict, codes and dates left out."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in CODES | NOT_PRINTED:
                yield from strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, f"{path}[{index}]")
    elif isinstance(value, str) and value.strip():
        yield path, value


def _submitted_version(milestone, version=1):
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(version=version)
    milestone.refresh_from_db()
    return milestone


@pytest.fixture
def full(cast):
    """Practice A's milestone with every part filled, as submitted version 1."""
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
    return _submitted_version(milestone)


@pytest.fixture
def content(cast, full):
    return milestone_content(full, attested_by=cast.lead, attested_at=ATTESTED_AT)


def test_pdf_text_contains_every_field_value(content):
    text = squash(" ".join(pdf_pages(render_pdf(content))))
    values = list(strings(content))
    assert len(values) > 150
    missing = [(path, value) for path, value in values if squash(value) not in text]
    assert missing == []


def test_title_block_says_who_attested_and_when(content):
    first = " ".join(pdf_pages(render_pdf(content))[0].split())
    assert "Alder Family Medicine" in first
    assert "May 2026 — due May 31, 2026" in first
    assert "Submitted by Lena Lead" in first
    assert "Date submitted May 20, 2026, 10:30 AM PDT" in first
    assert "Version 1" in first
    assert "Attested by Lena Lead on May 20, 2026 at 10:30 AM PDT" in first
    assert "Draft" not in first
    assert "after the cycle's due date" not in first


def test_no_e_mail_address_is_printed(content):
    assert content["attestation"]["email"] == "lead@alder.test"
    text = " ".join(pdf_pages(render_pdf(content)))
    assert "@" not in text


def test_a_submission_after_the_due_date_is_marked(content):
    content["attestation"]["at"] = "2026-06-01T09:00:00-07:00"
    first = " ".join(pdf_pages(render_pdf(content))[0].split())
    assert "Submitted after the cycle's due date of May 31, 2026." in first


def test_a_submission_on_the_due_date_in_california_is_not_late(content):
    # 11:30 PM in California on the due date is already June 1 in UTC.
    content["attestation"]["at"] = "2026-06-01T06:30:00+00:00"
    first = " ".join(pdf_pages(render_pdf(content))[0].split())
    assert "after the cycle's due date" not in first


def test_the_ept_identifier_and_address_are_in_the_title_block(cast, full):
    full.practice.ept_id = "EPT-0042"
    full.practice.address = "12 Oak Street\nFresno, CA 93721"
    full.practice.save()
    content = milestone_content(full, attested_by=cast.lead, attested_at=ATTESTED_AT)
    first = " ".join(pdf_pages(render_pdf(content))[0].split())
    assert "EPT identifier EPT-0042" in first
    assert "Address 12 Oak Street Fresno, CA 93721" in first


def test_dates_months_and_scores_are_printed_in_words(content):
    text = " ".join(" ".join(pdf_pages(render_pdf(content))).split())
    for respondent in content["vapcat"]["respondents"]:
        assert long_date(respondent["submitted_at"]) in text
    assert "January 2027" in text  # first activity's target
    assert "10% → 81% by June 2028" in text  # capability 1's indicator
    assert "Independent Practice Association (IPA): Central Valley IPA" in text
    assert "Staffing: Structural change 1" in text
    for domain in content["vapcat"]["domains"]:
        assert f"{domain['mean_score']:.2f}" in text


def test_advanced_items_are_marked_with_the_footnote(content):
    text = " ".join(" ".join(pdf_pages(render_pdf(content))).split())
    # The test instrument marks every fourth item advanced.
    assert "Leadership, Governance, and Legal item 4 *" in text
    assert "Leadership, Governance, and Legal item 3 *" not in text
    # The template's asterisk rule whole, and its footnote on ACEs.
    assert " ".join(template_words.ASTERISK_RULE.split()) in text
    assert "smaller practices and clinics are more likely to have gaps in items with an" in text
    assert f"ACE: {template_words.ACE_FOOTNOTE}" in text


def test_gap_table_has_the_template_headings(content):
    text = " ".join(" ".join(pdf_pages(render_pdf(content))).split())
    headings = [
        "Domains",
        "Current State (brief description of existing capabilities)",
        "VBP Domain Maturity (scale of 0 – 5)",
        "Specific Capability Gaps",
        "Priority for Action (high, medium, low)",
        "Rationale",
    ]
    assert [heading for heading in headings if heading not in text] == []


def test_content_is_escaped_not_interpreted(content):
    text = " ".join(" ".join(pdf_pages(render_pdf(content))).split())
    assert SPECIAL in text


def test_every_page_is_us_letter_with_page_x_of_y_and_the_milestone(content, full):
    data = render_pdf(content)
    reader = pypdf.PdfReader(io.BytesIO(data))
    total = len(reader.pages)
    assert total > 1
    for number, page in enumerate(reader.pages, start=1):
        size = (float(page.mediabox.width), float(page.mediabox.height))
        # The action-plan table is printed on landscape pages, the rest in portrait.
        landscape = "Area of Improvement" in " ".join(page.extract_text().split())
        assert size == (LETTER[::-1] if landscape else LETTER), (number, size)
        text = page.extract_text()
        assert f"Page {number} of {total}" in text
        assert f"Milestone #{full.pk} · version 1" in text


def test_draft_watermark_only_on_drafts(content):
    final = pdf_pages(render_pdf(content))
    draft = pdf_pages(render_pdf(content, draft=True))
    assert not any("DRAFT" in page for page in final)
    assert all("DRAFT" in page for page in draft)
    assert "Draft — not submitted" in draft[0]
    assert "Draft — not submitted" not in final[0]


def test_empty_new_milestone_renders_as_a_draft(cast):
    pages = pdf_pages(render_pdf(milestone_content(cast.milestone), draft=True))
    text = " ".join(" ".join(pages).split())
    assert "Not submitted" in text
    assert "No respondent has submitted the VaPCAT yet, so there are no scores" in text
    assert "Results by domain" not in text
    assert "No capabilities have been chosen yet." in text


def _fonts(resources, found):
    resources = resources.get_object() if resources else {}
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        descriptor = font["/FontDescriptor"].get_object()
        found.append(
            (str(font["/BaseFont"]), any(key.startswith("/FontFile") for key in descriptor))
        )
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if "/Resources" in xobject:
            _fonts(xobject["/Resources"], found)


def test_fonts_are_embedded(content):
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(content)))
    found = []
    for page in reader.pages:
        _fonts(page.get("/Resources"), found)
    assert found
    assert all(embedded for _, embedded in found), found
    assert any("DejaVu" in name for name, _ in found)


def test_same_content_gives_the_same_pdf(content):
    first, second = render_pdf(content), render_pdf(content)
    assert pdf_pages(first) == pdf_pages(second)
    assert first == second


# --- Long content paginates without clipping ---------------------------------------


def _tag(number):
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += string.ascii_lowercase[digit]
        if not number:
            return "w" + letters


# The fields ``complete_milestone`` fills with ``text(label)``, by the label's start.
LONG_FIELDS = {
    "Current state": (DomainRating, "current_state"),
    "Gaps": (DomainRating, "gaps"),
    "Rationale": (DomainRating, "rationale"),
    "Overview": (ProcessSummary, "overview"),
    "People involved": (ProcessSummary, "people_involved"),
    "Alignment": (ProcessSummary, "alignment"),
    "Why priority": (Capability, "why_priority"),
    "Goals": (ActionPlan, "goals"),
    "Leadership engagement": (ActionPlan, "leadership_engagement"),
    "Risk": (Risk, "description"),
    "Why likely": (Risk, "why_likely"),
}


def longest_allowed(label):
    """The most characters the field ``complete_milestone`` fills with ``label`` takes."""
    start = next(start for start in LONG_FIELDS if label.startswith(start))
    model, name = LONG_FIELDS[start]
    return model._meta.get_field(name).max_length


def long_words(length=longest_allowed):
    """A text function for ``complete_milestone``: each field gets its own numbered words
    (``wab0001 wab0002 ...``), ``length`` characters in all (by default as many as the
    field takes), so that every word can be looked for in the PDF."""
    fields = {}

    def text(label):
        tag = _tag(len(fields))
        limit = length(label) if callable(length) else length
        words, size, n = [], 0, 0
        while size + 8 <= limit:
            n += 1
            words.append(f"{tag}{n:04d}")
            size += len(words[-1]) + 1
        fields[label] = words
        return " ".join(words)

    text.fields = fields
    return text


def _off_the_page(data):
    """The pieces of text that start outside their page (points from its lower left)."""
    outside = []
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(text, cm, tm, font, size, width=width, height=height):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if not (0 <= x <= width and 0 <= y <= height):
                    outside.append((x, y, text))

        page.extract_text(visitor_text=visit)
    return outside


def test_long_fields_and_twenty_activities_paginate_without_clipping(cast, content):
    normal_pages = len(pdf_pages(render_pdf(content)))
    text = long_words()
    milestone = factories.complete_milestone(
        cast.other_milestone, cast.respondent, activities=20, text=text
    )
    long_content = milestone_content(
        milestone, attested_by=cast.other_lead, attested_at=ATTESTED_AT
    )
    data = render_pdf(long_content)
    pages = pdf_pages(data)
    extracted = "\n".join(pages)

    assert len(pages) > normal_pages + 10
    found = set(re.findall(r"w[a-z]+\d{4}", extracted))
    for label, words in text.fields.items():
        missing = [word for word in words if word not in found]
        assert missing == [], f"{label}: {len(missing)} words missing, e.g. {missing[:3]}"
    normal = " ".join(extracted.split())
    activities = set(re.findall(r"Activity (\d)\.(\d+)", normal))
    assert activities == {(str(p), str(n)) for p in (1, 2, 3) for n in range(1, 21)}
    for position in (1, 2, 3):
        assert len(long_content["action_plan"]["plans"][position - 1]["activities"]) == 20
    # Every piece of text starts on its page, none pushed off its edge.
    assert _off_the_page(data) == []


def test_a_long_unbroken_word_wraps_inside_its_column(full, cast):
    token = "https://example.org/" + "x" * 300
    DomainRating.objects.filter(milestone=full, domain__code="B").update(gaps=token)
    data = render_pdf(milestone_content(full, cast.lead, ATTESTED_AT))
    text = "\n".join(pdf_pages(data))
    assert squash(token) in squash(text)
    # Broken over several lines rather than one line running off the page.
    assert not any(token in line for line in text.splitlines())
    assert _off_the_page(data) == []


# --- The PDF of a snapshot never changes ---------------------------------------------


def test_snapshot_pdf_never_changes_after_the_content_is_edited(cast, full, content):
    snapshot = snapshot_of(full, content, cast.lead)
    stored, stored_sha = bytes(snapshot.pdf), snapshot.pdf_sha256

    DomainRating.objects.filter(milestone=full, domain__code="C").update(
        current_state="Rewritten after the submission"
    )

    snapshot = Snapshot.objects.get(pk=snapshot.pk)
    assert bytes(snapshot.pdf) == stored
    assert snapshot.pdf_sha256 == stored_sha == hashlib.sha256(stored).hexdigest()
    assert "Rewritten after the submission" not in " ".join(pdf_pages(stored))
    # The frozen content, read back from the database, renders the very same PDF.
    assert render_pdf(snapshot.content) == stored
    # The current draft does show the edit.
    draft = render_pdf(milestone_content(full), draft=True)
    assert "Rewritten after the submission" in " ".join(" ".join(pdf_pages(draft)).split())


# --- export_pdf ---------------------------------------------------------------------


def test_export_pdf_writes_the_latest_snapshot(cast, full, content, tmp_path):
    snapshot = snapshot_of(full, content, cast.lead)
    output = tmp_path / "milestone.pdf"
    out = io.StringIO()
    call_command("export_pdf", str(full.pk), "-o", str(output), stdout=out)
    assert output.read_bytes() == bytes(snapshot.pdf)
    assert "version 1" in out.getvalue()


def test_export_pdf_refuses_a_milestone_never_submitted(cast, tmp_path):
    output = tmp_path / "milestone.pdf"
    with pytest.raises(CommandError) as error:
        call_command("export_pdf", str(cast.milestone.pk), "-o", str(output))
    assert str(error.value) == (
        f"Milestone {cast.milestone.pk} has not been submitted yet; use --draft to render "
        "the current draft."
    )
    assert not output.exists()


def test_export_pdf_refuses_an_unknown_milestone(cast, tmp_path):
    with pytest.raises(CommandError, match="Milestone 999999 does not exist."):
        call_command("export_pdf", "999999", "-o", str(tmp_path / "milestone.pdf"))


def test_export_pdf_draft_renders_the_current_content_watermarked(cast, full, tmp_path):
    output = tmp_path / "draft.pdf"
    call_command("export_pdf", str(full.pk), "-o", str(output), "--draft", stdout=io.StringIO())
    pages = pdf_pages(output.read_bytes())
    assert all("DRAFT" in page for page in pages)
    assert "Draft — not submitted" in pages[0]
    assert "Alder Family Medicine" in pages[0]


def test_only_a_gap_row_taller_than_a_page_may_split_across_pages(content):
    """A row is kept on one page when it fits; one whose text is taller than a page splits
    at once (laying it out whole first cost seconds per row of the largest milestone)."""
    rows = content["gap_analysis"]["rows"]
    rows[1]["rationale"] = "We agreed on this at length. " * 60  # 1,740 characters
    rows[2]["gaps"] = "No dashboards. " * 40  # 600 characters: fits on a page
    html = render_to_string("pdf/milestone.html", pdf_context(content))
    start = html.index('<table class="grid gaps"')
    gap_table = html[start : html.index("</table>", start)]
    assert gap_table.count('<tr class="row tall">') == 1
    assert gap_table.index('<tr class="row tall">') > gap_table.index(rows[0]["name"])
    assert gap_table.index('<tr class="row tall">') < gap_table.index(rows[2]["name"])


def test_a_snapshot_frozen_before_the_ept_identifier_still_renders_without_e_mail(content):
    """Snapshots of schema 1 have no EPT identifier or address and keep respondents'
    e-mail addresses: the document says what is missing and prints no address."""
    content["schema"] = 1
    del content["practice"]["ept_id"], content["practice"]["address"]
    for respondent in content["vapcat"]["respondents"]:
        respondent["email"] = "someone@alder.test"
    pages = pdf_pages(render_pdf(content))
    first = " ".join(pages[0].split())
    assert "EPT identifier Not recorded" in first
    assert "Address Not recorded" in first
    assert "@" not in " ".join(pages)
