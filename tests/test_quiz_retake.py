"""Retaking a quiz, and what the learner learns of the answers meanwhile: a failed attempt's
result page offers "Làm lại" while attempts remain, and no page shows the correct answers or
the explanations while another attempt may still be taken, unless the trainer chose so
(``Quiz.show_answers_with_attempts_left``)."""

import re

import pytest

from quizzes.models import Attempt, Question

from .quiz_factories import (
    answer_attempt,
    correct_ids,
    make_question,
    make_quiz,
    question_url,
    right_choices,
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
