"""Completion records: the admin listing of every enrolment and class attendance, its filters,
who sees what, and its CSV, XLSX and JSON exports (cell by cell, formulas neutralised in CSV and
XLSX, values as stored in JSON, logged)."""

import csv
import datetime
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from courses.models import Enrolment, LessonCompletion, TrainingType
from people.models import AuditEntry, HRScope, InstitutionTypeCode, StaffProfile
from people.roles import HR, TRAINERS, role_group
from quizzes.models import Attempt, Quiz
from reports import records as records_module
from reports.exports import neutralise
from reports.records import HEADERS, RecordFilters, completion_records

from .conftest import client_for, make_course, make_user
from .quiz_factories import make_quiz
from .sidebar import sidebar

LISTING = "/admin/completion-records/"
CLASS_TITLE = "Lớp bồi dưỡng kỹ năng tổ chức sự kiện"


def export_url(file_format, query=""):
    return f"{LISTING}export/{file_format}/" + (f"?{query}" if query else "")


def local(year, month, day, hour=9, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def vi(label):
    """A label as the exports write it: in the site's language."""
    with translation.override("vi"):
        return str(label)


def vi_headers():
    with translation.override("vi"):
        return [str(header) for header in HEADERS]


# The records ------------------------------------------------------------------------------------


def build_world(units, course_index, trainer):
    """Three staff (district A, its commune, district B), two courses, five enrolments and a
    class with two attendances, every one different in status, dates and score."""
    course_a, _lessons = make_course(
        course_index,
        1,
        title="Chuyển đổi số trong thư viện",
        trainer=trainer,
        training_type=TrainingType.RETRAINING,
        nominal_hours=Decimal("16"),
    )
    course_b, lessons_b = make_course(
        course_index, 2, title="Bảo quản hiện vật", training_type=TrainingType.REFRESHER, nominal_hours=Decimal("8")
    )
    staff_a = make_user(
        "nv-dai-tu",
        profile={"full_name": "Đỗ Văn Đại", "institution": units["library_a"], "employee_code": "DT-001"},
    )
    staff_commune = make_user(
        "nv-hung-son",
        profile={"full_name": "Hà Thị Sơn", "institution": units["library_commune_a"], "employee_code": "HS-002"},
    )
    staff_b = make_user(
        "nv-phu-luong",
        profile={"full_name": "Bùi Văn Lương", "institution": units["library_b"], "employee_code": "PL-003"},
    )

    # Enrolled at 06:30 in Vietnam, still the last day of February in UTC.
    e1 = Enrolment.objects.create(user=staff_a, course=course_a, enrolled_at=local(2025, 3, 1, 6, 30))
    quiz = make_quiz(1, course=course_a)
    for number, (percent, status, day) in enumerate(
        [("60.00", "failed", 10), ("85.50", "passed", 12), ("95.00", "pending", 14)], start=1
    ):
        Attempt.objects.create(
            quiz=quiz,
            user=staff_a,
            number=number,
            submitted_at=local(2025, 3, day),
            percent=Decimal(percent),
            status=status,
        )
    e1.complete(when=local(2025, 3, 20, 15))  # final score 85.5: the passed attempt, which counts
    certificate = Certificate.objects.get(enrolment=e1)
    e2 = Enrolment.objects.create(
        user=staff_b,
        course=course_b,
        enrolled_at=local(2025, 6, 1),
        due_date=datetime.date(2025, 7, 1),
        last_activity_at=local(2025, 6, 2),
    )
    e3 = Enrolment.objects.create(
        user=staff_commune, course=course_b, enrolled_at=local(2024, 12, 15), completed_at=local(2025, 1, 10)
    )
    e4 = Enrolment.objects.create(
        user=staff_a, course=course_b, enrolled_at=local(2025, 5, 1), last_activity_at=local(2025, 5, 2)
    )
    LessonCompletion.objects.create(enrolment=e4, lesson=lessons_b[0])
    e5 = Enrolment.objects.create(user=staff_b, course=course_a, enrolled_at=local(2025, 5, 2))

    training_class = TrainingClass.objects.create(
        title=CLASS_TITLE,
        training_type=TrainingType.REFRESHER,
        starts_on=datetime.date(2025, 4, 10),
        ends_on=datetime.date(2025, 4, 11),
        place="Hội trường Thư viện huyện Đại Từ",
        hours=Decimal("12"),
        organiser=units["library_a"],
        trainer=trainer,
    )
    att1 = Attendance.objects.create(
        training_class=training_class, participant=staff_a.staff_profile, completed=True, score=Decimal("92.5")
    )
    att2 = Attendance.objects.create(training_class=training_class, participant=staff_b.staff_profile)
    return {
        "course_a": course_a,
        "course_b": course_b,
        "quiz": quiz,
        "certificate": certificate,
        "staff_a": staff_a,
        "staff_b": staff_b,
        "staff_commune": staff_commune,
        "class": training_class,
        **{"e1": e1, "e2": e2, "e3": e3, "e4": e4, "e5": e5, "att1": att1, "att2": att2},
    }


def expected_rows(world):
    """The CSV rows of every record, in the listing's order: enrolments, most recently enrolled
    first, then attendances by class and participant name."""
    library, post = vi(InstitutionTypeCode.PUBLIC_LIBRARY.label), vi(InstitutionTypeCode.POST_CULTURE_POINT.label)
    refresher, retraining = vi(TrainingType.REFRESHER.label), vi(TrainingType.RETRAINING.label)
    a = ["DT-001", "Đỗ Văn Đại", "Thư viện huyện Đại Từ", library, "Huyện Đại Từ"]
    b = ["PL-003", "Bùi Văn Lương", "Thư viện huyện Phú Lương", library, "Huyện Phú Lương"]
    commune = ["HS-002", "Hà Thị Sơn", "Điểm bưu điện văn hoá xã Hùng Sơn", post, "Xã Hùng Sơn"]
    return {
        "e2": [*b, "Bảo quản hiện vật", refresher, "8.0", "2025-06-01", "", "", ""],
        "e5": [*b, "Chuyển đổi số trong thư viện", retraining, "16.0", "2025-05-02", "", "", ""],
        "e4": [*a, "Bảo quản hiện vật", refresher, "8.0", "2025-05-01", "", "", ""],
        "e1": [
            *a,
            "Chuyển đổi số trong thư viện",
            retraining,
            "16.0",
            "2025-03-01",
            "2025-03-20",
            "85.5",
            world["certificate"].number,
        ],
        "e3": [*commune, "Bảo quản hiện vật", refresher, "8.0", "2024-12-15", "2025-01-10", "", ""],
        "att2": [*b, CLASS_TITLE, refresher, "12.0", "2025-04-10", "", "", ""],
        "att1": [*a, CLASS_TITLE, refresher, "12.0", "2025-04-10", "2025-04-11", "92.5", ""],
    }


@pytest.fixture
def world(units, course_index, trainer):
    return build_world(units, course_index, trainer)


@pytest.fixture
def hr_b(units):
    user = make_user("tccb-phu-luong", groups=[HR], profile={"full_name": "Mai Thị Lương"})
    HRScope.objects.create(user=user).administrative_units.add(units["district_b"])
    return user


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def record_keys(rows, world):
    """Which records (e1..e5, att1, att2) the exported rows are, by their cells."""
    by_cells = {tuple(cells): key for key, cells in expected_rows(world).items()}
    return [by_cells.get(tuple(row), f"unexpected {row}") for row in rows]


def export_keys(user, world, query=""):
    response = client_for(user).get(export_url("csv", query))
    assert response.status_code == 200
    return record_keys(csv_rows(response)[1:], world)


ALL = ["e2", "e5", "e4", "e1", "e3", "att2", "att1"]


# Exports, cell by cell ----------------------------------------------------------------------------


def test_csv_export_holds_every_record_of_both_sources_cell_by_cell(provincial_admin, world):
    response = client_for(provincial_admin).get(export_url("csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ket-qua-dao-tao-')
    rows = csv_rows(response)
    assert rows[0] == vi_headers()
    expected = expected_rows(world)
    assert rows[1:] == [expected[key] for key in ALL]


def test_xlsx_export_holds_typed_cells(provincial_admin, world):
    response = client_for(provincial_admin).get(export_url("xlsx"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="ket-qua-dao-tao-')
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == vi_headers()
    assert len(rows) == 1 + len(ALL)
    e1 = rows[1 + ALL.index("e1")]
    assert e1[:7] == tuple(expected_rows(world)["e1"][:7])
    assert e1[7] == 16  # numbers, not text
    assert e1[8] == datetime.datetime(2025, 3, 1)  # real dates
    assert e1[9] == datetime.datetime(2025, 3, 20)
    assert e1[10] == 85.5
    assert e1[11] == world["certificate"].number
    assert sheet.cell(row=1 + 1 + ALL.index("e1"), column=9).number_format == "DD/MM/YYYY"
    att2 = rows[1 + ALL.index("att2")]
    assert att2[9:] == (None, None, None)  # not completed: no date, score or certificate
    assert rows[1 + ALL.index("att1")][10] == 92.5


def test_json_export_is_an_array_of_objects_with_stable_keys(provincial_admin, world):
    response = client_for(provincial_admin).get(export_url("json"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(b"".join(response.streaming_content))
    assert len(data) == len(ALL)
    assert data[ALL.index("e1")] == {
        "staff_code": "DT-001",
        "full_name": "Đỗ Văn Đại",
        "institution": "Thư viện huyện Đại Từ",
        "institution_type": vi(InstitutionTypeCode.PUBLIC_LIBRARY.label),
        "administrative_unit": "Huyện Đại Từ",
        "course": "Chuyển đổi số trong thư viện",
        "training_type": vi(TrainingType.RETRAINING.label),
        "hours": 16.0,
        "enrolled": "2025-03-01",
        "completed": "2025-03-20",
        "score": 85.5,
        "certificate_number": world["certificate"].number,
    }
    assert data[ALL.index("e2")]["completed"] is None
    assert data[ALL.index("e2")]["score"] is None


def test_json_export_of_no_records_is_an_empty_array(provincial_admin, units):
    response = client_for(provincial_admin).get(export_url("json"))

    assert json.loads(b"".join(response.streaming_content)) == []


def test_unknown_export_format_is_404(provincial_admin, world):
    assert client_for(provincial_admin).get(export_url("pdf")).status_code == 404


# Scores and certificates ------------------------------------------------------------------------


def test_score_is_the_final_score_the_enrolment_completed_with(world):
    """The score its certificate states: changing the quiz's grading rule or its attempts
    afterwards changes neither."""
    Quiz.objects.filter(pk=world["quiz"].pk).update(grading=Quiz.Grading.LAST)
    Attempt.objects.filter(quiz=world["quiz"], status="passed").delete()

    rows = list(completion_records(None, RecordFilters(course=world["course_a"])))

    scores = {row[1]: row[10] for row in rows}
    assert scores["Đỗ Văn Đại"] == world["certificate"].score == Decimal("85.5")
    assert scores["Bùi Văn Lương"] is None  # not completed


def test_a_revoked_certificate_is_not_listed(world, provincial_admin):
    world["certificate"].revoke(provincial_admin, "Cấp nhầm")

    rows = list(completion_records(None, RecordFilters(course=world["course_a"])))

    assert all(row[11] is None for row in rows)


def test_class_of_an_online_course_shows_the_course_certificate(world):
    TrainingClass.objects.filter(pk=world["class"].pk).update(course=world["course_a"])

    rows = list(completion_records(None, RecordFilters(course=world["course_a"])))

    # e5, e1, then both attendances (the class now teaches course A).
    assert [(row[1], row[5], row[11]) for row in rows] == [
        ("Bùi Văn Lương", "Chuyển đổi số trong thư viện", None),
        ("Đỗ Văn Đại", "Chuyển đổi số trong thư viện", world["certificate"].number),
        ("Bùi Văn Lương", CLASS_TITLE, None),
        ("Đỗ Văn Đại", CLASS_TITLE, world["certificate"].number),
    ]


def test_a_learner_without_profile_is_named_by_the_account(world, provincial_admin):
    Attendance.objects.filter(pk=world["att2"].pk).delete()
    StaffProfile.objects.filter(user=world["staff_b"]).delete()

    rows = list(completion_records(provincial_admin, RecordFilters(course=world["course_b"])))

    assert rows[0][:5] == (None, "nv-phu-luong", None, None, None)


# Filters ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Enrolled or completed in the period (e3 completed in it; e1 enrolled 1 March in Vietnam).
        ("date_from=2025-01-01&date_to=2025-03-31", ["e1", "e3"]),
        ("date_from=2025-03-01&date_to=2025-03-01", ["e1"]),
        ("date_to=2025-02-28", ["e3"]),
        # Classes that started or ended in the period.
        ("date_from=2025-04-11&date_to=2025-04-30", ["att2", "att1"]),
        ("date_from=2025-05-01", ["e2", "e5", "e4"]),
        ("unit=dai-tu", ["e4", "e1", "e3", "att1"]),  # with its commune
        ("unit=hung-son", ["e3"]),
        ("unit=tn", ALL),
        ("institution_type=post_culture_point", ["e3"]),
        ("institution=tv-phu-luong", ["e2", "e5", "att2"]),
        ("status=completed", ["e1", "e3", "att1"]),
        ("status=overdue", ["e2", "att2"]),  # past the due date; a class over, not completed
        ("status=in_progress", ["e4"]),
        ("status=not_started", ["e5"]),
        ("unit=dai-tu&status=completed&date_from=2025-04-01", ["att1"]),
    ],
)
def test_filters(provincial_admin, world, query, expected):
    assert export_keys(provincial_admin, world, query) == expected


def test_course_filter(provincial_admin, world):
    query = f"course={world['course_b'].pk}"

    assert export_keys(provincial_admin, world, query) == ["e2", "e4", "e3"]


def statuses(filters):
    """(name, course or class) of the records every user could see, for ``filters``."""
    return [(row[1], row[5]) for row in completion_records(None, filters)]


def test_class_status_before_and_during_the_class(world):
    today = timezone.localdate()
    TrainingClass.objects.filter(pk=world["class"].pk).update(
        starts_on=today + datetime.timedelta(days=3), ends_on=today + datetime.timedelta(days=4)
    )
    Attendance.objects.filter(pk=world["att1"].pk).update(completed=False)
    e5 = ("Bùi Văn Lương", "Chuyển đổi số trong thư viện")
    attendances = [("Bùi Văn Lương", CLASS_TITLE), ("Đỗ Văn Đại", CLASS_TITLE)]

    assert statuses(RecordFilters(status="not_started")) == [e5, *attendances]

    TrainingClass.objects.filter(pk=world["class"].pk).update(starts_on=today, ends_on=today)
    assert statuses(RecordFilters(status="in_progress")) == [("Đỗ Văn Đại", "Bảo quản hiện vật"), *attendances]


def test_an_enrolment_without_due_date_is_never_overdue(world, provincial_admin):
    Enrolment.objects.filter(pk=world["e2"].pk).update(due_date=None)

    assert export_keys(provincial_admin, world, "status=overdue") == ["att2"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("date_from=2025-05-01&date_to=2025-04-01", "The end of the period cannot be before its start."),
        ("date_from=yesterday", "Enter a valid date."),
        ("unit=nowhere", "Select a valid choice."),
        ("status=lost", "Select a valid choice."),
    ],
)
def test_bad_filters_show_an_error_and_no_records(provincial_admin, world, query, error):
    response = client_for(provincial_admin).get(f"{LISTING}?{query}")

    assert response.status_code == 200
    content = response.content.decode()
    assert error in content
    assert "Đỗ Văn Đại" not in content
    assert 'href="/admin/completion-records/export/' not in content


def test_export_with_bad_filters_redirects_to_the_listing_and_writes_nothing(provincial_admin, world):
    response = client_for(provincial_admin).get(export_url("csv", "date_from=2025-05-01&date_to=2025-04-01"))

    assert response.status_code == 302
    assert response["Location"] == f"{LISTING}?date_from=2025-05-01&date_to=2025-04-01"
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


# Who sees what ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("provincial_admin", ALL),
        ("superuser", ALL),
        ("hr", ["e4", "e1", "e3", "att1"]),  # district A and its commune
        ("hr_b", ["e2", "e5", "att2"]),
        ("trainer", ["e5", "e1", "att2", "att1"]),  # course A's enrolments, the class they teach
    ],
)
def test_each_role_exports_its_own_records(request, world, role, expected):
    assert export_keys(request.getfixturevalue(role), world, "") == expected


@pytest.mark.parametrize(
    ("role", "present", "absent"),
    [
        ("hr", ["Đỗ Văn Đại", "Hà Thị Sơn"], ["Bùi Văn Lương", "PL-003"]),
        ("hr_b", ["Bùi Văn Lương"], ["Đỗ Văn Đại", "Hà Thị Sơn"]),
        ("trainer", ["Đỗ Văn Đại", "Bùi Văn Lương", "Chuyển đổi số trong thư viện"], ["Hà Thị Sơn", "Bảo quản"]),
    ],
)
def test_listing_shows_only_the_records_in_scope(request, world, role, present, absent):
    response = client_for(request.getfixturevalue(role)).get(LISTING)

    assert response.status_code == 200
    content = response.content.decode()
    for text in present:
        assert text in content
    for text in absent:
        assert text not in content


def test_hr_cannot_pick_an_institution_outside_its_scope(hr, world):
    content = client_for(hr).get(f"{LISTING}?institution=tv-phu-luong").content.decode()

    assert "Select a valid choice." in content
    assert "Bùi Văn Lương" not in content
    assert client_for(hr).get(export_url("csv", "institution=tv-phu-luong")).status_code == 302
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_hr_filtering_another_unit_gets_nothing(hr, world):
    assert export_keys(hr, world, "unit=phu-luong") == []


def test_trainer_is_offered_only_their_own_courses(trainer, world):
    content = client_for(trainer).get(LISTING).content.decode()

    assert f'<option value="{world["course_a"].pk}">' in content
    assert f'<option value="{world["course_b"].pk}">' not in content
    other_course = f"course={world['course_b'].pk}"
    assert "Select a valid choice." in client_for(trainer).get(f"{LISTING}?{other_course}").content.decode()
    assert client_for(trainer).get(export_url("csv", other_course)).status_code == 302


def test_trainer_without_courses_or_classes_sees_no_record(world):
    other = make_user("giangvien2", groups=[TRAINERS], profile={"full_name": "Vũ Thị Giảng"})

    assert export_keys(other, world) == []


def test_hr_without_scope_sees_no_record(world):
    officer = make_user("tccb-moi", groups=[HR], profile={"full_name": "Ngô Văn Mới"})

    assert export_keys(officer, world) == []


def test_a_trainer_who_is_also_hr_sees_both_shares(world, trainer, units):
    trainer.groups.add(role_group(HR))
    HRScope.objects.create(user=trainer).institutions.add(units["library_commune_a"])

    assert export_keys(trainer, world) == ["e5", "e1", "e3", "att2", "att1"]


@pytest.mark.parametrize("url", [LISTING, export_url("csv"), export_url("xlsx"), export_url("json")])
def test_learners_are_refused(learner, world, url):
    response = client_for(learner).get(url)

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


@pytest.mark.parametrize("url", [LISTING, export_url("csv")])
def test_anonymous_users_are_sent_to_log_in(world, url):
    response = client_for().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_admin_user_without_a_role_is_refused(world):
    from django.contrib.auth.models import Permission

    editor = make_user("bientap")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))

    response = client_for(editor).get(LISTING)

    assert response.status_code in (302, 403)
    assert "Đỗ Văn Đại" not in response.content.decode()


