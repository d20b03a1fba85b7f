"""Supporting documents: the type read from the content, the size limits, safe names,
who may attach, remove and download them, the download's headers, and a submitted
version keeping its documents unchanged."""

import hashlib
import io
import logging
import zipfile

import docx
import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError, IntegrityError, transaction
from django.urls import reverse

from submissions import attachments, lifecycle, review
from submissions.attachments import AttachmentRefused, inspect, sanitise_name
from submissions.exceptions import TransitionError
from submissions.models import Attachment, MilestoneSubmission, Snapshot
from tests import factories
from tests.test_page_html import html_problems

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(40)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(40)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def word_document():
    document = docx.Document()
    document.add_paragraph("Data sharing agreement, signed.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def workbook():
    book = openpyxl.Workbook()
    book.active["A1"] = "VaPCAT"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def a_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "x")
    return buffer.getvalue()


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def documents_url(milestone):
    return reverse("submissions:attachments", args=[milestone.pk])


def attach(client, milestone, name, data, description="Board minutes, March 2026", part=""):
    return client.post(
        documents_url(milestone),
        {"file": upload(name, data), "description": description, "part": part},
    )


def stored(milestone, name="minutes.pdf", data=PDF, description="Board minutes", user=None):
    file = ContentFile(data, name=name)
    return attachments.attachment_add(
        milestone, user or milestone.created_by, file, inspect(file), description
    )


