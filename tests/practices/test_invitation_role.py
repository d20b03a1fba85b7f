"""The role an invitation offers first: "Practice lead" while the practice has no lead
(right after it is created), "Respondent" once it has one or one is invited."""

import re

from django.urls import reverse

from accounts.invitations import invitation_create
from tests import factories


def chosen_role(html):
    select = re.search(r'<select name="role".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="(\w+)"[^>]*selected', select)


def people_page(client, practice):
    return client.get(reverse("practices:invitations", args=[practice.pk])).content.decode()


def test_a_new_practice_offers_to_invite_its_lead(cast, login):
    practice = factories.make_practice("Cedar Valley Family Clinic")
    response = login(cast.admin).get(reverse("practices:invitations", args=[practice.pk]))
    assert chosen_role(response.content.decode()) == ["lead"]


def test_right_after_creating_a_practice_the_role_is_lead(cast, login):
    response = login(cast.admin).post(
        reverse("practices:create"),
        {
            "name": "Cedar Valley Family Clinic",
            "organisation_type": "fqhc",
            "size_band": "small",
            "county": "Fresno",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Cedar Valley Family Clinic was created. Invite its lead next." in html
    assert chosen_role(html) == ["lead"]


def test_a_practice_with_a_lead_offers_respondent(cast, login):
    assert chosen_role(people_page(login(cast.lead), cast.practice)) == ["respondent"]


def test_once_its_lead_is_invited_the_role_is_respondent_again(cast, login):
    practice = factories.make_practice("Cedar Valley Family Clinic")
    invitation_create(cast.admin, "maya@cedarvalley.test", "lead", practice)
    assert chosen_role(people_page(login(cast.admin), practice)) == ["respondent"]


def test_a_refused_invitation_keeps_the_role_that_was_chosen(cast, login):
    practice = factories.make_practice("Cedar Valley Family Clinic")
    response = login(cast.admin).post(
        reverse("practices:invitations", args=[practice.pk]),
        {"email": "not an address", "role": "respondent"},
    )
    assert chosen_role(response.content.decode()) == ["respondent"]
