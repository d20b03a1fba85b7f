"""The template's minimums for each capability's plan, at their edges, and the messages
that name the capability and the row and link to the field that fixes it."""

import re
from decimal import Decimal

import pytest

from action_plans import completeness
from action_plans.models import Activity, Indicator, KeyDecision, Mitigation, StructuralChange
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
    assert plan_messages(cast.milestone) == [
        "Capability 2: say which staff will manage the process."
    ]


def test_blank_leadership_engagement_is_incomplete(cast, capability):
    make_plan(capability, leadership_engagement="")
    assert plan_messages(cast.milestone) == ["Capability 2: say how you will engage leadership."]


def test_what_other_key_staff_will_be_involved_is_required(cast, capability):
    """Staffing: "Which staff will be responsible for managing this process? What other
    key staff will be involved?" Both halves are asked."""
    make_plan(capability, other_staff="")
    assert plan_messages(cast.milestone) == [
        "Capability 2: say what other key staff will be involved."
    ]
    (problem,) = [p for p in completeness.part(cast.milestone).problems if "key staff" in p.message]
    assert problem.url.endswith("#id_other_staff")


def test_what_you_need_from_leadership_is_required(cast, capability):
    """Leadership Engagement: "How will you engage leadership? What do you need from
    leadership to be successful?" Both halves are asked."""
    make_plan(capability, leadership_needs="\u200b ")
    assert plan_messages(cast.milestone) == [
        "Capability 2: say what you need from leadership to be successful."
    ]


def test_goals_of_only_invisible_characters_or_punctuation_are_empty(cast, capability):
    make_plan(capability, goals="\u200b\u200b")
    other = Capability.objects.create(milestone=cast.milestone, position=3, name="Contracting")
    make_plan(other, goals=" ... ")
    assert plan_messages(cast.milestone) == ["Capability 2: describe the goals."]
    assert plan_messages(cast.milestone, 3) == ["Capability 3: describe the goals."]


def test_three_identical_activities_count_as_one(cast, capability):
    plan = make_plan(capability, activities=0)
    for month in (1, 2, 3):
        Activity.objects.create(
            plan=plan, description="Hire a data analyst", target_month=month, target_year=2027
        )
    problems = [
        p for p in completeness.part(cast.milestone).problems if "Capability 2" in p.message
    ]
    assert [p.message for p in problems] == [
        "Capability 2 has 1 different activity; at least 3 are required.",
        "Capability 2, activity 2 repeats activity 1; a repeat does not count toward the "
        "minimum. Make it a different entry or remove it.",
        "Capability 2, activity 3 repeats activity 1; a repeat does not count toward the "
        "minimum. Make it a different entry or remove it.",
    ]
    # Each repeat is flagged where it is: its own row's field.
    assert problems[2].url.endswith("#id_activities-2-description")


@pytest.mark.parametrize(
    "copy",
    [
        "hire a data analyst.",  # case and a trailing full stop
        "Hire  a\tdata analyst",  # spacing
        "Hire a data\u200b analyst",  # a zero-width space
        "Ｈｉｒｅ a data analyst",  # full-width letters (NFKC)
        "¡Hire a data analyst!",  # punctuation
    ],
)
def test_entries_equal_after_normalising_are_the_same_entry(cast, capability, copy):
    plan = make_plan(capability, activities=2)
    Activity.objects.filter(plan=plan, description="Activity 2").update(
        description="Hire a data analyst"
    )
    Activity.objects.create(plan=plan, description=copy, target_month=5, target_year=2027)
    messages_ = plan_messages(cast.milestone)
    assert "Capability 2 has 2 different activities; at least 3 are required." in messages_
    assert any("activity 3 repeats activity 2" in m for m in messages_), messages_


def test_two_identical_key_decisions_count_as_one(cast, capability):
    plan = make_plan(capability, decisions=1)
    KeyDecision.objects.create(plan=plan, description="decision 1.")
    assert plan_messages(cast.milestone)[:2] == [
        "Capability 2 has 1 different key decision; at least 2 are required.",
        "Capability 2, key decision 2 repeats key decision 1; a repeat does not count toward "
        "the minimum. Make it a different entry or remove it.",
    ]


def test_repeated_structural_change_and_indicator_are_flagged(cast, capability):
    plan = make_plan(capability)
    StructuralChange.objects.create(
        plan=plan, category=StructuralChange.Category.OTHER, description="CHANGE 1"
    )
    Indicator.objects.create(
        plan=plan,
        name="Indicator 1.",
        how_measured="Count",
        target=Decimal("3"),
        target_month=3,
        target_year=2027,
    )
    assert plan_messages(cast.milestone) == [
        "Capability 2, structural change 2 repeats structural change 1; a repeat does not "
        "count toward the minimum. Make it a different entry or remove it.",
        "Capability 2, indicator 2 repeats indicator 1; a repeat does not count toward the "
        "minimum. Make it a different entry or remove it.",
    ]


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
        "Capability 2: say which staff will manage the process.",
        "Capability 2: say what other key staff will be involved.",
        "Capability 2: say how you will engage leadership.",
        "Capability 2: say what you need from leadership to be successful.",
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


def test_two_identical_risks_do_not_pass(cast):
    complete_risks(cast.milestone)
    cast.milestone.risks.filter(position=2).update(description="risk 1 text!")
    problems = [
        p for p in completeness.part(cast.milestone).problems if p.message.startswith("Risk")
    ]
    assert [p.message for p in problems] == [
        "Risk 2 repeats risk 1; the two most likely risks must be different."
    ]
    assert problems[0].url.endswith("#id_risk-2-description")


def test_a_repeated_mitigation_of_one_risk_is_flagged(cast):
    complete_risks(cast.milestone)
    risk = cast.milestone.risks.get(position=1)
    Mitigation.objects.create(risk=risk, description="MITIGATION of risk 1")
    problems = [
        p for p in completeness.part(cast.milestone).problems if p.message.startswith("Risk")
    ]
    assert [p.message for p in problems] == [
        "Risk 1, mitigation 2 repeats mitigation 1; make it a different strategy or remove it."
    ]


def test_a_mitigation_of_only_invisible_characters_is_no_mitigation(cast):
    complete_risks(cast.milestone)
    risk = cast.milestone.risks.get(position=2)
    risk.mitigations.update(description="\u200b\u2060")
    assert [m for m in messages(cast.milestone) if m.startswith("Risk")] == [
        "Risk 2 has no mitigation; at least 1 is required."
    ]


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
