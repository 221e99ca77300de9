"""The learner's quiz pages: starting, answering as they go, feedback, results, time limits."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import CourseTrainer
from quizzes.models import Attempt, Question

from .conftest import client_for, make_user
from .quiz_factories import (
    T0,
    Clock,
    answer_attempt,
    answer_url,
    choice_tokens,
    correct_ids,
    make_question,
    make_quiz,
    question_url,
    right_choices,
    start_url,
    submit_url,
    take,
    wrong_choices,
    wrong_ids,
)

pytestmark = pytest.mark.django_db


def start(client, quiz):
    response = client.post(start_url(quiz))
    assert response.status_code == 302
    return Attempt.objects.get(quiz=quiz, submitted_at=None)


def choice_values(html):
    """The form values of the page's choices, in page order."""
    return re.findall(r'name="choice" value="([^"]*)"', html)


def checked_values(html):
    return re.findall(r'name="choice" value="([^"]*)" checked', html)


def choice_texts(html):
    """The texts of the page's choices, in page order."""
    return re.findall(r'name="choice" value="[^"]*"(?: checked)?> ([^<]*)</label>', html)


def page_question(html):
    return int(re.search(r'name="question" value="(\d+)"', html).group(1))


# Quiz page and starting -----------------------------------------------------------------------------


def test_quiz_page_states_the_rules_and_offers_to_start(learner_client):
    quiz = make_quiz(5, max_questions=3, pass_mark=80, attempts_allowed=2, time_limit_minutes=15)

    page = learner_client.get(quiz.get_absolute_url()).text

    assert quiz.title in page
    assert "3 questions" in page
    assert "Pass mark: 80%" in page
    assert "Time limit: 15 minutes" in page
    assert "2 attempts allowed" in page
    assert f'action="{start_url(quiz)}"' in page
    assert "Start the quiz" in page


def test_start_leads_to_the_first_question(learner_client):
    quiz = make_quiz(3)

    response = learner_client.post(start_url(quiz))

    attempt = Attempt.objects.get()
    assert response["Location"] == question_url(attempt, 1)
    page = learner_client.get(response["Location"]).text
    assert "Question 1 of 3" in page
    assert Question.objects.get(pk=attempt.question_ids[0]).content in page


def test_draft_quiz_is_invisible_and_cannot_be_started(learner_client):
    quiz = make_quiz(2, draft=True)

    assert learner_client.get(quiz.get_absolute_url()).status_code == 404
    assert learner_client.post(start_url(quiz)).status_code == 404
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [{"closes_at": T0 - timedelta(days=1)}, {"opens_at": T0 + timedelta(days=3650)}],
    ids=["closed", "not-yet-open"],
)
def test_quiz_outside_its_dates_refuses_to_start(learner_client, dates):
    quiz = make_quiz(2, **dates)

    detail = learner_client.get(quiz.get_absolute_url()).text
    response = learner_client.post(start_url(quiz), follow=True)

    assert "This quiz is not open now." in detail
    assert response.redirect_chain == [(quiz.get_absolute_url(), 302)]
    assert "This quiz is closed." in response.text
    assert not Attempt.objects.exists()


def test_single_attempt_refuses_a_second_start_with_the_message(learner, learner_client):
    quiz = make_quiz(2, attempts_allowed=1)
    attempt = start(learner_client, quiz)
    learner_client.post(submit_url(attempt))

    response = learner_client.post(start_url(quiz), follow=True)

    assert response.redirect_chain == [(quiz.get_absolute_url(), 302)]
    assert "You have used all your attempts at this quiz." in response.text
    assert "Start the quiz" not in response.text and "Try again" not in response.text
    assert Attempt.objects.filter(user=learner).count() == 1


def test_start_resumes_the_open_attempt_at_the_first_unanswered_question(learner_client):
    quiz = make_quiz(4)
    attempt = start(learner_client, quiz)
    questions = attempt.questions()
    for position in (0, 1, 3):
        attempt.save_response(questions[position].pk, right_choices(attempt, questions[position]))

    assert "Resume the attempt" in learner_client.get(quiz.get_absolute_url()).text
    response = learner_client.post(start_url(quiz))

    assert response["Location"] == question_url(attempt, 3)
    assert Attempt.objects.count() == 1


# Answering as the learner goes ---------------------------------------------------------------------


