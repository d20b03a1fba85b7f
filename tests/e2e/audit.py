"""Looking at a page as a person with a screen reader, a keyboard or a phone would:
axe-core's rules, a label on every field, no sideways scrolling at 390 px, and a
screenshot at 1280 px and at 390 px kept in ``test-artifacts/screenshots/``.

axe-core comes from the npm registry (``make test`` installs it into ``node_modules/``).
It is run with ``page.evaluate``, which the page's Content Security Policy does not
govern, so the pages are checked under the same strict policy users get.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
# What fails a test; "moderate" and "minor" findings are written to the report only.
BLOCKING = ("serious", "critical")

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""

# Form fields a person can reach, and whether each has a label (a <label> or
# aria-labelledby pointing at text).
UNLABELLED_FIELDS = """() => {
  const fields = document.querySelectorAll(
    "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea");
  const unlabelled = [];
  for (const field of fields) {
    if (field.closest("template")) continue;
    const byLabel = Array.from(field.labels || []).some(l => l.textContent.trim());
    const byId = (field.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
      .some(id => (document.getElementById(id) || {}).textContent?.trim());
    if (!byLabel && !byId) unlabelled.push(field.name || field.id || field.outerHTML.slice(0, 80));
  }
  return unlabelled;
}"""

# What sticks out to the right of a phone's screen (a table's own scrolling box aside).
WIDER_THAN_SCREEN = r"""(width) => Array.from(document.querySelectorAll("body *"))
  .filter(el => el.getBoundingClientRect().right > width + 1)
  .filter(el => !el.closest(".table-responsive")
    || ["absolute", "fixed"].includes(getComputedStyle(el).position))
  .slice(-5)
  .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className
       ? "." + el.className.trim().split(/\s+/).join(".") : ""))
"""


def axe_source():
    if not AXE.exists():
        raise AssertionError(
            f"axe-core is missing ({AXE.relative_to(ROOT)}): `make test` installs it, or run "
            "`npm install --no-save --no-package-lock --prefix . axe-core@4`."
        )
    return AXE.read_text(encoding="utf-8")


class Auditor:
    """Checks each page type once and keeps every finding; ``assert_clean()`` at the end
    fails with all of them, so one run shows every problem."""

    def __init__(self, name):
        self.name = name
        self.findings = []
        self.report = {}
        self.looked_at = []
        self._axe = None

    def look(self, page, page_type):
        """Check the page as it is now, under the name ``page_type``."""
        page.wait_for_load_state()
        number = len(self.looked_at) + 1
        self.looked_at.append(page_type)
        self._run_axe(page, page_type, "1280 px")
        for field in page.evaluate(UNLABELLED_FIELDS):
            self.findings.append(f"{page_type}: the field {field!r} has no label")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        stem = SCREENSHOTS / f"{self.name}-{number:02d}-{page_type}"
        page.screenshot(path=f"{stem}-1280.png", full_page=True)

        desktop = page.viewport_size
        page.set_viewport_size(PHONE)
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                wide = page.evaluate(WIDER_THAN_SCREEN, PHONE["width"])
                self.findings.append(
                    f"{page_type}: scrolls sideways at 390 px (page is {width} px wide): {wide}"
                )
            self._run_axe(page, page_type, "390 px")
            page.screenshot(path=f"{stem}-390.png", full_page=True)
        finally:
            page.set_viewport_size(desktop)

    def _run_axe(self, page, page_type, width):
        if not page.evaluate("typeof window.axe === 'object'"):
            if self._axe is None:
                self._axe = axe_source()
            page.evaluate(self._axe)
        violations = page.evaluate(RUN_AXE)
        self.report.setdefault(page_type, {})[width] = violations
        for v in violations:
            if v["impact"] in BLOCKING:
                self.findings.append(
                    f"{page_type} at {width}: axe {v['id']} ({v['impact']}): {v['help']} "
                    f"— {v['targets']}"
                )

    def assert_clean(self, pages=()):
        """Fails with every finding, and every script error or CSP report of ``pages``."""
        for page in pages:
            self.findings += page.problems
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"axe-{self.name}.json").write_text(
            json.dumps(self.report, indent=2), encoding="utf-8"
        )
        assert not self.findings, "\n".join(
            [f"{len(self.findings)} accessibility, layout or script problems:"] + self.findings
        )
