"""Factories for the quiz tests: questions with their answers, quizzes, attempts taken to a
chosen score, a frozen clock and a recorder of ``course_completed``.

Every text is numbered, so a test can look for one question's explanation or one answer in
a page without catching another's.
"""

import contextlib
import itertools
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from courses.signals import course_completed
from quizzes.models import Answer, Question, Quiz, QuizQuestion

from .conftest import make_course

_serial = itertools.count(1)

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def default_answers(kind, n):
    if kind == Question.Kind.ESSAY:
        return []
    if kind == Question.Kind.TRUE_FALSE:
        return [("Đúng", True), ("Sai", False)]
    if kind == Question.Kind.MULTIPLE:
        return [(f"Đáp án A{n}", True), (f"Đáp án B{n}", False), (f"Đáp án C{n}", True), (f"Đáp án D{n}", False)]
    return [(f"Đáp án A{n}", True), (f"Đáp án B{n}", False), (f"Đáp án C{n}", False), (f"Đáp án D{n}", False)]


def make_question(kind=Question.Kind.SINGLE, answers=None, **fields):
    """A question with ``answers`` as ``[(content, correct), ...]`` (a sensible default per
    kind: the first answer correct, and the third too for multiple response)."""
    n = next(_serial)
    fields.setdefault("content", f"Câu hỏi số {n}?")
    fields.setdefault("explanation", f"Giải thích số {n}.")
    question = Question.objects.create(kind=kind, **fields)
    for order, (content, correct) in enumerate(default_answers(kind, n) if answers is None else answers):
        Answer.objects.create(question=question, content=content, correct=correct, sort_order=order)
    return question


def make_quiz(questions=3, **fields):
    """A published quiz with ``questions`` (a number of single-choice questions, or a list
    of questions, kept in that order)."""
    if isinstance(questions, int):
        questions = [make_question() for _ in range(questions)]
    fields.setdefault("title", f"Bài kiểm tra số {next(_serial)}")
    quiz = Quiz.objects.create(**fields)
    for order, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=order)
    return quiz


def course_with_quiz(index, n_lessons=2, questions=3, **quiz_fields):
    """A course with ``n_lessons`` lessons and a final quiz (required by default)."""
    course, lessons = make_course(index, n_lessons)
    return course, lessons, make_quiz(questions, course=course, **quiz_fields)


# Answers ------------------------------------------------------------------------------------


def correct_ids(question):
    return sorted(answer.pk for answer in question.answers.all() if answer.correct)


def wrong_ids(question):
    return sorted(answer.pk for answer in question.answers.all() if not answer.correct)


def choice_tokens(attempt, question, ids):
    """The form values of answers ``ids`` on the attempt's page (``Attempt.choice_token``)."""
    return [attempt.choice_token(question.pk, pk) for pk in ids]


def right_choices(attempt, question):
    """The form values that answer ``question`` right in ``attempt``."""
    return choice_tokens(attempt, question, correct_ids(question))


def wrong_choices(attempt, question):
    """The form values of the question's wrong answers in ``attempt``."""
    return choice_tokens(attempt, question, wrong_ids(question))


def answer_ids(question, correct=True):
    """A full answer to a choice question: every correct answer, or one wrong one."""
    return correct_ids(question) if correct else wrong_ids(question)[:1]


def answer_attempt(attempt, right, now=None):
    """Answer the attempt's choice questions in order: the first ``right`` correctly, the
    others wrongly."""
    for position, question in enumerate(attempt.questions()):
        attempt.save_response(
            question.pk, choice_tokens(attempt, question, answer_ids(question, position < right)), now=now
        )


def take(quiz, user, right, now=None):
    """Start, answer (``right`` correct answers) and submit one attempt."""
    attempt = quiz.start_attempt(user, now=now)
    answer_attempt(attempt, right, now=now)
    attempt.submit(now=now)
    return attempt


# Clock and signals ----------------------------------------------------------------------------


class Clock:
    """``timezone.now`` frozen at ``T0``; ``advance()`` moves it forward."""

    def __init__(self, monkeypatch, start=T0):
        self.current = start
        monkeypatch.setattr(timezone, "now", lambda: self.current)

    def advance(self, **delta):
        self.current += timedelta(**delta)
        return self.current


@contextlib.contextmanager
def recording_completions():
    """The enrolment ids ``course_completed`` is sent for, in order."""
    sent = []

    def receiver(sender, enrolment, **kwargs):
        sent.append(enrolment.pk)

    course_completed.connect(receiver, weak=False)
    try:
        yield sent
    finally:
        course_completed.disconnect(receiver)


# URLs ------------------------------------------------------------------------------------------


def question_url(attempt, number):
    return reverse("quizzes:question", args=[attempt.pk, number])


def answer_url(attempt):
    return reverse("quizzes:save_answer", args=[attempt.pk])


def submit_url(attempt):
    return reverse("quizzes:submit", args=[attempt.pk])


def start_url(quiz):
    return reverse("quizzes:start", args=[quiz.pk])
