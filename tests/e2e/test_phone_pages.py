"""The learner's pages on a phone (390 × 844): the site header takes at most a fifth of the
screen, its menu folds behind a button that opens it (by touch and by keyboard), and the
catalogue's filters show every label whole. On a wide screen the menu is shown as before."""

import pytest

from ..conftest import make_course
from ..quiz_factories import make_quiz
from .conftest import DESKTOP, PHONE
from .test_learner_flow import assert_fits_phone_width, log_in, path_of

pytestmark = pytest.mark.e2e

MENU_BUTTON = "header button.menu-button"
MAX_HEADER_HEIGHT = PHONE["height"] / 5  # 168.8 px


def header_height(page):
    return page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")


def clipped_filter_texts(page):
    """The catalogue filters' labels and legends whose text does not fit their box."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.filters label, .filters legend, .filters label span')]
            .filter((element) => element.scrollWidth > element.clientWidth
                || element.getBoundingClientRect().right > element.closest('form').getBoundingClientRect().right)
            .map((element) => element.textContent.trim())"""
    )


def test_learner_pages_on_a_phone_have_a_small_header_a_menu_button_and_whole_filter_labels(
    new_context, catalogue, make_user
):
    from courses.models import Enrolment
    from people.models import InstitutionType, InstitutionTypeCode

    # The flush of the browser tests empties the table the migration fills.
    for order, code in enumerate(InstitutionTypeCode.values):
        InstitutionType.objects.get_or_create(code=code, defaults={"sort_order": order})
    course, lessons = make_course(catalogue, 2, title="Số hóa tài liệu địa chí")
    quiz = make_quiz(2, course=course, title="Bài kiểm tra cuối khóa")
    learner = make_user("lan", email="lan@thuvien.example.vn")
    Enrolment.objects.create(user=learner, course=course)

    page = new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    log_in(page, learner.username)

    for path in ("/", "/learning/", "/?q=s%E1%BB%91+h%C3%B3a", course.url, lessons[0].url, quiz.get_absolute_url()):
        page.goto(path)
        assert header_height(page) <= MAX_HEADER_HEIGHT, f"the header of {path} is {header_height(page)}px tall"
        assert page.locator(".site-nav").is_hidden()
        assert page.locator(MENU_BUTTON).get_attribute("aria-expanded") == "false"
        assert_fits_phone_width(page)

    # The button opens the menu, whose links then work.
    button = page.locator(MENU_BUTTON)
    assert page.locator(f"#{button.get_attribute('aria-controls')}").count() == 1
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.locator(".site-nav").is_visible()
    assert page.locator(".language-switch").is_visible()
    page.locator(".site-nav a[href='/learning/']").click()
    page.wait_for_url("**/learning/")

    # By keyboard: the button is the first stop after the skip link and the site's name;
    # Enter opens the menu, Tab reaches its first link, Escape closes it and returns the focus.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-nav') !== null")
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('menu-button')")
    assert page.locator(".site-nav").is_hidden()

    # The catalogue's filters: every choice's label whole, the longest ones wrapped.
    page.goto("/")
    labels = page.locator(".filters .chip").all_inner_texts()
    assert "Thư viện cơ sở giáo dục, giáo dục nghề nghiệp" in labels
    assert clipped_filter_texts(page) == []
    page.locator(".filters label", has_text="Thư viện cơ sở giáo dục").click()
    page.locator(".filters button[type=submit]").click()
    page.wait_for_url("**/?*audience=*")
    assert page.locator(".filters input[name=audience]:checked").count() == 1
    assert clipped_filter_texts(page) == []

    # On a wide screen there is no menu button: the menu is in the header, as it always was.
    wide = new_context(viewport=DESKTOP).new_page()
    wide.goto(course.url)
    assert wide.locator(MENU_BUTTON).is_hidden()
    assert wide.locator(".site-nav").is_visible()
    nav_top = wide.evaluate("document.querySelector('.site-nav').getBoundingClientRect().top")
    header_bottom = wide.evaluate("document.querySelector('.site-header').getBoundingClientRect().bottom")
    assert nav_top < header_bottom
    assert path_of(wide) == course.url
