"""What a screen reader reads on each form page: every field and button has a name, and
no two say the same thing where they mean different things.

A name is read with the names of the groups around it (a fieldset's legend, a named
region or form), as a screen reader announces them on the way in: "Activity 2,
Description" and "Activity 3, Description" are two names. Two buttons of one name are
allowed only when they are the same action (the "Save draft" above and below a form).
The names come from Chromium's accessibility tree (Playwright's ARIA snapshot).

The gap analysis's rubric choices are checked too: their whole text is visible in the
select at 1280 px and at 375 px.
"""

import json
import re

import pytest
import yaml
from playwright.sync_api import expect

from tests import factories
from tests.e2e.people import log_in

pytestmark = pytest.mark.browser

CONTROLS = {
    "textbox",
    "searchbox",
    "combobox",
    "listbox",
    "checkbox",
    "radio",
    "switch",
    "spinbutton",
    "slider",
    "button",
}
CONTEXTS = {"group", "radiogroup", "region", "form"}
NODE = re.compile(r'^(?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')

# The same action offered twice: the buttons submit the same form with the same value.
SAME_ACTION = """(buttons) => new Set(buttons.map(b => JSON.stringify(
  [b.form ? b.form.id || Array.from(document.forms).indexOf(b.form) : null, b.name, b.value]
))).size"""


def controls(node, context=()):
    """(context, role, name) of every form control under ``node`` of an ARIA snapshot."""
    items = node if isinstance(node, list) else [node]
    for item in items:
        if isinstance(item, dict):
            ((key, children),) = item.items()
        else:
            key, children = item, None
        match = NODE.match(str(key))
        if not match:
            continue
        role, name = match["role"], match["name"]
        name = json.loads(f'"{name}"') if name is not None else ""
        if role in CONTROLS:
            yield context, role, name.strip()
            continue  # a select's options are not controls of their own
        inner = context + (name,) if role in CONTEXTS and name else context
        if isinstance(children, list):
            yield from controls(children, inner)


def name_problems(page, where):
    # What is folded away is read too, once opened.
    page.evaluate("document.querySelectorAll('main details').forEach(d => d.open = true)")
    tree = yaml.safe_load(page.locator("main").aria_snapshot())
    found = list(controls(tree))
    assert found, f"{where}: no form control was found"
    problems = [
        f"{where}: a {role} without a name in {' > '.join(ctx) or 'the page'}"
        for ctx, role, name in found
        if not name
    ]
    seen = {}
    for ctx, role, name in found:
        if name:
            seen.setdefault((ctx, name.casefold()), []).append((role, name))
    for (ctx, _), named in seen.items():
        roles, name = [role for role, _ in named], named[0][1]
        if len(roles) < 2:
            continue
        if set(roles) == {"button"}:
            buttons = page.locator("main").get_by_role("button", name=name, exact=True)
            if buttons.evaluate_all(SAME_ACTION) == 1:
                continue
        problems.append(
            f"{where}: {len(roles)} controls read {name!r} in {' > '.join(ctx) or 'the page'}"
        )
    for ctx, role, name in found:
        # Read twice: a name that repeats itself, or the name of the group it is in
        # ("Goals Goals": a fieldset "Goals" around a field "Goals").
        words = name.split()
        half = len(words) // 2
        if (half and words[:half] == words[half:]) or (ctx and ctx[-1] == name):
            problems.append(f"{where}: the {role} {name!r} is read twice")
        # Words joined from pieces of markup: "Add to gaps : ...".
        if re.search(r"\s[:;,.]", name):
            problems.append(f"{where}: the {role} {name!r} reads a space before punctuation")
    return problems


def test_every_form_page_names_each_control_once(open_page, cast):
    factories.complete_milestone(cast.milestone, cast.respondent)
    m = cast.milestone.pk
    pages = {
        "questionnaire": f"/milestones/{m}/vapcat/",
        "respondents": f"/milestones/{m}/vapcat/respondents/",
        "results and consensus": f"/milestones/{m}/vapcat/results/",
        "gap analysis": f"/milestones/{m}/gap-analysis/",
        "capabilities": f"/milestones/{m}/gap-analysis/capabilities/",
        "process summary": f"/milestones/{m}/action-plan/",
        "action plan 1": f"/milestones/{m}/action-plan/capabilities/1/",
        "action plan 2": f"/milestones/{m}/action-plan/capabilities/2/",
        "action plan 3": f"/milestones/{m}/action-plan/capabilities/3/",
        "risks": f"/milestones/{m}/action-plan/risks/",
        "check and submit": f"/milestones/{m}/submit/",
        "invitations": f"/practices/{cast.practice.pk}/people/",
    }
    page = open_page()
    log_in(page, cast.lead.email)
    problems = []
    for where, path in pages.items():
        page.goto(path)
        problems += name_problems(page, where)
    assert problems == [], "\n".join(problems)
    assert page.problems == []


@pytest.mark.parametrize("width", [1280, 375])
def test_the_rubric_choices_are_readable_whole(open_page, cast, auditor, width):
    factories.complete_milestone(cast.milestone, cast.respondent)
    page = open_page()
    log_in(page, cast.lead.email)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/milestones/{cast.milestone.pk}/gap-analysis/")
    row = page.get_by_role("region", name="Financial")
    maturity = row.get_by_label("VBP domain maturity (0-5)")
    maturity.select_option("3")
    priority = row.get_by_label("Priority for action")
    priority.select_option("low")
    for select in (maturity, priority):
        expect(select).to_be_visible()
        text = select.evaluate("s => s.selectedOptions[0].text")
        assert len(text) > 40, text  # the rubric's words, not only the number
        # Nothing of the chosen option is cut off: the select is as wide and as tall as
        # its text needs.
        clipped = select.evaluate(
            "s => s.scrollWidth > s.clientWidth + 1 || s.scrollHeight > s.clientHeight + 1"
        )
        assert not clipped, f"{text!r} is cut at {width} px"
        height = select.evaluate("s => s.getBoundingClientRect().height")
        assert height > 45, f"{text!r} stays on one line at {width} px"
    auditor.look(page, f"gap-analysis-{width}")
    auditor.assert_clean([page])
