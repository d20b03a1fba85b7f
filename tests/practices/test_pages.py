import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.models import Cohort, Membership, Practice
from submissions.models import Cycle
from tests.factories import make_practice


def test_home_sends_each_role_to_its_place(cast, login):
    assert login(cast.lead).get("/")["Location"] == cast.milestone.get_absolute_url()
    assert login(cast.respondent).get("/")["Location"] == cast.milestone.get_absolute_url()
    assert login(cast.coach).get("/")["Location"] == reverse("practices:coaching")
    assert login(cast.admin).get("/")["Location"] == reverse("practices:list")
    assert login(None).get("/")["Location"].startswith(reverse("login"))


def test_member_of_several_practices_chooses(cast, login):
    Membership.objects.create(user=cast.lead, practice=cast.other_practice, role="respondent")
    response = login(cast.lead).get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alder Family Medicine" in body and "Birch Community Health" in body


def test_coach_sees_assigned_practices_with_status_and_due_date(cast, login):
    body = login(cast.coach).get(reverse("practices:coaching")).content.decode()
    assert "Alder Family Medicine" in body
    assert "Birch Community Health" not in body
    assert "due May 31, 2026" in body
    assert "Draft" in body


def test_administrator_filters_practices(cast, login):
    client = login(cast.admin)
    body = client.get(reverse("practices:list"), {"organisation_type": "fqhc"}).content.decode()
    assert "Birch Community Health" in body and "Alder Family Medicine" not in body
    body = client.get(reverse("practices:list"), {"q": "alder"}).content.decode()
    assert "Alder Family Medicine" in body and "Birch Community Health" not in body
    body = client.get(
        reverse("practices:list"), {"cycle": cast.other_cycle.pk, "status": "none"}
    ).content.decode()
    assert "Alder Family Medicine" in body and "Birch Community Health" in body
    body = client.get(
        reverse("practices:list"), {"cycle": cast.cycle.pk, "status": "submitted"}
    ).content.decode()
    assert "No practice matches these filters." in body


def test_practice_list_query_count_does_not_grow(cast, login, django_assert_num_queries):
    client = login(cast.admin)
    with django_assert_num_queries(11):
        client.get(reverse("practices:list"))
    for n in range(20):
        make_practice(f"Extra practice {n}")
    with django_assert_num_queries(11):
        client.get(reverse("practices:list"))


def test_administrator_creates_a_practice(cast, login):
    response = login(cast.admin).post(
        reverse("practices:create"),
        {
            "name": "Cedar Rural Clinic",
            "organisation_type": "rural",
            "size_band": "small",
            "county": "Modoc",
            "address": "1 Main St",
        },
    )
    practice = Practice.objects.get(name="Cedar Rural Clinic")
    assert response["Location"] == reverse("practices:invitations", args=[practice.pk])


def test_practice_form_errors_keep_what_was_typed(cast, login):
    response = login(cast.admin).post(
        reverse("practices:create"), {"name": "Alder Family Medicine", "county": "Marin"}
    )
    body = response.content.decode()
    assert "Practice with this Name already exists." in body
    assert 'value="Marin"' in body
    assert "error-summary" in body


def test_lead_starts_a_milestone_for_the_other_cycle(cast, login):
    cast.milestone.delete()  # a practice has one VBP milestone across the cycles
    response = login(cast.lead).post(
        reverse("practices:start", args=[cast.practice.pk, cast.other_cycle.pk])
    )
    milestone = cast.practice.milestones.get(cycle=cast.other_cycle)
    assert response["Location"] == milestone.get_absolute_url()


def test_starting_twice_says_so(cast, login):
    response = login(cast.lead).post(
        reverse("practices:start", args=[cast.practice.pk, cast.cycle.pk]), follow=True
    )
    assert "already has its VBP milestone in May 2026 (draft)" in response.content.decode()


def test_last_lead_cannot_be_removed(cast, login):
    membership = cast.lead.memberships.get()
    response = login(cast.admin).post(
        reverse("practices:membership_remove", args=[cast.practice.pk, membership.pk]), follow=True
    )
    assert "A practice needs at least one lead" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_lead_removes_a_respondent(cast, login):
    membership = cast.respondent.memberships.get()
    login(cast.lead).post(
        reverse("practices:membership_remove", args=[cast.practice.pk, membership.pk])
    )
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert login(cast.respondent).get(cast.milestone.get_absolute_url()).status_code == 404


