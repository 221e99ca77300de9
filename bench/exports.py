#!/usr/bin/env python
"""Completion exports benchmark: how fast and in how much memory the completion records
(``reports.records``) are exported, against a raw ``csv.writer`` over the same rows.

    .venv/bin/python bench/exports.py       # or: make bench-exports

What it does, all on this machine, in one process plus a few subprocesses (no server):

1. creates a fresh PostgreSQL database ``lms_bench_exports_<pid>`` on 127.0.0.1:5432 (user
   postgres) and a temporary MEDIA_ROOT, runs ``migrate`` (no demo data), then writes with
   ``bulk_create``: 10 districts, 50 institutions, ``--staff`` staff (5,000) with profiles,
   ``--courses`` courses (20) each with a final quiz, every staff member enrolled in every
   course (100,000 enrolments), 40 % of them completed with a passed attempt (a quarter after
   a failed one) and a certificate, 10 % overdue; and 40 in-person classes of 50 attendees
   (2,000 attendances); then ``ANALYZE``;
2. **time**, in ``--rounds`` rounds (3), the order reversed every other round, each writing
   a file in a temporary folder:
   - *raw csv.writer*: the baseline. The very querysets of the export (same columns, same
     subqueries for score and certificate, same order), ``values_list(...).iterator()``
     straight into ``csv.writer(file).writerows``: what the database and the driver cost;
   - *export_completions --format csv*: ``call_command``, as from the shell;
   - *admin CSV download*: ``GET /admin/completion-records/export/csv/`` through Django's test
     client as a provincial administrator (the full middleware stack, the streaming
     response), its chunks written to a file; in the request, as below the background
     threshold (``LMS_EXPORT_BACKGROUND_ROWS``);
   - *export_completions --format json* and *--format xlsx*;
   the CSV ratio to the raw writer is taken within each round;
3. **memory**: each export again in a subprocess of its own (``manage.py``-like: Django set up,
   then ``call_command``), reporting its peak resident set (``ru_maxrss``), the resident set
   before the export (Django and the apps loaded), and in a second run the peak of Python's
   own allocations during the export (``tracemalloc``); for contrast, the same for reading
   every row into a list first (``list(values_list(...))``, what an export must not do);
4. prints the results and writes them as JSON to ``bench/results/``; drops the database and
   the media folder at the end, also on failure.

Goals (issue 5): the CSV export within 3 × the raw csv.writer's time; peak memory under 250 MB.
See docs/BENCHMARKS.md.
"""

import argparse
import datetime
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixtures import DISTRICTS, province_and_districts, staff_name
from bench.harness import ROOT, bench_database, log, markdown_table, migrate

RATIO_GOAL = 3.0  # our CSV export at most this many times the raw csv.writer's time
MEMORY_GOAL_MB = 250
RAW, COMMAND_CSV, ADMIN_CSV, COMMAND_JSON, COMMAND_XLSX = (
    "raw csv.writer (baseline)",
    "export_completions --format csv",
    "admin CSV download",
    "export_completions --format json",
    "export_completions --format xlsx",
)
TOPICS = [
    "Chuyển đổi số trong hoạt động thư viện",
    "Số hóa tài liệu và xây dựng siêu dữ liệu",
    "Dịch vụ bạn đọc trực tuyến",
    "Triển lãm số và tham quan ảo",
    "Giáo dục di sản cho trường học",
]


# Setup ------------------------------------------------------------------------------------


