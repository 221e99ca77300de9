"""Property-based tests (hypothesis): whatever a staff roster sheet or a quiz answer holds,
the answer is a page or a user-facing error, never a crash, and nothing is half-written.

- Roster sheets: any headers (Vietnamese, English, unknown, empty), any cells (Vietnamese,
  formulas, very long text, control characters, numbers, dates, nothing), as XLSX or CSV,
  and files that are neither. A sheet is refused with a message, or every row is checked:
  the preview's row errors (nothing written), or an import that writes exactly the rows the
  preview announced, as new, updated or unchanged.
- Quiz answers: any POST body (missing fields, other questions' or quizzes' ids, answer ids
  and other attempts' or questions' choice tokens, lists, repeated keys, huge or non-numeric
  values) to the question page and to the autosave. The
  status is one the view means to give, a refused answer stores nothing, a saved one stores
  exactly the choices sent, an attempt never has two answers to one question nor a choice
  from another question, and its score never exceeds the maximum.

Each example runs in a savepoint that is rolled back, so examples do not see each other's
writes. ``derandomize`` makes every run try the same examples (CI is reproducible), and no
example database is written.
"""

import csv
import io
from contextlib import contextmanager
from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from people.models import StaffProfile
from people.roster import import_staff, read_sheet
from quizzes.models import Attempt, Question, Response
from staff_lms.sheets import cell_text

from .conftest import client_for, make_user
from .quiz_factories import make_question, make_quiz
from .sheets import upload

