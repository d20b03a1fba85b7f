"""Autosave of part C's pages (process summary, a capability's plan, the risks): the page's
own POST with ``X-Autosave: 1`` saves exactly as Save does and answers in JSON; on pages
with rows it says which stored row each form now is, so that the next save updates the
rows an autosave created instead of creating them again."""

import re

import pytest
from django.urls import reverse

from action_plans.models import ActionPlan, Activity, Mitigation, ProcessSummary
from submissions.concurrency import current_revision
from submissions.models import MilestoneSubmission
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import capability_url, make_plan

AUTOSAVE = {"X-Autosave": "1"}


def process_url(cast):
    return reverse("action_plans:process", args=[cast.milestone.pk])


def risks_url(cast):
    return reverse("action_plans:risks", args=[cast.milestone.pk])


def submit(cast):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted")


def overview(cast):
    summary = ProcessSummary.objects.filter(milestone=cast.milestone).first()
    return summary.overview if summary else ""


# --- the process summary ---------------------------------------------------------------


def test_process_summary_autosave_saves_and_answers_the_new_revision(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(process_url(cast)), "process-form")
    data["overview"] = "We met four times with the care team."
    response = client.post(process_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["revision"] == 1
    assert re.fullmatch(r"\d\d:\d\d", body["saved_at"])
    assert "rows" not in body
    assert overview(cast) == "We met four times with the care team."
    assert current_revision(cast.milestone, "process") == 1
    page = client.get(process_url(cast)).content.decode()
    assert "The process summary was saved." not in page  # no message left for later


def test_process_summary_autosave_after_someone_else_saved_is_refused(cast, login):
    client = login(cast.lead)
    loaded = form_data(client.get(process_url(cast)), "process-form")
    login(cast.admin).post(process_url(cast), {**loaded, "overview": "Admin's overview"})
    response = login(cast.lead).post(
        process_url(cast), {**loaded, "overview": "Lead's overview"}, headers=AUTOSAVE
    )
    assert response.status_code == 409
    assert "Ada Admin saved this form after you opened it" in response.json()["error"]
    assert overview(cast) == "Admin's overview"


def test_process_summary_autosave_of_a_text_too_long_saves_nothing(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(process_url(cast)), "process-form")
    data.update(overview="x" * 20_000, alignment="Fits our quality work.")
    response = client.post(process_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is False
    assert body["error"].startswith("Process summary, (a) ")  # the field, then its message
    assert overview(cast) == ""
    assert current_revision(cast.milestone, "process") == 0
    data["overview"] = "Shorter."
    assert client.post(process_url(cast), data, headers=AUTOSAVE).status_code == 200


def test_process_summary_autosave_of_a_submitted_milestone_is_refused(cast, login):
    submit(cast)
    data = {"revision": 0, "overview": "Late", "people_involved": "", "alignment": ""}
    response = login(cast.lead).post(process_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 409
    assert response.json()["error"] == (
        "This milestone is submitted, so it is read-only; nothing was saved."
    )
    assert overview(cast) == ""


@pytest.mark.parametrize("who", ["other_lead", "coach", "respondent"])
def test_process_summary_autosave_by_someone_who_may_not_edit_is_404(cast, login, who):
    data = {"revision": 0, "overview": "Not theirs", "people_involved": "", "alignment": ""}
    response = login(cast.by_role(who)).post(process_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 404
    assert overview(cast) == ""


# --- a capability's plan ---------------------------------------------------------------


def descriptions(capability):
    plan = ActionPlan.objects.filter(capability=capability).first()
    return sorted(plan.activities.values_list("description", flat=True)) if plan else []


def test_plan_autosave_answers_the_ids_of_the_rows_it_created(cast, login, capability):
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    assert data["activities-TOTAL_FORMS"] == "3" and data["activities-INITIAL_FORMS"] == "0"
    data.update(
        {
            "goals": "Know our members",
            "activities-0-description": "Choose a vendor",
            "activities-2-description": "Train the analysts",
            "key_decisions-0-description": "Build or buy",
        }
    )
    response = client.post(url, data, headers=AUTOSAVE)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["revision"] == 1
    vendor = Activity.objects.get(description="Choose a vendor")
    train = Activity.objects.get(description="Train the analysts")
    # The blank middle row stays a new one.
    assert body["rows"]["activities"] == [vendor.pk, None, train.pk]
    assert body["rows"]["key_decisions"][0] is not None
    assert set(body["rows"]) == {"activities", "key_decisions", "structural_changes", "indicators"}

    # What the script does with that answer: the saved rows become the formset's first
    # forms, with their ids. The next save updates them and creates nothing twice.
    decision = body["rows"]["key_decisions"][0]
    again = {
        **data,
        "revision": body["revision"],
        "activities-INITIAL_FORMS": "2",
        "activities-0-id": str(vendor.pk),
        "activities-1-id": str(train.pk),
        "activities-1-description": "Train the analysts twice",
        "activities-2-id": "",
        "activities-2-description": "A new third one",
        "key_decisions-INITIAL_FORMS": "1",
        "key_decisions-0-id": str(decision),
    }
    response = client.post(url, again, headers=AUTOSAVE)
    assert response.status_code == 200
    third = Activity.objects.get(description="A new third one")
    assert response.json()["rows"]["activities"] == [vendor.pk, train.pk, third.pk]
    assert descriptions(capability) == [
        "A new third one",
        "Choose a vendor",
        "Train the analysts twice",
    ]
    assert ActionPlan.objects.get().key_decisions.count() == 1


def test_plan_autosave_says_a_cleared_row_is_gone(cast, login, capability):
    plan = make_plan(capability)
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    cleared = int(data["activities-1-id"])
    for field in ("description", "target_month", "target_year"):
        data[f"activities-1-{field}"] = ""
    ids = client.post(url, data, headers=AUTOSAVE).json()["rows"]["activities"]
    kept = set(plan.activities.values_list("pk", flat=True))
    assert cleared not in kept and len(kept) == 2
    assert ids[1] is None
    assert {ids[0], ids[2]} == kept


def test_plan_autosave_of_an_impossible_month_saves_nothing(cast, login, capability):
    make_plan(capability, goals="Stored goals")
    client = login(cast.lead)
    url = capability_url(capability)
    data = form_data(client.get(url), "plan-form")
    data["goals"] = "Typed goals"
    data["activities-0-target_month"] = "13"
    response = client.post(url, data, headers=AUTOSAVE)
    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is False
    assert body["error"].startswith("Capability 2, activity 1: ")
    assert ActionPlan.objects.get().goals == "Stored goals"
    assert current_revision(cast.milestone, "plan:2") == 0
    # The page still saves once the month is corrected.
    data["activities-0-target_month"] = "3"
    assert client.post(url, data, headers=AUTOSAVE).status_code == 200
    assert ActionPlan.objects.get().goals == "Typed goals"


def test_plan_autosave_after_someone_else_saved_is_refused(cast, login, capability):
    make_plan(capability, goals="Original")
    url = capability_url(capability)
    loaded = form_data(login(cast.lead).get(url), "plan-form")
    login(cast.admin).post(url, {**loaded, "goals": "Admin's goals"})
    response = login(cast.lead).post(url, {**loaded, "goals": "Lead's goals"}, headers=AUTOSAVE)
    assert response.status_code == 409
    assert "saved this form after you opened it" in response.json()["error"]
    assert ActionPlan.objects.get().goals == "Admin's goals"


def test_plan_autosave_of_a_submitted_milestone_is_refused(cast, login, capability):
    url = capability_url(capability)
    data = form_data(login(cast.lead).get(url), "plan-form")
    submit(cast)
    response = login(cast.lead).post(url, {**data, "goals": "Late"}, headers=AUTOSAVE)
    assert response.status_code == 409
    assert "read-only" in response.json()["error"]
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize("who", ["other_lead", "coach"])
def test_plan_autosave_by_someone_who_may_not_edit_is_404(cast, login, capability, who):
    data = form_data(login(cast.lead).get(capability_url(capability)), "plan-form")
    response = login(cast.by_role(who)).post(
        capability_url(capability), {**data, "goals": "Not theirs"}, headers=AUTOSAVE
    )
    assert response.status_code == 404
    assert not ActionPlan.objects.exists()


def test_plan_autosave_of_a_capability_that_does_not_exist_is_404(cast, login):
    url = reverse("action_plans:capability", args=[cast.milestone.pk, 3])
    response = login(cast.lead).post(url, {"revision": 0, "goals": "x"}, headers=AUTOSAVE)
    assert response.status_code == 404


# --- the risks -------------------------------------------------------------------------


def test_risks_autosave_answers_the_ids_of_new_mitigations(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(risks_url(cast)), "risks-form")
    data.update(
        {
            "risk-1-description": "The analyst leaves",
            "risk-1-mitigations-0-description": "Cross-train a second person",
        }
    )
    response = client.post(risks_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True and body["revision"] == 1
    mitigation = Mitigation.objects.get()
    assert body["rows"] == {"risk-1-mitigations": [mitigation.pk], "risk-2-mitigations": [None]}
    again = {
        **data,
        "revision": 1,
        "risk-1-mitigations-INITIAL_FORMS": "1",
        "risk-1-mitigations-0-id": str(mitigation.pk),
        "risk-1-mitigations-0-description": "Cross-train two people",
    }
    assert client.post(risks_url(cast), again, headers=AUTOSAVE).status_code == 200
    assert list(Mitigation.objects.values_list("description", flat=True)) == [
        "Cross-train two people"
    ]


def test_risks_autosave_of_a_mitigation_too_long_saves_nothing(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(risks_url(cast)), "risks-form")
    data.update(
        {
            "risk-1-description": "The analyst leaves",
            "risk-1-mitigations-0-description": "y" * 20_000,
        }
    )
    response = client.post(risks_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 400
    assert response.json()["error"].startswith("Risk 1, mitigation 1: ")
    assert not Mitigation.objects.exists()
    assert cast.milestone.risks.get(position=1).description == ""


def test_risks_autosave_after_someone_else_saved_is_refused(cast, login):
    loaded = form_data(login(cast.lead).get(risks_url(cast)), "risks-form")
    login(cast.admin).post(risks_url(cast), {**loaded, "risk-1-description": "Admin's"})
    response = login(cast.lead).post(
        risks_url(cast), {**loaded, "risk-1-description": "Lead's"}, headers=AUTOSAVE
    )
    assert response.status_code == 409
    assert "saved this form after you opened it" in response.json()["error"]
    assert cast.milestone.risks.get(position=1).description == "Admin's"


def test_risks_autosave_of_a_submitted_milestone_is_refused(cast, login):
    loaded = form_data(login(cast.lead).get(risks_url(cast)), "risks-form")
    submit(cast)
    response = login(cast.lead).post(
        risks_url(cast), {**loaded, "risk-1-description": "Late"}, headers=AUTOSAVE
    )
    assert response.status_code == 409
    assert "read-only" in response.json()["error"]
    assert cast.milestone.risks.get(position=1).description == ""


@pytest.mark.parametrize("who", ["other_lead", "coach"])
def test_risks_autosave_by_someone_who_may_not_edit_is_404(cast, login, who):
    loaded = form_data(login(cast.lead).get(risks_url(cast)), "risks-form")
    response = login(cast.by_role(who)).post(
        risks_url(cast), {**loaded, "risk-1-description": "Not theirs"}, headers=AUTOSAVE
    )
    assert response.status_code == 404
    assert cast.milestone.risks.get(position=1).description == ""


def test_part_c_pages_ask_for_autosave_only_when_editable(cast, login, capability):
    urls = [process_url(cast), capability_url(capability), risks_url(cast)]
    client = login(cast.lead)
    for url in urls:
        html = client.get(url).content.decode()
        assert " data-autosave>" in html
        assert 'data-autosave-status role="status" aria-live="polite"' in html
        assert '<script src="/static/js/autosave.js"></script>' in html
    client = login(cast.coach)
    for url in urls:
        assert " data-autosave>" not in client.get(url).content.decode()
