"""Who may see and change section B: respondents and strangers 404, coaches read only,
and nobody edits a submitted milestone."""

import re

import pytest
from django.urls import reverse

from gap_analysis import selectors, services
from gap_analysis.forms import DomainRatingForm
from gap_analysis.models import Capability, DomainRating
from submissions.concurrency import current_revision
from submissions.exceptions import TransitionError
from submissions.models import MilestoneSubmission, ReviewComment, SectionRevision
from tests.gap_analysis.conftest import capability_data, rating_data

PAGES = ["gap_analysis:edit", "gap_analysis:capabilities"]


def page(cast, name):
    return reverse(name, args=[cast.milestone.pk])


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", ["respondent", "other_lead", "other_coach"])
def test_people_outside_the_gap_analysis_get_404(cast, login, name, role):
    client = login(cast.by_role(role))
    assert client.get(page(cast, name)).status_code == 404
    assert client.post(page(cast, name), rating_data(cast)).status_code == 404


def test_respondent_gets_404_for_removing_a_capability(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    client = login(cast.respondent)
    url = reverse("gap_analysis:capability_remove", args=[cast.milestone.pk, 1])
    assert client.get(url).status_code == 404
    assert client.post(url, {"revision": 0}).status_code == 404
    assert Capability.objects.filter(milestone=cast.milestone).count() == 1


def test_coach_reads_the_gap_analysis_without_a_save_button(cast, login, set_scores):
    set_scores({"A1": 0})
    DomainRating.objects.filter(milestone=cast.milestone, domain__code="A").update(
        current_state="We have a VBP champion."
    )
    response = login(cast.coach).get(page(cast, "gap_analysis:edit"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "We have a VBP champion." in html
    assert 'name="save"' not in html and 'name="add_gap"' not in html
    for field in ["current_state", "maturity", "gaps", "priority", "rationale"]:
        assert re.search(rf'<(textarea|select) name="rating-A-{field}"[^>]* disabled', html)


def test_coach_reads_the_capabilities_without_buttons(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    html = login(cast.coach).get(page(cast, "gap_analysis:capabilities")).content.decode()
    assert 'value="Quality dashboards"' in html
    for button in ['name="save"', 'name="add"', 'name="remove"']:
        assert button not in html


def test_coach_post_is_404_and_saves_nothing(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    client = login(cast.coach)
    data = rating_data(cast, A={"current_state": "Coach's words"})
    assert client.post(page(cast, "gap_analysis:edit"), data).status_code == 404
    data = capability_data(
        cast.milestone,
        Capability.objects.filter(milestone=cast.milestone),
        {1: {"name": "Coach's words"}},
    )
    assert client.post(page(cast, "gap_analysis:capabilities"), data).status_code == 404
    url = reverse("gap_analysis:capability_remove", args=[cast.milestone.pk, 1])
    assert client.post(url, {"revision": 0}).status_code == 404
    assert DomainRating.objects.filter(current_state="Coach's words").count() == 0
    assert Capability.objects.get(milestone=cast.milestone).name == "Quality dashboards"


def test_coach_comments_are_shown_on_both_pages(cast, login):
    ReviewComment.objects.create(
        milestone=cast.milestone, section="gap:E", body="Which partners?", version=1
    )
    ReviewComment.objects.create(
        milestone=cast.milestone, section="capabilities", body="Too broad.", version=1
    )
    client = login(cast.lead)
    assert "Which partners?" in client.get(page(cast, "gap_analysis:edit")).content.decode()
    assert "Too broad." in client.get(page(cast, "gap_analysis:capabilities")).content.decode()


def submit(cast):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)


READ_ONLY = "This milestone is submitted, so it is read-only; nothing was saved."


def test_a_submitted_gap_analysis_is_read_only(cast, login):
    submit(cast)
    client = login(cast.lead)
    html = client.get(page(cast, "gap_analysis:edit")).content.decode()
    assert 'name="save"' not in html
    response = client.post(
        page(cast, "gap_analysis:edit"), rating_data(cast, A={"current_state": "Late edit"})
    )
    assert response.status_code == 302
    assert READ_ONLY in client.get(response["Location"]).content.decode()
    assert not DomainRating.objects.filter(current_state="Late edit").exists()


def test_submitted_capabilities_are_read_only(cast, login, make_capability):
    make_capability(1, "Quality dashboards")
    submit(cast)
    client = login(cast.lead)
    html = client.get(page(cast, "gap_analysis:capabilities")).content.decode()
    assert 'name="save"' not in html and 'name="remove"' not in html
    data = capability_data(
        cast.milestone,
        Capability.objects.filter(milestone=cast.milestone),
        {1: {"name": "Late edit"}},
    )
    response = client.post(page(cast, "gap_analysis:capabilities"), {**data, "add": ""})
    assert READ_ONLY in client.get(response["Location"]).content.decode()
    assert [c.name for c in Capability.objects.filter(milestone=cast.milestone)] == [
        "Quality dashboards"
    ]
    url = reverse("gap_analysis:capability_remove", args=[cast.milestone.pk, 1])
    response = client.post(url, {"revision": 0}, follow=True)
    assert READ_ONLY in response.content.decode()
    assert Capability.objects.filter(milestone=cast.milestone).count() == 1


def test_administrator_edits_like_a_lead(cast, login):
    client = login(cast.admin)
    data = rating_data(cast, B={"current_state": "Set by the program."})
    assert client.post(page(cast, "gap_analysis:edit"), data).status_code == 302
    assert DomainRating.objects.filter(current_state="Set by the program.").count() == 1


def submitted_meanwhile(monkeypatch, cast, module, name):
    """While the view works on a save, the milestone is submitted (another request)."""
    original = getattr(module, name)

    def reading(*args, **kwargs):
        found = original(*args, **kwargs)
        submit(cast)
        return found

    monkeypatch.setattr(module, name, reading)


def test_a_gap_analysis_submitted_while_saving_is_refused(cast, login, monkeypatch):
    client = login(cast.lead)
    data = rating_data(cast, A={"current_state": "Late edit"}, B={"rationale": "Late too"})
    submitted_meanwhile(monkeypatch, cast, selectors, "gap_rows")
    response = client.post(page(cast, "gap_analysis:edit"), data)
    assert response.status_code == 302
    monkeypatch.undo()
    assert READ_ONLY in client.get(response["Location"]).content.decode()
    assert not DomainRating.objects.filter(current_state="Late edit").exists()
    assert not DomainRating.objects.filter(rationale="Late too").exists()
    assert not SectionRevision.objects.filter(milestone=cast.milestone).exists()


def test_capabilities_submitted_while_saving_are_refused(cast, login, monkeypatch, make_capability):
    make_capability(1, "Quality dashboards")
    client = login(cast.lead)
    data = capability_data(
        cast.milestone,
        Capability.objects.filter(milestone=cast.milestone),
        {1: {"name": "Late edit"}},
    )
    submitted_meanwhile(monkeypatch, cast, selectors, "capabilities_of")
    response = client.post(page(cast, "gap_analysis:capabilities"), {**data, "add": ""})
    assert response.status_code == 302
    monkeypatch.undo()
    assert READ_ONLY in client.get(response["Location"]).content.decode()
    assert [c.name for c in Capability.objects.filter(milestone=cast.milestone)] == [
        "Quality dashboards"
    ]


def test_the_services_refuse_a_milestone_submitted_since_it_was_loaded(cast, make_capability):
    capability = make_capability(1, "Quality dashboards")
    milestone = MilestoneSubmission.objects.get(pk=cast.milestone.pk)  # loaded as a draft
    rows = selectors.gap_rows(milestone)
    data = rating_data(cast, A={"current_state": "Late edit"})
    forms = [DomainRatingForm(data, instance=r.rating, domain=r.domain) for r in rows]
    assert all(form.is_valid() for form in forms)
    revision = current_revision(milestone, services.RATINGS_SECTION)
    submit(cast)
    with pytest.raises(TransitionError, match="read-only; nothing was saved"):
        services.domain_ratings_save(milestone, forms, cast.lead, revision)
    with pytest.raises(TransitionError):
        services.capability_remove(milestone, capability, cast.lead, 0)
    assert not DomainRating.objects.filter(current_state="Late edit").exists()
    assert Capability.objects.filter(pk=capability.pk).exists()
