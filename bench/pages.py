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
import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixtures import demo_pages
from bench.harness import (
    ROOT,
    bench_database,
    cookie_header,
    default_client,
    free_port,
    get,
    gunicorn,
    log,
    login,
    markdown_table,
    measure_rounds,
    migrate_and_seed,
    print_rounds,
    profile_calls,
    summarize,
)

LEARNER = "learner"
GOAL = 0.9  # every page at least this fraction of the minimal Wagtail page's requests/s (issue 15)
BASELINE, FLOOR = "minimal Wagtail page", "bare Django view"
CHROME = "minimal page + base.html"  # informative: what the site's chrome adds to any page
SIGNED_IN = "minimal page, signed in"  # informative: what reading the session and account adds


# Data -------------------------------------------------------------------------------------


def prepare_data():
    """Migrate, seed the demo data, add the minimal page; return the URLs to measure."""
    migrate_and_seed()
    from django.urls import reverse

    minimal, enrolment = demo_pages(LEARNER)
    course = enrolment.course
    lessons = list(course.lessons())
    lesson = next((x for x in lessons if x.pk == enrolment.last_lesson_id), lessons[0])

    def path_of(page):
        return urllib.parse.urlsplit(page.get_url()).path

    return [
        (FLOOR, reverse("bench_bare")),
        (BASELINE, path_of(minimal)),
        (SIGNED_IN, path_of(minimal) + "?signed_in=1"),
        (CHROME, path_of(minimal) + "?chrome=1"),
        ("course page", path_of(course)),
        ("lesson page", path_of(lesson)),
        ("dashboard", reverse("courses:dashboard")),
    ]


def check_pages(port, cookie, targets):
    for name, path in targets:
        status, _headers, body = get(port, path, headers={"Cookie": cookie})
        if status != 200:
            raise SystemExit(f"{name} {path}: {status}, expected 200")
        if name == SIGNED_IN and LEARNER.encode() not in body:
            raise SystemExit(f"{name} {path}: not served to the logged-in learner")
        if name not in (FLOOR, BASELINE, SIGNED_IN) and b'action="/accounts/logout/"' not in body:
            raise SystemExit(f"{name} {path}: not served to the logged-in learner")
        log(f"  {status} {len(body):>6} bytes  {name}  {path}")


# Measuring --------------------------------------------------------------------------------


def measure(port, cookie, targets, args, master_pid, database):
    """Every URL in turn, in rounds; ratios to the baselines taken within each round, then
    the median over rounds kept."""
    rounds = measure_rounds(
        port, [(name, [("GET", path, {"Cookie": cookie}, None)]) for name, path in targets], args, master_pid, database
    )
    results = summarize(rounds, {"vs_minimal": BASELINE, "vs_bare": FLOOR})
    for name, path in targets:
        results[name] = {"path": path, **results[name]}
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
    lines = markdown_table(rows)
    lines.append("")
    lines += [f"  {name}: {r['path']}" for name, r in results.items()]
    pages = [name for name in results if name not in (FLOOR, BASELINE, SIGNED_IN, CHROME)]
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


def profile(targets, requests):
    """Per URL, in-process with Django's test client as the logged-in learner: the queries of
    one request and where each comes from, the time per request (and in SQL), and the
    cumulative time of the components above under cProfile."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=LEARNER))

    for name, path in targets:

        def call(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        profile_calls(name, path, call, COMPONENTS, requests)


# Main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", choices=["wrk", "python"], default=default_client())
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

    ok = True
    with bench_database(f"lms_bench_{os.getpid()}") as database:
        targets = prepare_data()
        if args.profile:
            profile(targets, args.profile_requests)
            return 0
        port = free_port()
        with gunicorn(port, args.workers) as server:
            cookie = cookie_header(login(port, LEARNER))
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
        print_rounds(results)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
