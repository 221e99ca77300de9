"""Faults: what the database holds when something fails half-way.

- The database stops answering in the middle of a request (finishing a quiz, marking the last
  lesson done, assigning a course, saving a class's attendance): the learner or officer reads
  the friendly 503 page, and the database holds the whole change or none of it; the same
  click afterwards does the whole of it.
- An import crashes on its third row (staff roster, question bank, class attendance; admin
  screens and commands): nothing at all is written.
- A certificate that cannot be issued, rendered or e-mailed is left owed or queued, and the
  next ``issue_certificates`` catches up. Rendering and e-mail failures after issuing are
  covered in tests/test_certificates.py (``test_failed_email_leaves_the_certificate_to_retry_
  and_the_completion_stands``, ``test_failed_rendering_is_recorded_and_retried``) and
  tests/test_certificate_commands.py (retries); the tests here add what those do not.

``database_down_from`` simulates the outage: from the N-th statement matching a pattern on,
every statement fails with ``OperationalError`` except ``ROLLBACK``, and the connection is no
longer usable (``is_usable()``, which the error page asks), as with a server that went away
(the statements of the test's own transaction around the request are not affected).
"""

import io
import re
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from functools import partial
from smtplib import SMTPServerDisconnected
from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.urls import reverse
from django.utils import timezone

from certificates import pdf
from certificates.models import Certificate, CertificateSequence
from classes.models import Attendance
from courses.models import Enrolment, LessonCompletion
from people.models import StaffProfile, StaffProfileLogEntry
from quizzes.models import Answer, Attempt, Category, Question, QuizQuestion, Response

from . import sheets
from .conftest import client_for, enrol, make_course, make_user
from .quiz_factories import choice_tokens, correct_ids, course_with_quiz, make_quiz
from .sheets import upload
from .test_classes import attendance_url, days_ago, formset_data, make_class, person

User = get_user_model()


# The outage -------------------------------------------------------------------------------------


def insert(table):
    # bulk_create(ignore_conflicts=True) is "INSERT OR IGNORE" on SQLite.
    return rf'^INSERT (?:OR IGNORE )?INTO "{table}"'


def update(table, column):
    return rf'^UPDATE "{table}" SET .*?"{column}" = '


class Outage:
    def __init__(self, pattern, nth):
        self.pattern = re.compile(pattern)
        self.nth = nth
        self.matched = 0
        self.down = False

    def __call__(self, execute, sql, params, many, context):
        if not self.down and self.pattern.search(sql):
            self.matched += 1
            self.down = self.matched == self.nth
        if self.down and not sql.lstrip().upper().startswith("ROLLBACK"):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)


@contextmanager
def database_down_from(pattern, nth=1):
    outage = Outage(pattern, nth)
    is_usable = connection.is_usable
    with (
        connection.execute_wrapper(outage),
        patch.object(connections[DEFAULT_DB_ALIAS], "is_usable", lambda: not outage.down and is_usable()),
    ):
        yield outage
    # In production a write made outside any transaction is committed at once, whatever fails
    # next; in a test it runs inside the test's transaction, which Django then marks for
    # rollback. The failed statements were never sent, so the test's transaction is sound.
    connection.needs_rollback = False
    assert outage.down, f"no statement matched {pattern!r}: the outage never happened"


def assert_friendly_503(response):
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in page
    assert "Temporarily unavailable" in page


CERTIFICATE_INSERT = insert("certificates_certificate")


def assert_outage_reported(response, pattern):
    """The friendly 503, also when the outage hits the certificate's INSERT, which
    ``certificates.signals.issue_on_completion`` would otherwise log and pass over."""
    assert_friendly_503(response)


# Marking the last lesson done -------------------------------------------------------------------


@pytest.fixture
def half_done(course_index, learner):
    """The learner has done the first of two lessons."""
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])
    return enrolment, lessons


