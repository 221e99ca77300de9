"""Simultaneous requests cannot break the quiz rules: the database constraints and row locks
decide. PostgreSQL only (SQLite serialises writers, so there is no race to test); run with
DATABASE_URL set.

Each test lines its threads up on a barrier and makes them call the model methods the views
call, each thread on its own connection, closed when it ends.
"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from courses.models import Enrolment
from quizzes.models import Attempt, Quiz, QuizError

from .concurrency import together as run_together
from .conftest import enrol, make_user
from .quiz_factories import T0, answer_attempt, course_with_quiz, make_quiz, recording_completions, take

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency tests need PostgreSQL (DATABASE_URL)"),
    # Threads see only committed data. No serialized rollback: after a browser test's flush,
    # the role groups post_migrate recreates clash with the serialized ones; the fixtures
    # (course_index, institution_type) rebuild what the flush removed instead.
    pytest.mark.django_db(transaction=True),
]


def together(*calls):
    """The calls at the same moment; a QuizError one of them raised is its result."""
    return run_together(*calls, expected=QuizError)


def start_for(quiz, user):
    """What one request does: load the quiz and the learner afresh, then start."""
    return lambda: Quiz.objects.get(pk=quiz.pk).start_attempt(get_user_model().objects.get(pk=user.pk))


ROUNDS = 5  # a race shows only sometimes; each round is a fresh learner


def test_two_simultaneous_starts_of_a_single_attempt_quiz_make_one_attempt():
    quiz = make_quiz(3, attempts_allowed=1)

    for round_ in range(ROUNDS):
        learner = make_user(f"hocvien{round_}")
        results = together(start_for(quiz, learner), start_for(quiz, learner))

        attempt = Attempt.objects.get(quiz=quiz, user=learner)
        assert [getattr(result, "pk", result) for result in results] == [attempt.pk, attempt.pk]


def test_two_simultaneous_starts_after_a_finished_attempt_make_one_new_attempt():
    quiz = make_quiz(3, attempts_allowed=2)

    for round_ in range(ROUNDS):
        learner = make_user(f"hocvien{round_}")
        take(quiz, learner, right=1)
        results = together(start_for(quiz, learner), start_for(quiz, learner))

        assert sorted(quiz.attempts.filter(user=learner).values_list("number", flat=True)) == [1, 2]
        new = Attempt.objects.get(quiz=quiz, user=learner, number=2)
        # Both requests land on the new attempt; neither is told the attempts are used up.
        assert [getattr(result, "pk", result) for result in results] == [new.pk, new.pk]


def test_two_simultaneous_submits_score_once(learner):
    quiz = make_quiz(4, pass_mark=50)
    attempt = quiz.start_attempt(learner, now=T0)
    answer_attempt(attempt, right=3, now=T0)

    def submit(minutes):
        return lambda: Attempt.objects.get(pk=attempt.pk).submit(now=T0 + timedelta(minutes=minutes))

    results = together(submit(5), submit(6))

    assert sorted(results) == [False, True]
    stored = Attempt.objects.get(pk=attempt.pk)
    assert (stored.score, stored.percent, stored.status) == (3, 75, "passed")
    assert stored.submitted_at in (T0 + timedelta(minutes=5), T0 + timedelta(minutes=6))
    assert sorted(stored.responses.values_list("points", flat=True)) == [0, 1, 1, 1]


def test_completing_the_course_from_two_threads_sends_one_signal(course_index, learner):
    course, lessons, quiz = course_with_quiz(course_index, n_lessons=2, questions=2, pass_mark=50)
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])
    attempt = quiz.start_attempt(learner)
    answer_attempt(attempt, right=2)

    with recording_completions() as sent:
        together(
            lambda: Enrolment.objects.get(pk=enrolment.pk).mark_lesson_done(lessons[1]),
            lambda: Attempt.objects.get(pk=attempt.pk).submit(),
            lambda: Enrolment.objects.get(pk=enrolment.pk).mark_lesson_done(lessons[1]),
        )

    assert sent == [enrolment.pk]
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None


def test_two_threads_refreshing_a_complete_enrolment_send_one_signal(course_index, learner):
    course, lessons, quiz = course_with_quiz(course_index, n_lessons=1, questions=1)
    enrolment = enrol(learner, course)
    take(quiz, learner, right=1)
    enrolment.completions.create(lesson=lessons[0])

    with recording_completions() as sent:
        results = together(*[lambda: Enrolment.objects.get(pk=enrolment.pk).refresh_completion()] * 3)

    assert results == [True, True, True]
    assert sent == [enrolment.pk]
