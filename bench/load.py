"""Deadline-day capacity benchmark: ``make bench`` (``python -m bench.load``).

Not part of ``make test``. Simulates the whole program on deadline day and finds the
highest arrival rate the stack sustains, for this checkout ("new") and, in the same run,
for the code before it ("old", a ``git worktree`` of ``BENCH_OLD_REF``, default
``be0d7be``, with its own virtualenv under the worktree).

For each version:

1. A fresh PostgreSQL database (``vbp_bench_new`` / ``vbp_bench_old`` on ``BENCH_PG``,
   default ``postgres://postgres@127.0.0.1:5432``), migrated; static files collected
   into a temporary directory.
2. 30 practices are seeded (``bench/seed.py``: every milestone state, a lead and two
   respondents per practice, a coach per ten practices, three administrators) and the
   SQL queries of every action are counted in-process with Django's test client; then
   the database is topped up to 300 practices and they are counted again. A plain
   WeasyPrint render of the document a submit produces is timed.
3. Every virtual user gets a session of its own (created in the database); gunicorn
   starts with 2 sync workers and production settings (DEBUG off) on 127.0.0.1.
4. Open-loop load: actions are scheduled at a fixed rate and their latency is measured
   from the scheduled start, so waiting counts. ``/healthz`` alone first (the ceiling
   of this stack on this machine), then the mix: each arrival is the next action of the
   next virtual user (leads, respondents, coaches and administrators in the program's
   proportions; their loops are in ``bench/actions.py``). The rate rises in steps until
   a step's p95 passes 500 ms or any action fails; a refused edit (409, or a milestone
   that has just been submitted) is a correct answer, not an error.
5. Worker memory (VmRSS of each gunicorn worker) after start-up, after a warm-up and at
   the end.

Printed as a table (old and new side by side) and written as JSON under
``bench/results/``, with pass/fail per goal: capacity ratio (highest sustained rate /
15 actions per second, the program's 900 people each acting once a minute) >= 3; the
queries of every action the same at 30 and 300 practices; worker memory within 20%
from warm-up to the end; the submit's p95 <= 3 x the plain WeasyPrint render.

Flags:
  --only {old,new}     measure one version only (default: both, old first)
  --quick              30 practices (10 for the small count), 5 s steps: for debugging
  --practices N        practices of the program (default 300)
  --small N            practices of the first query count (default 30)
  --step-seconds S     duration of each mix step (default 15; healthz steps are half)
  --old-ref REF        the old code's commit (default $BENCH_OLD_REF or be0d7be)
  --old-dir DIR        where its worktree lives (default /tmp/bench-old)

Traffic goes to 127.0.0.1 only (ports 8765 and 8766), bounded in count and time.
Processes started here (gunicorn) are stopped on exit.
"""

import argparse
import atexit
import concurrent.futures
import http.client
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench import actions

ROOT = Path(__file__).resolve().parent.parent
INPROC = Path(__file__).resolve().parent / "inproc.py"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
OLD_REF = os.environ.get("BENCH_OLD_REF", "be0d7be")
HOST = "127.0.0.1"
PORTS = {"old": 8765, "new": 8766}
REFERENCE_RATE = 15  # 900 people x one action a minute
P95_LIMIT_MS = 500
MIX_RATES = [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 100, 130, 170, 220, 300]
HEALTHZ_RATES = [50, 100, 150, 200, 300, 400, 500, 650, 800, 1000, 1300, 1600]
GOAL_CAPACITY = 3
GOAL_MEMORY_GROWTH = 0.20
GOAL_SUBMIT_TIMES_RENDER = 3
REQUEST_TIMEOUT = 30

STARTED = []  # gunicorn processes started here, stopped on exit


def log(message):
    print(message, flush=True)


# -- Versions -----------------------------------------------------------------------------