def test_menu_offers_completion_records_to_hr_and_trainers(hr, trainer, provincial_admin):
    for user in (hr, trainer, provincial_admin):
        assert LISTING in [url for _name, _label, url in sidebar(user)["training"][1]]


# The listing ------------------------------------------------------------------------------------


def test_trainer_listing_shows_progress_scores_and_certificates(trainer, world):
    content = client_for(trainer).get(LISTING).content.decode()

    assert "4 records: 2 online enrolments, 2 class attendances." in content
    assert world["certificate"].number in content
    assert "85.5" in content and "92.5" in content
    assert "100 %" in content  # e1, completed
    assert "0 %" in content  # e5, not started


def test_listing_shows_progress_of_lessons_done(provincial_admin, world):
    content = client_for(provincial_admin).get(f"{LISTING}?status=in_progress").content.decode()

    assert "50 %" in content  # e4: one of two lessons
    assert "In progress" in content


def test_listing_export_links_carry_the_filters(provincial_admin, world):
    content = client_for(provincial_admin).get(f"{LISTING}?unit=dai-tu&status=completed&p=1").content.decode()

    for file_format in ("csv", "xlsx", "json"):
        assert f'href="{export_url(file_format, "unit=dai-tu&amp;status=completed")}"' in content


def test_listing_pages_run_across_both_sources(provincial_admin, units, course_index, trainer):
    course, _lessons = make_course(course_index, 1, title="Khoá học đông người")
    training_class = TrainingClass.objects.create(
        title="Lớp đông người",
        starts_on=datetime.date(2025, 4, 10),
        ends_on=datetime.date(2025, 4, 10),
        place="Hội trường",
        hours=Decimal("4"),
    )
    for i in range(60):
        user = make_user(f"hv{i:02d}", profile={"full_name": f"Học viên {i:02d}", "institution": units["library_a"]})
        if i < 45:
            Enrolment.objects.create(
                user=user, course=course, enrolled_at=local(2025, 1, 1) + datetime.timedelta(days=i)
            )
        else:
            Attendance.objects.create(training_class=training_class, participant=user.staff_profile)
    client = client_for(provincial_admin)

    first = client.get(LISTING).content.decode()
    second = client.get(f"{LISTING}?p=2").content.decode()

    assert first.count('class="completion-record ') == 50
    assert first.count("completion-record--online") == 45
    assert second.count('class="completion-record ') == 10
    assert second.count("completion-record--class") == 10
    assert "Học viên 44" in first and "Học viên 45" in first and "Học viên 50" in second
    assert "60 records: 45 online enrolments, 15 class attendances." in first


