#!/usr/bin/env python
"""III.3 report benchmark: how long the yearly training statistics and their files take for a
province's year of data, and how many queries they need.

    .venv/bin/python bench/training_report.py       # or: make bench-report

What it does, all on this machine, in one process (no server):

1. creates a fresh PostgreSQL database ``lms_bench_report_<pid>`` on 127.0.0.1:5432 (user
   postgres) and a temporary MEDIA_ROOT, and runs ``migrate`` (no demo data);
2. builds the fixture with ``bulk_create`` (no signals): a province with 9 districts of 3
   communes each, 60 institutions of the 7 institution types, ``--staff`` profiles (5,000; one
   in ten a community participant), 20 courses of the three training types, and
   ``--enrolments`` enrolments (100,000: each person in 20 courses) from January of last year
   to today, 60 % of them completed with a certificate (1 in 50 revoked); 40 in-person
   classes with 50 participants each (2,000 attendances, 80 % completed). Then ``ANALYZE``;
3. times, over ``--rounds`` rounds (fastest and median shown), as a provincial administrator
   and as an HR officer scoped to one district: the statistics (``TrainingReport``: every
   breakdown and the totals, for this year to date), rendering the XLSX and the PDF from those
   statistics, and the query count of the statistics; the counts are checked to be the same
   on a quarter of the data (they must not grow with staff or enrolments);
4. prints the results and writes them as JSON to ``bench/results/``; drops the database and
   the media folder at the end, also on failure.

See docs/BENCHMARKS.md ("III.3 report").
"""

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixtures import province_and_districts
from bench.harness import ROOT, bench_database, create_database, drop_database, log, markdown_table, migrate

COURSES = 20
CLASSES = 40
CLASS_SIZE = 50
TOPICS = [
    "Chuyển đổi số trong hoạt động thư viện",
    "Số hoá tài liệu và xây dựng siêu dữ liệu",
    "Phục vụ bạn đọc trực tuyến",
    "Triển lãm số và tham quan ảo",
    "Giáo dục di sản cho học sinh",
    "Truyền thông trên nền tảng số",
    "Tổ chức Ngày Sách và Văn hoá đọc Việt Nam",
    "Kỹ năng cho trung tâm học tập cộng đồng",
]


# Fixture ----------------------------------------------------------------------------------------


