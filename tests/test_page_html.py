"""Every page's HTML is what a browser can use: nothing the HTML5 parser has to repair,
no form inside another form (a browser drops the inner ``<form>`` tag, so its fields
and buttons submit the outer form), no ``id`` twice on a page (a label or a link to an
error then points at the wrong field), and a label on every field a person fills in.

The pages are every URL pattern of the access matrix, for each role of the cast that
reaches it, with the milestone empty, complete in draft, submitted, sent back with
changes requested, and accepted, and with a coach's comment (one open with a reply, one
addressed) on every kind of section; and the pages that answer a refused save (errors,
or a save refused because someone else saved first).
"""

from html.parser import HTMLParser

import html5lib
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Invitation
from submissions import lifecycle
from submissions.models import CommentReply, ReviewComment
from tests import factories
from tests.fuzz.pages import post_forms
from tests.test_access_matrix import MATRIX, url_patterns

ROLES = ["anonymous", "lead", "respondent", "coach", "admin"]
STATES = ["empty draft", "draft", "submitted", "changes requested", "accepted"]
POSITIONS = (1, 2, 3)
# Pages that name a capability by its position: each of the three is a page of its own.
BY_POSITION = {"action_plans:capability", "gap_analysis:capability_remove"}
# Fields a person never fills in.
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


def comment_sections(milestone):
    codes = milestone.instrument.domains.values_list("code", flat=True)
    return [
        "vapcat",
        *(f"gap:{code}" for code in codes),
        "capabilities",
        *(f"plan:{n}" for n in POSITIONS),
        "risks",
        "process",
        "general",
    ]


def put_in_state(cast, state):
    milestone = cast.milestone
    if state == "empty draft":
        return milestone
    factories.complete_milestone(milestone, cast.respondent)
    if state != "draft":
        milestone = lifecycle.milestone_submit(milestone, cast.lead)
    for section in comment_sections(milestone):
        opened = ReviewComment.objects.create(
            milestone=milestone,
            section=section,
            body=f"Open comment on {section}.",
            author=cast.coach,
            version=milestone.version,
        )
        CommentReply.objects.create(comment=opened, author=cast.lead, body=f"Reply on {section}.")
        ReviewComment.objects.create(
            milestone=milestone,
            section=section,
            body=f"Addressed comment on {section}.",
            author=cast.coach,
            version=milestone.version,
            addressed_at=timezone.now(),
            addressed_by=cast.lead,
        )
    if state == "changes requested":
        milestone = lifecycle.milestone_request_changes(milestone, cast.coach)
    elif state == "accepted":
        milestone = lifecycle.milestone_accept(milestone, cast.coach)
    return milestone


def page_requests(cast):
    """(method, URL) of every page of the matrix: each GET, and each POST that answers
    an empty form with the form again (its expected status is 200)."""
    for name, (method, kwargs, expected) in MATRIX.items():
        if method == "post" and 200 not in expected.values():
            continue
        if name in BY_POSITION:
            for position in POSITIONS:
                yield method, reverse(name, kwargs={"pk": cast.milestone.pk, "position": position})
            continue
        yield method, reverse(name, kwargs=kwargs(cast) if kwargs else None)
    # The review page with a section chosen, as its "Comment on this section" links open it.
    yield "get", reverse("submissions:review", args=[cast.milestone.pk]) + "?section=gap:A"
    # Links that really work: invitations (to a new address and to an existing account)
    # and a password reset.
    for email in ("new.person@alder.test", cast.other_lead.email):
        Invitation.objects.filter(email=email, practice=cast.practice).delete()
        invitation, token = Invitation.new(
            email=email, role="respondent", practice=cast.practice, invited_by=cast.lead
        )
        invitation.save()
        yield "get", reverse("accounts:accept", args=[token])
    uid = urlsafe_base64_encode(force_bytes(cast.lead.pk))
    token = default_token_generator.make_token(cast.lead)
    yield "get", reverse("accounts:password_reset_confirm", args=[uid, token])


