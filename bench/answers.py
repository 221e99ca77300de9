#!/usr/bin/env python
"""Quiz answer benchmark: answers saved per second by logged-in learners, against a minimal
authenticated POST that validates a form and writes one row, in the same server and run.

    .venv/bin/python bench/answers.py            # or: make bench-answers
    .venv/bin/python bench/answers.py --profile  # queries and time per save, in-process, no server

What it does, all on this machine (loopback only):

1. creates a fresh PostgreSQL database ``lms_bench_answers_<pid>`` on 127.0.0.1:5432 (user
   postgres), runs ``migrate`` and ``seed_demo --force`` in it, and adds a benchmark quiz (20
   single-choice questions of 4 answers, no time limit, unlimited attempts, feedback at the end
   unless ``--feedback each_question``) through the ORM;
2. starts gunicorn (2 sync workers) on a free loopback port with ``bench.settings``;
3. logs 8 demo staff accounts in through the login form, and each starts an attempt at the quiz
   through ``POST /quizzes/<id>/start/``; checks that a valid answer is saved (200) and that a
   choice of another question, an answer's id instead of its token, a question outside the attempt,
   another learner's attempt and a POST without the CSRF token are refused (400, 400, 400, 404,
   403), and the same for the baseline;
4. load, the same client and concurrency for both rows, in ``--rounds`` rounds after a warm-up:
   ``POST /quizzes/attempts/<id>/answer/`` (``question`` + ``choice``, the learner's session
   cookie and ``X-CSRFToken``), taking the 8 learners in turn, and for each learner the 20
   questions in turn and 3 of each question's 4 answers in turn, so every request really saves
   (``update_or_create`` of a ``Response``); the baseline is ``POST /bench/save/``
   (``bench.urls.save_value``: ``login_required``, a two-integer form, one ``update_or_create``
   of a ``bench.minimal.BenchAnswer`` row) with the same learners, cookies and turns;
5. fails on any non-2xx answer (or a 2xx without ``"saved": true``); after the load, checks the
   database: one ``Response`` per (attempt, question) posted and no other, each holding one of the
   choices posted for it (the last one sent, or the one before when the last was still in flight
   when the client stopped), saved during the load, the attempts still open; the same for the
   baseline rows;
6. prints answers/s and baseline requests/s (median over rounds), p50 and p95 of the median
   round, the ratio answers ÷ baseline taken within each round (median and range), the server
   CPU time per request (gunicorn workers + their PostgreSQL backends, from /proc), and the
   queries of one save of each; stops gunicorn and drops the database, also on failure.

The client is ``wrk`` when it is installed (a Lua table of the requests, sent in turn), else a
Python client (threads with ``http.client``); ``--client`` chooses. Results are also written as
JSON to ``bench/results/``. See docs/BENCHMARKS.md.
"""

import argparse
import json
import os
import re
import secrets
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
    recording_queries,
    short_sql,
    summarize,
)

GOAL = 0.5  # answers/s at least this fraction of the baseline's requests/s
ANSWERS, BASELINE = "quiz answer (save_answer)", "minimal authenticated POST"
LEARNERS, QUESTIONS, ANSWERS_PER_QUESTION = 8, 20, 4
CHOICES_POSTED = 3  # of each question's 4 answers; the 4th is never sent, so finding it stored is a mix-up
QUIZ_TITLE = "Benchmark quiz (bench/answers.py)"
EXPECT = '"saved": true'
FORM = "application/x-www-form-urlencoded"


# Data -------------------------------------------------------------------------------------


