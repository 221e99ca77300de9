"""What the benchmarks share (``bench/pages.py``, ``bench/answers.py``, ``bench/load.py``; the
database part the others too): a throw-away PostgreSQL database, migrated (and seeded), gunicorn
on a loopback port (and a django-tasks ``db_worker`` beside it), logging in through the login
form, the load clients (wrk or Python threads), the server's CPU time from /proc, percentiles,
measuring in rounds, and the in-process profile (the queries of one request and where each comes
from, cProfile shares).

Loopback only; every loop is bounded by a duration or a request count.
"""

import contextlib
import http.client
import io
import itertools
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
PASSWORD = "hoctap2030"  # every demo account's password (lms/demo/people.py)


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


@contextlib.contextmanager
def scratch_database(name):
    """A fresh, empty PostgreSQL database ``name``, dropped at the end (also on failure), for a
    server this process does not run Django for (bench/peer.py's peer site)."""
    log(f"database {name} on {PG_HOST}:{PG_PORT}")
    create_database(name)
    try:
        yield name
    finally:
        drop_database(name)
        log(f"dropped {name}")


@contextlib.contextmanager
def bench_database(name):
    """A fresh PostgreSQL database ``name`` and a temporary MEDIA_ROOT (SCORM_ROOT within), set in
    the environment for this process and the gunicorn it starts (``bench.settings``); both are
    removed at the end, also on failure or SIGTERM."""
    media = tempfile.mkdtemp(prefix="lms-bench-media-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}",
        MEDIA_ROOT=media,
        # seed_demo unpacks its SCORM package: there, not into the project's scorm-packages/.
        SCORM_ROOT=os.path.join(media, "scorm"),
        LMS_CERTIFICATE_KEYS_DIR=os.path.join(media, "certificate-keys"),
        # Persistent connections for the whole run (production keeps them 60 s): a worker's
        # PostgreSQL backend then lives through every measurement, so its CPU time is counted.
        CONN_MAX_AGE="600",
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    log(f"database {name} on {PG_HOST}:{PG_PORT}")
    try:
        create_database(name)
        yield name
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        drop_database(name)
        shutil.rmtree(media, ignore_errors=True)
        log(f"dropped {name}")


def migrate():
    """Django set up, and ``migrate`` in the benchmark database (no demo data)."""
    import django

    django.setup()
    from django.core.management import call_command

    log("migrate ...")
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())


def migrate_and_seed():
    """``migrate`` and ``seed_demo --force`` in the benchmark database."""
    migrate()
    from django.core.management import call_command, get_commands

    if "seed_demo" not in get_commands():
        raise SystemExit("The seed_demo management command is missing.")
    log("seed_demo --force ...")
    call_command("seed_demo", "--force", stdout=io.StringIO())


# Server -----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(
    port, workers, app="lms.wsgi:application", python=sys.executable, chdir=ROOT, env=None, ready="/bench/bare/"
):
    """gunicorn serving ``app`` (by default this site, with this interpreter and environment),
    once ``ready`` answers 200; stopped at the end. bench/peer.py passes another site's."""
    from django.db import connections

    connections.close_all()  # the workers are forked from a fresh interpreter, but be tidy
    command = [str(python), "-m", "gunicorn", app]
    command += ["--workers", str(workers), "--worker-class", "sync", "--bind", f"127.0.0.1:{port}"]
    command += ["--chdir", str(chdir), "--log-level", "warning", "--timeout", "60"]
    env = os.environ.copy() if env is None else env
    process = subprocess.Popen(command, cwd=chdir, env=env, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}")
            try:
                status, _headers, _body = get(port, ready)
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


