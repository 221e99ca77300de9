"""The quiz rules on the models: drawing questions, attempts, scoring, grading, time limits."""

import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest

from quizzes.models import Answer, Attempt, InvalidAnswer, Question, QuizError

from .quiz_factories import (
    T0,
    answer_attempt,
    choice_tokens,
    correct_ids,
    make_question,
    make_quiz,
    right_choices,
    take,
    wrong_choices,
    wrong_ids,
)

pytestmark = pytest.mark.django_db


# Drawing questions -----------------------------------------------------------------------------


def test_attempt_has_every_question_in_quiz_order_by_default(learner):
    quiz = make_quiz(6)

    attempt = quiz.start_attempt(learner)

    assert attempt.question_ids == quiz.question_ids()
    assert [q.pk for q in attempt.questions()] == quiz.question_ids()


def test_random_order_shuffles_the_same_questions():
    quiz = make_quiz(8, random_order=True)

    draws = [quiz.draw_questions() for _ in range(20)]

    assert all(sorted(draw) == sorted(quiz.question_ids()) for draw in draws)
    assert len({tuple(draw) for draw in draws}) > 1


def test_max_questions_gives_each_attempt_that_many_distinct_questions_of_the_quiz(learner):
    quiz = make_quiz(10, max_questions=3)
    pool = quiz.question_ids()

    attempts = [take(quiz, learner, right=0) for _ in range(8)]

    for attempt in attempts:
        assert len(attempt.question_ids) == 3
        assert len(set(attempt.question_ids)) == 3
        assert set(attempt.question_ids) <= set(pool)
        # Without random order, the drawn questions keep the quiz's order.
        assert attempt.question_ids == sorted(attempt.question_ids, key=pool.index)
        assert attempt.max_score == 3
    assert len({frozenset(a.question_ids) for a in attempts}) > 1


def test_max_questions_with_random_order_draws_a_shuffled_subset():
    quiz = make_quiz(6, max_questions=4, random_order=True)

    draw = quiz.draw_questions(rng=random.Random(7))

    assert len(set(draw)) == 4
    assert set(draw) <= set(quiz.question_ids())


def test_max_questions_above_the_pool_takes_them_all(learner):
    quiz = make_quiz(3, max_questions=10)

    assert sorted(quiz.start_attempt(learner).question_ids) == sorted(quiz.question_ids())


def test_quiz_without_questions_cannot_be_started(learner):
    quiz = make_quiz(0)

    with pytest.raises(QuizError, match="no questions"):
        quiz.start_attempt(learner)
    assert not Attempt.objects.exists()


# Attempts ------------------------------------------------------------------------------------


def test_start_resumes_the_open_attempt(learner):
    quiz = make_quiz(3)

    first = quiz.start_attempt(learner)
    again = quiz.start_attempt(learner)

    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_single_attempt_refuses_a_second_start(learner):
    quiz = make_quiz(2, attempts_allowed=1)
    take(quiz, learner, right=0)

    with pytest.raises(QuizError, match="You have used all your attempts at this quiz."):
        quiz.start_attempt(learner)
    assert Attempt.objects.count() == 1
    assert quiz.attempts_left(learner) == 0


def test_attempts_allowed_counts_every_attempt(learner, other_learner):
    quiz = make_quiz(2, attempts_allowed=3)

    numbers = [take(quiz, learner, right=0).number for _ in range(3)]

    assert numbers == [1, 2, 3]
    with pytest.raises(QuizError):
        quiz.start_attempt(learner)
    assert quiz.attempts_left(other_learner) == 3
    assert quiz.start_attempt(other_learner).number == 1


def test_unlimited_attempts(learner):
    quiz = make_quiz(1, attempts_allowed=0)

    for _ in range(12):
        take(quiz, learner, right=1)

    assert quiz.attempts_left(learner) is None
    assert quiz.attempts.filter(user=learner).count() == 12


def test_draft_quiz_cannot_be_started(learner):
    quiz = make_quiz(2, draft=True)

    with pytest.raises(QuizError, match="not published"):
        quiz.start_attempt(learner)
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    "opens, closes",
    [(timedelta(hours=1), None), (None, timedelta(hours=-1)), (timedelta(days=-2), timedelta(seconds=0))],
    ids=["not-yet-open", "closed", "closes-now"],
)
def test_quiz_outside_its_dates_cannot_be_started(learner, opens, closes):
    quiz = make_quiz(
        2, opens_at=T0 + opens if opens is not None else None, closes_at=T0 + closes if closes is not None else None
    )

    with pytest.raises(QuizError, match="This quiz is closed."):
        quiz.start_attempt(learner, now=T0)
    assert not Attempt.objects.exists()


