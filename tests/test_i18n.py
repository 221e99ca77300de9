from django.test import Client

from .conftest import make_course


def test_site_answers_in_vietnamese_by_default(course_index):
    response = Client().get("/")

    assert response.status_code == 200
    assert '<html lang="vi">' in response.text
    assert response["Content-Language"] == "vi"


def test_setlang_switches_to_english(course_index):
    course, _lessons = make_course(course_index)
    client = Client()

    response = client.post("/i18n/setlang/", {"language": "en", "next": course.url}, follow=True)

    assert response.redirect_chain == [(course.url, 302)]
    assert '<html lang="en">' in response.text
    assert '<html lang="en">' in client.get("/").text


def test_setlang_back_to_vietnamese(course_index):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en"})

    client.post("/i18n/setlang/", {"language": "vi"})

    assert '<html lang="vi">' in client.get("/").text


def test_language_switch_offers_the_other_language(course_index):
    vietnamese = Client().get("/").text

    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in vietnamese
    assert 'value="vi" lang="vi"' not in vietnamese


def test_english_browser_still_gets_vietnamese_until_the_switch_is_used(course_index):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="vi">' in client.get("/").text
    client.post("/i18n/setlang/", {"language": "en"})
    assert '<html lang="en">' in client.get("/").text


def test_unknown_language_cookie_falls_back_to_vietnamese(course_index):
    client = Client()
    client.cookies["django_language"] = "fr"

    assert '<html lang="vi">' in client.get("/").text


def test_a_request_leaves_the_thread_language_as_it_found_it(course_index):
    from django.utils import translation

    before = translation.get_language()
    Client().get("/")

    assert translation.get_language() == before == "en"
