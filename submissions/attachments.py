"""Supporting documents attached to a milestone: which files are accepted, how they are
named, stored, listed in a snapshot and read back.

- The type comes from the content, never from the name: a PDF starts with ``%PDF-``, a
  PNG and a JPEG with their signatures, a Word document or an Excel workbook is a ZIP
  whose directory lists ``[Content_Types].xml`` and ``word/document.xml`` or
  ``xl/workbook.xml``. Only the ZIP's central directory is read, nothing is extracted
  (a zip bomb stays inert). A name whose extension says another type is refused.
- At most ``settings.ATTACHMENT_MAX_FILE_SIZE`` bytes a file and
  ``settings.ATTACHMENT_MAX_MILESTONE_SIZE`` for a milestone's documents not removed.
- Adding and removing lock the milestone's row while it is editable
  (``submissions.editing``), as every content write does.
- A stored file never changes: a removal from the draft only marks the document removed,
  and a snapshot keeps listing it with its SHA-256; reading it through a snapshot checks
  that hash. A removed document no snapshot lists is deleted from storage, since nobody
  can reach it any more.
"""

import hashlib
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from submissions.editing import lock_editable
from submissions.models import Attachment, Snapshot

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # "a PDF", as in "... is not a PDF"
    short: str  # "PDF", as the list of documents shows it
    content_type: str
    extensions: tuple


KINDS = {
    kind.key: kind
    for kind in (
        Kind("pdf", "a PDF", "PDF", "application/pdf", (".pdf",)),
        Kind(
            "docx",
            "a Word document (.docx)",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        Kind(
            "xlsx",
            "an Excel workbook (.xlsx)",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            (".xlsx",),
        ),
        Kind("png", "a PNG image", "PNG image", "image/png", (".png",)),
        Kind("jpeg", "a JPEG image", "JPEG image", "image/jpeg", (".jpg", ".jpeg")),
    )
}
BY_EXTENSION = {extension: kind for kind in KINDS.values() for extension in kind.extensions}
BY_CONTENT_TYPE = {kind.content_type: kind for kind in KINDS.values()}
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), PNG or JPEG"
# What a file input offers to choose (the server checks the content regardless).
ACCEPT_ATTRIBUTE = ",".join(BY_EXTENSION)

PDF_SIGNATURE = b"%PDF-"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
ZIP_SIGNATURE = b"PK\x03\x04"
OFFICE_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


class AttachmentRefused(Exception):
    """A file that cannot be attached; ``str()`` says why, naming the file."""


# --- Names ----------------------------------------------------------------------------

# Characters no file system or download header should see in a name.
RESERVED = re.compile(r'[<>:"/\\|?*;]')
WINDOWS_DEVICES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{d}{n}" for d in ("COM", "LPT") for n in "123456789"
}


def sanitise_name(name, limit=Attachment.NAME_LENGTH):
    """The uploaded file's name made safe to store, show and send back: without its
    folders, control, format (bidirectional, zero-width) and reserved characters, spaces
    collapsed, at most ``limit`` characters with its extension kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = re.sub(r"\s", " ", name)  # a tab or a line break reads as a space
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r" +", " ", RESERVED.sub("_", name)).strip()
    extension = re.search(r"\.[A-Za-z0-9]{1,9}$", name)
    suffix = extension.group() if extension else ""
    stem = name[: len(name) - len(suffix)].strip(" .") or "document"
    if stem.split(".")[0].upper() in WINDOWS_DEVICES:
        stem = f"_{stem}"
    stem = stem[: max(1, limit - len(suffix))].rstrip(" .") or "document"
    return f"{stem}{suffix}"


# --- Types ----------------------------------------------------------------------------


def detect(file):
    """The ``Kind`` key of ``file``'s content ("pdf", "docx", ...), "zip" for any other
    ZIP archive, or None. ``file`` is rewound."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if head.startswith(PDF_SIGNATURE):
        return "pdf"
    if head.startswith(PNG_SIGNATURE):
        return "png"
    if head.startswith(JPEG_SIGNATURE):
        return "jpeg"
    if head.startswith(ZIP_SIGNATURE):
        return _office_kind(file)
    return None


def _office_kind(file):
    """A ZIP's members, read from its central directory (nothing is decompressed)."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "zip"
    finally:
        file.seek(0)
    if "[Content_Types].xml" in names:
        for key, part in OFFICE_PARTS.items():
            if part in names:
                return key
    return "zip"


def _described(detected):
    if detected in KINDS:
        return KINDS[detected].label
    if detected == "zip":
        return "a ZIP archive that is neither a Word document nor an Excel workbook"
    return f"not a type the portal accepts ({ACCEPTED})"


@dataclass(frozen=True)
class Inspected:
    name: str
    kind: Kind
    size: int
    sha256: str


def inspect(upload, max_size=None):
    """The checked facts of an uploaded file (``Inspected``), or ``AttachmentRefused``
    saying what is wrong with it."""
    name = sanitise_name(upload.name)
    max_size = settings.ATTACHMENT_MAX_FILE_SIZE if max_size is None else max_size
    extension = PurePosixPath(name).suffix.lower()
    claimed = BY_EXTENSION.get(extension)
    if claimed is None:
        raise AttachmentRefused(
            f"{name} cannot be attached: attach a {ACCEPTED} file (its name ends in "
            f"{', '.join(BY_EXTENSION)})."
        )
    size = upload.size
    if not size:
        raise AttachmentRefused(f"{name} is empty (0 bytes): there is nothing to attach.")
    if size > max_size:
        raise AttachmentRefused(
            f"{name} is {file_size(size)}; a file may be at most {file_size(max_size)}."
        )
    detected = detect(upload)
    if detected != claimed.key:
        raise AttachmentRefused(
            f"{name} is not {claimed.label}: its content is {_described(detected)}."
        )
    return Inspected(name=name, kind=claimed, size=size, sha256=sha256_of(upload))


def sha256_of(file):
    file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def file_size(size):
    """'812 bytes', '34 KB', '2.4 MB' (1 KB = 1,024 bytes)."""
    if size < 1024:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"


def kind_of(attachment):
    return BY_CONTENT_TYPE.get(attachment.content_type)


# --- Selectors --------------------------------------------------------------------------


def attachments_of(milestone):
    """The milestone's documents not removed, oldest first."""
    return list(
        Attachment.objects.filter(milestone=milestone, removed_at=None).select_related(
            "uploaded_by"
        )
    )


