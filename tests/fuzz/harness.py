"""The fuzz harness: load a form as its page shows it, draw a fuzzed POST from it, send
it as one role with the milestone in one state, and check what a user (or an attacker)
would notice.

Each attempt runs inside a savepoint that is rolled back, so the examples hypothesis
draws for one test all start from the same ``world`` and never see each other's writes.

What every attempt checks:
- never a 500 (the test client re-raises the view's exception; the status is checked too);
- nothing stored (every table of the product's apps, and no e-mail sent) when the POST was
  refused: a 4xx, or an error message or the page with its error summary and no message
  saying what was saved all the same; nor when the role may not change anything through
  that form, nor when the milestone is read-only and the form is part of its content;
- what was typed in a text field comes back when the form is shown again (200 or 409),
  and a refusal of a form that keeps typing never sends the person elsewhere;
- a redirect never leaves the site.
"""

import hashlib
import os
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode, urlsplit

from django.apps import apps
from django.contrib import messages as django_messages
from django.core import mail
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.bounded_text import normalise
from action_plans.forms import MAX_ROWS
from submissions.models import MilestoneSubmission
from tests.factories import PASSWORD
from tests.fuzz.forms import ROLES
from tests.fuzz.pages import ROW_NAME, find_form, post_forms
from tests.fuzz.values import MISSING, junk, junk_name, numbers, typed_text

READ_ONLY = {MilestoneSubmission.Status.SUBMITTED, MilestoneSubmission.Status.ACCEPTED}
STATES = ["draft", "draft", "changes_requested", "submitted", "accepted"]

# The product's own data. Sessions, django-axes' log-in records and the admin log are
# bookkeeping that a refused POST may legitimately touch.
FINGERPRINTED_APPS = [
    "accounts",
    "practices",
    "submissions",
    "assessments",
    "gap_analysis",
    "action_plans",
    "incentives",
    "exports",
]
# Written by every log-in, whatever the form.
IGNORED_COLUMNS = {("accounts.User", "last_login")}


# FUZZ_SCALE=10 runs ten times the examples, for a deeper search than CI's.
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
# The suite draws the same examples on every run, so a red build is red again on any
# machine; FUZZ_RANDOM=1 draws new ones each run, to search (with FUZZ_SCALE) for more.
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"


def fuzz_settings(max_examples):
    """The settings of every fuzz test: no deadline (pages render 1 MB values), the
    ``world`` fixture shared by the examples on purpose (each runs in a savepoint), no
    example database written into the working tree, and the same examples every run
    unless FUZZ_RANDOM is set."""
    return settings(
        max_examples=max(1, round(max_examples * SCALE)),
        derandomize=not RANDOM,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
        database=None,
    )


# --- what is stored ----------------------------------------------------------------------


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def fingerprint():
    """{table: (rows, hash of their content)} over every table of the product's apps,
    and the number of e-mails sent."""
    tables = {}
    for label in FINGERPRINTED_APPS:
        for model in apps.get_app_config(label).get_models():
            name = model._meta.label
            columns = [
                f.attname
                for f in model._meta.concrete_fields
                if (name, f.attname) not in IGNORED_COLUMNS
            ]
            digest = hashlib.sha256()
            rows = model._base_manager.order_by("pk").values_list(*columns)
            count = 0
            for row in rows:
                digest.update(repr(tuple(_plain(v) for v in row)).encode())
                count += 1
            tables[name] = (count, digest.hexdigest()[:12])
    tables["e-mails sent"] = (len(mail.outbox), "")
    return tables


def changed_tables(before, after):
    return sorted(name for name in before if before[name] != after[name])


# --- the form as its page shows it -------------------------------------------------------


def signed_in_client(world, role, **kwargs):
    client = Client(**kwargs)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    return client


