"""Part A is complete when at least one respondent has submitted and every item has a
consensus score; each unmet rule links to a real place on the results page."""

from django.urls import reverse

from assessments import completeness
from assessments.models import Answer
from tests.assessments.answering import answer


def anchor_exists(client, url):
    path, anchor = url.split("#")
    return f'id="{anchor}"' in client.get(path).content.decode()


def test_vapcat_without_submitted_answers_is_incomplete(cast, login):
    part = completeness.part(cast.milestone)
    assert part.status == "not started"
    (problem,) = part.problems
    assert problem.message == (
        "No respondent has submitted their VaPCAT answers yet. Invite respondents, or answer "
        "it yourself."
    )
    assert problem.url == reverse("assessments:results", args=[cast.milestone.pk]) + "#respondents"
    for user in (cast.lead, cast.coach):
        assert anchor_exists(login(user), problem.url)


def test_answers_in_progress_start_the_part_but_do_not_complete_it(cast):
    answer(cast.milestone, cast.respondent, [1], submit=False)
    part = completeness.part(cast.milestone)
    assert part.status == "in progress"
    assert "1 person is still answering." in part.problems[0].message


def test_one_submitted_respondent_with_every_item_answered_completes_the_part(cast):
    answer(cast.milestone, cast.respondent, [0, None, 2])
    part = completeness.part(cast.milestone)
    assert part.problems == [] and part.status == "complete"


def test_item_without_a_consensus_score_is_listed_with_a_link_to_its_row(cast, login):
    response = answer(cast.milestone, cast.respondent, [1])
    Answer.objects.filter(response=response, item__code__in=["B2", "D4"]).delete()
    part = completeness.part(cast.milestone)
    assert [p.message for p in part.problems] == [
        "VaPCAT item B2 has no consensus score: nobody who submitted answered it.",
        "VaPCAT item D4 has no consensus score: nobody who submitted answered it.",
    ]
    assert part.problems[0].url.endswith("/vapcat/results/#item-B2")
    assert all(anchor_exists(login(cast.lead), p.url) for p in part.problems)


def test_the_task_list_links_part_a_to_a_page_coaches_can_open(cast, login):
    part = completeness.part(cast.milestone)
    assert login(cast.coach).get(part.url).status_code == 200