def build_fixture(staff_count, enrolment_count, seed=2030):
    """Everything the report reads, written with bulk_create; returns what the runs need."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page

    from certificates.models import Certificate
    from classes.models import Attendance, TrainingClass
    from courses.models import CourseIndexPage, CoursePage, Enrolment, TrainingType
    from people.models import AdministrativeUnit, HRScope, Institution, InstitutionType, StaffProfile
    from people.roles import HR, PROVINCIAL_ADMINS, role_group

    rng = random.Random(seed)
    today = timezone.localdate()
    first_day = datetime.date(today.year - 1, 1, 1)
    span = (today - first_day).days

    def moment(day):
        return timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(rng.randint(7, 21), rng.randint(0, 59)))
        )

    log("fixture: units and institutions ...")
    province, districts = province_and_districts()
    communes = [
        AdministrativeUnit.objects.create(name=f"Xã số {i}-{j}", code=f"c{i}-{j}", level="commune", parent=district)
        for i, district in enumerate(districts)
        for j in range(3)
    ]
    types = list(InstitutionType.objects.all())
    places = [province, *districts, *communes]
    institutions = Institution.objects.bulk_create(
        Institution(
            name=f"{types[i % len(types)]} {i}",
            code=f"inst-{i}",
            institution_type=types[i % len(types)],
            administrative_unit=places[i % len(places)],
        )
        for i in range(60)
    )

    log(f"fixture: {staff_count} accounts and staff profiles ...")
    User = get_user_model()
    User.objects.bulk_create(
        User(username=f"nv{i:05d}", email=f"nv{i:05d}@example.vn", password="!") for i in range(staff_count)
    )
    users = list(User.objects.filter(username__startswith="nv").order_by("username"))
    staff, community = StaffProfile.ParticipantType.STAFF, StaffProfile.ParticipantType.COMMUNITY
    StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user,
            full_name=f"Nhân viên {i}",
            institution=institutions[i % len(institutions)],
            participant_type=community if i % 10 == 9 else staff,
            employee_code=f"NV{i:05d}",
        )
        for i, user in enumerate(users)
    )
    profiles = list(StaffProfile.objects.order_by("user__username"))

    log(f"fixture: {COURSES} courses ...")
    index = Page.get_first_root_node().add_child(
        instance=CourseIndexPage(title="Khoá học", slug="bench-report-courses", live=True)
    )
    kinds = [TrainingType.INITIAL, TrainingType.RETRAINING, TrainingType.REFRESHER]
    courses = [
        index.add_child(
            instance=CoursePage(
                title=f"{TOPICS[i % len(TOPICS)]} ({i + 1})",
                slug=f"bench-report-{i}",
                summary="Khoá học của bench/training_report.py.",
                training_type=kinds[i % 3],
                nominal_hours=Decimal(4 + 4 * (i % 5)),
                live=True,
            )
        )
        for i in range(COURSES)
    ]

    per_person = max(1, enrolment_count // len(users))
    log(f"fixture: {per_person * len(users)} enrolments ...")
    enrolments = []
    for user in users:
        for course in rng.sample(courses, min(per_person, len(courses))):
            enrolled = first_day + datetime.timedelta(days=rng.randrange(span))
            completed = None
            if rng.random() < 0.6:
                completed = min(today, enrolled + datetime.timedelta(days=rng.randint(1, 60)))
            enrolments.append(
                Enrolment(
                    user=user,
                    course=course,
                    enrolled_at=moment(enrolled),
                    completed_at=moment(completed) if completed else None,
                )
            )
    Enrolment.objects.bulk_create(enrolments, batch_size=5000)

    log("fixture: certificates for the completed enrolments ...")
    completed = Enrolment.objects.filter(completed_at__isnull=False).values_list(
        "pk", "user_id", "course_id", "enrolled_at", "completed_at"
    )
    sequences = {}
    certificates = []
    for pk, user_id, course_id, enrolled_at, completed_at in completed.iterator(chunk_size=5000):
        day = timezone.localdate(completed_at)
        sequences[day.year] = sequences.get(day.year, 0) + 1
        revoked = rng.random() < 0.02
        certificates.append(
            Certificate(
                user_id=user_id,
                course_id=course_id,
                enrolment_id=pk,
                number=f"{sequences[day.year]:02d}/GCN-SVHTTDL",
                year=day.year,
                sequence=sequences[day.year],
                learner_name="Nhân viên",
                course_title="Khoá học",
                training_type=TrainingType.REFRESHER,
                hours=Decimal(8),
                started_on=timezone.localdate(enrolled_at),
                completed_on=day,
                issued_on=day,
                status=Certificate.Status.REVOKED if revoked else Certificate.Status.VALID,
            )
        )
    Certificate.objects.bulk_create(certificates, batch_size=5000)

    log(f"fixture: {CLASSES} classes of {CLASS_SIZE} ...")
    classes = []
    for i in range(CLASSES):
        ends = first_day + datetime.timedelta(days=rng.randrange(span))
        classes.append(
            TrainingClass(
                title=f"Lớp {TOPICS[i % len(TOPICS)].lower()} {i + 1}",
                course=courses[i % COURSES] if i % 4 == 0 else None,
                training_type=kinds[i % 3],
                starts_on=ends - datetime.timedelta(days=1),
                ends_on=ends,
                place="Hội trường",
                hours=Decimal(6 + 2 * (i % 4)),
                organiser=institutions[i % len(institutions)],
            )
        )
    classes = TrainingClass.objects.bulk_create(classes)
    Attendance.objects.bulk_create(
        Attendance(training_class=training_class, participant=participant, completed=rng.random() < 0.8)
        for training_class in classes
        for participant in rng.sample(profiles, CLASS_SIZE)
    )

    admin = User.objects.create_user("sovhtt", "sovhtt@example.vn", "!")
    admin.groups.add(role_group(PROVINCIAL_ADMINS))
    hr = User.objects.create_user("tccb", "tccb@example.vn", "!")
    hr.groups.add(role_group(HR))
    HRScope.objects.create(user=hr).administrative_units.add(districts[7])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "staff": len(users),
        "enrolments": Enrolment.objects.count(),
        "certificates": Certificate.objects.count(),
        "attendances": Attendance.objects.count(),
        "institutions": len(institutions),
        "units": 1 + len(districts) + len(communes),
    }


# Measurements ----------------------------------------------------------------------------------


def fresh(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def statistics_run(username):
    """(seconds, seconds in database calls, queries, report) of the whole report for this
    year to date."""
    from django.db import connection

    from reports.statistics import TrainingReport

    user = fresh(username)
    in_database = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_database.append(time.perf_counter() - started)

    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        report = TrainingReport(user)
        for breakdown in report.breakdowns:
            len(breakdown.rows)
        seconds = time.perf_counter() - started
    return seconds, sum(in_database), len(in_database), report


def render_run(report, file_format):
    from reports import training_report

    started = time.perf_counter()
    data = training_report.render(report, file_format)
    return time.perf_counter() - started, len(data)


def measure(rounds):
    results = {}
    for username, label in (("sovhtt", "provincial administrator"), ("tccb", "HR, one district")):
        runs = {"statistics": [], "in database": [], "xlsx": [], "pdf": []}
        queries, sizes, rows = set(), {}, 0
        for number in range(1, rounds + 1):
            seconds, in_database, count, report = statistics_run(username)
            runs["statistics"].append(seconds)
            runs["in database"].append(in_database)
            queries.add(count)
            rows = report.row_count
            for file_format in ("xlsx", "pdf"):
                spent, size = render_run(report, file_format)
                runs[file_format].append(spent)
                sizes[file_format] = size
            log(
                f"  {label}, round {number}: statistics {seconds:.3f} s ({count} queries, "
                f"{in_database:.3f} s in the database), "
                f"XLSX {runs['xlsx'][-1]:.3f} s, PDF {runs['pdf'][-1]:.3f} s"
            )
        results[label] = {
            "runs": runs,
            "fastest": {name: min(values) for name, values in runs.items()},
            "median": {name: statistics.median(values) for name, values in runs.items()},
            "queries": sorted(queries),
            "sizes": sizes,
            "rows": rows,
            "total": totals(report),
        }
    return results


def totals(report):
    total = report.total
    return {
        "courses": total.courses,
        "classes": total.classes,
        "enrolled": total.enrolled,
        "completed": total.completed,
        "certified": total.certified,
        "hours": float(total.hours),
        "community": total.community,
        "roster": total.roster,
        "coverage": total.coverage,
    }


def queries_on_a_quarter(staff, enrolments):
    """The report's query counts on a quarter of the data, in a second database (switched to
    the way Django's test runner switches to its test database)."""
    from django.core.management import call_command
    from django.db import connection

    name = f"lms_bench_report_small_{os.getpid()}"
    log(f"a quarter of the data in {name} ...")
    connection.close()
    create_database(name)
    previous = connection.settings_dict["NAME"]
    connection.settings_dict["NAME"] = name
    try:
        call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
        build_fixture(staff // 4, enrolments // 4, seed=2031)
        return {username: statistics_run(username)[2] for username in ("sovhtt", "tccb")}
    finally:
        connection.close()
        connection.settings_dict["NAME"] = previous
        drop_database(name)


def report_text(fixture, results, small_queries):
    rows = [("viewer", "statistics s", "in database s", "XLSX s", "PDF s", "queries", "rows", "XLSX KB", "PDF KB")]
    for label, result in results.items():
        rows.append(
            (
                label,
                f"{result['fastest']['statistics']:.3f} ({result['median']['statistics']:.3f})",
                f"{result['fastest']['in database']:.3f} ({result['median']['in database']:.3f})",
                f"{result['fastest']['xlsx']:.3f} ({result['median']['xlsx']:.3f})",
                f"{result['fastest']['pdf']:.3f} ({result['median']['pdf']:.3f})",
                "/".join(str(count) for count in result["queries"]),
                str(result["rows"]),
                f"{result['sizes']['xlsx'] / 1024:.1f}",
                f"{result['sizes']['pdf'] / 1024:.1f}",
            )
        )
    lines = [
        f"fixture: {fixture['staff']:,} staff profiles in {fixture['institutions']} institutions and "
        f"{fixture['units']} units; {fixture['enrolments']:,} enrolments, {fixture['certificates']:,} certificates, "
        f"{fixture['attendances']:,} class attendances",
        "seconds: fastest of the rounds (median in brackets)",
        "",
        *markdown_table(rows),
        "",
    ]
    for label, result in results.items():
        total = result["total"]
        lines.append(
            f"{label}, this year to date: {total['courses']} courses and {total['classes']} classes held, "
            f"{total['enrolled']:,} staff enrolled, {total['completed']:,} completed, "
            f"{total['certified']:,} certified, "
            f"{total['hours']:,.0f} hours, {total['community']:,} community participants, roster {total['roster']:,}, "
            f"coverage {100 * (total['coverage'] or 0):.1f} %"
        )
    same = all(
        small_queries[user] in results[label]["queries"]
        for user, label in zip(("sovhtt", "tccb"), results, strict=True)
    )
    lines.append(
        "queries on a quarter of the data: "
        + ", ".join(f"{label} {small_queries[user]}" for user, label in zip(("sovhtt", "tccb"), results, strict=True))
        + (" (the same: the count does not grow with the data)" if same else " (DIFFERENT)")
    )
    return "\n".join(lines), same


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--staff", type=int, default=5000, help="staff profiles (default 5000)")
    parser.add_argument("--enrolments", type=int, default=100_000, help="enrolments (default 100000)")
    parser.add_argument("--rounds", type=int, default=5, help="measurement rounds (default 5)")
    args = parser.parse_args()
    if not 100 <= args.staff <= 50_000 or not args.staff <= args.enrolments <= 20 * args.staff:
        parser.error("keep --staff 100..50000 and --enrolments between --staff and 20 × --staff")
    if not 1 <= args.rounds <= 20:
        parser.error("keep --rounds 1..20")

    with bench_database(f"lms_bench_report_{os.getpid()}"):
        migrate()
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        fixture = build_fixture(args.staff, args.enrolments)
        log(f"fixture built in {time.perf_counter() - started:.0f} s")
        results = measure(args.rounds)
        small = queries_on_a_quarter(args.staff, args.enrolments)
        load_after = os.getloadavg()[0]
        text, same = report_text(fixture, results, small)
        print(
            f"\n{time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores; one process, no server; PostgreSQL; "
            f"{args.rounds} rounds; 1-minute load average {load_before:.2f} before, {load_after:.2f} after\n"
        )
        print(text)
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (out / f"training-report-{stamp}.json").write_text(
            json.dumps({"args": vars(args), "fixture": fixture, "results": results, "small_queries": small}, indent=2)
        )
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
