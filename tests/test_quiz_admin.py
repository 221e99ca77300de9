"""Trainers author questions and quizzes in the Wagtail admin; HR and learners cannot."""

import pytest

from people.roles import TRAINERS, role_group
from quizzes.models import Answer, Category, Question, Quiz, QuizQuestion

from .conftest import client_for, make_course
from .quiz_factories import make_question

QUESTIONS = "/admin/snippets/quizzes/question/"
QUIZZES = "/admin/snippets/quizzes/quiz/"
CATEGORIES = "/admin/snippets/quizzes/category/"


def question_data(kind, content, answers, **fields):
    """POST data of the question form with its inline answers, as the admin's script sends it."""
    data = {
        "kind": kind,
        "content": content,
        "category": "",
        "figure": "",
        "explanation": "",
        "answers-TOTAL_FORMS": str(len(answers)),
        "answers-INITIAL_FORMS": "0",
        "answers-MIN_NUM_FORMS": "0",
        "answers-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, (text, correct) in enumerate(answers):
        data.update({f"answers-{i}-content": text, f"answers-{i}-ORDER": str(i + 1), f"answers-{i}-id": ""})
        if correct:
            data[f"answers-{i}-correct"] = "on"
    return data


def assert_denied(response):
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")


def test_trainer_group_has_quiz_permissions_from_migrate(db):
    codenames = set(role_group(TRAINERS).permissions.values_list("codename", flat=True))

    for model in ("category", "question", "quiz"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames


def test_trainer_adds_question_with_answers_on_one_screen(trainer):
    category = Category.objects.create(name="Thư viện số")
    data = question_data(
        "single",
        "Chuẩn nào dùng để trao đổi biểu ghi thư mục?",
        [("MARC 21", True), ("JPEG", False), ("MP3", False)],
        category=str(category.pk),
        explanation="MARC 21 là khổ mẫu biên mục.",
    )

    response = client_for(trainer).post(QUESTIONS + "add/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get()
    assert question.category == category
    assert question.explanation == "MARC 21 là khổ mẫu biên mục."
    assert [(a.content, a.correct) for a in question.answers.order_by("sort_order")] == [
        ("MARC 21", True),
        ("JPEG", False),
        ("MP3", False),
    ]


def test_trainer_adds_essay_without_answers(trainer):
    response = client_for(trainer).post(QUESTIONS + "add/", question_data("essay", "Trình bày kế hoạch số hoá.", []))

    assert response.status_code == 302
    assert Question.objects.get().kind == Question.Kind.ESSAY


@pytest.mark.parametrize(
    "kind, answers, message",
    [
        ("true_false", [("Đúng", False), ("Sai", False)], "exactly two answers, one of them correct"),
        ("true_false", [("Đúng", True), ("Sai", False), ("Không biết", False)], "exactly two answers"),
        ("single", [("A", True), ("B", True), ("C", False)], "exactly one correct answer"),
        ("single", [("A", True)], "at least two answers"),
        ("multiple", [("A", False), ("B", False)], "at least one answer as correct"),
        ("essay", [("A", True)], "An essay question has no answers"),
    ],
)
def test_invalid_answers_rerender_with_error_and_write_nothing(trainer, kind, answers, message):
    response = client_for(trainer).post(QUESTIONS + "add/", question_data(kind, "Một câu hỏi", answers))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()
    assert not Answer.objects.exists()


def test_deleted_answer_is_not_counted(trainer):
    data = question_data("single", "Một câu hỏi", [("A", True), ("B", False), ("C", True)])
    data["answers-2-DELETE"] = "on"

    response = client_for(trainer).post(QUESTIONS + "add/", data)

    assert response.status_code == 302
    assert list(Question.objects.get().answers.values_list("content", flat=True)) == ["A", "B"]


def test_editing_question_checks_answers_too(trainer):
    question = make_question(content="Hai đáp án", answers=[("A", True), ("B", False)])
    answers = list(question.answers.order_by("sort_order"))
    data = question_data("single", "Hai đáp án", [("A", True), ("B", True)])
    data.update({"answers-INITIAL_FORMS": "2", "answers-0-id": str(answers[0].pk), "answers-1-id": str(answers[1].pk)})

    response = client_for(trainer).post(f"{QUESTIONS}edit/{question.pk}/", data)

    assert response.status_code == 200
    assert "exactly one correct answer" in response.content.decode()
    assert not Answer.objects.get(pk=answers[1].pk).correct


def test_question_listing_filters_by_type_and_offers_import(trainer):
    make_question(content="Câu trắc nghiệm về MARC")
    make_question(content="Câu tự luận về số hoá", kind=Question.Kind.ESSAY)

    response = client_for(trainer).get(QUESTIONS, {"kind": "essay"})

    assert response.status_code == 200
    assert "Câu tự luận về số hoá" in response.text
    assert "Câu trắc nghiệm về MARC" not in response.text
    assert "/admin/quizzes/import/" in response.text


def quiz_data(title, questions=(), **fields):
    data = {
        "title": title,
        "description": "",
        "course": "",
        "lesson": "",
        "required_for_completion": "on",
        "pass_mark": "70",
        "attempts_allowed": "0",
        "feedback": "at_end",
        "grading": "highest",
        "show_correct_answers": "on",
        "max_questions": "",
        "time_limit_minutes": "",
        "opens_at": "",
        "closes_at": "",
        "success_text": "",
        "fail_text": "",
        "quiz_questions-TOTAL_FORMS": str(len(questions)),
        "quiz_questions-INITIAL_FORMS": "0",
        "quiz_questions-MIN_NUM_FORMS": "0",
        "quiz_questions-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, question in enumerate(questions):
        data.update(
            {
                f"quiz_questions-{i}-question": str(question.pk),
                f"quiz_questions-{i}-ORDER": str(i + 1),
                f"quiz_questions-{i}-id": "",
            }
        )
    return data


def test_trainer_adds_quiz_to_course_with_questions(course_index, trainer):
    course, _lessons = make_course(course_index, 1, trainer=trainer)
    first, second = make_question(content="Câu 1"), make_question(content="Câu 2")

    response = client_for(trainer).post(
        QUIZZES + "add/", quiz_data("Kiểm tra cuối khoá", [second, first], course=str(course.pk))
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    quiz = Quiz.objects.get()
    assert quiz.course_id == course.pk
    assert quiz.question_ids() == [second.pk, first.pk]


def test_quiz_on_course_and_lesson_is_refused(course_index, trainer):
    course, lessons = make_course(course_index, 1, trainer=trainer)

    response = client_for(trainer).post(
        QUIZZES + "add/", quiz_data("Hai chỗ", course=str(course.pk), lesson=str(lessons[0].pk))
    )

    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not Quiz.objects.exists()


def test_quiz_with_a_question_twice_is_refused(trainer):
    question = make_question()

    response = client_for(trainer).post(QUIZZES + "add/", quiz_data("Lặp câu", [question, question]))

    assert response.status_code == 200
    assert "duplicate data for quiz and question" in response.content.decode()
    assert not Quiz.objects.exists()
    assert not QuizQuestion.objects.exists()


def test_admin_menu_shows_quizzes_to_trainer(trainer):
    response = client_for(trainer).get("/admin/")

    assert QUESTIONS in response.text
    assert "/admin/quizzes/marking/" in response.text


def test_hr_sees_no_quiz_admin(hr):
    client = client_for(hr)
    question = make_question()

    assert QUESTIONS not in client.get("/admin/").text
    for url in (QUESTIONS, QUESTIONS + "add/", f"{QUESTIONS}edit/{question.pk}/", QUIZZES, CATEGORIES):
        assert_denied(client.get(url))
    response = client.post(QUESTIONS + "add/", question_data("essay", "Câu của HR", []))
    assert_denied(response)
    assert Question.objects.count() == 1


def test_learner_is_sent_to_login(learner):
    response = client_for(learner).get(QUESTIONS)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
