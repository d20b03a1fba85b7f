"""What the people of the journey do in their browsers, in the words of the pages: log in,
follow the link of an invitation e-mail, save a form and wait for the answer."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

# Everyone created through an invitation chooses this password.
NEW_PASSWORD = "Lantern harbour 2026!"


def log_in(page, email, password=PASSWORD):
    page.goto("/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def invitation_path(mailoutbox, email):
    """The path of the link in the last invitation e-mail sent to ``email``."""
    messages = [m for m in mailoutbox if email in m.to]
    assert messages, f"no e-mail was sent to {email}"
    match = re.search(r"https?://\S+/account/invitation/\S+/", messages[-1].body)
    assert match, f"no invitation link in the e-mail to {email}:\n{messages[-1].body}"
    return urlsplit(match.group(0)).path


def accept_invitation(page, name):
    """On the invitation's page: choose a name and a password, and be logged in."""
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Welcome to the EPT VBP Milestone Portal"
    )
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Choose a password").fill(NEW_PASSWORD)
    page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_text("Welcome! Your account is ready.")).to_be_visible()


def click_and_wait(page, locator):
    """Press a button that submits a form, and wait for the page that answers."""
    with page.expect_navigation():
        locator.click()


def follow(scope, name, first=False):
    """Follow the link called ``name`` in ``scope`` (a page, or a part of one)."""
    page = scope if isinstance(scope, Page) else scope.page
    link = scope.get_by_role("link", name=name)
    with page.expect_navigation():
        (link.first if first else link).click()


def says(page, text):
    """The page shows ``text`` (waits for it)."""
    expect(page.locator("main")).to_contain_text(text)
