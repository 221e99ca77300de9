"""The quiz editor's question chooser: search, category filter, newest first, and a new question
written in place (answers one per line; a true/false question gets "Đúng" and "Sai" by itself,
as on the question screen, through the import and through ``Question.objects.create_with_answers``)."""

import json
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from people.roles import TRAINERS
from quizzes.models import Answer, Category, Question
from quizzes.resources import import_questions, read_sheet

from . import sheets
from .conftest import client_for, make_course, make_user
from .quiz_factories import make_question, make_quiz, question_url
from .test_quiz_admin import QUESTIONS, assert_denied, question_data

CHOOSER = "wagtailsnippetchoosers_quizzes_question"


def vietnamese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def chooser_html(client, view="choose", **params):
    response = client.get(reverse(f"{CHOOSER}:{view}"), params)
    assert response.status_code == 200
    return json.loads(response.content)["html"] if view == "choose" else response.content.decode()


def listed(html, questions):
    """The contents of ``questions`` in the order the chooser's listing shows them."""
    shown = [q for q in questions if q.content in html]
    return [q.content for q in sorted(shown, key=lambda q: html.index(q.content))]


def create(client, **data):
    return client.post(reverse(f"{CHOOSER}:create"), data)


def answers_of(question):
    return [(a.content, a.correct) for a in question.answers.order_by("sort_order")]


@pytest.fixture
def bank(db):
    library = Category.objects.create(name="Thư viện số")
    metadata = Category.objects.create(name="Siêu dữ liệu", parent=library)
    museum = Category.objects.create(name="Bảo tàng")
    return {
        "marc": make_question(content="Khổ mẫu MARC 21 dùng để làm gì?", category=library),
        "dublin": make_question(content="Dublin Core có bao nhiêu yếu tố?", category=metadata),
        "tour": make_question(content="Tham quan ảo bảo tàng cần thiết bị gì?", category=museum),
        "categories": {"library": library, "metadata": metadata, "museum": museum},
    }


# The listing -------------------------------------------------------------------------------


def test_chooser_lists_the_newest_questions_first(trainer, bank):
    html = chooser_html(client_for(trainer), "choose_results")

    assert listed(html, [bank["marc"], bank["dublin"], bank["tour"]]) == [
        bank["tour"].content,
        bank["dublin"].content,
        bank["marc"].content,
    ]
    assert "Multiple choice (one correct answer)" in html  # each question's type
    assert "Thư viện số › Siêu dữ liệu" in html  # and category


def test_chooser_searches_the_question_text_word_by_word(trainer, bank):
    client = client_for(trainer)
    questions = [bank["marc"], bank["dublin"], bank["tour"]]

    assert listed(chooser_html(client, "choose_results", q="marc"), questions) == [bank["marc"].content]
    assert listed(chooser_html(client, "choose_results", q="bảo tàng thiết bị"), questions) == [bank["tour"].content]
    assert listed(chooser_html(client, "choose_results", q="MARC bảo tàng"), questions) == []


def test_chooser_search_takes_a_pasted_page(trainer, bank):
    client = client_for(trainer)
    questions = [bank["marc"], bank["dublin"], bank["tour"]]

    assert listed(chooser_html(client, "choose_results", q="MARC " + " ".join(["từ"] * 3000)), questions) == []
    assert listed(chooser_html(client, "choose_results", q="MARC dùng " * 3000), questions) == [bank["marc"].content]


def test_chooser_filters_by_category_and_the_categories_under_it(trainer, bank):
    client = client_for(trainer)
    questions = [bank["marc"], bank["dublin"], bank["tour"]]
    categories = bank["categories"]

    assert listed(chooser_html(client, "choose_results", category=categories["library"].pk), questions) == [
        bank["dublin"].content,
        bank["marc"].content,
    ]
    assert listed(chooser_html(client, "choose_results", category=categories["metadata"].pk), questions) == [
        bank["dublin"].content
    ]
    filtered = chooser_html(client, "choose_results", category=categories["library"].pk, q="dublin")
    assert listed(filtered, questions) == [bank["dublin"].content]


def test_chooser_is_in_vietnamese_with_a_tab_to_write_a_question(trainer, bank):
    html = chooser_html(vietnamese(client_for(trainer)))

    assert "Chọn câu hỏi" in html
    assert "Câu hỏi mới" in html and "Thêm câu hỏi" in html
    assert "Tìm câu hỏi" in html and "Tất cả danh mục" in html
    assert 'name="answers_text"' in html and 'name="statement_is_true"' in html
    assert bank["marc"].content in html


