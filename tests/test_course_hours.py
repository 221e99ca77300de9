"""A course's nominal hours and its lessons' estimated minutes agree, or its editor says they
don't: a warning on the course's edit screen and a message when a course or lesson is published.
A warning, not a refusal (lessons are published one by one while a course is written)."""

from decimal import Decimal

import pytest
from django.conf import settings
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.models import LessonPage

from .conftest import client_for, make_course

WARNING = "Các bài học đang xuất bản có tổng thời lượng"


def vietnamese(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


@pytest.fixture
def course(course_index, trainer):
    """8 nominal hours; four live lessons of 10 minutes and a draft one."""
    course, _lessons = make_course(course_index, 4, draft_lessons=1, trainer=trainer, nominal_hours=Decimal("8"))
    return course


def set_minutes(course, minutes):
    LessonPage.objects.child_of(course).live().update(estimated_minutes=minutes)


def test_live_lessons_minutes_are_compared_with_the_course_hours(course):
    assert course.lesson_minutes() == 40  # the draft lesson does not count
    assert course.hours_disagreement() == (Decimal("0.7"), 40)

    set_minutes(course, 120)
    assert course.hours_disagreement() is None

    set_minutes(course, 119)  # 7.9 hours to the tenth the hours are written in
    assert course.hours_disagreement() == (Decimal("7.9"), 476)


def test_a_course_without_live_lessons_has_nothing_to_compare(course_index):
    course, _lessons = make_course(course_index, 0, draft_lessons=2)

    assert course.hours_disagreement() is None


def test_the_edit_screen_warns_when_lessons_and_hours_disagree(course, trainer):
    page = vietnamese(trainer).get(f"/admin/pages/{course.pk}/edit/").text

    assert "Các bài học đang xuất bản có tổng thời lượng 0,7 giờ (40 phút), nhưng số giờ của khóa học là 8 giờ." in page
    assert "Báo cáo tính theo số giờ của khóa học." in page


def test_the_edit_screen_says_nothing_when_they_agree(course, trainer):
    set_minutes(course, 120)

    page = vietnamese(trainer).get(f"/admin/pages/{course.pk}/edit/").text

    assert WARNING not in page


def publish_lesson(client, lesson, minutes):
    data = nested_form_data(
        {
            "title": lesson.title,
            "slug": lesson.slug,
            "estimated_minutes": minutes,
            "body": streamfield([]),
            "action-publish": "action-publish",
        }
    )
    return client.post(f"/admin/pages/{lesson.pk}/edit/", data, follow=True)


def test_publishing_a_lesson_says_when_the_hours_no_longer_agree(course, trainer):
    set_minutes(course, 120)
    lesson = LessonPage.objects.child_of(course).live().first()
    client = vietnamese(trainer)

    response = publish_lesson(client, lesson, 90)

    assert LessonPage.objects.get(pk=lesson.pk).estimated_minutes == 90
    assert (
        f"Các bài học đang xuất bản của khóa học “{course.title}” có tổng thời lượng 7,5 giờ (450 phút); "
        "số giờ của khóa học là 8 giờ." in response.text
    )


def test_publishing_a_lesson_that_makes_them_agree_says_nothing(course, trainer):
    set_minutes(course, 120)
    lesson = LessonPage.objects.child_of(course).live().first()

    response = publish_lesson(vietnamese(trainer), lesson, 120)

    assert response.status_code == 200
    assert WARNING not in response.text