def test_listing_filters_are_in_wagtails_filter_panel(hr, world):
    content = client_for(hr).get(LISTING).content.decode()

    assert 'id="filters-drilldown"' in content
    for name in ("date", "unit", "institution_type", "institution", "course", "status"):
        assert f'aria-controls="drilldown-id_{name}"' in content
    assert 'name="date_from"' in content and 'name="date_to"' in content
    assert '<option value="tv-dai-tu">' in content and '<option value="tv-phu-luong">' not in content


def test_listing_results_refresh_in_the_users_scope(hr, world):
    """What Wagtail's filter panel fetches: the records alone, still within the scope."""
    content = client_for(hr).get(f"{LISTING}results/", {"status": "completed"}).content.decode()

    assert "<html" not in content
    assert content.count('class="completion-record ') == 3  # e1, e3 (in the commune) and att1
    assert "Bùi Văn Lương" not in content


def test_listing_next_page_keeps_the_filters(provincial_admin, units, course_index):
    course, _lessons = make_course(course_index, 1, title="Khoá học đông người")
    for i in range(51):
        user = make_user(f"hv{i:02d}", profile={"full_name": f"Học viên {i:02d}", "institution": units["library_a"]})
        Enrolment.objects.create(user=user, course=course, enrolled_at=local(2025, 1, 1))

    content = client_for(provincial_admin).get(LISTING, {"unit": "dai-tu", "status": "not_started"}).content.decode()

    assert f'href="{LISTING}?unit=dai-tu&amp;status=not_started&amp;p=2"' in content
    assert "51 records" in content


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_wagtails_own_listing_export_is_off(provincial_admin, world, file_format):
    """Every export goes through the audited export view, never Wagtail's ``?export=``."""
    response = client_for(provincial_admin).get(LISTING, {"export": file_format})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response


