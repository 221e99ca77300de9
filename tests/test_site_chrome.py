"""The host site's page chrome: the Wagtail user bar is for editors only, and costs learners
no queries (the check is made once, at login)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .conftest import client_for, enrol, make_course


def test_trainer_gets_the_wagtail_user_bar(course_index, trainer):
    course, _lessons = make_course(course_index)

    assert "wagtail-userbar" in client_for(trainer).get(course.url).text


def test_learner_gets_no_user_bar_and_no_permission_queries(course_index, learner):
    course, _lessons = make_course(course_index)
    enrol(learner, course)
    client = client_for(learner)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(course.url).text

    assert "wagtail-userbar" not in page
    assert not [q["sql"] for q in queries if "auth_permission" in q["sql"]]


@pytest.mark.django_db
def test_the_404_page_wears_the_lms_stylesheet_and_menu():
    """Like every LMS page: its styles (focus ring, contrast) and the phone's menu button."""
    response = Client().get("/khong-co-trang-nay/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "staff_lms/lms.css" in page and "staff_lms/site_menu.js" in page
    assert "<h1>" in page and 'href="/"' in page
