"""The bundle carries each submitted version's supporting documents: in a folder of the
practice, byte for byte, each listed in the manifest with its SHA-256."""

import csv
import hashlib
import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from exports import bundle
from practices.models import Practice
from submissions import attachments
from submissions import snapshot as snapshots
from submissions.models import MilestoneSubmission

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 board minutes\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(100)
STEM = "EPT-0042_alder-family-medicine_VBP_May_2026_v1"


def attach(milestone, user, name, data, description="Evidence"):
    file = ContentFile(data, name=name)
    return attachments.attachment_add(milestone, user, file, attachments.inspect(file), description)


def submit(milestone, user):
    content = snapshots.milestone_content(milestone, attested_by=user, attested_at=timezone.now())
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(
        status=MilestoneSubmission.Status.SUBMITTED, version=1, submitted_at=timezone.now()
    )
    milestone.refresh_from_db()
    return snapshots.snapshot_of(milestone, content, user)


def bundled(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        started = bundle.bundle_start(cast.admin, cast.cycle, Practice.objects.all(), {})
    started.refresh_from_db()
    with started.file.open("rb") as file:
        zipped = zipfile.ZipFile(io.BytesIO(file.read()))
    rows = list(csv.DictReader(io.StringIO(zipped.read("manifest.csv").decode())))
    return started, zipped, rows


@pytest.fixture
def alder(cast):
    Practice.objects.filter(pk=cast.practice.pk).update(ept_id="EPT-0042")
    cast.milestone.practice.refresh_from_db()
    return cast.milestone


def test_the_documents_of_the_submitted_version_are_in_the_zip_and_manifest(
    cast, alder, django_capture_on_commit_callbacks
):
    attach(alder, cast.lead, "board-minutes.pdf", PDF)
    attach(alder, cast.lead, "scan.png", PNG)
    submit(alder, cast.lead)
    started, zipped, rows = bundled(cast, django_capture_on_commit_callbacks)
    assert started.failures == []
    folder = f"{STEM}_supporting_documents"
    assert zipped.read(f"{folder}/board-minutes.pdf") == PDF
    assert zipped.read(f"{folder}/scan.png") == PNG
    documents = [r for r in rows if r["attachment_file"]]
    assert [(r["practice"], r["version"], r["attachment_file"]) for r in documents] == [
        ("Alder Family Medicine", "1", f"{folder}/board-minutes.pdf"),
        ("Alder Family Medicine", "1", f"{folder}/scan.png"),
    ]
    for row in documents:
        assert (
            hashlib.sha256(zipped.read(row["attachment_file"])).hexdigest()
            == (row["attachment_sha256"])
        )
    # The submission's own row comes first, with its PDF and Word copy.
    assert rows[0]["pdf_file"] == f"{STEM}.pdf" and rows[0]["attachment_file"] == ""


def test_a_document_removed_after_the_submit_is_still_bundled(
    cast, alder, django_capture_on_commit_callbacks
):
    attachment = attach(alder, cast.lead, "board-minutes.pdf", PDF)
    submit(alder, cast.lead)
    # Removed since (as after changes were requested): the version still lists it.
    attachment.__class__.objects.filter(pk=attachment.pk).update(removed_at=timezone.now())
    _, zipped, rows = bundled(cast, django_capture_on_commit_callbacks)
    assert zipped.read(f"{STEM}_supporting_documents/board-minutes.pdf") == PDF


def test_two_documents_of_one_name_both_arrive(cast, alder, django_capture_on_commit_callbacks):
    attach(alder, cast.lead, "minutes.pdf", PDF, "March")
    attach(alder, cast.lead, "minutes.pdf", PDF + b"April", "April")
    submit(alder, cast.lead)
    _, zipped, rows = bundled(cast, django_capture_on_commit_callbacks)
    names = [r["attachment_file"] for r in rows if r["attachment_file"]]
    assert names == [
        f"{STEM}_supporting_documents/minutes.pdf",
        f"{STEM}_supporting_documents/minutes_2.pdf",
    ]
    assert zipped.read(names[1]) == PDF + b"April"


def test_a_changed_file_is_listed_as_failed_and_the_rest_bundled(
    cast, alder, django_capture_on_commit_callbacks
):
    changed = attach(alder, cast.lead, "board-minutes.pdf", PDF)
    attach(alder, cast.lead, "scan.png", PNG)
    submit(alder, cast.lead)
    with open(changed.file.path, "ab") as file:
        file.write(b"changed")
    started, zipped, rows = bundled(cast, django_capture_on_commit_callbacks)
    failed = f"{STEM}_supporting_documents/board-minutes.pdf"
    assert [f["file"] for f in started.failures] == [failed]
    assert "SHA-256" in started.failures[0]["error"]
    assert failed not in zipped.namelist()
    assert f"{STEM}_supporting_documents/scan.png" in zipped.namelist()
    assert [r["failed"] for r in rows if r["failed"]] == [failed]
