"""Retaking a quiz, and what the learner learns of the answers meanwhile: a failed attempt's
result page offers "Làm lại" while attempts remain, and no page shows the correct answers or
the explanations while another attempt may still be taken, unless the trainer chose so
(``Quiz.show_answers_with_attempts_left``)."""

import re

import pytest
from django.test import Client

from quizzes.models import Attempt, Question, Quiz

from .quiz_factories import (
    answer_attempt,
    make_question,
    make_quiz,
    question_url,
    start_url,
    submit_url,
    take,
    wrong_choices,
)

pytestmark = pytest.mark.django_db


def questions_with_explanations():
    """A single-choice, a multiple-response and a true/false question, each explained."""
    return [
        make_question(),
        make_question(Question.Kind.MULTIPLE),
        make_question(Question.Kind.TRUE_FALSE, explanation="Giải thích đúng sai."),
    ]


def take_through_the_pages(client, quiz, right):
    """Start, answer (the first ``right`` questions correctly) and submit, as the learner's
    browser does; returns the submitted attempt."""
    assert client.post(start_url(quiz)).status_code == 302
    attempt = Attempt.objects.get(quiz=quiz, submitted_at=None)
    answer_attempt(attempt, right=right)
    client.post(submit_url(attempt))
    attempt.refresh_from_db()
    return attempt


def review_items(html):
    """The review's items (one per question), as HTML."""
    review = re.search(r'<ol class="review">(.*?)</ol>', html, re.S).group(1)
    return re.findall(r'<li class="review__item">(.*?)</li>\s*(?=<li class="review__item">|$)', review, re.S)


def assert_no_answer_given_away(html, attempt):
    """Nothing in the page tells a correct answer from a wrong one: no word, class, attribute
    or hidden element, no explanation; each choice's markup is the same but for whether the
    learner ticked it and its text."""
    assert "correct" not in html.lower()
    for question in attempt.questions():
        assert question.explanation not in html
    items = review_items(html)
    assert len(items) == len(attempt.question_ids)
    for item in items:
        choices = re.findall(r"<li([^>]*)>(☑|☐) ", item)
        assert choices, item
        assert {attributes for attributes, ticked in choices if ticked == "☐"} | {
            attributes.replace("selected", "").strip() for attributes, ticked in choices if ticked == "☑"
        } <= {"", 'class=""'}, choices
    assert not re.search(r"<[^>]+\b(hidden|data-[\w-]+)\b", "".join(items))


# No correct answers while an attempt is left --------------------------------------------------------


def test_failed_learner_with_attempts_left_sees_no_correct_answer(learner_client):
    quiz = make_quiz(questions_with_explanations(), attempts_allowed=3, show_correct_answers=True)

    attempt = take_through_the_pages(learner_client, quiz, right=0)
    page = learner_client.get(attempt.get_absolute_url())

    assert attempt.status == Attempt.Status.FAILED
    assert page.status_code == 200
    assert "Score: 0 / 3 (0%)" in page.text
    assert_no_answer_given_away(page.text, attempt)


def test_failed_learner_with_unlimited_attempts_sees_no_correct_answer(learner_client):
    quiz = make_quiz(questions_with_explanations(), attempts_allowed=0, show_correct_answers=True)

    attempt = take_through_the_pages(learner_client, quiz, right=1)

    assert_no_answer_given_away(learner_client.get(attempt.get_absolute_url()).text, attempt)


def test_passed_learner_with_attempts_left_sees_no_correct_answer(learner_client):
    quiz = make_quiz(questions_with_explanations(), attempts_allowed=2, pass_mark=60)

    attempt = take_through_the_pages(learner_client, quiz, right=2)

    assert attempt.status == Attempt.Status.PASSED
    assert_no_answer_given_away(learner_client.get(attempt.get_absolute_url()).text, attempt)


def test_every_review_shows_the_correct_answers_once_no_attempt_is_left(learner_client):
    questions = questions_with_explanations()
    quiz = make_quiz(questions, attempts_allowed=2)
    first = take_through_the_pages(learner_client, quiz, right=0)
    second = take_through_the_pages(learner_client, quiz, right=1)

    for attempt in (first, second):
        page = learner_client.get(attempt.get_absolute_url()).text
        assert page.count('<span class="tag">correct answer</span>') == 4  # 1 + 2 (multiple) + 1
        assert all(question.explanation in page for question in questions)


def test_trainer_may_show_the_correct_answers_while_attempts_remain(learner_client):
    questions = questions_with_explanations()
    quiz = make_quiz(questions, attempts_allowed=3, show_answers_with_attempts_left=True)

    page = learner_client.get(take_through_the_pages(learner_client, quiz, right=0).get_absolute_url()).text

    assert '<li class="correct">' in page
    assert all(question.explanation in page for question in questions)


