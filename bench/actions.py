"""The virtual users of the capacity benchmark and the actions they take.

Standard library only: the same actions drive gunicorn over HTTP (``bench.load``) and
Django's test client in-process, where their SQL queries are counted (``bench.inproc``).
A *client* has ``get(path)`` and ``post(path, fields)``, each returning
``(status, headers, body)`` with lower-case header names; the action follows one
redirect, as a browser does after a save.

Each virtual user runs its role's loop; an action that would change a milestone no
longer open to changes (submitted or accepted) is replaced by the page it would have
been made from, as a person would only read it.
"""

import json
import re
import threading
from html.parser import HTMLParser

PASSWORD = "bench-password-2026"
EDITABLE = ("draft", "changes_requested")
TEXT = "We review this every month with the leadership team and our partners. "


class Refused(Exception):
    """A correct refusal (an edit conflict, a milestone that has just closed)."""


class Failed(Exception):
    """An answer a person would see as an error: a 5xx, a 4xx, a page without its form."""


class FormReader(HTMLParser):
    """Every POST form of a page: its action, its fields as a browser would send them,
    and each radio group's and select's choices."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea, self.select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.current = {"action": a.get("action") or "", "fields": [], "choices": {}}
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                self.current["choices"].setdefault(name, []).append(a.get("value", "on"))
                if "checked" not in a:
                    return
            self.current["fields"].append([name, a.get("value") or ""])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
            self.current["fields"].append(self.textarea)
        elif tag == "select" and name:
            self.select = [name, None]
            self.current["fields"].append(self.select)
            self.current["choices"][name] = []
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.current["choices"][self.select[0]].append(value)
            if "selected" in a or self.select[1] is None:
                self.select[1] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            if self.select is not None and self.select[1] is None:
                self.select[1] = ""
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def forms_of(body):
    reader = FormReader()
    reader.feed(body.decode("utf-8", "replace"))
    return reader.forms


def form_with(body, field, action_end=None):
    """The page's largest POST form holding a field named ``field`` (and whose action
    ends with ``action_end``), or Failed."""
    candidates = [
        f
        for f in forms_of(body)
        if any(name == field for name, _ in f["fields"]) or field in f["choices"]
    ]
    if action_end is not None:
        candidates = [f for f in candidates if f["action"].split("?")[0].endswith(action_end)]
    if not candidates:
        raise Failed(f"no form with {field!r} on the page")
    return max(candidates, key=lambda f: len(f["fields"]))


def edit_form(body, milestone):
    """The page's form with a revision field. Without one the milestone closed while the
    page was asked for (its lead submitted it): a correct answer, refused."""
    try:
        return form_with(body, "revision")
    except Failed as error:
        raise Refused(f"milestone {milestone} no longer open to changes") from error


# -- The world the virtual users share --------------------------------------------------


class World:
    """What every virtual user may know: each milestone's status, the milestones with a
    submitted version (for PDFs), each coach's milestones."""

    def __init__(self, setup):
        self.lock = threading.RLock()
        self.status = {int(k): v for k, v in setup["status"].items()}
        self.snapshots = sorted(int(k) for k in setup["snapshots"])
        self.all_milestones = sorted(self.status)
        self.practices_pages = setup.get("practice_pages", 1)
        self.counter = 0

    def editable(self, milestone):
        return self.status[milestone] in EDITABLE

    def set_status(self, milestone, status):
        with self.lock:
            self.status[milestone] = status
            if status == "submitted" and milestone not in self.snapshots:
                self.snapshots.append(milestone)

    def next(self):
        with self.lock:
            self.counter += 1
            return self.counter


class VirtualUser:
    def __init__(self, spec, offset=0):
        self.email = spec["email"]
        self.kind = spec["kind"]
        self.cookie = spec["cookie"]
        self.milestone = spec.get("milestone")
        self.coached = spec.get("coached", [])
        self.step = offset
        self.lock = threading.Lock()
        self.forms = {}
        self.cookies = {}

    def prime(self):
        """What the previous action of the loop would have left (a loaded form): the
        action to run before the measured run starts, or None. A coach about to comment
        or request changes starts the loop afresh instead."""
        loop = LOOPS[self.kind]
        upcoming = loop[self.step % len(loop)]
        if upcoming in ("comment", "request changes"):
            self.step += len(loop) - self.step % len(loop)
            return None
        return PREPARED_BY.get(upcoming)

    def next_action(self):
        loop = LOOPS[self.kind]
        name = loop[self.step % len(loop)]
        self.step += 1
        return name


# -- Requests -------------------------------------------------------------------------


def _check(status, what, ok=(200,)):
    if status in ok:
        return
    if status == 409:
        raise Refused(f"{what}: 409")
    raise Failed(f"{what}: {status}")


def get(client, path, what):
    status, headers, body = client.get(path)
    if status in (301, 302, 303):
        # A page that sends the reader elsewhere (e.g. a milestone just closed): followed.
        status, headers, body = client.get(headers["location"])
    _check(status, what)
    return body


