"""A trainer (group "Trainers", not a superuser) of a course adds and publishes a lesson in
the Wagtail admin, and learners see it on the course page."""

import pytest

from .conftest import admin_log_in

pytestmark = pytest.mark.e2e

TITLE = "Backing up the catalogue"
HEADING = "Why backups matter"


def test_trainer_publishes_a_lesson_through_the_admin(new_context, course, make_user):
    from courses.models import CourseTrainer, LessonPage
    from people.roles import TRAINERS

    trainer = make_user("minh", groups=[TRAINERS])
    assert not trainer.is_superuser and not trainer.is_staff
    CourseTrainer.objects.create(course=course, user=trainer)  # assigned by an administrator

    page = new_context().new_page()
    admin_log_in(page, trainer)

    page.goto(f"/admin/pages/add/courses/lessonpage/{course.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_estimated_minutes").fill("25")

    # StreamField: open the block picker and take its first entry, the heading block
    # (options carry no name, so the position is used rather than the translated label).
    page.locator("[data-contentpath=body] .c-sf-add-button").first.click()
    page.locator("[role=option]").first.click()
    page.locator("input[name='body-0-value']").fill(HEADING)

    # "Publish" sits in the footer's action dropdown, behind "Save draft".
    actions = page.locator(".w-dropdown:has(button[name=action-publish])")
    actions.locator("[data-w-dropdown-target=toggle]").click()
    actions.locator("button[name=action-publish]").click()
    page.wait_for_url(f"**/admin/pages/{course.pk}/")  # back to the course in the page explorer

    lesson = LessonPage.objects.live().get(title=TITLE)
    assert lesson.get_parent().specific == course
    assert lesson.estimated_minutes == 25
    assert [(block.block_type, block.value) for block in lesson.body] == [("heading", HEADING)]
    assert lesson.owner == trainer
    assert lesson.latest_revision.user == trainer
    assert list(course.lessons())[-1] == lesson  # added after the existing lessons

    visitor = new_context().new_page()
    visitor.goto(course.url)
    assert TITLE in visitor.locator(".lesson-list").inner_text()
