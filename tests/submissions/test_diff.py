"""What changed between two versions, row by row: rows are matched by their id (by
position in snapshots frozen before rows had one), only added, removed and changed rows
are listed, and within a changed text only the changed words are marked."""

import pytest
from django.db import transaction
from django.urls import reverse

from action_plans.models import ActionPlan, Activity, Indicator, KeyDecision, Mitigation
from submissions.diff import changes, word_changes
from submissions.snapshot import milestone_content
from tests.factories import PASSWORD, add_care_plan_indicator, complete_milestone


@pytest.fixture
def complete(cast):
    return complete_milestone(cast.milestone, cast.respondent)


@pytest.fixture
def plan(complete):
    return ActionPlan.objects.get(capability__milestone=complete, capability__position=1)


def content(milestone):
    return milestone_content(milestone)


def listed(found):
    return [(c.kind, c.label) for c in found]


def test_unchanged_content_has_no_changes(complete):
    assert changes(content(complete), content(complete)) == []


def test_adding_a_second_indicator_shows_only_that_indicator(complete, plan):
    before = content(complete)
    add_care_plan_indicator(plan, baseline=2)
    found = changes(before, content(complete))
    assert listed(found) == [("added", "C · Capability 1 · Indicator 2")]
    assert found[0].before == ""
    lines = found[0].after.splitlines()
    for line in (
        "Name: Patients with a care plan",
        "Baseline: 2",
        "Target: 40",
        "Unit: %",
        "Target month: December 2027",
    ):
        assert line in lines
    assert "Indicator 1" not in found[0].after


def test_a_removed_mitigation_is_shown_as_removed(complete):
    Mitigation.objects.create(risk=complete.risks.get(position=2), description="Hire a backup")
    before = content(complete)
    Mitigation.objects.get(description="Mitigation 2").delete()
    found = changes(before, content(complete))
    assert listed(found) == [("removed", "C · Risk 2 · Mitigation 1")]
    assert (found[0].before, found[0].after) == ("Mitigation 2", "")


def test_a_changed_row_shows_the_changed_field_with_only_its_new_words_marked(complete, plan):
    before = content(complete)
    plan.goals = "Goals 1 text, reviewed every month by the board."
    plan.save()
    found = changes(before, content(complete))
    assert listed(found) == [("changed", "C · Capability 1 · Goals")]
    old, new = found[0].words
    assert old == [("Goals 1 text", "")]
    assert new == [("Goals 1 text", ""), (", reviewed every month by the board.", "ins")]


def test_a_rewritten_word_is_one_removal_and_one_addition():
    old, new = word_changes("Meet the IPA monthly.", "Meet the IPA every quarter.")
    assert old == [("Meet the IPA ", ""), ("monthly", "del"), (".", "")]
    assert new == [("Meet the IPA ", ""), ("every quarter", "ins"), (".", "")]


def test_a_row_moved_by_its_new_date_is_matched_by_its_id(complete, plan):
    """Activities are shown in date order: giving the first one a later date moves it
    last; only its date changed."""
    before = content(complete)
    first = Activity.objects.get(plan=plan, description="Activity 1.1")
    first.target_month, first.target_year = 12, 2027
    first.save()
    after = content(complete)
    assert [a["description"] for a in after["action_plan"]["plans"][0]["activities"]] == [
        "Activity 1.2",
        "Activity 1.3",
        "Activity 1.1",
    ]
    found = changes(before, after)
    assert [(c.label, c.before, c.after) for c in found] == [
        ("C · Capability 1 · Activity 3 · Target month", "January 2027", "December 2027")
    ]


def test_a_key_decision_deleted_in_the_middle_leaves_the_others_unchanged(complete, plan):
    KeyDecision.objects.create(plan=plan, description="Decision 1.3")
    before = content(complete)
    KeyDecision.objects.get(description="Decision 1.2").delete()
    found = changes(before, content(complete))
    assert [(c.kind, c.label, c.before) for c in found] == [
        ("removed", "C · Capability 1 · Key decision 2", "Decision 1.2")
    ]


