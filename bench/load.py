#!/usr/bin/env python
"""Load test: 100 learners study and take quizzes for a minute while an HR officer opens the
admin's listings and exports the completion records, against two gunicorn servers sharing
PostgreSQL and Redis, as a deployment runs; then the database is checked, and the goals of issue
15 ("Under load") are printed as met or NOT met.

    .venv/bin/python bench/load.py               # or: make bench-load
    .venv/bin/python bench/load.py --check       # exit status 1 when a goal is not met too
    .venv/bin/python bench/load.py --servers 1   # or: make bench-load LOAD_SERVERS=1
    .venv/bin/python bench/load.py --no-redis    # no shared cache (not the deployment's figures)

What it does, all on this machine (loopback only; every loop bounded by the duration):

1. creates a fresh PostgreSQL database ``lms_bench_load_<pid>`` on 127.0.0.1:5432 (user
   postgres), runs ``migrate`` and ``seed_demo --force`` in it, then adds (``bench/fixtures.py``)
   3 courses of 4 lessons, each with a final quiz of 10 questions (single choice, multiple
   response, true/false; pass mark 70 %, unlimited attempts), and 100 staff accounts
   ``hv-tai-000``... with the demo password, in institutions of the demo HR officer's scope;
2. starts ``--servers`` gunicorn servers (2; ``--workers`` sync workers each, ``bench.settings``)
   on free loopback ports, all on the one database and, as docs/DEPLOY.md runs them, on one
   Redis cache: ``REDIS_URL=redis://127.0.0.1:6379/0`` with ``CACHE_KEY_PREFIX=lms-load-<pid>``,
   so the run's keys are its own (this process uses the same cache: the changes it makes
   invalidate the servers' pages); the keys under that prefix, and only those, are removed at the
   end. No Redis answering there stops the run before anything is created, unless
   ``--no-redis``, which leaves each server process its own local-memory cache (``make run``'s
   default: not the deployment's figures). With ``--tasks db`` (the default when django-tasks-db
   is installed) a ``manage.py db_worker`` runs beside each server, as docs/DEPLOY.md 2.5 runs
   production: certificates are then rendered and e-mailed (locmem) by the workers; ``--tasks
   immediate`` renders them inside the request that completes the course. Before the load, one
   more learner checks that the servers share state (``shared_state``): logged in through server
   A, the session is in the shared cache and server B knows it with its database row deleted
   meanwhile; a lesson marked done on A is done on B's course page; a lesson's title changed and
   published here (through the ORM, a third process) is on the lesson page and the course outline
   of both servers at once; logged out through B, A no longer knows the session. Server B shows
   each page several times before the change, so that each of its worker processes would hold
   the old page if the cache were its own;
3. the load, like a locust run with ``wait_time = between(1, 3)``: simulated learners start at
   ``--spawn-rate`` a second, each a thread with its own cookies, and after every page it
   "reads" (a think time drawn uniformly from ``--think-min`` to ``--think-max``, 1–3 s) before
   the next action; redirects are followed at once, as a browser does. A learner logs in through
   the login form (CSRF token from the form), opens the dashboard, then takes the courses in
   turn (starting at a different one per learner): course page, enrol, each lesson and "Mark as
   done", the course page again, the final quiz (start; per question: the page, the autosave the
   page's script sends on a change, then "Save and next" or "Save and finish"), the submit page,
   the submission, the result; when passed, the course page and the certificate's PDF. Answers
   are chosen with the database's answer key: three learners in four answer 8–10 of 10 right and
   pass, the others 3–5 and fail (half of those retake at once and pass). One learner in five is
   impatient: clicks every POST button twice (two requests at once) and presses "Save and next"
   while the autosave is still in flight. Each simulated user's requests alternate between the
   servers: request i of learner n goes to server (n + i) % servers (the two requests of a double
   click to two servers), so sessions, CSRF, attempts and certificates must hold whichever server
   answers, and races between servers. At the same time
   the demo HR officer (``hr``) logs in and, again and again, opens Completion records in the
   admin, the staff and the certificates listings, and downloads the CSV and the XLSX export,
   with the same think time. The load lasts
   ``--duration`` seconds after the last learner has started; then each user stops at its next
   think;
4. a response counts as an error when its status, redirect target or content is not what a
   browser expects there (e.g. a 302 to the next question, ``"saved": true``, a result page
   saying passed/failed as the answers sent deserve, ``%PDF``), or on a connection error;
5. waits for the task queue to empty (``--tasks db``), stops the servers and workers, and checks
   the database against what the clients were told: every answer acknowledged is stored once,
   with the choice last acknowledged; one attempt per start, scored as the answers sent
   deserve; every lesson marked done recorded once; one enrolment per course enrolled; the
   courses passed completed, each with exactly one valid certificate with a unique number and
   a rendered PDF; nothing more; one export log entry per export, with the row count of the
   file the HR officer received;
6. prints requests, requests/s, p50, p95 and max per page kind, errors, the server CPU time
   (gunicorn workers, db_workers and their PostgreSQL backends, from /proc; Redis's apart), the
   load average seen, the checks, and the goals: every learner page p95 < 300 ms, the login POST
   p95 < 600 ms, the HR listings p95 < 400 ms, zero errors, every database check holding, the
   servers sharing state; writes JSON to ``bench/results/``; drops the database, also on failure.

Exit status 1 when a request failed, a database check did not hold or (with Redis) a shared-state
check failed; with ``--check``, also when a goal is not met (a p95 over its goal is otherwise a
performance result, not a failure). See docs/BENCHMARKS.md.
"""

import argparse
import contextlib
import csv
import html
import importlib.util
import io
import json
import os
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixtures import learner_accounts, load_courses
from bench.harness import (
    PASSWORD,
    ROOT,
    bench_database,
    child_pids,
    cookie_header,
    database_backend_pids,
    db_worker,
    free_port,
    get,
    gunicorn,
    log,
    markdown_table,
    merge_cookies,
    migrate_and_seed,
    percentile,
    process_cpu_seconds,
)

COURSES, LESSONS, QUESTIONS, PASS_MARK = 3, 4, 10, 70
HR = "hr"  # the demo HR officer (lms/demo/people.py)
FORM = "application/x-www-form-urlencoded"
# The deployment's shared cache (docs/DEPLOY.md, "Redis"); the run's keys carry a prefix of its
# own and are removed at the end (others use this server: never FLUSHDB).
REDIS_URL = "redis://127.0.0.1:6379/0"

# The goals of issue 15, "Under load": p95 per page kind, in ms.
LEARNER_P95_MS, LOGIN_P95_MS, HR_LISTING_P95_MS = 300, 600, 400
HR_LISTINGS = ["HR: completion records", "HR: staff list", "HR: certificates list"]
HR_EXPORTS = ["HR: export CSV", "HR: export XLSX"]

