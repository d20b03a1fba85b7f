"""Downloading the Word copy: of a submitted version (the stored bytes) and of the draft,
for those who may read the PDF, and the links beside every PDF link."""

import hashlib
import io

import docx
import pytest
from django.urls import reverse

from submissions import lifecycle
from submissions.models import Snapshot
from submissions.snapshot import milestone_content
from tests import factories
from tests.test_page_html import html_problems

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STAND_IN = b"PK stand-in for a stored Word copy"
ROLES = {
    "anonymous": 302,
    "respondent": 404,
    "lead": 200,
    "other_lead": 404,
    "coach": 200,
    "other_coach": 404,
    "admin": 200,
}


def _stored(cast, docx_bytes=STAND_IN):
    return Snapshot.objects.create(
        milestone=cast.milestone,
        version=1,
        content=milestone_content(cast.milestone, attested_by=cast.lead),
        docx=docx_bytes,
        docx_sha256=hashlib.sha256(docx_bytes).hexdigest() if docx_bytes else "",
    )


@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_who_may_download_the_word_copy(cast, login, role, expected):
    _stored(cast)
    client = login(cast.by_role(role))
    pk = cast.milestone.pk
    for url in (
        reverse("submissions:docx", args=[pk]),
        reverse("submissions:docx_version", args=[pk, 1]),
        reverse("submissions:draft_docx", args=[pk]),
    ):
        response = client.get(url)
        assert response.status_code == expected, f"{role} {url}"
        if expected == 200:
            assert response["Content-Type"] == DOCX


def test_the_download_is_the_stored_copy_with_a_portal_ready_filename(cast, login):
    factories.complete_milestone(cast.milestone, cast.respondent)
    lifecycle.milestone_submit(cast.milestone, cast.lead)
    stored = Snapshot.objects.get(milestone=cast.milestone)
    client = login(cast.coach)
    latest = client.get(reverse("submissions:docx", args=[cast.milestone.pk]))
    assert latest["Content-Type"] == DOCX
    assert latest["Content-Disposition"] == (
        'attachment; filename="VBP-milestone_alder-family-medicine_may-2026_v1.docx"'
    )
    assert latest.content == bytes(stored.docx)
    assert stored.docx_sha256 == hashlib.sha256(latest.content).hexdigest()
    document = docx.Document(io.BytesIO(latest.content))
    assert "Alder Family Medicine" in [p.text for p in document.paragraphs]
    version = client.get(reverse("submissions:docx_version", args=[cast.milestone.pk, 1]))
    assert version.content == latest.content
    missing = client.get(reverse("submissions:docx_version", args=[cast.milestone.pk, 2]))
    assert missing.status_code == 404


def test_a_copy_not_made_after_submit_is_made_and_stored_on_first_download(cast, login):
    snapshot = _stored(cast, docx_bytes=None)
    client = login(cast.lead)
    first = client.get(reverse("submissions:docx", args=[cast.milestone.pk]))
    second = client.get(reverse("submissions:docx", args=[cast.milestone.pk]))
    assert first.status_code == 200
    assert first.content.startswith(b"PK")  # a zip: the .docx package
    assert second.content == first.content
    snapshot.refresh_from_db()
    assert bytes(snapshot.docx) == first.content
    assert snapshot.docx_sha256 == hashlib.sha256(first.content).hexdigest()


@pytest.mark.parametrize("name", ["pdf", "docx", "draft_pdf", "draft_docx"])
def test_a_post_to_a_download_is_refused_and_makes_nothing(cast, login, name):
    snapshot = _stored(cast, docx_bytes=None)
    response = login(cast.lead).post(reverse(f"submissions:{name}", args=[cast.milestone.pk]))
    assert response.status_code == 405
    snapshot.refresh_from_db()
    assert snapshot.docx is None and snapshot.pdf is None


def test_never_submitted_has_no_word_copy_but_a_draft(cast, login):
    client = login(cast.lead)
    assert client.get(reverse("submissions:docx", args=[cast.milestone.pk])).status_code == 404
    draft = client.get(reverse("submissions:draft_docx", args=[cast.milestone.pk]))
    assert draft["Content-Disposition"] == (
        'attachment; filename="VBP-milestone_alder-family-medicine_may-2026_DRAFT.docx"'
    )
    document = docx.Document(io.BytesIO(draft.content))
    assert document.paragraphs[0].text == "DRAFT — not submitted"


def test_word_copy_links_are_beside_the_pdf_links(cast, login):
    _stored(cast)
    pk = cast.milestone.pk
    docx_latest = reverse("submissions:docx", args=[pk])
    docx_draft = reverse("submissions:draft_docx", args=[pk])
    docx_v1 = reverse("submissions:docx_version", args=[pk, 1])

    milestone = login(cast.lead).get(reverse("submissions:milestone", args=[pk]))
    page = milestone.content.decode()
    assert f'href="{docx_latest}">Word copy (.docx)' in page
    assert f'href="{docx_draft}">Word copy (.docx)' in page
    assert page.index(reverse("submissions:pdf", args=[pk])) < page.index(docx_latest)

    client = login(cast.coach)
    review = client.get(reverse("submissions:review", args=[pk])).content.decode()
    assert f'href="{docx_v1}">Word copy (.docx)' in review
    history = client.get(reverse("submissions:history", args=[pk])).content.decode()
    assert f'href="{docx_v1}">Word copy (.docx)' in history
    assert f"SHA-256 {hashlib.sha256(STAND_IN).hexdigest()[:12]}" in history
    for html in (page, review, history):
        assert html_problems(html) == []
