"""The load test's goal lines (bench/load.py): which pages a goal covers, what a miss names, and
that ``--check`` turns a missed goal into exit status 1 while correctness fails a run anyway."""

import argparse

from bench.load import HR_LISTINGS, Stats, goals, p95_goal, report


def test_each_page_kind_has_the_issue_goal():
    assert p95_goal("course page") == 300
    assert p95_goal("answer autosave (JSON)") == 300
    assert p95_goal("login (POST)") == 600
    assert all(p95_goal(kind) == 400 for kind in HR_LISTINGS)
    assert p95_goal("HR: export XLSX") is None


def figures(**p95):
    return {kind.replace("_", " "): {"p95_ms": ms, "requests": 20} for kind, ms in p95.items()}


def test_a_missed_goal_names_the_pages_over_it():
    per_kind = figures(course_page=350, dashboard=120)
    per_kind.update({"login (POST)": {"p95_ms": 550, "requests": 20}, HR_LISTINGS[0]: {"p95_ms": 410, "requests": 7}})
    lines = {goal.split(" p95")[0]: (found, met) for goal, found, met in goals(per_kind, 0, [], [("s", "", True)])}
    assert lines["every learner page"] == ("over: course page 350 ms", False)
    assert lines["login POST"] == ("550 ms (20 requests)", True)
    assert lines["HR listings"] == ("410 ms (7 requests)", False)


def test_shared_state_and_database_failures_are_goals_missed():
    results = goals(figures(course_page=100), 0, [("answers lost", 0, 1, False)], [("B knows the session", "", False)])
    missed = {goal for goal, _found, met in results if not met}
    assert "every database check holds" in missed
    assert "the servers share state (sessions, progress, publishing)" in missed


def run_report(check, shared_ok=True, redis=True):
    stats = Stats()
    stats.record("course page", 0.350, 1)  # over its 300 ms goal
    args = argparse.Namespace(
        tasks="immediate", servers=2, workers=5, learners=1, spawn_rate=2, duration=1, think_min=1, think_max=3
    )
    args.check = check
    run = {
        "elapsed": 10,
        "ramp": 0,
        "load_samples": [1.0],
        "load_before": 1.0,
        "load_after": 1.0,
        "server_cpu": 1.0,
        "client_cpu": 1.0,
        "drained": 0.0,
    }
    facts = {"attempts": {}, "numbers": [], "acknowledged": 0, "downloads": 0, "orphan_pdfs": 0, "task_failures": []}
    cache = (
        {"redis": True, "version": "7", "url": "redis://x", "prefix": "p", "removed": 0} if redis else {"redis": False}
    )
    return report(args, run, stats, [], facts, [("B knows the session", "", shared_ok)], cache, [1, 2])


def test_a_missed_latency_goal_fails_only_with_check():
    text, status = run_report(check=False)
    assert "NOT met  every learner page p95 < 300 ms" in text
    assert status == 0
    assert run_report(check=True)[1] == 1


def test_servers_not_sharing_state_fail_the_run_when_redis_is_used():
    assert run_report(check=False, shared_ok=False)[1] == 1
    text, status = run_report(check=False, shared_ok=False, redis=False)
    assert "not the deployment's figures" in text
    assert status == 0