# Page kinds, in the order of the table.
KINDS = [
    "login form",
    "login (POST)",
    "dashboard",
    "course page",
    "enrol (POST)",
    "lesson page",
    "lesson done (POST)",
    "quiz page",
    "quiz start (POST)",
    "question page",
    "answer autosave (JSON)",
    "answer + next (POST)",
    "submit page",
    "submit (POST)",
    "result page",
    "certificate PDF",
    *HR_LISTINGS,
    *HR_EXPORTS,
]


def p95_goal(kind):
    """The p95 goal of a page kind in ms; None for the exports (their goal is not a latency under
    load) and for anything not a page."""
    if kind == "login (POST)":
        return LOGIN_P95_MS
    if kind in HR_LISTINGS:
        return HR_LISTING_P95_MS
    if kind in KINDS and kind not in HR_EXPORTS:
        return LEARNER_P95_MS
    return None


# Data -------------------------------------------------------------------------------------


def prepare_data(learners):
    """Migrate, seed the demo data, add the load's courses and learners; return the plan the
    clients follow (paths, and the quizzes' answer key), the learners' user names and the user
    name of the learner of the shared-state checks."""
    migrate_and_seed()
    from django.contrib.auth import get_user_model

    from people import roles
    from people.models import Institution

    hr = get_user_model().objects.get(username=HR)
    institutions = list(Institution.objects.filter(pk__in=roles.institutions_in_scope(hr)).order_by("pk"))
    if not institutions:
        raise SystemExit(f"The demo HR officer {HR!r} has no institution in scope.")
    log(f"adding {COURSES} courses ({LESSONS} lessons, a final quiz of {QUESTIONS} questions) and {learners} learners")
    courses = load_courses(COURSES, LESSONS, QUESTIONS, PASS_MARK)
    # One more learner, for the shared-state checks: not one of the load's.
    *usernames, checker = learner_accounts(learners + 1, institutions, PASSWORD)

    def path_of(page):
        return urllib.parse.urlsplit(page.get_url()).path

    plan = []
    for course, quiz in courses:
        questions = {}
        for quiz_question in quiz.quiz_questions.select_related("question").prefetch_related("question__answers"):
            question = quiz_question.question
            answers = list(question.answers.all())
            questions[question.pk] = {
                "kind": question.kind,
                "answers": sorted(a.pk for a in answers),
                "correct": sorted(a.pk for a in answers if a.correct),
                "by_text": {a.content: a.pk for a in answers},
            }
        plan.append(
            {
                "id": course.pk,
                "path": path_of(course),
                "lessons": [lesson.pk for lesson in course.lessons()],
                "lesson_paths": [path_of(lesson) for lesson in course.lessons()],
                "quiz": quiz.pk,
                "quiz_path": quiz.get_absolute_url(),
                "questions": questions,
            }
        )
    return plan, usernames, checker


# The simulated users ----------------------------------------------------------------------


class Unexpected(Exception):
    """A response a browser would not expect there (already counted as an error)."""


class Done(Exception):
    """The load's time is up: the user stops at its next think."""


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.by_server = defaultdict(list)
        self.errors = Counter()
        self.error_samples = []

    def record(self, kind, seconds, port, problem=None):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.by_server[port].append(seconds)
        if problem:
            self.fault(kind, problem)

    def fault(self, kind, problem):
        """An error found in an answer already counted, or outside any request."""
        with self.lock:
            self.errors[kind] += 1
            if len(self.error_samples) < 30:
                self.error_samples.append(f"{kind}: {problem}")


class Ledger:
    """What the clients were told, to hold the database to afterwards."""

    def __init__(self):
        self.lock = threading.Lock()
        self.starts = {}  # attempt id → (username, quiz id)
        self.answers = {}  # attempt id → {question id: choices last acknowledged}
        self.acknowledged = 0  # answer saves that got their success (autosave and form)
        self.submitted = {}  # attempt id → (answers right, status they deserve)
        self.lessons_done = set()  # (username, lesson id)
        self.enrolled = set()  # (username, course id)
        self.passed = set()  # (username, course id)
        self.certificate_downloads = set()  # certificate ids downloaded by their learner
        self.exports = []  # (format, data rows, certificate numbers seen) per HR download

    def answer(self, attempt, question, choices, saves=1):
        with self.lock:
            self.answers.setdefault(attempt, {})[question] = sorted(choices)
            self.acknowledged += saves


def local(location):
    """A redirect's target as a path (Django and Wagtail send paths; be lenient)."""
    parts = urllib.parse.urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class Browser:
    """One simulated user's cookies. Its requests alternate between the servers: request i
    goes to server (first + i) % len(ports). Starting users at different servers spreads
    every kind of page over all of them (a user's pages come in a fixed order, so with
    first = 0 for all, the lesson pages, say, would all go to one server)."""

    def __init__(self, ports, stats, first=0):
        self.ports, self.stats = ports, stats
        self.jar = {}
        self.sent = first
        self.lock = threading.Lock()

    def request(self, kind, path, method="GET", fields=None, status=200, location=None, expect=None):
        """Send, time and check one request; return (headers, body) or raise ``Unexpected``.
        ``location``: a regular expression the redirect target must match in full."""
        with self.lock:
            port = self.ports[self.sent % len(self.ports)]
            self.sent += 1
        headers = {"Cookie": cookie_header(self.jar)} if self.jar else {}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = FORM
        started = time.perf_counter()
        try:
            got, response_headers, content = get(port, path, method, body, headers)
        except OSError as error:
            problem = f"{method} {path} (server {port}): {type(error).__name__} {error}"
            self.stats.record(kind, time.perf_counter() - started, port, problem)
            raise Unexpected from error
        elapsed = time.perf_counter() - started
        merge_cookies(self.jar, response_headers)
        target = local(response_headers.get("Location", ""))
        problem = None
        if got != status:
            problem = f"{got}, expected {status} (Location {target or '-'}; {content[:120]!r})"
        elif location is not None and not re.fullmatch(location, target):
            problem = f"redirected to {target!r}, expected {location!r}"
        elif expect is not None and expect not in content:
            problem = f"{expect!r} not in the answer"
        self.stats.record(kind, elapsed, port, problem and f"{method} {path} (server {port}): {problem}")
        if problem:
            raise Unexpected(problem)
        self.kind, self.path = kind, path
        return response_headers, content

    def together(self, *requests):
        """Send requests at the same moment, as a double click or an autosave still in flight
        when the learner presses the button do: each a dict of ``request``'s arguments (with
        several servers, each goes to another). Returns their (headers, body) in order."""
        results = [None] * len(requests)

        def send(i):
            try:
                results[i] = self.request(**requests[i])
            except Unexpected as error:
                results[i] = error

        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(requests))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for result in results:
            if isinstance(result, Unexpected):
                raise result
        return results

    def find(self, pattern, page, what):
        """The first group of ``pattern`` in the last page; a page without it is an error."""
        match = re.search(pattern, page)
        if match is None:
            self.stats.fault(self.kind, f"{self.path}: no {what} on the page")
            raise Unexpected
        return match.group(1).decode()

    def csrf(self, page):
        return self.find(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page, "CSRF token")

    def login(self, username, think):
        _headers, page = self.request("login form", "/accounts/login/")
        think()
        fields = {"csrfmiddlewaretoken": self.csrf(page), "username": username, "password": PASSWORD, "next": ""}
        self.request("login (POST)", "/accounts/login/", "POST", fields, status=302, location="/learning/")
        self.request("dashboard", "/learning/", expect=b'action="/accounts/logout/"')


