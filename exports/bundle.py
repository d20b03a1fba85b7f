"""Export bundles: starting one, writing its zip in a background task, and removing
the zips of expired bundles.

The zip holds, for every submitted or accepted milestone of the bundle's practices in
its cycle, the latest snapshot's PDF and Word copy (the stored bytes; a copy never
rendered is rendered once through ``submissions.snapshot`` and stored), named by
``settings.EXPORT_BUNDLE_FILE_NAME``, the supporting documents that snapshot lists (in a
folder of the practice, each checked against its frozen SHA-256), and ``manifest.csv``
with the SHA-256 of each file.
A file that cannot be made is listed in the bundle's failures; the others are bundled.
"""

import csv
import hashlib
import io
import logging
import re
import shutil
import tempfile
import zipfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task

from exports.models import ExportBundle
from submissions.attachments import AttachmentUnreadable, open_checked
from submissions.models import Attachment, MilestoneSubmission, Snapshot
from submissions.snapshot import snapshot_render, snapshot_render_docx

logger = logging.getLogger(__name__)

BUNDLED = (MilestoneSubmission.Status.SUBMITTED, MilestoneSubmission.Status.ACCEPTED)
MANIFEST_COLUMNS = [
    "practice",
    "ept_id",
    "version",
    "submitted_at",
    "attested_by",
    "pdf_file",
    "pdf_sha256",
    "docx_file",
    "docx_sha256",
    # A row of its own for each supporting document of the snapshot (in the folder
    # "<file name stem>_supporting_documents/"), after the row of its PDF and Word copy.
    "attachment_file",
    "attachment_sha256",
    "failed",
]
# The two copies of each snapshot: (extension, how to get the stored or new bytes).
COPIES = (("pdf", snapshot_render), ("docx", snapshot_render_docx))


def safe_name(text):
    """Letters, digits, dot, dash and underscore only: safe on every file system."""
    safe = re.sub(r"\.{2,}", ".", re.sub(r"[^A-Za-z0-9._-]+", "_", text))
    return safe.strip("._") or "file"


def file_stem(snapshot, pattern=None):
    """The name (without extension) of a snapshot's files in a bundle."""
    practice = snapshot.milestone.practice
    fields = {
        "ept_id": practice.ept_id or "no-EPT-id",
        "practice_slug": slugify(practice.name) or "practice",
        "practice": practice.name,
        "cycle": snapshot.milestone.cycle.name,
        "version": snapshot.version,
    }
    return safe_name((pattern or settings.EXPORT_BUNDLE_FILE_NAME).format(**fields))


def bundle_start(user, cycle, practices, filters):
    """A new bundle of ``practices`` (a queryset) in ``cycle``, queued to be written
    once this transaction commits."""
    bundle = ExportBundle.objects.create(
        cycle=cycle,
        filters=filters,
        practice_ids=list(practices.values_list("pk", flat=True)),
        requested_by=user,
    )
    bundle.total = _milestones(cycle, bundle.practice_ids).count()
    bundle.save(update_fields=["total"])
    transaction.on_commit(lambda: bundle_write.enqueue(bundle.pk))
    return bundle


def _milestones(cycle, practice_ids):
    milestones = MilestoneSubmission.objects.filter(cycle=cycle, status__in=BUNDLED)
    if practice_ids is not None:
        milestones = milestones.filter(practice_id__in=practice_ids)
    return milestones


def latest_snapshot_ids(cycle, practice_ids):
    """The id of the latest snapshot of each bundled milestone, by practice name."""
    latest = {}
    snapshots = Snapshot.objects.filter(milestone__in=_milestones(cycle, practice_ids)).order_by(
        "milestone__practice__name", "milestone_id", "version"
    )
    for milestone_id, pk in snapshots.values_list("milestone_id", "pk"):
        latest[milestone_id] = pk  # ordered by version: the last wins
    return list(latest.values())


@task()
def bundle_write(bundle_pk):
    """Write the bundle's zip (a background task), then remove expired bundles' zips."""
    bundle = ExportBundle.objects.select_related("cycle").get(pk=bundle_pk)
    if bundle.status != ExportBundle.Status.QUEUED:
        return
    try:
        _write(bundle)
    except Exception:
        ExportBundle.objects.filter(pk=bundle.pk).update(
            status=ExportBundle.Status.FAILED, finished_at=timezone.now()
        )
        raise
    finally:
        bundles_prune()