def test_quiz_within_its_dates_can_be_started(learner):
    quiz = make_quiz(2, opens_at=T0 - timedelta(hours=1), closes_at=T0 + timedelta(hours=1))

    attempt = quiz.start_attempt(learner, now=T0)

    assert attempt.deadline == quiz.closes_at


# Scoring -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("right", "status", "percent"), [(3, "passed", "60.00"), (2, "failed", "40.00")])
def test_pass_mark_is_inclusive(learner, right, status, percent):
    quiz = make_quiz(5, pass_mark=60)

    attempt = take(quiz, learner, right=right)

    assert attempt.status == status
    assert attempt.percent == Decimal(percent)
    assert attempt.score == right
    assert Attempt.objects.get(pk=attempt.pk).status == status


@pytest.mark.parametrize(
    ("pick", "points"),
    [
        (lambda right, wrong: right, 1),
        (lambda right, wrong: right[:1], 0),
        (lambda right, wrong: right + wrong[:1], 0),
        (lambda right, wrong: wrong, 0),
        (lambda right, wrong: [], 0),
    ],
    ids=["all-correct", "one-of-two-correct", "correct-plus-wrong", "wrong-only", "nothing"],
)
def test_multiple_response_is_all_or_nothing(learner, pick, points):
    question = make_question(Question.Kind.MULTIPLE)
    attempt = make_quiz([question]).start_attempt(learner)
    attempt.save_response(
        question.pk, choice_tokens(attempt, question, pick(correct_ids(question), wrong_ids(question)))
    )

    attempt.submit()

    assert attempt.responses.get().points == points
    assert attempt.score == points


def test_true_false_and_single_choice_score_one_point_each(learner):
    questions = [make_question(Question.Kind.TRUE_FALSE), make_question(), make_question()]
    attempt = make_quiz(questions, pass_mark=50).start_attempt(learner)
    attempt.save_response(questions[0].pk, right_choices(attempt, questions[0]))
    attempt.save_response(questions[1].pk, right_choices(attempt, questions[1]))
    attempt.save_response(questions[2].pk, wrong_choices(attempt, questions[2])[:1])

    attempt.submit()

    assert (attempt.score, attempt.max_score, attempt.percent) == (2, 3, Decimal("66.67"))
    assert attempt.status == Attempt.Status.PASSED


def test_unanswered_questions_score_nothing(learner):
    quiz = make_quiz(4)
    attempt = quiz.start_attempt(learner)

    attempt.submit()

    assert (attempt.score, attempt.max_score, attempt.percent, attempt.status) == (0, 4, 0, "failed")


def test_saving_again_replaces_the_answer(learner):
    question = make_question()
    attempt = make_quiz([question]).start_attempt(learner)
    attempt.save_response(question.pk, wrong_choices(attempt, question)[:1])

    attempt.save_response(question.pk, right_choices(attempt, question))
    attempt.submit()

    assert attempt.responses.get().selected_ids == correct_ids(question)
    assert attempt.score == 1


def test_submitting_twice_changes_nothing(learner):
    quiz = make_quiz(3)
    attempt = quiz.start_attempt(learner, now=T0)
    answer_attempt(attempt, right=2, now=T0)
    assert attempt.submit(now=T0 + timedelta(minutes=5)) is True

    assert attempt.submit(now=T0 + timedelta(minutes=9)) is False
    stale = Attempt.objects.get(pk=attempt.pk)
    stale.submitted_at = None  # another request's copy, loaded before the first submit
    assert stale.submit(now=T0 + timedelta(minutes=10)) is False

    stored = Attempt.objects.get(pk=attempt.pk)
    assert stored.submitted_at == T0 + timedelta(minutes=5)
    assert stored.score == 2
    assert stale.submitted_at == stored.submitted_at


def test_essay_waits_for_marking_then_counts(learner, provincial_admin):
    essay = make_question(Question.Kind.ESSAY)
    choice = make_question()
    attempt = make_quiz([choice, essay], pass_mark=100).start_attempt(learner)
    attempt.save_response(choice.pk, right_choices(attempt, choice))
    attempt.save_response(essay.pk, text="Bài luận của tôi.")
    attempt.submit()
    assert attempt.status == Attempt.Status.PENDING

    attempt.responses.get(question=essay).mark("1", provincial_admin, feedback="Tốt.")

    attempt.refresh_from_db()
    assert (attempt.status, attempt.score, attempt.percent) == (Attempt.Status.PASSED, 2, 100)


# Which attempt counts ------------------------------------------------------------------------------