def used_bytes(milestone):
    total = Attachment.objects.filter(milestone=milestone, removed_at=None).aggregate(
        total=Sum("size")
    )["total"]
    return total or 0


def listing(milestone):
    """The documents as a snapshot lists them (``submissions.snapshot``)."""
    return [
        {
            "id": a.pk,
            "name": a.name,
            "description": a.description,
            "part": a.part,
            "part_label": a.get_part_display() if a.part else "",
            "content_type": a.content_type,
            "size": a.size,
            "sha256": a.sha256,
            "uploaded_by": a.uploaded_by.get_full_name() if a.uploaded_by else "",
            "uploaded_at": a.uploaded_at.isoformat(),
        }
        for a in attachments_of(milestone)
    ]


def listed_in(snapshot, attachment_pk):
    """The snapshot's entry for document ``attachment_pk``, or None."""
    for entry in snapshot.content.get("attachments", []):
        if entry.get("id") == attachment_pk:
            return entry
    return None


def listings_of_versions(milestone_id):
    """[(version, the documents it lists)] of each submitted version, newest first; only
    that key of each snapshot's content is read."""
    rows = (
        Snapshot.objects.filter(milestone_id=milestone_id)
        .order_by("-version")
        .values_list("version", "content__attachments")
    )
    return [(version, listed or []) for version, listed in rows]


def _in_a_snapshot(attachment):
    return any(
        entry.get("id") == attachment.pk
        for _, listed in listings_of_versions(attachment.milestone_id)
        for entry in listed
    )


def part_shown(part_label):
    """A snapshot entry's ``part_label`` as the pages name it (none: the whole milestone)."""
    return part_label or Attachment.WHOLE_MILESTONE


# --- Services ---------------------------------------------------------------------------


def attachment_add(milestone, user, upload, inspected, description, part=""):
    """Store ``upload`` (checked by ``inspect``) as a document of ``milestone``.

    Refused (``TransitionError``) unless the milestone is editable, and
    (``AttachmentRefused``) when it would take the milestone's documents over their total.
    """
    limit = settings.ATTACHMENT_MAX_MILESTONE_SIZE
    with transaction.atomic():
        lock_editable(milestone)
        used = used_bytes(milestone)
        if used + inspected.size > limit:
            raise AttachmentRefused(
                f"{inspected.name} ({file_size(inspected.size)}) would take this milestone's "
                f"documents to {file_size(used + inspected.size)}; together they may be at "
                f"most {file_size(limit)}. Remove a document you no longer need, or attach "
                "a smaller file."
            )
        attachment = Attachment(
            milestone=milestone,
            name=inspected.name,
            description=description,
            part=part or "",
            content_type=inspected.kind.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=user,
            uploaded_at=timezone.now(),
        )
        upload.seek(0)
        attachment.file.save(inspected.name, upload, save=False)
        # Should the row not be written, the file it would have named goes too.
        stored = attachment.file.name
        try:
            attachment.save()
        except Exception:
            attachment.file.storage.delete(stored)
            raise
    return attachment


def attachment_remove(attachment, user):
    """Remove a document from the draft (only while the milestone is editable). A
    snapshot that lists it keeps it; one no snapshot lists is deleted from storage."""
    with transaction.atomic():
        lock_editable(attachment.milestone)
        fresh = Attachment.objects.filter(pk=attachment.pk, removed_at=None)
        if not fresh.update(removed_at=timezone.now(), removed_by=user):
            return attachment  # already removed (another tab, a double click)
        if not _in_a_snapshot(attachment):
            stored, storage = attachment.file.name, attachment.file.storage
            Attachment.objects.filter(pk=attachment.pk).update(file="")
            if stored:
                transaction.on_commit(lambda: storage.delete(stored))
    attachment.refresh_from_db()
    return attachment


# --- Reading back -----------------------------------------------------------------------


class AttachmentUnreadable(Exception):
    """The stored file is missing or no longer what was submitted."""


def open_checked(attachment, sha256=None):
    """The stored file, open and rewound, once its SHA-256 is checked against ``sha256``
    (the snapshot's; by default the document's own). ``AttachmentUnreadable`` if it is
    missing or differs: that is logged, never served."""
    expected = sha256 or attachment.sha256
    if not attachment.file:
        raise AttachmentUnreadable(f"{attachment.name} is no longer stored.")
    try:
        file = attachment.file.storage.open(attachment.file.name, "rb")
    except OSError:
        logger.error("Supporting document %s is missing from storage", attachment.pk)
        raise AttachmentUnreadable(f"{attachment.name} is missing from storage.") from None
    actual = sha256_of(file)
    if actual != expected:
        file.close()
        logger.error(
            "Supporting document %s no longer matches its SHA-256 (%s expected, %s stored)",
            attachment.pk,
            expected,
            actual,
        )
        raise AttachmentUnreadable(
            f"{attachment.name} no longer matches the file that was attached (its SHA-256 "
            "differs), so it is not served."
        )
    return file
