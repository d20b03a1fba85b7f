import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.invitations import invitation_create
from accounts.models import Invitation, User
from practices.models import CoachAssignment, Membership


def invite(client, practice, email, role="respondent"):
    return client.post(
        reverse("practices:invitations", args=[practice.pk]), {"email": email, "role": role}
    )


def accept_link(mail):
    return re.search(r"http://[^\s]+/account/invitation/[^\s]+/", mail.body).group(0)


def test_lead_invites_a_respondent_who_creates_an_account(cast, login, client, mailoutbox):
    invite(login(cast.lead), cast.practice, "ops@alder.test")
    assert len(mailoutbox) == 1
    assert "Alder Family Medicine" in mailoutbox[0].subject
    url = accept_link(mailoutbox[0]).replace("http://127.0.0.1:8000", "")
    client.logout()
    page = client.get(url)
    assert "ops@alder.test" in page.content.decode()
    response = client.post(
        url,
        {"full_name": "Omar Ops", "password1": "blue Heron 4471", "password2": "blue Heron 4471"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="ops@alder.test")
    assert user.memberships.get().role == Membership.Role.RESPONDENT
    assert user.check_password("blue Heron 4471")
    # single use
    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_expired_invitation_says_so(cast, client, mailoutbox):
    invitation, _ = invitation_create(cast.lead, "late@alder.test", "respondent", cast.practice)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    url = accept_link(mailoutbox[0]).replace("http://127.0.0.1:8000", "")
    response = client.get(url)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    response = client.post(
        url, {"full_name": "x", "password1": "blue Heron 4471", "password2": "blue Heron 4471"}
    )
    assert not User.objects.filter(email="late@alder.test").exists()


def test_invitation_lasts_seven_days(cast):
    invitation, _ = invitation_create(cast.lead, "new@alder.test", "respondent", cast.practice)
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_inviting_an_existing_account_sends_a_link_to_log_in_and_accept(cast, login, mailoutbox):
    response = invite(login(cast.lead), cast.practice, "LEAD@birch.test", role="respondent")
    assert response.status_code == 302
    assert User.objects.filter(email="lead@birch.test").count() == 1
    assert not cast.other_lead.memberships.filter(practice=cast.practice).exists()
    (mail,) = mailoutbox
    assert mail.to == ["lead@birch.test"]
    assert mail.subject == "You are invited to Alder Family Medicine's VBP milestone"
    assert "log in with your own\npassword and accept the invitation" in mail.body
    assert "choose your password" not in mail.body
    assert accept_link(mail)


def test_mismatched_passwords_keep_what_was_typed(cast, client, mailoutbox):
    invitation_create(cast.lead, "ops@alder.test", "respondent", cast.practice)
    url = accept_link(mailoutbox[0]).replace("http://127.0.0.1:8000", "")
    response = client.post(
        url, {"full_name": "Omar Ops", "password1": "blue Heron 4471", "password2": "other"}
    )
    body = response.content.decode()
    assert "The two passwords are different." in body
    assert 'value="Omar Ops"' in body


def test_lead_cannot_invite_a_coach(cast, login):
    response = invite(login(cast.lead), cast.practice, "sneaky@coach.test", role="coach")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.filter(email="sneaky@coach.test").exists()


def test_administrator_invites_a_coach_for_a_practice(cast, login, client, mailoutbox):
    invite(login(cast.admin), cast.practice, "newcoach@program.test", role="coach")
    url = accept_link(mailoutbox[0]).replace("http://127.0.0.1:8000", "")
    client.logout()
    client.post(
        url,
        {"full_name": "Nia Coach", "password1": "blue Heron 4471", "password2": "blue Heron 4471"},
    )
    coach = User.objects.get(email="newcoach@program.test")
    assert coach.is_coach
    assert CoachAssignment.objects.filter(coach=coach, practice=cast.practice).exists()


def test_invalid_email_keeps_the_form(cast, login):
    response = invite(login(cast.lead), cast.practice, "not an email")
    body = response.content.decode()
    assert "Enter an e-mail address like name@practice.org." in body
    assert 'value="not an email"' in body


@pytest.mark.parametrize("role", ["respondent", "coach", "other_lead"])
def test_only_leads_and_admins_invite(cast, login, role):
    response = invite(login(cast.by_role(role)), cast.practice, "x@alder.test")
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_e_mails_are_plain_text_with_names_as_typed(cast, login, mailoutbox):
    """E-mails are text, not HTML: an apostrophe or an ampersand arrives as typed, not
    as "&#x27;" or "&amp;"."""
    cast.practice.name = "O'Brien & Daughters Family Medicine"
    cast.practice.save()
    invite(login(cast.lead), cast.practice, "ops@alder.test")
    mail = mailoutbox[0]
    assert mail.subject == "You are invited to O'Brien & Daughters Family Medicine's VBP milestone"
    assert "of O'Brien & Daughters Family Medicine." in mail.body
    assert "&#" not in mail.body and "&amp;" not in mail.body