def add_records(units, course, training_class, start, count):
    for i in range(start, start + count):
        user = make_user(f"hv{i:03d}", profile={"full_name": f"Học viên {i:03d}", "institution": units["library_a"]})
        if i % 2:
            Enrolment.objects.create(user=user, course=course, enrolled_at=local(2025, 2, 1))
        else:
            Attendance.objects.create(training_class=training_class, participant=user.staff_profile, completed=True)


@pytest.mark.parametrize("role", ["provincial_admin", "hr", "trainer"])
def test_listing_queries_do_not_grow_with_records(
    request, role, units, course_index, trainer, django_assert_max_num_queries
):
    course, _lessons = make_course(course_index, 2, trainer=trainer)
    make_quiz(1, course=course)
    training_class = TrainingClass.objects.create(
        title="Lớp",
        starts_on=datetime.date(2025, 4, 10),
        ends_on=datetime.date(2025, 4, 10),
        place="P",
        hours=Decimal("4"),
        trainer=trainer,
    )
    client = client_for(request.getfixturevalue(role))
    add_records(units, course, training_class, 0, 5)
    client.get(LISTING)  # warm the caches (content types, site root)
    with CaptureQueriesContext(connection) as five:
        assert client.get(LISTING).content.decode().count('class="completion-record ') == 5
    add_records(units, course, training_class, 5, 45)

    with django_assert_max_num_queries(len(five.captured_queries)):
        response = client.get(LISTING)

    assert response.content.decode().count('class="completion-record ') == 50


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_export_queries_do_not_grow_with_records(
    provincial_admin, units, course_index, file_format, django_assert_max_num_queries
):
    course, _lessons = make_course(course_index, 1)
    training_class = TrainingClass.objects.create(
        title="Lớp",
        starts_on=datetime.date(2025, 4, 10),
        ends_on=datetime.date(2025, 4, 10),
        place="P",
        hours=Decimal("4"),
    )
    client = client_for(provincial_admin)
    add_records(units, course, training_class, 0, 5)
    b"".join(client.get(export_url(file_format)).streaming_content)
    with CaptureQueriesContext(connection) as five:
        b"".join(client.get(export_url(file_format)).streaming_content)
    add_records(units, course, training_class, 5, 45)

    with django_assert_max_num_queries(len(five.captured_queries)):
        body = b"".join(client.get(export_url(file_format)).streaming_content)

    assert body


