#!/usr/bin/env python
"""Page benchmark: the learner's pages against a bare Django view and a minimal Wagtail page.

    .venv/bin/python bench/pages.py            # or: make bench
    .venv/bin/python bench/pages.py --profile  # where the time goes, in-process, no server

What it does, all on this machine (loopback only):

1. creates a fresh PostgreSQL database ``lms_bench_<pid>`` on 127.0.0.1:5432 (user postgres),
   runs ``migrate`` and ``seed_demo --force`` in it and adds a ``MinimalPage`` under the site
   root (the course catalogue);
2. starts gunicorn (2 sync workers) on a free loopback port with ``bench.settings``;
3. logs in as the demo learner (``learner``) through the login form, and checks that every
   URL answers 200 to that session;
4. measures each URL with the same client, concurrency and duration, after a warm-up, in
   ``--rounds`` rounds (every URL once per round, in turn);
5. prints, per URL, the median requests/s over the rounds, p50 and p95 of the median round,
   and the median over rounds of its ratio to the minimal Wagtail page and to the bare view
   measured in the same round; stops gunicorn and drops the database, also on failure.

Rows: the bare Django view (the floor), the minimal Wagtail page (the baseline: a page with a
plain template), the same page inside the site's ``base.html`` (``?chrome=1``: what the
header, menu and user bar of every page cost a logged-in user), then the learner's pages.

The client is ``wrk`` when it is installed (``apt-get install wrk``), else a Python client
(threads with ``http.client``); ``--client`` chooses. Results are also written as JSON to
``bench/results/``. See docs/BENCHMARKS.md.
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
LEARNER, PASSWORD = "learner", "hoctap2030"
GOAL = 0.6  # every page at least this fraction of the minimal Wagtail page's requests/s
BASELINE, FLOOR = "minimal Wagtail page", "bare Django view"
CHROME = "minimal page + base.html"  # informative: what the site's chrome adds to any page

WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non200 = 0 end
function response(status, headers, body) if status ~= 200 then non200 = non200 + 1 end end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non200") end
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d non200=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), bad,
    e.connect + e.read + e.write + e.timeout))
end
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


# Database ---------------------------------------------------------------------------------


def pg_admin():
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True)


def create_database(name):
    with pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name):
    with pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare_data():
    """Migrate, seed the demo data, add the minimal page; return the URLs to measure."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command, get_commands
    from django.urls import reverse
    from wagtail.models import Site

    from bench.minimal.models import MinimalPage
    from courses.models import Enrolment

    if "seed_demo" not in get_commands():
        raise SystemExit("The seed_demo management command is missing.")
    out = io.StringIO()
    log("migrate ...")
    call_command("migrate", interactive=False, verbosity=0, stdout=out)
    log("seed_demo --force ...")
    call_command("seed_demo", "--force", stdout=out)

    site = Site.objects.get(is_default_site=True)
    minimal = site.root_page.add_child(instance=MinimalPage(title="Minimal page", slug="bench-minimal"))

    learner = get_user_model().objects.get(username=LEARNER)
    enrolments = Enrolment.objects.filter(user=learner, completed_at__isnull=True).select_related("course")
    # The course the learner is part-way through (the one with the most lessons if several).
    enrolment = max(
        (e for e in enrolments if e.course.lessons().exists()),
        key=lambda e: (e.last_lesson_id is not None, e.course.lessons().count()),
        default=None,
    )
    if enrolment is None:
        raise SystemExit("The demo learner has no open enrolment in a course with lessons.")
    course = enrolment.course
    lessons = list(course.lessons())
    lesson = next((x for x in lessons if x.pk == enrolment.last_lesson_id), lessons[0])

    def path_of(page):
        return urllib.parse.urlsplit(page.get_url()).path

    return [
        (FLOOR, reverse("bench_bare")),
        (BASELINE, path_of(minimal)),
        (CHROME, path_of(minimal) + "?chrome=1"),
        ("course page", path_of(course)),
        ("lesson page", path_of(lesson)),
        ("dashboard", reverse("courses:dashboard")),
    ]


