"""The cohort board: who sees it, one row per practice, filters, sorting, counts."""

import time
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cohort import board
from cohort.models import Standing
from cohort.standing import standing_refresh
from gap_analysis.models import DomainRating
from practices.models import Cohort, Membership
from submissions.models import Extension, MilestoneSubmission, ReviewComment
from tests import factories

pytestmark = pytest.mark.django_db

URL = reverse("cohort:board")


def rows_of(response):
    return [row.practice.name for row in response.context["rows"]]


def test_administrator_sees_every_practice_of_the_cycle(cast, login):
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk})
    assert response.status_code == 200
    assert rows_of(response) == ["Alder Family Medicine", "Birch Community Health"]


def test_coach_sees_only_the_practices_they_coach(cast, login):
    response = login(cast.coach).get(URL, {"cycle": cast.cycle.pk})
    assert rows_of(response) == ["Alder Family Medicine"]
    assert "Birch Community Health" not in response.content.decode()


@pytest.mark.parametrize("role", ["lead", "respondent", "other_lead"])
def test_practice_people_get_404(role, cast, login):
    assert login(cast.by_role(role)).get(URL).status_code == 404


def test_unknown_cycle_is_404(cast, login):
    assert login(cast.admin).get(URL, {"cycle": "999999"}).status_code == 404
    assert login(cast.admin).get(URL, {"cycle": "may"}).status_code == 404


def test_default_cycle_is_the_next_due(cast, login, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: date(2026, 7, 1))
    response = login(cast.admin).get(URL)
    assert response.context["cycle"] == cast.other_cycle


def test_practice_without_a_milestone_is_not_started(cast, login):
    response = login(cast.admin).get(URL, {"cycle": cast.other_cycle.pk})
    page = response.content.decode()
    assert rows_of(response) == ["Alder Family Medicine", "Birch Community Health"]
    assert page.count("Not started</span>") == 2
    assert dict((v, n) for v, _, n in response.context["status_counts"])["none"] == 2


def test_row_shows_the_stored_standing(cast, login):
    factories.answer_all(cast.milestone, cast.respondent)
    ReviewComment.objects.create(
        milestone=cast.milestone, section="general", body="Add detail.", version=1
    )
    response = login(cast.coach).get(URL, {"cycle": cast.cycle.pk})
    practice = response.context["rows"][0].practice
    standing = Standing.objects.get(milestone=cast.milestone)
    assert practice.respondents_submitted == 1
    assert practice.respondents_invited == 1
    assert practice.open_comments == 1
    assert practice.gap_analysis_unmet == standing.gap_analysis_unmet > 0
    assert "1 / 1" in response.content.decode()


def test_submitted_milestone_links_to_its_review(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)
    page = login(cast.coach).get(URL, {"cycle": cast.cycle.pk}).content.decode()
    assert reverse("submissions:review", args=[cast.milestone.pk]) in page


def test_draft_links_to_the_milestone(cast, login):
    page = login(cast.coach).get(URL, {"cycle": cast.cycle.pk}).content.decode()
    assert f'href="{reverse("submissions:milestone", args=[cast.milestone.pk])}"' in page


def test_extension_moves_the_due_date(cast, login):
    Extension.objects.create(
        practice=cast.practice, cycle=cast.cycle, due_on=date(2026, 6, 30), reason="Flood"
    )
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk, "sort": "-due"})
    first = response.context["rows"][0]
    assert first.practice.name == "Alder Family Medicine"
    assert first.deadline.due_on == date(2026, 6, 30)
    assert "extended" in response.content.decode()


def test_filters_by_status_cohort_type_and_coach(cast, login):
    cohort = Cohort.objects.create(name="North")
    cast.other_practice.cohort = cohort
    cast.other_practice.save()
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="submitted", version=1)
    client = login(cast.admin)
    cycle = cast.cycle.pk
    assert rows_of(client.get(URL, {"cycle": cycle, "status": "submitted"})) == [
        "Alder Family Medicine"
    ]
    assert rows_of(client.get(URL, {"cycle": cycle, "cohort": cohort.pk})) == [
        "Birch Community Health"
    ]
    assert rows_of(client.get(URL, {"cycle": cycle, "organisation_type": "fqhc"})) == [
        "Birch Community Health"
    ]
    assert rows_of(client.get(URL, {"cycle": cycle, "coach": cast.coach.pk})) == [
        "Alder Family Medicine"
    ]


def test_a_bad_filter_value_says_so_and_filters_nothing(cast, login):
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk, "status": "lost"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert len(response.context["rows"]) == 2


def test_behind_is_unmet_rules_with_under_14_days_left(cast, login, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: cast.cycle.due_on - timedelta(days=10))
    standing_refresh(cast.milestone)
    standing_refresh(cast.other_milestone)
    Extension.objects.create(
        practice=cast.other_practice,
        cycle=cast.cycle,
        due_on=cast.cycle.due_on + timedelta(days=30),
        reason="Staff changes",
    )
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk, "behind": "on"})
    assert rows_of(response) == ["Alder Family Medicine"]
    monkeypatch.setattr(timezone, "localdate", lambda *a: cast.cycle.due_on - timedelta(days=20))
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk, "behind": "on"})
    assert rows_of(response) == []


