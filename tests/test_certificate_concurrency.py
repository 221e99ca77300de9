"""Simultaneous completions cannot break the certificate rules: one valid certificate per
learner and course, and a yearly sequence without gaps or duplicates. PostgreSQL only
(SQLite serialises writers, so there is no race to test); run with DATABASE_URL set.

Each test lines its threads up on a barrier and makes them call what a request calls, each
thread on its own connection, closed when it ends.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from certificates.models import Certificate
from classes import services
from classes.models import Attendance, TrainingClass
from courses.models import Enrolment

from .concurrency import together
from .conftest import enrol, make_course, make_user

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency tests need PostgreSQL (DATABASE_URL)"),
    # Threads see only committed data. No serialized rollback: after a browser test's flush,
    # the role groups post_migrate recreates clash with the serialized ones; the fixtures
    # (course_index, institution_type) rebuild what the flush removed instead.
    pytest.mark.django_db(transaction=True),
]


def issue_for(enrolment):
    """What one request does: load the enrolment afresh, then issue (without e-mailing)."""
    return lambda: Certificate.objects.issue(Enrolment.objects.get(pk=enrolment.pk), deliver=False)


ROUNDS = 5  # a race shows only sometimes; each round is a fresh learner


def test_two_simultaneous_issues_for_one_enrolment_make_one_certificate(course_index):
    course, _lessons = make_course(course_index, 1)

    for round_ in range(ROUNDS):
        learner = make_user(f"hocvien{round_}")
        enrolment = enrol(learner, course, completed_at=timezone.now())

        results = together(issue_for(enrolment), issue_for(enrolment))

        certificate = Certificate.objects.get(user=learner, course=course)
        assert [certificate.pk for certificate, _created in results] == [certificate.pk, certificate.pk]
        assert sorted(created for _certificate, created in results) == [False, True]
    numbers = Certificate.objects.order_by("sequence").values_list("sequence", flat=True)
    assert list(numbers) == list(range(1, ROUNDS + 1))


def test_completing_one_enrolment_from_two_threads_issues_one_certificate(course_index):
    course, lessons = make_course(course_index, 2)

    for round_ in range(ROUNDS):
        learner = make_user(f"hocvien{round_}")
        enrolment = enrol(learner, course)
        enrolment.completions.create(lesson=lessons[0])

        together(
            lambda pk=enrolment.pk: Enrolment.objects.get(pk=pk).complete(),
            lambda pk=enrolment.pk: Enrolment.objects.get(pk=pk).mark_lesson_done(lessons[1]),
            issue_for(enrolment),
        )

        assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
        assert Certificate.objects.filter(user=learner, course=course).count() == 1
        assert Certificate.objects.valid().filter(user=learner, course=course).count() == 1


LEARNERS_AT_ONCE = 30  # more than any retry budget: the year's number row is locked instead


def test_many_learners_at_once_get_consecutive_numbers(course_index):
    course, _lessons = make_course(course_index, 1)
    enrolments = [enrol(make_user(f"hocvien{n}"), course, completed_at=timezone.now()) for n in range(LEARNERS_AT_ONCE)]

    results = together(*[issue_for(enrolment) for enrolment in enrolments])

    assert all(created for _certificate, created in results)
    certificates = Certificate.objects.order_by("sequence")
    assert [c.sequence for c in certificates] == list(range(1, LEARNERS_AT_ONCE + 1))
    # The official form; no abbreviation in a fresh install's Settings → Issuing body.
    assert [c.number for c in certificates] == [f"{n:02d}/GCN" for n in range(1, LEARNERS_AT_ONCE + 1)]
    assert {c.user_id for c in certificates} == {e.user_id for e in enrolments}
    assert len({c.code for c in certificates}) == LEARNERS_AT_ONCE


def test_ticking_one_class_attendance_from_two_requests_issues_one_certificate(db):
    """Two officers save the same attendance as completed at the same moment: the attendance
    row is locked while it is saved, so one issues the certificate and the other finds it."""
    day = timezone.localdate() - datetime.timedelta(days=3)
    training_class = TrainingClass.objects.create(
        title="Bồi dưỡng kỹ năng truyền thông số", starts_on=day, ends_on=day, place="Đại Từ", hours=8
    )

    for round_ in range(ROUNDS):
        participant = make_user(f"hocvien{round_}", profile={"full_name": f"Học viên {round_}"}).staff_profile
        attendance = Attendance.objects.create(training_class=training_class, participant=participant)

        def tick(pk=attendance.pk):
            with transaction.atomic():
                saved = Attendance.objects.select_related("training_class", "participant__user").get(pk=pk)
                saved.completed = True
                services.save_attendance(saved, actor=None)

        together(tick, tick)

        assert Certificate.objects.filter(user=participant.user).count() == 1
        assert Attendance.objects.get(pk=attendance.pk).certificate == Certificate.objects.get(user=participant.user)
