"""Trainers mark essays of their own courses' quizzes; marking regrades the attempt."""

from decimal import Decimal

import pytest

from courses.models import Enrolment
from people.roles import TRAINERS
from quizzes.models import Attempt, Question, Response

from .conftest import client_for, make_course, make_user
from .quiz_factories import make_question, make_quiz
from .quiz_helpers import take_quiz

MARKING = "/admin/quizzes/marking/"


def mark_url(response):
    return f"{MARKING}{response.pk}/"


@pytest.fixture
def other_trainer(db):
    return make_user("gv-khac", groups=[TRAINERS], profile={"full_name": "Đinh Thị Khác"})


@pytest.fixture
def course_with_essay_quiz(course_index, trainer, learner):
    """A one-lesson course whose final quiz (pass mark 75 %) has a choice question and an
    essay; the learner has done the lesson and answered both, the choice correctly."""
    course, lessons = make_course(course_index, 1, trainer=trainer, title="Số hoá tài liệu")
    choice = make_question(content="Chuẩn trao đổi biểu ghi?", answers=[("MARC 21", True), ("JPEG", False)])
    essay = make_question(content="Trình bày kế hoạch số hoá tài liệu địa chí.", kind=Question.Kind.ESSAY)
    quiz = make_quiz([choice, essay], title="Kiểm tra cuối khoá số hoá", course=course, pass_mark=75)
    enrolment = Enrolment.objects.create(user=learner, course=course)
    enrolment.mark_lesson_done(lessons[0])
    attempt = take_quiz(quiz, learner, {choice: True, essay: "Bước 1: khảo sát kho tài liệu địa chí…"})
    return {
        "course": course,
        "lessons": lessons,
        "quiz": quiz,
        "enrolment": enrolment,
        "attempt": attempt,
        "essay": Response.objects.get(attempt=attempt, question=essay),
    }


def test_submitted_essay_waits_for_marking(course_with_essay_quiz):
    attempt = course_with_essay_quiz["attempt"]

    assert attempt.status == Attempt.Status.PENDING
    assert not Enrolment.objects.get(pk=course_with_essay_quiz["enrolment"].pk).is_completed


def test_trainer_sees_essays_of_own_course_with_learner_name(course_with_essay_quiz, trainer):
    response = client_for(trainer).get(MARKING)

    assert response.status_code == 200
    assert "Nguyễn Thị Lan" in response.text
    assert "Kiểm tra cuối khoá số hoá" in response.text
    assert mark_url(course_with_essay_quiz["essay"]) in response.text


def test_mark_screen_shows_the_essay(course_with_essay_quiz, trainer):
    response = client_for(trainer).get(mark_url(course_with_essay_quiz["essay"]))

    assert response.status_code == 200
    assert "Nguyễn Thị Lan" in response.text
    assert "Trình bày kế hoạch số hoá tài liệu địa chí." in response.text
    assert "Bước 1: khảo sát kho tài liệu địa chí…" in response.text


def test_marking_regrades_and_completes_the_course(course_with_essay_quiz, trainer):
    essay = course_with_essay_quiz["essay"]

    response = client_for(trainer).post(mark_url(essay), {"points": "0.5", "feedback": "Thiếu bước nghiệm thu."})

    assert response.status_code == 302
    assert response["Location"] == MARKING  # nothing else to mark
    essay.refresh_from_db()
    assert essay.points == Decimal("0.50")
    assert essay.marked_by == trainer
    assert essay.feedback == "Thiếu bước nghiệm thu."
    attempt = Attempt.objects.get(pk=course_with_essay_quiz["attempt"].pk)
    assert attempt.percent == Decimal("75.00")
    assert attempt.status == Attempt.Status.PASSED
    assert Enrolment.objects.get(pk=course_with_essay_quiz["enrolment"].pk).is_completed
    assert "Nguyễn Thị Lan" not in client_for(trainer).get(MARKING).text


def test_low_mark_fails_the_attempt_and_course_stays_open(course_with_essay_quiz, trainer):
    client_for(trainer).post(mark_url(course_with_essay_quiz["essay"]), {"points": "0.25", "feedback": ""})

    attempt = Attempt.objects.get(pk=course_with_essay_quiz["attempt"].pk)
    assert attempt.percent == Decimal("62.50")
    assert attempt.status == Attempt.Status.FAILED
    assert not Enrolment.objects.get(pk=course_with_essay_quiz["enrolment"].pk).is_completed