def test_trainer_chooses_from_the_whole_bank_even_questions_of_other_trainers_quizzes(trainer, course_index):
    """The bank is shared for choosing (``QUESTION_POLICY``): a question another trainer's quiz
    uses is listed and may be chosen, though only that trainer may change it."""
    other_trainer = make_user("giangvien2", groups=[TRAINERS])
    course, _lessons = make_course(course_index, n_lessons=0, trainer=other_trainer)
    theirs = make_question(content="Câu hỏi của bài kiểm tra khác")
    make_quiz([theirs], course=course)
    client = client_for(trainer)

    assert theirs.content in chooser_html(client, "choose_results")
    chosen = client.get(reverse(f"{CHOOSER}:chosen", args=[theirs.pk]))
    assert json.loads(chosen.content)["result"]["id"] == str(theirs.pk)
    assert not Question.objects.managed_by(trainer).filter(pk=theirs.pk).exists()


# Who may create ----------------------------------------------------------------------------


def test_hr_sees_no_question_and_cannot_create_one(hr, bank):
    client = client_for(hr)

    html = chooser_html(client)
    assert bank["marc"].content not in html
    assert 'name="answers_text"' not in html
    assert_denied(create(client, kind="single", content="Câu hỏi lạ", answers_text="*A\nB"))
    assert not Question.objects.filter(content="Câu hỏi lạ").exists()


def test_reader_of_the_bank_chooses_but_cannot_create(db, bank):
    reader = make_user("doc", is_staff=False)
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_question")
    )
    client = client_for(reader)

    html = chooser_html(client)
    assert bank["marc"].content in html
    assert 'name="answers_text"' not in html
    assert_denied(create(client, kind="single", content="Câu hỏi lạ", answers_text="*A\nB"))
    assert not Question.objects.filter(content="Câu hỏi lạ").exists()


def test_anonymous_visitor_is_sent_to_login(db):
    response = create(client_for(), kind="true_false", content="Câu hỏi", statement_is_true="true")

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Question.objects.exists()


# Creating in place -------------------------------------------------------------------------


def test_trainer_creates_a_question_with_answers_in_place_and_it_is_chosen(trainer, bank):
    category = bank["categories"]["library"]

    response = create(
        client_for(trainer),
        kind="single",
        category=category.pk,
        content="Chuẩn nào dùng để trao đổi biểu ghi thư mục?",
        answers_text="* MARC 21\nJPEG\n\n  MP3  \n",
        explanation="MARC 21 là khổ mẫu biên mục.",
    )

    assert response.status_code == 200
    data = json.loads(response.content)
    question = Question.objects.get(content="Chuẩn nào dùng để trao đổi biểu ghi thư mục?")
    assert data["step"] == "chosen"
    assert data["result"]["id"] == str(question.pk)
    assert data["result"]["string"] == question.content
    assert (question.kind, question.category, question.explanation) == (
        "single",
        category,
        "MARC 21 là khổ mẫu biên mục.",
    )
    assert answers_of(question) == [("MARC 21", True), ("JPEG", False), ("MP3", False)]


def test_true_false_question_created_in_place_gets_its_answers(trainer):
    response = create(
        client_for(trainer),
        kind="true_false",
        content="Thư viện số chỉ mở cửa trong giờ hành chính.",
        statement_is_true="false",
        answers_text="* Có\nKhông",  # not used: a true/false question's answers are its own
    )

    assert json.loads(response.content)["step"] == "chosen"
    assert answers_of(Question.objects.get()) == [("Đúng", False), ("Sai", True)]


def test_essay_created_in_place_has_no_answers(trainer):
    create(client_for(trainer), kind="essay", content="Trình bày kế hoạch số hóa tài liệu.")

    question = Question.objects.get()
    assert question.kind == "essay"
    assert not question.answers.exists()


@pytest.mark.parametrize(
    "data, messages",
    [
        (
            {"kind": "true_false", "content": ""},
            ["Trường này là bắt buộc.", "Hãy chọn đáp án đúng: “Đúng” hoặc “Sai”."],
        ),
        ({"kind": "single", "content": "Câu hỏi?", "answers_text": "A\nB"}, ["chính xác một đáp án đúng"]),
        ({"kind": "single", "content": "Câu hỏi?", "answers_text": "*A"}, ["ít nhất hai đáp án"]),
        ({"kind": "essay", "content": "Câu hỏi?", "answers_text": "*A\nB"}, ["tự luận"]),
    ],
)
def test_invalid_question_is_shown_again_in_vietnamese_with_what_was_typed(trainer, data, messages):
    response = create(vietnamese(client_for(trainer)), explanation="Lời giải đã gõ", **data)

    body = json.loads(response.content)
    assert body["step"] == "reshow_creation_form"
    html = body["htmlFragment"]
    for message in messages:
        assert message in html
    assert "Lời giải đã gõ" in html
    if data.get("answers_text"):
        assert data["answers_text"].split("\n")[-1] in html
    assert not Question.objects.exists()
    assert not Answer.objects.exists()


# True/false answers by every path ----------------------------------------------------------


