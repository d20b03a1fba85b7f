"""A practice's invitations: one pending invitation per address, resent with a new link
(the old one stops working) or cancelled by its leads; program staff are never invited
into a membership, in words that do not tell whether the address has an account."""

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.invitations import MEMBERSHIP_REFUSED, invitation_create
from accounts.models import Invitation, User


def people(practice):
    return reverse("practices:invitations", args=[practice.pk])


def respondents(milestone):
    return reverse("assessments:respondents", args=[milestone.pk])


def invite(client, practice, email, role="respondent", follow=False):
    return client.post(people(practice), {"email": email, "role": role}, follow=follow)


def link(mail):
    return re.search(r"https?://\S+(/account/invitation/\S+/)", mail.body).group(1)


def resend(client, invitation, **data):
    url = reverse("practices:invitation_resend", args=[invitation.practice_id, invitation.pk])
    return client.post(url, data)


def cancel(client, invitation, **data):
    url = reverse("practices:invitation_cancel", args=[invitation.practice_id, invitation.pk])
    return client.post(url, data)


def messages_of(response):
    """The messages a page shows (and so takes from the session)."""
    return [str(m) for m in response.context["messages"]]


def test_a_second_pending_invitation_is_refused_beside_the_field(cast, login, mailoutbox):
    client = login(cast.lead)
    invite(client, cast.practice, "ops@alder.test")
    for again in (
        invite(client, cast.practice, "OPS@alder.test", role="lead"),
        client.post(respondents(cast.milestone), {"email": "ops@alder.test"}),
    ):
        page = again.content.decode()
        assert again.status_code == 200
        assert (
            "An invitation to ops@alder.test is already pending for this practice: resend or "
            "cancel it in the list of pending invitations."
        ) in page
        assert 'href="#id_email"' in page
    assert Invitation.objects.count() == 1 and len(mailoutbox) == 1
    # Another practice may invite the same address.
    invitation_create(cast.other_lead, "ops@alder.test", "respondent", cast.other_practice)
    assert Invitation.objects.count() == 2


def test_the_database_keeps_one_open_invitation_per_address_and_practice(cast):
    invitation_create(cast.lead, "ops@alder.test", "respondent", cast.practice)
    twin, _ = Invitation.new(email="ops@alder.test", role="lead", practice=cast.practice)
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_inviting_again_after_the_link_expired_renews_it(cast, login, mailoutbox):
    client = login(cast.lead)
    invite(client, cast.practice, "ops@alder.test")
    old = link(mailoutbox[0])
    Invitation.objects.update(expires_at="2000-01-01T00:00Z")
    response = invite(client, cast.practice, "ops@alder.test")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.status == "pending"
    assert client.get(old).status_code == 404
    client.logout()
    assert "Choose a password" in client.get(link(mailoutbox[1])).content.decode()


