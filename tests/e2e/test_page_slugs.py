"""Typing a Vietnamese title in the page editor fills an ASCII slug, and a slug typed with
Vietnamese letters becomes ASCII too (staff_lms/slugs.py)."""

import pytest

from .conftest import admin_log_in

pytestmark = pytest.mark.e2e

TITLE = "Hướng dẫn người cao tuổi dùng thư viện số"
SLUG = "huong-dan-nguoi-cao-tuoi-dung-thu-vien-so"


def test_a_vietnamese_title_fills_an_ascii_slug(new_context, course, make_user):
    from playwright.sync_api import expect

    from courses.models import CourseTrainer, LessonPage
    from people.roles import TRAINERS

    trainer = make_user("minh", groups=[TRAINERS])
    CourseTrainer.objects.create(course=course, user=trainer)

    page = new_context().new_page()
    admin_log_in(page, trainer)

    page.goto(f"/admin/pages/add/courses/lessonpage/{course.pk}/")
    page.locator("#id_title").press_sequentially(TITLE)
    page.locator("#id_title").blur()
    # The title reaches the slug after Wagtail's debounce: wait for it.
    expect(page.locator("#id_slug")).to_have_value(SLUG)

    # The slug sits on another tab ("Promote"); typed with Vietnamese letters, it is cleaned on
    # leaving it.
    tab_panel = page.locator("#id_slug").evaluate("slug => slug.closest('[role=tabpanel]').id")
    page.locator(f"[role=tab][aria-controls='{tab_panel}']").click()
    page.locator("#id_slug").fill("Đọc sách cùng con")
    page.locator("#id_slug").blur()
    expect(page.locator("#id_slug")).to_have_value("doc-sach-cung-con")

    # "Save draft", the footer's first action, then back on the lesson's edit view.
    page.locator("footer button[type=submit]").first.click()
    page.wait_for_url("**/admin/pages/*/edit/")
    assert LessonPage.objects.child_of(course).get(title=TITLE).slug == "doc-sach-cung-con"