@contextlib.contextmanager
def db_worker(name):
    """``manage.py db_worker`` (django-tasks-db) for the default queue, as docs/DEPLOY.md 2.5
    runs it beside each app server; needs settings with the database task backend. Quiet (a
    failed task is in its result row); stopped with SIGTERM (it finishes the task in hand)."""
    command = [sys.executable, "manage.py", "db_worker", "--queue-name", "default", "--interval", "1"]
    command += ["--no-reload", "--no-startup-delay", "--worker-id", name, "--verbosity", "0"]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), start_new_session=True)
    log(f"db_worker {name}, pid {process.pid}")
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def get(port, path, method="GET", body=None, headers=None):
    """One request on a new connection: (status, headers, body)."""
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


def login(port, username, password=PASSWORD):
    """Log in through the login form, as a browser does; return the cookie jar (a dict with
    ``sessionid`` and ``csrftoken``)."""
    jar = {}
    status, headers, body = get(port, "/accounts/login/")
    merge_cookies(jar, headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in jar:
        raise SystemExit(f"login form: unexpected answer {status}")
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password, "next": ""}
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
        raise SystemExit(f"login as {username!r} failed ({status})")
    return jar


# Load clients -----------------------------------------------------------------------------
# A target is a list of requests, each (method, path, headers, body); the clients send them in
# turn, round-robin, over all connections (a target with one request sends it again and again).
# A response counts as bad when its status is not 2xx, or, with ``expect``, when a 2xx body
# does not contain that text; a connection error counts as bad too.

WRK_SCRIPT = r"""
local threads = {}
local expect = __EXPECT__
local requests = __REQUESTS__
function setup(thread) table.insert(threads, thread) end
function init(args)
  bad_status = 0
  unexpected = 0
  issued = 0
  codes = ""
  if requests ~= nil then
    built = {}
    for i, r in ipairs(requests) do
      r[3]["Host"] = r[3]["Host"] or wrk.headers["Host"]
      built[i] = wrk.format(r[1], r[2], r[3], r[4])
    end
  end
end
if requests ~= nil then
  function request()
    issued = issued + 1
    return built[(issued - 1) % #built + 1]
  end
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad_status = bad_status + 1
    if #codes < 60 then codes = codes .. status .. "," end
  elseif expect ~= nil and not string.find(body, expect, 1, true) then
    unexpected = unexpected + 1
  end
end
function done(summary, latency, requests)
  local bad, odd, sent, seen = 0, 0, 0, ""
  for _, t in ipairs(threads) do
    bad = bad + t:get("bad_status")
    odd = odd + t:get("unexpected")
    sent = sent + t:get("issued")
    seen = seen .. t:get("codes")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%d p95_us=%d non2xx=%d unexpected=%d errors=%d issued=%d codes=%s\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), bad, odd,
    e.connect + e.read + e.write + e.timeout, sent, seen == "" and "-" or seen))
end
"""


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'


def wrk_script(requests, expect=None):
    """The Lua script for ``requests``: static (wrk's own request, one per target: what
    bench/pages.py has always measured) when there is one request, else a table sent in turn."""
    if len(requests) == 1:
        (method, _path, headers, body) = requests[0]
        lua_requests = "nil"
        static = [f"wrk.method = {lua_string(method)}"]
        static += [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()]
        if body is not None:
            static.append(f"wrk.body = {lua_string(body)}")
    else:
        static = []
        rows = []
        for method, path, headers, body in requests:
            lua_headers = "{" + ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()) + "}"
            lua_body = "nil" if body is None else lua_string(body)
            rows.append(f"  {{{lua_string(method)}, {lua_string(path)}, {lua_headers}, {lua_body}}}")
        lua_requests = "{\n" + ",\n".join(rows) + "\n}"
    script = WRK_SCRIPT.replace("__EXPECT__", "nil" if expect is None else lua_string(expect))
    return script.replace("__REQUESTS__", lua_requests) + "\n".join(static) + "\n"