class _FormNesting(HTMLParser):
    """A ``<form>`` start tag while another form is open."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open_forms = 0
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            if self.open_forms:
                action = dict(attrs).get("action") or "(this page)"
                line, _ = self.getpos()
                self.problems.append(f"line {line}: a form (to {action}) inside another form")
            self.open_forms += 1

    def handle_endtag(self, tag):
        if tag == "form" and self.open_forms:
            self.open_forms -= 1


def nested_forms(html):
    parser = _FormNesting()
    parser.feed(html)
    parser.close()
    return parser.problems


def _walk(element, in_label=False):
    """(element, inside a <label>) for every element of the tree."""
    yield element, in_label
    inside = in_label or element.tag == "label"
    for child in element:
        if isinstance(child.tag, str):
            yield from _walk(child, inside)


def _describe(element):
    attrs = " ".join(f'{k}="{v}"' for k, v in element.attrib.items() if k in ("name", "id"))
    return f"<{element.tag} {attrs}>"


def duplicate_ids(tree):
    seen, problems = set(), []
    for element, _ in _walk(tree):
        identifier = element.get("id")
        if identifier is None:
            continue
        if identifier in seen:
            problems.append(f'id="{identifier}" twice')
        seen.add(identifier)
    return problems


def unlabelled_fields(tree):
    elements = list(_walk(tree))
    labelled = {el.get("for") for el, _ in elements if el.tag == "label" and el.get("for")}
    problems = []
    for element, in_label in elements:
        if element.tag == "input":
            if (element.get("type") or "text").lower() in UNLABELLED_INPUTS:
                continue
        elif element.tag not in ("select", "textarea"):
            continue
        if in_label or (element.get("id") and element.get("id") in labelled):
            continue
        if (element.get("aria-label") or "").strip():
            continue
        if (element.get("aria-labelledby") or "").strip():
            continue
        problems.append(f"{_describe(element)} has no label")
    return problems


def html_problems(html):
    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    tree = parser.parse(html)
    # What the parser had to repair (a stray end tag, an attribute twice, ...).
    repaired = [f"line {line}: {code} {data or ''}" for (line, _), code, data in parser.errors]
    return repaired + nested_forms(html) + duplicate_ids(tree) + unlabelled_fields(tree)


def test_the_pages_cover_every_url_pattern():
    """A new URL pattern gets a row in the access matrix, and so a walk here."""
    assert {name for name, _, _ in url_patterns()} == MATRIX.keys()


# Someone with an account elsewhere, to see the page of an invitation to that account.
PAGE_CASES = [(role, state) for state in STATES for role in ROLES] + [("other_lead", "draft")]


@pytest.mark.parametrize(("role", "state"), PAGE_CASES, ids=[f"{r}-{s}" for r, s in PAGE_CASES])
def test_every_page_is_valid_html_for_a_browser(role, state, cast, client):
    put_in_state(cast, state)
    if role != "anonymous":
        client.force_login(cast.by_role(role))
    problems, parsed = [], 0
    for method, url in page_requests(cast):
        if method == "get":
            response = client.get(url, follow=True)
        else:
            response = client.post(url)
        if response.status_code != 200:
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parsed += 1
        where = f"{method.upper()} {url} as {role}, milestone {state}"
        problems += [f"{where}: {p}" for p in html_problems(response.content.decode())]
    assert parsed, "no page answered"
    assert problems == [], "\n".join(problems)


def refused_and_conflicting(form):
    """What a form's page answers with when a save is refused: every text too long (each
    text field with a ``maxlength``), and loaded before someone else's save (a revision
    that is not the stored one). Only forms that can be refused that way."""
    data = {**form.loaded(), **dict(form.buttons[:1])}
    too_long = {
        name: "x" * (field.maxlength + 1)
        for name, field in form.fields.items()
        if field.is_text and field.maxlength
    }
    if too_long:
        yield "too long", {**data, **too_long}
    if "revision" in data:
        yield "stale", {**data, "revision": str(int(data["revision"] or 0) + 1000)}


def answers_to_forms(client, url, html):
    """(what was sent, response) for each refused save of each form of the page; each
    in a savepoint rolled back after, so that the next starts from the same data."""
    for form in post_forms(html):
        action = form.action or url
        for kind, data in refused_and_conflicting(form):
            with transaction.atomic():
                response = client.post(action, data)
                transaction.set_rollback(True)
            yield f"POST {action} ({kind}, from {url})", response


REFUSED_CASES = [
    (role, state)
    for state in ("draft", "submitted", "changes requested")
    for role in ("lead", "respondent", "coach", "admin")
] + [("anonymous", "draft"), ("other_lead", "draft")]


@pytest.mark.parametrize(
    ("role", "state"), REFUSED_CASES, ids=[f"{r}-{s}" for r, s in REFUSED_CASES]
)
def test_every_refused_save_is_valid_html_for_a_browser(role, state, cast, client):
    """The pages that answer a refused save: the form again with its errors, or with
    what is stored now beside what was typed."""
    put_in_state(cast, state)
    if role != "anonymous":
        client.force_login(cast.by_role(role))
    problems, parsed = [], 0
    for method, url in page_requests(cast):
        if method != "get":
            continue
        page = client.get(url)
        if page.status_code != 200 or not page["Content-Type"].startswith("text/html"):
            continue
        for sent, response in answers_to_forms(client, url, page.content.decode()):
            assert response.status_code < 500, f"{sent} as {role}: {response.status_code}"
            if response.status_code in (301, 302, 404):
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            parsed += 1
            where = f"{sent} as {role}, milestone {state}"
            problems += [f"{where}: {p}" for p in html_problems(response.content.decode())]
    assert parsed, "no form was refused"
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        (
            '<form method="post"><input name="a" aria-label="A">'
            '<form method="post" action="/x/"><button>Go</button></form></form>',
            "a form (to /x/) inside another form",
        ),
        ('<p id="a"></p><span id="a"></span>', 'id="a" twice'),
        ('<input name="a" id="id_a">', '<input name="a" id="id_a"> has no label'),
        ('<label for="other">A</label><select name="s"></select>', '<select name="s"> has'),
        ("<textarea name='t'></textarea>", '<textarea name="t"> has no label'),
        ('<p class="a" class="b">x</p>', "duplicate-attribute"),
        ("<div><p>x</span></div>", "unexpected-end-tag"),
    ],
)
def test_the_check_sees_what_a_browser_would_get_wrong(html, problem):
    found = html_problems(f"<!doctype html><title>t</title>{html}")
    assert any(problem in p for p in found), found


def test_the_check_accepts_every_way_of_labelling_a_field():
    html = (
        '<!doctype html><title>t</title><form method="post">'
        '<label for="id_a">A</label><input id="id_a" name="a">'
        '<label>B <select name="b"></select></label>'
        '<textarea name="c" aria-label="C"></textarea>'
        '<span id="d-label">D</span><input name="d" type="number" aria-labelledby="d-label">'
        '<input type="hidden" name="e"><input type="submit" value="Go">'
        '<template id="row"><input name="f" aria-label="F"></template>'
        "</form>"
    )
    assert html_problems(html) == []
