"""The review loop with supporting documents, in Chromium: the lead attaches the board
minutes and submits; the coach downloads them from the review of version 1, byte for
byte, and comments on the documents asking for the signed data agreement; the lead
reads the comment beside the documents, marks it addressed there, removes the minutes
from the draft, attaches the agreement and resubmits. The review of version 2 shows one document
added and one removed, and version 1's document still downloads with its own bytes."""

import hashlib

import pytest
from playwright.sync_api import expect

from submissions.models import Attachment, Snapshot
from tests import factories
from tests.e2e.people import click_and_wait, follow, log_in, says
from tests.submissions.test_attachments import word_document

pytestmark = pytest.mark.browser

MINUTES = "board-minutes.pdf"
AGREEMENT = "signed-data-agreement.docx"
PDF = b"%PDF-1.7\n1 0 obj << /Title (Board minutes, March 2026) >> endobj\n%%EOF\n"
CHANGE_REQUEST = "Add the signed data agreement."


def attach(page, name, content_type, data, description, part=None):
    """On the documents page: choose the file, describe it and attach it."""
    page.get_by_label("File").set_input_files(
        {"name": name, "mimeType": content_type, "buffer": data}
    )
    page.get_by_label("Description").fill(description)
    if part:
        page.get_by_label("Part it supports (optional)").select_option(label=part)
    click_and_wait(page, page.get_by_role("button", name="Attach the document"))
    says(page, f"{name} was attached.")


def sign_and_submit(page, milestone, version):
    page.goto(milestone.get_absolute_url())
    follow(page, "Check and submit")
    page.get_by_label("I confirm that the content of this milestone is accurate").check()
    page.get_by_label("Your password (as your electronic signature)").fill(factories.PASSWORD)
    click_and_wait(page, page.get_by_role("button", name=f"Sign and submit version {version}"))
    says(page, f"Version {version} was submitted. Your coach has been told.")


def downloaded(page, link):
    """(the name the browser saves it under, its bytes) of the file ``link`` sends."""
    with page.expect_download() as waiting:
        link.click()
    download = waiting.value
    with open(download.path(), "rb") as file:
        return download.suggested_filename, file.read()


def test_the_coach_asks_for_a_document_and_sees_it_replace_the_first(open_page, cast, auditor):
    milestone = factories.complete_milestone(cast.milestone, cast.respondent)
    agreement = word_document()

    # The lead attaches the board minutes and submits version 1.
    lead = open_page()
    log_in(lead, cast.lead.email)
    lead.goto(milestone.get_absolute_url())
    follow(lead, "Supporting documents")
    attach(
        lead,
        MINUTES,
        "application/pdf",
        PDF,
        "Board minutes, March 2026",
        part="A. VaPCAT self-assessment",
    )
    auditor.look(lead, "documents-minutes-attached")
    sign_and_submit(lead, milestone, 1)

    # The coach reviews version 1, downloads the minutes and asks for the agreement.
    coach = open_page()
    log_in(coach, cast.coach.email)
    coach.goto(milestone.get_absolute_url())
    follow(coach, "Review version 1")
    expect(coach.get_by_role("heading", level=1)).to_have_text("Review of version 1")
    listed = coach.get_by_role("region", name="Supporting documents of version 1")
    expect(listed).to_contain_text("Board minutes, March 2026 · A. VaPCAT self-assessment")
    assert downloaded(coach, listed.get_by_role("link", name=MINUTES)) == (MINUTES, PDF)
    auditor.look(coach, "review-version-1-with-documents")
    click_and_wait(coach, listed.get_by_role("link", name="Comment on this section"))
    expect(coach.get_by_label("Section")).to_have_value("documents")
    coach.get_by_label("Comment*", exact=True).fill(CHANGE_REQUEST)
    click_and_wait(coach, coach.get_by_role("button", name="Add the comment"))
    says(coach, "Your comment was added.")
    click_and_wait(coach, coach.get_by_role("button", name="Request changes"))
    says(coach, "Changes were requested; the practice has been told.")

    # The lead reads the request beside the documents, swaps them and resubmits.
    lead.goto(milestone.get_absolute_url())
    expect(lead.get_by_role("region", name="Coach's comments")).to_contain_text(CHANGE_REQUEST)
    follow(lead, "Supporting documents")
    comments = lead.get_by_role("complementary", name="Coach's comments")
    expect(comments).to_contain_text(CHANGE_REQUEST)
    click_and_wait(lead, comments.get_by_role("button", name="Mark as addressed"))
    says(lead, "The comment is marked as addressed.")
    expect(lead.get_by_role("heading", level=1)).to_have_text("Supporting documents")
    click_and_wait(lead, lead.get_by_role("button", name=f"Remove {MINUTES}"))
    says(lead, f"{MINUTES} was removed from the draft.")
    attached_now = lead.get_by_role("region", name="Attached now")
    expect(attached_now).to_contain_text("No document is attached yet.")
    attach(
        lead,
        AGREEMENT,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        agreement,
        "Signed data agreement",
    )
    expect(attached_now.get_by_role("link")).to_have_text([AGREEMENT])
    version_1 = lead.get_by_role("region", name="In submitted version 1")
    expect(version_1.get_by_role("link")).to_have_text([f"{MINUTES} as submitted in version 1"])
    auditor.look(lead, "documents-minutes-replaced")
    sign_and_submit(lead, milestone, 2)

    # The coach's review of version 2: one document added, one removed.
    coach.goto(milestone.get_absolute_url())
    follow(coach, "Review version 2")
    changes = coach.get_by_role("region", name="What changed since version 1")
    headers = changes.get_by_role("table").locator("tbody tr").get_by_role("rowheader")
    expect(headers).to_have_text(
        [
            f"Supporting document {AGREEMENT} (row added)",
            f"Supporting document {MINUTES} (row removed)",
        ],
        use_inner_text=True,
    )
    listed = coach.get_by_role("region", name="Supporting documents of version 2")
    expect(listed.get_by_role("listitem").get_by_role("link")).to_have_text([AGREEMENT])
    expect(listed).not_to_contain_text(MINUTES)
    assert downloaded(coach, listed.get_by_role("link", name=AGREEMENT)) == (
        AGREEMENT,
        agreement,
    )
    auditor.look(coach, "review-version-2-documents-changed")

    # Version 1's minutes, removed from the draft, still download as submitted.
    coach.goto(milestone.get_absolute_url())
    follow(coach, "Supporting documents")
    version_1 = coach.get_by_role("region", name="In submitted version 1")
    link = version_1.get_by_role("link", name=f"{MINUTES} as submitted in version 1")
    assert downloaded(coach, link) == (MINUTES, PDF)
    version_2 = coach.get_by_role("region", name="In submitted version 2")
    expect(version_2.get_by_role("link")).to_have_text([f"{AGREEMENT} as submitted in version 2"])
    auditor.look(coach, "documents-two-versions")

    snapshots = {s.version: s.content for s in Snapshot.objects.filter(milestone=milestone)}
    assert [
        (a["name"], a["description"], a["part"], a["sha256"]) for a in snapshots[1]["attachments"]
    ] == [(MINUTES, "Board minutes, March 2026", "vapcat", hashlib.sha256(PDF).hexdigest())]
    assert [
        (a["name"], a["description"], a["part"], a["sha256"]) for a in snapshots[2]["attachments"]
    ] == [(AGREEMENT, "Signed data agreement", "", hashlib.sha256(agreement).hexdigest())]
    minutes = Attachment.objects.get(milestone=milestone, name=MINUTES)
    assert minutes.removed_at is not None
    auditor.assert_clean([lead, coach])
