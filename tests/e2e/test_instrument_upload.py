"""Uploading a VaPCAT version in a browser: an administrator finds the versions in the
navigation, uploads a workbook with problems and reads each one by sheet, row and
column, uploads it fixed, previews the whole instrument and publishes it for a cycle;
every page passes axe-core."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from playwright.sync_api import expect

from assessments.instrument_file import read_instrument_file
from assessments.instrument_sheet import write_xlsx
from assessments.models import Instrument
from tests.e2e.people import click_and_wait, follow, log_in, says

pytestmark = pytest.mark.browser

V1 = Path(settings.BASE_DIR) / "fixtures" / "instruments" / "vapcat-v1.yaml"


def workbook(broken=False):
    content = write_xlsx(read_instrument_file(V1))
    if broken:
        book = openpyxl.load_workbook(io.BytesIO(content))
        book["items"]["A14"] = "F"
        book["scale"]["C4"] = "great"
        buffer = io.BytesIO()
        book.save(buffer)
        content = buffer.getvalue()
    return {
        "name": "vapcat-v1.xlsx",
        "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": content,
    }


def test_an_administrator_uploads_previews_and_publishes_a_version(open_page, cast, auditor):
    page = open_page()
    log_in(page, cast.admin.email)
    follow(page, "Instruments")
    expect(page.get_by_role("heading", level=1)).to_have_text("VaPCAT versions")
    auditor.look(page, "instrument-list")

    follow(page, "Upload a version")
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a VaPCAT version")
    auditor.look(page, "instrument-upload")

    page.get_by_label("Instrument file").set_input_files(workbook(broken=True))
    click_and_wait(page, page.get_by_role("button", name="Upload and preview"))
    expect(page.locator(".error-summary")).to_be_focused()
    problems = page.get_by_role("region", name="Problems in the file").get_by_role("listitem")
    expect(problems).to_have_text(
        [
            "scale, row 4, column 'meaning': must be one of not_in_place, minimal, partial, "
            "strength, unknown, not 'great'",
            "items, row 14, column 'domain': no domain 'F'",
        ]
    )
    auditor.look(page, "instrument-problems")
    assert not Instrument.objects.filter(version="1").exists()

    page.get_by_label("Instrument file").set_input_files(workbook())
    click_and_wait(page, page.get_by_role("button", name="Upload and preview"))
    says(page, "VaPCAT version 1 was uploaded as a draft")
    expect(page.get_by_role("heading", name="A. Leadership, Governance, and Legal")).to_be_visible()
    expect(page.get_by_role("cell", name="Minimal components in place").first).to_be_visible()
    auditor.look(page, "instrument-preview")

    page.get_by_label("November 2026").check()
    click_and_wait(page, page.get_by_role("button", name="Publish this version"))
    says(page, "VaPCAT version 1 is published: new milestones of November 2026 start with it.")
    uploaded = Instrument.objects.get(version="1")
    assert Instrument.objects.for_cycle(cast.other_cycle) == uploaded
    assert Instrument.objects.for_cycle(cast.cycle) == cast.instrument
    auditor.look(page, "instrument-published")
    auditor.assert_clean([page])
