"""The browser of the end-to-end tests: Debian's Chromium, driven by Playwright's sync API
against pytest-django's live server.

- ``chromium``: the browser's path. Every test here skips, saying why, only when no
  Chromium is installed (``.ci/run`` installs Debian's ``chromium``).
- ``open_page(javascript=True)``: a new window with its own cookies, i.e. a new person
  at their own computer, on the live server.
- ``auditor``: axe-core, labels, 390 px and screenshots of each page type (see
  ``tests/e2e/audit.py``).
- When a test fails, a screenshot and the HTML of each of its open windows are written to
  ``test-artifacts/e2e/`` (not committed).
"""

import re
import shutil
from pathlib import Path

import pytest
from django.db import connections
from playwright import sync_api as playwright

from practices.models import Membership
from submissions import lifecycle
from tests import factories
from tests.e2e.audit import ARTIFACTS, Auditor

playwright.expect.set_options(timeout=10_000)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PAGES = pytest.StashKey[list]()


@pytest.fixture
def chromium():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None and Path("/usr/bin/chromium").exists():
        path = "/usr/bin/chromium"
    if path is None:
        pytest.skip(
            "No Chromium on this machine: `apt-get install chromium` to run the browser tests"
        )
    return path


@pytest.fixture
def browser(chromium, monkeypatch):
    # Playwright's sync API keeps an asyncio loop running in this thread (in a greenlet),
    # and Django refuses database calls from a thread with a running loop. Nothing here
    # is concurrent: the test sets up and checks data only while the browser waits.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
        # While that loop runs, Django keeps this thread's connections apart (per context,
        # not per thread): close them here, or the test database cannot be dropped.
        connections.close_all()


@pytest.fixture
def open_page(request, transactional_db, browser, live_server):
    """``open_page(javascript=True)``: a new person's window on the live server.

    The test database comes first (``transactional_db``: the server's thread sees only
    committed data), so that it outlives the live server and is dropped cleanly.

    Script errors, Content Security Policy reports and failed requests of the page are
    collected in ``page.problems``; tests assert it stays empty.
    """
    pages = request.node.stash.setdefault(PAGES, [])
    for stale in ARTIFACTS.glob(f"{_artifact_name(request.node)}-window*"):
        stale.unlink()  # what an earlier failed run of this test kept

    def _open(javascript=True):
        context = browser.new_context(
            base_url=live_server.url, viewport=DESKTOP, java_script_enabled=javascript
        )
        # Generous: on a loaded CI machine a submit (which renders the PDF) takes seconds.
        context.set_default_timeout(30_000)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
        page.on("console", lambda message: _console(page, message))
        page.on("response", lambda response: _response(page, response))
        pages.append(page)
        return page

    return _open


def _console(page, message):
    # Failed requests are reported by _response, with their address.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        page.problems.append(f"console: {message.text} ({page.url})")


def _response(page, response):
    # Browsers ask for /favicon.ico on their own; the portal has no icon.
    if response.status >= 400 and not response.url.endswith("/favicon.ico"):
        page.problems.append(f"{response.status} for {response.url}")


@pytest.fixture
def submitted(transactional_db):
    """Alder Family Medicine's complete milestone, submitted by its lead (Lena Lead),
    with a respondent (Rafael Respondent) and an assigned coach (Cora Coach)."""
    factories.make_instrument()
    practice = factories.make_practice("Alder Family Medicine")
    lead = factories.make_user("lead@alder.test", full_name="Lena Lead")
    respondent = factories.make_user("cfo@alder.test", full_name="Rafael Respondent")
    coach = factories.make_user("coach@program.test", full_name="Cora Coach", is_coach=True)
    factories.add_member(practice, lead, Membership.Role.LEAD)
    factories.add_member(practice, respondent, Membership.Role.RESPONDENT)
    factories.assign_coach(practice, coach)
    may, _ = factories.make_cycles()
    milestone = lifecycle.milestone_start(practice, may, lead)
    factories.complete_milestone(milestone, respondent)
    return lifecycle.milestone_submit(milestone, lead)


@pytest.fixture
def auditor(request):
    """Screenshots are named after the test module: test_journey.py -> journey-01-...png."""
    return Auditor(request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        _keep_pages(item)
    return report


def _artifact_name(item):
    return re.sub(r"\W+", "-", item.name).strip("-")


def _keep_pages(item):
    """A screenshot and the HTML of each window the failed test had open."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = _artifact_name(item)
    for number, page in enumerate(item.stash.get(PAGES, []), start=1):
        if page.is_closed():
            continue
        stem = ARTIFACTS / f"{name}-window{number}"
        try:
            page.screenshot(path=f"{stem}.png", full_page=True)
            stem.with_suffix(".html").write_text(
                f"<!-- {page.url} -->\n{page.content()}", encoding="utf-8"
            )
        except playwright.Error as error:  # a crashed page: keep what can be kept
            stem.with_suffix(".txt").write_text(f"{page.url}\n{error}", encoding="utf-8")