class User(threading.Thread):
    """A simulated user: starts at ``start_at`` (monotonic), stops at its first think after
    ``deadline``."""

    def __init__(self, name, ports, stats, ledger, start_at, deadline, think_range, seed, first_server=0):
        super().__init__(name=name, daemon=True)
        self.username, self.stats, self.ledger = name, stats, ledger
        self.browser = Browser(ports, stats, first_server)
        self.start_at, self.deadline, self.think_range = start_at, deadline, think_range
        self.rng = random.Random(f"{seed}-{name}")

    def think(self):
        pause = self.rng.uniform(*self.think_range)
        if time.monotonic() + pause >= self.deadline:
            raise Done
        time.sleep(pause)

    def run(self):
        time.sleep(max(0.0, self.start_at - time.monotonic()))
        try:
            try:
                self.browser.login(self.username, self.think)
            except Unexpected:
                return  # counted; without a session there is nothing more to do
            self.think()
            self.work()
        except Done:
            pass
        except Exception as error:  # a bug in the client must not hang the run
            self.stats.fault("client", f"{self.username}: {type(error).__name__}: {error}")


class Learner(User):
    def __init__(self, number, plan, **kwargs):
        super().__init__(**kwargs)
        self.plan = plan[number % len(plan) :] + plan[: number % len(plan)]
        self.strong = number % 4 != 0  # three in four pass; of the others, half retake
        self.retakes = number % 8 == 0
        # One in five clicks every button twice and presses "Save and next" while the
        # autosave is still in flight: the same request twice at once, on two servers if any.
        self.impatient = number % 5 == 1

    def click(self, kind, path, page, fields=None, **expected):
        """Press a POST button of ``page`` (twice at once when impatient); its first answer."""
        request = {"kind": kind, "path": path, "method": "POST", "status": 302, **expected}
        request["fields"] = {"csrfmiddlewaretoken": self.browser.csrf(page), **(fields or {})}
        return self.browser.together(*[request] * (2 if self.impatient else 1))[0]

    def work(self):
        while True:
            for course in self.plan:
                try:
                    self.study(course)
                except Unexpected:
                    pass  # as a person would: leave it, come back to it later
                self.think()
                self.browser.request("dashboard", "/learning/")
                self.think()

    def study(self, course):
        b = self.browser
        _headers, page = b.request("course page", course["path"], expect=b'class="enrolment-box"')
        if b'class="completed"' in page:
            return
        self.think()
        enrol = re.search(rb'action="(/learning/courses/\d+/enrol/)"', page)
        done = page.count(b'<li class="done">')
        lesson = None
        if enrol:
            headers, _page = self.click("enrol (POST)", enrol.group(1).decode(), page)
            self.ledger.enrolled.add((self.username, course["id"]))
            lesson = local(headers["Location"])
        elif done < len(course["lessons"]):
            lesson = b.find(rb'<a class="button" href="([^"]+)"', page, "link to continue")
        if lesson is not None:
            while lesson != course["path"]:
                lesson = self.read_lesson(lesson, course)
            _headers, page = b.request("course page", course["path"], expect=b'class="enrolment-box"')
            self.think()
        quiz = b.find(f'href="({re.escape(course["quiz_path"])})"'.encode(), page, "link to the final quiz")
        passed = self.take_quiz(quiz, course, strong=self.strong)
        if not passed and self.retakes:
            self.think()
            passed = self.take_quiz(quiz, course, strong=True)
        if passed:
            self.think()
            _headers, page = b.request("course page", course["path"], expect=b'class="completed"')
            link = b.find(rb'href="(/certificates/(\d+)/download/)"', page, "certificate link")
            self.think()
            b.request("certificate PDF", link, expect=b"%PDF-")
            self.ledger.certificate_downloads.add(int(re.search(r"\d+", link).group()))

    def read_lesson(self, path, course):
        """Open a lesson, read it, mark it done; the path the learner goes to next."""
        b = self.browser
        _headers, page = b.request("lesson page", path, expect=b'class="lesson__body"')
        self.think()
        form = re.search(rb'action="/learning/lessons/(\d+)/done/"', page)
        if form is None:  # done already: on to the next one
            following = re.search(rb'rel="next" href="([^"]+)"', page)
            return following.group(1).decode() if following else course["path"]
        lesson_id = int(form.group(1))
        headers, _page = self.click("lesson done (POST)", f"/learning/lessons/{lesson_id}/done/", page)
        self.ledger.lessons_done.add((self.username, lesson_id))
        return local(headers["Location"])

    def take_quiz(self, quiz_path, course, strong):
        """Start (or resume) the final quiz, answer every question, submit; whether passed."""
        b = self.browser
        _headers, page = b.request("quiz page", quiz_path)
        start = b.find(rb'action="(/quizzes/\d+/start/)"', page, "start button")
        self.think()
        request = {"kind": "quiz start (POST)", "path": start, "method": "POST", "status": 302}
        request["fields"] = {"csrfmiddlewaretoken": b.csrf(page)}
        request["location"] = r"/quizzes/attempts/\d+/questions/\d+/"
        started = [local(h["Location"]) for h, _page in b.together(*[request] * (2 if self.impatient else 1))]
        path = started[0]
        attempts = {int(re.search(r"/attempts/(\d+)/", target).group(1)) for target in started}
        with self.ledger.lock:
            self.ledger.starts.update((attempt, (self.username, course["quiz"])) for attempt in attempts)
        if len(attempts) > 1:
            b.stats.fault("quiz start (POST)", f"{self.username}: one double click, two attempts {sorted(attempts)}")
            raise Unexpected
        attempt = attempts.pop()
        total = len(course["questions"])
        right = total - self.rng.randint(0, 2) if strong else self.rng.randint(3, 5)
        right_ones = set(self.rng.sample(range(total), right))
        submit = rf"/quizzes/attempts/{attempt}/submit/"
        for position in range(total):
            _headers, page = b.request("question page", path, expect=b'class="question-form"')
            question = int(b.find(rb'name="question" value="(\d+)"', page, "question"))
            key = course["questions"].get(question)
            # The form's values are the attempt's tokens: the learner knows the answers by their text.
            pairs = re.findall(rb'name="choice" value="([0-9a-f]+)"(?: checked)?> ([^<]*)</label>', page)
            shown = [key["by_text"].get(html.unescape(text.decode())) for _token, text in pairs] if key else []
            if key is None or None in shown or sorted(shown) != key["answers"]:
                texts = [text.decode() for _token, text in pairs]
                b.stats.fault("question page", f"attempt {attempt}: question {question} shows choices {texts}")
                raise Unexpected
            token_of = {answer: token.decode() for answer, (token, _text) in zip(shown, pairs, strict=True)}
            choices = self.choose(key, correct=position in right_ones)
            self.think()
            tokens = [token_of[choice] for choice in choices]
            fields = {"csrfmiddlewaretoken": b.csrf(page), "question": question, "choice": tokens}
            autosave = b.find(rb'data-autosave-url="([^"]+)"', page, "autosave address")
            last = b'name="action" value="next"' not in page
            save = {"kind": "answer autosave (JSON)", "path": autosave, "method": "POST", "fields": fields}
            save["expect"] = b'"saved": true'
            press = {"kind": "answer + next (POST)", "path": path, "method": "POST", "status": 302}
            press["fields"] = {**fields, "action": "finish" if last else "next"}
            press["location"] = submit if last else rf"/quizzes/attempts/{attempt}/questions/\d+/"
            if self.impatient:
                _saved, (headers, _page) = b.together(save, press)
            else:
                b.request(**save)
                self.ledger.answer(attempt, question, choices)
                headers, _page = b.request(**press)
            self.ledger.answer(attempt, question, choices, saves=2 if self.impatient else 1)
            path = local(headers["Location"])
            if last:
                break
        else:
            b.stats.fault("question page", f"attempt {attempt}: more questions than the quiz has")
            raise Unexpected
        _headers, page = b.request("submit page", path)
        self.think()
        headers, _page = self.click("submit (POST)", path, page, location=rf"/quizzes/attempts/{attempt}/")
        # What the answers acknowledged last deserve; the course is complete once passed.
        answers = self.ledger.answers.get(attempt, {})
        deserved = sum(1 for q, c in answers.items() if c == course["questions"][q]["correct"])
        expected = "passed" if 100 * deserved / total >= PASS_MARK else "failed"
        with self.ledger.lock:
            self.ledger.submitted[attempt] = (deserved, expected)
            if expected == "passed":
                self.ledger.passed.add((self.username, course["id"]))
        _headers, page = b.request("result page", local(headers["Location"]), expect=b"result--")
        shown = b.find(rb'class="result result--(\w+)"', page, "result")
        if shown != expected:
            b.stats.fault("result page", f"attempt {attempt}: {shown}, expected {expected} ({deserved}/{total})")
            raise Unexpected
        self.think()
        return shown == "passed"

    def choose(self, key, correct):
        if correct:
            return key["correct"]
        if key["kind"] == "multiple":
            return key["correct"][:1]  # one of two: wrong, all or nothing
        return [self.rng.choice([a for a in key["answers"] if a not in key["correct"]])]