# Formula neutralisation -------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil.example","Bấm vào")', "+84912345678", "-1+2", "@SUM(A1:A9)", "\tlệnh", "\rlệnh"]


def test_neutralise():
    for value in FORMULAS:
        assert neutralise(value) == "'" + value
    for value in ("Nguyễn Thị Lan", "", "a=b", "GCN-2026-000001", 12, Decimal("-3.5"), None, datetime.date(2025, 1, 1)):
        assert neutralise(value) == value


@pytest.fixture
def formula_world(units, course_index):
    course, _lessons = make_course(course_index, 1, title="-1+2 khoá học")
    units["library_a"].name = "@SUM(A1:A9)"
    units["library_a"].save()
    user = make_user(
        "nv-xau",
        profile={"full_name": FORMULAS[0], "institution": units["library_a"], "employee_code": "+84912345678"},
    )
    Enrolment.objects.create(user=user, course=course, enrolled_at=local(2025, 2, 1))
    return FORMULAS[0]


def test_csv_neutralises_formulas(provincial_admin, formula_world):
    rows = csv_rows(client_for(provincial_admin).get(export_url("csv")))

    assert rows[1][:3] == ["'+84912345678", "'" + formula_world, "'@SUM(A1:A9)"]
    assert rows[1][5] == "'-1+2 khoá học"


