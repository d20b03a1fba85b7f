"""Autosave of the gap-analysis table and the three capabilities: the page's own POST with
``X-Autosave: 1`` saves exactly as Save does, and answers in JSON."""

import re

import pytest
from django.urls import reverse

from gap_analysis.models import Capability, DomainRating
from submissions.concurrency import current_revision
from submissions.models import MilestoneSubmission
from tests.gap_analysis.conftest import capability_data, rating_data

AUTOSAVE = {"X-Autosave": "1"}


def gap_url(cast):
    return reverse("gap_analysis:edit", args=[cast.milestone.pk])


def capabilities_url(cast):
    return reverse("gap_analysis:capabilities", args=[cast.milestone.pk])


def current_state(cast, code="A"):
    return DomainRating.objects.get(milestone=cast.milestone, domain__code=code).current_state


def submit(cast):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted")


# The gap-analysis table ---------------------------------------------------------------


def test_autosave_saves_the_table_and_answers_the_new_revision(cast, login):
    client = login(cast.lead)
    data = rating_data(cast, A={"current_state": "Board meets quarterly."})
    response = client.post(gap_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True
    assert body["revision"] == 1 == current_revision(cast.milestone, "gap_analysis")
    assert re.fullmatch(r"\d\d:\d\d", body["saved_at"])
    assert current_state(cast) == "Board meets quarterly."

    # The next autosave carries the revision the first one answered.
    data = {**data, "revision": 1, "rating-A-current_state": "Board meets monthly."}
    assert client.post(gap_url(cast), data, headers=AUTOSAVE).json()["revision"] == 2
    assert current_state(cast) == "Board meets monthly."


def test_autosave_leaves_no_message_for_the_next_page(cast, login):
    client = login(cast.lead)
    client.post(gap_url(cast), rating_data(cast, A={"current_state": "x"}), headers=AUTOSAVE)
    assert "Your gap analysis was saved." not in client.get(gap_url(cast)).content.decode()


def test_autosave_after_someone_else_saved_is_refused(cast, login):
    loaded = rating_data(cast)
    client = login(cast.admin)
    assert client.post(gap_url(cast), {**loaded, "rating-A-current_state": "Admin's"}).status_code
    client = login(cast.lead)
    response = client.post(
        gap_url(cast), {**loaded, "rating-A-current_state": "Lead's"}, headers=AUTOSAVE
    )
    assert response.status_code == 409
    body = response.json()
    assert body["saved"] is False
    assert "Ada Admin saved this form after you opened it" in body["error"]
    assert current_state(cast) == "Admin's"


def test_autosave_of_an_impossible_maturity_saves_nothing_and_says_why(cast, login):
    client = login(cast.lead)
    data = rating_data(cast, A={"current_state": "Typed", "maturity": "7"})
    response = client.post(gap_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 400
    body = response.json()
    assert body["saved"] is False
    assert "Leadership, Governance, and Legal · VBP domain maturity (0-5)" in body["error"]
    assert "“7” is not on the scale" in body["error"]
    assert current_state(cast) == ""
    assert current_revision(cast.milestone, "gap_analysis") == 0
    # Nothing is broken: the corrected draft saves at the same revision.
    data["rating-A-maturity"] = "2"
    assert client.post(gap_url(cast), data, headers=AUTOSAVE).status_code == 200
    assert current_state(cast) == "Typed"


def test_autosave_of_a_submitted_milestone_is_refused(cast, login):
    submit(cast)
    response = login(cast.lead).post(
        gap_url(cast), rating_data(cast, A={"current_state": "Late"}), headers=AUTOSAVE
    )
    assert response.status_code == 409
    assert response.json() == {
        "saved": False,
        "error": "This milestone is submitted, so it is read-only; nothing was saved.",
    }
    assert current_state(cast) == ""


@pytest.mark.parametrize("who", ["other_lead", "coach", "respondent"])
def test_autosave_by_someone_who_may_not_edit_is_404(cast, login, who):
    data = rating_data(cast, A={"current_state": "Not theirs"})
    response = login(cast.by_role(who)).post(gap_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 404
    assert current_state(cast) == ""


# The three capabilities ---------------------------------------------------------------


def names(cast):
    return list(Capability.objects.filter(milestone=cast.milestone).values_list("name", flat=True))


def test_autosave_saves_the_capabilities_and_never_adds_one(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    data = capability_data(
        cast.milestone, Capability.objects.all(), {1: {"name": "Quality reporting"}}
    )
    # Even with the "add" button's name in it, an autosave only saves what was typed.
    response = login(cast.lead).post(capabilities_url(cast), {**data, "add": ""}, headers=AUTOSAVE)
    assert response.status_code == 200
    body = response.json()
    assert body["saved"] is True
    assert body["revision"] == 1 == current_revision(cast.milestone, "capabilities")
    assert names(cast) == ["Quality reporting"]


def test_autosave_of_the_same_capability_twice_saves_nothing(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    make_capability(2, "Reserves policy")
    data = capability_data(
        cast.milestone, Capability.objects.all(), {2: {"name": "quality dashboards"}}
    )
    response = login(cast.lead).post(capabilities_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 400
    assert response.json()["error"].startswith("Capability 2 · ")
    assert names(cast) == ["Quality dashboards", "Reserves policy"]
    assert current_revision(cast.milestone, "capabilities") == 0


def test_autosave_of_stale_capabilities_is_refused(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    loaded = capability_data(cast.milestone, Capability.objects.all())
    login(cast.admin).post(capabilities_url(cast), {**loaded, "capability-1-name": "Admin's"})
    response = login(cast.lead).post(
        capabilities_url(cast), {**loaded, "capability-1-name": "Lead's"}, headers=AUTOSAVE
    )
    assert response.status_code == 409
    assert "saved this form after you opened it" in response.json()["error"]
    assert names(cast) == ["Admin's"]


def test_autosave_of_submitted_capabilities_is_refused(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    submit(cast)
    data = capability_data(cast.milestone, Capability.objects.all(), {1: {"name": "Late"}})
    response = login(cast.lead).post(capabilities_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 409
    assert "read-only" in response.json()["error"]
    assert names(cast) == ["Quality dashboards"]


@pytest.mark.parametrize("who", ["other_lead", "coach"])
def test_capabilities_autosave_by_someone_who_may_not_edit_is_404(
    cast, login, make_capability, who
):
    make_capability(1, "Quality dashboards")
    data = capability_data(cast.milestone, Capability.objects.all(), {1: {"name": "Not theirs"}})
    response = login(cast.by_role(who)).post(capabilities_url(cast), data, headers=AUTOSAVE)
    assert response.status_code == 404
    assert names(cast) == ["Quality dashboards"]


def test_editable_pages_ask_for_autosave_and_read_only_ones_do_not(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    client = login(cast.lead)
    for url in (gap_url(cast), capabilities_url(cast)):
        html = client.get(url).content.decode()
        assert "data-autosave>" in html
        assert 'data-autosave-status role="status" aria-live="polite"' in html
        assert '<script src="/static/js/autosave.js"></script>' in html
    html = login(cast.coach).get(gap_url(cast)).content.decode()
    assert "data-autosave>" not in html
