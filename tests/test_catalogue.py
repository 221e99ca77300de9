import unicodedata

import pytest

from courses.models import TrainingType

from .conftest import client_for, institution_type, make_course


def course_titles(response):
    return [course.title for course in response.context["courses"]]


def test_catalogue_lists_only_live_courses(course_index, anon_client):
    make_course(course_index, 0, title="Thư viện số cơ bản")
    make_course(course_index, 0, title="Khoá học chưa xuất bản", live=False)

    response = anon_client.get("/")

    assert response.status_code == 200
    assert course_titles(response) == ["Thư viện số cơ bản"]
    assert "Khoá học chưa xuất bản" not in response.text


def test_search_finds_course_by_vietnamese_title(course_index, anon_client):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")
    make_course(course_index, 0, title="Kỹ năng mềm cho viên chức")

    response = anon_client.get("/", {"q": "bảo tàng"})

    assert course_titles(response) == ["Số hoá hiện vật bảo tàng"]
    assert "1 course matches “bảo tàng”." in response.text


def test_search_ignores_letter_case_of_vietnamese_words(course_index, anon_client):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    response = anon_client.get("/", {"q": "BẢO TÀNG"})

    assert course_titles(response) == ["Số hoá hiện vật bảo tàng"]


def test_search_finds_course_by_summary(course_index, anon_client):
    make_course(course_index, 0, title="Chuyên đề 1", summary="Hướng dẫn biên mục tài liệu theo chuẩn MARC 21.")
    make_course(course_index, 0, title="Chuyên đề 2", summary="Tổ chức hoạt động đọc sách cho thiếu nhi.")

    response = anon_client.get("/", {"q": "biên mục"})

    assert course_titles(response) == ["Chuyên đề 1"]


def test_search_without_match_says_so(course_index, anon_client):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    response = anon_client.get("/", {"q": "thiên văn học"})

    assert response.status_code == 200
    assert course_titles(response) == []
    assert "No course matches your search." in response.text


def test_search_ignores_unpublished_courses(course_index, anon_client):
    make_course(course_index, 0, title="Bảo tàng số", live=False)

    response = anon_client.get("/", {"q": "bảo tàng"})

    assert course_titles(response) == []


def test_filter_by_audience(course_index, anon_client):
    museum = institution_type("museum")
    make_course(course_index, 0, title="Trưng bày bảo tàng", audience=[museum])
    make_course(course_index, 0, title="Phục vụ bạn đọc", audience=[institution_type("public_library")])

    response = anon_client.get("/", {"audience": museum.pk})

    assert course_titles(response) == ["Trưng bày bảo tàng"]


def test_filter_by_training_type(course_index, anon_client):
    make_course(course_index, 0, title="Đào tạo lại nghiệp vụ", training_type=TrainingType.RETRAINING)
    make_course(course_index, 0, title="Bồi dưỡng kỹ năng số", training_type=TrainingType.REFRESHER)

    response = anon_client.get("/", {"training_type": TrainingType.RETRAINING})

    assert course_titles(response) == ["Đào tạo lại nghiệp vụ"]


def test_search_combined_with_filters(course_index, anon_client):
    museum = institution_type("museum")
    make_course(course_index, 0, title="Bảo tàng số nâng cao", audience=[museum], training_type=TrainingType.RETRAINING)
    make_course(course_index, 0, title="Bảo tàng số cơ bản", audience=[museum])
    make_course(course_index, 0, title="Bảo tàng số cho thư viện", training_type=TrainingType.RETRAINING)

    response = anon_client.get("/", {"q": "bảo tàng", "audience": museum.pk, "training_type": TrainingType.RETRAINING})

    assert response.status_code == 200
    assert course_titles(response) == ["Bảo tàng số nâng cao"]