@pytest.fixture
def three_attempts(learner):
    """Scores 40 %, 80 %, 60 %, submitted an hour apart, on a quiz of five questions."""

    def make(**quiz_fields):
        quiz = make_quiz(5, **quiz_fields)
        attempts = [take(quiz, learner, right, now=T0 + timedelta(hours=i)) for i, right in enumerate((2, 4, 3))]
        return quiz, attempts

    return make


@pytest.mark.parametrize(("grading", "counted"), [("highest", 1), ("last", 2), ("first", 0)])
def test_result_for_follows_the_grading_rule(three_attempts, learner, grading, counted):
    quiz, attempts = three_attempts(grading=grading)

    assert quiz.result_for(learner) == attempts[counted]


def test_highest_is_the_default_and_ties_go_to_the_earlier_attempt(learner):
    quiz = make_quiz(2)
    first = take(quiz, learner, right=1, now=T0)
    take(quiz, learner, right=1, now=T0 + timedelta(hours=1))

    assert quiz.grading == "highest"
    assert quiz.result_for(learner) == first


def test_retake_waiting_for_marking_does_not_hide_an_earlier_pass(learner, provincial_admin):
    first, second, essay = make_question(), make_question(), make_question(Question.Kind.ESSAY)
    quiz = make_quiz([first, second, essay], pass_mark=30)
    passed = quiz.start_attempt(learner, now=T0)
    passed.save_response(first.pk, right_choices(passed, first), now=T0)
    passed.save_response(essay.pk, text="Bài làm", now=T0)
    passed.submit(now=T0)
    passed.responses.get(question=essay).mark("0", provincial_admin)
    later = T0 + timedelta(hours=1)
    retake = quiz.start_attempt(learner, now=later)
    for question in (first, second):
        retake.save_response(question.pk, right_choices(retake, question), now=later)
    retake.save_response(essay.pk, text="Bài làm lại", now=later)
    retake.submit(now=later)
    passed.refresh_from_db()

    assert (passed.status, passed.percent) == ("passed", Decimal("33.33"))
    assert (retake.status, retake.percent) == ("pending", Decimal("66.67"))
    assert quiz.result_for(learner) == passed


def test_open_attempt_does_not_count(learner, other_learner):
    quiz = make_quiz(2, grading="last")
    take(quiz, learner, right=2, now=T0)
    quiz.start_attempt(learner, now=T0 + timedelta(hours=1))

    assert quiz.result_for(learner).number == 1
    assert quiz.result_for(other_learner) is None


# Time limit ------------------------------------------------------------------------------------------


def test_deadline_is_start_plus_time_limit_capped_by_closing(learner):
    quiz = make_quiz(1, time_limit_minutes=30, closes_at=T0 + timedelta(minutes=20))
    other = make_quiz(1, time_limit_minutes=30)

    assert quiz.start_attempt(learner, now=T0).deadline == T0 + timedelta(minutes=20)
    assert other.start_attempt(learner, now=T0).deadline == T0 + timedelta(minutes=30)


def test_answer_after_the_deadline_is_refused_and_the_attempt_submitted(learner):
    quiz = make_quiz(3, time_limit_minutes=10)
    attempt = quiz.start_attempt(learner, now=T0)
    first, second, _third = attempt.questions()
    attempt.save_response(first.pk, right_choices(attempt, first), now=T0 + timedelta(minutes=9, seconds=59))

    with pytest.raises(QuizError, match="Time is up"):
        attempt.save_response(second.pk, right_choices(attempt, second), now=T0 + timedelta(minutes=10))

    stored = Attempt.objects.get(pk=attempt.pk)
    assert stored.submitted_at == T0 + timedelta(minutes=10)
    assert stored.score == 1
    assert list(stored.responses.values_list("question_id", flat=True)) == [first.pk]
    with pytest.raises(QuizError, match="already been submitted"):
        attempt.save_response(second.pk, right_choices(attempt, second), now=T0 + timedelta(minutes=11))


def test_late_submit_counts_the_deadline_as_submission_time(learner):
    quiz = make_quiz(2, time_limit_minutes=10)
    attempt = quiz.start_attempt(learner, now=T0)
    answer_attempt(attempt, right=2, now=T0 + timedelta(minutes=5))

    attempt.submit(now=T0 + timedelta(hours=3))

    assert attempt.submitted_at == T0 + timedelta(minutes=10)
    assert attempt.score == 2


