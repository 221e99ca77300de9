"""Question-bank import from XLSX/CSV: dry run and preview first, row errors, all or nothing."""

import io
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import load_workbook

from quizzes.models import Answer, Category, Question, QuizQuestion
from quizzes.resources import import_questions, read_sheet

from . import sheets
from .conftest import client_for
from .quiz_factories import make_question, make_quiz
from .sheets import to_cp1258, upload

IMPORT = "/admin/quizzes/import/"
CONFIRM = "/admin/quizzes/import/confirm/"
TEMPLATE = "/admin/quizzes/import/template.xlsx"

HEADERS = ["category", "type", "question", "answer_1", "answer_2", "answer_3", "correct", "explanation", "quiz"]
GOOD_ROWS = [
    ["Chuyển đổi số > Thư viện số", "single", "Chuẩn trao đổi biểu ghi?", "MARC 21", "JPEG", "MP3", "1", "Vì…", ""],
    [
        "Chuyển đổi số > Thư viện số",
        "nhiều đáp án",
        "Thiết bị số hoá?",
        "Máy quét",
        "Máy tính",
        "Máy huỷ",
        "1,2",
        "",
        "",
    ],
    ["Chuyển đổi số", "đúng/sai", "Thư viện số chỉ mở giờ hành chính.", "", "", "", "Sai", "", "Kiểm tra cuối khoá"],
    ["", "tự luận", "Trình bày kế hoạch số hoá.", "", "", "", "", "", "Kiểm tra cuối khoá"],
]


xlsx_bytes = partial(sheets.xlsx_bytes, headers=HEADERS)
csv_text = partial(sheets.csv_text, headers=HEADERS)


@pytest.fixture
def final_quiz(trainer):
    """A quiz the trainer wrote, attached to no course yet: theirs to add questions to."""
    return make_quiz([], title="Kiểm tra cuối khoá", created_by=trainer)


def assert_bank_imported(final_quiz):
    assert Question.objects.count() == 4
    single = Question.objects.get(content="Chuẩn trao đổi biểu ghi?")
    assert single.kind == Question.Kind.SINGLE
    assert str(single.category) == "Chuyển đổi số › Thư viện số"
    assert [(a.content, a.correct) for a in single.answers.order_by("sort_order")] == [
        ("MARC 21", True),
        ("JPEG", False),
        ("MP3", False),
    ]
    multiple = Question.objects.get(content="Thiết bị số hoá?")
    assert multiple.kind == Question.Kind.MULTIPLE
    assert set(multiple.answers.filter(correct=True).values_list("content", flat=True)) == {"Máy quét", "Máy tính"}
    true_false = Question.objects.get(kind=Question.Kind.TRUE_FALSE)
    assert [(a.content, a.correct) for a in true_false.answers.order_by("sort_order")] == [
        ("Đúng", False),
        ("Sai", True),
    ]
    essay = Question.objects.get(kind=Question.Kind.ESSAY)
    assert not essay.answers.exists()
    assert Category.objects.count() == 2  # "Chuyển đổi số" is reused, not duplicated
    assert final_quiz.question_ids() == [true_false.pk, essay.pk]


def preview_then_confirm(client, name, data):
    preview = client.post(IMPORT, upload(name, data))
    assert preview.status_code == 200
    assert not Question.objects.exists(), "the dry run wrote to the database"
    assert not Category.objects.exists()
    token = preview.context["confirm_form"].initial["token"]
    return preview, client.post(CONFIRM, {"token": token})


# Through the admin screen ------------------------------------------------------------------------


def test_xlsx_import_previews_then_imports_on_confirmation(trainer, final_quiz):
    client = client_for(trainer)

    preview, confirmed = preview_then_confirm(client, "ngan-hang.xlsx", xlsx_bytes(GOOD_ROWS))

    page = preview.content.decode()
    assert "Preview: 4 new questions" in page
    assert "Chuẩn trao đổi biểu ghi?" in page
    assert "<td>5</td>" in page  # the essay is on sheet row 5 (row 1 holds the headers)
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/admin/snippets/quizzes/question/"
    assert_bank_imported(final_quiz)


def test_csv_with_bom_semicolons_and_vietnamese_headers(trainer, final_quiz):
    headers = [
        "Danh mục",
        "Loại",
        "Câu hỏi",
        "Đáp án 1",
        "Đáp án 2",
        "Đáp án 3",
        "Đáp án đúng",
        "Giải thích",
        "Bài kiểm tra",
    ]
    data = csv_text(GOOD_ROWS, headers=headers, delimiter=";").encode("utf-8-sig")

    _preview, confirmed = preview_then_confirm(client_for(trainer), "ngan-hang.csv", data)

    assert confirmed.status_code == 302
    assert_bank_imported(final_quiz)