def test_invalid_filter_values_show_every_course(course_index, anon_client):
    make_course(course_index, 0, title="Phục vụ bạn đọc")
    make_course(course_index, 0, title="Trưng bày bảo tàng")

    response = anon_client.get("/", {"audience": "không-phải-số", "training_type": "marathon"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"audience", "training_type"}
    assert course_titles(response) == ["Phục vụ bạn đọc", "Trưng bày bảo tàng"]


def test_unknown_audience_id_does_not_crash(course_index, anon_client):
    make_course(course_index, 0, title="Phục vụ bạn đọc")

    response = anon_client.get("/", {"audience": "999999"})

    assert response.status_code == 200
    assert course_titles(response) == ["Phục vụ bạn đọc"]


# Any text a visitor types is searched by its words -------------------------------------------------


def test_a_stray_quote_is_a_page_not_a_server_error(course_index, anon_client):
    """On SQLite the database search backend wrote a lone `"` into its FTS5 expression: 500."""
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    response = anon_client.get("/?q=%22")

    assert response.status_code == 200
    assert course_titles(response) == ["Số hoá hiện vật bảo tàng"]  # no word: nothing to narrow by


def test_a_stray_quote_is_a_page_with_production_error_handling_too(course_index, caplog):
    """Without the test client re-raising, the FTS5 syntax error reached handler500, which
    called it an outage: 503 and "database unavailable" in the log."""
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")
    client = client_for(raise_request_exception=False)

    response = client.get("/?q=%22")

    assert response.status_code == 200
    assert "Số hoá hiện vật bảo tàng" in response.text
    assert "database unavailable" not in caplog.text


@pytest.mark.parametrize(
    "text",
    [
        '"bảo tàng"',
        '"bảo tàng',
        "bảo\"tàng'",
        "(bảo) : tàng*",
        "^bảo -tàng +",
        "{bảo}: tàng",
        "bảo~ tàng? [",
        "bảo\x00tàng",
        "bảo tàng % %%",
        "  BẢO\ttàng\\  ",
    ],
)
def test_quotes_operators_and_control_characters_are_not_syntax(course_index, anon_client, text):
    """Search engines' syntax (quotes, *, ^, -, :, parentheses, braces) and control characters
    mean nothing: the words around them are what is searched."""
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")
    make_course(course_index, 0, title="Phục vụ bạn đọc", summary="Thư viện số.")

    response = anon_client.get("/", {"q": text})

    assert response.status_code == 200
    assert course_titles(response) == ["Số hoá hiện vật bảo tàng"]
    assert "1 course matches" in response.text


def test_search_finds_vietnamese_typed_with_combining_diacritics(course_index, anon_client):
    """Some keyboards and pasted text send "ả" as "a" + a combining hook: the same word."""
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    response = anon_client.get("/", {"q": unicodedata.normalize("NFD", "bảo tàng")})

    assert course_titles(response) == ["Số hoá hiện vật bảo tàng"]


@pytest.mark.parametrize("text", ["đọc NEAR", "đọc AND NEAR", "title: đọc"])
def test_words_that_are_search_operators_are_words(course_index, anon_client, text):
    """ "NEAR", "AND" and "title" are words to find (or, on PostgreSQL's English configuration,
    stop words to ignore, as "AND" is), never operators."""
    make_course(course_index, 0, title="Đọc sách NEAR viết sách", summary="title: AND NOT")
    make_course(course_index, 0, title="Đọc báo")

    response = anon_client.get("/", {"q": text})

    assert course_titles(response) == ["Đọc sách NEAR viết sách"]


def test_a_very_long_search_is_a_page(course_index, anon_client):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    response = anon_client.get("/", {"q": "bảo tàng " + "x " * 3000})

    assert response.status_code == 200
    assert course_titles(response) == []
    assert "No course matches your search." in response.text


def test_search_combines_words_with_filters_after_stray_syntax(course_index, anon_client):
    museum = institution_type("museum")
    make_course(course_index, 0, title="Bảo tàng số nâng cao", audience=[museum], training_type=TrainingType.RETRAINING)
    make_course(course_index, 0, title="Bảo tàng số cơ bản", audience=[museum])

    response = anon_client.get(
        "/", {"q": '"bảo tàng" -(số)', "audience": museum.pk, "training_type": TrainingType.RETRAINING}
    )

    assert course_titles(response) == ["Bảo tàng số nâng cao"]
