"""One home per rule: an enrolment's status means the same on every screen that shows it
(the assignments list, the completion records and their exports)."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from courses.models import Enrolment, LessonCompletion

from .conftest import client_for, enrol, make_course, make_user

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

    in_progress = client.get(f"{ASSIGNMENTS}?status=in_progress").text
    not_started = client.get(f"{ASSIGNMENTS}?status=not_started").text
    assert "assignment--in_progress" in in_progress and NAME in in_progress
    assert NAME not in not_started

    assert [row[1] for row in records_csv(client, "status=in_progress")] == [NAME]
    assert records_csv(client, "status=not_started") == []


def test_an_enrolment_without_any_activity_is_not_started_on_both_screens(provincial_admin, course_index, hoa):
    course, _lessons = make_course(course_index, 2, title="Số hoá tài liệu")
    enrol(hoa, course, due_date=timezone.localdate() + datetime.timedelta(days=30))
    client = client_for(provincial_admin)

    assert "assignment--not_started" in client.get(f"{ASSIGNMENTS}?status=not_started").text
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