def open_form(world, form, client):
    """GET the page of ``form`` with ``client`` (milestone in ``form.state``); returns the
    ``HtmlForm`` and the path it posts to. For a form without a page of its own (the
    autosave), the page's first form stands in: it carries the same CSRF token."""
    world.set_state(form.state)
    page = form.prepare(client, world, form.page(world))
    response = client.get(page)
    assert response.status_code == 200, f"{form.name}: GET {page} -> {response.status_code}"
    html = response.content.decode()
    if form.custom is not None:
        return post_forms(html)[0], form.action_path(world)
    action = form.action(world) if form.action else page
    return find_form(html, action, page), action


def load_form(world, form):
    """The ``HtmlForm`` of ``form`` as ``form.loaded_as`` sees it (None: no page)."""
    if form.custom is not None:
        return None
    with transaction.atomic():
        html_form, _ = open_form(world, form, signed_in_client(world, form.loaded_as))
        transaction.set_rollback(True)
    return html_form


# --- fuzzed POSTs ------------------------------------------------------------------------

PLAUSIBLE_SAMPLES = [
    "مرحبا بالعالم",
    "שלום עולם",
    "👩🏽‍⚕️🏥🩺 care team",
    "Z̵̡̛̰a̶̧͉l̸̨̛g̷̢̛o̵̧̕",
    "ｆｕｌｌｗｉｄｔｈ",
    "<b>bold</b> & \"quotes\" 'too'",
    "  padded  ",
]


def plausible(field):
    """A value a person could choose or type in ``field``."""
    if field.kind in ("select", "radio"):
        return st.sampled_from(field.options or [""])
    if field.kind == "checkbox":
        return st.sampled_from([field.options[0] if field.options else "on", MISSING])
    if field.kind == "number":
        return st.one_of(st.sampled_from(["", "0", "1", "2027", "12.5"]), numbers())
    if field.kind == "password":
        return st.sampled_from(["", "wrong password", PASSWORD])
    limit = min(field.maxlength or 80, 80)
    return st.one_of(typed_text(limit), st.sampled_from(PLAUSIBLE_SAMPLES))


# A formset's management form, and what a tampered one may say.
MANAGEMENT = re.compile(r"-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$")
TAMPERED_COUNTS = [
    "-1",
    "-1000",
    "0",
    "7",
    "101",
    "1001",
    "2000",
    "9223372036854775808",
    "9" * 5000,
    "abc",
    "",
    "٣",
    "3.5",
    "1e3",
    " 2 ",
    MISSING,
]


def _special(specials, name):
    return next((make for pattern, make in specials if pattern.fullmatch(name)), None)


@st.composite
def fuzzed_posts(draw, world, form, html_form):
    """What the page loaded, retyped here and there, maybe with rows added and a button
    pressed, then up to three fields broken and maybe an unknown field."""
    if form.custom is not None:
        return draw(form.custom(world))
    specials = world.specials(form)
    post = html_form.loaded()
    for name, field in html_form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        make = _special(specials, name)
        if make is not None:
            post[name] = draw(make(field.value))
        elif field.kind != "hidden" and draw(st.integers(0, 2)) == 0:
            post[name] = draw(plausible(field))
    for pattern, make in specials:
        literal = pattern.pattern
        if re.escape(literal) == literal and literal not in html_form.fields:
            post[literal] = draw(make(MISSING))

    for template_id, fields in html_form.templates.items():
        prefix = template_id.removesuffix("-empty")
        total = f"{prefix}-TOTAL_FORMS"
        if total in post and draw(st.integers(0, 3)) == 0:
            for _ in range(draw(st.integers(1, 2))):
                index = int(post[total])
                for name, field in fields.items():
                    real = name.replace("__prefix__", str(index))
                    post[real] = field.value if field.kind == "hidden" else draw(plausible(field))
                post[total] = str(index + 1)

    management = [name for name in html_form.fields if MANAGEMENT.search(name)]
    if management and draw(st.integers(0, 2)) == 0:
        for _ in range(draw(st.integers(1, 2))):
            post[draw(st.sampled_from(management))] = draw(st.sampled_from(TAMPERED_COUNTS))

    if html_form.buttons and draw(st.integers(0, 2)) == 0:
        name, value = draw(st.sampled_from(html_form.buttons))
        post[name] = value

    names = sorted(name for name in post if name != "csrfmiddlewaretoken")
    if names:
        for _ in range(draw(st.integers(0, 3))):
            post[draw(st.sampled_from(names))] = draw(junk())
    if draw(st.integers(0, 4)) == 0:
        post[draw(junk_name())] = draw(junk())
    return {name: value for name, value in post.items() if value is not MISSING}