def lesson_state(enrolment):
    return (
        sorted(LessonCompletion.objects.filter(enrolment=enrolment).values_list("lesson_id", flat=True)),
        list(Enrolment.objects.filter(pk=enrolment.pk).values_list("completed_at", "last_lesson_id")),
        Certificate.objects.count(),
    )


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param(insert("courses_lessoncompletion"), id="lesson-completion"),
        pytest.param(update("courses_enrolment", "last_activity_at"), id="last-activity"),
        pytest.param(update("courses_enrolment", "completed_at"), id="course-completion"),
        pytest.param(CERTIFICATE_INSERT, id="certificate"),
    ],
)
def test_an_outage_while_marking_the_last_lesson_done_leaves_nothing_half_done(learner, half_done, pattern):
    """Without a transaction around the view, an outage at the completion left every lesson
    done and the course not completed, with no button left to complete it."""
    enrolment, lessons = half_done
    before = lesson_state(enrolment)
    client = client_for(learner, raise_request_exception=False)
    done_url = reverse("courses:lesson_done", args=[lessons[1].pk])

    with database_down_from(pattern):
        response = client.post(done_url)

    assert lesson_state(enrolment) == before
    assert_outage_reported(response, pattern)

    again = client.post(done_url)

    assert again.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert LessonCompletion.objects.filter(enrolment=enrolment).count() == 2
    assert Certificate.objects.get().enrolment == enrolment


# Finishing a quiz ---------------------------------------------------------------------------------


@pytest.fixture
def answered_attempt(course_index, learner):
    """Every lesson done and every question of the final quiz answered right: submitting
    completes the course."""
    course, lessons, quiz = course_with_quiz(course_index, n_lessons=1, questions=2)
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])
    attempt = quiz.start_attempt(learner)
    for question in attempt.questions():
        attempt.save_response(question.pk, choice_tokens(attempt, question, correct_ids(question)))
    return enrolment, attempt


def quiz_state(enrolment, attempt):
    return (
        list(Attempt.objects.filter(pk=attempt.pk).values_list("submitted_at", "score", "percent", "status")),
        sorted(Response.objects.filter(attempt=attempt).values_list("question_id", "points")),
        Enrolment.objects.get(pk=enrolment.pk).completed_at,
        Certificate.objects.count(),
    )


@pytest.mark.parametrize(
    ("pattern", "nth"),
    [
        pytest.param(update("quizzes_response", "points"), 2, id="second-answer-points"),
        pytest.param(update("quizzes_attempt", "status"), 1, id="attempt-score"),
        pytest.param(update("courses_enrolment", "completed_at"), 1, id="course-completion"),
        pytest.param(CERTIFICATE_INSERT, 1, id="certificate"),
    ],
)
def test_an_outage_while_finishing_a_quiz_leaves_the_attempt_open_and_nothing_scored(
    learner, answered_attempt, pattern, nth
):
    """No attempt marked submitted without its score, and no passed final quiz without the
    course completion it brings (submitting again does nothing to a submitted attempt, so that
    completion would never come)."""
    enrolment, attempt = answered_attempt
    before = quiz_state(enrolment, attempt)
    client = client_for(learner, raise_request_exception=False)
    submit_url = reverse("quizzes:submit", args=[attempt.pk])

    with database_down_from(pattern, nth):
        response = client.post(submit_url)

    assert before[0][0][0] is None  # open
    assert quiz_state(enrolment, attempt) == before
    assert_outage_reported(response, pattern)

    again = client.post(submit_url)

    assert again.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.max_score) == (Attempt.Status.PASSED, Decimal("2"), 2)
    assert set(Response.objects.filter(attempt=attempt).values_list("points", flat=True)) == {Decimal("1")}
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
    assert Certificate.objects.get().score == Decimal("100.0")


def test_an_outage_while_saving_an_answer_saves_nothing(learner, answered_attempt):
    enrolment, attempt = answered_attempt
    question = attempt.questions()[0]
    wrong = next(answer.pk for answer in question.answers.all() if not answer.correct)
    client = client_for(learner, raise_request_exception=False)
    data = {"question": question.pk, "choice": choice_tokens(attempt, question, [wrong]), "action": "next"}
    url = reverse("quizzes:question", args=[attempt.pk, 1])

    with database_down_from(update("quizzes_response", "selected_ids")):
        response = client.post(url, data)

    assert_friendly_503(response)
    assert Response.objects.get(attempt=attempt, question=question).selected_ids == correct_ids(question)
    assert client.post(url, data).status_code == 302
    assert Response.objects.get(attempt=attempt, question=question).selected_ids == [wrong]


# Assigning a course to many staff --------------------------------------------------------------------