class HROfficer(User):
    """Opens Completion records, the staff and the certificates listings of the admin, and
    downloads the CSV and XLSX completion exports, again and again."""

    def work(self):
        from django.urls import reverse

        staff = reverse("wagtailsnippets_people_staffprofile:list")
        certificates = reverse("wagtailsnippets_certificates_certificate:list")
        b = self.browser
        while True:
            b.request("HR: completion records", "/admin/completion-records/", expect=b"/completion-records/export/csv/")
            self.think()
            b.request("HR: staff list", staff, expect=b'class="listing')
            self.think()
            b.request("HR: certificates list", certificates, expect=b'class="listing')
            self.think()
            _headers, content = b.request(
                "HR: export CSV", "/admin/completion-records/export/csv/", expect=b"\xef\xbb\xbf"
            )
            rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
            numbers = {row[-1] for row in rows[1:] if row and row[-1]}
            with self.ledger.lock:
                self.ledger.exports.append(("csv", len(rows) - 1, numbers))
            self.think()
            _headers, content = b.request("HR: export XLSX", "/admin/completion-records/export/xlsx/", expect=b"PK")
            with self.ledger.lock:
                self.ledger.exports.append(("xlsx", xlsx_rows(content), set()))
            self.think()


def xlsx_rows(content):
    """Data rows of the export: the rows below the header row."""
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(cell is not None for cell in row)]
    return len(rows) - 1


# Running ----------------------------------------------------------------------------------


class LoadSampler(threading.Thread):
    def __init__(self, stop):
        super().__init__(daemon=True)
        self.stop, self.samples = stop, []

    def run(self):
        while not self.stop.wait(2):
            self.samples.append(os.getloadavg()[0])


def server_cpu(masters, workers, database):
    """CPU seconds so far of each server process: gunicorn workers, db_workers, and the
    PostgreSQL backends of the database."""
    pids = [pid for master in masters for pid in child_pids(master)] + workers + database_backend_pids(database)
    return {pid: seconds for pid in pids if (seconds := process_cpu_seconds(pid)) is not None}


def run_load(ports, usernames, plan, args, stats, ledger):
    think = (args.think_min, args.think_max)
    begin = time.monotonic() + 1
    ramp = (len(usernames) - 1) / args.spawn_rate
    deadline = begin + ramp + args.duration
    users = [
        Learner(
            number,
            plan,
            name=name,
            ports=ports,
            stats=stats,
            ledger=ledger,
            start_at=begin + number / args.spawn_rate,
            deadline=deadline,
            think_range=think,
            seed=args.seed,
            first_server=number,
        )
        for number, name in enumerate(usernames)
    ]
    users.append(
        HROfficer(
            name=HR,
            ports=ports,
            stats=stats,
            ledger=ledger,
            start_at=begin,
            deadline=deadline,
            think_range=think,
            seed=0,
        )
    )
    log(
        f"load: {len(usernames)} learners started at {args.spawn_rate}/s ({ramp:.0f} s), then {args.duration} s; "
        f"1 HR officer exporting; think time {think[0]:g}–{think[1]:g} s; {len(ports)} server(s)"
    )
    for user in users:
        user.start()
    started = time.monotonic()
    for user in users:
        user.join(timeout=max(1.0, deadline - time.monotonic() + 120))
    stuck = [user.name for user in users if user.is_alive()]
    if stuck:
        stats.fault("client", f"{len(stuck)} users still busy 120 s after the end: {', '.join(stuck[:5])}")
    return time.monotonic() - started, ramp


def wait_for_tasks(timeout):
    """Until the task queue is empty (each worker has run what was queued); seconds waited."""
    from django.db import connections
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    while time.monotonic() - started < timeout:
        waiting = DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).count()
        if not waiting:
            break
        time.sleep(1)
    connections.close_all()
    return time.monotonic() - started


# The shared cache -------------------------------------------------------------------------