User = get_user_model()

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def rolled_back():
    """One example's writes, undone when it ends (the test's transaction stays)."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


# Arbitrary cells ------------------------------------------------------------------------------------

# Any character a file can carry (no lone surrogates): control characters included.
text = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
vietnamese = st.text(
    st.sampled_from("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậđèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ "),
    max_size=30,
)
formulas = st.sampled_from(
    ['=cmd|" /C calc"!A0', '=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "'=1+1", "\t=1", "=1/0"]
)
long_text = st.integers(200, 3000).map(lambda n: "Đ" * n)
numbers = st.one_of(st.integers(-(10**15), 10**15), st.floats(allow_nan=True, allow_infinity=True))
garbage = st.one_of(
    st.none(),
    text,
    vietnamese,
    formulas,
    long_text,
    numbers,
    # What a spreadsheet can hold: Excel counts days from 1900.
    st.dates(min_value=date(1900, 3, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.booleans(),
)


# Staff roster sheets ----------------------------------------------------------------------------------

ROSTER_COLUMNS = ["full_name", "email", "employee_code", "institution", "position", "participant_type"]
REQUIRED = {"full_name", "email", "institution"}
ROSTER_HEADERS = {
    "full_name": ["Họ và tên", "HỌ VÀ TÊN", "full_name", "Full name", " họ  tên "],
    "email": ["Email", "e-mail", "Thư điện tử", "EMAIL"],
    "employee_code": ["Mã nhân viên", "employee_code", "Mã NV"],
    "institution": ["Đơn vị", "institution", "Đơn vị công tác", "Cơ quan"],
    "position": ["Chức danh", "position", "Chức vụ"],
    "participant_type": ["Đối tượng", "participant_type", "Loại đối tượng"],
}
# Emails up to the account field's 254 characters: longer ones that Django's validator still
# accepts are test_an_email_longer_than_the_account_field_is_a_row_error below.
long_email = st.integers(60, 320 - len("@example.vn")).map(lambda n: "a" * n + "@example.vn")
# Cells of a messy sheet: plausible for their column, valid or not.
MESSY_VALUES = {
    "full_name": st.one_of(
        st.sampled_from(["Nguyễn Thị Lan", "Trần Văn Bình", "  Đỗ   Minh  Châu ", "", "B" * 201]), vietnamese
    ),
    "email": st.one_of(
        st.sampled_from(
            ["lan@example.vn", "LAN@Example.VN", "nv001@example.vn", "tccb@example.vn", "Nguyễn@example.vn", "a@b", ""]
        ),
        st.integers(1, 4).map(lambda n: f"moi{n}@example.vn"),
        long_email,
    ),
    "employee_code": st.sampled_from(["", "NV001", "nv001", "NV002", "NV003", "0012", "X" * 51]),
    "institution": st.sampled_from(
        ["tv-dai-tu", "Thư viện huyện Đại Từ", "bdvh-hung-son", "tv-phu-luong", "Không có đơn vị này", ""]
    ),
    "position": st.one_of(st.sampled_from(["", "Thủ thư", "C" * 201]), formulas),
    "participant_type": st.sampled_from(["", "Viên chức", "Cộng tác viên", "khác"]),
}


def clean_values(i):
    """Cells of row ``i`` of a clean sheet: valid, each row naming someone else (a new person,
    or for the first rows the learner and the librarian NV001 on record)."""
    existing = {0: ["lan@example.vn", "LAN@Example.VN"], 1: ["nv001@example.vn"]}.get(i, [])
    return {
        "full_name": st.sampled_from(["Nguyễn Thị Lan", "Trần Văn Bình", "  Đỗ   Minh  Châu ", "Hoàng Thị Một"]),
        "email": st.sampled_from([f"moi{i}@example.vn", f"Moi{i}@EXAMPLE.vn", *existing]),
        "employee_code": st.sampled_from(["", f"NV1{i:02d}", *(["NV001"] if i == 1 else [])]),
        "institution": st.sampled_from(
            ["tv-dai-tu", "TV-DAI-TU", "Thư viện huyện Đại Từ", " thư viện  huyện đại từ ", "bdvh-hung-son"]
        ),
        "position": st.one_of(st.sampled_from(["", "Thủ thư", "Kế toán"]), formulas),
        "participant_type": st.sampled_from(["", "Viên chức", "người lao động", "Cộng tác viên", "community"]),
    }


def xlsx_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        # openpyxl refuses the control characters XML cannot hold; Excel cannot save them either.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value for value in row])
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def csv_file(rows, delimiter, encoding):
    stream = io.StringIO()
    csv.writer(stream, delimiter=delimiter).writerows([["" if v is None else v for v in row] for row in rows])
    return stream.getvalue().encode(encoding)


@st.composite
def roster_sheets(draw):
    """(file name, bytes) of a roster-like sheet: the roster's columns under one of their
    headers, maybe columns the import does not know; then either a clean sheet (valid rows,
    blank rows) or a messy one (a required column may be missing, cells plausible for their
    column or anything at all)."""
    clean = draw(st.booleans())
    columns = [c for c in ROSTER_COLUMNS if c in REQUIRED or draw(st.booleans())]
    if not clean and draw(st.integers(0, 4)) == 4:
        columns.remove(draw(st.sampled_from(sorted(REQUIRED))))
    columns += draw(st.lists(st.just(None), max_size=2))
    columns = draw(st.permutations(columns))
    headers = [
        draw(st.sampled_from(ROSTER_HEADERS[c])) if c else draw(st.one_of(st.sampled_from(["STT", "Ghi chú"]), text))
        for c in columns
    ]
    rows = []
    for i in range(draw(st.integers(0 if not clean else 1, 5))):
        if draw(st.integers(0, 7)) == 7:
            rows.append([None] * len(columns))
            continue
        values = clean_values(i) if clean else MESSY_VALUES
        rows.append(
            [
                draw(garbage) if c is None or (not clean and draw(st.integers(0, 5)) == 5) else draw(values[c])
                for c in columns
            ]
        )
    kind = draw(st.sampled_from(["xlsx", "csv", "csv;", "csv-bom", "csv-utf16"]))
    if kind == "xlsx":
        return "nhan-su.xlsx", xlsx_file([headers, *rows])
    delimiter = ";" if kind == "csv;" else ","
    encoding = {"csv-bom": "utf-8-sig", "csv-utf16": "utf-16"}.get(kind, "utf-8")
    return "nhan-su.csv", csv_file([headers, *rows], delimiter, encoding)


any_file = st.tuples(st.sampled_from(["a.xlsx", "a.csv", "a.txt", "a.xls", "a", "a.pdf"]), st.binary(max_size=300))
roster_uploads = st.one_of(roster_sheets(), roster_sheets(), roster_sheets(), any_file)


@pytest.fixture
def roster(units, learner, hr):
    """People a sheet may name: the learner (by e-mail, no code, no institution), a librarian
    of district A with code NV001, and the HR officer of district A (an account with a role)."""
    make_user(
        "nv001",
        email="nv001@example.vn",
        profile={"full_name": "Hoàng Thị Một", "employee_code": "NV001", "institution": units["library_a"]},
    )
    return units


def profiles():
    """Each staff profile and its account as an import may write them."""
    return {
        profile.pk: (
            profile.full_name,
            profile.employee_code,
            profile.institution_id,
            profile.position,
            profile.participant_type,
            profile.user.email,
            profile.user.username,
        )
        for profile in StaffProfile.objects.select_related("user")
    }


def data_rows(dataset):
    """Rows of the dataset with something in one of the roster's columns."""
    present = [column for column in ROSTER_COLUMNS if column in dataset.headers]
    return sum(1 for row in dataset.dict if any(cell_text(row[column]) for column in present))