@pytest.mark.parametrize("points", ["1.5", "-0.25", "abc", ""])
def test_invalid_mark_is_refused(course_with_essay_quiz, trainer, points):
    essay = course_with_essay_quiz["essay"]

    response = client_for(trainer).post(mark_url(essay), {"points": points, "feedback": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors["points"]
    essay.refresh_from_db()
    assert essay.points is None
    assert Attempt.objects.get(pk=course_with_essay_quiz["attempt"].pk).status == Attempt.Status.PENDING


def test_marking_moves_on_to_the_next_essay(course_with_essay_quiz, trainer, other_learner):
    quiz = course_with_essay_quiz["quiz"]
    choice, essay_question = (Question.objects.get(pk=pk) for pk in quiz.question_ids())
    second = take_quiz(quiz, other_learner, {choice: False, essay_question: "Em chưa biết."})
    second_essay = second.responses.get(question=essay_question)

    response = client_for(trainer).post(mark_url(course_with_essay_quiz["essay"]), {"points": "1"})

    assert response["Location"] == mark_url(second_essay)


def test_other_trainer_can_neither_see_nor_mark(course_with_essay_quiz, other_trainer):
    client = client_for(other_trainer)
    essay = course_with_essay_quiz["essay"]

    listing = client.get(MARKING)
    assert listing.status_code == 200
    assert "Nguyễn Thị Lan" not in listing.text
    assert client.get(mark_url(essay)).status_code == 404
    assert client.post(mark_url(essay), {"points": "1"}).status_code == 404
    essay.refresh_from_db()
    assert essay.points is None


def test_trainer_marks_quiz_attached_to_a_lesson_of_own_course(course_index, trainer, other_trainer, learner):
    course, lessons = make_course(course_index, 2, trainer=trainer)
    essay_question = make_question(content="Bài tự luận của bài học", kind=Question.Kind.ESSAY)
    quiz = make_quiz([essay_question], title="Kiểm tra bài 2", lesson=lessons[1])
    attempt = take_quiz(quiz, learner, {essay_question: "Trả lời"})
    essay = attempt.responses.get()

    assert client_for(trainer).get(mark_url(essay)).status_code == 200
    assert client_for(other_trainer).get(mark_url(essay)).status_code == 404


@pytest.mark.parametrize("admin_fixture", ["provincial_admin", "superuser"])
def test_administrators_mark_any_course(course_with_essay_quiz, request, admin_fixture):
    admin = request.getfixturevalue(admin_fixture)
    client = client_for(admin)

    assert "Nguyễn Thị Lan" in client.get(MARKING).text
    response = client.post(mark_url(course_with_essay_quiz["essay"]), {"points": "1"})

    assert response.status_code == 302
    assert Attempt.objects.get(pk=course_with_essay_quiz["attempt"].pk).status == Attempt.Status.PASSED


def test_hr_and_learner_are_refused(course_with_essay_quiz, hr, learner):
    essay = course_with_essay_quiz["essay"]
    for user in (hr, learner):
        client = client_for(user)
        attempts = (client.get(MARKING), client.get(mark_url(essay)), client.post(mark_url(essay), {"points": "1"}))
        for response in attempts:
            assert response.status_code in (302, 403, 404)
            if response.status_code == 302:
                assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")
    essay.refresh_from_db()
    assert essay.points is None


def test_choice_responses_are_not_markable(course_with_essay_quiz, trainer):
    choice = Response.objects.exclude(pk=course_with_essay_quiz["essay"].pk).get()

    assert client_for(trainer).get(mark_url(choice)).status_code == 404


def test_essays_are_filtered_by_quiz_among_the_trainers_own(course_with_essay_quiz, trainer, other_trainer, learner):
    course_b, _lessons = make_course(course_with_essay_quiz["course"].get_parent(), 1, trainer=other_trainer)
    essay_question = make_question(content="Bài tự luận khác", kind=Question.Kind.ESSAY)
    own_other_quiz = make_quiz([essay_question], title="Kiểm tra giữa khoá", course=course_with_essay_quiz["course"])
    other_quiz = make_quiz([make_question()], title="Kiểm tra của lớp khác", course=course_b)
    second = take_quiz(own_other_quiz, learner, {essay_question: "Trả lời giữa khoá"}).responses.get()
    client = client_for(trainer)

    listing = client.get(MARKING).text
    filtered = client.get(MARKING, {"quiz": own_other_quiz.pk}).text
    refreshed = client.get(f"{MARKING}results/", {"quiz": course_with_essay_quiz["quiz"].pk}).text

    assert 'aria-controls="drilldown-id_quiz"' in listing
    assert f'<option value="{own_other_quiz.pk}">' in listing
    assert f'<option value="{other_quiz.pk}">' not in listing  # another trainer's
    assert mark_url(second) in filtered and mark_url(course_with_essay_quiz["essay"]) not in filtered
    assert mark_url(course_with_essay_quiz["essay"]) in refreshed and mark_url(second) not in refreshed
    assert "1 essay waiting for a mark" in filtered
