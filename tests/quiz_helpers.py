"""Attempts answered question by question, for the marking and statistics tests (the
shared ``quiz_factories.take()`` answers a number of questions right, in order)."""

from .quiz_factories import answer_ids, choice_tokens


def take_quiz(quiz, user, answers):
    """A submitted attempt; ``answers`` maps each question to True/False (answered right or
    wrong) or, for an essay, to its text."""
    attempt = quiz.start_attempt(user)
    for question, answer in answers.items():
        if question.is_essay:
            attempt.save_response(question.pk, text=answer)
        else:
            attempt.save_response(question.pk, choice_tokens(attempt, question, answer_ids(question, answer)))
    attempt.submit()
    return attempt