def test_answer_posted_on_the_question_page_is_checked_on_reload(learner_client):
    quiz = make_quiz(3)
    attempt = start(learner_client, quiz)
    question = attempt.questions()[0]
    chosen = wrong_choices(attempt, question)[1]

    response = learner_client.post(
        question_url(attempt, 1), {"question": question.pk, "choice": chosen, "action": "next"}
    )

    assert response["Location"] == question_url(attempt, 2)
    page = learner_client.get(question_url(attempt, 1)).text
    assert checked_values(page) == [chosen]
    assert "(answered)" in page


def test_answer_saved_through_the_json_endpoint_is_checked_on_reload(learner_client):
    quiz = make_quiz(3)
    attempt = start(learner_client, quiz)
    question = attempt.questions()[1]
    chosen = right_choices(attempt, question)[0]

    response = learner_client.post(answer_url(attempt), {"question": question.pk, "choice": chosen})

    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert checked_values(learner_client.get(question_url(attempt, 2)).text) == [chosen]
    assert checked_values(learner_client.get(question_url(attempt, 1)).text) == []


def test_every_choice_of_a_multiple_response_answer_is_kept(learner_client):
    question = make_question(Question.Kind.MULTIPLE)
    attempt = start(learner_client, make_quiz([question]))
    chosen = [right_choices(attempt, question)[0], wrong_choices(attempt, question)[0]]

    learner_client.post(answer_url(attempt), {"question": question.pk, "choice": chosen})

    page = learner_client.get(question_url(attempt, 1)).text
    assert 'type="checkbox"' in page
    assert sorted(checked_values(page)) == sorted(chosen)


@pytest.mark.parametrize("endpoint", ["page", "json"])
def test_essay_text_is_shown_again(learner_client, endpoint):
    essay = make_question(Question.Kind.ESSAY)
    attempt = start(learner_client, make_quiz([essay]))
    text = "Thư viện số giúp người dân tra cứu & đọc sách."

    if endpoint == "page":
        url, data = question_url(attempt, 1), {"question": essay.pk, "text": text, "action": "next"}
    else:
        url, data = answer_url(attempt), {"question": essay.pk, "text": text}
    assert learner_client.post(url, data).status_code in (200, 302)

    page = learner_client.get(question_url(attempt, 1)).text
    assert "Thư viện số giúp người dân tra cứu &amp; đọc sách.</textarea>" in page


def test_buttons_move_between_questions_and_to_the_submit_page(learner_client):
    attempt = start(learner_client, make_quiz(3))
    question_ids = attempt.question_ids

    def post(number, action):
        data = {"question": question_ids[number - 1], "action": action}
        return learner_client.post(question_url(attempt, number), data)["Location"]

    assert post(2, "previous") == question_url(attempt, 1)
    assert post(2, "next") == question_url(attempt, 3)
    assert post(3, "next") == submit_url(attempt)
    assert post(1, "finish") == submit_url(attempt)


def test_answer_order_is_the_same_on_every_reload(learner_client):
    question = make_question(answers=[(f"Phương án {i}", i == 2) for i in range(6)])
    attempt = start(learner_client, make_quiz([question]))

    orders = [choice_values(learner_client.get(question_url(attempt, 1)).text) for _ in range(3)]

    assert orders[0] == orders[1] == orders[2]
    assert orders[0] == [token for token, _answer in attempt.choices(question)]


def test_submit_page_counts_unanswered_questions(learner_client):
    attempt = start(learner_client, make_quiz(3))
    answer_attempt(attempt, right=0)
    attempt.responses.first().delete()

    page = learner_client.get(submit_url(attempt)).text

    assert "You have answered 2 questions" in page
    assert "1 question is unanswered" in page


# Feedback after each question -------------------------------------------------------------------------


def test_check_shows_not_correct_with_the_right_answer_and_explanation_then_locks(learner_client):
    question = make_question()
    # A single attempt: its checked questions show the correct answers (none are left to take).
    quiz = make_quiz([question, make_question()], feedback="each_question", attempts_allowed=1)
    attempt = start(learner_client, quiz)
    wrong = wrong_choices(attempt, question)[0]

    response = learner_client.post(
        question_url(attempt, 1), {"question": question.pk, "choice": wrong, "action": "check"}
    )

    assert response["Location"] == question_url(attempt, 1)
    page = learner_client.get(question_url(attempt, 1)).text
    assert "Not correct." in page
    assert f"The correct answer: {question.answers.get(correct=True).content}" in page
    assert question.explanation in page
    assert "<fieldset disabled>" in page
    assert "Check my answer" not in page

    again = learner_client.post(
        question_url(attempt, 1),
        {"question": question.pk, "choice": right_choices(attempt, question), "action": "check"},
    )
    assert again.status_code == 400
    assert "This question has already been answered and checked." in again.text
    json_again = learner_client.post(
        answer_url(attempt), {"question": question.pk, "choice": right_choices(attempt, question)}
    )
    assert json_again.status_code == 400
    assert json_again.json() == {"saved": False, "error": "This question has already been answered and checked."}
    assert attempt.responses.get().selected_ids == wrong_ids(question)[:1]


