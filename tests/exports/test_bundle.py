"""The bundle: every submitted milestone's latest PDF and Word copy in one zip, with a
manifest whose hashes match; named by the pattern; failures listed; expiry."""

import csv
import hashlib
import io
import os
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from exports import bundle
from exports.models import ExportBundle
from practices.models import Practice
from submissions import snapshot as snapshots
from submissions.models import MilestoneSubmission, Snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def submit(milestone, user, version=1, render=True):
    MilestoneSubmission.objects.filter(pk=milestone.pk).update(
        status=MilestoneSubmission.Status.SUBMITTED, version=version, submitted_at=timezone.now()
    )
    milestone.refresh_from_db()
    content = snapshots.milestone_content(milestone, attested_by=user, attested_at=timezone.now())
    if render:
        return snapshots.snapshot_of(milestone, content, user)
    return Snapshot.objects.create(
        milestone=milestone, version=version, content=content, submitted_by=user
    )


def start(cast, django_capture_on_commit_callbacks, practices=None):
    with django_capture_on_commit_callbacks(execute=True):
        started = bundle.bundle_start(
            cast.admin, cast.cycle, practices or Practice.objects.all(), {"status": "submitted"}
        )
    started.refresh_from_db()
    return started


def opened(started):
    with started.file.open("rb") as file:
        return zipfile.ZipFile(io.BytesIO(file.read()))


def manifest(zipped):
    return list(csv.DictReader(io.StringIO(zipped.read("manifest.csv").decode())))


@pytest.fixture
def submitted(cast):
    Practice.objects.filter(pk=cast.practice.pk).update(ept_id="EPT-0042")
    cast.practice.refresh_from_db()
    return submit(cast.milestone, cast.lead)


def test_manifest_hashes_match_the_files_in_the_zip(
    cast, submitted, django_capture_on_commit_callbacks
):
    started = start(cast, django_capture_on_commit_callbacks)
    assert started.status == ExportBundle.Status.DONE
    assert (started.done, started.total) == (1, 1)
    zipped = opened(started)
    rows = manifest(zipped)
    assert len(rows) == 1
    row = rows[0]
    assert row["practice"] == "Alder Family Medicine"
    assert row["ept_id"] == "EPT-0042"
    assert row["version"] == "1"
    assert row["attested_by"] == "Lena Lead"
    assert row["submitted_at"]
    for extension in ("pdf", "docx"):
        data = zipped.read(row[f"{extension}_file"])
        assert hashlib.sha256(data).hexdigest() == row[f"{extension}_sha256"]
    assert sorted(zipped.namelist()) == sorted(["manifest.csv", row["pdf_file"], row["docx_file"]])


def test_the_stored_copies_are_bundled_not_rendered_again(
    cast, submitted, django_capture_on_commit_callbacks
):
    zipped = opened(start(cast, django_capture_on_commit_callbacks))
    row = manifest(zipped)[0]
    assert zipped.read(row["pdf_file"]) == bytes(submitted.pdf)
    assert zipped.read(row["docx_file"]) == bytes(submitted.docx)
    assert row["pdf_sha256"] == submitted.pdf_sha256


def test_a_copy_never_rendered_is_rendered_once_and_stored(
    cast, django_capture_on_commit_callbacks
):
    stored = submit(cast.milestone, cast.lead, render=False)
    zipped = opened(start(cast, django_capture_on_commit_callbacks))
    stored.refresh_from_db()
    row = manifest(zipped)[0]
    assert zipped.read(row["pdf_file"]) == bytes(stored.pdf)
    assert zipped.read(row["pdf_file"]).startswith(b"%PDF")


def test_only_the_latest_snapshot_of_submitted_or_accepted_milestones(
    cast, submitted, django_capture_on_commit_callbacks
):
    submit(cast.milestone, cast.lead, version=2)
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(
        status=MilestoneSubmission.Status.ACCEPTED
    )
    # Birch's milestone is a draft: nothing of it is bundled.
    rows = manifest(opened(start(cast, django_capture_on_commit_callbacks)))
    assert [(r["practice"], r["version"]) for r in rows] == [("Alder Family Medicine", "2")]