def run_wrk(port, requests, concurrency, seconds, expect=None):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(wrk_script(requests, expect))
    try:
        command = ["wrk", "-t1", f"-c{concurrency}", f"-d{seconds}s", "--timeout", "10s", "-s", script.name]
        command.append(f"http://127.0.0.1:{port}{requests[0][1]}")
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        os.unlink(script.name)
    match = re.search(r"^BENCH (.*)$", output, re.M)
    if not match:
        raise SystemExit(f"wrk printed no result:\n{output}")
    values = dict(item.split("=", 1) for item in match.group(1).split())
    codes = values.pop("codes")
    values = {key: int(value) for key, value in values.items()}
    return {
        "requests": values["requests"],
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "p50_ms": values["p50_us"] / 1000,
        "p95_ms": values["p95_us"] / 1000,
        "non2xx": values["non2xx"],
        "unexpected": values["unexpected"],
        "errors": values["errors"],
        "bad": values["non2xx"] + values["unexpected"] + values["errors"],
        "bad_codes": "" if codes == "-" else codes.rstrip(","),
        # Requests built (a few may still have been in flight at the end); with a single
        # static request wrk does not say, and it does not matter.
        "issued": values["issued"] if len(requests) > 1 else None,
    }


def percentile(ordered, p):
    """The ``p``-th percentile of a sorted, non-empty list (nearest rank)."""
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def run_python(port, requests, concurrency, seconds, expect=None, max_requests=200_000):
    """Threads, one connection each (reopened when the server closes it, as gunicorn's
    sync workers do after every response)."""
    latencies = [[] for _ in range(concurrency)]
    non2xx, unexpected, errors, codes = [0] * concurrency, [0] * concurrency, [0] * concurrency, []
    per_thread = max_requests // concurrency
    deadline = time.perf_counter() + seconds
    turn = itertools.count()  # next() on it is atomic under the GIL
    expect = expect.encode() if expect is not None else None

    def worker(i):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            while time.perf_counter() < deadline and len(latencies[i]) < per_thread:
                number = next(turn)
                method, path, headers, body = requests[number % len(requests)]
                start = time.perf_counter()
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                latencies[i].append(time.perf_counter() - start)
                if not 200 <= response.status <= 299:
                    non2xx[i] += 1
                    if len(codes) < 20:
                        codes.append(str(response.status))
                elif expect is not None and expect not in content:
                    unexpected[i] += 1
                if response.will_close:
                    conn.close()
        except OSError:
            errors[i] += 1
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    issued = next(turn)  # the requests taken from the table
    everything = sorted(x for thread_latencies in latencies for x in thread_latencies)
    if not everything:
        raise SystemExit(f"no request to {requests[0][1]} completed")

    return {
        "requests": len(everything),
        "rps": len(everything) / elapsed,
        "p50_ms": percentile(everything, 50) * 1000,
        "p95_ms": percentile(everything, 95) * 1000,
        "non2xx": sum(non2xx),
        "unexpected": sum(unexpected),
        "errors": sum(errors),
        "bad": sum(non2xx) + sum(unexpected) + sum(errors),
        "bad_codes": ",".join(codes),
        "issued": issued,
    }


def default_client():
    return "wrk" if shutil.which("wrk") else "python"


# Server CPU time ---------------------------------------------------------------------------
# Requests/s on a 2-core machine shared with the load client (and, here, with other people's
# work) moves with everything else that runs. The CPU time the server spends per request
# (gunicorn workers + their PostgreSQL backends, read from /proc) barely does, so it is
# reported beside requests/s as the steadier measure of what a request costs.


def process_cpu_seconds(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def child_pids(parent_pid):
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rpartition(")")[2].split()[1]) == parent_pid:
                        children.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return children


def database_backend_pids(database):
    """The PostgreSQL backends connected to ``database`` (but the one asking)."""
    with pg_admin() as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
        ).fetchall()
    return [row[0] for row in rows]


def server_pids(master_pid, database):
    return child_pids(master_pid) + database_backend_pids(database)