def test_check_says_correct_for_the_right_answer(learner_client):
    question = make_question()
    attempt = start(learner_client, make_quiz([question], feedback="each_question"))

    learner_client.post(
        question_url(attempt, 1),
        {"question": question.pk, "choice": right_choices(attempt, question), "action": "check"},
    )

    page = learner_client.get(question_url(attempt, 1)).text
    assert "feedback--correct" in page
    assert "Correct." in page
    assert "Not correct." not in page


def test_check_lists_every_correct_answer_of_a_multiple_response_question(learner_client):
    question = make_question(Question.Kind.MULTIPLE, answers=[("Sách", True), ("Báo", False), ("Tạp chí", True)])
    attempt = start(learner_client, make_quiz([question], feedback="each_question", attempts_allowed=1))

    learner_client.post(
        question_url(attempt, 1),
        {"question": question.pk, "choice": right_choices(attempt, question)[:1], "action": "check"},
    )

    page = learner_client.get(question_url(attempt, 1)).text
    in_page_order = [text for text in choice_texts(page) if text in ("Sách", "Tạp chí")]
    assert f"<strong>Not correct.</strong> The correct answer: {'; '.join(in_page_order)}</p>" in page


def feedback_box(page):
    """The verdict box a checked question shows, or "" when there is none."""
    match = re.search(r'<div class="feedback[^"]*" role="status">(.*?)</div>', page, re.S)
    return match.group(1) if match else ""


@pytest.mark.parametrize(
    ("kind", "right", "verdict"),
    [
        (Question.Kind.SINGLE, False, "Not correct."),
        (Question.Kind.SINGLE, True, "Correct."),
        (Question.Kind.MULTIPLE, False, "Not correct."),
        (Question.Kind.TRUE_FALSE, False, "Not correct."),
    ],
    ids=["single-wrong", "single-right", "multiple-wrong", "true-false-wrong"],
)
def test_check_without_correct_answers_gives_the_verdict_only(learner_client, kind, right, verdict):
    question = make_question(kind)
    quiz = make_quiz([question], feedback="each_question", show_correct_answers=False)
    attempt = start(learner_client, quiz)
    chosen = correct_ids(question) if right else wrong_ids(question)[:1]

    response = learner_client.post(
        question_url(attempt, 1),
        {"question": question.pk, "choice": choice_tokens(attempt, question, chosen), "action": "check"},
    )

    assert response["Location"] == question_url(attempt, 1)
    page = learner_client.get(question_url(attempt, 1)).text
    box = feedback_box(page)
    assert f"<strong>{verdict}</strong>" in box
    assert "The correct answer" not in page
    for answer in question.answers.filter(correct=True):
        assert answer.content not in box
    assert question.explanation not in page
    assert "<fieldset disabled>" in page
    assert attempt.responses.get().locked


@pytest.mark.parametrize("right", [False, True], ids=["wrong", "right"])
def test_check_with_correct_answers_shows_them_and_the_explanation(learner_client, right):
    question = make_question(Question.Kind.MULTIPLE)
    quiz = make_quiz([question], feedback="each_question", show_correct_answers=True, attempts_allowed=1)
    attempt = start(learner_client, quiz)
    chosen = correct_ids(question) if right else wrong_ids(question)[:1]

    learner_client.post(
        question_url(attempt, 1),
        {"question": question.pk, "choice": choice_tokens(attempt, question, chosen), "action": "check"},
    )

    page = learner_client.get(question_url(attempt, 1)).text
    box = feedback_box(page)
    assert question.explanation in box
    if right:
        assert "<strong>Correct.</strong>" in box
    else:
        right_answers = {a.content for a in question.answers.filter(correct=True)}
        in_page_order = [text for text in choice_texts(page) if text in right_answers]
        assert f"<strong>Not correct.</strong> The correct answer: {'; '.join(in_page_order)}" in box