class Version:
    def __init__(self, name, root, python, ref):
        self.name, self.root, self.python, self.ref = name, Path(root), python, ref
        self.db = f"vbp_bench_{name}"
        self.port = PORTS[name]
        self.static = Path(tempfile.mkdtemp(prefix=f"vbp-bench-static-{name}-"))
        self.env = {
            **os.environ,
            "DATABASE_URL": f"{PG.rstrip('/')}/{self.db}",
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + secrets.token_hex(32),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(self.static),
            "AXES_FAILURE_LIMIT": "1000",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "ERROR",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONPATH": "",
        }

    def manage(self, *args):
        subprocess.run([self.python, "manage.py", *args], cwd=self.root, env=self.env, check=True)

    def inproc(self, *args):
        result = subprocess.run(
            [self.python, str(INPROC), *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
        if result.returncode:
            sys.exit(f"[{self.name}] inproc {' '.join(args)} failed:\n{result.stderr[-4000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])


def git(*args, cwd=ROOT):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)


def old_version(ref, directory):
    """The worktree of ``ref`` at ``directory`` with its own virtualenv (made once)."""
    directory = Path(directory)
    commit = git("rev-parse", f"{ref}^{{commit}}").stdout.strip()
    if directory.exists():
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=directory, capture_output=True, text=True
        ).stdout.strip()
        if head != commit:
            sys.exit(f"{directory} holds {head[:10]}, not {ref}; remove it or pass --old-dir")
    else:
        log(f"Adding a worktree of {ref} at {directory} ...")
        git("worktree", "add", "--detach", str(directory), commit)
    python = directory / ".venv" / "bin" / "python"
    stamp = directory / ".venv" / ".bench-installed"
    if not stamp.exists():
        log(f"Installing the old code into {directory / '.venv'} (a few minutes) ...")
        subprocess.run([sys.executable, "-m", "venv", str(directory / ".venv")], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "-e", str(directory)], check=True
        )
        stamp.write_text(commit)
    return Version("old", directory, str(python), commit[:10])


def new_version():
    commit = git("rev-parse", "--short", "HEAD").stdout.strip()
    dirty = git("status", "--porcelain", "--untracked-files=no").stdout.strip()
    return Version("new", ROOT, sys.executable, commit + ("+changes" if dirty else ""))