def cpu_snapshot(master_pid, database):
    snapshot = {pid: process_cpu_seconds(pid) for pid in server_pids(master_pid, database)}
    return {pid: seconds for pid, seconds in snapshot.items() if seconds is not None}


# Rounds -----------------------------------------------------------------------------------


def measure_rounds(port, targets, args, master_pid, database, expect=None, on_result=None, alternate=False):
    """Every target once per round, in turn, ``args.rounds`` rounds: a warm-up, then the
    measurement with the server's CPU time around it. ``targets`` is a list of (name,
    requests), or (name, requests, (port, master_pid, database)) for a target on another
    server (bench/peer.py measures two sites in one run). ``alternate``: every second round
    takes the targets in reverse order, so that neither of two neighbours always goes first.
    Fails on any bad response (after ``on_result`` saw the result). Returns {name: [result
    per round]}."""

    def run(port, requests, seconds):
        if args.client == "wrk":
            return run_wrk(port, requests, args.concurrency, seconds, expect)
        return run_python(port, requests, args.concurrency, seconds, expect)

    targets = [
        (name, requests, server[0] if server else (port, master_pid, database)) for name, requests, *server in targets
    ]
    rounds = {name: [] for name, _requests, _server in targets}
    width = max(len(name) for name, _requests, _server in targets)
    for number in range(1, args.rounds + 1):
        log(f"  round {number}: load average {os.getloadavg()[0]:.2f} (other work on the machine skews results)")
        in_turn = targets[::-1] if alternate and number % 2 == 0 else targets
        for name, requests, (target_port, target_pid, target_database) in in_turn:
            warmup = run(target_port, requests, args.warmup)
            if on_result is not None:
                on_result(name, warmup)
            before = cpu_snapshot(target_pid, target_database)
            result = run(target_port, requests, args.duration)
            after = cpu_snapshot(target_pid, target_database)
            if on_result is not None:
                on_result(name, result)
            cpu = sum(after[pid] - seconds for pid, seconds in before.items() if pid in after)
            result["cpu_ms"] = 1000 * cpu / result["requests"]
            for run_result in (warmup, result):
                if run_result["bad"]:
                    raise SystemExit(
                        f"{name} {requests[0][1]}: {run_result['non2xx']} non-2xx responses "
                        f"(statuses {run_result['bad_codes'] or '-'}), {run_result['unexpected']} 2xx without "
                        f"{expect!r}, {run_result['errors']} connection errors"
                    )
            rounds[name].append(result)
            log(
                f"  round {number}: {name:<{max(width, 22)}} {result['rps']:8.1f} req/s"
                f"  p50 {result['p50_ms']:6.1f} ms  p95 {result['p95_ms']:6.1f} ms"
                f"  server CPU {result['cpu_ms']:6.2f} ms/request  non-2xx {result['non2xx']}"
            )
    return rounds


def summarize(rounds, baselines):
    """Per target: the median requests/s over the rounds, p50/p95 of the median round, the
    ratio to each baseline taken within each round (a busy spell on the machine then moves
    numerator and denominator together), the median server CPU per request.
    ``baselines`` maps a key (e.g. "vs_minimal") to the baseline target's name."""
    results = {}
    for name, runs in rounds.items():
        by_rps = sorted(runs, key=lambda r: r["rps"])
        median_round = by_rps[len(by_rps) // 2]
        results[name] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": median_round["p50_ms"],
            "p95_ms": median_round["p95_ms"],
            "rounds_rps": [r["rps"] for r in runs],
            **{
                key: [r["rps"] / b["rps"] for r, b in zip(runs, rounds[baseline], strict=True)]
                for key, baseline in baselines.items()
            },
            "cpu_ms": statistics.median(r["cpu_ms"] for r in runs),
            "rounds_cpu_ms": [r["cpu_ms"] for r in runs],
            "requests": sum(r["requests"] for r in runs),
            "non2xx": sum(r["non2xx"] for r in runs),
        }
    return results