@PROPERTY
@given(sheet=roster_sheets(), as_hr=st.booleans())
@example(sheet=("nhan-su.csv", "Họ và tên,Email,Đơn vị\nLan,lan@example.vn,tv-dai-tu\n".encode()), as_hr=True)
def test_a_roster_sheet_is_refused_whole_or_imported_exactly_as_previewed(roster, hr, sheet, as_hr):
    filename, data = sheet
    actor = hr if as_hr else None
    with rolled_back():
        before = profiles()
        users_without_profile = User.objects.filter(staff_profile=None).count()
        try:
            dataset = read_sheet(filename, data)
        except ValidationError as error:
            assert error.messages and all(message.strip() for message in error.messages)
            event("sheet refused")
            return

        preview = import_staff(dataset, actor=actor, dry_run=True)
        assert profiles() == before, "the dry run wrote"
        report = import_staff(dataset, actor=actor, dry_run=False)
        after = profiles()

        assert [(e.number, e.messages) for e in report.errors] == [(e.number, e.messages) for e in preview.errors]
        assert [(row.number, row.status) for row in report.rows] == [(row.number, row.status) for row in preview.rows]
        event("row errors" if report.errors else f"imported ({report.created} new, {report.updated} updated)")
        if report.errors:
            assert report.rows == []
            assert after == before
            assert all(error.messages for error in report.errors)
            assert all(2 <= error.number <= len(dataset) + 1 for error in report.errors)
        else:
            assert report.created + report.updated + report.unchanged == data_rows(dataset)
            assert before.keys() <= after.keys()
            assert len(after.keys() - before.keys()) == report.created
            assert sum(after[pk] != before[pk] for pk in before) == report.updated
        assert User.objects.filter(staff_profile=None).count() <= users_without_profile


@settings(PROPERTY, max_examples=40)
@given(file=roster_uploads)
def test_the_import_screen_answers_any_upload_with_a_page_and_confirms_only_what_it_previewed(
    roster, provincial_admin, file
):
    """Through the admin: the preview is a page (a form error, row errors, or the rows and a
    confirmation form) and writes nothing; confirming writes the rows it showed."""
    client = client_for(provincial_admin)
    with rolled_back():
        before = profiles()
        response = client.post("/admin/people/import/", upload(*file))

        assert response.status_code == 200
        assert profiles() == before
        form, report = response.context["form"], response.context.get("report")
        event("form error" if report is None else "row errors" if not report.ok else "previewed and confirmed")
        if report is None:
            assert form.errors["file"]
            return
        if not report.ok:
            assert "confirm_form" not in response.context
            return
        confirmed = client.post(
            "/admin/people/import/confirm/", {"token": response.context["confirm_form"].initial["token"]}
        )
        assert confirmed.status_code == 302
        # New accounts: on to the offer to invite them (tests/test_invitations.py).
        creates_accounts = any(not row.account_exists for row in report.rows)
        assert confirmed["Location"] == (
            "/admin/people/invite/imported/" if creates_accounts else "/admin/snippets/people/staffprofile/"
        )
        after = profiles()
        assert len(after.keys() - before.keys()) == report.created
        assert sum(after[pk] != before[pk] for pk in before) == report.updated


def test_an_email_longer_than_the_account_field_is_a_row_error(roster):
    email = "a" * 300 + "@example.vn"
    data = f"Họ và tên,Email,Đơn vị\nNguyễn Văn Dài,{email},tv-dai-tu\n".encode()

    report = import_staff(read_sheet("nhan-su.csv", data), dry_run=True)

    assert [(error.number, error.messages) for error in report.errors] == [
        (2, ["The e-mail address is longer than 254 characters."])
    ]


# Quiz answers ------------------------------------------------------------------------------------------