def seed(staff_count, course_count, classes, per_class):
    """The records described in the module's docstring; returns their counts."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page

    from certificates.models import Certificate
    from classes.models import Attendance, TrainingClass
    from courses.models import CourseIndexPage, CoursePage, Enrolment, TrainingType
    from people.models import Institution, InstitutionType, StaffProfile
    from quizzes.models import Attempt, Quiz

    rng = random.Random(2030)
    started = time.perf_counter()
    province, districts = province_and_districts()
    types = list(InstitutionType.objects.all())
    institutions = Institution.objects.bulk_create(
        Institution(
            name=f"{types[i % len(types)]} {DISTRICTS[i % len(DISTRICTS)]} số {i}",
            code=f"dv-{i}",
            institution_type=types[i % len(types)],
            administrative_unit=districts[i % len(districts)] if i % 10 else province,
        )
        for i in range(50)
    )

    log(f"seed: {staff_count} staff ...")
    names = [f"bench-nv-{i:05d}" for i in range(staff_count)]
    get_user_model().objects.bulk_create(
        (get_user_model()(username=name, email=f"{name}@example.vn", password="!") for name in names), batch_size=2000
    )
    user_ids = list(
        get_user_model().objects.filter(username__in=names).order_by("username").values_list("pk", flat=True)
    )
    StaffProfile.objects.bulk_create(
        (
            StaffProfile(
                user_id=user_id,
                # One name in a hundred starts like a formula: neutralisation runs for real.
                full_name=("=" if i % 100 == 0 else "") + staff_name(i),
                institution=institutions[i % len(institutions)],
                employee_code=f"TN-{i:06d}",
                position="Viên chức",
            )
            for i, user_id in enumerate(user_ids)
        ),
        batch_size=2000,
    )

    log(f"seed: {course_count} courses with a final quiz ...")
    root = Page.get_first_root_node()
    index = root.add_child(instance=CourseIndexPage(title="Khoá học", slug="bench-khoa-hoc", live=True))
    courses = []
    for i in range(course_count):
        course = index.add_child(
            instance=CoursePage(
                title=f"{TOPICS[i % len(TOPICS)]} (khoá {i + 1})",
                slug=f"bench-khoa-{i}",
                summary="Khoá học của bench/exports.py.",
                training_type=list(TrainingType)[i % 3],
                nominal_hours=Decimal(8 + 4 * (i % 4)),
                live=True,
            )
        )
        courses.append((course, Quiz.objects.create(title=f"Kiểm tra cuối khoá {i + 1}", course=course)))

    log(f"seed: {staff_count * course_count} enrolments, attempts and certificates ...")
    now = timezone.now()
    start = timezone.make_aware(datetime.datetime(2025, 1, 1, 8))
    sequence = 0
    for course, quiz in courses:
        enrolments, attempts, certificates = [], [], []
        for i, user_id in enumerate(user_ids):
            enrolled = start + datetime.timedelta(days=rng.randrange(600), minutes=rng.randrange(600))
            roll = rng.random()
            completed = enrolled + datetime.timedelta(days=rng.randrange(1, 60)) if roll < 0.4 else None
            if completed is not None and completed > now:
                completed = None
            due = enrolled.date() + datetime.timedelta(days=30) if 0.4 <= roll < 0.5 else None
            enrolments.append(
                Enrolment(
                    user_id=user_id,
                    course=course,
                    enrolled_at=enrolled,
                    completed_at=completed,
                    due_date=due,
                    last_activity_at=enrolled if roll < 0.8 else None,
                )
            )
            if completed is None:
                continue
            percent = Decimal(rng.randrange(7000, 10001)) / 100
            number = 1
            if i % 4 == 0:
                attempts.append(
                    Attempt(
                        quiz=quiz,
                        user_id=user_id,
                        number=1,
                        started_at=completed - datetime.timedelta(days=1),
                        submitted_at=completed - datetime.timedelta(days=1),
                        percent=Decimal("40.00"),
                        status=Attempt.Status.FAILED,
                    )
                )
                number = 2
            attempts.append(
                Attempt(
                    quiz=quiz,
                    user_id=user_id,
                    number=number,
                    started_at=completed,
                    submitted_at=completed,
                    percent=percent,
                    status=Attempt.Status.PASSED,
                )
            )
            sequence += 1
            certificates.append(
                Certificate(
                    user_id=user_id,
                    course=course,
                    number=f"{sequence:02d}/GCN-SVHTTDL",
                    year=2025,
                    sequence=sequence,
                    learner_name="Học viên",
                    course_title=course.title,
                    training_type=course.training_type,
                    hours=course.nominal_hours,
                    score=percent.quantize(Decimal("0.1")),
                    started_on=enrolled.date(),
                    completed_on=completed.date(),
                    issued_on=completed.date(),
                )
            )
        Enrolment.objects.bulk_create(enrolments, batch_size=5000)
        Attempt.objects.bulk_create(attempts, batch_size=5000)
        Certificate.objects.bulk_create(certificates, batch_size=5000)

    log(f"seed: {classes} classes of {per_class} ...")
    profiles = list(StaffProfile.objects.values_list("pk", flat=True))
    for i in range(classes):
        day = datetime.date(2025, 1, 6) + datetime.timedelta(days=14 * i)
        training_class = TrainingClass.objects.create(
            title=f"Lớp bồi dưỡng số {i + 1}",
            training_type=TrainingType.REFRESHER,
            starts_on=day,
            ends_on=day + datetime.timedelta(days=1),
            place="Hội trường Thư viện tỉnh",
            hours=Decimal("12"),
            organiser=institutions[i % len(institutions)],
        )
        Attendance.objects.bulk_create(
            Attendance(
                training_class=training_class,
                participant_id=pk,
                completed=rng.random() < 0.8,
                score=Decimal(rng.randrange(500, 1001)) / 10,
            )
            for pk in rng.sample(profiles, per_class)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        "staff": len(user_ids),
        "enrolments": Enrolment.objects.count(),
        "completed": Enrolment.objects.completed().count(),
        "attempts": Attempt.objects.count(),
        "certificates": Certificate.objects.count(),
        "attendances": Attendance.objects.count(),
        "seconds": time.perf_counter() - started,
    }
    log(f"seed: done in {counts['seconds']:.0f} s: {counts}")
    return counts


# Timings ----------------------------------------------------------------------------------


def raw_csv(path):
    """The baseline: the export's own querysets, straight into csv.writer."""
    import csv
    from itertools import chain

    from reports.records import CHUNK_SIZE, attendance_columns, completion_records, enrolment_columns

    records = completion_records(None)
    enrolment, attendance = enrolment_columns(), attendance_columns()
    rows = chain(
        records.enrolments.annotate(**enrolment).values_list(*enrolment).iterator(chunk_size=CHUNK_SIZE),
        records.attendances.annotate(**attendance).values_list(*attendance).iterator(chunk_size=CHUNK_SIZE),
    )
    with open(path, "w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)


def command(file_format):
    from django.core.management import call_command

    def run(path):
        call_command("export_completions", "--format", file_format, "--output", str(path), stdout=io.StringIO())

    return run


def admin_csv(client):
    from django.test import override_settings

    def run(path):
        # The download as it streams in the request: 102,000 rows would otherwise be handed to a
        # background task (people/exports.py, LMS_EXPORT_BACKGROUND_ROWS), whose writing is the same.
        with override_settings(LMS_EXPORT_BACKGROUND_ROWS=10**9):
            response = client.get("/admin/completion-records/export/csv/")
        if response.status_code != 200:
            raise SystemExit(f"admin CSV download answered {response.status_code}")
        with open(path, "wb") as file:
            for chunk in response.streaming_content:
                file.write(chunk)

    return run


def timings(rounds, folder):
    from django.contrib.auth import get_user_model
    from django.test import Client

    admin = get_user_model().objects.create_superuser("bench-admin", "bench-admin@example.vn", "!")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    rows = [
        (RAW, raw_csv, "csv"),
        (COMMAND_CSV, command("csv"), "csv"),
        (ADMIN_CSV, admin_csv(client), "csv"),
        (COMMAND_JSON, command("json"), "json"),
        (COMMAND_XLSX, command("xlsx"), "xlsx"),
    ]
    seconds = {name: [] for name, _run, _ext in rows}
    cpu = {name: [] for name, _run, _ext in rows}
    sizes = {}
    for number in range(1, rounds + 1):
        order = rows if number % 2 else rows[::-1]
        for name, run, extension in order:
            path = Path(folder) / f"{extension}-{len(seconds[name])}.{extension}"
            started, cpu_started = time.perf_counter(), time.process_time()
            run(path)
            seconds[name].append(time.perf_counter() - started)
            cpu[name].append(time.process_time() - cpu_started)
            sizes[name] = path.stat().st_size
            path.unlink()
        log(
            f"  round {number}: "
            + "  ".join(f"{name} {seconds[name][-1]:.1f} s" for name, _run, _ext in rows)
            + f"  (load average {os.getloadavg()[0]:.2f})"
        )
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "size_mb": {name: size / 1024 / 1024 for name, size in sizes.items()},
        "ratio": {
            name: [ours / raw for ours, raw in zip(seconds[name], seconds[RAW], strict=True)] for name in seconds
        },
    }