def test_resend_sends_a_new_link_and_the_old_one_stops_working(cast, login, mailoutbox):
    client = login(cast.lead)
    invite(client, cast.practice, "ops@alder.test", follow=True)
    invitation = Invitation.objects.get()
    response = resend(client, invitation)
    assert response["Location"] == people(cast.practice)
    page = client.get(people(cast.practice))
    assert messages_of(page) == [
        "A new invitation was sent to ops@alder.test; the link in the earlier e-mail no "
        "longer works."
    ]
    first, second = mailoutbox
    assert second.to == ["ops@alder.test"] and link(first) != link(second)
    client.logout()
    dead = client.get(link(first))
    assert dead.status_code == 404
    assert "only the link in the newest e-mail works" in dead.content.decode()
    response = client.post(
        link(second),
        {"full_name": "Omar Ops", "password1": "blue Heron 4471", "password2": "blue Heron 4471"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="ops@alder.test").memberships.get().role == "respondent"


def test_cancel_kills_the_link_and_shows_in_the_list(cast, login, mailoutbox):
    client = login(cast.lead)
    invite(client, cast.practice, "ops@alder.test", follow=True)
    invitation = Invitation.objects.get()
    cancel(client, invitation)
    page = client.get(people(cast.practice))
    assert messages_of(page) == [
        "The invitation to ops@alder.test was cancelled; its link no longer works."
    ]
    row = re.search(rf'<tr id="invitation-{invitation.pk}">(.*?)</tr>', page.content.decode(), re.S)
    assert "Cancelled" in row.group(1) and "Resend" not in row.group(1)
    client.logout()
    gone = client.get(link(mailoutbox[0]))
    assert gone.status_code == 410
    assert "This invitation was cancelled." in gone.content.decode()
    client.post(
        link(mailoutbox[0]),
        {"full_name": "Omar Ops", "password1": "blue Heron 4471", "password2": "blue Heron 4471"},
    )
    assert not User.objects.filter(email="ops@alder.test").exists()
    # A cancelled invitation is not sent again; a new one may be.
    login(cast.lead)
    resend(client, invitation)
    assert len(mailoutbox) == 1
    assert invite(client, cast.practice, "ops@alder.test").status_code == 302
    assert len(mailoutbox) == 2


def test_an_accepted_invitation_is_neither_resent_nor_cancelled(cast, login, mailoutbox):
    invitation, _ = invitation_create(cast.lead, cast.other_lead.email, "respondent", cast.practice)
    login(cast.other_lead).post(link(mailoutbox[0]), {"accept": "1"})
    client = login(cast.lead)
    response = client.post(
        reverse("practices:invitation_cancel", args=[cast.practice.pk, invitation.pk]),
        follow=True,
    )
    assert messages_of(response) == [
        f"The invitation to {cast.other_lead.email} was accepted already; remove the person "
        "from the members instead."
    ]
    resend(client, invitation)
    assert len(mailoutbox) == 1
    assert cast.other_lead.memberships.filter(practice=cast.practice).exists()


def test_resend_and_cancel_from_the_respondents_page_come_back_to_it(cast, login, mailoutbox):
    client = login(cast.lead)
    client.post(respondents(cast.milestone), {"email": "ops@alder.test"})
    invitation = Invitation.objects.get()
    page = client.get(respondents(cast.milestone)).content.decode()
    pending = page.split('id="pending"', 1)[1].split("</ul>", 1)[0]
    assert "ops@alder.test" in pending and "Resend" in pending and "Cancel" in pending
    back = {"next": respondents(cast.milestone)}
    assert resend(client, invitation, **back)["Location"] == respondents(cast.milestone)
    assert cancel(client, invitation, **back)["Location"] == respondents(cast.milestone)
    page = client.get(respondents(cast.milestone)).content.decode()
    assert "ops@alder.test" not in page.split('id="pending"', 1)[1].split("</ul>", 1)[0]
    # Somewhere else, or something that is no path, is not where a button goes.
    for elsewhere in ("https://evil.example/", "//evil.example/", "0", "javascript:alert(1)"):
        assert resend(client, invitation, next=elsewhere)["Location"] == people(cast.practice)


def test_a_next_page_too_long_to_redirect_to_goes_to_the_people_page(cast, login, mailoutbox):
    """700 "é" fit the length check but not a redirect once encoded (Django answers 400
    for a Location over 2,048 characters): the cancel must not be done and then refused."""
    client = login(cast.lead)
    invite(client, cast.practice, "ops@alder.test")
    invitation = Invitation.objects.get()
    response = cancel(client, invitation, next="/" + "é" * 700)
    assert response.status_code == 302
    assert response["Location"] == people(cast.practice)
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None


def test_a_body_too_big_to_read_cancels_nothing(cast, login, mailoutbox):
    client = login(cast.lead)
    invite(client, cast.practice, "ops@alder.test")
    invitation = Invitation.objects.get()
    response = cancel(client, invitation, id="é" * 2_000_000)
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None


@pytest.mark.parametrize("role", ["respondent", "other_lead", "coach"])
def test_only_the_practices_leads_resend_or_cancel(cast, login, mailoutbox, role):
    invitation, _ = invitation_create(cast.lead, "ops@alder.test", "respondent", cast.practice)
    client = login(cast.by_role(role))
    assert resend(client, invitation).status_code == 404
    assert cancel(client, invitation).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending" and len(mailoutbox) == 1


def test_an_invitation_of_another_practice_is_404_here(cast, login, mailoutbox):
    theirs, _ = invitation_create(
        cast.other_lead, "ops@birch.test", "respondent", cast.other_practice
    )
    client = login(cast.lead)
    for name in ("practices:invitation_resend", "practices:invitation_cancel"):
        url = reverse(name, args=[cast.practice.pk, theirs.pk])
        assert client.post(url).status_code == 404
        assert client.get(url).status_code == 405
    theirs.refresh_from_db()
    assert theirs.status == "pending"


def field_errors(page):
    """The errors shown beside the fields."""
    return re.findall(r'<p id="error_\d+_id_\w+"><strong>(.*?)</strong></p>', page)


def test_program_staff_are_not_invited_as_members(cast, login, mailoutbox):
    """An administrator or another practice's coach is refused in the same words, which
    never say that the address has an account, nor what it is."""
    client = login(cast.lead)
    for email in ("admin@program.test", "coach2@program.test"):
        for role in ("respondent", "lead"):
            response = invite(client, cast.practice, email, role)
            assert response.status_code == 200
            assert field_errors(response.content.decode()) == [MEMBERSHIP_REFUSED]
        response = client.post(respondents(cast.milestone), {"email": email})
        assert field_errors(response.content.decode()) == [MEMBERSHIP_REFUSED]
    assert MEMBERSHIP_REFUSED == (
        "This address cannot be invited as a lead or respondent of this practice."
    )
    assert not Invitation.objects.exists() and mailoutbox == []
    assert not cast.admin.memberships.exists() and not cast.other_coach.memberships.exists()


def test_an_administrator_assigns_an_existing_coach_at_once(cast, login, mailoutbox):
    response = login(cast.admin).post(
        people(cast.other_practice), {"email": "coach@program.test", "role": "coach"}, follow=True
    )
    assert messages_of(response) == [
        "coach@program.test already has an account; they now have access as coach."
    ]
    assert cast.coach.coach_assignments.filter(practice=cast.other_practice).exists()
    assert mailoutbox[0].subject == "You now have access to Birch Community Health"


def test_an_account_that_became_staff_cannot_accept_a_membership(cast, login, mailoutbox):
    invitation_create(cast.lead, cast.other_lead.email, "respondent", cast.practice)
    cast.other_lead.is_staff = True
    cast.other_lead.save()
    response = login(cast.other_lead).post(link(mailoutbox[0]), {"accept": "1"})
    assert MEMBERSHIP_REFUSED in response.content.decode()
    assert not cast.other_lead.memberships.filter(practice=cast.practice).exists()
    assert not Invitation.objects.get().is_used


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_people_page_query_count_does_not_grow_with_invitations(cast, login):
    client = login(cast.lead)
    client.get(people(cast.practice))
    none = queries(client, people(cast.practice))
    for n in range(5):
        invitation_create(cast.lead, f"person{n}@alder.test", "respondent", cast.practice)
    Invitation.objects.filter(email="person0@alder.test").update(cancelled_at="2026-01-01T00:00Z")
    assert queries(client, people(cast.practice)) == none