def test_csv_in_windows_1258(trainer, final_quiz):
    data = to_cp1258(csv_text(GOOD_ROWS))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")

    _preview, confirmed = preview_then_confirm(client_for(trainer), "ngan-hang.csv", data)

    assert confirmed.status_code == 302
    assert_bank_imported(final_quiz)


def test_bad_rows_are_reported_per_row_and_nothing_is_written(trainer, final_quiz):
    rows = [
        GOOD_ROWS[0],
        ["Danh mục mới", "single", "", "A", "B", "", "1", "", ""],  # row 3: no question
        ["", "câu đố", "Loại lạ?", "A", "B", "", "1", "", ""],  # row 4: unknown type
        ["", "single", "Chỉ số sai?", "A", "B", "", "3", "", ""],  # row 5: answer 3 does not exist
        ["", "single", "Hai đáp án đúng?", "A", "B", "C", "1,2", "", ""],  # row 6: single with two correct
        ["", "essay", "Bài lạ?", "", "", "", "", "", "Không có bài này"],  # row 7: unknown quiz
    ]

    response = client_for(trainer).post(IMPORT, upload("loi.xlsx", xlsx_bytes(rows)))

    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing was imported" in page
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    errors = {error.number: " ".join(error.messages) for error in response.context["report"].errors}
    assert set(errors) == {3, 4, 5, 6, 7}
    assert "question text is missing" in errors[3]
    assert "Unknown question type “câu đố”" in errors[4]
    assert "Answer 3 is marked correct, but the row has 2 answers" in errors[5]
    assert "exactly one correct answer" in errors[6]
    assert "no quiz titled “Không có bài này”" in errors[7]
    for message in errors.values():
        assert message in page or message.split(": ", 1)[-1] in page
    assert not Question.objects.exists()
    assert not Category.objects.exists()
    assert not QuizQuestion.objects.exists()


def test_real_import_with_one_bad_row_writes_nothing(final_quiz):
    dataset = read_sheet("bank.xlsx", xlsx_bytes([*GOOD_ROWS, ["", "single", "Thiếu đáp án đúng", "A", "B"]]))

    report = import_questions(dataset, dry_run=False)

    assert [error.number for error in report.errors] == [6]
    assert not Question.objects.exists()
    assert not Answer.objects.exists()
    assert not Category.objects.exists()
    assert not QuizQuestion.objects.exists()


def test_blank_rows_are_skipped_and_keep_sheet_row_numbers(final_quiz):
    rows = [GOOD_ROWS[0], ["", "", "", "", "", "", "", "", ""], ["", "bogus", "x", "", "", "", "", "", ""]]

    report = import_questions(read_sheet("bank.csv", csv_text(rows).encode()), dry_run=True)

    assert [error.number for error in report.errors] == [4]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("ngan-hang.pdf", b"%PDF-1.4 not a sheet", "Upload an Excel workbook (.xlsx) or a CSV file"),
        ("ngan-hang.xlsx", b"this is plain text", "could not be read as an Excel workbook"),
        ("ngan-hang.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "Old Excel files (.xls)"),
        ("ngan-hang.csv", b"", "file is empty."),
        ("ngan-hang.csv", b"\r\n\r\n  \r\n", "The file is empty."),
        ("ngan-hang.csv", ",".join(HEADERS).encode(), "no questions below its header row"),
        ("ngan-hang.csv", b"question,type,colour\nA,single,red\n", "Unknown column “colour”"),
        ("ngan-hang.csv", b"question,answer_1\nA,B\n", "The column “type” is missing"),
        ("ngan-hang.csv", b"\x00\x01\x02\x81\x8a\x9a", "could not be read"),
    ],
)
def test_unusable_files_get_a_form_error(trainer, name, data, message):
    response = client_for(trainer).post(IMPORT, upload(name, data))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_confirmation_imports_only_the_previewed_file_and_only_once(trainer, final_quiz, media_root):
    client = client_for(trainer)
    preview = client.post(IMPORT, upload("ngan-hang.xlsx", xlsx_bytes(GOOD_ROWS)))
    token = preview.context["confirm_form"].initial["token"]

    forged = client.post(CONFIRM, {"token": token[:-2] + "xx"})
    assert forged.status_code == 302 and forged["Location"] == IMPORT
    assert not Question.objects.exists()

    assert client.post(CONFIRM, {"token": token}).status_code == 302
    assert Question.objects.count() == 4
    assert not any((media_root / "django-import-export").iterdir()), "the confirmed upload was left behind"

    again = client.post(CONFIRM, {"token": token})
    assert again["Location"] == IMPORT
    assert Question.objects.count() == 4