# Memory (subprocesses) ----------------------------------------------------------------------

MEMORY_SCRIPT = r"""
import io, json, resource, sys, time, tracemalloc
import django
django.setup()
from django.core.management import call_command
from reports.records import attendance_columns, completion_records, enrolment_columns

what, path, traced = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
completion_records(None).count()  # connect and warm the ORM before the "before" reading
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if traced:
    tracemalloc.start()
started = time.perf_counter()
if what == "list":
    records = completion_records(None)
    enrolment, attendance = enrolment_columns(), attendance_columns()
    rows = list(records.enrolments.annotate(**enrolment).values_list(*enrolment))
    rows += list(records.attendances.annotate(**attendance).values_list(*attendance))
    count = len(rows)
else:
    call_command("export_completions", "--format", what, "--output", path, stdout=io.StringIO())
    count = None
seconds = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1] if traced else None
print(json.dumps({
    "before_mb": before / 1024,
    "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "traced_peak_mb": peak / 1024 / 1024 if peak is not None else None,
    "seconds": seconds,
    "rows": count,
}))
"""


def memory(folder):
    """Each export in a fresh interpreter: its peak RSS, and (second run) its tracemalloc peak."""
    results = {}
    for what in ("csv", "json", "xlsx", "list"):
        path = str(Path(folder) / f"memory.{what}")
        entry = {}
        for traced in (False, True):
            log(f"  memory: {what}{' (tracemalloc)' if traced else ''} ...")
            output = subprocess.run(
                [sys.executable, "-c", MEMORY_SCRIPT, what, path, "1" if traced else "0"],
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
                capture_output=True,
                text=True,
                check=False,
            )
            if output.returncode != 0:
                raise SystemExit(f"memory run {what} failed:\n{output.stderr[-3000:]}")
            values = json.loads(output.stdout.strip().splitlines()[-1])
            if traced:
                entry["traced_peak_mb"] = values["traced_peak_mb"]
            else:
                entry.update(before_mb=values["before_mb"], max_rss_mb=values["max_rss_mb"], seconds=values["seconds"])
            Path(path).unlink(missing_ok=True)
        results[what] = entry
    return results


