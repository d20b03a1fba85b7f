"""The export and bundle pages: who may use them, what they answer."""

import io
import zipfile
from datetime import timedelta

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from exports.models import ExportBundle
from tests.exports.test_bundle import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def export(client, cast, fmt="xlsx", **params):
    return client.get(reverse(f"exports:cohort_{fmt}"), {"cycle": cast.cycle.pk, **params})


def test_administrator_exports_every_practice(cast, login):
    response = export(login(cast.admin), cast)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="VBP_cohort_may-2026.xlsx"'
    book = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    assert list(book["Practices"].practice) == ["Alder Family Medicine", "Birch Community Health"]


def test_coach_exports_their_practices_only(cast, login):
    response = export(login(cast.coach), cast, fmt="csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    csv = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    assert list(csv.practice) == ["Alder Family Medicine"]


def test_the_board_filters_apply(cast, login):
    submit(cast.milestone, cast.lead, render=False)
    response = export(login(cast.admin), cast, fmt="csv", status="submitted")
    csv = pd.read_csv(io.BytesIO(response.content), encoding="utf-8-sig")
    assert list(csv.practice) == ["Alder Family Medicine"]


@pytest.mark.parametrize("role", ["lead", "respondent", "other_lead"])
def test_practice_people_get_404(cast, login, role):
    assert export(login(cast.by_role(role)), cast).status_code == 404
    assert export(login(cast.by_role(role)), cast, fmt="csv").status_code == 404


def test_an_unknown_cycle_is_a_clear_message(cast, login):
    response = login(cast.admin).get(reverse("exports:cohort_xlsx"), {"cycle": "nine"})
    assert response.status_code == 400
    assert "That cycle does not exist: choose one of the list." in response.content.decode()


def test_the_export_page_offers_both_formats(cast, login):
    response = login(cast.coach).get(reverse("exports:index"), {"status": "draft"})
    page = response.content.decode()
    assert reverse("exports:cohort_xlsx") in page and reverse("exports:cohort_csv") in page
    assert 'name="status" value="draft"' in page
    assert reverse("exports:bundle_new") not in page  # bundles are for administrators


def test_administrator_starts_a_bundle_and_downloads_it(cast, login):
    submit(cast.milestone, cast.lead)
    client = login(cast.admin)
    response = client.post(reverse("exports:bundle_new"), {"cycle": cast.cycle.pk})
    started = ExportBundle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exports:bundle", args=[started.pk])
    page = client.get(response["Location"]).content.decode()
    assert "1 of 1" in page
    assert "Download the zip" in page
    download = client.get(reverse("exports:bundle_download", args=[started.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    zipped = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert "manifest.csv" in zipped.namelist()


def test_a_running_bundle_shows_its_progress_and_a_reload_link(cast, login, task_queue):
    submit(cast.milestone, cast.lead, render=False)
    client = login(cast.admin)
    client.post(reverse("exports:bundle_new"), {"cycle": cast.cycle.pk, "status": "submitted"})
    started = ExportBundle.objects.get()
    assert started.filters == {"status": "submitted"}
    page = client.get(reverse("exports:bundle", args=[started.pk])).content.decode()
    assert "Waiting to start" in page and "0 of 1" in page
    assert "Reload to see the progress" in page
    assert "Download the zip" not in page
    progress = client.get(reverse("exports:bundle_progress", args=[started.pk])).json()
    assert progress == {
        "status": "queued",
        "status_label": "Waiting to start",
        "done": 0,
        "total": 1,
        "finished": False,
    }
    assert client.get(reverse("exports:bundle_download", args=[started.pk])).status_code == 404


def test_an_expired_bundle_is_gone_with_a_message(cast, login):
    submit(cast.milestone, cast.lead)
    client = login(cast.admin)
    client.post(reverse("exports:bundle_new"), {"cycle": cast.cycle.pk})
    started = ExportBundle.objects.get()
    ExportBundle.objects.filter(pk=started.pk).update(expires_at=timezone.now() - timedelta(1))
    response = client.get(reverse("exports:bundle_download", args=[started.pk]))
    assert response.status_code == 410
    assert "This bundle has expired" in response.content.decode()
    assert "Download the zip" not in client.get(started.get_absolute_url()).content.decode()


def test_a_failed_file_is_listed_on_the_page(cast, login):
    submit(cast.milestone, cast.lead)
    client = login(cast.admin)
    client.post(reverse("exports:bundle_new"), {"cycle": cast.cycle.pk})
    started = ExportBundle.objects.get()
    ExportBundle.objects.filter(pk=started.pk).update(
        failures=[{"practice": "Alder Family Medicine", "file": "x_v1.docx", "error": "broken"}]
    )
    page = client.get(started.get_absolute_url()).content.decode()
    assert "Files that could not be made" in page
    assert "x_v1.docx (Alder Family Medicine): broken" in page


@pytest.mark.parametrize("role", ["lead", "respondent", "other_lead", "coach", "other_coach"])
def test_only_administrators_reach_bundles(cast, login, role):
    started = ExportBundle.objects.create(cycle=cast.cycle, requested_by=cast.admin)
    client = login(cast.by_role(role))
    for name in ("exports:bundle", "exports:bundle_progress", "exports:bundle_download"):
        assert client.get(reverse(name, args=[started.pk])).status_code == 404
    assert client.get(reverse("exports:bundle_new")).status_code == 404
    assert client.post(reverse("exports:bundle_new"), {"cycle": cast.cycle.pk}).status_code == 404
    assert not ExportBundle.objects.exclude(pk=started.pk).exists()


def test_a_bundle_without_a_cycle_asks_for_one(cast, login):
    response = login(cast.admin).post(reverse("exports:bundle_new"), {"cycle": ""})
    assert response.status_code == 200
    assert "Choose the cycle to export." in response.content.decode()
    assert not ExportBundle.objects.exists()
