"""The final quiz in a browser: a learner fails it, retakes it from the result page ("Làm
lại"), passes, and completes the course (on a phone), seeing no correct answer while an
attempt is left; a trainer marks an essay in the Wagtail admin, which completes the
learner's course."""

import pytest

from ..conftest import make_course
from ..quiz_factories import choice_tokens, correct_ids, make_question, make_quiz, wrong_ids
from ..quiz_helpers import take_quiz
from .conftest import PHONE, admin_log_in
from .test_learner_flow import DONE_BUTTON, ENROL_BUTTON, assert_fits_phone_width, log_in, path_of

pytestmark = pytest.mark.e2e

MARKING = "/admin/quizzes/marking/"


def start_button(quiz):
    """The quiz page's one start form: "Start the quiz", "Try again" or "Resume"."""
    return f"form[action='/quizzes/{quiz.pk}/start/'] button[type=submit]"


def answer_every_question(page, attempt, choose):
    """Go through the attempt's question pages, ticking ``choose(question)`` (an answer id)
    on each, and finish: the answer is picked by its value, the attempt's token of it, as the
    page orders the choices its own way."""
    from quizzes.models import Question

    total = len(attempt.question_ids)
    for number in range(1, total + 1):
        page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/questions/{number}/")
        form = page.locator("form.question-form")
        question = Question.objects.get(pk=int(form.locator("input[name=question]").get_attribute("value")))
        assert question.pk == attempt.question_ids[number - 1]
        # Ticking an answer autosaves it (the page's script); wait for that save so it does
        # not race the form's own POST.
        with page.expect_response(lambda r: r.url.endswith(f"/quizzes/attempts/{attempt.pk}/answer/")) as saved:
            token = choice_tokens(attempt, question, [choose(question)])[0]
            form.locator(f"input[name=choice][value='{token}']").check()
        assert saved.value.ok and saved.value.json()["saved"] is True
        action = "next" if number < total else "finish"
        form.locator(f"button[name=action][value={action}]").click()
    page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/submit/")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/")


def test_learner_fails_the_final_quiz_retakes_it_passes_and_completes_the_course(new_context, catalogue, make_user):
    from courses.models import Enrolment, LessonCompletion
    from quizzes.models import Attempt, Quiz

    course, lessons = make_course(catalogue, 2, title="Cataloguing with a final test")
    questions = [make_question() for _ in range(3)]
    quiz = make_quiz(
        questions, course=course, pass_mark=70, attempts_allowed=3, feedback=Quiz.Feedback.AT_END, title="Final test"
    )
    assert quiz.required_for_completion and not quiz.draft
    explanations = [question.explanation for question in questions]
    assert all(explanations)
    learner = make_user("lan", email="lan@thuvien.example.vn")

    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, learner.username)

    # Enrol, then do both lessons: "Mark as done" leads from the last one back to the course.
    page.goto(course.url)
    page.locator(ENROL_BUTTON).click()
    page.wait_for_url(f"**{lessons[0].url}")
    enrolment = Enrolment.objects.get(user=learner, course=course)
    for number, lesson in enumerate(lessons, start=1):
        assert path_of(page) == lesson.url
        page.locator(DONE_BUTTON).click()
        page.wait_for_url(f"**{lessons[number].url if number < len(lessons) else course.url}")
    assert LessonCompletion.objects.filter(enrolment=enrolment).count() == len(lessons)

    # Every lesson is done, yet the course is not complete: the quiz check is unmet, with a link.
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None
    assert page.locator(".enrolment-box .completed").count() == 0
    quiz_link = page.locator(f".enrolment-box .checks li.unmet a[href='{quiz.get_absolute_url()}']")
    assert quiz_link.count() == 1
    quiz_link.click()
    page.wait_for_url(f"**{quiz.get_absolute_url()}")
    assert_fits_phone_width(page)

    # First attempt: every answer wrong.
    page.locator(start_button(quiz)).click()
    page.wait_for_url("**/quizzes/attempts/*/questions/1/")
    first = Attempt.objects.get(quiz=quiz, user=learner)
    assert first.number == 1
    assert_fits_phone_width(page)
    # Nothing on a question page gives the answers away before submission.
    html = page.content()
    assert not [text for text in explanations if text in html]
    assert page.locator(".feedback, .explanation, .correct").count() == 0

    answer_every_question(page, first, lambda question: wrong_ids(question)[0])
    first.refresh_from_db()
    assert first.status == Attempt.Status.FAILED
    assert first.percent == 0
    assert page.locator(".result.result--failed").count() == 1
    assert page.locator(".result--passed").count() == 0
    assert_fits_phone_width(page)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None

    # Two attempts are left: the review shows neither the correct answers nor the explanations,
    # and "Làm lại" (a POST to the quiz's start) opens a new attempt.
    assert page.locator(".review .correct, .review .tag, .review .explanation").count() == 0
    assert not [text for text in explanations if text in page.content()]
    assert "Còn 2 lượt làm bài" in page.locator(".retake").inner_text()
    retake = page.locator(f".retake {start_button(quiz)}")
    assert retake.inner_text() == "Làm lại"
    retake.click()
    page.wait_for_url("**/quizzes/attempts/*/questions/1/")
    second = Attempt.objects.exclude(pk=first.pk).get(quiz=quiz, user=learner)
    assert second.number == 2

    answer_every_question(page, second, lambda question: correct_ids(question)[0])
    second.refresh_from_db()
    assert second.status == Attempt.Status.PASSED
    assert second.percent == 100
    assert page.locator(".result.result--passed").count() == 1
    assert page.locator(".result--failed").count() == 0
    # Passed, yet an attempt is left (a retake with the answers would raise the score that
    # counts): still no explanation, and no "Làm lại" on a passed attempt.
    assert not [text for text in explanations if text in page.content()]
    assert page.locator(".retake").count() == 0

    # Passing was the last requirement: the course is complete.
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    page.locator(f"main a[href='{course.url}']").click()
    page.wait_for_url(f"**{course.url}")
    assert page.locator(".enrolment-box [role=progressbar]").get_attribute("aria-valuenow") == "100"
    assert "100" in page.locator(".enrolment-box .progress__label").inner_text()
    assert page.locator(".enrolment-box .completed").count() == 1
    assert page.locator(".enrolment-box .checks").count() == 0
    assert_fits_phone_width(page)


