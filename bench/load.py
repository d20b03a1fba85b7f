"""Load benchmark: ``make bench`` (``python -m bench.load``). Not part of ``make test``.

1. Creates a fresh PostgreSQL database, migrates it and seeds 30 practices with complete
   milestones; counts the SQL queries of every page in-process; tops up to 300 practices
   and counts again (the counts must not grow).
2. Starts gunicorn (2 workers) on 127.0.0.1 with production settings.
3. One client walks every page in turn (p50 per page against /healthz's p50), then ten
   concurrent clients do the same for a fixed time (p95 per page, errors). The milestone
   page is measured twice: its task list as kept, and right after the content changed
   (a new content stamp before each request), when the task list is computed afresh.
4. Ten clients save the same gap-analysis form at once, 50 rounds: every save either wins
   and is what is stored, or is refused as a conflict; lost updates are counted.

Results are printed and written as JSON under ``bench/results/``. Traffic goes to
127.0.0.1 only, bounded in count and time.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "vbp_bench"
PASSWORD = "bench-password-2026"
HOST = "127.0.0.1"


def env_for(db_url, static_root):
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "AXES_FAILURE_LIMIT": "1000",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "ERROR",
    }


def run(args, env):
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def recreate_database():
    base = PG.rstrip("/") + "/postgres"
    import psycopg2

    conn = psycopg2.connect(base)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {DB_NAME}")
    conn.close()
    return f"{PG.rstrip('/')}/{DB_NAME}"


# -- In-process part (run in a child process with the bench settings) ---------------

PAGES = [
    # name, who, url template ({m} = the lead's milestone, {s} = a submitted one)
    ("healthz", None, "/healthz"),
    ("milestone page", "lead", "/milestones/{m}/"),
    ("milestone, changed", "lead", "/milestones/{m}/"),
    ("VaPCAT questionnaire", "lead", "/milestones/{m}/vapcat/"),
    ("VaPCAT results", "lead", "/milestones/{m}/vapcat/results/"),
    ("gap analysis", "lead", "/milestones/{m}/gap-analysis/"),
    ("capability plan", "lead", "/milestones/{m}/action-plan/capabilities/1/"),
    ("coach queue", "coach", "/milestones/review/"),
    ("admin practice list", "admin", "/practices/"),
    ("PDF download", "coach", "/milestones/{s}/pdf/"),
]


# Pages opened right after the milestone's content changed (a new content stamp before
# each request): the task list is computed afresh instead of read from the cache.
CHANGED = {"milestone, changed"}


class Restamper:
    """Gives the lead's milestone a new content stamp, as any save of its content does."""

    def __init__(self, db_env, milestone_id):
        import psycopg2

        self.conn = psycopg2.connect(db_env["DATABASE_URL"])
        self.conn.autocommit = True
        self.milestone_id = milestone_id

    def __call__(self):
        with self.conn.cursor() as cur:
            cur.execute(
                "UPDATE submissions_milestonesubmission SET content_stamp = gen_random_uuid() "
                "WHERE id = %s",
                [self.milestone_id],
            )


def child_setup(total):
    """Seed up to ``total`` practices, make one snapshot, count queries; prints JSON."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vbp_portal.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.seed import seed
    from submissions.models import MilestoneSubmission, Snapshot
    from submissions.snapshot import snapshot_create
    from submissions.stamps import restamp

    logins = seed(total)
    lead = User.objects.get(email=logins["lead"])
    milestone = MilestoneSubmission.objects.get(practice__memberships__user=lead)
    submitted = MilestoneSubmission.objects.filter(status="submitted").order_by("pk").first()
    if not Snapshot.objects.filter(milestone=submitted).exists():
        snapshot_create(submitted, User.objects.get(email=logins["admin"]))
    ids = {"m": milestone.pk, "s": submitted.pk}
    counts = {}
    for name, who, template in PAGES:
        client = Client()
        if who:
            client.force_login(User.objects.get(email=logins[who]))
        url = template.format(**ids)
        client.get(url)  # warm caches
        if name in CHANGED:
            restamp(pk=milestone.pk)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        counts[name] = {"queries": len(ctx.captured_queries), "status": response.status_code}
    print(json.dumps({"ids": ids, "logins": logins, "queries": counts}))


# -- HTTP clients ---------------------------------------------------------------------


class FormReader(HTMLParser):
    """Collects the fields of the first POST form that holds a ``revision`` field."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.textarea, self.select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self.current = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button"):
                return
            self.current["fields"].append([a["name"], a.get("value", "")])
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]
            self.current["fields"].append(self.textarea)
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], ""]
            self.current["fields"].append(self.select)
        elif tag == "option" and self.select is not None and "selected" in a:
            self.select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