def test_check_after_the_page_autosaved_a_first_choice_takes_the_final_choice(learner_client):
    """The page's script saves every change through the JSON endpoint before the learner
    presses "Check my answer"; that autosave must not lock the first choice."""
    question = make_question()
    attempt = start(learner_client, make_quiz([question], feedback="each_question"))
    learner_client.post(answer_url(attempt), {"question": question.pk, "choice": wrong_choices(attempt, question)[0]})
    assert "Not correct." not in learner_client.get(question_url(attempt, 1)).text

    response = learner_client.post(
        question_url(attempt, 1),
        {"question": question.pk, "choice": right_choices(attempt, question), "action": "check"},
    )

    assert response.status_code == 302
    assert "Correct." in learner_client.get(question_url(attempt, 1)).text
    assert attempt.responses.get().selected_ids == correct_ids(question)


# Results -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("right", "shown", "hidden"), [(2, "Giỏi lắm!", "Hãy ôn lại."), (1, "Hãy ôn lại.", "Giỏi lắm!")]
)
def test_result_page_shows_score_and_the_success_or_fail_text(learner, learner_client, right, shown, hidden):
    quiz = make_quiz(2, pass_mark=100, success_text="Giỏi lắm!", fail_text="Hãy ôn lại.")
    attempt = start(learner_client, quiz)
    answer_attempt(attempt, right=right)

    response = learner_client.post(submit_url(attempt), follow=True)

    assert response.redirect_chain == [(attempt.get_absolute_url(), 302)]
    assert f"Score: {right} / 2 ({right * 50}%)" in response.text
    assert shown in response.text
    assert hidden not in response.text


def test_review_shows_correct_answers_and_explanations_by_default_once_no_attempt_is_left(learner_client):
    question = make_question()
    attempt = start(learner_client, make_quiz([question], attempts_allowed=1))
    learner_client.post(submit_url(attempt))

    page = learner_client.get(attempt.get_absolute_url()).text

    assert "correct answer" in page
    assert '<li class="correct">' in page
    assert question.explanation in page


def test_review_without_correct_answers_shows_no_markers_nor_explanations(learner_client):
    question = make_question()
    quiz = make_quiz([question, make_question(Question.Kind.MULTIPLE)], show_correct_answers=False)
    attempt = start(learner_client, quiz)
    answer_attempt(attempt, right=1)
    learner_client.post(submit_url(attempt))

    page = learner_client.get(attempt.get_absolute_url()).text

    assert "Score: 1 / 2" in page
    assert "correct answer" not in page
    assert 'class="correct' not in page
    for question in attempt.questions():
        assert question.explanation not in page


def test_unsubmitted_attempt_has_no_result_page_yet(learner_client):
    attempt = start(learner_client, make_quiz(2))

    assert learner_client.get(attempt.get_absolute_url())["Location"] == question_url(attempt, 1)


def test_submitting_twice_is_harmless(learner_client):
    attempt = start(learner_client, make_quiz(3))
    answer_attempt(attempt, right=2)
    learner_client.post(submit_url(attempt))
    first = Attempt.objects.get(pk=attempt.pk)

    response = learner_client.post(submit_url(attempt))

    assert response["Location"] == attempt.get_absolute_url()
    second = Attempt.objects.get(pk=attempt.pk)
    assert (second.score, second.percent, second.status, second.submitted_at) == (
        first.score,
        first.percent,
        first.status,
        first.submitted_at,
    )
    assert learner_client.get(submit_url(attempt))["Location"] == attempt.get_absolute_url()


def test_saving_after_submission_is_refused(learner_client):
    attempt = start(learner_client, make_quiz(2))
    question = attempt.questions()[0]
    learner_client.post(submit_url(attempt))

    answer = {"question": question.pk, "choice": right_choices(attempt, question)}
    json_response = learner_client.post(answer_url(attempt), answer)
    page_response = learner_client.post(question_url(attempt, 1), answer, follow=True)

    assert json_response.status_code == 409
    assert json_response.json() == {
        "saved": False,
        "error": "This attempt has already been submitted.",
        "submitted": True,
    }
    assert page_response.redirect_chain == [(attempt.get_absolute_url(), 302)]
    assert "This attempt has been submitted." in page_response.text
    assert not attempt.responses.exists()
    assert Attempt.objects.get(pk=attempt.pk).score == 0


def test_progress_page_lists_submitted_attempts(learner, learner_client):
    quiz = make_quiz(4)
    take(quiz, learner, right=3)
    quiz.start_attempt(learner)

    page = learner_client.get("/quizzes/progress/").text

    assert page.count(quiz.title) == 1
    assert "75%" in page


# Time limit ---------------------------------------------------------------------------------------------


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def timed_attempt(clock, learner_client):
    """A 10-minute attempt at three questions, the first answered correctly after 5 minutes."""
    attempt = start(learner_client, make_quiz(3, time_limit_minutes=10))
    clock.advance(minutes=5)
    first = attempt.questions()[0]
    learner_client.post(question_url(attempt, 1), {"question": first.pk, "choice": right_choices(attempt, first)})
    return attempt


