"""The in-process half of the capacity benchmark, run by ``bench.load`` for each version.

Run as a script from the root of the code under test (this checkout, or a worktree of
another version) with that code's Python, the benchmark's settings in the environment:

    python /path/to/bench/inproc.py seed 300      # top the database up to 300 practices
    python /path/to/bench/inproc.py queries       # SQL queries of each action, as JSON
    python /path/to/bench/inproc.py pdf           # a plain WeasyPrint render, in seconds
    python /path/to/bench/inproc.py sessions      # a session per virtual user, as JSON

The last line of standard output is the JSON answer. The code under test is imported
from the working directory; ``actions.py`` and ``seed.py`` from beside this file.
"""

import importlib.util
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vbp_portal.settings")


def _sibling(name):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from weasyprint import CSS, HTML  # noqa: E402

from accounts.models import User  # noqa: E402
from practices.models import CoachAssignment, Membership  # noqa: E402
from submissions import pdf  # noqa: E402
from submissions.models import MilestoneSubmission, Snapshot  # noqa: E402
from submissions.snapshot import milestone_content  # noqa: E402

actions = _sibling("actions")

# Actions that change something: counted on their first run. Pages are counted on their
# second (a worker serves them warm).
WRITES = {
    "save gap analysis",
    "save capability plan",
    "autosave answer",
    "save questionnaire",
    "submit",
    "comment",
    "request changes",
}
CSRF_TOKEN = "benchcsrftoken0123456789abcdefgh"  # 32 characters, as Django's secret


def _backend():
    backends = settings.AUTHENTICATION_BACKENDS
    model = "django.contrib.auth.backends.ModelBackend"
    return model if model in backends else backends[-1]


def session_for(user):
    engine = importlib.import_module(settings.SESSION_ENGINE)
    session = engine.SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = _backend()
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def world_setup():
    milestones = MilestoneSubmission.objects.filter(practice__name__startswith="Bench practice")
    status = dict(milestones.values_list("pk", "status"))
    snapshots = sorted(set(Snapshot.objects.values_list("milestone_id", flat=True)))
    return {
        "status": status,
        "snapshots": snapshots,
        "practice_pages": max(1, len(status) // 25),
    }


def users():
    """Every virtual user: kind, e-mail, milestone (members) or coached milestones."""
    milestone_of = dict(
        MilestoneSubmission.objects.filter(practice__name__startswith="Bench practice").values_list(
            "practice_id", "pk"
        )
    )
    found = []
    for email, practice_id, role in Membership.objects.filter(
        user__email__endswith="@bench.test"
    ).values_list("user__email", "practice_id", "role"):
        found.append({"email": email, "kind": role, "milestone": milestone_of[practice_id]})
    coached = {}
    for email, practice_id in CoachAssignment.objects.filter(
        coach__email__endswith="@bench.test"
    ).values_list("coach__email", "practice_id"):
        coached.setdefault(email, []).append(milestone_of[practice_id])
    for email, milestones in sorted(coached.items()):
        found.append({"email": email, "kind": "coach", "coached": sorted(milestones)})
    for email in User.objects.filter(is_staff=True, email__endswith="@bench.test").values_list(
        "email", flat=True
    ):
        found.append({"email": email, "kind": "administrator"})
    return found


def cmd_seed(total):
    seed = _sibling("seed")
    seed.seed(int(total), actions.PASSWORD)
    return {"practices": int(total)}


def cmd_sessions():
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@bench.test")}
    found = users()
    for spec in found:
        spec["cookie"] = session_for(by_email[spec["email"]])
    return {
        **world_setup(),
        "users": found,
        "csrf": CSRF_TOKEN,
        "cookie_names": [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME],
    }


class TestClient:
    """Django's test client with a benchmark user's cookies, as an actions client."""

    def __init__(self, session_key):
        self.client = Client()
        self.client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        self.client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN

    @staticmethod
    def _answer(response):
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, {k.lower(): v for k, v in response.items()}, body

    def get(self, path):
        return self._answer(self.client.get(path))

    def post(self, path, fields):
        fields = [*fields, ["csrfmiddlewaretoken", CSRF_TOKEN]]
        return self._answer(
            self.client.post(
                path,
                data=urllib.parse.urlencode([tuple(f) for f in fields]),
                content_type="application/x-www-form-urlencoded",
            )
        )


def _first(found, kind, test):
    return next(u for u in found if u["kind"] == kind and test(u))


def cmd_queries():
    """Each action of the mix once, by a user of a practice not counted before."""
    world = actions.World(world_setup())
    found = users()
    drafts = [m for m, s in sorted(world.status.items()) if s == "draft"]
    waiting = [m for m, s in sorted(world.status.items()) if s == "submitted"]
    # The last draft practice (its respondent, then its lead, who submits), the coach of
    # the last submitted one, any administrator.
    chosen = {
        "respondent": _first(found, "respondent", lambda u: u["milestone"] == drafts[-1]),
        "lead": _first(found, "lead", lambda u: u["milestone"] == drafts[-1]),
        "coach": _first(found, "coach", lambda u: waiting[-1] in u["coached"]),
        "administrator": _first(found, "administrator", lambda u: True),
    }
    chosen["coach"] = {**chosen["coach"], "coached": [waiting[-1]]}
    by_email = {u.email: u for u in User.objects.filter(email__endswith="@bench.test")}
    counts = {}
    for kind in ("respondent", "lead", "coach", "administrator"):
        spec = {**chosen[kind], "cookie": session_for(by_email[chosen[kind]["email"]])}
        user = actions.VirtualUser(spec)
        client = TestClient(spec["cookie"])
        for name in actions.COUNTED[kind]:
            if name not in WRITES:
                actions.run(name, client, user, world)
            with CaptureQueriesContext(connection) as ctx:
                taken = actions.run(name, client, user, world)
            if taken != name:
                raise RuntimeError(f"{name}: {taken} was taken instead")
            counts[name] = len(ctx.captured_queries)
    client = TestClient("")
    actions.run("healthz", client, None, world)
    with CaptureQueriesContext(connection) as ctx:
        actions.run("healthz", client, None, world)
    counts["healthz"] = len(ctx.captured_queries)
    return {"queries": counts}


def cmd_pdf(runs=3):
    """A plain WeasyPrint render of the document a submit renders (a draft milestone's
    content as submitted by its lead): the HTML is drawn first, then only
    ``HTML(...).write_pdf()`` is timed. Median of ``runs`` after a warm-up render."""
    milestone = (
        MilestoneSubmission.objects.filter(
            practice__name__startswith="Bench practice", status="draft"
        )
        .order_by("pk")
        .first()
    )
    lead = Membership.objects.get(practice=milestone.practice, role="lead").user
    content = pdf_content(milestone, lead)
    html = render_to_string("pdf/milestone.html", pdf.pdf_context(content))
    stylesheet = CSS(filename=str(pdf.STYLESHEET))
    HTML(string=html).write_pdf(stylesheets=[stylesheet])
    times = []
    for _ in range(int(runs)):
        started = time.perf_counter()
        HTML(string=html).write_pdf(stylesheets=[stylesheet])
        times.append(time.perf_counter() - started)
    return {"plain_render_s": statistics.median(times), "runs": times}


def pdf_content(milestone, lead):
    return milestone_content(milestone, attested_by=lead, attested_at=timezone.now())


COMMANDS = {"seed": cmd_seed, "sessions": cmd_sessions, "queries": cmd_queries, "pdf": cmd_pdf}

if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    print(json.dumps(COMMANDS[command](*arguments)))