def recreate_database(name):
    import psycopg2

    conn = psycopg2.connect(PG.rstrip("/") + "/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cur.execute(f"CREATE DATABASE {name}")
    conn.close()


# -- gunicorn -----------------------------------------------------------------------------


def start_gunicorn(version, log_path):
    handle = open(log_path, "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [
            version.python,
            "-m",
            "gunicorn",
            "vbp_portal.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{version.port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=version.root,
        env=version.env,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    STARTED.append(server)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited; see {log_path}")
        try:
            if http_request(version.port, "GET", "/healthz", {})[0] == 200:
                break
        except OSError:
            time.sleep(0.3)
    else:
        sys.exit(f"gunicorn did not start; see {log_path}")
    # Both workers up: their pids are the master's children.
    while len(workers(server.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    return server


def stop(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    if server in STARTED:
        STARTED.remove(server)


@atexit.register
def _stop_all():
    for server in list(STARTED):
        stop(server)


def workers(master):
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(master):
            found.append(int(status.parent.name))
    return sorted(found)


def worker_rss_mb(master):
    sizes = {}
    for pid in workers(master):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes[pid] = round(int(line.split()[1]) / 1024, 1)
    return sizes


# -- HTTP -------------------------------------------------------------------------------


def http_request(port, method, path, cookies, body=None, content_type=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    headers = {"Host": f"{HOST}:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if content_type:
        headers["Content-Type"] = content_type
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        raw = response.getheaders()
    finally:
        conn.close()
    return response.status, raw, data


class HttpClient:
    """One virtual user's browser: its cookies, one connection per request."""

    def __init__(self, port, user, csrf):
        self.port, self.user, self.csrf = port, user, csrf

    def _answer(self, status, raw, data):
        headers = {}
        for name, value in raw:
            if name.lower() == "set-cookie":
                actions.parse_set_cookie(self.user.cookies, value)
            headers[name.lower()] = value
        if "location" in headers:
            parts = urllib.parse.urlsplit(headers["location"])
            headers["location"] = parts.path + (f"?{parts.query}" if parts.query else "")
        return status, headers, data

    def get(self, path):
        return self._answer(*http_request(self.port, "GET", path, self.user.cookies))

    def post(self, path, fields):
        fields = [f for f in fields if f[0] != "csrfmiddlewaretoken"]
        fields.append(["csrfmiddlewaretoken", self.csrf])
        body = urllib.parse.urlencode([tuple(f) for f in fields])
        return self._answer(
            *http_request(
                self.port,
                "POST",
                path,
                self.user.cookies,
                body,
                "application/x-www-form-urlencoded",
            )
        )


# -- Open-loop steps ------------------------------------------------------------------------


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


class Load:
    def __init__(self, port, setup, world):
        self.port, self.world = port, world
        self.csrf = setup["csrf"]
        rng = random.Random(2026)
        self.users = []
        for spec in setup["users"]:
            user = actions.VirtualUser(spec, offset=rng.randrange(1000))
            session_name, csrf_name = setup["cookie_names"]
            user.cookies = {session_name: spec["cookie"], csrf_name: self.csrf}
            self.users.append(user)
        rng.shuffle(self.users)
        self.next_user = 0
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=256)
        self.healthz_user = actions.VirtualUser({"email": "", "kind": "healthz", "cookie": ""})

    def _mix_task(self, scheduled, user):
        with user.lock:
            return self._timed(scheduled, user.next_action(), user)

    def _healthz_task(self, scheduled, user):
        return self._timed(scheduled, "healthz", user)

    def _timed(self, scheduled, name, user):
        """(action taken, ms from the scheduled start, ok/refused/error, detail)."""
        client = HttpClient(self.port, user, self.csrf)
        outcome, detail, taken = "ok", None, name
        try:
            taken = actions.run(name, client, user, self.world)
        except actions.Refused as refused:
            outcome, detail = "refused", f"{name}: {refused}"
        except Exception as error:  # noqa: BLE001 - any failure is an error of the step
            outcome, detail = "error", f"{name}: {error!r}"[:300]
        return taken, (time.perf_counter() - scheduled) * 1000, outcome, detail

    def warm_up(self, per_kind):
        """``per_kind`` users of each role run their whole loop once, four at a time, so
        that each worker has served every action (imports, fonts) before memory is read."""
        chosen = []
        for kind in actions.LOOPS:
            chosen += [u for u in self.users if u.kind == kind][:per_kind]

        def loop(user):
            with user.lock:
                for _ in actions.LOOPS[user.kind]:
                    _, _, outcome, detail = self._timed(
                        time.perf_counter(), user.next_action(), user
                    )
                    if outcome == "error":
                        log(f"    warm-up: {detail}")

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(loop, chosen))

    def prime(self):
        """Every user whose next action is made from a page (a save, the submit) opens
        that page first, unmeasured: the first round of the mix is then like any other."""

        def prepare(user):
            with user.lock:
                name = user.prime()
                if name is not None:
                    _, _, outcome, detail = self._timed(time.perf_counter(), name, user)
                    if outcome == "error":
                        log(f"    priming: {detail}")

        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(prepare, self.users))

    def step(self, rate, seconds, healthz=False):
        count = max(1, int(rate * seconds))
        start = time.perf_counter() + 0.1
        futures = []
        for i in range(count):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if healthz:
                futures.append(self.pool.submit(self._healthz_task, scheduled, self.healthz_user))
            else:
                user = self.users[self.next_user % len(self.users)]
                self.next_user += 1
                futures.append(self.pool.submit(self._mix_task, scheduled, user))
        done = [f.result() for f in futures]
        finished = time.perf_counter()
        latencies = [ms for _, ms, _, _ in done]
        errors = [detail for _, _, outcome, detail in done if outcome == "error"]
        per_action = {}
        for name, ms, _outcome, _ in done:
            per_action.setdefault(name, []).append(ms)
        return {
            "rate": rate,
            "actions": count,
            "achieved_rate": round(count / (finished - start), 1),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "errors": len(errors),
            "first_errors": errors[:3],
            "refused": sum(1 for _, _, outcome, _ in done if outcome == "refused"),
            "first_refusals": [d for _, _, o, d in done if o == "refused"][:3],
            "per_action_ms": per_action,
        }

    def ladder(self, rates, seconds, healthz=False):
        steps, sustained = [], None
        for rate in rates:
            result = self.step(rate, seconds, healthz)
            passed = result["p95_ms"] <= P95_LIMIT_MS and result["errors"] == 0
            result["passed"] = passed
            steps.append(result)
            log(
                f"    {rate:5} /s: p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms"
                f"  errors {result['errors']}  refused {result['refused']}"
                f"  achieved {result['achieved_rate']}/s" + ("" if passed else "  <- stop")
            )
            for error in result["first_errors"]:
                log(f"      error: {error}")
            for refusal in result["first_refusals"]:
                log(f"      refused: {refusal}")
            if not passed:
                break
            sustained = rate
            time.sleep(1)
        return steps, sustained

    def close(self):
        self.pool.shutdown(wait=True)


# -- One version ------------------------------------------------------------------------------


def measure(version, args, out_dir):
    log(f"\n== {version.name} ({version.ref}, {version.root})")
    recreate_database(version.db)
    log("  migrating, collecting static files ...")
    version.manage("migrate", "--noinput", "-v", "0")
    version.manage("collectstatic", "--noinput", "-v", "0")
    log(f"  seeding {args.small} practices, counting queries ...")
    version.inproc("seed", str(args.small))
    small = version.inproc("queries")["queries"]
    log(f"  seeding up to {args.practices} practices, counting queries ...")
    version.inproc("seed", str(args.practices))
    large = version.inproc("queries")["queries"]
    log("  timing a plain WeasyPrint render ...")
    plain = version.inproc("pdf")
    setup = version.inproc("sessions")
    world = actions.World(setup)
    log(f"  {len(setup['users'])} virtual users; starting gunicorn on port {version.port} ...")
    server = start_gunicorn(version, out_dir / f"gunicorn-{version.name}.log")
    load = Load(version.port, setup, world)
    try:
        memory = {"boot": worker_rss_mb(server.pid)}
        log("  warm-up ...")
        load.warm_up(2 if args.quick else 4)
        log("  opening the pages the users' next actions are made from ...")
        load.prime()
        memory["start"] = worker_rss_mb(server.pid)
        log("  /healthz:")
        h_steps, h_sustained = load.ladder(
            HEALTHZ_RATES, max(3, args.step_seconds // 2), healthz=True
        )
        log("  the deadline-day mix:")
        m_steps, m_sustained = load.ladder(MIX_RATES, args.step_seconds)
        memory["end"] = worker_rss_mb(server.pid)
    finally:
        load.close()
        stop(server)
    healthz = (h_steps, h_sustained)
    return summarise(version, args, small, large, plain, memory, healthz, m_steps, m_sustained)


def summarise(version, args, small, large, plain, memory, healthz, m_steps, m_sustained):
    h_steps, h_sustained = healthz
    passing = [s for s in m_steps if s["passed"]]
    best = passing[-1] if passing else None
    per_action = {}
    if best:
        for name, values in sorted(best["per_action_ms"].items()):
            per_action[name] = {
                "n": len(values),
                "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1),
            }
    # The submit is one lead action in twenty: its p95 over every passing step.
    submits = [ms for s in passing for ms in s["per_action_ms"].get("submit", [])]
    submit_p95 = percentile(submits, 95)
    for s in m_steps + h_steps:
        s.pop("per_action_ms")
    capacity = (m_sustained or 0) / REFERENCE_RATE
    start_mb = sum(memory["start"].values())
    end_mb = sum(memory["end"].values())
    growth = (end_mb - start_mb) / start_mb if start_mb else None
    changed = {
        name: [small.get(name), large.get(name)]
        for name in sorted(set(small) | set(large))
        if small.get(name) != large.get(name)
    }
    render_ms = plain["plain_render_s"] * 1000
    goals = {
        f"capacity ratio >= {GOAL_CAPACITY}": capacity >= GOAL_CAPACITY,
        f"queries per action the same at {args.small} and {args.practices} practices": (
            not changed
        ),
        f"worker memory within {GOAL_MEMORY_GROWTH:.0%}": (
            growth is not None and abs(growth) <= GOAL_MEMORY_GROWTH
        ),
        f"submit p95 <= {GOAL_SUBMIT_TIMES_RENDER} x plain render": (
            submit_p95 is not None and submit_p95 <= GOAL_SUBMIT_TIMES_RENDER * render_ms
        ),
    }
    return {
        "version": version.name,
        "ref": version.ref,
        "practices": args.practices,
        "sustained_rate": m_sustained,
        "capacity_ratio": round(capacity, 2),
        "healthz_sustained_rate": h_sustained,
        "share_of_healthz": round(m_sustained / h_sustained, 3)
        if m_sustained and h_sustained
        else None,
        "at_sustained_rate": {
            "p50_ms": best["p50_ms"] if best else None,
            "p95_ms": best["p95_ms"] if best else None,
            "per_action": per_action,
        },
        "queries": {str(args.small): small, str(args.practices): large},
        "queries_that_grew": changed,
        "worker_rss_mb": memory,
        "worker_memory_growth": round(growth, 3) if growth is not None else None,
        "plain_render_ms": round(render_ms, 1),
        "submit_p95_ms": round(submit_p95, 1) if submit_p95 is not None else None,
        "submits_measured": len(submits),
        "mix_steps": m_steps,
        "healthz_steps": h_steps,
        "goals": goals,
    }


# -- Report -----------------------------------------------------------------------------------


def _fmt(value, spec=""):
    return "-" if value is None else f"{value:{spec}}"


def _rss(sizes):
    return "+".join(f"{v:.0f}" for v in sizes.values()) or "-"


def table(reports, args):
    """Old and new side by side: one row per figure, one column per version."""
    small, large = str(args.small), str(args.practices)
    rows = []

    def row(label, fn):
        rows.append([label] + [fn(r) for r in reports])

    def at_sustained(r):
        a = r["at_sustained_rate"]
        return f"{_fmt(a['p50_ms'])} / {_fmt(a['p95_ms'])}"

    row("code", lambda r: r["ref"])
    row("sustained rate (actions/s)", lambda r: _fmt(r["sustained_rate"]))
    row(f"capacity ratio (/ {REFERENCE_RATE})", lambda r: _fmt(r["capacity_ratio"], ".2f"))
    row("/healthz sustained rate (/s)", lambda r: _fmt(r["healthz_sustained_rate"]))
    row("mix as share of /healthz", lambda r: _fmt(r["share_of_healthz"], ".1%"))
    row("p50 / p95 at sustained (ms)", at_sustained)
    row("worker RSS boot (MB)", lambda r: _rss(r["worker_rss_mb"]["boot"]))
    row("worker RSS start (MB)", lambda r: _rss(r["worker_rss_mb"]["start"]))
    row("worker RSS end (MB)", lambda r: _rss(r["worker_rss_mb"]["end"]))
    row("worker memory growth", lambda r: _fmt(r["worker_memory_growth"], ".1%"))
    row("plain WeasyPrint render (ms)", lambda r: _fmt(r["plain_render_ms"], ".0f"))
    row(
        "submit p95 (ms)",
        lambda r: f"{_fmt(r['submit_p95_ms'], '.0f')} (n={r['submits_measured']})",
    )
    for name in sorted({a for r in reports for a in r["queries"][large]}):
        row(
            f"queries at {small}/{large}: {name}",
            lambda r, n=name: (
                f"{r['queries'][small].get(n, '-')}/{r['queries'][large].get(n, '-')}"
            ),
        )
    for name in sorted({a for r in reports for a in r["at_sustained_rate"]["per_action"]}):

        def cell(r, n=name):
            a = r["at_sustained_rate"]["per_action"].get(n)
            return "-" if a is None else f"{a['p50_ms']:.0f} / {a['p95_ms']:.0f} (n={a['n']})"

        row(f"p50 / p95 ms: {name}", cell)
    for goal in reports[0]["goals"]:
        row(f"GOAL {goal}", lambda r, g=goal: "pass" if r["goals"][g] else "FAIL")
    header = ["", *[r["version"] for r in reports]]
    width = max(len(r[0]) for r in rows) + 2
    cols = [max(len(str(r[i])) for r in [*rows, header]) + 2 for i in range(1, len(header))]
    lines = []
    for r in [header, *rows]:
        cells = "".join(str(v).rjust(c) for v, c in zip(r[1:], cols, strict=True))
        lines.append(r[0].ljust(width) + cells)
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["old", "new"])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--practices", type=int)
    parser.add_argument("--small", type=int)
    parser.add_argument("--step-seconds", type=int)
    parser.add_argument("--old-ref", default=OLD_REF)
    parser.add_argument("--old-dir", default="/tmp/bench-old")
    args = parser.parse_args(argv)
    args.practices = args.practices or (30 if args.quick else 300)
    args.small = args.small or (10 if args.quick else 30)
    args.step_seconds = args.step_seconds or (5 if args.quick else 15)

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    versions = []
    if args.only in (None, "old"):
        versions.append(old_version(args.old_ref, args.old_dir))
    if args.only in (None, "new"):
        versions.append(new_version())
    reports = [measure(v, args, out_dir) for v in versions]
    text = table(reports, args)
    log("\n" + text)
    out = out_dir / f"capacity-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "practices": args.practices,
                "small": args.small,
                "step_seconds": args.step_seconds,
                "reference_rate": REFERENCE_RATE,
                "p95_limit_ms": P95_LIMIT_MS,
                "machine_cpus": os.cpu_count(),
                "versions": reports,
            },
            indent=2,
        )
    )
    log(f"Written to {out.relative_to(ROOT)}")
    failed = [g for r in reports if r["version"] == "new" for g, ok in r["goals"].items() if not ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