def test_question_page_shows_the_time_left(clock, timed_attempt, learner_client):
    page = learner_client.get(question_url(timed_attempt, 2)).text

    assert 'data-seconds-left="300"' in page


def test_answer_after_the_deadline_is_refused_and_the_attempt_submitted(clock, timed_attempt, learner_client):
    second = timed_attempt.questions()[1]
    clock.advance(minutes=5, seconds=1)

    response = learner_client.post(
        answer_url(timed_attempt), {"question": second.pk, "choice": right_choices(timed_attempt, second)}
    )

    assert response.status_code == 409
    assert response.json()["submitted"] is True
    assert "Time is up" in response.json()["error"]
    attempt = Attempt.objects.get(pk=timed_attempt.pk)
    assert attempt.submitted_at == attempt.deadline
    assert attempt.score == 1
    assert not attempt.responses.filter(question=second).exists()


def test_late_page_post_is_refused_with_a_message(clock, timed_attempt, learner_client):
    second = timed_attempt.questions()[1]
    clock.advance(minutes=6)

    response = learner_client.post(
        question_url(timed_attempt, 2),
        {"question": second.pk, "choice": right_choices(timed_attempt, second)},
        follow=True,
    )

    assert response.redirect_chain[-1] == (timed_attempt.get_absolute_url(), 302)
    assert "Score: 1 / 3" in response.text
    assert not timed_attempt.responses.filter(question=second).exists()


def test_expired_attempt_is_submitted_on_the_next_visit(clock, timed_attempt, learner_client):
    clock.advance(hours=2)

    response = learner_client.get(question_url(timed_attempt, 2))

    assert response["Location"] == timed_attempt.get_absolute_url()
    attempt = Attempt.objects.get(pk=timed_attempt.pk)
    assert attempt.submitted_at == attempt.deadline == T0 + timedelta(minutes=10)
    assert (attempt.score, attempt.max_score) == (1, 3)


# Query counts ---------------------------------------------------------------------------------------------


def queries_for(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def assert_same_queries(small, large):
    assert len(small) == len(large), "\n".join(["--- small", *small, "--- large", *large])


def test_question_page_queries_do_not_grow_with_the_number_of_questions(learner, learner_client):
    counts = []
    for size in (5, 40):
        kinds = list(Question.Kind)
        quiz = make_quiz([make_question(kinds[i % len(kinds)]) for i in range(size)])
        attempt = quiz.start_attempt(learner)
        for question in attempt.questions()[:3]:
            if not question.is_essay:
                attempt.save_response(question.pk, right_choices(attempt, question))
        counts.append(queries_for(learner_client, question_url(attempt, 2)))
        attempt.submit()

    assert_same_queries(*counts)


def test_quiz_pages_queries_do_not_grow_with_previous_attempts():
    quiz = make_quiz(5)
    pages = []
    for previous in (1, 10):
        user = make_user(f"hv{previous}")
        for _ in range(previous):
            take(quiz, user, right=previous % 5)
        finished = quiz.attempts.filter(user=user).first()
        attempt = quiz.start_attempt(user)
        attempt.save_response(attempt.question_ids[0], right_choices(attempt, attempt.questions()[0]))
        client = client_for(user)
        pages.append(
            {
                "question": queries_for(client, question_url(attempt, 2)),
                "quiz": queries_for(client, quiz.get_absolute_url()),
                "result": queries_for(client, finished.get_absolute_url()),
            }
        )

    for page in ("question", "quiz", "result"):
        assert_same_queries(pages[0][page], pages[1][page])


def test_learner_not_enrolled_in_the_course_cannot_start_its_quiz(course_index, learner):
    from .quiz_factories import course_with_quiz

    course, _lessons, quiz = course_with_quiz(course_index)
    client = client_for(learner)

    page = client.get(quiz.get_absolute_url())
    response = client.post(start_url(quiz))

    assert f'action="{start_url(quiz)}"' not in page.text
    assert response.status_code == 302 and response.url == course.url
    assert not quiz.attempts.exists()


def test_trainer_of_the_course_may_try_its_quiz(course_index, trainer):
    from .quiz_factories import course_with_quiz

    course, _lessons, quiz = course_with_quiz(course_index)
    CourseTrainer.objects.create(course=course, user=trainer)

    response = client_for(trainer).post(start_url(quiz))

    assert response.status_code == 302
    assert quiz.attempts.filter(user=trainer).count() == 1
