"""Supporting documents in a browser: a lead attaches a PNG named as a PDF (refused, the
description kept), then the real PDF; the coach downloads it, byte for byte. The pages
pass axe-core."""

import pytest
from playwright.sync_api import expect

from tests.e2e.people import click_and_wait, follow, log_in, says

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def test_a_lead_attaches_after_a_refusal_and_the_coach_downloads(open_page, cast, auditor):
    lead = open_page()
    log_in(lead, cast.lead.email)
    lead.goto(cast.milestone.get_absolute_url())
    follow(lead, "Supporting documents")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Supporting documents")
    auditor.look(lead, "documents-empty")

    lead.get_by_label("File").set_input_files(
        {"name": "board-minutes.pdf", "mimeType": "application/pdf", "buffer": PNG}
    )
    lead.get_by_label("Description").fill("Board minutes, March 2026")
    lead.get_by_label("Part it supports (optional)").select_option(
        label="A. VaPCAT self-assessment"
    )
    click_and_wait(lead, lead.get_by_role("button", name="Attach the document"))
    summary = lead.get_by_role("alert")
    expect(summary).to_contain_text("board-minutes.pdf is not a PDF: its content is a PNG image.")
    expect(lead.get_by_label("Description")).to_have_value("Board minutes, March 2026")
    expect(lead.get_by_label("Part it supports (optional)")).to_have_value("vapcat")
    auditor.look(lead, "documents-refused")

    lead.get_by_label("File").set_input_files(
        {"name": "board-minutes.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    click_and_wait(lead, lead.get_by_role("button", name="Attach the document"))
    says(lead, "board-minutes.pdf was attached.")
    row = lead.get_by_role("row", name="board-minutes.pdf")
    expect(row).to_contain_text("Board minutes, March 2026")
    expect(row).to_contain_text("A. VaPCAT self-assessment")
    auditor.look(lead, "documents-attached")

    coach = open_page()
    log_in(coach, cast.coach.email)
    coach.goto(cast.milestone.get_absolute_url())
    follow(coach, "Supporting documents")
    expect(coach.get_by_role("button", name="Attach the document")).to_have_count(0)
    auditor.look(coach, "documents-coach")
    with coach.expect_download() as waiting:
        coach.get_by_role("link", name="board-minutes.pdf").click()
    download = waiting.value
    assert download.suggested_filename == "board-minutes.pdf"
    with open(download.path(), "rb") as file:
        assert file.read() == PDF
    auditor.assert_clean([lead, coach])
