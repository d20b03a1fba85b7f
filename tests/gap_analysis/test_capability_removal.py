"""The plan follows its capability: editing keeps it; removing asks first, and the
removed plan stays in the history."""

from django.urls import reverse

from action_plans.models import ActionPlan, Activity
from gap_analysis.models import Capability
from submissions.concurrency import current_revision
from tests.gap_analysis.conftest import capability_data


def url(cast):
    return reverse("gap_analysis:capabilities", args=[cast.milestone.pk])


def confirm_url(cast, position):
    return reverse("gap_analysis:capability_remove", args=[cast.milestone.pk, position])


def stored(cast):
    return list(Capability.objects.filter(milestone=cast.milestone))


def test_editing_a_capability_keeps_its_action_plan(cast, login, make_capability, make_plan):
    capability = make_capability(1, "Quality dashboards")
    plan = make_plan(capability)
    data = capability_data(
        cast.milestone, stored(cast), {1: {"name": "Quality and cost dashboards"}}
    )
    login(cast.lead).post(url(cast), data)
    capability.refresh_from_db()
    assert capability.name == "Quality and cost dashboards"
    assert capability.plan.pk == plan.pk
    assert capability.plan.goals == "Monthly quality dashboards shared with our MCP."


def test_removing_a_capability_with_a_plan_asks_for_confirmation(
    cast, login, make_capability, make_plan
):
    make_plan(make_capability(1, "Quality dashboards"))
    make_capability(2, "Contract negotiation")
    client = login(cast.lead)
    data = capability_data(cast.milestone, stored(cast), {2: {"name": "Contract terms"}})
    response = client.post(url(cast), {**data, "remove": "1"})
    assert response.status_code == 302
    assert response["Location"] == confirm_url(cast, 1)
    assert [c.name for c in stored(cast)] == ["Quality dashboards", "Contract terms"]
    html = client.get(response["Location"]).content.decode()
    assert "Remove capability 1?" in html
    assert "Quality dashboards · Data, Analytics, and Technology" in html
    assert "This capability has an action plan, and it will be removed too:" in html
    assert "its goals: “Monthly quality dashboards shared with our MCP.”" in html
    assert "1 activity, 1 key decision, 0 structural changes and 0 indicators;" in html
    assert "A program administrator can recover them from that history" in html
    history = reverse("submissions:history", args=[cast.milestone.pk])
    assert f'<a href="{history}">the milestone’s change history</a>' in html
    assert "Remove capability 1 and its action plan</button>" in html


def test_confirming_removes_the_capability_and_its_plan(cast, login, make_capability, make_plan):
    plan = make_plan(make_capability(1, "Quality dashboards"))
    client = login(cast.lead)
    revision = current_revision(cast.milestone, "capabilities")
    response = client.post(confirm_url(cast, 1), {"revision": revision}, follow=True)
    assert stored(cast) == []
    assert not ActionPlan.objects.filter(pk=plan.pk).exists()
    assert (
        "Capability 1 and its action plan were removed. The portal’s history keeps both; "
        "a program administrator can recover them." in response.content.decode()
    )


def test_a_removed_plan_can_be_recovered_from_history(cast, login, make_capability, make_plan):
    capability = make_capability(1, "Quality dashboards")
    plan = make_plan(capability)
    client = login(cast.lead)
    client.post(
        confirm_url(cast, 1), {"revision": current_revision(cast.milestone, "capabilities")}
    )
    removed_plan = ActionPlan.history.filter(id=plan.pk, history_type="-").get()
    assert removed_plan.goals == "Monthly quality dashboards shared with our MCP."
    assert removed_plan.history_user == cast.lead
    removed_capability = Capability.history.filter(id=capability.pk, history_type="-").get()
    assert removed_capability.name == "Quality dashboards"
    removed_activity = Activity.history.filter(plan_id=plan.pk, history_type="-").get()
    assert removed_activity.description == "Choose a vendor"
    history = client.get(reverse("submissions:history", args=[cast.milestone.pk]))
    assert history.status_code == 200 and "Quality dashboards" in history.content.decode()
    # The history holds enough to put them back as they were.
    removed_capability.instance.save()
    removed_plan.instance.save()
    assert Capability.objects.get(pk=capability.pk).plan.goals == removed_plan.goals


def test_a_capability_without_a_plan_is_removed_at_once(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    make_capability(2, "Quality dashboards")  # a duplicate is a common reason to remove
    client = login(cast.lead)
    data = capability_data(cast.milestone, stored(cast))
    response = client.post(url(cast), {**data, "remove": "2"}, follow=True)
    assert [c.position for c in stored(cast)] == [1]
    assert "Capability 2 was removed." in response.content.decode()


def test_a_freed_position_is_taken_by_the_next_capability(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    make_capability(2, "Contract negotiation")
    client = login(cast.lead)
    client.post(url(cast), {**capability_data(cast.milestone, stored(cast)), "remove": "1"})
    client.post(url(cast), {**capability_data(cast.milestone, stored(cast)), "add": ""})
    assert [(c.position, c.name) for c in stored(cast)] == [(1, ""), (2, "Contract negotiation")]


def test_the_confirmation_page_for_a_capability_without_a_plan(cast, login, make_capability):
    make_capability(2, "Contract negotiation")
    html = login(cast.lead).get(confirm_url(cast, 2)).content.decode()
    assert "Remove capability 2?" in html
    assert "action plan, and it will be removed too" not in html
    assert "Remove capability 2</button>" in html


def test_removing_a_capability_that_does_not_exist_is_404(cast, login):
    assert login(cast.lead).get(confirm_url(cast, 3)).status_code == 404
