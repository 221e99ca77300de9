"""The host site's page chrome: the Wagtail user bar is for editors only, and costs learners
no queries (the check is made once, at login)."""

from django.db import connection
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