# Server -----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(port, workers):
    command = [sys.executable, "-m", "gunicorn", "lms.wsgi:application"]
    command += ["--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}"]
    command += ["--chdir", str(ROOT), "--log-level", "warning", "--timeout", "60"]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}")
            try:
                status, _headers, _body = get(port, "/bench/bare/")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        log(f"gunicorn ({workers} sync workers) on 127.0.0.1:{port}, pid {process.pid}")
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def get(port, path, method="GET", body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def merge_cookies(jar, headers):
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


def cookie_header(jar):
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def login(port):
    """Log in through the login form, as a browser does; return the Cookie header."""
    jar = {}
    status, headers, body = get(port, "/accounts/login/")
    merge_cookies(jar, headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in jar:
        raise SystemExit(f"login form: unexpected answer {status}")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "username": LEARNER, "password": PASSWORD, "next": ""}
    )
    status, headers, _body = get(
        port,
        "/accounts/login/",
        method="POST",
        body=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie_header(jar)},
    )
    merge_cookies(jar, headers)
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"login as {LEARNER!r} failed ({status})")
    return cookie_header(jar)


def check_pages(port, cookie, targets):
    for name, path in targets:
        status, _headers, body = get(port, path, headers={"Cookie": cookie})
        if status != 200:
            raise SystemExit(f"{name} {path}: {status}, expected 200")
        if name not in (FLOOR, BASELINE) and b'action="/accounts/logout/"' not in body:
            raise SystemExit(f"{name} {path}: not served to the logged-in learner")
        log(f"  {status} {len(body):>6} bytes  {name}  {path}")


# Load clients -----------------------------------------------------------------------------


def run_wrk(port, path, cookie, concurrency, seconds, script):
    command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "10s", "-s", script]
    command += ["-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    match = re.search(r"^BENCH (.*)$", output, re.M)
    if not match:
        raise SystemExit(f"wrk printed no result:\n{output}")
    values = dict(item.split("=") for item in match.group(1).split())
    values = {key: int(value) for key, value in values.items()}
    return {
        "requests": values["requests"],
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "p50_ms": values["p50_us"] / 1000,
        "p95_ms": values["p95_us"] / 1000,
        "bad": values["non200"] + values["errors"],
    }


def run_python(port, path, cookie, concurrency, seconds, max_requests=200_000):
    """Threads, one connection each (reopened when the server closes it, as gunicorn's
    sync workers do after every response)."""
    latencies = [[] for _ in range(concurrency)]
    bad = [0] * concurrency
    per_thread = max_requests // concurrency
    deadline = time.perf_counter() + seconds

    def worker(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < deadline and len(latencies[i]) < per_thread:
                start = time.perf_counter()
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                latencies[i].append(time.perf_counter() - start)
                if response.status != 200:
                    bad[i] += 1
                if response.will_close:
                    conn.close()
        except OSError:
            bad[i] += 1
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    everything = sorted(x for thread_latencies in latencies for x in thread_latencies)
    if not everything:
        raise SystemExit(f"no request to {path} completed")

    def percentile(p):
        return everything[min(len(everything) - 1, max(0, round(p / 100 * len(everything)) - 1))] * 1000

    return {
        "requests": len(everything),
        "rps": len(everything) / elapsed,
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "bad": sum(bad),
    }


# Server CPU time ---------------------------------------------------------------------------
# Requests/s on a 2-core machine shared with the load client (and, here, with other people's
# work) moves with everything else that runs. The CPU time the server spends per request
# (gunicorn workers + their PostgreSQL backends, read from /proc) barely does, so it is
# reported beside requests/s as the steadier measure of what a page costs.


def process_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def server_pids(master_pid, database):
    workers = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rpartition(")")[2].split()[1]) == master_pid:
                        workers.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    with pg_admin() as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        ).fetchall()
    return workers + [row[0] for row in rows]


def cpu_snapshot(master_pid, database):
    snapshot = {pid: process_cpu_seconds(pid) for pid in server_pids(master_pid, database)}
    return {pid: seconds for pid, seconds in snapshot.items() if seconds is not None}


