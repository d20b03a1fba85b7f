"""The pages' query counts do not grow with their rows."""

import pytest
from django.urls import reverse

from action_plans.forms import ActivityFormSet
from action_plans.models import Mitigation
from tests.action_plans.conftest import capability_url, make_capability, make_plan

# session, user, milestone, the user's membership, the part's capabilities (heading and
# navigation), plan, its 4 kinds of rows, the revision, the milestone's review comments,
# the navbar's practices. Read-only (a coach): no revision and no navbar practices, but
# the coach's assignment. The process page: its summary (read again by the completeness
# check), the revision, the capabilities, their plans, each of the 4 kinds of rows (their
# texts: only different entries count), the risks and their mitigations, the comments and
# the navbar's practices.
# Every request then saves the session, moving its idle end on (SESSION_SAVE_EVERY_REQUEST):
# an UPDATE, in a savepoint in the tests (3 queries).
SESSION_SAVE = 3
# An editor's page also ranks the catalogue's suggestions by the capability's VaPCAT gaps:
# the domain's submitted answers, its consensus overrides and its gap row (3), and the
# instrument's domains and items, read once per process (2, as each test starts afresh).
SUGGESTION_RANKING = 3 + 2
CAPABILITY_PAGE_QUERIES = 13 + SUGGESTION_RANKING + SESSION_SAVE
READ_ONLY_CAPABILITY_PAGE_QUERIES = 12 + SESSION_SAVE
PROCESS_PAGE_QUERIES = 17 + SESSION_SAVE
# ... the risks page: the risks with their mitigations, then each risk's mitigations again
# for its formset.
RISKS_PAGE_QUERIES = 12 + SESSION_SAVE


@pytest.mark.parametrize("rows", [3, ActivityFormSet.max_num])  # a few, and the most allowed
def test_capability_page_queries_do_not_grow_with_rows(
    cast, capability, login, django_assert_num_queries, rows
):
    make_plan(capability, activities=rows, decisions=rows, changes=rows, indicators=rows)
    client = login(cast.lead)
    with django_assert_num_queries(CAPABILITY_PAGE_QUERIES):
        page = client.get(capability_url(capability)).content.decode()
    blank = 1 if rows < ActivityFormSet.max_num else 0  # a blank row while there is room
    # ... and the script's row template.
    assert page.count('<legend class="h6 mb-1">Activity <span data-row-number>') == rows + blank + 1


@pytest.mark.parametrize("rows", [3, 50])
def test_read_only_capability_page_queries_do_not_grow_with_rows(
    cast, capability, login, django_assert_num_queries, rows
):
    make_plan(capability, activities=rows, decisions=rows, changes=rows, indicators=rows)
    client = login(cast.coach)
    with django_assert_num_queries(READ_ONLY_CAPABILITY_PAGE_QUERIES):
        page = client.get(capability_url(capability)).content.decode()
    assert page.count('<tr id="activities-') == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_risks_page_queries_do_not_grow_with_mitigations(
    cast, login, django_assert_num_queries, rows
):
    for risk in cast.milestone.risks.all():
        Mitigation.objects.bulk_create(
            Mitigation(risk=risk, description=f"Mitigation {n}") for n in range(rows)
        )
    client = login(cast.lead)
    with django_assert_num_queries(RISKS_PAGE_QUERIES):
        client.get(reverse("action_plans:risks", args=[cast.milestone.pk]))


@pytest.mark.parametrize("rows", [3, 50])
def test_process_page_queries_do_not_grow_with_rows(cast, login, django_assert_num_queries, rows):
    for position, code in [(1, "A"), (2, "C"), (3, "D")]:
        make_plan(
            make_capability(cast.milestone, position=position, code=code),
            activities=rows,
            decisions=rows,
            indicators=rows,
        )
    client = login(cast.lead)
    with django_assert_num_queries(PROCESS_PAGE_QUERIES):
        page = client.get(reverse("action_plans:process", args=[cast.milestone.pk]))
    assert page.content.decode().count('badge text-bg-success">Complete</span>') == 3