def test_expired_open_attempt_is_submitted_when_the_learner_comes_back(learner):
    quiz = make_quiz(2, time_limit_minutes=10, attempts_allowed=1)
    attempt = quiz.start_attempt(learner, now=T0)
    answer_attempt(attempt, right=1, now=T0 + timedelta(minutes=1))

    with pytest.raises(QuizError, match="used all your attempts"):
        quiz.start_attempt(learner, now=T0 + timedelta(minutes=30))

    attempt.refresh_from_db()
    assert attempt.submitted_at == T0 + timedelta(minutes=10)
    assert (attempt.score, attempt.status) == (1, "failed")


def test_expired_open_attempt_makes_way_for_a_new_one(learner):
    quiz = make_quiz(2, time_limit_minutes=10)
    first = quiz.start_attempt(learner, now=T0)

    second = quiz.start_attempt(learner, now=T0 + timedelta(minutes=11))

    assert second.pk != first.pk
    assert second.number == 2
    assert Attempt.objects.get(pk=first.pk).is_submitted


# Answer order and feedback after each question --------------------------------------------------


def test_answer_order_is_stable_within_an_attempt_and_varies_between_attempts(learner):
    question = make_question(answers=[(f"Phương án {i}", i == 0) for i in range(6)])
    quiz = make_quiz([question])
    orders = []
    for _ in range(8):
        attempt = quiz.start_attempt(learner)
        order = [answer.pk for _token, answer in attempt.choices(question)]
        reloaded = Attempt.objects.get(pk=attempt.pk)
        assert [answer.pk for _token, answer in reloaded.choices(Question.objects.get(pk=question.pk))] == order
        assert sorted(order) == sorted(a.pk for a in question.answers.all())
        orders.append(tuple(order))
        attempt.submit()

    assert len(set(orders)) > 1


def test_answer_order_ignores_the_order_the_trainer_typed(learner):
    question = make_question(answers=[(f"Phương án {i}", i == 0) for i in range(5)])
    attempt = make_quiz([question]).start_attempt(learner)
    before = attempt.choices(Question.objects.get(pk=question.pk))

    answers = list(question.answers.all())
    for answer in answers:
        answer.sort_order = -answer.sort_order
    Answer.objects.bulk_update(answers, ["sort_order"])

    assert attempt.choices(Question.objects.get(pk=question.pk)) == before
    assert [token for token, _answer in before] == sorted(token for token, _answer in before)


def test_choice_tokens_are_opaque_and_of_one_attempt_and_question(learner, other_learner):
    first, second = make_question(), make_question()
    quiz = make_quiz([first, second])
    attempt, other = quiz.start_attempt(learner), quiz.start_attempt(other_learner)

    tokens = [attempt.choice_token(first.pk, answer.pk) for answer in first.answers.all()]
    assert all(re.fullmatch(r"[0-9a-f]{64}", token) for token in tokens)
    assert len(set(tokens)) == len(tokens)
    assert attempt.secret != other.secret and len(attempt.secret) == 64
    right = correct_ids(first)[0]
    refused = {
        "another attempt's": other.choice_token(first.pk, right),
        "another question's": attempt.choice_token(second.pk, right),
        "the answer's id": str(right),
        "made up": "0" * 64,
    }
    for label, token in refused.items():
        with pytest.raises(InvalidAnswer, match="not one of the question's choices"):
            attempt.save_response(first.pk, [token])
        assert not attempt.responses.exists(), label

    attempt.save_response(first.pk, [attempt.choice_token(first.pk, right)])
    assert attempt.responses.get().selected_ids == [right]


def test_checked_answer_is_locked_when_feedback_after_each_question(learner):
    question = make_question()
    attempt = make_quiz([question], feedback="each_question").start_attempt(learner)
    attempt.save_response(question.pk, wrong_choices(attempt, question)[:1], check=True)

    with pytest.raises(InvalidAnswer, match="already been answered and checked"):
        attempt.save_response(question.pk, right_choices(attempt, question))

    assert attempt.responses.get().selected_ids == wrong_ids(question)[:1]


def test_saved_but_unchecked_answer_can_still_change(learner):
    question = make_question()
    attempt = make_quiz([question], feedback="each_question").start_attempt(learner)
    attempt.save_response(question.pk, wrong_choices(attempt, question)[:1])

    attempt.save_response(question.pk, right_choices(attempt, question), check=True)

    response = attempt.responses.get()
    assert (response.selected_ids, response.locked) == (correct_ids(question), True)


def test_answers_stay_open_until_submission_when_feedback_at_the_end(learner):
    question = make_question()
    attempt = make_quiz([question]).start_attempt(learner)
    attempt.save_response(question.pk, wrong_choices(attempt, question)[:1], check=True)

    attempt.save_response(question.pk, right_choices(attempt, question))

    assert attempt.responses.get().locked is False
