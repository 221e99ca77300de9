"""A learner goes from the login form to a completed course, on a phone, with and without
JavaScript: the core flow must be plain HTML forms and links."""

from urllib.parse import urlparse

import pytest

from .conftest import PHONE, log_in

pytestmark = pytest.mark.e2e

ENROL_BUTTON = "form[action$='/enrol/'] button[type=submit]"
DONE_BUTTON = "form[action$='/done/'] button[type=submit]"


def path_of(page):
    return urlparse(page.url).path


def assert_fits_phone_width(page):
    """Nothing forces sideways scrolling on a 390 px wide screen."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path_of(page)} is {overflow}px wider than the phone screen"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_learner_enrols_and_completes_a_course_on_a_phone(new_context, course, make_user, javascript):
    from courses.models import Enrolment, LessonCompletion

    learner = make_user("lan", email="lan@thuvien.example.vn")
    lessons = list(course.lessons())
    assert len(lessons) == 3

    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, java_script_enabled=javascript)
    page = context.new_page()

    # Signing in with the e-mail address goes through LoginForm's e-mail lookup.
    log_in(page, learner.email if javascript else learner.username)

    # The catalogue is the site root, reached from the main menu: behind the menu button on
    # a phone, shown as it is without JavaScript.
    if javascript:
        assert page.locator(".site-nav").is_hidden()
        page.locator("header button.menu-button").click()
    else:
        assert page.locator("header button.menu-button").is_hidden()
    page.locator(".site-nav a[href='/']").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert_fits_phone_width(page)
    catalogue_links = page.locator(".course-list h2 a")
    assert catalogue_links.all_inner_texts() == [course.title]

    catalogue_links.first.click()
    page.wait_for_url(f"**{course.url}")
    assert_fits_phone_width(page)
    listed = page.locator(".lesson-list li").all_inner_texts()
    assert len(listed) == len(lessons)
    assert all(text.startswith(lesson.title) for text, lesson in zip(listed, lessons, strict=True))
    assert "Unfinished lesson" not in page.content()  # the draft lesson
    assert not Enrolment.objects.filter(user=learner).exists()

    page.locator(ENROL_BUTTON).click()
    page.wait_for_url(f"**{lessons[0].url}")  # enrolling opens the first lesson
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at is None

    for number, lesson in enumerate(lessons, start=1):
        assert path_of(page) == lesson.url
        assert page.locator("h1").inner_text() == lesson.title
        assert page.locator(".lesson__body").inner_text().strip() != ""
        if number == 1:
            assert_fits_phone_width(page)
        page.locator(DONE_BUTTON).click()
        # "Mark as done" leads on to the next lesson, and from the last one back to the course.
        following = lessons[number].url if number < len(lessons) else course.url
        page.wait_for_url(f"**{following}")
        assert LessonCompletion.objects.filter(enrolment=enrolment).count() == number

    assert path_of(page) == course.url
    assert "100" in page.locator(".enrolment-box .progress__label").inner_text()
    assert page.locator(".enrolment-box [role=progressbar]").get_attribute("aria-valuenow") == "100"
    assert page.locator(".lesson-list li.done").count() == len(lessons)
    assert page.locator(ENROL_BUTTON).count() == 0
    enrolment.refresh_from_db()
    assert enrolment.is_completed
    assert enrolment.progress_percent == 100

    # The learner's dashboard files the course under "Completed".
    page.goto("/learning/")
    completed = page.locator(".enrolment-card.completed h3")
    assert completed.all_inner_texts() == [course.title]