def test_practice_list_is_paginated_and_keeps_filters(cast, login):
    for n in range(60):
        make_practice(f"Extra practice {n:02d}", organisation_type="rural")
    client = login(cast.admin)
    body = client.get(reverse("practices:list"), {"organisation_type": "rural"}).content.decode()
    assert "60 practices · page 1 of 2" in body
    assert "organisation_type=rural&amp;page=2" in body
    body = client.get(
        reverse("practices:list"), {"organisation_type": "rural", "page": 2}
    ).content.decode()
    assert "Extra practice 59" in body and "Extra practice 00" not in body
    assert client.get(reverse("practices:list"), {"page": "junk"}).status_code == 200


def top_bar_practices(client):
    """The practice links of the top bar, in order."""
    nav = client.get(reverse("accounts:password_change")).content.decode()
    nav = nav.split("<nav", 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="/practices/(\d+)/">([^<]+)</a>', nav)


def test_top_bar_lists_the_members_practices_in_name_order(cast, login):
    assert top_bar_practices(login(cast.lead)) == [(str(cast.practice.pk), cast.practice.name)]
    Membership.objects.create(user=cast.lead, practice=cast.other_practice, role="respondent")
    Practice.objects.filter(pk=cast.other_practice.pk).update(name="Aardvark Clinic")
    assert top_bar_practices(login(cast.lead)) == [
        (str(cast.other_practice.pk), "Aardvark Clinic"),
        (str(cast.practice.pk), cast.practice.name),
    ]
    # Coaches and administrators have their own links, not a practice list.
    assert top_bar_practices(login(cast.coach)) == []
    assert top_bar_practices(login(cast.admin)) == []


def test_practice_list_filters_read_cycles_once_and_refuse_an_unknown_one(cast, login):
    client = login(cast.admin)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("practices:list"), {"cycle": "999999", "status": "none"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice" in body
    cycle_reads = [q for q in queries if 'FROM "submissions_cycle"' in q["sql"]]
    assert len(cycle_reads) == 1
    # Choice lists are read in one round trip (no server-side cursor on PostgreSQL).
    assert not [q for q in queries if q["sql"].startswith("DECLARE")]
    options = re.findall(
        r'<option value="(\d*)"', body.split('name="cycle"')[1].split("</select>")[0]
    )
    assert options == ["", *(str(cycle.pk) for cycle in Cycle.objects.order_by("due_on"))]


def test_practice_list_rows_show_coaches_and_each_cycles_milestone(cast, login):
    body = login(cast.admin).get(reverse("practices:list")).content.decode()
    row = body.split(f">{cast.practice.name}</a>")[1].split("</tr>")[0]
    assert str(cast.coach) in row
    assert cast.milestone.get_absolute_url() in row
    other_row = body.split(f">{cast.other_practice.name}</a>")[1].split("</tr>")[0]
    assert str(cast.coach) not in other_row and str(cast.other_coach) in other_row


def test_practice_list_escapes_coach_names_and_labels_types(cast, login):
    cast.coach.full_name = "<b>Cora</b> & Co"
    cast.coach.save()
    body = login(cast.admin).get(reverse("practices:list")).content.decode()
    row = body.split(f">{cast.other_practice.name}</a>")[1].split("</tr>")[0]
    assert "<td>FQHC or community health center</td>" in row
    row = body.split(f">{cast.practice.name}</a>")[1].split("</tr>")[0]
    assert "&lt;b&gt;Cora&lt;/b&gt; &amp; Co" in row and "<b>Cora" not in row


def test_practice_filters_follow_the_query_and_new_cohorts(cast, login):
    client = login(cast.admin)
    url = reverse("practices:list")
    client.get(url)
    Cohort.objects.create(name="Spring 2027 cohort")
    assert "Spring 2027 cohort" in client.get(url).content.decode()
    body = client.get(url, {"q": "alder"}).content.decode()
    assert 'name="q" value="alder"' in body
    assert 'name="q" value="alder"' not in client.get(url).content.decode()
    body = client.get(url, {"cycle": "999999"}).content.decode()
    assert "Select a valid choice" in body
    assert "Select a valid choice" not in client.get(url).content.decode()


@pytest.mark.parametrize(
    ("role", "page", "queries"),
    [
        ("lead", "detail", 13),  # the extensions of the practice: one query
        ("respondent", "detail", 11),
        ("admin", "invitations", 9),
        ("coach", "coaching", 8),
    ],
)
def test_practice_pages_read_in_few_queries(
    cast, login, django_assert_num_queries, role, page, queries
):
    args = [] if page == "coaching" else [cast.practice.pk]
    client = login(cast.by_role(role))
    with django_assert_num_queries(queries):
        assert client.get(reverse(f"practices:{page}", args=args)).status_code == 200