def measure(port, cookie, targets, args, master_pid, database):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:

        def run(path, seconds):
            if args.client == "wrk":
                return run_wrk(port, path, cookie, args.concurrency, seconds, script.name)
            return run_python(port, path, cookie, args.concurrency, seconds)

        rounds = {name: [] for name, _path in targets}
        for number in range(1, args.rounds + 1):
            log(f"  round {number}: load average {os.getloadavg()[0]:.2f} (other work on the machine skews results)")
            for name, path in targets:
                run(path, args.warmup)
                before = cpu_snapshot(master_pid, database)
                result = run(path, args.duration)
                after = cpu_snapshot(master_pid, database)
                cpu = sum(after[pid] - seconds for pid, seconds in before.items() if pid in after)
                result["cpu_ms"] = 1000 * cpu / result["requests"]
                if result["bad"]:
                    raise SystemExit(f"{name} {path}: {result['bad']} responses were not 200 or failed")
                rounds[name].append(result)
                log(
                    f"  round {number}: {name:<22} {result['rps']:8.1f} req/s"
                    f"  p50 {result['p50_ms']:6.1f} ms  p95 {result['p95_ms']:6.1f} ms"
                    f"  server CPU {result['cpu_ms']:6.2f} ms/request"
                )
    finally:
        os.unlink(script.name)
    # Each round measures every URL within a minute or so; ratios are taken within a round
    # (so a busy spell on the machine moves numerator and denominator together), then the
    # median over rounds is kept.
    results = {}
    for name, path in targets:
        by_rps = sorted(rounds[name], key=lambda r: r["rps"])
        median_round = by_rps[len(by_rps) // 2]
        results[name] = {
            "path": path,
            "rps": statistics.median(r["rps"] for r in rounds[name]),
            "p50_ms": median_round["p50_ms"],
            "p95_ms": median_round["p95_ms"],
            "rounds_rps": [r["rps"] for r in rounds[name]],
            "vs_minimal": [r["rps"] / b["rps"] for r, b in zip(rounds[name], rounds[BASELINE], strict=True)],
            "vs_bare": [r["rps"] / b["rps"] for r, b in zip(rounds[name], rounds[FLOOR], strict=True)],
            "cpu_ms": statistics.median(r["cpu_ms"] for r in rounds[name]),
            "rounds_cpu_ms": [r["cpu_ms"] for r in rounds[name]],
        }
    for name in results:
        results[name]["cpu_vs_minimal"] = results[BASELINE]["cpu_ms"] / results[name]["cpu_ms"]
    return results


def report(results):
    rows = [
        (
            "page",
            "req/s",
            "p50 ms",
            "p95 ms",
            "÷ minimal Wagtail (range)",
            "÷ bare view",
            "server CPU ms/req",
            "÷ minimal by CPU",
        )
    ]
    for name, r in results.items():
        ratio = r["vs_minimal"]
        rows.append(
            (
                name,
                f"{r['rps']:.1f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                f"{statistics.median(ratio):.3f} ({min(ratio):.2f}–{max(ratio):.2f})",
                f"{statistics.median(r['vs_bare']):.4f}",
                f"{r['cpu_ms']:.2f}",
                f"{r['cpu_vs_minimal']:.3f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "| " + " | ".join(cells) + " |"

    lines = [
        line(rows[0]),
        "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|",
    ]
    lines += [line(row) for row in rows[1:]]
    lines.append("")
    lines += [f"  {name}: {r['path']}" for name, r in results.items()]
    pages = [name for name in results if name not in (FLOOR, BASELINE, CHROME)]
    below = [name for name in pages if statistics.median(results[name]["vs_minimal"]) < GOAL]
    below_cpu = [name for name in pages if results[name]["cpu_vs_minimal"] < GOAL]
    lines.append("")
    lines.append(
        f"goal, every page ≥ {GOAL} of the minimal Wagtail page: by requests/s "
        + ("met" if not below else "NOT met by " + ", ".join(below))
        + "; by server CPU per request "
        + ("met" if not below_cpu else "NOT met by " + ", ".join(below_cpu))
    )
    return "\n".join(lines), not below_cpu  # --check uses the steadier measure


# Profiling (in-process, no server) --------------------------------------------------------


# Where the time goes: (label, file, function); cumulative time per request under cProfile.
COMPONENTS = [
    ("whole request (handler + middleware)", "django/core/handlers/base.py", "get_response"),
    ("session load (SessionStore.load)", "django/contrib/sessions/backends/db.py", "load"),
    ("user load (auth.get_user)", "django/contrib/auth/__init__.py", "get_user"),
    ("Wagtail routing, incl. site lookup (route_for_request)", "wagtail/models/pages.py", "route_for_request"),
    ("site lookup (Site.find_for_request; routing or pageurl)", "wagtail/models/sites.py", "find_for_request"),
    ("view restrictions (get_view_restrictions)", "wagtail/models/pages.py", "get_view_restrictions"),
    ("LessonPage.serve (enrolment check)", "courses/models.py", "serve"),
    ("get_context (courses)", "courses/models.py", "get_context"),
    ("dashboard view (incl. its template)", "courses/views.py", "dashboard"),
    ("template rendering", "django/template/backends/django.py", "render"),
    ("  {% wagtailuserbar %}", "wagtail/admin/templatetags/wagtailuserbar.py", "wagtailuserbar"),
    ("  {% pageurl %}", "wagtail/templatetags/wagtailcore_tags.py", "pageurl"),
    ("  {% image %}", "wagtail/images/templatetags/wagtailimages_tags.py", "render"),
    ("  {% include_block %} (lesson body)", "wagtail/templatetags/wagtailcore_tags.py", "render"),
    ("  {% translate %} / {% blocktranslate %}", "django/templatetags/i18n.py", "render"),
    ("ORM: SQLCompiler.execute_sql (compile + run)", "django/db/models/sql/compiler.py", "execute_sql"),
    ("  of which database round trips", "django/db/backends/utils.py", "_execute"),
]


def query_origin():
    """Where a query comes from: the innermost frame outside Django; for a query that the
    template engine asked for, the template (and line) it was rendering; for django.contrib
    (sessions, auth), that frame and the first frame outside Django that led there."""

    def path(frame):
        return frame.f_code.co_filename.replace("\\", "/")

    def short(frame):
        name = path(frame).split("site-packages/")[-1].removeprefix(str(ROOT) + "/")
        return f"{name}:{frame.f_lineno} {frame.f_code.co_name}"

    def infrastructure(frame):
        return any(part in path(frame) for part in ("/django/", "/whitenoise/", "/asgiref/", "/bench/pages.py"))

    frames, frame = [], sys._getframe(1)
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    for i, frame in enumerate(frames):
        if "/django/template/" in path(frame):
            for outer in frames[i:]:
                node = outer.f_locals.get("self") if outer.f_code.co_name == "render_annotated" else None
                if node is not None and getattr(node, "origin", None) is not None:
                    line = node.token.lineno if getattr(node, "token", None) else "?"
                    return f"template {node.origin.template_name}:{line}"
            return "template"
        if "/django/contrib/" in path(frame):
            caller = next((f for f in frames[i:] if not infrastructure(f) or f.f_code.co_name == "_view_wrapper"), None)
            return f"{short(frame)} ← {short(caller)}" if caller else short(frame)
        if not infrastructure(frame):
            return short(frame)
    return "?"


def short_sql(sql):
    """The query without its select list (up to the top-level FROM), cut to 150 characters."""
    depth, start = 0, len("SELECT ")
    if sql.startswith("SELECT "):
        for i in range(start, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[i], 0)
            if depth == 0 and sql.startswith(" FROM ", i):
                sql = "SELECT …" + sql[i:]
                break
    return sql if len(sql) <= 150 else sql[:149] + "…"


def profile(targets, requests):
    """Per URL, in-process with Django's test client as the logged-in learner: the queries of
    one request and where each comes from, the time per request (and in SQL), and the
    cumulative time of the components above under cProfile."""
    import cProfile
    import pstats

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=LEARNER))
    recorded, sql_time = [], [0.0]

    def record(execute, sql, params, many, context):
        recorded.append((sql, query_origin()))
        return execute(sql, params, many, context)

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - start

    for name, path in targets:
        for _ in range(5):  # warm caches: templates, site root paths, renditions
            assert client.get(path).status_code == 200, path
        recorded.clear()
        with connection.execute_wrapper(record):
            client.get(path)
        batches = []  # (seconds, seconds in SQL) per batch; the fastest is the least disturbed
        with connection.execute_wrapper(timed):
            for _ in range(5):
                sql_time[0] = 0.0
                start = time.perf_counter()
                for _ in range(requests):
                    client.get(path)
                batches.append((time.perf_counter() - start, sql_time[0]))
        elapsed, in_sql = min(batches)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler).stats

        print(f"\n=== {name}  {path}")
        print(
            f"{len(recorded)} queries; {1000 * elapsed / requests:.2f} ms per request in-process "
            f"(fastest of 5 batches of {requests}), of which {1000 * in_sql / requests:.2f} ms in PostgreSQL calls"
        )
        for number, (sql, origin) in enumerate(recorded, 1):
            print(f"  {number:>2}. [{origin}] {short_sql(sql)}")
        total = None
        print(f"  {'under cProfile, ms per request':<56} {'ms':>7} {'share':>6}")
        for label, suffix, function in COMPONENTS:
            seconds = sum(
                cumulative
                for (filename, _line, func), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
                if func == function and filename.replace("\\", "/").endswith(suffix)
            )
            total = total or seconds
            if seconds:
                print(f"  {label:<56} {1000 * seconds / requests:7.2f} {100 * seconds / total:5.0f}%")