def test_an_outage_while_assigning_a_course_enrols_nobody_and_changes_no_due_date(hr, units, course_index):
    course, _lessons = make_course(course_index, 1)
    staff = [
        make_user(f"nv{n}", profile={"full_name": f"Nhân viên {n}", "institution": units["library_a"]})
        for n in range(5)
    ]
    already = enrol(staff[0], course)  # open, no due date: the assignment sets one
    due = (timezone.localdate() + timedelta(days=30)).isoformat()
    data = {
        "course": course.pk,
        "due_date": due,
        "institutions": [units["library_a"].pk],
        "position_match": "contains",
        "staff_only": "on",
        "confirm": "1",
    }
    client = client_for(hr, raise_request_exception=False)

    for pattern in (insert("courses_enrolment"), update("courses_enrolment", "due_date")):
        with database_down_from(pattern):
            response = client.post("/admin/assignments/new/", data)

        assert_friendly_503(response)
        assert list(Enrolment.objects.values_list("pk", "due_date", "assigned_by")) == [(already.pk, None, None)]

    assert client.post("/admin/assignments/new/", data).status_code == 302
    assert Enrolment.objects.filter(course=course, due_date=due, assigned_by=hr).count() == 5


# Saving a class's attendance ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "nth"),
    [
        pytest.param(update("classes_attendance", "completed"), 2, id="second-attendance"),
        pytest.param(insert("courses_enrolment"), 1, id="enrolment"),
        pytest.param(update("courses_enrolment", "completed_at"), 2, id="second-course-completion"),
        pytest.param(CERTIFICATE_INSERT, 2, id="second-certificate"),
    ],
)
def test_an_outage_while_saving_attendance_completes_nobody(provincial_admin, units, course_index, pattern, nth):
    """Ticking "completed" for a class held for an online course enrols, completes and
    certifies each attendee; an outage at any of those writes leaves the whole table as it was."""
    course, _lessons = make_course(course_index, 1)
    training_class = make_class(organiser=units["library_a"], course=course, ends_on=days_ago(1))
    attendances = [
        Attendance.objects.create(
            training_class=training_class, participant=person(f"hv{n}", units["library_a"], code=f"HV-{n}")
        )
        for n in range(2)
    ]
    data = formset_data([{"id": attendance.pk, "completed": True, "score": "90"} for attendance in attendances])
    client = client_for(provincial_admin, raise_request_exception=False)

    with database_down_from(pattern, nth):
        response = client.post(attendance_url(training_class), data)

    assert list(Attendance.objects.values_list("completed", "score")) == [(False, None), (False, None)]
    assert not Enrolment.objects.exists()
    assert not Certificate.objects.exists()
    assert_outage_reported(response, pattern)

    assert client.post(attendance_url(training_class), data).status_code == 302
    assert Attendance.objects.filter(completed=True, score=Decimal("90")).count() == 2
    assert Certificate.objects.filter(course=course).count() == 2


# An import that crashes on its third row -----------------------------------------------------------


class FailingThirdSave:
    """Patches ``model.save`` to raise on its third call (the others save as usual)."""

    def __init__(self, monkeypatch, model, error=None):
        self.calls = 0
        self.error = error or RuntimeError("disk full")
        original = model.save

        def save(instance, *args, **kwargs):
            self.calls += 1
            if self.calls == 3:
                raise self.error
            return original(instance, *args, **kwargs)

        monkeypatch.setattr(model, "save", save)


ROSTER_HEADERS = ["Họ và tên", "Email", "Mã nhân viên", "Đơn vị", "Chức danh"]
ROSTER_ROWS = [[f"Nguyễn Văn Số {n}", f"so{n}@example.vn", f"NV-{n:03d}", "tv-dai-tu", "Thủ thư"] for n in range(1, 6)]
roster_xlsx = partial(sheets.xlsx_bytes, headers=ROSTER_HEADERS)


def roster_snapshot():
    return (
        sorted(User.objects.values_list("pk", "username", "email")),
        sorted(StaffProfile.objects.values_list("pk", "full_name", "employee_code", "institution", "position")),
        StaffProfileLogEntry.objects.count(),
    )


