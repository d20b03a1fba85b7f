"""Measuring progress: "at least 1 specific and measurable indicator of progress". An
indicator is numeric (a target with its unit, by a month) or a milestone (a dated,
checkable outcome with how it will be verified); both count."""

from decimal import Decimal

from action_plans import completeness
from action_plans.models import Indicator
from submissions.deliverable import deliverable_context
from submissions.snapshot import milestone_content
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan

OUTCOME = "Signed roster-exchange agreement with the IPA"


def plan_messages(milestone, position=2):
    return [
        problem.message
        for problem in completeness.part(milestone).problems
        if problem.message.startswith(f"Capability {position}")
    ]


def milestone_plan(capability, **indicator):
    plan = make_plan(capability, indicators=0)
    values = {
        "kind": Indicator.Kind.MILESTONE,
        "name": OUTCOME,
        "how_measured": "The signed agreement, filed with the board minutes",
        "target_month": 3,
        "target_year": 2027,
        **indicator,
    }
    Indicator.objects.create(plan=plan, **values)
    return plan


def test_a_dated_checkable_outcome_meets_measuring_progress(cast, capability):
    milestone_plan(capability)
    assert plan_messages(cast.milestone) == []


def test_a_milestone_says_how_it_will_be_verified(cast, capability):
    milestone_plan(capability, how_measured="  ")
    assert plan_messages(cast.milestone) == [
        "Capability 2, indicator 1: say how it will be verified."
    ]


def test_a_milestone_needs_the_month_it_is_to_be_achieved_by(cast, capability):
    milestone_plan(capability, target_month=None, target_year=None)
    assert plan_messages(cast.milestone) == [
        "Capability 2, indicator 1: choose the month it is to be achieved by."
    ]


def test_a_milestone_with_numbers_is_flagged_not_silently_dropped(cast, capability):
    milestone_plan(capability, target=Decimal("90"), unit="%")
    (problem,) = [
        p for p in completeness.part(cast.milestone).problems if "indicator 1" in p.message
    ]
    assert problem.message == (
        "Capability 2, indicator 1: a milestone has no baseline, target or unit; clear them or "
        "make it a numeric indicator."
    )
    assert problem.url.endswith("#id_indicators-0-kind")


def test_a_numeric_indicator_still_needs_its_target(cast, capability):
    plan = make_plan(capability)
    plan.indicators.update(target=None)
    assert plan_messages(cast.milestone) == ["Capability 2, indicator 1: give a numeric target."]


def test_indicators_are_numeric_unless_said_otherwise(cast, capability):
    plan = make_plan(capability)
    assert plan.indicators.get().kind == Indicator.Kind.NUMERIC


def test_the_lead_records_a_milestone_indicator_on_the_page(cast, capability, login):
    client = login(cast.lead)
    url = capability_url(capability)
    page = client.get(url)
    assert "Milestone (a dated outcome)" in page.content.decode()
    data = form_data(page, "plan-form")
    data.update(
        {
            "indicators-0-kind": "milestone",
            "indicators-0-name": OUTCOME,
            "indicators-0-how_measured": "The signed agreement",
            "indicators-0-target_month": "3",
            "indicators-0-target_year": "2027",
        }
    )
    assert client.post(url, data).status_code == 302
    indicator = Indicator.objects.get()
    assert (indicator.kind, indicator.name, indicator.target) == ("milestone", OUTCOME, None)
    # Read-only, a coach sees its kind and when it is to be achieved.
    coach_page = login(cast.coach).get(url).content.decode()
    assert "Milestone (a dated outcome)" in coach_page
    assert "achieved by March 2027" in coach_page


def test_the_deliverable_prints_a_milestone_as_achieved_by_its_month(cast, capability):
    milestone_plan(capability)
    context = deliverable_context(milestone_content(cast.milestone))
    (plan,) = [p for p in context["plans"] if p["position"] == 2]
    (indicator,) = plan["indicators"]
    assert indicator["name"] == OUTCOME
    assert indicator["measure_display"] == "Milestone, achieved by March 2027"