def markdown_table(rows):
    """Rows of strings, the first one the header; the first column left-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]

    def line(row):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        return "| " + " | ".join(cells) + " |"

    lines = [
        line(rows[0]),
        "|" + "|".join("-" * (w + 2) if i == 0 else "-" * (w + 1) + ":" for i, w in enumerate(widths)) + "|",
    ]
    return lines + [line(row) for row in rows[1:]]


def print_rounds(results):
    width = max(24, *(len(name) for name in results))
    print("\nrequests/s in each round:")
    for name, r in results.items():
        print(f"  {name:<{width}} " + "  ".join(f"{x:7.1f}" for x in r["rounds_rps"]))
    print("server CPU ms per request in each round (gunicorn workers + their PostgreSQL backends):")
    for name, r in results.items():
        print(f"  {name:<{width}} " + "  ".join(f"{x:7.2f}" for x in r["rounds_cpu_ms"]))


# Profiling (in-process, no server) --------------------------------------------------------


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
        return any(
            part in path(frame)
            for part in ("/django/", "/whitenoise/", "/asgiref/", "/bench/harness.py", "/bench/pages.py")
        )

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


@contextlib.contextmanager
def recording_queries():
    """The SQL sent while the block runs, each with where it came from (``query_origin``);
    commits and rollbacks, which do not go through a cursor, are listed too."""
    from django.db import connection

    recorded = []

    def record(execute, sql, params, many, context):
        recorded.append((sql, query_origin()))
        return execute(sql, params, many, context)

    real_commit = connection.commit

    def commit():
        recorded.append(("COMMIT", "transaction.atomic (outermost block)"))
        return real_commit()

    connection.commit = commit
    try:
        with connection.execute_wrapper(record):
            yield recorded
    finally:
        del connection.commit


def profile_calls(name, label, call, components, requests, warm=5):
    """Profile one kind of request, in-process: ``call()`` makes one request (and checks its
    answer). Prints the queries of one request, the time per request (and in SQL), and the
    cumulative time of ``components`` ((label, file suffix, function)) under cProfile.
    Returns the number of queries of one request (commits not counted)."""
    import cProfile
    import pstats

    from django.db import connection

    sql_time = [0.0]

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - start

    for _ in range(warm):  # warm caches: templates, site root paths, renditions
        call()
    with recording_queries() as recorded:
        call()
    batches = []  # (seconds, seconds in SQL) per batch; the fastest is the least disturbed
    with connection.execute_wrapper(timed):
        for _ in range(5):
            sql_time[0] = 0.0
            start = time.perf_counter()
            for _ in range(requests):
                call()
            batches.append((time.perf_counter() - start, sql_time[0]))
    elapsed, in_sql = min(batches)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        call()
    profiler.disable()
    stats = pstats.Stats(profiler).stats

    queries = [sql for sql, _origin in recorded if sql != "COMMIT"]
    commits = len(recorded) - len(queries)
    print(f"\n=== {name}  {label}")
    counted = f"{len(queries)} queries" + (f" + {commits} COMMIT" if commits else "")
    print(
        f"{counted}; {1000 * elapsed / requests:.2f} ms per request in-process (fastest of 5 batches of "
        f"{requests}), of which {1000 * in_sql / requests:.2f} ms in database calls"
    )
    for number, (sql, origin) in enumerate(recorded, 1):
        print(f"  {number:>2}. [{origin}] {short_sql(sql)}")
    total = None
    print(f"  {'under cProfile, ms per request':<56} {'ms':>7} {'share':>6}")
    for label_, suffix, function in components:
        seconds = sum(
            cumulative
            for (filename, _line, func), (_cc, _nc, _tt, cumulative, _callers) in stats.items()
            if func == function and filename.replace("\\", "/").endswith(suffix)
        )
        total = total or seconds
        if seconds:
            print(f"  {label_:<56} {1000 * seconds / requests:7.2f} {100 * seconds / total:5.0f}%")
    return len(queries)
