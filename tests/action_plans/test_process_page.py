"""The process summary, part C's landing page: three answers, and a way to every page of
the part with what each still needs."""

from django.urls import reverse

from action_plans.models import ProcessSummary
from submissions.models import ReviewComment
from tests.action_plans.browser import form_data
from tests.action_plans.conftest import make_capability, make_plan


def url(cast):
    return reverse("action_plans:process", args=[cast.milestone.pk])


def test_the_three_answers_are_saved(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "process-form")
    data.update(
        overview="We met weekly for six weeks.",
        people_involved="CEO, CFO, medical director",
        alignment="Builds on our PHM milestone.",
    )
    response = client.post(url(cast), data, follow=True)
    assert "The process summary was saved." in response.content.decode()
    summary = ProcessSummary.objects.get(milestone=cast.milestone)
    assert (summary.overview, summary.people_involved, summary.alignment) == (
        "We met weekly for six weeks.",
        "CEO, CFO, medical director",
        "Builds on our PHM milestone.",
    )
    assert 'badge text-bg-success">Complete</span>' in response.content.decode()


def test_a_draft_saves_with_blanks_and_says_what_is_missing(cast, login):
    client = login(cast.lead)
    data = form_data(client.get(url(cast)), "process-form")
    data["overview"] = "Only the overview so far"
    response = client.post(url(cast), data, follow=True)
    page = response.content.decode()
    assert ProcessSummary.objects.get(milestone=cast.milestone).overview == (
        "Only the overview so far"
    )
    assert "Process summary: name the leadership and staff involved." in page
    assert "Process summary: describe how this aligns with other priorities." in page
    assert "Process summary: give a brief overview" not in page


def test_the_landing_page_links_to_each_capability_plan_and_the_risks(cast, login):
    first = make_capability(cast.milestone, position=1, code="A", name="VBP steering committee")
    make_plan(first)
    make_capability(cast.milestone, position=2, code="C", name="Population health analytics")
    make_capability(cast.milestone, position=3, code="D", name="Revenue modelling")
    page = login(cast.lead).get(url(cast)).content.decode()
    base = f"/milestones/{cast.milestone.pk}/action-plan"
    assert f'<a href="{base}/capabilities/1/">Capability 1: VBP steering committee</a>' in page
    assert f'<a href="{base}/capabilities/3/">Capability 3: Revenue modelling</a>' in page
    assert f'<a href="{base}/risks/">Risks and mitigations</a>' in page
    assert page.count('badge text-bg-success">Complete</span>') == 1
    # An empty plan: goals, 4 minimums, 2 staffing and 2 leadership questions.
    assert '<span class="badge text-bg-warning">9 to do</span>' in page
    assert "Choose your three capabilities" not in page


def test_without_three_capabilities_the_page_points_to_the_gap_analysis(cast, login):
    page = login(cast.lead).get(url(cast)).content.decode()
    assert "Choose your three capabilities in the" in page
    assert reverse("gap_analysis:capabilities", args=[cast.milestone.pk]) in page


def test_coach_comments_on_the_process_summary_are_shown(cast, login):
    ReviewComment.objects.create(
        milestone=cast.milestone, section="process", body="Say who chaired the meetings.", version=1
    )
    ReviewComment.objects.create(
        milestone=cast.milestone, section="risks", body="Not for this page.", version=1
    )
    page = login(cast.lead).get(url(cast)).content.decode()
    assert "Say who chaired the meetings." in page
    assert "Not for this page." not in page