def _write(bundle):
    snapshot_ids = latest_snapshot_ids(bundle.cycle, bundle.practice_ids)
    ExportBundle.objects.filter(pk=bundle.pk).update(
        status=ExportBundle.Status.RUNNING, total=len(snapshot_ids), done=0
    )
    failures = []
    with tempfile.TemporaryFile() as archive:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            manifest = []
            for done, snapshot_id in enumerate(snapshot_ids, start=1):
                manifest.extend(_add_snapshot(zipped, snapshot_id, failures))
                ExportBundle.objects.filter(pk=bundle.pk).update(done=done)
            zipped.writestr("manifest.csv", _manifest_csv(manifest))
        archive.seek(0)
        bundle.refresh_from_db()
        name = safe_name(f"VBP_{bundle.cycle.name}_bundle_{bundle.pk}") + ".zip"
        bundle.file.save(name, File(archive), save=False)
    bundle.failures = failures
    bundle.status = ExportBundle.Status.DONE
    bundle.finished_at = timezone.now()
    bundle.save(update_fields=["file", "failures", "status", "finished_at"])


def _add_snapshot(zipped, snapshot_id, failures):
    """Write one snapshot's PDF, Word copy and supporting documents into the zip; its
    manifest rows."""
    snapshot = Snapshot.objects.select_related(
        "milestone__practice", "milestone__cycle", "submitted_by"
    ).get(pk=snapshot_id)
    practice = snapshot.milestone.practice
    stem = file_stem(snapshot)
    attestation = snapshot.content.get("attestation", {})
    row = {
        "practice": practice.name,
        "ept_id": practice.ept_id,
        "version": snapshot.version,
        "submitted_at": timezone.localtime(snapshot.created_at).isoformat(timespec="seconds"),
        "attested_by": attestation.get("name") or attestation.get("email", ""),
        "failed": "",
    }
    for extension, render in COPIES:
        file_name = f"{stem}.{extension}"
        try:
            data = render(snapshot)
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the bundle
            logger.exception("The %s of snapshot %s could not be bundled", extension, snapshot_id)
            failures.append({"practice": practice.name, "file": file_name, "error": str(error)})
            row[f"{extension}_file"] = ""
            row[f"{extension}_sha256"] = ""
            row["failed"] = " ".join(filter(None, [row["failed"], file_name]))
            continue
        zipped.writestr(file_name, data)
        row[f"{extension}_file"] = file_name
        row[f"{extension}_sha256"] = hashlib.sha256(data).hexdigest()
    return [row, *_add_attachments(zipped, snapshot, stem, row, failures)]


def _add_attachments(zipped, snapshot, stem, row, failures):
    """Write the supporting documents the snapshot lists, each checked against the
    SHA-256 it froze, into a folder of the practice; one manifest row each."""
    entries = snapshot.content.get("attachments", [])
    stored = Attachment.objects.filter(
        milestone_id=snapshot.milestone_id, pk__in=[e["id"] for e in entries]
    ).in_bulk()
    taken, rows = set(), []
    for entry in entries:
        file_name = _unique(f"{stem}_supporting_documents/{safe_name(entry['name'])}", taken)
        attached = {key: row[key] for key in ("practice", "ept_id", "version", "submitted_at")}
        attached.update(attested_by=row["attested_by"], failed="")
        try:
            attachment = stored.get(entry["id"])
            if attachment is None:
                raise AttachmentUnreadable(f"{entry['name']} is no longer stored.")
            with open_checked(attachment, entry["sha256"]) as file:
                with zipped.open(file_name, "w") as target:
                    shutil.copyfileobj(file, target)
        except AttachmentUnreadable as error:
            failures.append({"practice": row["practice"], "file": file_name, "error": str(error)})
            attached.update(attachment_file="", attachment_sha256="", failed=file_name)
        else:
            attached.update(attachment_file=file_name, attachment_sha256=entry["sha256"])
        rows.append(attached)
    return rows


def _unique(name, taken):
    """``name``, or ``name`` with "_2", "_3", ... before its extension if already taken."""
    stem, dot, extension = name.rpartition(".")
    if not dot or "/" in extension:
        stem, dot, extension = name, "", ""
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}_{number}{dot}{extension}"
    taken.add(candidate)
    return candidate


def _manifest_csv(rows):
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=MANIFEST_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def bundles_prune(now=None):
    """Delete the zips of bundles past their expiry; the records stay, marked expired.
    Returns how many were pruned."""
    expired = ExportBundle.objects.filter(expires_at__lte=now or timezone.now()).exclude(
        status=ExportBundle.Status.EXPIRED
    )
    count = 0
    for bundle in expired:
        if bundle.file:
            bundle.file.delete(save=False)
        bundle.status = ExportBundle.Status.EXPIRED
        bundle.save(update_fields=["file", "status"])
        count += 1
    return count