def test_xlsx_neutralises_formulas(provincial_admin, formula_world):
    response = client_for(provincial_admin).get(export_url("xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active

    cells = [sheet.cell(row=2, column=column) for column in (1, 2, 3, 6)]
    assert [cell.value for cell in cells] == ["'+84912345678", "'" + formula_world, "'@SUM(A1:A9)", "'-1+2 khoá học"]
    assert {cell.data_type for cell in cells} == {"s"}  # text, never a formula ("f")


def test_json_keeps_values_as_stored(provincial_admin, formula_world):
    """JSON is read by programs, not spreadsheets: an apostrophe would change the names they
    receive."""
    data = json.loads(b"".join(client_for(provincial_admin).get(export_url("json")).streaming_content))

    assert data[0]["full_name"] == formula_world
    assert data[0]["staff_code"] == "+84912345678"
    assert data[0]["institution"] == "@SUM(A1:A9)"
    assert data[0]["course"] == "-1+2 khoá học"


# The export log ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("file_format", "rows"), [("csv", 4), ("xlsx", 4), ("json", 4)])
def test_every_export_is_logged(hr, world, file_format, rows):
    response = client_for(hr).get(export_url(file_format, "date_from=2024-01-01&unit=dai-tu"))
    b"".join(response.streaming_content)

    log = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert log.user == hr
    assert (log.kind, log.file_format, log.source) == ("completions", file_format, "admin")
    assert log.filters == {"date_from": "2024-01-01", "unit": "dai-tu"}
    assert log.rows == rows


def test_export_log_names_course_and_status(provincial_admin, world):
    response = client_for(provincial_admin).get(export_url("csv", f"course={world['course_b'].pk}&status=overdue"))
    b"".join(response.streaming_content)

    log = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert log.filters == {"course": f"Bảo quản hiện vật (#{world['course_b'].pk})", "status": "overdue"}
    assert log.rows == 1


def test_streaming_reads_in_chunks(provincial_admin, world, monkeypatch):
    monkeypatch.setattr(records_module, "CHUNK_SIZE", 2)

    assert export_keys(provincial_admin, world) == ALL


def test_a_class_without_a_course_shows_its_own_certificate(world):
    """att1 completed the class, which teaches no online course: its record names the class's
    certificate; revoked (completion unticked), none."""
    attendance = world["att1"]
    attendance.record_completion(actor=None)
    certificate = Certificate.objects.get(class_attendance=attendance)

    def class_rows():
        return [(row[5], row[11]) for row in completion_records(None) if row[5] == CLASS_TITLE]

    assert (CLASS_TITLE, certificate.number) in class_rows()
    certificate.revoke(None, "Hoàn thành lớp bị bỏ đánh dấu")
    assert all(number is None for _title, number in class_rows())