# Main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", choices=["wrk", "python"], default="wrk" if shutil.which("wrk") else "python")
    parser.add_argument("--concurrency", type=int, default=4, help="open connections (default 4)")
    parser.add_argument("--duration", type=int, default=6, help="seconds measured per URL and round (default 6)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each measurement")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over all URLs, medians kept (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--profile", action="store_true", help="profile in-process instead of load-testing")
    parser.add_argument("--profile-requests", type=int, default=50, help="requests per batch when profiling")
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"exit 1 if a page costs more server CPU per request than the minimal page ÷ {GOAL}",
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 9 or not 1 <= args.duration <= 120 or not 1 <= args.concurrency <= 64:
        parser.error("keep --rounds 1..9, --duration 1..120 and --concurrency 1..64")

    database = f"lms_bench_{os.getpid()}"
    media = tempfile.mkdtemp(prefix="lms-bench-media-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{database}",
        MEDIA_ROOT=media,
        # Persistent connections for the whole run (production keeps them 60 s): a worker's
        # PostgreSQL backend then lives through every measurement, so its CPU time is counted.
        CONN_MAX_AGE="600",
    )
    sys.path.insert(0, str(ROOT))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    log(f"database {database} on {PG_HOST}:{PG_PORT}")
    create_database(database)
    ok = True
    try:
        targets = prepare_data()
        if args.profile:
            profile(targets, args.profile_requests)
            return 0
        from django.db import connections

        connections.close_all()
        port = free_port()
        with gunicorn(port, args.workers) as server:
            cookie = login(port)
            log(f"logged in as {LEARNER}")
            check_pages(port, cookie, targets)
            log(
                f"client {args.client}, {args.concurrency} connections, {args.warmup} s warm-up + "
                f"{args.duration} s per URL, {args.rounds} round(s)"
            )
            load_before = os.getloadavg()[0]
            results = measure(port, cookie, targets, args, server.pid, database)
            load_after = os.getloadavg()[0]
        table, ok = report(results)
        print(
            f"\n{time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores, client and server on the same machine; "
            f"gunicorn {args.workers} sync workers; PostgreSQL; client {args.client}, {args.concurrency} connections, "
            f"{args.duration} s per URL, median of {args.rounds} round(s); "
            f"1-minute load average {load_before:.2f} before, {load_after:.2f} after\n"
        )
        print(table)
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (out / f"pages-{stamp}.json").write_text(json.dumps({"args": vars(args), "results": results}, indent=2))
        print("\nrequests/s in each round:")
        for name, r in results.items():
            print(f"  {name:<24} " + "  ".join(f"{x:7.1f}" for x in r["rounds_rps"]))
        print("server CPU ms per request in each round (gunicorn workers + their PostgreSQL backends):")
        for name, r in results.items():
            print(f"  {name:<24} " + "  ".join(f"{x:7.2f}" for x in r["rounds_cpu_ms"]))
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        drop_database(database)
        shutil.rmtree(media, ignore_errors=True)
        log(f"dropped {database}")
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