@pytest.fixture
def quiz_world(learner, other_learner):
    """The learner's open attempts at two quizzes (feedback at the end; feedback after each
    question, where "check" locks an answer), each with a question of every type, and another
    learner's attempt at a third quiz whose ids a forged form may carry."""
    attempts = {}
    for feedback in ("at_end", "each_question"):
        # In the order of Question.Kind: single, multiple, true/false, essay (number 4).
        quiz = make_quiz([make_question(kind) for kind in Question.Kind], feedback=feedback)
        attempts[feedback] = quiz.start_attempt(learner)
    foreign = make_quiz([make_question(Question.Kind.SINGLE)]).start_attempt(other_learner)
    questions = {q.pk: q for q in Question.objects.prefetch_related("answers")}
    # Every choice token of every attempt for every question's answers, and the answer of each.
    answer_of = {
        attempt.choice_token(question.pk, answer.pk): answer.pk
        for attempt in [*attempts.values(), foreign]
        for question in questions.values()
        for answer in question.answers.all()
    }
    return {
        "attempts": attempts,
        "foreign": foreign,
        "questions": questions,
        "question_ids": sorted(questions),
        "answer_ids": sorted(a.pk for q in questions.values() for a in q.answers.all()),
        "tokens": sorted(answer_of),
        "answer_of": answer_of,
    }


# A POST is drawn without the database, as placeholders that ``resolve()`` turns into the
# fixture's ids and choice tokens, so that explicit examples can be written down too.
SHOWN = ("shown",)  # the id of the question the page shows, as its form sends it

# Values a forged field may carry: ids of real questions and answers (of this attempt, the other
# quiz, another learner's), choice tokens of any attempt and question, other numbers, and
# anything at all.
forged_values = st.one_of(
    st.tuples(st.just("question"), st.integers(0, 8)),
    st.tuples(st.just("answer"), st.integers(0, 30)),
    st.tuples(st.just("token"), st.integers(0, 200)),
    st.integers(-3, 10**20).map(str),
    st.sampled_from(["", " 1", "1.0", "１", "0x10", "1e3", "None", "[1]", "9" * 5000]),
    text,
    long_text,
)


@st.composite
def answer_posts(draw):
    """(attempt, question number, POST body with repeated keys): each part usually what the
    page's form sends, sometimes anything at all."""

    def usually(plausible, anything):
        # About one time in eight "anything": hypothesis favours an integer's bounds, so the
        # rare case is a value in between.
        return draw(anything) if draw(st.integers(0, 9)) == 4 else draw(plausible)

    attempt = usually(st.sampled_from(["at_end", "each_question"]), st.sampled_from(["another learner's", "none"]))
    number = usually(st.integers(1, 4), st.integers(0, 10**20))
    body = {}
    if draw(st.integers(0, 5)) < 5:
        body["question"] = usually(st.just([SHOWN]), st.lists(forged_values, min_size=1, max_size=3))
    if draw(st.integers(0, 3)) < 3:
        # ("choice", i): the i-th choice of the question shown, as its page's form sends it.
        plausible = st.lists(st.tuples(st.just("choice"), st.integers(0, 3)), max_size=3)
        body["choice"] = usually(plausible, st.lists(forged_values, max_size=4))
    if draw(st.booleans()):
        control = st.sampled_from(["Bài làm\x00", "\x00", "a\x00b\x1f\x7f"])  # PostgreSQL refuses NUL
        body["text"] = draw(st.lists(st.one_of(vietnamese, text, long_text, control), min_size=1, max_size=2))
    if draw(st.booleans()):
        body["action"] = draw(st.lists(st.sampled_from(["next", "previous", "finish", "check", "", "xóa"]), max_size=2))
    if draw(st.integers(0, 3)) == 3:
        body[draw(text)] = draw(st.lists(forged_values, max_size=2))
    return attempt, number, body


def resolve(post, world):
    """(attempt id, number, body) of an ``answer_posts`` example in ``world``."""
    name, number, body = post
    attempt = world["attempts"].get(name)
    attempt_id = {"another learner's": world["foreign"].pk, "none": 10**6}.get(name) or attempt.pk
    shown = None
    if attempt is not None:
        shown = world["questions"][attempt.question_ids[(number - 1) % len(attempt.question_ids)]]
    choices = [token for token, _answer in attempt.choices(shown)] if shown else []
    values = {"question": world["question_ids"], "answer": world["answer_ids"], "token": world["tokens"]}

    def value(drawn):
        if drawn == SHOWN:
            return str(shown.pk) if shown else "1"
        if isinstance(drawn, tuple):
            kind, i = drawn
            if kind == "choice":
                return choices[i % len(choices)] if choices else None
            return str(values[kind][i % len(values[kind])])
        return drawn

    resolved = {key: [v for v in map(value, values) if v is not None] for key, values in body.items()}
    return attempt_id, number, resolved