def test_files_are_named_by_the_default_pattern(
    cast, submitted, django_capture_on_commit_callbacks
):
    zipped = opened(start(cast, django_capture_on_commit_callbacks))
    assert "EPT-0042_alder-family-medicine_VBP_May_2026_v1.pdf" in zipped.namelist()
    assert "EPT-0042_alder-family-medicine_VBP_May_2026_v1.docx" in zipped.namelist()


def test_the_pattern_is_a_setting_and_names_stay_safe(
    cast, submitted, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BUNDLE_FILE_NAME = "{cycle}/{practice} v{version}"
    Practice.objects.filter(pk=cast.practice.pk).update(name="Alder & Sons: ../Clinic")
    zipped = opened(start(cast, django_capture_on_commit_callbacks))
    assert "May_2026_Alder_Sons_._Clinic_v1.pdf" in zipped.namelist()
    assert all("/" not in name for name in zipped.namelist())


def test_practices_outside_the_filter_are_left_out(
    cast, submitted, django_capture_on_commit_callbacks
):
    submit(cast.other_milestone, cast.other_lead)
    started = start(
        cast, django_capture_on_commit_callbacks, Practice.objects.filter(pk=cast.other_practice.pk)
    )
    assert [r["practice"] for r in manifest(opened(started))] == ["Birch Community Health"]
    assert started.filters == {"status": "submitted"}


def test_a_failed_file_is_listed_and_the_rest_still_bundled(
    cast, submitted, monkeypatch, django_capture_on_commit_callbacks
):
    other = submit(cast.other_milestone, cast.other_lead, render=False)

    def broken(snapshot):
        if snapshot.pk == other.pk:
            raise ValueError("the Word template is unreadable")
        return bytes(snapshot.docx)

    monkeypatch.setattr(bundle, "COPIES", (("pdf", snapshots.snapshot_render), ("docx", broken)))
    started = start(cast, django_capture_on_commit_callbacks)
    assert started.status == ExportBundle.Status.DONE
    assert started.failures == [
        {
            "practice": "Birch Community Health",
            "file": "no-EPT-id_birch-community-health_VBP_May_2026_v1.docx",
            "error": "the Word template is unreadable",
        }
    ]
    zipped = opened(started)
    rows = {r["practice"]: r for r in manifest(zipped)}
    assert rows["Birch Community Health"]["failed"] == (
        "no-EPT-id_birch-community-health_VBP_May_2026_v1.docx"
    )
    assert rows["Birch Community Health"]["pdf_file"] in zipped.namelist()
    assert rows["Alder Family Medicine"]["docx_file"] in zipped.namelist()
    assert len(zipped.namelist()) == 4  # three copies and the manifest


def test_a_bundle_expires_after_seven_days(cast, submitted, django_capture_on_commit_callbacks):
    started = start(cast, django_capture_on_commit_callbacks)
    assert started.expires_at - started.created_at == pytest.approx(
        timedelta(days=7), abs=timedelta(seconds=5)
    )
    path = started.file.path
    assert bundle.bundles_prune(now=timezone.now() + timedelta(days=6)) == 0
    assert bundle.bundles_prune(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    started.refresh_from_db()
    assert started.status == ExportBundle.Status.EXPIRED
    assert not started.file
    assert not os.path.exists(path)


def test_writing_a_bundle_prunes_the_expired_ones(
    cast, submitted, django_capture_on_commit_callbacks
):
    old = start(cast, django_capture_on_commit_callbacks)
    ExportBundle.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    start(cast, django_capture_on_commit_callbacks)
    old.refresh_from_db()
    assert old.status == ExportBundle.Status.EXPIRED
    assert not old.file


def test_the_job_runs_in_the_background(
    cast, submitted, task_queue, django_capture_on_commit_callbacks
):
    started = start(cast, django_capture_on_commit_callbacks)
    assert started.status == ExportBundle.Status.QUEUED
    assert [r.task.name for r in task_queue.waiting()] == ["bundle_write"]
    task_queue.run()
    started.refresh_from_db()
    assert started.status == ExportBundle.Status.DONE