def test_confirmation_refuses_a_swapped_file(trainer, final_quiz, media_root):
    from django.core import signing

    client = client_for(trainer)
    preview = client.post(IMPORT, upload("ngan-hang.xlsx", xlsx_bytes(GOOD_ROWS[:1])))
    token = preview.context["confirm_form"].initial["token"]
    stored = signing.loads(token, salt="quizzes.import.upload")["file"]
    (media_root / "django-import-export" / stored).write_bytes(xlsx_bytes(GOOD_ROWS))

    response = client.post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert not Question.objects.exists()


def test_another_user_cannot_confirm_a_preview(trainer, superuser, final_quiz):
    preview = client_for(trainer).post(IMPORT, upload("ngan-hang.xlsx", xlsx_bytes(GOOD_ROWS)))
    token = preview.context["confirm_form"].initial["token"]

    response = client_for(superuser).post(CONFIRM, {"token": token})

    assert response["Location"] == IMPORT
    assert not Question.objects.exists()


def test_template_sheet_downloads_and_imports_as_is(trainer):
    response = client_for(trainer).get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in workbook.worksheets[0][1]][:3] == ["category", "type", "question"]
    report = import_questions(read_sheet("template.xlsx", response.content), dry_run=True)
    assert report.ok, report.errors
    assert [row.number for row in report.rows] == [2, 3, 4, 5]


def test_import_page_describes_the_format(trainer):
    response = client_for(trainer).get(IMPORT)

    assert response.status_code == 200
    assert TEMPLATE in response.text
    assert "answer_1 … answer_6" in response.text


def test_hr_and_learners_cannot_import(hr, learner):
    data = xlsx_bytes(GOOD_ROWS[:1])
    for user in (hr, learner):
        client = client_for(user)
        for response in (client.get(IMPORT), client.post(IMPORT, upload("a.xlsx", data)), client.get(TEMPLATE)):
            assert response.status_code in (302, 403)
            assert response["Location"] in ("/admin/",) or response["Location"].startswith("/admin/login/")
    assert not Question.objects.exists()


# The management command ------------------------------------------------------------------------


def test_command_imports_a_sheet(tmp_path, final_quiz):
    path = tmp_path / "ngan-hang.xlsx"
    path.write_bytes(xlsx_bytes(GOOD_ROWS))
    out = io.StringIO()

    call_command("import_questions", str(path), stdout=out)

    assert "4" in out.getvalue()
    assert_bank_imported(final_quiz)


def test_command_dry_run_writes_nothing(tmp_path, final_quiz):
    path = tmp_path / "ngan-hang.csv"
    path.write_text(csv_text(GOOD_ROWS), encoding="utf-8")

    call_command("import_questions", str(path), "--dry-run", stdout=io.StringIO())

    assert not Question.objects.exists()


def test_command_fails_with_row_errors_and_writes_nothing(tmp_path, final_quiz):
    path = tmp_path / "loi.csv"
    path.write_text(csv_text([GOOD_ROWS[0], ["", "single", "Sai chỉ số", "A", "B", "", "9", "", ""]]), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_questions", str(path), stderr=err)

    assert raised.value.returncode == 1
    assert f"{path}:3: correct: Answer 9 is marked correct" in err.getvalue()
    assert not Question.objects.exists()


def test_command_exit_status_on_an_unreadable_file(tmp_path):
    path = tmp_path / "rong.csv"
    path.write_bytes(b"")

    result = subprocess.run(
        [sys.executable, "manage.py", "import_questions", str(path)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
    )

    assert result.returncode == 1
    assert "rong.csv" in result.stderr


def test_existing_questions_are_left_alone(final_quiz):
    kept = make_question(content="Câu cũ")

    report = import_questions(read_sheet("bank.xlsx", xlsx_bytes(GOOD_ROWS)), dry_run=False)

    assert report.ok
    assert Question.objects.filter(pk=kept.pk).exists()
    assert Question.objects.count() == 5


def test_workbook_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr("staff_lms.sheets.MAX_UNPACKED_BYTES", 1000)

    with translation.override("en"), pytest.raises(ValidationError, match="too large"):
        read_sheet("bank.xlsx", xlsx_bytes(GOOD_ROWS))