class Session:
    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";")[0]
        return response.status, data

    def post_form(self, path, fields, referer):
        body = urllib.parse.urlencode(fields)
        return self.request(
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://{HOST}:{self.port}{referer}",
            },
        )

    def login(self, email, password):
        _, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        status, _ = self.post_form(
            "/login/",
            {"csrfmiddlewaretoken": token, "username": email, "password": password},
            "/login/",
        )
        if status != 302:
            raise RuntimeError(f"log-in as {email} answered {status}")


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def timed(session, url):
    start = time.perf_counter()
    status, _ = session.request("GET", url)
    return (time.perf_counter() - start) * 1000, status


def single_client(port, setup, password, rounds, db_env):
    restamp = Restamper(db_env, setup["ids"]["m"])
    sessions = {}
    for who in ("lead", "coach", "admin"):
        sessions[who] = Session(port)
        sessions[who].login(setup["logins"][who], password)
    sessions[None] = Session(port)
    results = {}
    for name, who, template in PAGES:
        url = template.format(**setup["ids"])
        n = max(5, rounds // 5) if name == "PDF download" else rounds
        timed(sessions[who], url)  # warm up
        times, errors = [], 0
        for _ in range(n):
            if name in CHANGED:
                restamp()
            ms, status = timed(sessions[who], url)
            times.append(ms)
            errors += status != 200
        results[name] = {"p50": statistics.median(times), "n": n, "errors": errors}
    return results


def concurrent_clients(port, setup, password, clients, seconds, db_env):
    results = {name: [] for name, _, _ in PAGES}
    errors = {name: 0 for name, _, _ in PAGES}
    lock = threading.Lock()
    failures = []
    ready = threading.Barrier(clients + 1)
    start = threading.Event()
    deadline = [0.0]

    def worker(index):
        try:
            walk(index)
        except Exception as error:  # noqa: BLE001 - a crashed client is an error, not a hang
            ready.abort()
            with lock:
                failures.append(repr(error))

    def walk(index):
        restamp = Restamper(db_env, setup["ids"]["m"])
        sessions = {None: Session(port)}
        for who in ("lead", "coach", "admin"):
            sessions[who] = Session(port)
            sessions[who].login(setup["logins"][who], password)
        k = index
        ready.wait()
        start.wait()
        while time.monotonic() < deadline[0]:
            name, who, template = PAGES[k % len(PAGES)]
            k += 1
            if name in CHANGED:
                restamp()
            ms, status = timed(sessions[who], template.format(**setup["ids"]))
            with lock:
                results[name].append(ms)
                errors[name] += status != 200

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    # The clock starts once every client has logged in.
    try:
        ready.wait(timeout=120)
    except threading.BrokenBarrierError:
        pass
    deadline[0] = time.monotonic() + seconds
    start.set()
    for t in threads:
        t.join()
    if failures:
        print(f"  {len(failures)} clients failed: {failures[0]}")
    return {
        name: {
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "n": len(times),
            "errors": errors[name],
        }
        for name, times in results.items()
    }


def concurrent_saves(port, setup, password, clients, rounds, db_env):
    """Ten clients save the same form at once; count wins, conflicts and lost updates."""
    url = f"/milestones/{setup['ids']['m']}/gap-analysis/"
    sessions = []
    for _ in range(clients):
        session = Session(port)
        session.login(setup["logins"]["lead"], password)
        sessions.append(session)
    summary = {"rounds": rounds, "wins": 0, "conflicts": 0, "errors": 0, "lost_updates": 0}
    for round_no in range(rounds):
        forms = []
        for session in sessions:
            _, page = session.request("GET", url)
            reader = FormReader()
            reader.feed(page.decode())
            form = next(f for f in reader.forms if any(k == "revision" for k, _ in f["fields"]))
            forms.append(form)
        barrier = threading.Barrier(clients)
        outcome = [None] * clients
        texts = [f"Round {round_no} written by client {i}" for i in range(clients)]

        def save(i, forms=forms, texts=texts, barrier=barrier, outcome=outcome):
            fields = [
                (k, texts[i] if k.endswith("A-current_state") else v) for k, v in forms[i]["fields"]
            ]
            barrier.wait()
            status, _ = sessions[i].post_form(forms[i]["action"] or url, fields, url)
            outcome[i] = status

        threads = [threading.Thread(target=save, args=(i,)) for i in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        winners = [i for i, status in enumerate(outcome) if status in (200, 302, 303)]
        summary["wins"] += len(winners)
        summary["conflicts"] += sum(status == 409 for status in outcome)
        summary["errors"] += sum(status not in (200, 302, 303, 409) for status in outcome)
        stored = stored_current_state(db_env, setup["ids"]["m"])
        if len(winners) != 1 or stored != texts[winners[0]]:
            summary["lost_updates"] += 1
    return summary


def stored_current_state(db_env, milestone_id):
    import psycopg2

    conn = psycopg2.connect(db_env["DATABASE_URL"])
    with conn.cursor() as cur:
        cur.execute(
            "SELECT r.current_state FROM gap_analysis_domainrating r "
            "JOIN assessments_domain d ON d.id = r.domain_id "
            "WHERE r.milestone_id = %s AND d.code = 'A'",
            [milestone_id],
        )
        value = cur.fetchone()[0]
    conn.close()
    return value


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_for(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if Session(port).request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=300)
    parser.add_argument("--small", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=40, help="requests per page, one client")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=20, help="concurrent phase duration")
    parser.add_argument("--save-rounds", type=int, default=50)
    args = parser.parse_args()

    import tempfile

    static_root = Path(tempfile.mkdtemp(prefix="vbp-static-"))
    db_env = env_for(recreate_database(), static_root)
    print("Migrating and collecting static files ...", flush=True)
    run(["manage.py", "migrate", "--noinput", "-v", "0"], db_env)
    run(["manage.py", "collectstatic", "--noinput", "-v", "0"], db_env)

    def setup_with(total):
        result = subprocess.run(
            [sys.executable, "-c", f"from bench.load import child_setup; child_setup({total})"],
            cwd=ROOT,
            env=db_env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            sys.exit(f"Seeding failed:\n{result.stderr}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    print(f"Seeding {args.small} practices ...", flush=True)
    small = setup_with(args.small)
    print(f"Seeding up to {args.practices} practices ...", flush=True)
    setup = setup_with(args.practices)

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "vbp_portal.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=db_env,
    )
    try:
        wait_for(port)
        print("One client ...", flush=True)
        single = single_client(port, setup, PASSWORD, args.rounds, db_env)
        print(f"{args.clients} concurrent clients for {args.seconds} s ...", flush=True)
        concurrent = concurrent_clients(port, setup, PASSWORD, args.clients, args.seconds, db_env)
        print(
            f"Concurrent saves: {args.clients} clients x {args.save_rounds} rounds ...", flush=True
        )
        saves = concurrent_saves(port, setup, PASSWORD, args.clients, args.save_rounds, db_env)
    finally:
        server.terminate()
        server.wait(timeout=30)

    floor = single["healthz"]["p50"]
    rows = []
    for name, _, _ in PAGES:
        rows.append(
            {
                "page": name,
                "p50_one_client_ms": round(single[name]["p50"], 2),
                "ratio_to_healthz": round(single[name]["p50"] / floor, 1),
                "p50_concurrent_ms": round(concurrent[name]["p50"] or 0, 2),
                "p95_concurrent_ms": round(concurrent[name]["p95"] or 0, 2),
                "queries_small": small["queries"][name]["queries"],
                "queries_large": setup["queries"][name]["queries"],
                "errors": single[name]["errors"] + concurrent[name]["errors"],
            }
        )
    report = {
        "practices": args.practices,
        "small": args.small,
        "clients": args.clients,
        "seconds": args.seconds,
        "pages": rows,
        "concurrent_saves": saves,
    }
    header = (
        f"{'page':22} {'p50 1c':>8} {'x hz':>6} {'p50 10c':>8} {'p95 10c':>8} "
        f"{'q ' + str(args.small):>6} {'q ' + str(args.practices):>6} {'err':>4}"
    )
    print("\n" + header)
    for r in rows:
        print(
            f"{r['page']:22} {r['p50_one_client_ms']:8.1f} {r['ratio_to_healthz']:6.1f} "
            f"{r['p50_concurrent_ms']:8.1f} {r['p95_concurrent_ms']:8.1f} "
            f"{r['queries_small']:6} {r['queries_large']:6} {r['errors']:4}"
        )
    print(
        f"\nConcurrent saves: {saves['wins']} wins, {saves['conflicts']} conflicts, "
        f"{saves['errors']} errors, {saves['lost_updates']} lost updates "
        f"in {saves['rounds']} rounds"
    )
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"Written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