def prepare_data(feedback):
    """Migrate, seed the demo data, add the benchmark quiz; return (quiz id, usernames)."""
    migrate_and_seed()
    from django.contrib.auth import get_user_model
    from django.db.models import Case, Value, When

    from quizzes.models import Answer, Question, Quiz, QuizQuestion

    quiz = Quiz(
        title=QUIZ_TITLE,
        description="Created by bench/answers.py.",
        feedback=feedback,
        attempts_allowed=0,
        time_limit_minutes=None,
        pass_mark=70,
    )
    quiz.full_clean()
    quiz.save()
    for number in range(1, QUESTIONS + 1):
        question = Question.objects.create(kind=Question.Kind.SINGLE, content=f"Câu hỏi kiểm thử tải số {number}?")
        Answer.objects.bulk_create(
            Answer(question=question, content=f"Phương án {letter}", correct=letter == "A", sort_order=i)
            for i, letter in enumerate("ABCD"[:ANSWERS_PER_QUESTION])
        )
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=number)

    # Demo staff accounts (the README's learner first); not the administrator, trainer or HR.
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, staff_profile__isnull=False)
        .exclude(username__in=["admin", "trainer", "hr"])
        .order_by(Case(When(username="learner", then=Value(0)), default=Value(1)), "username")
    )
    usernames = list(users.values_list("username", flat=True)[: LEARNERS + 1])
    if len(usernames) <= LEARNERS:
        raise SystemExit(f"Only {len(usernames)} demo staff accounts; {LEARNERS + 1} needed.")
    return quiz.pk, usernames  # the last one is kept out of the load, for the in-process query counts


def attempt_tokens(attempt):
    """``{question id: [the attempt's token of each answer, by answer id]}`` and ``{token: answer
    id}``: what the learner's page posts as ``choice`` (``Attempt.choice_token``), and back."""
    from quizzes.models import Answer

    answers, answer_of = {}, {}
    rows = Answer.objects.filter(question_id__in=attempt.question_ids).order_by("pk").values_list("question_id", "pk")
    for question_id, answer_id in rows:
        token = attempt.choice_token(question_id, answer_id)
        answers.setdefault(question_id, []).append(token)
        answer_of[token] = answer_id
    return answers, answer_of


def attempt_plan(attempt_ids):
    """Per attempt: its user, its questions in order, per question the tokens of its answers
    (by answer id, not in the order the learner sees), and the answer id of each token."""
    from quizzes.models import Attempt

    plan = {}
    for attempt in Attempt.objects.filter(pk__in=attempt_ids):
        answers, answer_of = attempt_tokens(attempt)
        plan[attempt.pk] = {
            "user_id": attempt.user_id,
            "questions": list(attempt.question_ids),
            "answers": answers,
            "answer_of": answer_of,
        }
    return plan


# The load ---------------------------------------------------------------------------------
# Entry i of either table: learner i % 8, that learner's question (i // 8) % 20, and of that
# question's answers the ((i // 160) % 3)-th. Both tables have the same turns, cookies and
# CSRF headers; the answer posts the question and the choice's token, the baseline posts the
# question's position as the slot and the choice's answer id as the value.


