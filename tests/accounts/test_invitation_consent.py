"""An invitation grants nothing until the invitee accepts it, and an address that already
has an account accepts by logging in as that account: a link never logs anyone in."""

import re

from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from accounts.invitations import invitation_create
from accounts.models import Invitation, User
from practices.models import Membership
from tests.factories import PASSWORD

NEW = "ops@elsewhere.test"


def link(mail):
    return re.search(r"https?://\S+(/account/invitation/\S+/)", mail.body).group(1)


def links_to(mailoutbox, email):
    return [link(m) for m in mailoutbox if email in m.to]


def accept_with_password(client, url, password="blue Heron 4471", name="Omar Ops"):
    return client.post(url, {"full_name": name, "password1": password, "password2": password})


def invite_page(client, practice, email, role="respondent"):
    return client.post(
        reverse("practices:invitations", args=[practice.pk]),
        {"email": email, "role": role},
        follow=True,
    )


def test_a_second_invitation_link_does_not_log_into_the_account(cast, client, mailoutbox):
    invitation_create(cast.lead, NEW, "respondent", cast.practice)
    invitation_create(cast.other_lead, NEW, "lead", cast.other_practice)
    first, second = links_to(mailoutbox, NEW)
    assert accept_with_password(client, first).status_code == 302
    client.logout()
    # Anyone holding the second link posts any password.
    response = accept_with_password(client, second, password="attacker Chose 9911")
    assert SESSION_KEY not in client.session
    owner = User.objects.get(email=NEW)
    assert owner.check_password("blue Heron 4471")
    assert not owner.check_password("attacker Chose 9911")
    assert not owner.memberships.filter(practice=cast.other_practice).exists()
    assert not Invitation.objects.get(practice=cast.other_practice).is_used
    assert "log in" in response.content.decode().lower()


def test_inviting_an_existing_account_grants_nothing_until_it_accepts(cast, login):
    invite_page(login(cast.lead), cast.practice, cast.other_lead.email)
    assert not cast.other_lead.memberships.filter(practice=cast.practice).exists()
    invitation = Invitation.objects.get(email=cast.other_lead.email)
    assert invitation.status == "pending"


def test_the_message_after_inviting_does_not_tell_whether_the_address_has_an_account(cast, login):
    client = login(cast.lead)
    known = invite_page(client, cast.practice, cast.other_lead.email).context["messages"]
    unknown = invite_page(client, cast.practice, NEW).context["messages"]
    said = [str(m) for m in known], [str(m) for m in unknown]
    assert said == (
        [
            f"An invitation was sent to {cast.other_lead.email}. The link works once and "
            "expires in 7 days."
        ],
        [f"An invitation was sent to {NEW}. The link works once and expires in 7 days."],
    )


def test_the_respondents_page_says_the_same_for_both(cast, login):
    client = login(cast.lead)
    url = reverse("assessments:respondents", args=[cast.milestone.pk])
    known = client.post(url, {"email": cast.other_lead.email}, follow=True)
    unknown = client.post(url, {"email": NEW}, follow=True)
    said = (
        [str(m) for m in known.context["messages"]],
        [str(m) for m in unknown.context["messages"]],
    )
    assert said == (
        [
            f"An invitation was sent to {cast.other_lead.email}. The link works once and "
            "expires in 7 days."
        ],
        [f"An invitation was sent to {NEW}. The link works once and expires in 7 days."],
    )
    assert not cast.other_lead.memberships.filter(practice=cast.practice).exists()


def test_the_existing_account_accepts_by_logging_in_as_itself(cast, client, mailoutbox):
    invitation_create(cast.lead, cast.other_lead.email, "respondent", cast.practice)
    (url,) = links_to(mailoutbox, cast.other_lead.email)
    page = client.get(url).content.decode()
    assert "Choose a password" not in page
    assert "Log in as" in page and cast.other_lead.email in page
    # The page's log-in form posts to the log-in page and comes back to the invitation.
    response = client.post(
        reverse("login"),
        {"username": cast.other_lead.email, "password": PASSWORD, "next": url},
    )
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "Accept the invitation" in page
    assert not cast.other_lead.memberships.filter(practice=cast.practice).exists()
    response = client.post(url, {"accept": "1"}, follow=True)
    membership = cast.other_lead.memberships.get(practice=cast.practice)
    assert membership.role == Membership.Role.RESPONDENT
    assert "You are now a respondent of Alder Family Medicine." in response.content.decode()
    assert Invitation.objects.get().accepted_by == cast.other_lead


