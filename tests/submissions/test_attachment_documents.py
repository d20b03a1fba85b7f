"""The supporting documents in the deliverable: the PDF's and the Word copy's appendix
lists each one (name, description, part, size, SHA-256), only when there are any."""

import hashlib
import io

import docx
import pypdf
import pytest
from django.core.files.base import ContentFile

from submissions import attachments
from submissions.pdf import render_pdf
from submissions.snapshot import milestone_content
from submissions.word import render_docx

PDF = b"%PDF-1.7\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(2000)
APPENDIX = "Appendix: supporting documents"


def attach(milestone, user, name, data, description, part=""):
    file = ContentFile(data, name=name)
    return attachments.attachment_add(
        milestone, user, file, attachments.inspect(file), description, part
    )


def pdf_text(data):
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "".join("".join(page.extract_text().split()) for page in pages)


def word_text(data):
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(texts)


@pytest.fixture
def content(cast):
    attach(cast.milestone, cast.lead, "board-minutes.pdf", PDF, "Board minutes, March 2026")
    attach(
        cast.milestone,
        cast.lead,
        "signed agreement.png",
        PNG,
        "Signed data agreement",
        part="action_plan",
    )
    return milestone_content(cast.milestone, attested_by=cast.lead)


def test_the_pdf_lists_each_document_in_an_appendix(content):
    text = pdf_text(render_pdf(content))
    assert "".join(APPENDIX.split()) in text
    for name, description, part, size, data in (
        (
            "board-minutes.pdf",
            "Board minutes, March 2026",
            "The milestone as a whole",
            "15 bytes",
            PDF,
        ),
        ("signedagreement.png", "Signed data agreement", "C. Action plan", "2 KB", PNG),
    ):
        assert name in text
        assert "".join(description.split()) in text
        assert "".join(part.split()) in text
        assert "".join(size.split()) in text
        assert hashlib.sha256(data).hexdigest() in text


def test_the_word_copy_lists_each_document_in_an_appendix(content):
    text = word_text(render_docx(content))
    assert APPENDIX in text
    assert "board-minutes.pdf\nSHA-256 " + hashlib.sha256(PDF).hexdigest() in text
    assert "Signed data agreement" in text
    assert "C. Action plan" in text
    assert "2 KB" in text


def test_no_appendix_without_documents(cast):
    content = milestone_content(cast.milestone, attested_by=cast.lead)
    assert content["attachments"] == []
    assert "".join(APPENDIX.split()) not in pdf_text(render_pdf(content))
    assert APPENDIX not in word_text(render_docx(content))


def test_an_older_snapshot_without_the_key_renders_as_before(cast):
    content = milestone_content(cast.milestone, attested_by=cast.lead)
    del content["attachments"]
    assert APPENDIX not in word_text(render_docx(content))


def test_a_removed_document_leaves_the_draft_appendix(cast, content):
    removed = cast.milestone.attachments.get(name="board-minutes.pdf")
    attachments.attachment_remove(removed, cast.lead)
    text = word_text(render_docx(milestone_content(cast.milestone), draft=True))
    assert "board-minutes.pdf" not in text
    assert "signed agreement.png" in text
