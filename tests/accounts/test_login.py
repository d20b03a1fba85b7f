from django.urls import reverse

from tests.factories import PASSWORD


def test_log_in_with_email_in_any_case(cast, client):
    response = client.post(reverse("login"), {"username": "LEAD@Alder.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_keeps_the_email_and_says_so(cast, client):
    response = client.post(reverse("login"), {"username": "lead@alder.test", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in body
    assert 'value="lead@alder.test"' in body


def test_logout_is_a_post(cast, login):
    client = login(cast.lead)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("practices:detail", args=[cast.practice.pk])).status_code == 302


def test_password_reset_does_not_reveal_whether_account_exists(cast, client, mailoutbox):
    known = client.post(reverse("accounts:password_reset"), {"email": "lead@alder.test"})
    unknown = client.post(reverse("accounts:password_reset"), {"email": "nobody@alder.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1
    assert "/account/password/reset/" in mailoutbox[0].body


def test_password_change(cast, login):
    client = login(cast.lead)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a new Secret 2026!",
            "new_password2": "a new Secret 2026!",
        },
    )
    assert response.status_code == 302
    cast.lead.refresh_from_db()
    assert cast.lead.check_password("a new Secret 2026!")
