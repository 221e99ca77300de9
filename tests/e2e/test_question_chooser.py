"""A trainer adds a question to a quiz in the quiz editor: opens the question chooser, searches
the bank, writes a true/false question in the chooser's "new question" tab, and finds it chosen."""

import pytest

from ..quiz_factories import make_question, make_quiz
from .conftest import admin_log_in

pytestmark = pytest.mark.e2e

STATEMENT = "Thư viện số chỉ phục vụ bạn đọc trong giờ hành chính."


def test_trainer_writes_a_true_false_question_in_the_chooser_and_it_is_chosen(new_context, catalogue, make_user):
    from people.roles import TRAINERS
    from quizzes.models import Question, QuizQuestion

    trainer = make_user("minh", groups=[TRAINERS])
    quiz = make_quiz([], title="Kiểm tra thư viện số")
    quiz.created_by = trainer  # a quiz not attached to a course is its writer's to edit
    quiz.save()
    make_question(content="Khổ mẫu MARC 21 dùng để làm gì?")
    make_question(content="Dublin Core có bao nhiêu yếu tố?")

    page = new_context().new_page()
    admin_log_in(page, trainer)

    page.goto(f"/admin/snippets/quizzes/quiz/edit/{quiz.pk}/")
    page.locator("#id_quiz_questions-ADD").click()
    chooser = page.locator("#id_quiz_questions-0-question-chooser")
    chooser.locator("[data-chooser-action-choose]").click()

    modal = page.locator(".modal-dialog")
    assert "Chọn câu hỏi" in modal.locator("h1").inner_text()
    modal.locator("input[name=q]").fill("MARC")
    results = modal.locator("#search-results")
    results.locator("text=Dublin Core").wait_for(state="detached")
    assert "Khổ mẫu MARC 21" in results.inner_text()

    modal.locator("#tab-label-create").click()
    create = modal.locator("#tab-create form")
    create.locator("select[name=kind]").select_option("true_false")
    create.locator("textarea[name=content]").fill(STATEMENT)
    create.locator("input[name=statement_is_true][value=false]").check()
    create.locator("button[type=submit]").click()
    modal.wait_for(state="hidden")

    question = Question.objects.get(content=STATEMENT)
    assert [(a.content, a.correct) for a in question.answers.order_by("sort_order")] == [("Đúng", False), ("Sai", True)]
    assert page.locator("input[name='quiz_questions-0-question']").input_value() == str(question.pk)
    assert STATEMENT in chooser.inner_text()

    with page.expect_navigation():
        page.locator("button.action-save").click()
    assert list(QuizQuestion.objects.filter(quiz=quiz).values_list("question", flat=True)) == [question.pk]