def post(client, path, fields, what):
    """A form's POST, answered by a redirect that is followed (what a browser does)."""
    status, headers, body = client.post(path, fields)
    if status not in (302, 303):
        _check(status, what, ())
    status, _, body = client.get(headers["location"])
    _check(status, what + " (page after)")
    return status, body


def _edited(fields, n):
    """The form's fields with its first free text changed (the save stores something)."""
    fields = [list(f) for f in fields]
    for field in fields:
        if field[0].endswith(("current_state", "goals", "comment", "why_priority")):
            field[1] = f"{TEXT}Revised {n}."
            break
    return fields


# -- Actions ----------------------------------------------------------------------------
# Each: (client, user, world) -> the name of the action taken; raises Refused or Failed.


def milestone_page(client, user, world):
    target = user.milestone or _coached_or_any(user, world)
    get(client, f"/milestones/{target}/", "milestone page")
    return "milestone page"


def gap_open(client, user, world):
    body = get(client, f"/milestones/{user.milestone}/gap-analysis/", "gap analysis")
    if world.editable(user.milestone):
        user.forms["gap"] = edit_form(body, user.milestone)
    return "open gap analysis"


def gap_save(client, user, world):
    path = f"/milestones/{user.milestone}/gap-analysis/"
    form = user.forms.pop("gap", None)
    if form is None:
        return gap_open(client, user, world)
    post(client, path, _edited(form["fields"], world.next()), "gap analysis save")
    return "save gap analysis"


def plan_open(client, user, world):
    body = get(
        client, f"/milestones/{user.milestone}/action-plan/capabilities/1/", "capability plan"
    )
    if world.editable(user.milestone):
        user.forms["plan"] = edit_form(body, user.milestone)
    return "open capability plan"


def plan_save(client, user, world):
    path = f"/milestones/{user.milestone}/action-plan/capabilities/1/"
    form = user.forms.pop("plan", None)
    if form is None:
        return plan_open(client, user, world)
    post(client, path, _edited(form["fields"], world.next()), "capability plan save")
    return "save capability plan"


def results(client, user, world):
    target = user.milestone or _coached_or_any(user, world)
    get(client, f"/milestones/{target}/vapcat/results/", "VaPCAT results")
    return "read results"


def questionnaire_open(client, user, world):
    body = get(client, f"/milestones/{user.milestone}/vapcat/", "questionnaire")
    if world.editable(user.milestone):
        form = edit_form(body, user.milestone)
        form["items"] = sorted(
            {name[: -len("-value")] for name in form["choices"] if name.endswith("-value")}
        )
        user.forms["vapcat"] = form
    return "open questionnaire"


def questionnaire_save(client, user, world):
    form = user.forms.get("vapcat")
    if form is None:
        return questionnaire_open(client, user, world)
    path = f"/milestones/{user.milestone}/vapcat/"
    user.forms.pop("vapcat")
    post(client, path, _edited(form["fields"], world.next()), "questionnaire save")
    return "save questionnaire"


def autosave(client, user, world):
    form = user.forms.get("vapcat")
    if form is None or not form["items"]:
        return questionnaire_open(client, user, world)
    n = world.next()
    code = form["items"][n % len(form["items"])]
    choices = form["choices"].get(f"{code}-value") or ["1"]
    fields = [
        ["item", code],
        [f"{code}-value", choices[n % len(choices)]],
        [f"{code}-comment", f"Seen at the team meeting {n}."],
    ]
    status, _, body = client.post(f"/milestones/{user.milestone}/vapcat/answer/", fields)
    _check(status, "autosave")
    answer = json.loads(body)
    if not answer.get("saved"):
        raise Failed(f"autosave answered {body[:200]!r}")
    # As the page's script does: the form carries on from the revision the save set.
    for field in form["fields"]:
        if field[0] == "revision" and int(answer["revision"]) > int(field[1] or 0):
            field[1] = str(answer["revision"])
    return "autosave answer"


def submit_open(client, user, world):
    if not world.editable(user.milestone):
        return milestone_page(client, user, world)
    body = get(client, f"/milestones/{user.milestone}/submit/", "check your answers")
    user.forms["submit"] = form_with(body, "password")
    return "check your answers"


def submit(client, user, world):
    form = user.forms.pop("submit", None)
    if form is None or not world.editable(user.milestone):
        return milestone_page(client, user, world)
    fields = [f for f in form["fields"] if f[0] not in ("attest", "password")]
    fields += [["attest", (form["choices"].get("attest") or ["on"])[0]], ["password", PASSWORD]]
    status, body = post(client, f"/milestones/{user.milestone}/submit/", fields, "submit")
    if b"was submitted" not in body:
        raise Failed("submit: no confirmation on the milestone page")
    world.set_status(user.milestone, "submitted")
    return "submit"


def review_queue(client, user, world):
    get(client, "/milestones/review/", "review queue")
    return "review queue"


def _review_target(user, world):
    """One of the coach's submitted milestones, else one with a submitted version."""
    waiting = [m for m in user.coached if world.status[m] == "submitted"]
    if waiting:
        return waiting[world.next() % len(waiting)], True
    versions = [m for m in user.coached if m in world.snapshots]
    if versions:
        return versions[world.next() % len(versions)], False
    return None, False