def test_quiz_that_hides_correct_answers_hides_them_after_the_last_attempt_too(learner_client):
    quiz = make_quiz(
        questions_with_explanations(),
        attempts_allowed=1,
        show_correct_answers=False,
        show_answers_with_attempts_left=True,
    )

    attempt = take_through_the_pages(learner_client, quiz, right=0)

    assert_no_answer_given_away(learner_client.get(attempt.get_absolute_url()).text, attempt)


@pytest.mark.parametrize(("attempts_allowed", "shown"), [(2, False), (1, True)], ids=["attempt-left", "last-attempt"])
def test_checked_question_shows_the_correct_answer_only_on_the_last_attempt(learner_client, attempts_allowed, shown):
    question = make_question()
    quiz = make_quiz([question], feedback="each_question", attempts_allowed=attempts_allowed)
    learner_client.post(start_url(quiz))
    attempt = Attempt.objects.get(quiz=quiz)

    learner_client.post(
        question_url(attempt, 1),
        {"question": question.pk, "choice": wrong_choices(attempt, question)[:1], "action": "check"},
    )
    page = learner_client.get(question_url(attempt, 1)).text

    assert "Not correct." in page
    assert ("The correct answer" in page) is shown
    assert (question.explanation in page) is shown


# "Làm lại" -------------------------------------------------------------------------------------------


def retake_form(html, quiz):
    return re.search(rf'<form method="post" action="{start_url(quiz)}">(.*?)</form>', html, re.S)


def test_failed_attempt_offers_a_retake_and_says_how_many_attempts_remain(learner, learner_client):
    quiz = make_quiz(2, attempts_allowed=3)
    first = take_through_the_pages(learner_client, quiz, right=0)

    page = learner_client.get(first.get_absolute_url()).text

    form = retake_form(page, quiz)
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    assert "Try again" in form.group(1)
    assert "2 attempts left" in page

    response = learner_client.post(start_url(quiz))
    second = Attempt.objects.get(quiz=quiz, user=learner, submitted_at=None)
    assert second.number == 2
    assert response.url == question_url(second, 1)


def test_failed_last_attempt_offers_no_retake(learner_client):
    quiz = make_quiz(2, attempts_allowed=2)
    take_through_the_pages(learner_client, quiz, right=0)
    last = take_through_the_pages(learner_client, quiz, right=0)

    page = learner_client.get(last.get_absolute_url()).text

    assert retake_form(page, quiz) is None
    assert "Try again" not in page
    assert "You have used all your attempts at this quiz." in page


def test_failed_attempt_of_an_unlimited_quiz_offers_a_retake(learner_client):
    quiz = make_quiz(2, attempts_allowed=0)
    attempt = take_through_the_pages(learner_client, quiz, right=0)

    page = learner_client.get(attempt.get_absolute_url()).text

    assert retake_form(page, quiz) is not None
    assert "Unlimited attempts" in page


def test_passed_attempt_offers_no_retake_on_its_result_page(learner_client):
    quiz = make_quiz(2, attempts_allowed=3)
    attempt = take_through_the_pages(learner_client, quiz, right=2)

    assert retake_form(learner_client.get(attempt.get_absolute_url()).text, quiz) is None


def test_unpublished_quiz_offers_no_retake(learner, learner_client):
    quiz = make_quiz(2, attempts_allowed=3)
    attempt = take(quiz, learner, right=0)
    quiz.draft = True
    quiz.save()

    page = learner_client.get(attempt.get_absolute_url()).text

    assert retake_form(page, quiz) is None
    assert "Try again" not in page


def test_retake_page_in_vietnamese_says_lam_lai(learner):
    quiz = make_quiz(2, attempts_allowed=3)
    attempt = take(quiz, learner, right=0)
    client = Client()
    client.force_login(learner)

    page = client.get(attempt.get_absolute_url()).text

    assert "Làm lại" in page
    assert "Còn 2 lượt làm bài" in page
    assert "đáp án đúng" not in page.lower()


# The trainer's setting ---------------------------------------------------------------------------------


def test_trainer_sets_showing_correct_answers_while_attempts_remain_in_vietnamese(course_index, trainer):
    from .conftest import make_course
    from .test_quiz_admin import QUIZZES, quiz_data

    course, _lessons = make_course(course_index, 1, trainer=trainer)
    client = Client()
    client.force_login(trainer)

    form = client.get(QUIZZES + "add/").text
    assert 'name="show_answers_with_attempts_left"' in form
    assert "Hiện đáp án đúng khi còn lượt làm lại" in form
    assert 'name="show_answers_with_attempts_left" checked' not in form  # off by default

    question = make_question()
    for title, fields in (("Không hiện", {}), ("Có hiện", {"show_answers_with_attempts_left": "on"})):
        response = client.post(QUIZZES + "add/", quiz_data(title, [question], course=str(course.pk), **fields))
        assert response.status_code == 302, response.text[:2000]
    assert dict(Quiz.objects.values_list("title", "show_answers_with_attempts_left")) == {
        "Không hiện": False,
        "Có hiện": True,
    }