def test_trainer_marks_an_essay_and_the_learners_course_completes(new_context, catalogue, make_user):
    from courses.models import Enrolment
    from people.roles import TRAINERS
    from quizzes.models import Attempt, Question, Response

    trainer = make_user("minh", groups=[TRAINERS])
    assert not trainer.is_superuser and not trainer.is_staff
    learner = make_user("lan", email="lan@thuvien.example.vn")
    course, lessons = make_course(catalogue, 1, trainer=trainer, title="Digitising local records")
    essay = make_question(kind=Question.Kind.ESSAY, content="Describe your digitisation plan.")
    quiz = make_quiz([essay], course=course, title="Final essay")

    # The learner has done the lesson and submitted the essay: the attempt waits for marking.
    enrolment = Enrolment.objects.create(user=learner, course=course)
    enrolment.mark_lesson_done(lessons[0])
    attempt = take_quiz(quiz, learner, {essay: "First survey the local records, then scan them."})
    response = Response.objects.get(attempt=attempt, question=essay)
    assert attempt.status == Attempt.Status.PENDING
    assert response.points is None
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None

    page = new_context().new_page()
    admin_log_in(page, trainer)

    page.goto(MARKING)
    mark_link = page.locator(f"a[href='{MARKING}{response.pk}/']")
    assert mark_link.count() == 1
    mark_link.click()
    page.wait_for_url(f"**{MARKING}{response.pk}/")
    assert response.text in page.locator(".quiz-marking-essay").inner_text()

    form = page.locator("form:has(#id_points)")
    form.locator("#id_points").fill("1")
    form.locator("#id_feedback").fill("A clear, complete plan.")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{MARKING}")  # nothing else to mark: back to the (now empty) list
    assert page.locator(f"a[href^='{MARKING}']:not([href='{MARKING}'])").count() == 0

    response.refresh_from_db()
    assert response.points == 1
    assert response.feedback == "A clear, complete plan."
    assert response.marked_by == trainer
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.PASSED
    assert attempt.percent == 100
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None

    # The learner sees the mark and the trainer's feedback on the result page.
    learner_page = new_context().new_page()
    log_in(learner_page, learner.username)
    learner_page.goto(attempt.get_absolute_url())
    assert learner_page.locator(".result.result--passed").count() == 1
    assert "A clear, complete plan." in learner_page.locator(".review .feedback").inner_text()


def test_quick_changes_are_saved_one_at_a_time_and_the_last_choice_wins(new_context, catalogue, make_user):
    """Moving the tick quickly (the arrow keys) used to send a save per move, all at once: the
    server could take them in another order and keep an earlier choice than the one on screen
    (and SQLite refused the concurrent writes). Saves now go one at a time, the latest state last."""
    from courses.models import Enrolment
    from quizzes.models import Attempt, Response

    course, _lessons = make_course(catalogue, 1, title="Một câu hỏi")
    question = make_question()
    quiz = make_quiz([question], course=course, title="Kiểm tra nhanh")
    learner = make_user("minh")
    Enrolment.objects.create(user=learner, course=course)
    page = new_context().new_page()
    log_in(page, learner.username)
    page.goto(quiz.get_absolute_url())
    page.locator(start_button(quiz)).click()
    page.wait_for_url("**/questions/1/")
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    first, last = choice_tokens(attempt, question, [correct_ids(question)[0], wrong_ids(question)[0]])

    held, in_flight, most, holding = [], [0], [0], [True]

    def hold(route):
        in_flight[0] += 1
        most[0] = max(most[0], in_flight[0])
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    def finished(request):
        if request.url.endswith("/answer/"):
            in_flight[0] -= 1

    page.on("requestfinished", finished)
    page.on("requestfailed", finished)
    page.route("**/quizzes/attempts/*/answer/", hold)
    form = page.locator("form.question-form")
    form.locator(f"input[name=choice][value='{first}']").check()
    while not held:
        page.wait_for_timeout(50)  # the first save reaches the network
    form.locator(f"input[name=choice][value='{last}']").check()
    form.locator(f"input[name=choice][value='{first}']").check()
    form.locator(f"input[name=choice][value='{last}']").check()
    page.wait_for_timeout(500)  # room for a second save to go out, were they sent at once
    assert len(held) == 1

    holding[0] = False
    with page.expect_response(
        lambda r: r.url.endswith("/answer/") and r.request.post_data and last in r.request.post_data
    ) as saved:
        held.pop().continue_()
    assert saved.value.ok
    assert most[0] == 1
    assert Response.objects.get(attempt=attempt).selected_ids == [wrong_ids(question)[0]]