def review_page(client, user, world):
    target, _ = _review_target(user, world)
    if target is None:
        return review_queue(client, user, world)
    body = get(client, f"/milestones/{target}/review/", "review page")
    if world.status[target] == "submitted":
        user.forms["comment"] = (target, form_with(body, "body"))
    return "review page"


def comment(client, user, world):
    target, form = user.forms.pop("comment", (None, None))
    if target is None or world.status[target] != "submitted":
        return review_page(client, user, world)
    fields = [f for f in form["fields"] if f[0] != "body"]
    fields.append(["body", f"Please say who owns this step ({world.next()})."])
    post(client, form["action"] or f"/milestones/{target}/comments/", fields, "comment")
    user.forms["changes"] = target
    return "comment"


def request_changes(client, user, world):
    target = user.forms.pop("changes", None)
    if target is None or world.status[target] != "submitted":
        return review_queue(client, user, world)
    fields = [["note", "Thank you; a few changes, see the comments."]]
    post(client, f"/milestones/{target}/request-changes/", fields, "request changes")
    world.set_status(target, "changes_requested")
    return "request changes"


def practice_list(client, user, world):
    page = world.next() % max(1, world.practices_pages) + 1
    get(client, "/practices/" if page == 1 else f"/practices/?page={page}", "practice list")
    return "practice list"


def pdf_download(client, user, world):
    with world.lock:
        target = world.snapshots[world.next() % len(world.snapshots)]
    status, headers, body = client.get(f"/milestones/{target}/pdf/")
    _check(status, "PDF download")
    if not body.startswith(b"%PDF"):
        raise Failed("PDF download: not a PDF")
    return "PDF download"


def healthz(client, user, world):
    status, _, _ = client.get("/healthz")
    _check(status, "healthz")
    return "healthz"


def _coached_or_any(user, world):
    if user.coached:
        return user.coached[world.next() % len(user.coached)]
    return world.all_milestones[world.next() % len(world.all_milestones)]


ACTIONS = {
    "milestone page": milestone_page,
    "open gap analysis": gap_open,
    "save gap analysis": gap_save,
    "open capability plan": plan_open,
    "save capability plan": plan_save,
    "read results": results,
    "open questionnaire": questionnaire_open,
    "autosave answer": autosave,
    "save questionnaire": questionnaire_save,
    "check your answers": submit_open,
    "submit": submit,
    "review queue": review_queue,
    "review page": review_page,
    "comment": comment,
    "request changes": request_changes,
    "practice list": practice_list,
    "PDF download": pdf_download,
    "healthz": healthz,
}

# One loop per role; one submit in twenty actions of a lead.
LOOPS = {
    "lead": [
        "milestone page",
        "open gap analysis",
        "save gap analysis",
        "read results",
        "open capability plan",
        "save capability plan",
        "milestone page",
        "read results",
        "open gap analysis",
        "save gap analysis",
        "milestone page",
        "open capability plan",
        "save capability plan",
        "read results",
        "open gap analysis",
        "save gap analysis",
        "milestone page",
        "read results",
        "check your answers",
        "submit",
    ],
    "respondent": [
        "milestone page",
        "open questionnaire",
        "autosave answer",
        "autosave answer",
        "autosave answer",
        "save questionnaire",
    ],
    "coach": [
        "review queue",
        "milestone page",
        "review page",
        "comment",
        "request changes",
        "read results",
    ],
    "administrator": ["practice list", "PDF download", "milestone page", "practice list"],
}

# The action whose page a user's next action is made from.
PREPARED_BY = {
    "save gap analysis": "open gap analysis",
    "save capability plan": "open capability plan",
    "autosave answer": "open questionnaire",
    "save questionnaire": "open questionnaire",
    "submit": "check your answers",
}

# What the in-process query count runs, per role: every action of the mix once, each
# after the action that prepares it.
COUNTED = {
    "lead": [
        "milestone page",
        "open gap analysis",
        "save gap analysis",
        "open capability plan",
        "save capability plan",
        "read results",
        "check your answers",
        "submit",
    ],
    "respondent": ["open questionnaire", "autosave answer", "save questionnaire"],
    "coach": ["review queue", "review page", "comment", "request changes"],
    "administrator": ["practice list", "PDF download"],
}


def run(name, client, user, world):
    """Run the action ``name``; returns the name of the action actually taken (a page
    instead of an edit the milestone no longer allows)."""
    return ACTIONS[name](client, user, world)


def parse_set_cookie(cookies, value):
    """Apply one Set-Cookie header to a dict of cookies."""
    pair, _, attributes = value.partition(";")
    name, _, cookie = pair.partition("=")
    name = name.strip()
    expired = re.search(r"max-age=0\b|expires=thu, 01 jan 1970", attributes, re.I)
    if expired or cookie in ('""', ""):
        cookies.pop(name, None)
    else:
        cookies[name] = cookie