def entry(i, learners, plan):
    learner = learners[i % LEARNERS]
    attempt = plan[learner["attempt"]]
    slot = (i // LEARNERS) % QUESTIONS
    question = attempt["questions"][slot]
    choice = attempt["answers"][question][(i // (LEARNERS * QUESTIONS)) % CHOICES_POSTED]
    return learner, slot, question, choice


def request_tables(learners, plan):
    answers, baseline = [], []
    for i in range(LEARNERS * QUESTIONS * CHOICES_POSTED):
        learner, slot, question, choice = entry(i, learners, plan)
        headers = {"Cookie": learner["cookie"], "X-CSRFToken": learner["csrftoken"], "Content-Type": FORM}
        path = f"/quizzes/attempts/{learner['attempt']}/answer/"
        value = plan[learner["attempt"]]["answer_of"][choice]
        answers.append(("POST", path, headers, urllib.parse.urlencode({"question": question, "choice": choice})))
        baseline.append(("POST", "/bench/save/", headers, urllib.parse.urlencode({"slot": slot, "value": value})))
    return answers, baseline


def post(port, learner, path, fields, csrf=True):
    headers = {"Cookie": learner["cookie"], "Content-Type": FORM}
    if csrf:
        headers["X-CSRFToken"] = learner["csrftoken"]
    status, response_headers, body = get(port, path, "POST", urllib.parse.urlencode(fields, doseq=True), headers)
    return status, response_headers, body


def start_attempts(port, learners, quiz_id):
    """Each learner starts the quiz as the quiz page's button does."""
    for learner in learners:
        status, headers, _body = post(port, learner, f"/quizzes/{quiz_id}/start/", {})
        match = re.search(r"/quizzes/attempts/(\d+)/questions/1/$", headers.get("Location", ""))
        if status != 302 or not match:
            raise SystemExit(f"{learner['username']}: starting the quiz answered {status} {headers.get('Location')}")
        learner["attempt"] = int(match.group(1))
    if len({learner["attempt"] for learner in learners}) != len(learners):
        raise SystemExit("two learners got the same attempt")


def sanity_checks(port, learners, plan, sent):
    """Before the load: what must be saved is (200), what must not be is refused."""
    for i, learner in enumerate(learners):
        _learner, slot, question, choice = entry(i, learners, plan)
        path = f"/quizzes/attempts/{learner['attempt']}/answer/"
        status, _headers, body = post(port, learner, path, {"question": question, "choice": choice})
        if status != 200 or EXPECT.encode() not in body:
            raise SystemExit(f"{learner['username']}: a valid answer got {status} {body[:200]!r}")
        value = plan[learner["attempt"]]["answer_of"][choice]
        status, _headers, body = post(port, learner, "/bench/save/", {"slot": slot, "value": value})
        if status != 200 or EXPECT.encode() not in body:
            raise SystemExit(f"{learner['username']}: the baseline got {status} {body[:200]!r}")
    sent.append((ANSWERS, LEARNERS))
    sent.append((BASELINE, LEARNERS))

    first, second = learners[0], learners[1]
    attempt = plan[first["attempt"]]
    q1, q2 = attempt["questions"][:2]
    path = f"/quizzes/attempts/{first['attempt']}/answer/"
    outside = max(max(p["questions"]) for p in plan.values()) + 1000
    valid = {"question": q1, "choice": attempt["answers"][q1][0]}
    refused = [
        ("a choice of another question", first, path, {"question": q1, "choice": attempt["answers"][q2][0]}, 400),
        ("two choices of a single-choice question", first, path, {**valid, "choice": attempt["answers"][q1][:2]}, 400),
        (
            "an answer's id instead of its token",
            first,
            path,
            {**valid, "choice": attempt["answer_of"][valid["choice"]]},
            400,
        ),
        ("a question outside the attempt", first, path, {"question": outside, "choice": 1}, 400),
        ("another learner's attempt", second, path, valid, 404),
        ("no CSRF token", first, path, valid, 403),
        ("baseline: a value that is not a number", first, "/bench/save/", {"slot": 0, "value": "x"}, 400),
        ("baseline: no CSRF token", first, "/bench/save/", {"slot": 0, "value": 1}, 403),
    ]
    for label, learner, target, fields, expected in refused:
        status, _headers, body = post(port, learner, target, fields, csrf=expected != 403)
        if status != expected:
            raise SystemExit(f"{label}: {status}, expected {expected} ({body[:200]!r})")
        log(f"  refused as expected ({status}): {label}")


# Checking the database after the load -------------------------------------------------------


def verify(learners, plan, sent, load_started):
    """One row per (attempt, question) and (user, slot) posted, and none other; each holding a
    choice posted for it: the last one sent, or the one before (the last one may have been in
    flight when the client stopped); all saved during the load; the attempts still open."""
    from django.db import connections

    from bench.minimal.models import BenchAnswer
    from quizzes.models import Attempt, Response

    problems = []
    for name in (ANSWERS, BASELINE):
        runs = [issued for target, issued in sent if target == name]
        table = LEARNERS * QUESTIONS * CHOICES_POSTED
        covered = max(min(issued, table) for issued in runs)  # every run starts at entry 0
        last_issued = runs[-1]

        def key_of(i, name=name):
            learner, slot, question, choice = entry(i, learners, plan)
            key = (learner["attempt"], question) if name == ANSWERS else (plan[learner["attempt"]]["user_id"], slot)
            return key, plan[learner["attempt"]]["answer_of"][choice]

        expected = {}  # key → (choices posted, the last two sent in the final run)
        for i in range(covered):
            key, choice = key_of(i)
            expected.setdefault(key, (set(), []))[0].add(choice)
        for i in range(max(0, last_issued - 2 * LEARNERS * QUESTIONS), last_issued):  # each key twice
            key, choice = key_of(i)
            if key in expected:
                expected[key][1][:] = [*expected[key][1][-1:], choice]
        if name == ANSWERS:
            rows = {
                (r.attempt_id, r.question_id): r
                for r in Response.objects.filter(attempt__in=[learner["attempt"] for learner in learners])
            }
            values = {key: (r.selected_ids, r.saved_at) for key, r in rows.items()}
        else:
            rows = {(r.user_id, r.slot): r for r in BenchAnswer.objects.all()}
            values = {key: ([r.value], r.saved_at) for key, r in rows.items()}
        if len(rows) != len(expected) or set(rows) != set(expected):
            problems.append(f"{name}: {len(rows)} rows for {len(expected)} distinct pairs posted")
        in_last = 0
        for key, (selected, saved_at) in values.items():
            posted, finals = expected.get(key, (set(), []))
            if len(selected) != 1 or selected[0] not in posted:
                problems.append(f"{name} {key}: holds {selected}, posted {sorted(posted)}")
            elif finals and selected[0] not in finals:  # (no finals: a final run too short to reach it)
                problems.append(f"{name} {key}: holds {selected}, not one of the last choices sent {finals}")
            elif finals and selected[0] == finals[-1]:
                in_last += 1
            if saved_at < load_started:
                problems.append(f"{name} {key}: saved at {saved_at}, before the load")
        log(
            f"  {name}: {len(rows)} rows for {len(expected)} distinct pairs posted; each holds a choice posted for "
            f"it, {in_last} the last one sent and {len(rows) - in_last} the one before"
        )
    still_open = Attempt.objects.filter(pk__in=[learner["attempt"] for learner in learners], submitted_at=None).count()
    if still_open != len(learners):
        problems.append(f"only {still_open} of {len(learners)} attempts are still open")
    connections.close_all()
    if problems:
        raise SystemExit("the database does not hold what was posted:\n  " + "\n  ".join(problems[:20]))


# Profiling (in-process, no server) --------------------------------------------------------

COMPONENTS = [
    ("whole request (handler + middleware)", "django/core/handlers/base.py", "get_response"),
    ("session load (SessionStore.load)", "django/contrib/sessions/backends/db.py", "load"),
    ("user load (auth.get_user)", "django/contrib/auth/__init__.py", "get_user"),
    ("CSRF check (CsrfViewMiddleware.process_view)", "django/middleware/csrf.py", "process_view"),
    ("save_answer view", "quizzes/views.py", "save_answer"),
    ("  attempt lookup (_own_attempt)", "quizzes/views.py", "_own_attempt"),
    ("  Attempt.save_response", "quizzes/models.py", "save_response"),
    ("baseline view (save_value)", "bench/urls.py", "save_value"),
    ("  form validation (Form.full_clean)", "django/forms/forms.py", "full_clean"),
    ("update_or_create", "django/db/models/query.py", "update_or_create"),
    ("COMMIT (transaction.atomic exit)", "django/db/backends/base/base.py", "commit"),
    ("ORM: SQLCompiler.execute_sql (compile + run)", "django/db/models/sql/compiler.py", "execute_sql"),
    ("  of which database round trips", "django/db/backends/utils.py", "_execute"),
]


def in_process_client(username):
    """Django's test client as ``username``, with the CSRF check on (as in the server)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(SERVER_NAME="127.0.0.1", enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username=username))
    token = secrets.token_hex(16)  # a CSRF secret: the cookie, and unmasked in the header
    client.cookies["csrftoken"] = token
    return client, {"HTTP_X_CSRFTOKEN": token}


def in_process_calls(quiz_id, username):
    """(name, label, call) for an answer and a baseline save by ``username``, who starts an
    attempt at the quiz: each ``call()`` saves the next question in turn, so the first 20 calls
    insert and the ones after update (the load's steady state)."""
    from django.urls import reverse

    from quizzes.models import Attempt

    client, csrf = in_process_client(username)
    response = client.post(reverse("quizzes:start", args=[quiz_id]), **csrf)
    assert response.status_code == 302, response.status_code
    attempt_id = int(re.search(r"/attempts/(\d+)/", response["Location"]).group(1))
    attempt = Attempt.objects.get(pk=attempt_id)
    questions = attempt.question_ids
    answers, _answer_of = attempt_tokens(attempt)
    answer_path, save_path = reverse("quizzes:save_answer", args=[attempt_id]), reverse("bench_save")
    turn = {"answer": 0, "baseline": 0, "answer_first": 0, "baseline_first": 0}

    def answer_at(i):
        question = questions[i % QUESTIONS]
        response = client.post(
            answer_path, {"question": question, "choice": answers[question][(i // QUESTIONS) % CHOICES_POSTED]}, **csrf
        )
        assert response.status_code == 200, (response.status_code, response.content[:200])

    def baseline_at(i):
        response = client.post(save_path, {"slot": i % QUESTIONS, "value": i // QUESTIONS}, **csrf)
        assert response.status_code == 200, (response.status_code, response.content[:200])

    def advance(kind, at):
        def call():
            at(turn[kind])
            turn[kind] += 1

        return call

    return [
        (ANSWERS, f"POST {answer_path}", advance("answer", answer_at)),
        (BASELINE, f"POST {save_path}", advance("baseline", baseline_at)),
    ]


def queries_per_request(calls):
    """The queries of a first save (INSERT) and of a re-save (UPDATE), for each call."""
    counts = {}
    for name, _label, call in calls:
        with recording_queries() as first:
            call()  # the first question: nothing saved yet
        for _ in range(QUESTIONS):  # the rest, then the first again: a re-save
            call()
        with recording_queries() as again:
            call()
        counts[name] = (
            len([sql for sql, _origin in first if sql != "COMMIT"]),
            len([sql for sql, _origin in again if sql != "COMMIT"]),
            again,
        )
    return counts


def profile(quiz_id, usernames, requests):
    """In-process, with Django's test client as a learner (CSRF checks on): the queries of a
    first save and of a re-save, and where each comes from; time per request; cProfile shares."""
    calls = in_process_calls(quiz_id, usernames[-1])
    with recording_queries() as first_answer:
        calls[0][2]()
    with recording_queries() as first_baseline:
        calls[1][2]()
    for name, recorded in ((ANSWERS, first_answer), (BASELINE, first_baseline)):
        queries = [sql for sql, _origin in recorded if sql != "COMMIT"]
        print(f"\n=== {name}: first save of a question (INSERT): {len(queries)} queries")
        for number, (sql, origin) in enumerate(recorded, 1):
            print(f"  {number:>2}. [{origin}] {short_sql(sql)}")
    for _ in range(QUESTIONS):  # every question answered: what follows re-saves (UPDATE)
        calls[0][2]()
        calls[1][2]()
    print("\nRe-saves (the load's steady state):")
    for name, label, call in calls:
        profile_calls(name, label, call, COMPONENTS, requests)


# Report -----------------------------------------------------------------------------------


def report(results, queries):
    rows = [
        (
            "request",
            "req/s",
            "p50 ms",
            "p95 ms",
            "÷ baseline (range)",
            "server CPU ms/req",
            "÷ baseline by CPU",
            "queries (insert/update)",
            "requests",
            "non-2xx",
        )
    ]
    for name, r in results.items():
        ratio = r["vs_baseline"]
        rows.append(
            (
                name,
                f"{r['rps']:.1f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                f"{statistics.median(ratio):.3f} ({min(ratio):.2f}–{max(ratio):.2f})",
                f"{r['cpu_ms']:.2f}",
                f"{r['cpu_vs_baseline']:.3f}",
                f"{queries[name][0]}/{queries[name][1]}",
                f"{r['requests']}",
                f"{r['non2xx']}",
            )
        )
    lines = markdown_table(rows)
    ratio = statistics.median(results[ANSWERS]["vs_baseline"])
    by_cpu = results[ANSWERS]["cpu_vs_baseline"]
    lines.append("")
    lines.append(
        f"goal, answers/s ≥ {GOAL} of the minimal authenticated POST: by requests/s {ratio:.3f} "
        + ("met" if ratio >= GOAL else "NOT met")
        + f"; by server CPU per request {by_cpu:.3f} "
        + ("met" if by_cpu >= GOAL else "NOT met")
    )
    lines.append("(queries: without COMMIT; a first save of a question inserts, the load's steady state updates)")
    return "\n".join(lines), by_cpu >= GOAL


# Main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", choices=["wrk", "python"], default=default_client())
    parser.add_argument("--concurrency", type=int, default=4, help="open connections (default 4)")
    parser.add_argument("--duration", type=int, default=6, help="seconds measured per row and round (default 6)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each measurement")
    parser.add_argument("--rounds", type=int, default=5, help="rounds over both rows, medians kept (default 5)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument(
        "--feedback", choices=["at_end", "each_question"], default="at_end", help="the benchmark quiz's feedback mode"
    )
    parser.add_argument("--profile", action="store_true", help="profile in-process instead of load-testing")
    parser.add_argument("--profile-requests", type=int, default=100, help="requests per batch when profiling")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 if a save costs more server CPU than the baseline ÷ {GOAL}"
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 9 or not 1 <= args.duration <= 120 or not 1 <= args.concurrency <= 64:
        parser.error("keep --rounds 1..9, --duration 1..120 and --concurrency 1..64")

    ok = True
    with bench_database(f"lms_bench_answers_{os.getpid()}") as database:
        quiz_id, usernames = prepare_data(args.feedback)
        if args.profile:
            profile(quiz_id, usernames, args.profile_requests)
            return 0
        from django.db import connections
        from django.utils import timezone

        connections.close_all()
        sent = []  # (target, requests issued) per client run, in order
        port = free_port()
        with gunicorn(port, args.workers) as server:
            learners = []
            for username in usernames[:LEARNERS]:
                jar = login(port, username)
                learners.append({"username": username, "cookie": cookie_header(jar), "csrftoken": jar["csrftoken"]})
            log(f"logged in as {', '.join(usernames[:LEARNERS])}")
            start_attempts(port, learners, quiz_id)
            plan = attempt_plan([learner["attempt"] for learner in learners])
            log(f"attempts {', '.join(str(learner['attempt']) for learner in learners)} started at quiz {quiz_id}")
            load_started = timezone.now()
            sanity_checks(port, learners, plan, sent)
            answers, baseline = request_tables(learners, plan)
            connections.close_all()  # no connection of ours in the server's CPU count
            log(
                f"client {args.client}, {args.concurrency} connections, {args.warmup} s warm-up + "
                f"{args.duration} s per row, {args.rounds} round(s); {len(answers)} requests in turn per row"
            )
            load_before = os.getloadavg()[0]
            rounds = measure_rounds(
                port,
                [(ANSWERS, answers), (BASELINE, baseline)],
                args,
                server.pid,
                database,
                expect=EXPECT,
                on_result=lambda name, result: sent.append((name, result["issued"])),
            )
            load_after = os.getloadavg()[0]
        log("checking the database ...")
        verify(learners, plan, sent, load_started)
        queries = queries_per_request(in_process_calls(quiz_id, usernames[-1]))
        results = summarize(rounds, {"vs_baseline": BASELINE})
        for name, r in results.items():
            r["cpu_vs_baseline"] = results[BASELINE]["cpu_ms"] / r["cpu_ms"]
            r["queries_insert"], r["queries_update"] = queries[name][:2]
        table, ok = report(results, queries)
        print(
            f"\n{time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores, client and server on the same machine; "
            f"gunicorn {args.workers} sync workers; PostgreSQL; client {args.client}, {args.concurrency} connections, "
            f"{LEARNERS} learners, quiz feedback {args.feedback}; {args.duration} s per row, median of {args.rounds} "
            f"round(s); 1-minute load average {load_before:.2f} before, {load_after:.2f} after\n"
        )
        print(table)
        print(f"\nqueries of one re-save ({ANSWERS}):")
        for number, (sql, origin) in enumerate(queries[ANSWERS][2], 1):
            print(f"  {number:>2}. [{origin}] {short_sql(sql)}")
        print_rounds(results)
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (out / f"answers-{stamp}.json").write_text(json.dumps({"args": vars(args), "results": results}, indent=2))
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