def test_a_changed_choice_shows_its_label(complete, plan):
    before = content(complete)
    plan.structural_changes.update(category="workflow")
    found = changes(before, content(complete))
    assert [(c.label, c.before, c.after) for c in found] == [
        ("C · Capability 1 · Structural change 1 · Category", "Staffing", "Workflow redesign")
    ]


def test_a_changed_kind_of_indicator_shows_the_label_of_its_choice(complete, plan):
    """Choices are read from the model field: a field added later needs no code here."""
    before = content(complete)
    plan.indicators.update(kind=Indicator.Kind.MILESTONE)
    found = changes(before, content(complete))
    assert [(c.label, c.before, c.after) for c in found] == [
        (
            "C · Capability 1 · Indicator 1 · Kind of indicator",
            "Numeric",
            "Milestone (a dated outcome)",
        )
    ]


def without_ids(content):
    """A snapshot as frozen before rows carried their id."""
    for cap in content["gap_analysis"]["capabilities"]:
        cap.pop("id")
    for p in content["action_plan"]["plans"]:
        p.pop("id")
        p.pop("key_decision_ids")
        for key in ("activities", "structural_changes", "indicators"):
            for row in p[key]:
                row.pop("id")
    for risk in content["action_plan"]["risks"]:
        risk.pop("id")
        risk.pop("mitigation_ids")
    return content


def test_an_older_snapshot_without_row_ids_is_matched_by_position(complete, plan):
    before = without_ids(content(complete))
    Indicator.objects.create(plan=plan, name="Patients with a care plan", target=40)
    found = changes(before, content(complete))
    assert listed(found) == [("added", "C · Capability 1 · Indicator 2")]


def test_a_snapshot_frozen_before_indicator_kinds_reads_its_indicators_as_numeric(complete):
    before = content(complete)
    for plan_content in before["action_plan"]["plans"]:
        for indicator in plan_content["indicators"]:
            del indicator["kind"]
    assert changes(before, content(complete)) == []


@pytest.fixture(autouse=True)
def _send_mail_on_commit(monkeypatch):
    monkeypatch.setattr(transaction, "on_commit", lambda func, *a, **k: func())


def resubmit(cast, login, edit):
    """Version 1 submitted, changes requested, ``edit`` made, version 2 submitted."""
    submit = reverse("submissions:submit", args=[cast.milestone.pk])
    login(cast.lead).post(submit, {"password": PASSWORD, "attest": "on"})
    coach = login(cast.coach)
    coach.post(
        reverse("submissions:comment_create", args=[cast.milestone.pk]),
        {"section": "plan:1", "body": "Add an indicator of care plans."},
    )
    coach.post(reverse("submissions:request_changes", args=[cast.milestone.pk]), {"note": ""})
    edit()
    login(cast.lead).post(submit, {"password": PASSWORD, "attest": "on"})
    cast.milestone.refresh_from_db()
    assert cast.milestone.version == 2


def changes_table(page):
    return page.split("What changed since version 1")[1].split("<tbody>")[1].split("</tbody>")[0]


def test_review_page_lists_the_added_indicator_alone_with_marked_words(cast, complete, login):
    plan = ActionPlan.objects.get(capability__milestone=complete, capability__position=1)

    def edit():
        add_care_plan_indicator(plan)
        plan.goals = "Goals 1 text, reviewed monthly."
        plan.save()

    resubmit(cast, login, edit)
    page = login(cast.coach).get(reverse("submissions:review", args=[cast.milestone.pk]))
    table = changes_table(page.content.decode())
    assert "C · Capability 1 · Indicator 2 <span" in table and "(row added)" in table
    assert "Indicator 1" not in table
    assert "Goals 1 text" in table
    assert (
        '<ins class="word-change"><span class="visually-hidden">added: </span>'
        ", reviewed monthly.</ins>" in table
    )
    assert "<del" not in table