# Report -----------------------------------------------------------------------------------


def report(counts, timed, memory_results):
    rows_total = counts["enrolments"] + counts["attendances"]
    table = [("export", "seconds (median)", "rows/s", "÷ raw csv.writer (range)", "CPU s in this process", "file MB")]
    for name, values in timed["seconds"].items():
        ratios = timed["ratio"][name]
        median = statistics.median(values)
        table.append(
            (
                name,
                f"{median:.2f}",
                f"{rows_total / median:,.0f}",
                f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})",
                f"{statistics.median(timed['cpu_seconds'][name]):.2f}",
                f"{timed['size_mb'][name]:.1f}",
            )
        )
    lines = markdown_table(table)
    lines.append("")
    memory_table = [("run (own interpreter)", "RSS before MB", "peak RSS MB", "growth MB", "tracemalloc peak MB")]
    labels = {
        "csv": COMMAND_CSV,
        "json": COMMAND_JSON,
        "xlsx": COMMAND_XLSX,
        "list": "list(values_list) (contrast)",
    }
    for what, entry in memory_results.items():
        memory_table.append(
            (
                labels[what],
                f"{entry['before_mb']:.0f}",
                f"{entry['max_rss_mb']:.0f}",
                f"{entry['max_rss_mb'] - entry['before_mb']:.0f}",
                f"{entry['traced_peak_mb']:.1f}",
            )
        )
    lines += markdown_table(memory_table)
    csv_ratio = statistics.median(timed["ratio"][COMMAND_CSV])
    admin_ratio = statistics.median(timed["ratio"][ADMIN_CSV])
    peak = max(entry["max_rss_mb"] for what, entry in memory_results.items() if what != "list")
    ok = max(csv_ratio, admin_ratio) <= RATIO_GOAL and peak < MEMORY_GOAL_MB
    lines.append("")
    lines.append(
        f"goal, CSV export within {RATIO_GOAL:.0f}× the raw csv.writer: command {csv_ratio:.2f}×, "
        f"admin download {admin_ratio:.2f}×: " + ("met" if max(csv_ratio, admin_ratio) <= RATIO_GOAL else "NOT met")
    )
    lines.append(
        f"goal, peak memory < {MEMORY_GOAL_MB} MB: {peak:.0f} MB at most (peak RSS of the whole process, "
        "Django included): " + ("met" if peak < MEMORY_GOAL_MB else "NOT met")
    )
    lines.append(
        f"data: {counts['staff']:,} staff, {counts['enrolments']:,} enrolments ({counts['completed']:,} completed), "
        f"{counts['attempts']:,} quiz attempts, {counts['certificates']:,} certificates, "
        f"{counts['attendances']:,} class attendances: {rows_total:,} rows"
    )
    lines.append("")
    lines.append("seconds in each round:")
    for name, values in timed["seconds"].items():
        lines.append(f"  {name:<34} " + "  ".join(f"{x:6.2f}" for x in values))
    return "\n".join(lines), ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=5000, help="staff members (default 5000)")
    parser.add_argument("--courses", type=int, default=20, help="courses, each with every staff enrolled (default 20)")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (default 3)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    args = parser.parse_args()
    if not 100 <= args.staff <= 20000 or not 1 <= args.courses <= 50 or not 1 <= args.rounds <= 9:
        parser.error("keep --staff 100..20000, --courses 1..50 and --rounds 1..9")

    with bench_database(f"lms_bench_exports_{os.getpid()}"), tempfile.TemporaryDirectory() as folder:
        migrate()
        counts = seed(args.staff, args.courses, classes=40, per_class=min(50, args.staff))
        load_before = os.getloadavg()[0]
        log(f"timings: {args.rounds} rounds ...")
        timed = timings(args.rounds, folder)
        log("memory ...")
        memory_results = memory(folder)
        load_after = os.getloadavg()[0]
        table, ok = report(counts, timed, memory_results)
        print(
            f"\n{time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores; one process (memory: one subprocess per "
            f"run), no server; PostgreSQL; {args.rounds} rounds; 1-minute load average {load_before:.2f} before, "
            f"{load_after:.2f} after\n"
        )
        print(table)
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (out / f"exports-{stamp}.json").write_text(
            json.dumps({"args": vars(args), "data": counts, "timings": timed, "memory": memory_results}, indent=2)
        )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