@contextlib.contextmanager
def shared_cache(use_redis):
    """Points this process and the servers it starts at Redis (``REDIS_URL``), under a key prefix
    of this run's own, ``lms-load-<pid>``; at the end removes the keys under that prefix (and only
    those). Yields a dict describing the cache, with ``removed`` filled in at the end. Without
    ``use_redis``: each server process has its own local-memory cache (the embedded default)."""
    if not use_redis:
        os.environ.pop("REDIS_URL", None)
        yield {"redis": False}
        return
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=10)
    try:
        client.ping()
        version = client.info("server")["redis_version"]
    except (redis.RedisError, OSError) as error:
        raise SystemExit(
            f"No Redis answers at {REDIS_URL} ({type(error).__name__}: {error}).\n"
            "bench/load.py runs the deployment: two app servers sharing PostgreSQL and a Redis cache. Start Redis "
            "on 127.0.0.1:6379 (Debian: apt-get install redis-server, then redis-server --daemonize yes), or run "
            "with --no-redis to measure without a shared cache (figures that are not the deployment's)."
        ) from error
    prefix = f"lms-load-{os.getpid()}"
    os.environ.update(REDIS_URL=REDIS_URL, CACHE_KEY_PREFIX=prefix)
    info = {"redis": True, "url": REDIS_URL, "prefix": prefix, "version": version, "removed": None}
    log(f"cache: Redis {version} at {REDIS_URL}, key prefix {prefix}")
    try:
        yield info
    finally:
        removed, batch = 0, []
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 500:
                removed += client.unlink(*batch)
                batch = []
        if batch:
            removed += client.unlink(*batch)
        info["removed"] = removed
        log(f"removed the run's {removed} keys ({prefix}:*) from Redis")


def redis_cpu_seconds():
    """CPU seconds so far of the redis-server processes on this machine (None when there is none)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                if Path(f"/proc/{entry}/comm").read_text().strip() == "redis-server":
                    pids.append(int(entry))
    times = [t for pid in pids if (t := process_cpu_seconds(pid)) is not None]
    return sum(times) if times else None


# The servers share state ------------------------------------------------------------------


class Client:
    """One person's cookies, sending each request to the server named."""

    def __init__(self):
        self.jar = {}

    def send(self, port, path, method="GET", fields=None):
        headers = {"Cookie": cookie_header(self.jar)} if self.jar else {}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True)
            headers["Content-Type"] = FORM
        status, response_headers, content = get(port, path, method, body, headers)
        merge_cookies(self.jar, response_headers)
        return status, local(response_headers.get("Location", "")), content

    def post(self, port, path, page, fields=None):
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.send(
            port, path, "POST", {"csrfmiddlewaretoken": token.group(1).decode() if token else ""} | (fields or {})
        )


def shared_state(ports, plan, username):
    """What one server does, the other sees at once: [(check, detail, ok)]. Server A is the
    first, B the last (with one server, two requests to it may still reach two of its worker
    processes). Before each change B shows the page several times, so that every one of its
    worker processes would hold the old page if the cache were its own."""
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.cache import cache

    from courses.models import LessonPage

    a, b = ports[0], ports[-1]
    checks = []
    person = Client()
    course = plan[0]

    def check(name, ok, detail):
        checks.append((name, detail, bool(ok)))
        return ok

    def warm(path, times=8):
        for _ in range(times):
            person.send(b, path)

    def signed_in(content):
        return b'action="/accounts/logout/"' in content

    status, _target, page = person.send(a, "/accounts/login/")
    fields = {"username": username, "password": PASSWORD, "next": ""}
    status, target, _page = person.post(a, "/accounts/login/", page, fields)
    session = person.jar.get("sessionid", "")
    if not check("logs in through server A", status == 302 and session, f"{status} → {target or '-'}"):
        return checks
    in_cache = cache.has_key(SessionStore(session_key=session).cache_key)
    check("the session is in the shared cache", in_cache, "found" if in_cache else "not in this process's cache")
    # Without its database row, only a shared cache can tell server B who this is.
    # (A server that does not know it answers as to a stranger and clears the cookie: the row and
    # the cookie are put back, so that the checks below still run.)
    row, jar = Session.objects.get(session_key=session), dict(person.jar)
    row.delete()
    try:
        status, target, page = person.send(b, "/learning/")
    finally:
        row.session_key = session  # delete() cleared it
        row.save(force_insert=True)
        person.jar = jar
    check(
        "server B knows the session from the cache alone (its row deleted meanwhile)",
        status == 200 and signed_in(page),
        f"GET /learning/ on B: {status}"
        + (f" → {target}" if target else "")
        + ("" if signed_in(page) else ", anonymous"),
    )

    # Progress: enrol and mark a lesson done on A, the course page on B shows it.
    status, _target, page = person.send(a, course["path"])
    enrol = re.search(rb'action="(/learning/courses/\d+/enrol/)"', page)
    detail = f"course page {status}" + ("" if signed_in(page) else ", anonymous")
    if not check("enrols through server A", enrol, detail):
        return checks
    status, first_lesson, _page = person.post(a, enrol.group(1).decode(), page)
    warm(course["path"])
    _status, _target, page = person.send(b, course["path"])
    before = page.count(b'<li class="done">')
    _status, _target, page = person.send(a, first_lesson)
    status, _target, _page = person.post(a, f"/learning/lessons/{course['lessons'][0]}/done/", page)
    _status, _target, page = person.send(b, course["path"])
    after = page.count(b'<li class="done">')
    check(
        "a lesson marked done on A is done on B's course page at once",
        status == 302 and (before, after) == (0, 1),
        f"lessons done on B's course page: {before} before, {after} after",
    )

    # Publishing: a lesson's new title, published here (a third process), on both servers at once.
    lesson_path = course["lesson_paths"][-1]
    warm(lesson_path)
    warm(course["path"])
    lesson = LessonPage.objects.get(pk=course["lessons"][-1])
    title = f"{lesson.title} (sửa lúc {time.strftime('%H:%M:%S')})"
    lesson.title = title
    lesson.save_revision().publish()
    shown = html.escape(title).encode()
    seen = []
    for server, label in ((b, "B"), (a, "A")):
        for path, where in ((lesson_path, "lesson page"), (course["path"], "course outline")):
            status, _target, page = person.send(server, path)
            seen.append(f"{where} on {label}: {'new title' if status == 200 and shown in page else f'{status}, old'}")
    check(
        "a lesson's title published here is on both servers' pages at once",
        all("new title" in s for s in seen),
        "; ".join(seen),
    )

    # Ending the session on B ends it on A.
    _status, _target, page = person.send(b, "/learning/")
    status, _target, _page = person.post(b, "/accounts/logout/", page)
    status, target, page = person.send(a, "/learning/")
    check(
        "logged out through B: A no longer knows the session",
        status == 302 and target.startswith("/accounts/login/"),
        f"GET /learning/ on A: {status}" + (f" → {target}" if target else ""),
    )
    return checks


# Checking the database --------------------------------------------------------------------


