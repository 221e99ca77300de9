"""Whatever is typed into a search box or a filter, the site answers a page (issue 11). The
screens themselves are requested with any text in tests/test_search_screens.py; here, what the
fixes do:

- the site's search backend (lms/search.py): any query, with the words around what cannot be
  searched still found; the image listing's search with its usage-count filter, the page
  explorer's sorted by type;
- ids beyond 64 bits on SQLite (lms/apps.py): a filter refuses them, queries find nothing;
- Django admin's date drill-down of the sign-in records (lms/admin.py): any year.

The catalogue's own search is in tests/test_catalogue.py, the 500/503 decision in
tests/test_healthz.py, an export whose filters hold NUL in tests/test_audit.py.
"""

import pytest
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Boost, Not, Or, Phrase, PlainText
from wagtail.search.utils import parse_query_string

from courses.models import CoursePage

from .conftest import client_for, make_course
from .test_permission_matrix import make_image

# Search syntax, with an odd number of quotes.
SYNTAX = '"bảo tàng" AND (số* OR NEAR(a b)) NOT -x ^y title:z {title body}: w %s %% \\ \' ` "'


# The site's search backend (lms/search.py) ----------------------------------------------------

ANY_QUERY = {
    "quote": '"',
    "quote in a word": 'bảo"tàng',
    "odd quotes": 'a"("b "c',
    "NUL": "bảo\x00tàng",
    "only NUL": "\x00",
    "spaces": "   ",
    "thousands of words": "bảo tàng " * 2000,
    "search syntax": SYNTAX,
    "plain text with a quote": PlainText('bảo"tàng'),
    "phrase with a quote": Phrase('bảo "tàng'),
    "an empty word among others": And([PlainText(" "), PlainText("bảo")]),
    "parsed, with NUL": parse_query_string('bảo "tàng\x00" x\x00', operator="and")[1],
    "nothing left but operators": Or([Not(PlainText("\x00")), Boost(Phrase('"'), 2)]),
}


@pytest.mark.parametrize("method", ["search", "autocomplete"])
@pytest.mark.parametrize("query", ANY_QUERY.values(), ids=ANY_QUERY.keys())
def test_the_search_backend_answers_any_query(course_index, method, query):
    """What Wagtail's database backend failed on: on SQLite FTS5 syntax errors (a quote), a
    crash on a query of spaces or an empty word, too deep an expression; NUL on PostgreSQL."""
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")

    results = getattr(get_search_backend(), method)(query, CoursePage)

    assert [page.title for page in results] in ([], ["Số hoá hiện vật bảo tàng"])


@pytest.mark.parametrize("method", ["search", "autocomplete"])
@pytest.mark.parametrize(
    "query",
    ['bảo"tàng', "bảo\x00tàng", '"bảo tàng"', Phrase('bảo tàng"'), And([PlainText('"bảo'), Phrase("tàng\x00")])],
    ids=["quote", "NUL", "quoted", "phrase", "parsed"],
)
def test_the_words_around_what_cannot_be_searched_are_found(course_index, method, query):
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")
    make_course(course_index, 0, title="Phục vụ bạn đọc")

    results = getattr(get_search_backend(), method)(query, CoursePage)

    assert [page.title for page in results] == ["Số hoá hiện vật bảo tàng"]


def test_images_are_searched_together_with_the_usage_count_filter(provincial_admin):
    """Wagtail's image listing filters on an annotation (the usage count): with a search, the
    backend's check of filters crashed (django-modelsearch issue 51)."""
    make_image("Chữ ký giám đốc", provincial_admin)
    make_image("Ảnh bìa khoá học", provincial_admin)

    response = client_for(provincial_admin).get("/admin/images/", {"q": "chữ ký", "usage_count_min": "0"})

    assert response.status_code == 200
    assert "Chữ ký giám đốc" in response.text
    assert "Ảnh bìa khoá học" not in response.text


def test_the_page_explorer_searches_when_sorted_by_type(superuser, course_index):
    """Sorted by a related field (the page type), a search refused the ordering
    (OrderByFieldError: not a FilterField), though the database sorts it."""
    make_course(course_index, 0, title="Số hoá hiện vật bảo tàng")
    make_course(course_index, 0, title="Phục vụ bạn đọc")

    response = client_for(superuser).get(
        f"/admin/pages/{course_index.pk}/", {"q": "bảo tàng", "ordering": "content_type__model"}
    )

    assert response.status_code == 200
    assert "Số hoá hiện vật bảo tàng" in response.text
    assert "Phục vụ bạn đọc" not in response.text


# Django admin's date drill-down of the sign-in records (lms/admin.py) ---------------------------


@pytest.mark.parametrize("year", ["9999", "99999999999999999999", "-1", "2024"])
def test_the_sign_in_records_drill_down_answers_any_year(superuser, year):
    """Django's date hierarchy made a date of the year in the URL and crashed on one too large
    for a date, or on 9999 (no next year): a bad lookup now, answered with every record."""
    client = client_for(superuser)

    response = client.get("/django-admin/axes/accesslog/", {"attempt_time__year": year})

    if year == "2024":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == "/django-admin/axes/accesslog/?e=1"


# Ids beyond 64 bits on SQLite (lms/apps.py) -----------------------------------------------------


@pytest.mark.parametrize(
    ("url", "filters"),
    [
        ("/admin/assignments/", "filters"),
        ("/admin/assignments/matrix/", "form"),
        ("/admin/completion-records/", "filters"),
    ],
)
def test_a_filter_refuses_an_id_too_large_for_the_database(hr, url, filters):
    """SQLite's driver raised OverflowError on an id beyond 64 bits (lms/apps.py binds it as
    an infinity): the filters (a form, or Wagtail's filter set) say it is not one of the choices."""
    response = client_for(hr).get(url, {"course": "9" * 25, "institution": "-" + "9" * 25})

    assert response.status_code == 200
    assert set(response.context[filters].errors) == {"course", "institution"}


def test_ids_too_large_for_the_database_match_nothing_and_compare_as_numbers(course_index):
    course, _lessons = make_course(course_index, 0)

    assert list(CoursePage.objects.filter(pk__in=[10**30, course.pk])) == [course]
    assert list(CoursePage.objects.filter(pk=10**30)) == []
    assert list(CoursePage.objects.filter(pk__lt=10**400, pk__gt=-(10**30))) == [course]
