"""Saved estimates go into the snapshot; the PDF prints, as an appendix, those the
practice chose to print; an older snapshot without estimates prints no appendix."""

import io

import docx
import pypdf
import pytest

from incentives.models import SavedEstimate
from submissions.pdf import render_pdf
from submissions.snapshot import milestone_content
from submissions.word import render_docx
from tests import factories

INPUTS = {
    "practice_type": "adult",
    "members": 1000,
    "incentive_pmpm": "5",
    "population_health_pmpm": "10",
    "hpi_decile": 3,
    "measures": {"CBP": {"baseline": "60", "current": "64", "denominator": 150}},
}


def pdf_text(data):
    return " ".join(
        " ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages
    )


def docx_text(data):
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def saved(cast):
    factories.complete_milestone(cast.milestone, cast.respondent)
    return [
        SavedEstimate.objects.create(
            milestone=cast.milestone, name="Today", inputs=INPUTS, in_pdf=True
        ),
        SavedEstimate.objects.create(
            milestone=cast.milestone, name="Private what-if", inputs={**INPUTS, "members": 5}
        ),
    ]


def test_the_snapshot_keeps_every_saved_estimate_with_its_result(cast, saved):
    content = milestone_content(cast.milestone)
    estimates = content["incentive_estimates"]
    assert [e["name"] for e in estimates] == ["Today", "Private what-if"]
    assert [e["in_pdf"] for e in estimates] == [True, False]
    today = estimates[0]
    assert today["inputs"] == INPUTS
    # One valid measure of nine (2 x 1 < 9): half the pool, CBP rescaled to 50%:
    # improvement 6% x 50 / 14 = 21.43% of $60,000.
    assert today["result"]["totals"]["pool_factor"] == "0.5"
    assert today["result"]["totals"]["incentive"] == "12857.14"


def test_the_pdf_prints_only_the_chosen_estimates(cast, saved):
    text = pdf_text(render_pdf(milestone_content(cast.milestone), draft=True))
    assert "Appendix: estimated VBP payments" in text
    assert "Scenario “Today”" in text
    assert "$12857.14" in text
    assert "CBP 64 -> attainment at 67" in text
    assert "Private what-if" not in text


def test_no_appendix_when_nothing_is_chosen(cast, saved):
    SavedEstimate.objects.update(in_pdf=False)
    text = pdf_text(render_pdf(milestone_content(cast.milestone), draft=True))
    assert "Appendix: estimated VBP payments" not in text


def test_an_older_snapshot_without_estimates_still_renders(cast, saved):
    content = milestone_content(cast.milestone)
    del content["incentive_estimates"]
    text = pdf_text(render_pdf(content, draft=True))
    assert "Alder Family Medicine" in text
    assert "Appendix: estimated VBP payments" not in text


def test_the_word_copy_has_the_same_appendix(cast, saved):
    text = docx_text(render_docx(milestone_content(cast.milestone), draft=True))
    assert "Appendix: estimated VBP payments" in text
    assert "Scenario “Today”" in text
    assert "performance incentive $12857.14" in text
    assert "CBP 64 -> attainment at 67" in text
    assert "Private what-if" not in text


def test_an_older_snapshot_has_no_word_appendix(cast, saved):
    content = milestone_content(cast.milestone)
    del content["incentive_estimates"]
    assert "Appendix: estimated VBP payments" not in docx_text(render_docx(content, draft=True))
