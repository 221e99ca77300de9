"""One home per rule: an enrolment's status and its final score mean the same on every screen
that shows them (the assignments list, the completion records and their exports, the
certificate, the learner's course page)."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from certificates.models import Certificate
from classes.models import TrainingClass
from classes.services import record_attendance
from courses.models import Enrolment, LessonCompletion

from .conftest import client_for, enrol, make_course, make_user
from .quiz_factories import make_quiz, take

ASSIGNMENTS = "/admin/assignments/"
RECORDS = "/admin/completion-records/"
NAME = "Trần Thị Hoa"


@pytest.fixture
def hoa(units):
    return make_user("hoa", profile={"full_name": NAME, "institution": units["library_a"], "employee_code": "DT-07"})


def records_csv(client, query=""):
    response = client.get(f"{RECORDS}export/csv/?{query}")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")[1:])))[1:]


# Status -------------------------------------------------------------------------------------------


def test_a_lesson_done_without_a_recorded_visit_is_in_progress_on_both_screens(provincial_admin, course_index, hoa):
    """A lesson completion is activity, whether or not a visit was recorded (an import, the
    demo data): the assignments list and the completion records both say "in progress"."""
    course, lessons = make_course(course_index, 2, title="Số hoá tài liệu")
    enrolment = enrol(hoa, course, due_date=timezone.localdate() + datetime.timedelta(days=30))
    LessonCompletion.objects.create(enrolment=enrolment, lesson=lessons[0])
    assert Enrolment.objects.get(pk=enrolment.pk).last_activity_at is None
    client = client_for(provincial_admin)

    in_progress = client.get(f"{ASSIGNMENTS}?status=in_progress")
    not_started = client.get(f"{ASSIGNMENTS}?status=not_started")
    assert [e.status for e in in_progress.context["object_list"]] == ["in_progress"]
    assert NAME in in_progress.text
    assert NAME not in not_started.text

    assert [row[1] for row in records_csv(client, "status=in_progress")] == [NAME]
    assert records_csv(client, "status=not_started") == []


def test_an_enrolment_without_any_activity_is_not_started_on_both_screens(provincial_admin, course_index, hoa):
    course, _lessons = make_course(course_index, 2, title="Số hoá tài liệu")
    enrol(hoa, course, due_date=timezone.localdate() + datetime.timedelta(days=30))
    client = client_for(provincial_admin)

    listed = client.get(f"{ASSIGNMENTS}?status=not_started")
    assert [e.status for e in listed.context["object_list"]] == ["not_started"] and NAME in listed.text
    assert [row[1] for row in records_csv(client, "status=not_started")] == [NAME]


def test_status_comes_from_the_enrolment_queryset(course_index, hoa):
    course, lessons = make_course(course_index, 2)
    today = timezone.localdate()
    enrolment = enrol(hoa, course, due_date=today - datetime.timedelta(days=1))

    def status():
        return Enrolment.objects.with_status(today).get(pk=enrolment.pk).status

    assert status() == Enrolment.Status.OVERDUE
    Enrolment.objects.filter(pk=enrolment.pk).update(due_date=today)
    assert status() == Enrolment.Status.NOT_STARTED
    LessonCompletion.objects.create(enrolment=enrolment, lesson=lessons[0])
    assert status() == Enrolment.Status.IN_PROGRESS
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    assert status() == Enrolment.Status.COMPLETED


# Final score --------------------------------------------------------------------------------------


@pytest.fixture
def two_quiz_course(course_index, hoa):
    """A one-lesson course with two required final quizzes, which Hoa passes with 75 % (the
    first) and 100 % (the second): her final score is their mean, 87.5 %."""
    course, lessons = make_course(course_index, 1, title="Chuyển đổi số trong bảo tàng")
    first = make_quiz(4, course=course, pass_mark=50)
    second = make_quiz(2, course=course, pass_mark=50)
    enrolment = enrol(hoa, course)
    enrolment.mark_lesson_done(lessons[0])
    take(first, hoa, right=3)
    take(second, hoa, right=2)
    enrolment.refresh_from_db()
    assert enrolment.is_completed
    return course, first, enrolment


def test_records_certificate_and_learner_show_the_same_final_score(provincial_admin, hoa, two_quiz_course):
    course, _first, enrolment = two_quiz_course
    admin = client_for(provincial_admin)

    assert Certificate.objects.get(user=hoa, course=course).score == Decimal("87.5")
    assert [row[10] for row in records_csv(admin)] == ["87.5"]
    exported = json.loads(b"".join(admin.get(f"{RECORDS}export/json/").streaming_content))
    assert [record["score"] for record in exported] == [87.5]
    listing = admin.get(RECORDS).text
    assert "87.5" in listing and "75.0" not in listing
    assert "Final score: 87.5%" in client_for(hoa).get(course.url).text
    assert Enrolment.objects.get(pk=enrolment.pk).final_score == Decimal("87.5")


def test_the_final_score_is_frozen_at_completion(provincial_admin, hoa, two_quiz_course):
    """A retake after completion changes neither the certificate nor the records."""
    course, first, _enrolment = two_quiz_course

    take(first, hoa, right=4)  # 100 %, the highest attempt now

    assert Certificate.objects.get(user=hoa, course=course).score == Decimal("87.5")
    assert [row[10] for row in records_csv(client_for(provincial_admin))] == ["87.5"]
    assert "Final score: 87.5%" in client_for(hoa).get(course.url).text


def test_a_class_held_for_the_course_gives_its_score_as_the_final_score(provincial_admin, course_index, units, hoa):
    course, _lessons = make_course(course_index, 2, title="Chuyển đổi số trong bảo tàng")
    make_quiz(2, course=course, pass_mark=50)
    today = timezone.localdate()
    training_class = TrainingClass.objects.create(
        title="Lớp tập huấn bảo tàng số",
        course=course,
        starts_on=today - datetime.timedelta(days=2),
        ends_on=today - datetime.timedelta(days=1),
        place="Hội trường Bảo tàng tỉnh",
        hours=Decimal("8"),
        organiser=units["library_a"],
    )

    record_attendance(training_class, hoa.staff_profile, actor=provincial_admin, completed=True, score=Decimal("92.5"))

    assert Enrolment.objects.get(user=hoa, course=course).final_score == Decimal("92.5")
    assert Certificate.objects.get(user=hoa, course=course).score == Decimal("92.5")
    assert [row[10] for row in records_csv(client_for(provincial_admin))] == ["92.5", "92.5"]
    assert "Final score: 92.5%" in client_for(hoa).get(course.url).text


# The migrations that fill in the final score of enrolments completed before it was stored ------


@pytest.mark.django_db(transaction=True)
def test_the_migrations_give_completed_enrolments_the_final_score_they_completed_with():
    before = [
        ("courses", "0004_course_trainers"),
        ("quizzes", "0003_quiz_written_by"),
        ("certificates", "0001_initial"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model(*settings.AUTH_USER_MODEL.split("."))
    Quiz, Attempt = old.get_model("quizzes", "Quiz"), old.get_model("quizzes", "Attempt")
    locale = old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="vi")[0]
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="courses", model="coursepage"
    )[0]
    course = old.get_model("courses", "CoursePage").objects.create(
        title="Khóa cũ",
        slug="khoa-cu",
        summary="Tóm tắt.",
        path="ZZZZ",
        depth=1,
        content_type=content_type,
        locale=locale,
    )
    first = Quiz.objects.create(title="Kiểm tra 1", course_id=course.pk)
    second = Quiz.objects.create(title="Kiểm tra 2", course_id=course.pk, grading="last")
    Quiz.objects.create(title="Nháp", course_id=course.pk, draft=True)
    completed_on = timezone.make_aware(datetime.datetime(2025, 3, 20, 15))
    OldEnrolment = old.get_model("courses", "Enrolment")
    learners = {}
    for name in ("an", "binh", "cuc", "dung"):
        learners[name] = User.objects.create(username=name)
        OldEnrolment.objects.create(
            user=learners[name], course_id=course.pk, completed_at=None if name == "dung" else completed_on
        )

    def attempt(quiz, name, percent, status, days_before):
        Attempt.objects.create(
            quiz=quiz,
            user=learners[name],
            number=Attempt.objects.filter(quiz=quiz, user=learners[name]).count() + 1,
            submitted_at=completed_on - datetime.timedelta(days=days_before),
            percent=Decimal(percent),
            status=status,
        )

    # An: 80 at the first quiz, the last attempt at the second (90) counts, a retake after
    # completion does not: (80 + 90) / 2.
    attempt(first, "an", "80.00", "passed", 3)
    attempt(second, "an", "100.00", "passed", 3)
    attempt(second, "an", "90.00", "passed", 2)
    attempt(first, "an", "100.00", "passed", -1)
    # Bình: her certificate states 77.5, which wins over what the attempts give now.
    attempt(first, "binh", "70.00", "passed", 3)
    attempt(second, "binh", "70.00", "passed", 3)
    old.get_model("certificates", "Certificate").objects.create(
        user=learners["binh"],
        course_id=course.pk,
        number="GCN-2025-000001",
        year=2025,
        sequence=1,
        code="ma-binh",
        learner_name="Bình",
        course_title="Khóa cũ",
        training_type="refresher",
        hours=Decimal("8"),
        score=Decimal("77.5"),
        started_on=datetime.date(2025, 3, 1),
        completed_on=datetime.date(2025, 3, 20),
        issued_on=datetime.date(2025, 3, 20),
    )
    # Cúc passed no quiz; Dũng has not completed.
    attempt(first, "cuc", "40.00", "failed", 3)
    attempt(first, "dung", "90.00", "passed", 3)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    scores = dict(Enrolment.objects.values_list("user__username", "final_score").order_by())
    assert scores == {"an": Decimal("85.0"), "binh": Decimal("77.5"), "cuc": None, "dung": None}
