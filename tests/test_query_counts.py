"""Pages whose query count must not grow with the number of lessons or enrolments."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import InstitutionType

from .conftest import client_for, enrol, make_course, make_user

MAX_QUERIES = 30


def count_queries(client, url):
    """Queries for one GET of ``url``, after a first GET has warmed the caches."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in context.captured_queries]


def assert_same_count(small, large):
    assert len(small) == len(large), "\n".join(["--- small", *small, "--- large", *large])
    assert len(large) <= MAX_QUERIES, "\n".join(large)


@pytest.fixture
def learning(course_index, learner):
    """Two courses the learner follows, with 5 and 50 lessons, half of each done."""
    courses = {}
    for size in (5, 50):
        course, lessons = make_course(course_index, size)
        enrolment = enrol(learner, course)
        for lesson in lessons[: size // 2]:
            enrolment.mark_lesson_done(lesson)
        courses[size] = course, lessons
    return courses


def test_course_page_queries_do_not_grow_with_lessons(learning, learner):
    client = client_for(learner)

    small, large = (count_queries(client, learning[size][0].url) for size in (5, 50))

    assert_same_count(small, large)


def test_lesson_page_queries_do_not_grow_with_lessons(learning, learner):
    client = client_for(learner)

    small, large = (count_queries(client, learning[size][1][3].url) for size in (5, 50))

    assert_same_count(small, large)


def test_dashboard_queries_do_not_grow_with_enrolments(course_index):
    courses = [make_course(course_index, 2) for _ in range(50)]
    few, many = make_user("it-khoa"), make_user("nhieu-khoa")
    for learner, count in ((few, 5), (many, 50)):
        for index, (course, lessons) in enumerate(courses[:count]):
            # In turn: assigned (overdue every other time), in progress, completed.
            due = timezone.localdate() + datetime.timedelta(days=10 if index % 2 else -10)
            enrolment = enrol(learner, course, due_date=due if index % 3 == 0 else None)
            for lesson in lessons[: index % 3]:
                enrolment.mark_lesson_done(lesson)

    small = count_queries(client_for(few), "/learning/")
    large = count_queries(client_for(many), "/learning/")

    assert_same_count(small, large)


def test_catalogue_queries_do_not_grow_with_courses(course_index, anon_client):
    audience = list(InstitutionType.objects.all()[:2])
    for _ in range(5):
        make_course(course_index, 0, audience=audience)
    small = count_queries(anon_client, "/")
    for _ in range(45):
        make_course(course_index, 0, audience=audience)
    large = count_queries(anon_client, "/")

    assert_same_count(small, large)
