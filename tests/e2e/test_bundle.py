"""The bundle in a browser: an administrator starts a bundle of a cycle, watches its
progress (polled with JavaScript, a reload link without), and downloads the zip; the
pages pass axe-core."""

import io
import zipfile

import pytest
from playwright.sync_api import expect

from exports.bundle import bundle_write
from exports.models import ExportBundle
from tests.e2e.people import click_and_wait, log_in, says
from tests.exports.test_bundle import submit

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def waiting_jobs(settings):
    """Queued jobs wait (the server's queue is its own); ``run_the_worker`` runs the
    bundle's job as a worker would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def run_the_worker():
    bundle_write.call(ExportBundle.objects.get().pk)


def test_an_administrator_bundles_a_cycle_and_downloads_it(open_page, cast, waiting_jobs, auditor):
    submit(cast.milestone, cast.lead)
    page = open_page()
    log_in(page, cast.admin.email)
    page.goto("/exports/bundles/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bundle the submissions of a cycle")
    page.get_by_label("Cycle").select_option(label="May 2026")
    auditor.look(page, "bundle-start")
    click_and_wait(page, page.get_by_role("button", name="Start the bundle"))
    says(page, "Waiting to start: 0 of 1 milestones bundled.")
    # The script polls; the reload link is for pages without JavaScript.
    expect(page.get_by_role("link", name="Reload to see the progress")).to_be_hidden()
    auditor.look(page, "bundle-progress")

    run_the_worker()
    download_link = page.get_by_role("link", name="Download the zip")
    expect(download_link).to_be_visible()
    says(page, "Ready: 1 of 1 milestones bundled.")
    auditor.look(page, "bundle-done")
    with page.expect_download() as waiting:
        download_link.click()
    download = waiting.value
    assert download.suggested_filename == f"VBP_May_2026_bundle_{ExportBundle.objects.get().pk}.zip"
    with open(download.path(), "rb") as file:
        zipped = zipfile.ZipFile(io.BytesIO(file.read()))
    assert "manifest.csv" in zipped.namelist()
    assert "no-EPT-id_alder-family-medicine_VBP_May_2026_v1.pdf" in zipped.namelist()
    auditor.assert_clean([page])


def test_without_javascript_the_reload_link_shows_the_progress(open_page, cast, waiting_jobs):
    submit(cast.milestone, cast.lead, render=False)
    page = open_page(javascript=False)
    log_in(page, cast.admin.email)
    page.goto("/exports/bundles/")
    page.get_by_label("Cycle").select_option(label="May 2026")
    click_and_wait(page, page.get_by_role("button", name="Start the bundle"))
    says(page, "0 of 1")
    run_the_worker()
    click_and_wait(page, page.get_by_role("link", name="Reload to see the progress"))
    says(page, "Ready: 1 of 1 milestones bundled.")
    expect(page.get_by_role("link", name="Download the zip")).to_be_visible()
    assert page.problems == []