def responses(world):
    return sorted(Response.objects.values_list("pk", "attempt_id", "question_id", "selected_ids", "text", "locked"))


def assert_attempts_sound(world):
    """Every stored answer belongs to its attempt's questions and fits its question; scores
    stay within the maximum once submitted."""
    for attempt in Attempt.objects.all():
        stored = list(attempt.responses.all())
        assert len({r.question_id for r in stored}) == len(stored)
        for response in stored:
            assert response.question_id in attempt.question_ids
            question = world["questions"][response.question_id]
            assert set(response.selected_ids) <= {a.pk for a in question.answers.all()}
            if question.kind != Question.Kind.MULTIPLE:
                assert len(response.selected_ids) <= 1
            if not question.is_essay:
                assert response.text == ""
        if attempt.user_id == world["attempts"]["at_end"].user_id:
            attempt.submit()
            assert 0 <= attempt.score <= attempt.max_score == len(attempt.question_ids)
            assert 0 <= attempt.percent <= 100


def expected_choices(body, world):
    return sorted({world["answer_of"][value] for value in body.get("choice", [])})


def expected_text(question, body):
    """An essay keeps the text sent (the last one, trimmed, without NUL); a choice question none."""
    if not question.is_essay or "text" not in body:
        return ""
    return body["text"][-1].replace("\x00", "").strip()


@pytest.fixture
def quiz_client(learner):
    return client_for(learner)


def test_quiz_answer_property_setup_reaches_every_kind(quiz_world):
    """The properties below need a question of each type in each attempt, and foreign ids."""
    for attempt in quiz_world["attempts"].values():
        kinds = [quiz_world["questions"][pk].kind for pk in attempt.question_ids]
        assert kinds == list(Question.Kind)
    assert quiz_world["foreign"].question_ids[0] in quiz_world["questions"]


@settings(PROPERTY, max_examples=80)
@given(post=answer_posts())
@example(post=("at_end", 4, {"question": [SHOWN], "text": ["Bài làm\x00"]}))
@example(post=("each_question", 1, {"question": [SHOWN], "choice": [("choice", 1)], "action": ["check"]}))
@example(post=("at_end", 2, {"question": [SHOWN], "choice": [("answer", 0), ("choice", 0)]}))
@example(post=("at_end", 1, {"question": [SHOWN], "choice": [("token", 0)]}))
def test_any_post_to_a_question_page_is_saved_whole_or_refused_whole(quiz_world, quiz_client, post):
    attempt_id, number, body = resolve(post, quiz_world)
    url = f"/quizzes/attempts/{attempt_id}/questions/{number}/"
    with rolled_back():
        before = responses(quiz_world)

        response = quiz_client.post(url, body)

        event(f"status {response.status_code}")
        assert response.status_code in (302, 400, 404), response.status_code
        if response.status_code != 302:
            assert responses(quiz_world) == before
        elif body.get("choice") or "text" in body:
            attempt = Attempt.objects.get(pk=attempt_id)
            saved = Response.objects.get(attempt=attempt, question_id=attempt.question_ids[number - 1])
            assert saved.selected_ids == expected_choices(body, quiz_world)
            assert saved.text == expected_text(saved.question, body)
            event("answer saved")
        else:
            assert responses(quiz_world) == before
        assert_attempts_sound(quiz_world)


@settings(PROPERTY, max_examples=80)
@given(post=answer_posts())
@example(post=("at_end", 4, {"question": [SHOWN], "text": ["\x00"]}))
@example(post=("at_end", 1, {"question": [SHOWN, ("question", 5)], "choice": [("choice", 0)]}))
def test_any_autosave_is_saved_whole_or_refused_whole(quiz_world, quiz_client, post):
    attempt_id, _number, body = resolve(post, quiz_world)
    with rolled_back():
        before = responses(quiz_world)

        response = quiz_client.post(f"/quizzes/attempts/{attempt_id}/answer/", body)
        event(f"status {response.status_code}")

        assert response.status_code in (200, 400, 404, 409), response.status_code
        if response.status_code == 200:
            assert response.json()["saved"] is True
            saved = Response.objects.get(attempt_id=attempt_id, question_id=int(body["question"][-1]))
            assert saved.selected_ids == expected_choices(body, quiz_world)
            assert saved.text == expected_text(saved.question, body)
        else:
            assert responses(quiz_world) == before
            if response.status_code != 404:
                assert response.json()["saved"] is False and response.json()["error"]
        assert_attempts_sound(quiz_world)