def test_a_roster_import_that_crashes_on_its_third_row_writes_nothing(provincial_admin, units, monkeypatch):
    # One existing person the sheet updates: an update is rolled back as well as a creation.
    make_user("so1", email="so1@example.vn", profile={"full_name": "Nguyễn Văn Cũ", "employee_code": "NV-001"})
    client = client_for(provincial_admin, raise_request_exception=False)
    preview = client.post("/admin/people/import/", upload("nhan-su.xlsx", roster_xlsx(ROSTER_ROWS)))
    assert "4 new, 1 updated, 0 unchanged" in preview.content.decode()
    token = preview.context["confirm_form"].initial["token"]
    before = roster_snapshot()
    crash = FailingThirdSave(monkeypatch, StaffProfile)

    response = client.post("/admin/people/import/confirm/", {"token": token})

    assert response.status_code == 500
    assert "Lỗi máy chủ" in response.content.decode()
    assert crash.calls == 3
    assert roster_snapshot() == before
    monkeypatch.undo()
    # Confirming again either imports that preview whole or says it has expired: never half.
    again = client.post("/admin/people/import/confirm/", {"token": token})
    assert again.status_code == 302
    if again["Location"] == "/admin/people/import/":
        assert roster_snapshot() == before
    else:
        assert StaffProfile.objects.filter(employee_code__startswith="NV-").count() == 5


def test_an_outage_during_a_roster_import_writes_nothing(provincial_admin, units):
    client = client_for(provincial_admin, raise_request_exception=False)
    preview = client.post("/admin/people/import/", upload("nhan-su.xlsx", roster_xlsx(ROSTER_ROWS)))
    token = preview.context["confirm_form"].initial["token"]
    before = roster_snapshot()

    with database_down_from(insert("people_staffprofile"), 3):
        response = client.post("/admin/people/import/confirm/", {"token": token})

    assert_friendly_503(response)
    assert roster_snapshot() == before


