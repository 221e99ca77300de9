"""What a learner can learn or change through the quiz pages: no correct answers before
submission, scores from the server only, bad input refused whole, other people's attempts
out of reach, every change a POST with a CSRF token."""

import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from quizzes.models import Attempt, Question, Response

from .conftest import client_for
from .quiz_factories import (
    answer_url,
    choice_tokens,
    correct_ids,
    make_question,
    make_quiz,
    question_url,
    right_choices,
    start_url,
    submit_url,
    wrong_choices,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    """Single choice, multiple response, true/false and essay, each with an explanation."""
    return [make_question(kind) for kind in Question.Kind]


@pytest.fixture
def attempt(learner, questions):
    return make_quiz(questions).start_attempt(learner)


def snapshot(attempt):
    """Everything the learner could have changed in an attempt."""
    return (
        list(Attempt.objects.filter(pk=attempt.pk).values()),
        list(Response.objects.filter(attempt__quiz=attempt.quiz).order_by("pk").values()),
    )


def choice_items(page):
    """The <li> of each choice on a question page."""
    choices = re.search(r'<ul class="choices">(.*?)</ul>', page, re.S).group(1)
    return re.findall(r"<li\b.*?</li>", choices, re.S)


# No correct answers before submission ----------------------------------------------------------------


def assert_reveals_nothing(page, question):
    assert question.explanation not in page
    # The only "correct" a learner may read before the verdict is the instruction for
    # multiple response questions.
    assert "correct" not in page.replace("Choose every correct answer.", "").lower()
    if question.is_essay:
        return
    items = choice_items(page)
    answers = list(question.answers.all())
    assert len(items) == len(answers)
    normalised = set()
    for item in items:
        answer = next(a for a in answers if f"> {a.content}</label>" in item)
        # Each value is an opaque token of the attempt: 64 hexadecimal digits, never an id.
        item = re.sub(r'value="[0-9a-f]{64}"', 'value="TOKEN"', item).replace(answer.content, "TEXT")
        normalised.add(item.replace(" checked", ""))  # the learner's own choice, not a hint
    # The correct answer's markup is the same as every wrong answer's.
    assert len(normalised) == 1, normalised


@pytest.mark.parametrize("feedback", ["at_end", "each_question"])
def test_question_pages_do_not_reveal_the_correct_answers(learner, questions, feedback):
    attempt = make_quiz(questions, feedback=feedback).start_attempt(learner)
    client = client_for(learner)

    for number, question in enumerate(attempt.questions(), 1):
        assert_reveals_nothing(client.get(question_url(attempt, number)).text, question)


@pytest.mark.parametrize("right", [True, False], ids=["right", "wrong"])
def test_saved_answers_reveal_nothing_until_submission(learner, learner_client, attempt, questions, right):
    for number, question in enumerate(questions, 1):
        data = {"question": question.pk}
        if question.is_essay:
            data["text"] = "Câu trả lời."
        else:
            data["choice"] = (right_choices if right else wrong_choices)(attempt, question)[:1]
        page_reply = learner_client.post(question_url(attempt, number), {**data, "action": "next"})
        json_reply = learner_client.post(answer_url(attempt), data)

        assert page_reply.status_code == 302
        assert page_reply["Location"] == (
            question_url(attempt, number + 1) if number < len(questions) else submit_url(attempt)
        )
        assert json_reply.status_code == 200
        assert set(json_reply.json()) == {"saved", "saved_at"}
        assert_reveals_nothing(learner_client.get(question_url(attempt, number)).text, question)

    for url in (submit_url(attempt), attempt.quiz.get_absolute_url()):
        page = learner_client.get(url).text
        assert "correct" not in page.lower()
        assert all(question.explanation not in page for question in questions)
    assert learner_client.get(attempt.get_absolute_url())["Location"] == question_url(attempt, 1)


def test_scores_are_computed_on_the_server_only(learner_client, attempt, questions):
    forged = {"score": "4", "points": "1", "percent": "100", "status": "passed", "correct": "1"}
    single, multiple = questions[0], questions[1]

    learner_client.post(
        question_url(attempt, 1),
        {"question": single.pk, "choice": wrong_choices(attempt, single)[:1], "action": "next", **forged},
    )
    learner_client.post(
        answer_url(attempt), {"question": multiple.pk, "choice": wrong_choices(attempt, multiple), **forged}
    )
    learner_client.post(submit_url(attempt), forged)

    attempt.refresh_from_db()
    assert (attempt.score, attempt.percent, attempt.status) == (0, 0, "failed")
    assert set(attempt.responses.values_list("points", flat=True)) == {0}


# Bad input ------------------------------------------------------------------------------------------------


class Forger:
    """What a forged form may carry, in the learner's ``attempt`` at ``questions`` (single,
    multiple, true/false, essay): its own tokens, another question's of another quiz, another
    learner's attempt at the same quiz."""

    def __init__(self, attempt, questions, other, other_attempt):
        self.attempt, self.questions, self.other, self.other_attempt = attempt, questions, other, other_attempt

    def right(self, number):
        question = self.questions[number]
        return right_choices(self.attempt, question)

    def wrong(self, number):
        question = self.questions[number]
        return wrong_choices(self.attempt, question)


BAD_ANSWERS = {
    "question-of-another-quiz": (
        lambda f: {"question": f.other.pk, "choice": choice_tokens(f.attempt, f.other, correct_ids(f.other))},
        "That question is not part of this attempt.",
    ),
    "question-not-a-number": (
        lambda f: {"question": "1 OR 1=1", "choice": f.right(0)},
        "That question is not part of this attempt.",
    ),
    "question-missing": (
        lambda f: {"choice": f.right(0)},
        "That question is not part of this attempt.",
    ),
    "choice-of-another-question": (
        lambda f: {"question": f.questions[0].pk, "choice": f.right(1)[:1]},
        "That answer is not one of the question's choices.",
    ),
    "choice-of-another-quiz": (
        lambda f: {"question": f.questions[0].pk, "choice": choice_tokens(f.attempt, f.other, correct_ids(f.other))},
        "That answer is not one of the question's choices.",
    ),
    "choice-of-another-attempt": (
        lambda f: {"question": f.questions[0].pk, "choice": right_choices(f.other_attempt, f.questions[0])},
        "That answer is not one of the question's choices.",
    ),
    "choice-as-the-answer-id": (
        lambda f: {"question": f.questions[0].pk, "choice": correct_ids(f.questions[0])},
        "That answer is not one of the question's choices.",
    ),
    "choice-made-up": (
        lambda f: {"question": f.questions[0].pk, "choice": ["f" * 64]},
        "That answer is not one of the question's choices.",
    ),
    "choice-not-a-token": (
        lambda f: {"question": f.questions[0].pk, "choice": ["abc"]},
        "That answer is not one of the question's choices.",
    ),
    "one-good-choice-and-a-forged-one": (
        lambda f: {"question": f.questions[1].pk, "choice": [*f.right(1), "0" * 64]},
        "That answer is not one of the question's choices.",
    ),
    "two-choices-on-single-choice": (
        lambda f: {"question": f.questions[0].pk, "choice": f.right(0) + f.wrong(0)[:1]},
        "Choose only one answer for this question.",
    ),
    "two-choices-on-true-false": (
        lambda f: {"question": f.questions[2].pk, "choice": f.right(2) + f.wrong(2)},
        "Choose only one answer for this question.",
    ),
    "choices-on-an-essay": (
        lambda f: {"question": f.questions[3].pk, "choice": f.right(0), "text": "Bài luận"},
        "An essay question takes text, not choices.",
    ),
}


@pytest.fixture
def forger(attempt, questions, other_learner):
    other = make_question()
    make_quiz([other])
    return Forger(attempt, questions, other, attempt.quiz.start_attempt(other_learner))


@pytest.mark.parametrize("case", BAD_ANSWERS)
def test_bad_answer_to_the_json_endpoint_is_refused_and_changes_nothing(
    learner_client, attempt, questions, forger, case
):
    build, message = BAD_ANSWERS[case]
    attempt.save_response(questions[0].pk, wrong_choices(attempt, questions[0])[:1])
    attempt.save_response(questions[3].pk, text="Bản nháp.")
    before = snapshot(attempt)

    response = learner_client.post(answer_url(attempt), build(forger))

    assert response.status_code == 400
    assert response.json() == {"saved": False, "error": message}
    assert snapshot(attempt) == before


@pytest.mark.parametrize(
    "case",
    [
        "choice-of-another-question",
        "choice-of-another-attempt",
        "choice-as-the-answer-id",
        "choice-made-up",
        "choice-not-a-token",
        "two-choices-on-single-choice",
    ],
)
def test_bad_answer_on_the_question_page_is_refused_with_the_message(learner_client, attempt, forger, case):
    build, message = BAD_ANSWERS[case]
    before = snapshot(attempt)

    response = learner_client.post(question_url(attempt, 1), {**build(forger), "action": "next"})

    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.text
    assert 'role="alert"' in response.text
    assert snapshot(attempt) == before


def test_a_refused_answer_is_refused_in_vietnamese_too(learner, attempt, questions):
    client = client_for(learner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    forged = {"question": questions[0].pk, "choice": correct_ids(questions[0])}

    json_reply = client.post(answer_url(attempt), forged)
    page_reply = client.post(question_url(attempt, 1), {**forged, "action": "next"})

    with translation.override("vi"):
        message = gettext("That answer is not one of the question's choices.")
    assert message != "That answer is not one of the question's choices."
    assert json_reply.status_code == page_reply.status_code == 400
    assert json_reply.json() == {"saved": False, "error": message}
    assert escape(message) in page_reply.text


@pytest.mark.parametrize("hidden", ["other-question", "missing"])
def test_question_page_refuses_a_form_naming_another_question(learner_client, attempt, questions, hidden):
    second = questions[1]
    data = {"choice": right_choices(attempt, second), "action": "next"}
    if hidden == "other-question":
        data["question"] = second.pk
    before = snapshot(attempt)

    response = learner_client.post(question_url(attempt, 1), data)

    assert response.status_code == 400
    assert "That question is not part of this attempt." in response.text
    assert snapshot(attempt) == before


@pytest.mark.parametrize("number", [0, 5, 99])
def test_question_number_out_of_range_is_not_found(learner_client, attempt, questions, number):
    assert learner_client.get(question_url(attempt, number)).status_code == 404
    assert learner_client.post(question_url(attempt, number), {"question": questions[0].pk}).status_code == 404


# Other people's attempts, anonymous visitors, methods and CSRF -------------------------------------------------


def attempt_urls(attempt):
    return [attempt.get_absolute_url(), question_url(attempt, 1), submit_url(attempt)]


@pytest.mark.parametrize("submitted", [False, True], ids=["open", "submitted"])
def test_learner_cannot_reach_another_learners_attempt(other_learner, attempt, questions, submitted):
    if submitted:
        attempt.submit()
    intruder = client_for(other_learner)
    before = snapshot(attempt)

    for url in attempt_urls(attempt):
        assert intruder.get(url).status_code == 404, url
    answer = {"question": questions[0].pk, "choice": right_choices(attempt, questions[0])}
    posts = [
        (question_url(attempt, 1), answer),
        (answer_url(attempt), answer),
        (submit_url(attempt), {}),
    ]
    for url, data in posts:
        assert intruder.post(url, data).status_code == 404, url

    assert snapshot(attempt) == before


def test_quiz_page_lists_only_the_learners_own_attempts(learner, other_learner, attempt):
    attempt.submit()

    page = client_for(other_learner).get(attempt.quiz.get_absolute_url()).text

    assert "Your attempts" not in page
    assert attempt.get_absolute_url() not in page
    assert "Start the quiz" in page


def test_anonymous_visitors_are_sent_to_log_in(anon_client, attempt, questions):
    gets = [attempt.quiz.get_absolute_url(), *attempt_urls(attempt), "/quizzes/progress/"]
    posts = [start_url(attempt.quiz), answer_url(attempt), submit_url(attempt), question_url(attempt, 1)]

    for response in [anon_client.get(url) for url in gets] + [anon_client.post(url) for url in posts]:
        assert response.status_code == 302
        assert response["Location"].startswith(settings.LOGIN_URL)
    assert Attempt.objects.count() == 1
    assert not Response.objects.exists()


def test_start_and_answer_accept_only_post(learner_client, attempt):
    assert learner_client.get(start_url(attempt.quiz)).status_code == 405
    assert learner_client.get(answer_url(attempt)).status_code == 405
    assert Attempt.objects.count() == 1


def test_every_change_needs_a_csrf_token(learner, attempt, questions):
    client = client_for(learner, enforce_csrf_checks=True)
    other_quiz = make_quiz(2)
    answer = {"question": questions[0].pk, "choice": right_choices(attempt, questions[0])}
    before = snapshot(attempt)

    assert client.post(start_url(other_quiz)).status_code == 403
    assert client.post(answer_url(attempt), answer).status_code == 403
    assert client.post(question_url(attempt, 1), answer).status_code == 403
    assert client.post(submit_url(attempt)).status_code == 403

    assert snapshot(attempt) == before
    assert not other_quiz.attempts.exists()