def verify(ledger, plan, usernames, tasks):
    """[(check, expected, found, ok)] comparing the database with what the clients were told."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from certificates.models import Certificate
    from courses.models import Enrolment, LessonCompletion
    from people.models import AuditEntry
    from quizzes.models import Attempt, Response
    from reports.records import EXPORT_KIND

    users = dict(get_user_model().objects.filter(username__in=usernames).values_list("pk", "username"))
    quizzes = {course["quiz"] for course in plan}
    totals = {course["quiz"]: len(course["questions"]) for course in plan}
    checks = []

    def check(name, expected, found, ok=None):
        checks.append((name, expected, found, expected == found if ok is None else ok))

    # Answers: every acknowledged answer stored, once, holding the choice last acknowledged.
    expected = {(a, q): c for a, answers in ledger.answers.items() for q, c in answers.items()}
    stored = {
        (r.attempt_id, r.question_id): sorted(r.selected_ids)
        for r in Response.objects.filter(attempt__user_id__in=users, attempt__quiz_id__in=quizzes)
    }
    doubled = (
        Response.objects.filter(attempt__user_id__in=users)
        .values("attempt", "question")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    lost = [key for key in expected if key not in stored]
    wrong = [key for key in expected if key in stored and stored[key] != expected[key]]
    extra = [key for key in stored if key not in expected]
    check("answers stored (one per attempt and question answered)", len(expected), len(stored))
    check("answers lost (acknowledged, not stored)", 0, len(lost))
    check("answers holding another choice than the last acknowledged", 0, len(wrong))
    check("answers stored that no client was told of", 0, len(extra))
    check("answers stored twice", 0, doubled)

    # Attempts: one per start; submitted ones scored as their answers deserve.
    attempts = {a.pk: a for a in Attempt.objects.filter(user_id__in=users, quiz_id__in=quizzes)}
    check("attempts (one sitting per start)", len(ledger.starts), len(attempts))
    check(
        "attempts started that the database does not hold, or held that no start returned",
        0,
        len(set(ledger.starts) ^ set(attempts)),
    )
    numbering = defaultdict(list)
    for attempt in attempts.values():
        numbering[(attempt.user_id, attempt.quiz_id)].append(attempt.number)
    check(
        "learner-quiz pairs whose attempts are not numbered 1..n",
        0,
        sum(sorted(numbers) != list(range(1, len(numbers) + 1)) for numbers in numbering.values()),
    )
    open_pairs = Counter((a.user_id, a.quiz_id) for a in attempts.values() if a.submitted_at is None)
    check("learner-quiz pairs with two open attempts", 0, sum(n > 1 for n in open_pairs.values()))
    misscored = []
    for pk, (deserved, status) in ledger.submitted.items():
        attempt = attempts.get(pk)
        if (
            attempt is None
            or attempt.submitted_at is None
            or attempt.score != deserved
            or attempt.max_score != totals[attempt.quiz_id]
            or attempt.status != status
        ):
            misscored.append(pk)
    check("attempts submitted", len(ledger.submitted), sum(a.submitted_at is not None for a in attempts.values()))
    check("attempts submitted with another score or status than deserved", 0, len(misscored))

    # Lessons and enrolments.
    done = {
        (users[e], lesson)
        for e, lesson in LessonCompletion.objects.filter(enrolment__user_id__in=users).values_list(
            "enrolment__user_id", "lesson_id"
        )
    }
    check("lessons marked done (recorded once each)", len(ledger.lessons_done), len(done))
    check("lessons marked done and not recorded, or recorded and not marked", 0, len(done ^ ledger.lessons_done))
    courses = [course["id"] for course in plan]
    enrolments = {
        (users[e.user_id], e.course_id): e for e in Enrolment.objects.filter(user_id__in=users, course_id__in=courses)
    }
    check("enrolments (one per learner and course enrolled)", len(ledger.enrolled), len(enrolments))
    completed = {key for key, e in enrolments.items() if e.completed_at is not None}
    check("courses completed (= passed, every lesson done)", len(ledger.passed), len(completed))
    check("courses passed and not completed, or completed and not passed", 0, len(completed ^ ledger.passed))

    # Certificates: exactly one valid one per completed course, numbers unique, PDF rendered.
    certificates = list(Certificate.objects.filter(user_id__in=users))
    valid = [c for c in certificates if c.status == Certificate.Status.VALID]
    per_course = Counter((users[c.user_id], c.course_id) for c in valid)
    check("valid certificates (one per completed course)", len(completed), len(valid))
    check("completed courses without a valid certificate", 0, len(completed - set(per_course)))
    check("learner-course pairs with two or more certificates", 0, sum(n > 1 for n in per_course.values()))
    check("certificates of courses not completed", 0, len(set(per_course) - completed))
    # Numbers start afresh each year (the official form carries no year): unique within a year.
    every = list(Certificate.objects.values_list("year", "number"))
    check("certificate numbers used twice in a year (all certificates)", 0, len(every) - len(set(every)))

    def is_pdf(name):
        path = Path(settings.MEDIA_ROOT) / name
        return bool(name) and path.is_file() and path.read_bytes()[:5] == b"%PDF-"

    rendered = [c for c in valid if is_pdf(c.pdf.name)]
    check(f"certificates with their PDF rendered and stored ({tasks} backend)", len(valid), len(rendered))
    check(
        "certificates delivered (rendered and e-mailed, no delivery error)",
        len(valid),
        sum(c.delivered_at is not None and not c.delivery_error for c in valid),
    )
    referenced = {c.pdf.name for c in Certificate.objects.exclude(pdf="")}
    folder = Path(settings.MEDIA_ROOT) / "certificates"
    files = {str(p.relative_to(settings.MEDIA_ROOT)) for p in folder.rglob("*.pdf")} if folder.exists() else set()
    orphans = len(files - referenced)  # rendered twice (a download and the worker at once): harmless
    task_failures = []
    if tasks == "db":
        from django_tasks import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        ids = {c.pk for c in valid}
        delivered = Counter(
            args_kwargs["args"][0]
            for args_kwargs in DBTaskResult.objects.successful()
            .filter(task_path="certificates.tasks.deliver_certificate", return_value="delivered")
            .values_list("args_kwargs", flat=True)
            if args_kwargs["args"][0] in ids
        )
        check("certificates delivered by exactly one task", len(valid), sum(n == 1 for n in delivered.values()))
        results = Counter(DBTaskResult.objects.values_list("status", flat=True))
        for failure in DBTaskResult.objects.failed()[:3]:
            task_failures.append(f"task {failure.task_path} failed: {failure.traceback[-600:]}")
        check("tasks failed (any: deliveries, Wagtail's reference index)", 0, results.get(TaskResultStatus.FAILED, 0))
        check(
            "tasks still queued or running",
            0,
            results.get(TaskResultStatus.READY, 0) + results.get(TaskResultStatus.RUNNING, 0),
        )

    # Exports: one log entry per download, with the rows of the file received.
    log_entries = list(
        AuditEntry.objects.filter(user__username=HR, action=AuditEntry.Action.EXPORT, kind=EXPORT_KIND)
        .order_by("created_at", "pk")
        .values_list("file_format", "rows")
    )
    check("HR exports logged (one entry per download)", len(ledger.exports), len(log_entries))
    check(
        "export log entries whose row count differs from the file received",
        0,
        sum(entry != (fmt, rows) for entry, (fmt, rows, _numbers) in zip(log_entries, ledger.exports, strict=False)),
    )
    numbers = {c.number for c in Certificate.objects.valid()}
    check(
        "certificate numbers in the CSV exports that are not valid certificates",
        0,
        len(set().union(*(n for _f, _r, n in ledger.exports)) - numbers),
    )
    return checks, {
        "acknowledged": ledger.acknowledged,
        "attempts": Counter(a.status for a in attempts.values()),
        "numbers": [c.number for c in sorted(valid, key=lambda c: (c.year, c.sequence))],
        "downloads": len(ledger.certificate_downloads),
        "orphan_pdfs": orphans,
        "task_failures": task_failures,
    }


# Report -----------------------------------------------------------------------------------


def kind_table(stats, elapsed):
    """The table per page kind, and {kind: figures}."""
    rows = [("page", "requests", "req/s", "p50 ms", "p95 ms", "max ms", "errors", "p95 goal", "")]
    everything, per_kind = [], {}
    kinds = KINDS + sorted(set(stats.latencies) - set(KINDS))
    for kind in kinds:
        latencies = sorted(stats.latencies.get(kind, []))
        if not latencies:
            continue
        everything += latencies
        p95, goal = percentile(latencies, 95) * 1000, p95_goal(kind)
        per_kind[kind] = {
            "requests": len(latencies),
            "p50_ms": percentile(latencies, 50) * 1000,
            "p95_ms": p95,
            "max_ms": latencies[-1] * 1000,
            "errors": stats.errors[kind],
            "goal_ms": goal,
        }
        rows.append(
            (
                kind,
                f"{len(latencies)}",
                f"{len(latencies) / elapsed:.2f}",
                f"{percentile(latencies, 50) * 1000:.0f}",
                f"{p95:.0f}",
                f"{latencies[-1] * 1000:.0f}",
                f"{stats.errors[kind]}",
                "-" if goal is None else f"< {goal}",
                "" if goal is None else ("met" if p95 < goal else "MISS"),
            )
        )
    everything.sort()
    rows.append(
        (
            "all requests",
            f"{len(everything)}",
            f"{len(everything) / elapsed:.1f}",
            f"{percentile(everything, 50) * 1000:.0f}",
            f"{percentile(everything, 95) * 1000:.0f}",
            f"{everything[-1] * 1000:.0f}",
            f"{sum(stats.errors.values())}",
            "",
            "",
        )
    )
    return markdown_table(rows), per_kind


def goals(per_kind, errors, checks, shared):
    """The goals of issue 15, "Under load": [(goal, found, met)]."""

    def latency(goal, kinds, limit):
        measured = {kind: per_kind[kind] for kind in kinds if kind in per_kind}
        if not measured:
            return (goal, "not measured", False)
        missed = sorted((k for k, v in measured.items() if v["p95_ms"] >= limit), key=lambda k: -measured[k]["p95_ms"])
        worst = max(measured, key=lambda k: measured[k]["p95_ms"])
        if missed:
            found = "over: " + ", ".join(f"{k} {measured[k]['p95_ms']:.0f} ms" for k in missed)
        else:
            found = f"highest: {worst} {measured[worst]['p95_ms']:.0f} ms"
        if len(measured) == 1:
            found = f"{measured[worst]['p95_ms']:.0f} ms ({measured[worst]['requests']} requests)"
        elif kinds == HR_LISTINGS:
            found += f" (requests: {', '.join(str(v['requests']) for v in measured.values())})"
        return (goal, found, not missed)

    learner_kinds = [k for k in KINDS if p95_goal(k) == LEARNER_P95_MS and k != "login (POST)"]
    failed = [name for name, _expected, _found, ok in checks if not ok]
    shared_failed = [name for name, _detail, ok in shared if not ok]
    return [
        latency(
            f"every learner page p95 < {LEARNER_P95_MS} ms ({len(learner_kinds)} kinds)", learner_kinds, LEARNER_P95_MS
        ),
        latency(f"login POST p95 < {LOGIN_P95_MS} ms", ["login (POST)"], LOGIN_P95_MS),
        latency(f"HR listings p95 < {HR_LISTING_P95_MS} ms", HR_LISTINGS, HR_LISTING_P95_MS),
        ("zero request errors", f"{errors}", errors == 0),
        ("every database check holds", f"{len(checks) - len(failed)} of {len(checks)}", not failed),
        (
            "the servers share state (sessions, progress, publishing)",
            f"{len(shared) - len(shared_failed)} of {len(shared)} checks",
            bool(shared) and not shared_failed,
        ),
    ]


def check_table(checks):
    rows = [("database check", "expected", "found", "")]
    rows += [(name, str(expected), str(found), "ok" if ok else "FAIL") for name, expected, found, ok in checks]
    return markdown_table(rows)


def report(args, run, stats, checks, facts, shared, cache_info, ports):
    """The summary for stdout; returns (text, exit status)."""
    table, per_kind = kind_table(stats, run["elapsed"])
    errors = sum(stats.errors.values())
    failed = [name for name, _expected, _found, ok in checks if not ok]
    shared_failed = [name for name, _detail, ok in shared if not ok]
    requests = sum(len(v) for v in stats.latencies.values())
    loads = run["load_samples"] or [run["load_before"]]
    tasks = (
        f"django-tasks-db, a db_worker per server; queue empty {run['drained']:.0f} s after the load"
        if args.tasks == "db"
        else "immediate backend: rendered in the request that completes the course"
    )
    if cache_info["redis"]:
        cache_line = (
            f"cache: Redis {cache_info['version']} at {cache_info['url']}, shared by every server process, key "
            f"prefix {cache_info['prefix']} ({cache_info['removed']} keys removed at the end); sessions cached_db"
        )
    else:
        cache_line = (
            "cache: NO shared cache (--no-redis): each server process has its own local-memory cache, as `make run`; "
            "these figures are not the deployment's (docs/DEPLOY.md runs Redis)"
        )
    redis_cpu = run.get("redis_cpu")
    lines = [
        f"{time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores ({cpu_model()}); client, servers, PostgreSQL "
        "and Redis on the same machine",
        f"{args.servers} gunicorn server(s) × {args.workers} sync workers on one PostgreSQL database; learner n's "
        f"request i goes to server (n + i) % {args.servers}; certificate delivery: {tasks}",
        cache_line,
        f"{args.learners} learners started at {args.spawn_rate:g}/s ({run['ramp']:.0f} s), then {args.duration} s "
        f"of load: {run['elapsed']:.0f} s in all; think time uniform {args.think_min:g}–{args.think_max:g} s after "
        f"every page (as locust's wait_time = between({args.think_min:g}, {args.think_max:g})); redirects followed "
        "at once; 1 HR officer opening the completion records, staff and certificates listings and downloading "
        "the CSV and XLSX completion exports throughout",
        f"1-minute load average {run['load_before']:.2f} before, {min(loads):.2f}–{max(loads):.2f} during, "
        f"{run['load_after']:.2f} after (other work on the machine slows every request)",
        f"server CPU {run['server_cpu']:.0f} s (gunicorn workers, db_workers, PostgreSQL backends): "
        f"{1000 * run['server_cpu'] / max(requests, 1):.1f} ms per request, "
        f"{100 * run['server_cpu'] / run['elapsed'] / os.cpu_count():.0f} % of the machine; "
        + (f"redis-server {redis_cpu:.1f} s (with any other user of it); " if redis_cpu is not None else "")
        + f"the load client {run['client_cpu']:.0f} s",
        "",
        *table,
        "",
        *(
            f"server on port {port}: {len(v)} requests, p50 {percentile(sorted(v), 50) * 1000:.0f} ms, "
            f"p95 {percentile(sorted(v), 95) * 1000:.0f} ms"
            for port, v in sorted(stats.by_server.items())
            if args.servers > 1
        ),
    ]
    if stats.error_samples:
        lines += ["", "errors (the first ones):", *(f"  {sample}" for sample in stats.error_samples)]
    status = facts["attempts"]
    numbers = facts["numbers"]
    lines += [
        "",
        *check_table(checks),
        "",
        f"{facts['acknowledged']} answer saves acknowledged (autosave and form); attempts: "
        f"{status.get('passed', 0)} passed, {status.get('failed', 0)} failed, {status.get('in_progress', 0)} still "
        f"open when the load stopped; {len(numbers)} certificates issued"
        + (f" ({numbers[0]} … {numbers[-1]})" if numbers else "")
        + f", {facts['downloads']} downloaded by their learners; {facts['orphan_pdfs']} PDF file(s) rendered twice "
        "(a download and the worker at the same moment; the record keeps one)",
        *facts["task_failures"],
        "",
        f"the servers share state (checked before the load; A = port {ports[0]}, B = port {ports[-1]}):",
        *(f"  {'ok  ' if ok else 'FAIL'}  {name}: {detail}" for name, detail, ok in shared),
        "",
        "goals (issue 15, under load):",
    ]
    results = goals(per_kind, errors, checks, shared)
    lines += [f"  {'met    ' if met else 'NOT met'}  {goal}: {found}" for goal, found, met in results]
    if cache_info["redis"] is False:
        lines.append("  (no shared cache: these are not the deployment's figures)")
    # Correctness fails the run; a latency goal only with --check. Without a shared cache the
    # servers are not expected to share state.
    broken = bool(errors or failed or (shared_failed and cache_info["redis"]))
    missed = [goal for goal, _found, met in results if not met]
    lines += [
        "",
        ("FAIL" if broken else "PASS")
        + f": {errors} request errors, {len(failed)} failed database checks"
        + (f" ({'; '.join(failed)})" if failed else "")
        + f", {len(shared_failed)} failed shared-state checks; {len(missed)} goal(s) not met"
        + ("" if broken or args.check or not missed else " (exit status 0 without --check)"),
    ]
    return "\n".join(lines), 1 if broken or (args.check and missed) else 0


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "?"


# Main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--servers", type=int, default=2, help="app servers sharing the database and Redis (default 2)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers per server (default 5)")
    parser.add_argument("--learners", type=int, default=100, help="simulated learners (default 100)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load after the last learner started")
    parser.add_argument("--spawn-rate", type=float, default=2, help="learners started per second (default 2)")
    parser.add_argument("--think-min", type=float, default=1.0, help="think time between actions, from (s)")
    parser.add_argument("--think-max", type=float, default=3.0, help="think time between actions, to (s)")
    parser.add_argument(
        "--tasks",
        choices=["db", "immediate"],
        default="db" if importlib.util.find_spec("django_tasks_db") else "immediate",
        help="certificate delivery: django-tasks-db with a db_worker per server (default when installed), "
        "or the immediate backend (in the request)",
    )
    parser.add_argument("--seed", type=int, default=2030, help="the simulated users' random seed")
    parser.add_argument(
        "--no-redis",
        action="store_true",
        help="no shared cache: each server process its own local-memory cache (not the deployment's figures)",
    )
    parser.add_argument("--check", action="store_true", help="exit status 1 also when a goal is not met")
    args = parser.parse_args()
    if not 1 <= args.servers <= 4 or not 1 <= args.workers <= 16 or not 1 <= args.learners <= 500:
        parser.error("keep --servers 1..4, --workers 1..16 and --learners 1..500")
    if not 1 <= args.duration <= 600 or not 0 < args.think_min <= args.think_max <= 30 or args.spawn_rate <= 0:
        parser.error("keep --duration 1..600 s, 0 < --think-min <= --think-max <= 30 and --spawn-rate > 0")
    if args.tasks == "db":
        if importlib.util.find_spec("django_tasks_db") is None:
            parser.error("--tasks db needs django-tasks-db: .venv/bin/pip install django-tasks-db==0.13.0")
        os.environ["BENCH_TASKS"] = "db"  # read by bench.settings, here and in the servers

    stats, ledger, run = Stats(), Ledger(), {}
    with shared_cache(not args.no_redis) as cache_info, bench_database(f"lms_bench_load_{os.getpid()}") as database:
        plan, usernames, checker = prepare_data(args.learners)
        from django.db import connections

        connections.close_all()
        ports = [free_port() for _ in range(args.servers)]
        with contextlib.ExitStack() as stack:
            masters = [stack.enter_context(gunicorn(port, args.workers)).pid for port in ports]
            workers = []
            if args.tasks == "db":
                workers = [stack.enter_context(db_worker(f"load-{n}")).pid for n in range(args.servers)]
                # What setting up queued (Wagtail's reference index) runs before the load.
                log(f"task queue empty after {wait_for_tasks(timeout=300):.0f} s")
            log("checking that the servers share state ...")
            shared = shared_state(ports, plan, checker)
            connections.close_all()
            stop = threading.Event()
            sampler = LoadSampler(stop)
            sampler.start()
            run["load_before"] = os.getloadavg()[0]
            cpu_before = server_cpu(masters, workers, database)
            redis_before = redis_cpu_seconds()
            client_before = sum(os.times()[:2])
            run["elapsed"], run["ramp"] = run_load(ports, usernames, plan, args, stats, ledger)
            run["client_cpu"] = sum(os.times()[:2]) - client_before
            cpu_after = server_cpu(masters, workers, database)
            redis_after = redis_cpu_seconds()
            run["redis_cpu"] = None if None in (redis_before, redis_after) else redis_after - redis_before
            stop.set()
            run["load_after"], run["load_samples"] = os.getloadavg()[0], sampler.samples
            run["drained"] = wait_for_tasks(timeout=300) if args.tasks == "db" else 0.0
        run["server_cpu"] = sum(after - cpu_before.get(pid, 0.0) for pid, after in cpu_after.items())
        log("checking the database ...")
        checks, facts = verify(ledger, plan, usernames, args.tasks)
        connections.close_all()

    text, status = report(args, run, stats, checks, facts, shared, cache_info, ports)
    print("\n" + text)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    _table, per_kind = kind_table(stats, run["elapsed"])
    (out / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json").write_text(
        json.dumps(
            {
                "args": vars(args),
                "run": run,
                "per_kind": per_kind,
                "errors": stats.error_samples,
                "checks": checks,
                "shared_state": shared,
                "cache": cache_info,
                "exit_status": status,
            },
            indent=2,
            default=str,
        )
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
