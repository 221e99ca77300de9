"""A course with a required final quiz is complete when its lessons are done and the quiz is
passed; lesson-check quizzes and drafts never hold it back."""

import pytest

from courses.models import Enrolment
from quizzes.models import Question

from .conftest import enrol, make_course
from .quiz_factories import (
    choice_tokens,
    correct_ids,
    course_with_quiz,
    make_question,
    make_quiz,
    recording_completions,
    submit_url,
    take,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def completions():
    with recording_completions() as sent:
        yield sent


@pytest.fixture
def final(course_index, learner):
    """A two-lesson course whose final quiz (two questions, pass mark 50 %) the learner is
    enrolled for; returns (enrolment, lessons, quiz)."""
    course, lessons, quiz = course_with_quiz(course_index, n_lessons=2, questions=2, pass_mark=50)
    return enrol(learner, course), lessons, quiz


def completed_at(enrolment):
    return Enrolment.objects.get(pk=enrolment.pk).completed_at


def do_lessons(enrolment, lessons):
    for lesson in lessons:
        enrolment.mark_lesson_done(lesson)


def test_lessons_and_passed_quiz_complete_the_course_once(final, learner, completions):
    enrolment, lessons, quiz = final
    do_lessons(enrolment, lessons)
    assert completed_at(enrolment) is None

    take(quiz, learner, right=1)

    assert completed_at(enrolment) is not None
    assert completions == [enrolment.pk]
    take(quiz, learner, right=2)
    enrolment.mark_lesson_done(lessons[0])
    assert completions == [enrolment.pk]


def test_failing_the_quiz_does_not_complete_the_course(final, learner, completions):
    enrolment, lessons, quiz = final
    do_lessons(enrolment, lessons)

    take(quiz, learner, right=0)

    assert completed_at(enrolment) is None
    assert completions == []


def test_progress_stays_below_100_until_the_quiz_is_passed(final, learner, learner_client):
    enrolment, lessons, quiz = final
    do_lessons(enrolment, lessons)

    page = learner_client.get(enrolment.course.url).text
    assert Enrolment.objects.with_progress().get(pk=enrolment.pk).progress_percent == 99
    assert 'aria-valuenow="99"' in page

    take(quiz, learner, right=2)
    assert 'aria-valuenow="100"' in learner_client.get(enrolment.course.url).text


def test_passing_on_a_retake_completes_the_course(final, learner, completions):
    enrolment, lessons, quiz = final
    do_lessons(enrolment, lessons)
    take(quiz, learner, right=0)

    take(quiz, learner, right=2)

    assert completed_at(enrolment) is not None
    assert completions == [enrolment.pk]


def test_passed_quiz_alone_does_not_complete_the_course(final, learner, completions):
    enrolment, lessons, quiz = final
    enrolment.mark_lesson_done(lessons[0])

    take(quiz, learner, right=2)

    assert completed_at(enrolment) is None
    assert completions == []


def test_lessons_done_after_passing_the_quiz_complete_the_course(final, learner, completions):
    enrolment, lessons, quiz = final
    take(quiz, learner, right=2)

    do_lessons(enrolment, lessons)

    assert completed_at(enrolment) is not None
    assert completions == [enrolment.pk]


def test_when_the_first_attempt_counts_a_later_pass_does_not_complete(final, learner, completions):
    enrolment, lessons, quiz = final
    quiz.grading = "first"
    quiz.save()
    do_lessons(enrolment, lessons)
    take(quiz, learner, right=0)

    take(quiz, learner, right=2)

    assert completed_at(enrolment) is None


def test_course_page_lists_the_unmet_final_quiz_with_a_link(final, learner_client):
    enrolment, lessons, quiz = final
    do_lessons(enrolment, lessons)

    page = learner_client.get(enrolment.course.url).text

    assert '<li class="met">All lessons done</li>' in page
    assert (
        f'<li class="unmet"><a href="{quiz.get_absolute_url()}">Pass the final test “{quiz.title}” (pass mark 50%)'
        in (page)
    )


def test_submitting_through_the_pages_completes_the_course(final, learner, learner_client, completions):
    enrolment, lessons, quiz = final
    for lesson in lessons:
        learner_client.post(f"/learning/lessons/{lesson.pk}/done/")
    learner_client.post(f"/quizzes/{quiz.pk}/start/")
    attempt = quiz.attempts.get()
    for question in attempt.questions():
        attempt.save_response(question.pk, choice_tokens(attempt, question, correct_ids(question)))

    learner_client.post(submit_url(attempt))
    learner_client.post(submit_url(attempt))

    assert completions == [enrolment.pk]
    assert "Completed on" in learner_client.get(enrolment.course.url).text


# Essays waiting for marking ------------------------------------------------------------------------------


@pytest.fixture
def essay_final(course_index, learner, trainer):
    """Lessons done, final quiz of one choice question and one essay submitted with the
    choice right: the result (pass mark 100 %) waits on the essay, which ``trainer`` marks."""
    essay = make_question(Question.Kind.ESSAY)
    choice = make_question()
    course, lessons = make_course(course_index, 1, trainer=trainer)
    quiz = make_quiz([choice, essay], course=course, pass_mark=100)
    enrolment = enrol(learner, course)
    do_lessons(enrolment, lessons)
    attempt = quiz.start_attempt(learner)
    attempt.save_response(choice.pk, choice_tokens(attempt, choice, correct_ids(choice)))
    attempt.save_response(essay.pk, text="Bài luận về chuyển đổi số.")
    attempt.submit()
    return enrolment, quiz, attempt.responses.get(question=essay)


def test_essay_waiting_for_marking_leaves_the_course_pending(essay_final, learner_client, completions):
    enrolment, quiz, _essay = essay_final

    page = learner_client.get(enrolment.course.url).text

    assert completed_at(enrolment) is None
    assert completions == []
    assert (
        f'<li class="pending"><a href="{quiz.get_absolute_url()}">“{quiz.title}”: '
        "waiting for the trainer to mark your answers</a></li>"
    ) in page


def test_marking_the_essay_completes_the_course(essay_final, trainer, learner_client, completions):
    enrolment, _quiz, essay = essay_final

    essay.mark("1", trainer, feedback="Bài viết tốt.")

    assert completed_at(enrolment) is not None
    assert completions == [enrolment.pk]
    assert "Completed on" in learner_client.get(enrolment.course.url).text


def test_essay_marked_below_the_pass_mark_does_not_complete(essay_final, trainer, completions):
    enrolment, quiz, essay = essay_final

    essay.mark("0.5", trainer)

    assert completed_at(enrolment) is None
    assert completions == []
    assert quiz.result_for(enrolment.user).status == "failed"


def test_only_the_courses_trainers_mark_its_essays(essay_final, trainer, completions):
    """Checked as the mark is written: a trainer no longer assigned to the course (or never)
    cannot pass a learner, whatever screen they reach."""
    from django.core.exceptions import PermissionDenied

    from courses.models import CourseTrainer

    from .conftest import make_user

    enrolment, _quiz, essay = essay_final
    other = make_user("giangvien-khac", groups=["Trainers"])
    CourseTrainer.objects.filter(user=trainer).delete()

    for marker in (trainer, other):
        with pytest.raises(PermissionDenied):
            essay.mark("1", marker)

    essay.refresh_from_db()
    assert essay.points is None and essay.marked_by is None
    assert completed_at(enrolment) is None
    assert completions == []


# Quizzes that do not gate completion -------------------------------------------------------------------


def test_lesson_check_quiz_never_gates_completion(course_index, learner, completions):
    course, lessons = make_course(course_index, 2)
    quiz = make_quiz(2, lesson=lessons[0], required_for_completion=True)
    enrolment = enrol(learner, course)
    take(quiz, learner, right=0)

    do_lessons(enrolment, lessons)

    assert completed_at(enrolment) is not None
    assert completions == [enrolment.pk]


def test_lesson_check_quiz_is_a_link_on_its_lesson_page(course_index, learner, learner_client):
    course, lessons = make_course(course_index, 2)
    quiz = make_quiz(2, lesson=lessons[0])
    enrol(learner, course)

    first = learner_client.get(lessons[0].url).text
    second = learner_client.get(lessons[1].url).text

    assert f'href="{quiz.get_absolute_url()}">Check your understanding: {quiz.title}</a>' in first
    assert quiz.get_absolute_url() not in second
    assert "Check your understanding" not in learner_client.get(course.url).text


@pytest.mark.parametrize("fields", [{"draft": True}, {"required_for_completion": False}], ids=["draft", "optional"])
def test_draft_or_optional_quiz_does_not_gate_completion(course_index, learner, completions, fields):
    course, lessons, quiz = course_with_quiz(course_index, n_lessons=2, **fields)
    enrolment = enrol(learner, course)

    do_lessons(enrolment, lessons)

    assert completed_at(enrolment) is not None
    assert completions == [enrolment.pk]


def test_draft_lesson_check_quiz_is_not_linked(course_index, learner, learner_client):
    course, lessons = make_course(course_index, 1)
    quiz = make_quiz(2, lesson=lessons[0], draft=True)
    enrol(learner, course)

    assert quiz.get_absolute_url() not in learner_client.get(lessons[0].url).text