def test_true_false_question_on_the_question_screen_gets_its_answers(trainer):
    data = question_data("true_false", "MARC 21 là khổ mẫu biên mục.", [], statement_is_true="true")

    response = client_for(trainer).post(QUESTIONS + "add/", data)

    assert response.status_code == 302
    assert answers_of(Question.objects.get()) == [("Đúng", True), ("Sai", False)]


def test_true_false_question_screen_refuses_no_correct_answer(trainer):
    response = client_for(trainer).post(QUESTIONS + "add/", question_data("true_false", "Câu hỏi?", []))

    assert response.status_code == 200
    assert "Say which answer is correct" in response.content.decode()
    assert not Question.objects.exists()


def test_question_that_becomes_true_false_keeps_no_stale_answer(trainer):
    question = make_question(content="Đổi loại", answers=[("A", True), ("B", False), ("C", False)])
    old = list(question.answers.order_by("sort_order"))
    data = question_data("true_false", "Đổi loại", [(a.content, a.correct) for a in old], statement_is_true="false")
    data["answers-INITIAL_FORMS"] = "3"
    for i, answer in enumerate(old):
        data[f"answers-{i}-id"] = str(answer.pk)

    response = client_for(trainer).post(f"{QUESTIONS}edit/{question.pk}/", data)

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == "true_false"
    assert answers_of(question) == [("Đúng", False), ("Sai", True)]
    assert not Answer.objects.filter(pk__in=[a.pk for a in old]).exists()


def test_editing_a_true_false_question_shows_and_changes_its_correct_answer(trainer):
    question = make_question(kind="true_false", content="Đúng hay sai?", answers=[("Đúng", True), ("Sai", False)])
    answers = list(question.answers.order_by("sort_order"))
    client = client_for(trainer)

    page = client.get(f"{QUESTIONS}edit/{question.pk}/").content.decode()
    assert re.search(r'<input[^>]*name="statement_is_true"[^>]*value="true"[^>]*checked', page)

    data = question_data("true_false", "Đúng hay sai?", [("Đúng", True), ("Sai", False)], statement_is_true="false")
    data["answers-INITIAL_FORMS"] = "2"
    for i, answer in enumerate(answers):
        data[f"answers-{i}-id"] = str(answer.pk)
    assert client.post(f"{QUESTIONS}edit/{question.pk}/", data).status_code == 302

    assert answers_of(question) == [("Đúng", False), ("Sai", True)]
    assert set(question.answers.values_list("pk", flat=True)) == {a.pk for a in answers}  # past responses name them


def test_imported_true_false_question_gets_its_answers_in_order(db):
    headers = ["type", "question", "answer_1", "answer_2", "correct"]
    rows = [
        ["đúng/sai", "Câu một.", "", "", "Đúng"],
        ["đúng/sai", "Câu hai.", "Sai", "Đúng", "1"],  # typed in the other order, "Sai" marked
    ]
    dataset = read_sheet("bank.xlsx", sheets.xlsx_bytes(rows, headers=headers))

    report = import_questions(dataset, dry_run=False)

    assert not report.errors
    assert answers_of(Question.objects.get(content="Câu một.")) == [("Đúng", True), ("Sai", False)]
    assert answers_of(Question.objects.get(content="Câu hai.")) == [("Đúng", False), ("Sai", True)]


def test_service_creates_true_false_answers_and_changes_of_kind_drop_stale_ones(db):
    question = Question.objects.create_with_answers(kind="true_false", content="Nhận định.", statement_is_true=False)
    assert answers_of(question) == [("Đúng", False), ("Sai", True)]

    question.kind = Question.Kind.SINGLE
    question.save()
    question.set_answers([("A", True), ("B", False)])
    assert answers_of(question) == [("A", True), ("B", False)]

    question.kind = Question.Kind.ESSAY
    question.save()
    question.set_answers()
    assert not question.answers.exists()


def test_service_refuses_a_true_false_question_without_its_correct_answer(db):
    with pytest.raises(ValidationError):
        Question.objects.create_with_answers(kind="true_false", content="Nhận định.")
    with pytest.raises(ValidationError):
        Question.objects.create_with_answers([("Có", True), ("Không", False)], kind="true_false", content="Nhận định.")

    assert not Question.objects.exists()


def test_learner_never_sees_which_answer_of_a_chosen_true_false_question_is_correct(trainer, learner):
    create(client_for(trainer), kind="true_false", content="Nhận định cần đánh giá.", statement_is_true="false")
    quiz = make_quiz([Question.objects.get()])
    attempt = quiz.start_attempt(learner)

    page = client_for(learner).get(question_url(attempt, 1)).content.decode()

    assert "Nhận định cần đánh giá." in page
    assert page.index("Đúng") < page.index("Sai")  # the fixed order, not the correct one first
    # The choices are the attempt's tokens, which say nothing of the answers (Attempt.choice_token).
    question = Question.objects.get()
    assert all(f'value="{token}"' in page for token, _answer in attempt.choices(question))