# --- The type, from the content --------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("minutes.pdf", PDF, "application/pdf"),
        ("scan.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.JPEG", JPEG, "image/jpeg"),
        (
            "agreement.docx",
            None,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "vapcat.xlsx",
            None,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_each_accepted_type_is_recognised_by_its_content(name, data, content_type):
    if data is None:
        data = word_document() if name.endswith(".docx") else workbook()
    inspected = inspect(upload(name, data))
    assert inspected.kind.content_type == content_type
    assert inspected.size == len(data)
    assert inspected.sha256 == hashlib.sha256(data).hexdigest()


def test_a_png_named_pdf_is_refused_saying_what_it_is():
    with pytest.raises(AttachmentRefused) as refused:
        inspect(upload("board-minutes.pdf", PNG))
    assert str(refused.value) == "board-minutes.pdf is not a PDF: its content is a PNG image."


def test_a_workbook_named_docx_is_refused():
    with pytest.raises(AttachmentRefused) as refused:
        inspect(upload("agreement.docx", workbook()))
    assert str(refused.value) == (
        "agreement.docx is not a Word document (.docx): its content is an Excel workbook (.xlsx)."
    )


@pytest.mark.parametrize(
    "members", [["notes.txt"], ["[Content_Types].xml", "other/part.xml"], ["word/document.xml"]]
)
def test_a_zip_that_is_neither_word_nor_excel_is_refused(members):
    with pytest.raises(AttachmentRefused) as refused:
        inspect(upload("agreement.docx", a_zip(members)))
    assert str(refused.value) == (
        "agreement.docx is not a Word document (.docx): its content is a ZIP archive that is "
        "neither a Word document nor an Excel workbook."
    )


def test_a_zip_bomb_is_judged_by_its_directory_without_extracting(monkeypatch):
    """A member of a gigabyte of zeros compresses to a megabyte; nothing is decompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "x")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))

    def no_reading(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_reading)
    assert inspect(upload("big.docx", buffer.getvalue())).kind.key == "docx"


def test_a_truncated_zip_is_refused_not_a_500():
    data = word_document()[:200]
    with pytest.raises(AttachmentRefused, match="ZIP archive that is neither"):
        inspect(upload("agreement.docx", data))


def test_an_empty_file_is_refused():
    with pytest.raises(AttachmentRefused) as refused:
        inspect(upload("minutes.pdf", b""))
    assert str(refused.value) == "minutes.pdf is empty (0 bytes): there is nothing to attach."


def test_text_pretending_to_be_a_pdf_is_refused():
    with pytest.raises(AttachmentRefused) as refused:
        inspect(upload("minutes.pdf", b"<html><script>alert(1)</script>"))
    assert str(refused.value) == (
        "minutes.pdf is not a PDF: its content is not a type the portal accepts "
        "(PDF, Word (.docx), Excel (.xlsx), PNG or JPEG)."
    )


def test_a_type_not_accepted_is_refused_by_its_extension():
    with pytest.raises(AttachmentRefused) as refused:
        inspect(upload("minutes.exe", PDF))
    assert str(refused.value).startswith("minutes.exe cannot be attached: attach a PDF, Word")


# --- Names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\lena\\Board minutes.pdf", "Board minutes.pdf"),
        ("minutes\u202egpj.pdf", "minutesgpj.pdf"),  # a right-to-left override
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        ("tab\tand\nnewline.pdf", "tab and newline.pdf"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("   .hidden.pdf  ", "hidden.pdf"),
        ("CON.pdf", "_CON.pdf"),
        (".pdf", "document.pdf"),
        ("Procès-verbal.pdf", "Procès-verbal.pdf"),
    ],
)
def test_names_are_made_safe(given, kept):
    assert sanitise_name(given) == kept


def test_a_long_name_is_cut_keeping_its_extension():
    name = sanitise_name("m" * 300 + ".xlsx")
    assert len(name) == Attachment.NAME_LENGTH
    assert name.endswith("mmm.xlsx")


def test_the_stored_file_is_not_named_by_the_uploader(cast):
    attachment = stored(cast.milestone, name="../Lena's minutes.pdf")
    assert attachment.name == "Lena's minutes.pdf"
    folder, _, file_name = attachment.file.name.rpartition("/")
    assert folder == f"attachments/{cast.milestone.pk}"
    assert "minutes" not in file_name and file_name.endswith(".pdf") and len(file_name) == 36


# --- Sizes -----------------------------------------------------------------------------


def test_the_default_limits_are_10_mb_a_file_and_50_mb_a_milestone():
    assert django_settings.ATTACHMENT_MAX_FILE_SIZE == 10 * 1024 * 1024
    assert django_settings.ATTACHMENT_MAX_MILESTONE_SIZE == 50 * 1024 * 1024


def test_a_file_over_the_limit_gets_a_message_and_keeps_the_description(cast, login, settings):
    settings.ATTACHMENT_MAX_FILE_SIZE = 1024
    response = attach(
        login(cast.lead), cast.milestone, "minutes.pdf", PDF + bytes(3000), part="vapcat"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "minutes.pdf is larger than 1 KB; a file may be at most 1 KB." in page
    assert 'value="Board minutes, March 2026"' in page
    assert '<option value="vapcat" selected>' in page
    assert not cast.milestone.attachments.exists()


def test_an_upload_far_over_the_limit_is_not_read_to_its_end(cast, login, settings):
    """The handler stops at the limit: no temporary copy of the whole file is written."""
    settings.ATTACHMENT_MAX_FILE_SIZE = 64 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = attach(login(cast.lead), cast.milestone, "minutes.pdf", PDF + bytes(3 * 2**20))
    assert response.status_code == 200
    assert "minutes.pdf is larger than 64 KB" in response.content.decode()


def test_the_milestone_total_is_counted_over_documents_not_removed(cast, login, settings):
    settings.ATTACHMENT_MAX_MILESTONE_SIZE = 2 * len(PDF) + 10
    client = login(cast.lead)
    assert attach(client, cast.milestone, "one.pdf", PDF).status_code == 302
    assert attach(client, cast.milestone, "two.pdf", PDF).status_code == 302
    response = attach(client, cast.milestone, "three.pdf", PDF)
    assert response.status_code == 200
    assert "three.pdf (" in response.content.decode()
    assert "together they may be at most" in response.content.decode()
    assert 'value="Board minutes, March 2026"' in response.content.decode()
    first = cast.milestone.attachments.get(name="one.pdf")
    client.post(reverse("submissions:attachment_remove", args=[cast.milestone.pk, first.pk]))
    assert attach(client, cast.milestone, "three.pdf", PDF).status_code == 302
    assert sorted(a.name for a in attachments.attachments_of(cast.milestone)) == [
        "three.pdf",
        "two.pdf",
    ]


def test_an_empty_description_is_refused_keeping_the_part(cast, login):
    response = attach(login(cast.lead), cast.milestone, "minutes.pdf", PDF, " ", part="risks")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe the document in a few words." in page
    assert '<option value="risks" selected>' in page
    assert not cast.milestone.attachments.exists()


def test_a_wrong_type_on_the_page_keeps_what_was_typed(cast, login):
    response = attach(login(cast.lead), cast.milestone, "board-minutes.pdf", PNG)
    page = response.content.decode()
    assert "board-minutes.pdf is not a PDF: its content is a PNG image." in page
    assert 'value="Board minutes, March 2026"' in page
    assert 'class="alert alert-danger error-summary"' in page
    assert html_problems(page) == []


def test_no_file_chosen_says_so(cast, login):
    response = login(cast.lead).post(documents_url(cast.milestone), {"description": "Minutes"})
    assert "Choose the file to attach." in response.content.decode()


# --- Attaching and who may -------------------------------------------------------------


def test_a_lead_attaches_a_document_and_it_is_listed(cast, login):
    client = login(cast.lead)
    response = attach(client, cast.milestone, "minutes.pdf", PDF, part="gap_analysis")
    assert response.status_code == 302
    attachment = cast.milestone.attachments.get()
    assert (attachment.name, attachment.part, attachment.uploaded_by) == (
        "minutes.pdf",
        "gap_analysis",
        cast.lead,
    )
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    page = client.get(documents_url(cast.milestone)).content.decode()
    assert "minutes.pdf was attached." in page
    assert "Board minutes, March 2026" in page
    assert "B. Gap analysis" in page
    assert html_problems(page) == []


def test_the_milestone_page_links_to_the_documents(cast, login):
    page = login(cast.coach).get(cast.milestone.get_absolute_url()).content.decode()
    assert documents_url(cast.milestone) in page


@pytest.mark.parametrize("role", ["coach", "respondent", "other_lead", "other_coach"])
def test_only_editors_may_attach(cast, login, role):
    response = attach(login(cast.by_role(role)), cast.milestone, "minutes.pdf", PDF)
    assert response.status_code == 404
    assert not cast.milestone.attachments.exists()


def test_a_coach_sees_the_documents_without_the_form(cast, login):
    stored(cast.milestone)
    page = login(cast.coach).get(documents_url(cast.milestone)).content.decode()
    assert "minutes.pdf" in page
    assert "Attach a document" not in page
    assert "Remove" not in page
    assert "of 50 MB used" not in page  # room left is for whoever may attach
    lead_page = login(cast.lead).get(documents_url(cast.milestone)).content.decode()
    assert "of 50 MB used" in lead_page


def test_nothing_is_attached_or_removed_while_submitted(cast, login):
    attachment = stored(cast.milestone)
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted")
    client = login(cast.lead)
    page = client.get(documents_url(cast.milestone)).content.decode()
    assert "Attach a document" not in page and "Remove" not in page
    response = attach(client, cast.milestone, "other.pdf", PDF)
    assert response.status_code == 200
    assert "read-only; nothing was saved" in response.content.decode()
    client.post(reverse("submissions:attachment_remove", args=[cast.milestone.pk, attachment.pk]))
    attachment.refresh_from_db()
    assert attachment.removed_at is None
    assert cast.milestone.attachments.count() == 1


def test_the_service_refuses_a_submitted_milestone(cast):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="accepted")
    with pytest.raises(TransitionError):
        stored(cast.milestone)


def test_the_page_reads_a_fixed_number_of_queries(cast, login, django_assert_num_queries):
    client = login(cast.lead)
    for number in range(3):
        stored(cast.milestone, name=f"minutes-{number}.pdf")
    with django_assert_num_queries(11):
        client.get(documents_url(cast.milestone))
    for number in range(3):
        stored(cast.milestone, name=f"more-{number}.pdf")
    with django_assert_num_queries(11):
        client.get(documents_url(cast.milestone))


# --- Downloads -------------------------------------------------------------------------


def test_the_download_is_an_attachment_no_cache_keeps(cast, login):
    attachment = stored(cast.milestone, name="Procès-verbal «mars».pdf")
    url = reverse("submissions:attachment_download", args=[cast.milestone.pk, attachment.pk])
    response = login(cast.coach).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Proc_s-verbal _mars_.pdf"; '
        "filename*=UTF-8''Proc%C3%A8s-verbal%20%C2%ABmars%C2%BB.pdf"
    )
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_download_sends_the_detected_type_not_the_browsers(cast, login):
    client = login(cast.lead)
    client.post(
        documents_url(cast.milestone),
        {
            "file": SimpleUploadedFile("scan.png", PNG, content_type="text/html"),
            "description": "Scan",
        },
    )
    attachment = cast.milestone.attachments.get()
    url = reverse("submissions:attachment_download", args=[cast.milestone.pk, attachment.pk])
    assert client.get(url)["Content-Type"] == "image/png"


def test_files_are_not_served_as_public_media(cast, client):
    attachment = stored(cast.milestone)
    assert client.get(f"/{django_settings.MEDIA_URL}{attachment.file.name}").status_code == 404


def test_a_removed_document_is_no_longer_downloadable_from_the_draft(cast, login):
    attachment = stored(cast.milestone)
    client = login(cast.lead)
    client.post(reverse("submissions:attachment_remove", args=[cast.milestone.pk, attachment.pk]))
    url = reverse("submissions:attachment_download", args=[cast.milestone.pk, attachment.pk])
    assert client.get(url).status_code == 404


def test_a_document_never_submitted_is_deleted_from_storage_when_removed(cast, login):
    attachment = stored(cast.milestone)
    name, storage = attachment.file.name, attachment.file.storage
    login(cast.lead).post(
        reverse("submissions:attachment_remove", args=[cast.milestone.pk, attachment.pk])
    )
    attachment.refresh_from_db()
    assert attachment.removed_by == cast.lead and attachment.removed_at
    assert not attachment.file
    assert not storage.exists(name)


def test_another_practices_document_is_404_under_ones_own_milestone(cast, login):
    theirs = stored(cast.other_milestone, user=cast.other_lead)
    url = reverse("submissions:attachment_download", args=[cast.milestone.pk, theirs.pk])
    assert login(cast.lead).get(url).status_code == 404


def test_a_stored_file_that_changed_is_refused_and_logged(cast, login, caplog):
    attachment = stored(cast.milestone)
    with open(attachment.file.path, "wb") as file:
        file.write(b"%PDF-1.7 something else")
    url = reverse("submissions:attachment_download", args=[cast.milestone.pk, attachment.pk])
    with caplog.at_level(logging.ERROR, logger="submissions.attachments"):
        response = login(cast.coach).get(url)
    assert response.status_code == 409
    assert "minutes.pdf no longer matches the file that was attached" in response.content.decode()
    assert "no longer matches its SHA-256" in caplog.text


# --- A submitted version keeps its documents -------------------------------------------


def submitted(cast):
    factories.complete_milestone(cast.milestone, cast.respondent)
    return lifecycle.milestone_submit(cast.milestone, cast.lead)


def changes_requested(cast):
    review.comment_add(cast.milestone, cast.coach, "general", "Add the signed agreement.")
    return lifecycle.milestone_request_changes(cast.milestone, cast.coach)


def test_the_snapshot_lists_the_documents_with_their_sha256(cast):
    attachment = stored(cast.milestone, description="Board minutes")
    submitted(cast)
    content = Snapshot.objects.get(milestone=cast.milestone).content
    assert content["attachments"] == [
        {
            "id": attachment.pk,
            "name": "minutes.pdf",
            "description": "Board minutes",
            "part": "",
            "part_label": "",
            "content_type": "application/pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
            "uploaded_by": "Lena Lead",
            "uploaded_at": attachment.uploaded_at.isoformat(),
        }
    ]


def test_removing_from_the_draft_leaves_the_submitted_version_whole(cast, login):
    attachment = stored(cast.milestone)
    submitted(cast)
    changes_requested(cast)
    client = login(cast.lead)
    client.post(reverse("submissions:attachment_remove", args=[cast.milestone.pk, attachment.pk]))
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert attachment.file  # a snapshot lists it: kept
    assert attachments.attachments_of(cast.milestone) == []
    # The snapshot still lists it and serves the original bytes.
    content = Snapshot.objects.get(milestone=cast.milestone, version=1).content
    assert [e["id"] for e in content["attachments"]] == [attachment.pk]
    url = reverse("submissions:attachment_version", args=[cast.milestone.pk, 1, attachment.pk])
    for reader in (cast.lead, cast.coach, cast.admin):
        response = login(reader).get(url)
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert data == PDF
        assert hashlib.sha256(data).hexdigest() == content["attachments"][0]["sha256"]
    page = login(cast.coach).get(documents_url(cast.milestone)).content.decode()
    assert "In submitted version 1" in page and url in page
    # The next version no longer lists it.
    lifecycle.milestone_submit(cast.milestone, cast.lead)
    assert Snapshot.objects.get(milestone=cast.milestone, version=2).content["attachments"] == []
    second = reverse("submissions:attachment_version", args=[cast.milestone.pk, 2, attachment.pk])
    assert login(cast.coach).get(second).status_code == 404


def test_the_check_your_answers_page_lists_the_documents_to_be_submitted(cast, login):
    factories.complete_milestone(cast.milestone, cast.respondent)
    stored(cast.milestone, description="Board minutes, March 2026")
    page = login(cast.lead).get(reverse("submissions:submit", args=[cast.milestone.pk]))
    html = page.content.decode()
    assert "<li>minutes.pdf — Board minutes, March 2026 · The milestone as a whole</li>" in html
    assert f'href="{documents_url(cast.milestone)}"' in html
    assert html_problems(html) == []


def test_what_changed_names_the_documents_added_and_removed(cast, login):
    minutes = stored(cast.milestone, description="Board minutes")
    submitted(cast)
    changes_requested(cast)
    attachments.attachment_remove(minutes, cast.lead)
    stored(cast.milestone, name="agreement.pdf", description="Signed data agreement")
    lifecycle.milestone_submit(cast.milestone, cast.lead)

    page = login(cast.coach).get(reverse("submissions:review", args=[cast.milestone.pk]))

    changes = [(c.label, c.kind, c.before, c.after) for c in page.context["changes"]]
    documents = [c for c in changes if c[0].startswith("Supporting document")]
    assert [(label, kind) for label, kind, _, _ in documents] == [
        ("Supporting document agreement.pdf", "added"),
        ("Supporting document minutes.pdf", "removed"),
    ]
    assert "Signed data agreement" in documents[0][3]
    assert "Board minutes" in documents[1][2]
    html = page.content.decode()
    assert "Supporting document agreement.pdf" in html and "(row added)" in html


def test_a_coach_comments_on_the_documents_and_the_lead_addresses_it_there(cast, login):
    submitted(cast)
    coach = login(cast.coach)
    review_url = reverse("submissions:review", args=[cast.milestone.pk])
    page = coach.get(review_url).content.decode()
    assert '<option value="documents">Supporting documents</option>' in page
    assert "?section=documents#comment-form" in page
    coach.post(
        reverse("submissions:comment_create", args=[cast.milestone.pk]),
        {"section": "documents", "body": "Add the signed data agreement."},
    )
    lifecycle.milestone_request_changes(cast.milestone, cast.coach)

    lead = login(cast.lead)
    page = lead.get(documents_url(cast.milestone)).content.decode()
    assert "Add the signed data agreement." in page
    comment = cast.milestone.comments.get(section="documents")
    address = reverse("submissions:comment_address", args=[cast.milestone.pk, comment.pk])
    assert f'action="{address}"' in page
    lead.post(address, {"next": documents_url(cast.milestone)})
    comment.refresh_from_db()
    assert comment.addressed_by == cast.lead


def test_a_snapshot_file_that_changed_is_refused(cast, login):
    attachment = stored(cast.milestone)
    submitted(cast)
    with open(attachment.file.path, "ab") as file:
        file.write(b"tampered")
    url = reverse("submissions:attachment_version", args=[cast.milestone.pk, 1, attachment.pk])
    response = login(cast.coach).get(url)
    assert response.status_code == 409
    assert "its SHA-256 differs" in response.content.decode()


def test_a_document_not_in_the_version_is_404_through_it(cast, login):
    submitted(cast)
    changes_requested(cast)
    later = stored(cast.milestone)
    url = reverse("submissions:attachment_version", args=[cast.milestone.pk, 1, later.pk])
    assert login(cast.coach).get(url).status_code == 404


def test_the_review_page_links_the_versions_documents(cast, login):
    attachment = stored(cast.milestone)
    submitted(cast)
    page = login(cast.coach).get(reverse("submissions:review", args=[cast.milestone.pk]))
    url = reverse("submissions:attachment_version", args=[cast.milestone.pk, 1, attachment.pk])
    assert "Supporting documents of version 1" in page.content.decode()
    assert f'href="{url}"' in page.content.decode()


# --- Bounds and immutability -------------------------------------------------------------


def test_a_description_too_long_is_refused_with_both_numbers(cast, login):
    response = attach(login(cast.lead), cast.milestone, "minutes.pdf", PDF, "x" * 250)
    assert "Keep the description to 200 characters; it has 250." in response.content.decode()
    assert not cast.milestone.attachments.exists()


@pytest.mark.parametrize(("field", "limit"), [("name", 120), ("description", 200)])
def test_the_database_refuses_a_longer_name_or_description(cast, field, limit):
    rows = Attachment.objects.filter(pk=stored(cast.milestone).pk)
    rows.update(**{field: "x" * limit})
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        rows.update(**{field: "x" * (limit + 1)})
    assert len(getattr(rows.get(), field)) == limit


def test_a_stored_document_is_never_saved_again(cast):
    attachment = stored(cast.milestone)
    attachment.description = "Something else"
    with pytest.raises(ValueError, match="never changed once stored"):
        attachment.save()


def test_two_documents_of_one_name_are_two_files(cast):
    first = stored(cast.milestone, data=PDF)
    second = stored(cast.milestone, data=PDF + b"% second")
    assert first.file.name != second.file.name
    with first.file.open("rb") as file:
        assert file.read() == PDF