def test_sorting_by_a_column_and_its_aria_sort(cast, login):
    ReviewComment.objects.create(
        milestone=cast.other_milestone, section="general", body="Add detail.", version=1
    )
    client = login(cast.admin)
    response = client.get(URL, {"cycle": cast.cycle.pk, "sort": "-comments"})
    assert rows_of(response) == ["Birch Community Health", "Alder Family Medicine"]
    page = response.content.decode()
    assert 'aria-sort="descending"' in page
    assert "sort=comments" in page  # the header's link sorts the other way
    response = client.get(URL, {"cycle": cast.cycle.pk, "sort": "practice"})
    assert rows_of(response) == ["Alder Family Medicine", "Birch Community Health"]
    assert client.get(URL, {"sort": "nonsense"}).status_code == 200


def test_counts_per_status(cast, login):
    MilestoneSubmission.objects.filter(pk=cast.milestone.pk).update(status="accepted", version=1)
    response = login(cast.admin).get(URL, {"cycle": cast.cycle.pk})
    counts = {value: n for value, _, n in response.context["status_counts"]}
    assert counts == {"none": 0, "draft": 1, "submitted": 0, "changes_requested": 0, "accepted": 1}
    assert "Accepted: <strong>1</strong>" in response.content.decode()


def test_pages_of_fifty(cast, login):
    for n in range(55):
        factories.make_practice(f"Practice {n:02}")
    client = login(cast.admin)
    response = client.get(URL, {"cycle": cast.cycle.pk, "sort": "practice"})
    assert len(response.context["rows"]) == 50
    assert "page 1 of 2" in response.content.decode()
    second = client.get(URL, {"cycle": cast.cycle.pk, "sort": "practice", "page": 2})
    assert len(second.context["rows"]) == 7


def test_filter_practices_is_the_boards_selection(cast, rf):
    request = rf.get("/", {"status": "draft", "sort": "-practice"})
    names = [p.name for p in board.filter_practices(cast.admin, cast.cycle, request.GET)]
    assert names == ["Birch Community Health", "Alder Family Medicine"]
    assert list(board.filter_practices(cast.coach, cast.cycle, request.GET)) == [cast.practice]
    assert list(board.filter_practices(cast.lead, cast.cycle, request.GET)) == []


def _many_practices(cast, n):
    coach = cast.coach
    for i in range(n):
        practice = factories.make_practice(f"Scale practice {i:03}")
        factories.assign_coach(practice, coach)
        lead = factories.make_user(f"lead{i}@scale.test")
        factories.add_member(practice, lead, Membership.Role.LEAD)
        if i % 3:
            milestone = MilestoneSubmission.objects.create(
                practice=practice, cycle=cast.cycle, instrument=cast.instrument
            )
            Standing.objects.create(milestone=milestone, unmet=i % 5, counted_at=timezone.now())
        if i % 7 == 0:
            Extension.objects.create(
                practice=practice, cycle=cast.cycle, due_on=date(2026, 6, 30), reason="r"
            )


# Session, user, cycles, the filter form's choices, count, page, counts per status,
# coaches, extensions and the charts' five: the same for 30 practices as for 300.
QUERIES = 19


@pytest.mark.parametrize("n", [30, 300])
def test_query_count_does_not_grow_with_practices(n, cast, login, django_assert_num_queries):
    _many_practices(cast, n)
    client = login(cast.admin)
    with django_assert_num_queries(QUERIES):
        response = client.get(URL, {"cycle": cast.cycle.pk})
    assert len(response.context["rows"]) == min(n + 2, 50)


def test_board_server_time_with_300_practices(cast, login, capsys):
    """Prints the board's server time for 300 practices (a figure to report, not a
    rule): first with the charts still to draw, then with them kept."""
    _many_practices(cast, 300)
    submitted = MilestoneSubmission.objects.filter(cycle=cast.cycle).exclude(
        pk__in=[cast.milestone.pk, cast.other_milestone.pk]
    )[:150]
    MilestoneSubmission.objects.filter(pk__in=[m.pk for m in submitted]).update(status="submitted")
    domains = list(cast.instrument.domains.all())
    DomainRating.objects.bulk_create(
        DomainRating(milestone=m, domain=d, maturity=(m.pk + d.order) % 6, priority="high")
        for m in submitted
        for d in domains
    )
    client = login(cast.admin)
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        response = client.get(URL, {"cycle": cast.cycle.pk})
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    with capsys.disabled():
        print(
            "\ncohort board, 300 practices: "
            + ", ".join(f"{seconds * 1000:.0f} ms" for seconds in timings)
            + " (first draws the charts)"
        )