def echoed_names(form, html_form, post):
    """The text fields of ``post`` that must come back when the form is shown again."""
    if html_form is None:
        return []
    skipped = form.skipped_prefixes(post) if form.skipped_prefixes else set()
    names = []
    for name in post:
        if any(name.startswith(f"{prefix}-") for prefix in skipped):
            continue
        field = html_form.fields.get(name)
        row = ROW_NAME.match(name)
        if row is not None:
            prefix, index = row["prefix"], int(row["index"])
            if not _rows_intact(html_form, post, prefix, index):
                continue
            if field is None:
                template = html_form.templates.get(f"{prefix}-empty", {})
                field = template.get(f"{prefix}-__prefix__-{row['field']}")
        if field is not None and field.is_text:
            names.append(name)
    return names


def _rows_intact(html_form, post, prefix, index):
    """Row ``index`` of formset ``prefix`` is shown again only if the management form
    still says so (a tampered one may drop rows, as Django's formsets do)."""
    total, initial = f"{prefix}-TOTAL_FORMS", f"{prefix}-INITIAL_FORMS"
    if total not in html_form.fields:
        return True  # not a formset row after all
    count = post.get(total)
    if not (isinstance(count, str) and count.isascii() and count.isdigit() and len(count) < 5):
        return False
    loaded_initial = html_form.fields[initial].value if initial in html_form.fields else None
    # Beyond MAX_ROWS the formset refuses the count and builds only that many rows.
    return index < min(int(count), MAX_ROWS) and post.get(initial) == loaded_initial


# --- one attempt -------------------------------------------------------------------------


@dataclass
class Outcome:
    role: str
    state: str
    status: int
    messages: list
    refused: bool
    changed: list
    response: object


def _messages(response):
    storage = getattr(response.wsgi_request, "_messages", None)
    return [(m.level, str(m)) for m in storage] if storage is not None else []


def is_refused(response, messages):
    """A refusal is a 4xx, or an error message or the form again with its error summary,
    unless a success or warning message says what was saved all the same ("Your answers
    were saved, but not submitted")."""
    if response.status_code >= 400:
        return True
    levels = {level for level, _ in messages}
    if levels & {django_messages.SUCCESS, django_messages.WARNING}:
        return False
    if django_messages.ERROR in levels:
        return True
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        return b"error-summary" in response.content
    return False


def send(client, path, post, urlencoded=False):
    if urlencoded:
        # What a browser sends by default; multipart is the test client's default.
        body = urlencode(post, doseq=True)
        return client.post(path, body, content_type="application/x-www-form-urlencoded")
    return client.post(path, post)


def assert_stays_on_site(response):
    """The Location as a browser reads it (tabs and newlines dropped, surrounding spaces
    and control characters stripped, backslashes as slashes) names no other site."""
    location = response.get("Location")
    if location is None:
        return
    seen = re.sub(r"[\t\n\r]", "", location).strip("".join(map(chr, range(0x21))))
    parts = urlsplit(seen.replace("\\", "/"))
    assert not parts.scheme and not parts.netloc, f"redirect off the site: {location!r}"


