"""The template's minimums for each capability's plan, at their edges, and the messages
that name the capability and the row and link to the field that fixes it."""

import re

import pytest

from action_plans import completeness
from action_plans.models import Activity, Indicator, KeyDecision, StructuralChange
from gap_analysis.models import Capability
from tests.action_plans.conftest import capability_url, complete_risks, make_plan


def messages(milestone):
    return [problem.message for problem in completeness.part(milestone).problems]


def plan_messages(milestone, position=2):
    return [m for m in messages(milestone) if m.startswith(f"Capability {position}")]


def test_a_plan_with_the_minimums_has_no_problem(cast, capability):
    make_plan(capability)
    assert plan_messages(cast.milestone) == []


def test_capability_with_two_activities_is_incomplete(cast, capability):
    make_plan(capability, activities=2)
    assert plan_messages(cast.milestone) == [
        "Capability 2 has 2 activities; at least 3 are required."
    ]


def test_capability_with_three_activities_is_complete(cast, capability):
    make_plan(capability, activities=3)
    assert plan_messages(cast.milestone) == []


def test_capability_with_one_key_decision_is_incomplete(cast, capability):
    make_plan(capability, decisions=1)
    assert plan_messages(cast.milestone) == [
        "Capability 2 has 1 key decision; at least 2 are required."
    ]


def test_counts_of_one_kind_of_row_do_not_multiply_another(cast, capability):
    # Key decisions and structural changes are counted in one query: 1 x 3 joined rows
    # must still read as 1 decision (and 3 changes, 2 activities).
    make_plan(capability, activities=2, decisions=1, changes=3)
    assert plan_messages(cast.milestone) == [
        "Capability 2 has 2 activities; at least 3 are required.",
        "Capability 2 has 1 key decision; at least 2 are required.",
    ]


def test_capability_with_two_key_decisions_is_complete(cast, capability):
    make_plan(capability, decisions=2)
    assert plan_messages(cast.milestone) == []


def test_capability_without_structural_change_is_incomplete(cast, capability):
    make_plan(capability, changes=0)
    assert plan_messages(cast.milestone) == [
        "Capability 2 has 0 structural changes; at least 1 is required."
    ]


def test_capability_with_one_structural_change_is_complete(cast, capability):
    make_plan(capability, changes=1)
    assert plan_messages(cast.milestone) == []


def test_capability_without_indicator_is_incomplete(cast, capability):
    make_plan(capability, indicators=0)
    assert plan_messages(cast.milestone) == [
        "Capability 2 has 0 indicators; at least 1 is required."
    ]


def test_capability_with_one_indicator_is_complete(cast, capability):
    make_plan(capability, indicators=1)
    assert plan_messages(cast.milestone) == []


def test_blank_staffing_is_incomplete(cast, capability):
    make_plan(capability, process_manager="  ")
    assert plan_messages(cast.milestone) == ["Capability 2: say who will manage the process."]


def test_blank_leadership_engagement_is_incomplete(cast, capability):
    make_plan(capability, leadership_engagement="")
    assert plan_messages(cast.milestone) == [
        "Capability 2: describe how leadership will be engaged."
    ]


def test_other_staff_and_leadership_needs_are_optional(cast, capability):
    make_plan(capability, other_staff="", leadership_needs="")
    assert plan_messages(cast.milestone) == []


def test_blank_goals_are_incomplete(cast, capability):
    make_plan(capability, goals="")
    assert plan_messages(cast.milestone) == ["Capability 2: describe the goals."]


def test_activity_without_month_names_the_capability_and_row(cast, capability):
    plan = make_plan(capability)
    Activity.objects.create(plan=plan, description="Hire an analyst", target_year=2027)
    assert plan_messages(cast.milestone) == ["Capability 2, activity 4: choose a completion month."]