@pytest.mark.parametrize("error", [RuntimeError("disk full"), OperationalError("server closed the connection")])
def test_the_import_staff_command_crashing_on_its_third_row_writes_nothing(tmp_path, units, monkeypatch, error):
    path = tmp_path / "nhan-su.xlsx"
    path.write_bytes(roster_xlsx(ROSTER_ROWS))
    before = roster_snapshot()
    FailingThirdSave(monkeypatch, StaffProfile, error)

    with pytest.raises(type(error)):
        call_command("import_staff", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert roster_snapshot() == before


QUESTION_HEADERS = ["category", "type", "question", "answer_1", "answer_2", "correct", "quiz"]
QUESTION_ROWS = [
    [f"Chuyển đổi số > Chủ đề {n}", "single", f"Câu hỏi {n}?", "Có", "Không", "1", "Kiểm tra cuối khoá"]
    for n in range(1, 6)
]
question_xlsx = partial(sheets.xlsx_bytes, headers=QUESTION_HEADERS)


def question_bank_snapshot():
    return (
        Question.objects.count(),
        Answer.objects.count(),
        QuizQuestion.objects.count(),
        sorted(Category.objects.values_list("pk", "name")),
    )


@pytest.fixture
def final_quiz(trainer):
    """A quiz the trainer wrote, attached to no course yet: theirs to add questions to."""
    return make_quiz(1, title="Kiểm tra cuối khoá", created_by=trainer)


def test_a_question_import_that_crashes_on_its_third_row_writes_nothing_and_says_so(trainer, final_quiz, monkeypatch):
    client = client_for(trainer)
    preview = client.post("/admin/quizzes/import/", upload("cau-hoi.xlsx", question_xlsx(QUESTION_ROWS)))
    token = preview.context["confirm_form"].initial["token"]
    before = question_bank_snapshot()
    FailingThirdSave(monkeypatch, Question)

    response = client.post("/admin/quizzes/import/confirm/", {"token": token})

    # django-import-export reports the crash as the row's error, and rolls the import back.
    assert response.status_code == 200
    assert [(error.number, error.messages) for error in response.context["report"].errors] == [(4, ["disk full"])]
    assert question_bank_snapshot() == before


def test_an_outage_during_a_question_import_writes_nothing(trainer, final_quiz):
    client = client_for(trainer, raise_request_exception=False)
    preview = client.post("/admin/quizzes/import/", upload("cau-hoi.xlsx", question_xlsx(QUESTION_ROWS)))
    token = preview.context["confirm_form"].initial["token"]
    before = question_bank_snapshot()

    with database_down_from(insert("quizzes_question"), 3):
        response = client.post("/admin/quizzes/import/confirm/", {"token": token})

    assert_friendly_503(response)
    assert question_bank_snapshot() == before


def test_the_import_questions_command_crashing_on_its_third_row_writes_nothing(tmp_path, final_quiz, monkeypatch):
    path = tmp_path / "cau-hoi.xlsx"
    path.write_bytes(question_xlsx(QUESTION_ROWS))
    before = question_bank_snapshot()
    FailingThirdSave(monkeypatch, Question)
    stderr = io.StringIO()

    with pytest.raises(CommandError, match="1 row has errors; nothing was imported"):
        call_command("import_questions", str(path), stdout=io.StringIO(), stderr=stderr)

    assert f"{path}:4: disk full" in stderr.getvalue()
    assert question_bank_snapshot() == before


ATTENDANCE_HEADERS = ["Mã nhân viên", "Email", "Họ và tên", "Hoàn thành", "Điểm"]


def attendance_snapshot():
    return (
        sorted(Attendance.objects.values_list("pk", "participant", "completed", "score")),
        Enrolment.objects.count(),
        Certificate.objects.count(),
    )


def test_an_attendance_import_that_crashes_on_its_third_row_writes_nothing(
    provincial_admin, units, course_index, monkeypatch
):
    course, _lessons = make_course(course_index, 1)
    training_class = make_class(organiser=units["library_a"], course=course)
    people = [person(f"hv{n}", units["library_a"], code=f"HV-{n}", full_name=f"Học viên {n}") for n in range(5)]
    Attendance.objects.create(training_class=training_class, participant=people[0])  # updated by the sheet
    rows = [[p.employee_code, "", p.full_name, "có", "80"] for p in people]
    data = sheets.xlsx_bytes(rows, headers=ATTENDANCE_HEADERS)
    base = attendance_url(training_class)
    client = client_for(provincial_admin)
    preview = client.post(base + "import/", upload("diem-danh.xlsx", data))
    token = preview.context["confirm_form"].initial["token"]
    before = attendance_snapshot()
    FailingThirdSave(monkeypatch, Attendance)

    response = client.post(base + "import/confirm/", {"token": token})

    assert response.status_code == 200
    assert [(error.number, error.messages) for error in response.context["report"].errors] == [(4, ["disk full"])]
    assert attendance_snapshot() == before


# Certificates owed or queued ----------------------------------------------------------------------------


def test_a_certificate_that_cannot_be_issued_leaves_the_completion_owed_and_the_command_catches_up(
    learner, half_done, monkeypatch
):
    """The certificate is issued in the completion's transaction but may fail on its own (a
    bug, a full sequence): the learner's completion stands and the certificate is owed."""
    enrolment, lessons = half_done
    manager = type(Certificate.objects)

    def broken_issue(self, enrolment, **kwargs):
        raise RuntimeError("number prefix misconfigured")

    monkeypatch.setattr(manager, "issue", broken_issue)
    response = client_for(learner).post(reverse("courses:lesson_done", args=[lessons[1].pk]))

    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert not Certificate.objects.exists()
    assert list(Certificate.objects.owed_enrolments()) == [enrolment]

    monkeypatch.undo()
    out = io.StringIO()
    call_command("issue_certificates", stdout=out, stderr=io.StringIO())

    assert "Issued 1 certificate" in out.getvalue()
    assert Certificate.objects.get().enrolment == enrolment
    assert [message.to for message in mail.outbox] == [[learner.email]]


class DisconnectedBackend(EmailBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


def test_a_mail_server_failure_keeps_the_rendered_pdf_and_the_retry_sends_it_without_rendering_again(
    learner, half_done, settings, monkeypatch, django_capture_on_commit_callbacks
):
    """Through Django's mail backend (not a patched helper): the PDF rendered before the
    e-mail failed is stored, and the retry e-mails those very bytes."""
    enrolment, lessons = half_done
    settings.EMAIL_BACKEND = f"{__name__}.DisconnectedBackend"
    renders = []
    render = pdf.render_certificate
    monkeypatch.setattr(pdf, "render_certificate", lambda *args: renders.append(1) or render(*args))

    with django_capture_on_commit_callbacks(execute=True):
        enrolment.mark_lesson_done(lessons[1])

    certificate = Certificate.objects.get()
    assert certificate.delivery_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert (certificate.delivered_at, certificate.delivery_attempts) == (None, 1)
    stored = certificate.pdf.read()
    assert stored.startswith(b"%PDF")
    assert list(Certificate.objects.delivery_to_retry()) == [certificate]

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("issue_certificates", stdout=io.StringIO(), stderr=io.StringIO())

    certificate.refresh_from_db()
    assert certificate.delivered_at is not None and certificate.delivery_error == ""
    [message] = mail.outbox
    assert message.attachments == [(certificate.filename, stored, "application/pdf")]
    assert len(renders) == 1
    assert CertificateSequence.objects.get().last == 1  # the same certificate, not a new number