def attempt(world, form, html_form, role, state, path, post, urlencoded=False):
    """POST ``post`` to ``path`` as ``role`` with the milestone in ``state``, check the
    invariants and return what happened. Nothing of it outlives the call."""
    with transaction.atomic():
        world.set_state(state)
        client = signed_in_client(world, role)
        path = form.prepare(client, world, path)
        mail.outbox.clear()  # the savepoint rolls back the tables, not the outbox
        before = world.fingerprint(state)
        response = send(client, path, post, urlencoded)
        after = fingerprint()
        saved_page = _page_after_save(client, form, path, response)
        transaction.set_rollback(True)

    messages = _messages(response)
    outcome = Outcome(
        role=role,
        state=state,
        status=response.status_code,
        messages=messages,
        refused=is_refused(response, messages),
        changed=changed_tables(before, after),
        response=response,
    )
    context = f"{role} POST {path[:120]} ({state}) -> {response.status_code} {messages}"
    assert response.status_code < 500, context
    assert_stays_on_site(response)

    editable = not (form.content and state in READ_ONLY)
    if outcome.refused:
        assert outcome.changed == [], f"refused, yet stored: {outcome.changed}; {context}"
    if role not in form.writers:
        assert outcome.changed == [], f"{role} may not change this: {outcome.changed}; {context}"
    if not editable:
        assert outcome.changed == [], f"read-only milestone changed: {outcome.changed}; {context}"

    if role in form.writers and editable:
        typed = [
            (name, normalise(post[name]).strip())
            for name in echoed_names(form, html_form, post)
            if isinstance(post[name], str) and post[name].strip()
        ]
        content_type = response.get("Content-Type", "")
        if response.status_code in (200, 409) and "text/html" in content_type:
            text = shown_text(response.content.decode())
            lost = [name for name, value in typed if value not in text]
            assert lost == [], f"typed text not shown again: {lost}; {context}"
        elif outcome.refused and response.status_code in (301, 302, 303) and form.keeps_typing:
            names = [name for name, _ in typed]
            assert names == [], f"refused and sent elsewhere, typed {names} is lost; {context}"
        if saved_page is not None and not outcome.refused:
            kept = [(n, v) for n, v in typed if not _not_saved_as_typed(html_form, post, n)]
            lost = [name for name, value in kept if value not in shown_text(saved_page)]
            assert lost == [], f"saved, but the page does not show {lost}; {context}"
    return outcome


def shown_text(html):
    """The page as a browser shows its text: line breaks read as one "\\n" (the HTML
    parser turns "\\r\\n" and a lone "\\r" into it, and so do the product's forms) and
    character references decoded ("&quot;", "&#34;" and '"' are the same quote)."""
    return unescape(normalise(html))


def _page_after_save(client, form, path, response):
    """The page a save of milestone content redirects back to, as text (else None)."""
    if not form.content or response.status_code != 302:
        return None
    location = response["Location"]
    if urlsplit(location).path != urlsplit(path).path:
        return None
    return client.get(location).content.decode()


def _not_saved_as_typed(html_form, post, name):
    """A row ticked for removal, or whose hidden id was changed: Django's formsets skip a
    row whose id is not one of theirs (another practice's row is never touched)."""
    row = ROW_NAME.match(name)
    if row is None:
        return False
    row_prefix = f"{row['prefix']}-{row['index']}"
    if post.get(f"{row_prefix}-DELETE"):
        return True
    loaded = html_form.fields.get(f"{row_prefix}-id")
    return loaded is not None and post.get(f"{row_prefix}-id") != loaded.value


@st.composite
def scenarios(draw, world, form, html_form):
    """(role, state, path, post, urlencoded): a writer half of the time, any role else."""
    writers = sorted(form.writers) or ROLES
    role = draw(st.one_of(st.sampled_from(writers), st.sampled_from(ROLES)))
    state = draw(st.sampled_from(STATES))
    path = draw(form.paths(world)) if form.paths else form.action_path(world)
    post = draw(fuzzed_posts(world, form, html_form))
    urlencoded = draw(st.booleans())
    return role, state, path, post, urlencoded


def fuzz(world, form):
    """Run ``form.examples`` hypothesis examples of ``form`` against ``world``."""
    html_form = world.loaded(form)

    @fuzz_settings(form.examples)
    @given(scenario=scenarios(world, form, html_form))
    def examples(scenario):
        role, state, path, post, urlencoded = scenario
        attempt(world, form, html_form, role, state, path, post, urlencoded)

    examples()