def test_activity_numbers_follow_date_order_with_undated_rows_last(cast, capability):
    plan = make_plan(capability, activities=0)
    Activity.objects.create(plan=plan, description="Undated")
    Activity.objects.create(plan=plan, description="Late", target_month=3, target_year=2028)
    Activity.objects.create(plan=plan, description="Early", target_month=2, target_year=2026)
    Activity.objects.create(plan=plan, description="Middle", target_month=11, target_year=2026)
    assert plan_messages(cast.milestone) == ["Capability 2, activity 4: choose a completion month."]


def test_indicator_without_numeric_target_or_month_is_incomplete(cast, capability):
    plan = make_plan(capability, indicators=0)
    Indicator.objects.create(plan=plan, name="Matched members", how_measured="Roster match")
    assert plan_messages(cast.milestone) == [
        "Capability 2, indicator 1: give a numeric target.",
        "Capability 2, indicator 1: choose a completion month.",
    ]


def test_indicator_without_how_it_is_measured_is_incomplete(cast, capability):
    plan = make_plan(capability)
    plan.indicators.update(how_measured="")
    assert plan_messages(cast.milestone) == ["Capability 2, indicator 1: say how it is measured."]


def test_capability_without_a_plan_lists_every_rule(cast, capability):
    assert plan_messages(cast.milestone) == [
        "Capability 2: describe the goals.",
        "Capability 2 has 0 activities; at least 3 are required.",
        "Capability 2 has 0 key decisions; at least 2 are required.",
        "Capability 2 has 0 structural changes; at least 1 is required.",
        "Capability 2: say who will manage the process.",
        "Capability 2: describe how leadership will be engaged.",
        "Capability 2 has 0 indicators; at least 1 is required.",
    ]


def test_rows_are_counted_per_capability(cast, capability):
    make_plan(capability)
    other = Capability.objects.create(milestone=cast.milestone, position=3, name="Contracting")
    make_plan(other, activities=1)
    assert (
        messages(cast.milestone).count("Capability 3 has 1 activity; at least 3 are required.") == 1
    )
    assert plan_messages(cast.milestone, 2) == []


def test_risks_need_description_reason_and_a_mitigation(cast):
    risk_messages = [m for m in messages(cast.milestone) if m.startswith("Risk")]
    assert risk_messages == [
        "Risk 1: describe the risk.",
        "Risk 1: say why it is likely.",
        "Risk 1 has no mitigation; at least 1 is required.",
        "Risk 2: describe the risk.",
        "Risk 2: say why it is likely.",
        "Risk 2 has no mitigation; at least 1 is required.",
    ]
    complete_risks(cast.milestone)
    assert [m for m in messages(cast.milestone) if m.startswith("Risk")] == []


def test_process_summary_needs_all_three_answers(cast):
    cast.milestone.process_summary.overview = "We met weekly."
    cast.milestone.process_summary.save()
    assert [m for m in messages(cast.milestone) if m.startswith("Process")] == [
        "Process summary: name the leadership and staff involved.",
        "Process summary: describe how this aligns with other priorities.",
    ]


@pytest.mark.parametrize("role", ["lead", "coach"])
def test_every_problem_links_to_an_element_on_its_page(cast, capability, login, role):
    """Editable (lead) and read-only (coach) pages both carry every anchor."""
    plan = make_plan(capability, activities=2, decisions=1, changes=0, process_manager="")
    Activity.objects.create(plan=plan, description="No month", target_year=2027)
    Indicator.objects.create(plan=plan, name="No target", how_measured="")
    plan.key_decisions.all().delete()
    StructuralChange.objects.all().delete()
    KeyDecision.objects.create(plan=plan, description="Only one")
    client = login(getattr(cast, role))
    problems = completeness.part(cast.milestone).problems
    assert len(problems) > 10
    pages = {}
    for problem in problems:
        path, _, anchor = problem.url.partition("#")
        assert anchor, f"{problem.message} has no anchor"
        if path not in pages:
            pages[path] = client.get(path).content.decode()
        assert re.search(rf'id="{re.escape(anchor)}"', pages[path]), (
            f"{problem.message}: no element #{anchor} on {path}"
        )
    assert capability_url(capability) in pages