def test_a_password_posted_to_an_existing_accounts_invitation_is_ignored(cast, client, mailoutbox):
    invitation_create(cast.lead, cast.other_lead.email, "respondent", cast.practice)
    (url,) = links_to(mailoutbox, cast.other_lead.email)
    response = accept_with_password(client, url, password="attacker Chose 9911")
    assert response.status_code == 200
    assert "Log in to accept your invitation" in response.content.decode()
    assert SESSION_KEY not in client.session
    cast.other_lead.refresh_from_db()
    assert cast.other_lead.check_password(PASSWORD)
    assert not cast.other_lead.memberships.filter(practice=cast.practice).exists()


def test_logged_in_as_another_account_the_page_asks_to_log_out_first(cast, login, mailoutbox):
    invitation_create(cast.lead, cast.other_lead.email, "respondent", cast.practice)
    invitation_create(cast.lead, NEW, "respondent", cast.practice)
    existing, new = links_to(mailoutbox, cast.other_lead.email)[0], links_to(mailoutbox, NEW)[0]
    client = login(cast.respondent)
    for url in (existing, new):
        page = client.get(url).content.decode()
        assert "This invitation is for another account" in page
        assert f'action="{reverse("logout")}"' in page
        assert f'name="next" value="{url}"' in page
        assert "Log out, then open the invitation" in page
        # Accepting or choosing a password from here grants and creates nothing.
        client.post(url, {"accept": "1"})
        accept_with_password(client, url)
    assert not cast.other_lead.memberships.filter(practice=cast.practice).exists()
    assert not cast.respondent.memberships.exclude(role="respondent").exists()
    assert not User.objects.filter(email=NEW).exists()
    assert not Invitation.objects.filter(accepted_at__isnull=False).exists()
    assert client.session[SESSION_KEY] == str(cast.respondent.pk)
    # The button logs out and comes back to the invitation.
    response = client.post(reverse("logout"), {"next": existing})
    assert response["Location"] == existing
    assert "Log in to accept your invitation" in client.get(existing).content.decode()


def test_a_lead_of_another_practice_becomes_a_lead_here_only_by_accepting(cast, login, mailoutbox):
    invite_page(login(cast.lead), cast.practice, cast.other_lead.email, role="lead")
    (url,) = links_to(mailoutbox, cast.other_lead.email)
    client = login(cast.other_lead)
    response = client.post(url, {"accept": "1"})
    assert response["Location"] == reverse("practices:detail", args=[cast.practice.pk])
    assert cast.other_lead.memberships.get(practice=cast.practice).role == "lead"
    # Single use.
    assert client.get(url).status_code == 410


def test_a_respondent_invited_as_lead_is_promoted_when_accepting(cast, login, mailoutbox):
    invite_page(login(cast.lead), cast.practice, cast.respondent.email, role="lead")
    assert cast.respondent.memberships.get().role == "respondent"
    (url,) = links_to(mailoutbox, cast.respondent.email)
    login(cast.respondent).post(url, {"accept": "1"})
    assert cast.respondent.memberships.get().role == "lead"


def test_the_e_mail_to_an_existing_account_says_to_log_in(cast, login, mailoutbox):
    invite_page(login(cast.lead), cast.practice, cast.other_lead.email)
    invite_page(login(cast.lead), cast.practice, NEW)
    existing, new = mailoutbox
    assert "log in with your own\npassword and accept the invitation" in existing.body
    assert "choose your password" not in existing.body
    assert "choose your password" in new.body
    assert link(existing) and link(new)
