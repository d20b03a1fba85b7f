"""Nothing typed is lost, in Chromium: every form page saves its draft as it is typed and
before the page is left. Type, follow one of the page's own links at once, come back:
what was typed is there. A row added in place and typed in is saved once, not twice; a
reload before the autosave caught up warns first; a VaPCAT comment is saved as it is
typed, without leaving the field."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from action_plans.models import ActionPlan, Activity, ProcessSummary
from assessments.models import Answer
from gap_analysis.models import DomainRating
from tests.action_plans.conftest import capability_url, make_capability, make_plan
from tests.e2e.people import follow, log_in

pytestmark = pytest.mark.browser

SAVED_AT = re.compile(r"^Saved at \d\d:\d\d$")


def status(page):
    return page.locator("[data-autosave-status]")


def test_process_summary_typed_then_left_at_once_is_kept(open_page, cast):
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(reverse("action_plans:process", args=[cast.milestone.pk]))
    page.fill("#id_overview", "Four meetings with the care team and the CFO.")
    follow(page.get_by_role("navigation", name="Pages of part C"), "Risks")
    expect(page.get_by_role("heading", level=1)).to_have_text("Risks and mitigations")

    follow(page.get_by_role("navigation", name="Pages of part C"), "Process summary")
    expect(page.locator("#id_overview")).to_have_value(
        "Four meetings with the care team and the CFO."
    )
    summary = ProcessSummary.objects.get(milestone=cast.milestone)
    assert summary.overview == "Four meetings with the care team and the CFO."
    assert page.problems == []


def test_capability_plan_typed_then_left_at_once_is_kept(open_page, cast):
    capability = make_capability(cast.milestone)
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(capability_url(capability))
    page.fill("#id_goals", "See every attributed member's gaps in care each month.")
    page.fill("#id_activities-0-description", "Choose a data vendor")
    follow(page.get_by_role("navigation", name="Pages of part C"), "Risks")
    expect(page.get_by_role("heading", level=1)).to_have_text("Risks and mitigations")

    follow(page.get_by_role("navigation", name="Pages of part C"), "Capability 2")
    expect(page.locator("#id_goals")).to_have_value(
        "See every attributed member's gaps in care each month."
    )
    expect(page.locator("#id_activities-0-description")).to_have_value("Choose a data vendor")
    assert list(Activity.objects.values_list("description", flat=True)) == ["Choose a data vendor"]
    assert page.problems == []


def test_a_row_added_in_place_is_saved_once(open_page, cast):
    capability = make_capability(cast.milestone)
    make_plan(capability)
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(capability_url(capability))
    page.click("button[data-add-row=activities]")
    page.fill("#id_activities-4-description", "Hire a second analyst")
    revision = page.locator("input[name=revision]")
    expect(revision).to_have_value("1")
    expect(status(page)).to_have_text(SAVED_AT)
    assert Activity.objects.filter(description="Hire a second analyst").count() == 1

    # The row now stands for the stored activity (it is one of the formset's stored rows,
    # in place on the page): typing in it again updates that activity.
    row = page.locator("#activities-rows .formset-row").nth(4)
    expect(row.locator("textarea")).to_have_attribute("name", "activities-3-description")
    assert page.input_value("#id_activities-INITIAL_FORMS") == "4"
    row.locator("textarea").fill("Hire a second analyst by June")
    expect(revision).to_have_value("2")
    expect(status(page)).to_have_text(SAVED_AT)
    with page.expect_navigation():
        page.click("button[name=save] >> nth=0")
    expect(page.get_by_text("Capability 2's action plan was saved.")).to_be_visible()
    plan = ActionPlan.objects.get(capability=capability)
    assert sorted(plan.activities.values_list("description", flat=True)) == [
        "Activity 1",
        "Activity 2",
        "Activity 3",
        "Hire a second analyst by June",
    ]
    assert page.problems == []


def test_gap_analysis_typed_then_left_at_once_is_kept(open_page, cast):
    page = open_page()
    log_in(page, cast.lead.email)
    page.goto(reverse("gap_analysis:edit", args=[cast.milestone.pk]))
    page.fill("#id_rating-B-current_state", "Two clinics share one front desk team.")
    follow(page.locator("#gap-analysis-form"), "Go to the three capabilities")
    expect(page.get_by_role("heading", level=1)).to_have_text("Part B · The three capabilities")

    page.goto(reverse("gap_analysis:edit", args=[cast.milestone.pk]))
    expect(page.locator("#id_rating-B-current_state")).to_have_value(
        "Two clinics share one front desk team."
    )
    rating = DomainRating.objects.get(milestone=cast.milestone, domain__code="B")
    assert rating.current_state == "Two clinics share one front desk team."
    assert page.problems == []


def test_reloading_before_the_autosave_caught_up_warns_first(open_page, cast):
    page = open_page()
    log_in(page, cast.lead.email)
    url = reverse("action_plans:process", args=[cast.milestone.pk])
    page.goto(url)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    page.click("#id_alignment")
    page.keyboard.type("Fits our quality work.")
    page.evaluate("window.stillHere = true")
    try:
        page.reload(timeout=3_000)
    except Exception:  # the warning kept the page: the reload never finished
        pass
    assert dialogs == ["beforeunload"]
    assert page.evaluate("window.stillHere === true")

    # Once the autosave has caught up, leaving says nothing.
    expect(status(page)).to_have_text(SAVED_AT)
    page.reload()
    expect(page.locator("#id_alignment")).to_have_value("Fits our quality work.")
    assert dialogs == ["beforeunload"]
    assert page.problems == []


def test_a_questionnaire_comment_is_saved_as_it_is_typed(open_page, cast):
    page = open_page()
    log_in(page, cast.respondent.email)
    page.goto(reverse("assessments:overview", args=[cast.milestone.pk]))
    page.click("#id_C2-comment")
    page.keyboard.type("The registry is a spreadsheet")
    # Still in the field: no "change" yet, the pause in typing saves it.
    expect(page.locator("#autosave-status")).to_have_text("Saved your answer to C2.")
    assert page.evaluate("document.activeElement.id") == "id_C2-comment"

    page.reload()
    expect(page.locator("#id_C2-comment")).to_have_value("The registry is a spreadsheet")
    answer = Answer.objects.get(item__code="C2")
    assert (answer.value, answer.dont_know, answer.comment) == (
        None,
        False,
        "The registry is a spreadsheet",
    )
    assert page.problems == []
