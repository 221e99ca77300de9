"""Accessibility (WCAG 2.1 AA).

``test_every_screen_passes_axe``: every learner page, and the admin screens each role works in,
have no serious or critical violation of axe-core's WCAG 2.1 A and AA rules (``tests/e2e/axe.py``).

``test_a_learner_finishes_a_course_with_the_keyboard_alone``: enrolling, studying, taking the
final quiz and downloading the certificate with Tab, Enter and Space only, the focused element
always visibly marked.
"""

import io
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PillowImage

from ..conftest import make_course
from ..quiz_factories import choice_tokens, correct_ids, make_question, make_quiz
from .axe import Audit
from .conftest import PASSWORD, PHONE, admin_log_in, log_in

pytestmark = pytest.mark.e2e

# Violations only Wagtail can fix, each (rule, CSS selector) with its reason.
WAGTAIL = {
    ("aria-input-field-name", ".Draftail-Editor [role=textbox][contenteditable]"): (
        "the rich-text editor's editing area (Draftail, drawn by Wagtail's script) has no accessible name: "
        "the field's <label> points at the hidden input it replaces; wagtail/wagtail#14205, still open"
    ),
}


@pytest.fixture
def school(catalogue, make_user, live_server):
    """A library with a learner, a trainer, an HR officer and a provincial administrator; a course
    with a final quiz the learner is enrolled in, and another they completed, with its certificate."""
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.rich_text import RichText

    from certificates.models import Certificate, CertificateSettings
    from courses.models import Enrolment
    from people.models import AdministrativeUnit, HRScope, Institution, InstitutionType, StaffProfile
    from people.roles import HR, PROVINCIAL_ADMINS, TRAINERS

    branding = CertificateSettings.current()
    branding.public_base_url = live_server.url
    branding.save()
    province = AdministrativeUnit.objects.create(name="Tỉnh Thái Nguyên", code="tn", level="province")
    library = Institution.objects.create(
        name="Thư viện tỉnh",
        code="tv-tinh",
        institution_type=InstitutionType.objects.get_or_create(code="public_library")[0],
        administrative_unit=province,
    )
    trainer = make_user("giangvien", groups=[TRAINERS], first_name="Minh", last_name="Trần Văn")
    hr = make_user("tochuc", groups=[HR], first_name="Hà", last_name="Lê Thu")
    HRScope.objects.create(user=hr).institutions.add(library)
    administrator = make_user("quantri", groups=[PROVINCIAL_ADMINS], first_name="Lan", last_name="Nguyễn Thị")
    learner = make_user("hocvien", email="hocvien@thuvien.example.vn")
    for user, name in [(trainer, "Trần Văn Minh"), (hr, "Lê Thu Hà"), (administrator, "Nguyễn Thị Lan")]:
        StaffProfile.objects.create(user=user, full_name=name, institution=library)
    StaffProfile.objects.create(user=learner, full_name="Nguyễn Thị Hương Giang", institution=library)

    course, lessons = make_course(catalogue, 2, trainer=trainer, title="Chuyển đổi số thư viện")
    # Every kind of block a lesson's body may hold (but a video: its player comes from elsewhere).
    lessons[0].body = [
        ("heading", "Chuẩn bị"),
        ("paragraph", RichText("<p>Chọn tài liệu <b>ưu tiên</b>: <a href='/'>danh mục</a>.</p><ul><li>Sách</li></ul>")),
        ("note", {"kind": "tip", "text": RichText("<p>Số hóa bản gốc tốt nhất.</p>")}),
        ("image", {"image": Image.objects.create(title="Máy quét", file=png("may-quet.png")), "caption": "Máy quét"}),
        ("document", {"document": Document.objects.create(title="Hướng dẫn", file=pdf("huong-dan.pdf")), "title": ""}),
    ]
    lessons[0].save_revision().publish()
    questions = [make_question() for _ in range(2)]
    quiz = make_quiz(questions, course=course, title="Kiểm tra cuối khóa", pass_mark=50, created_by=trainer)

    finished, finished_lessons = make_course(catalogue, 1, trainer=trainer, title="Số hóa tài liệu quý")
    Enrolment.objects.create(user=learner, course=finished).mark_lesson_done(finished_lessons[0])
    certificate = Certificate.objects.get(user=learner, course=finished)
    return {
        "course": course,
        "lessons": lessons,
        "quiz": quiz,
        "questions": questions,
        "certificate": certificate,
        "learner": learner,
        "trainer": trainer,
        "hr": hr,
        "administrator": administrator,
    }


def png(name):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 48), (40, 120, 200)).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


def pdf(name):
    return ContentFile(b"%PDF-1.4\n%%EOF\n", name=name)


def open_page(page, url, status=200):
    response = page.goto(url)
    assert response.status == status, f"{url}: HTTP {response.status}"


def sign_in_to_admin(page, user):
    admin_log_in(page, user)
    page.wait_for_selector(".sidebar-menu-item__link")  # the sidebar is drawn by a script


def open_admin(page, url):
    open_page(page, url)
    page.wait_for_selector(".sidebar-menu-item__link")


def walk_as_visitor(page, site, audit):
    for name, url, status in [
        ("home", "/", 200),
        ("login", "/accounts/login/", 200),
        ("certificate verification form", "/certificates/verify/", 200),
        ("certificate verification", site["certificate"].verify_path, 200),
        ("page not found", "/khong-co-trang-nay/", 404),
    ]:
        open_page(page, url, status)
        audit.check(page, f"visitor: {name}")
    open_page(page, "/accounts/login/")
    page.locator("input[name=username]").fill("hocvien")
    page.locator("input[name=password]").fill("not the password")
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_selector("form[action$='/accounts/login/'] .errors, form[action$='/accounts/login/'] .form-errors")
    audit.check(page, "visitor: login, wrong password")


def walk_as_learner(page, site, audit):
    course, quiz, learner = site["course"], site["quiz"], site["learner"]
    log_in(page, learner.username)
    audit.check(page, "learner: my learning")
    open_page(page, "/")
    audit.check(page, "learner: catalogue")
    open_page(page, course.url)
    audit.check(page, "learner: course, before enrolling")
    page.locator("form[action$='/enrol/'] button[type=submit]").click()
    page.wait_for_url(f"**{site['lessons'][0].url}")
    audit.check(page, "learner: lesson")
    open_page(page, course.url)
    audit.check(page, "learner: course, enrolled")
    open_page(page, quiz.get_absolute_url())
    audit.check(page, "learner: quiz")

    from quizzes.models import Attempt

    page.locator(f"form[action='/quizzes/{quiz.pk}/start/'] button[type=submit]").click()
    page.wait_for_url("**/questions/1/")
    audit.check(page, "learner: quiz question")
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    for number in range(1, len(attempt.question_ids) + 1):
        page.wait_for_url(f"**/questions/{number}/")
        question = site["questions"][number - 1]
        token = choice_tokens(attempt, question, correct_ids(question))[0]
        with page.expect_response(lambda r: r.url.endswith("/answer/")):
            page.locator(f"input[name=choice][value='{token}']").check()
        action = "next" if number < len(attempt.question_ids) else "finish"
        page.locator(f"button[name=action][value={action}]").click()
    page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/submit/")
    audit.check(page, "learner: submit the quiz")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/")
    audit.check(page, "learner: quiz result")

    for name, url in [
        ("my learning, course completed", "/learning/"),
        ("my certificates", "/certificates/"),
        ("my quiz results", "/quizzes/progress/"),
        ("account", "/accounts/"),
    ]:
        open_page(page, url)
        audit.check(page, f"learner: {name}")


def walk_on_a_phone(page, site, audit):
    """At 390 px: the folded header, its menu opened, the catalogue's wrapping filters."""
    for name, url in [("catalogue", "/"), ("login", "/accounts/login/"), ("course", site["course"].url)]:
        open_page(page, url)
        audit.check(page, f"phone: {name}")
    page.locator("button.menu-button").click()
    page.wait_for_selector("button.menu-button[aria-expanded=true]")
    audit.check(page, "phone: course, menu open")


def walk_as_trainer(page, site, audit):
    sign_in_to_admin(page, site["trainer"])
    audit.check(page, "trainer: dashboard")
    for name, url in [
        ("page explorer of a course", f"/admin/pages/{site['course'].pk}/"),
        ("lesson editor", f"/admin/pages/{site['lessons'][0].pk}/edit/"),
        ("quiz editor", f"/admin/snippets/quizzes/quiz/edit/{site['quiz'].pk}/"),
        ("questions", "/admin/snippets/quizzes/question/"),
    ]:
        open_admin(page, url)
        audit.check(page, f"trainer: {name}")


def walk_as_hr(page, site, audit):
    sign_in_to_admin(page, site["hr"])
    audit.check(page, "HR: dashboard")
    for name, url in [
        ("staff", "/admin/snippets/people/staffprofile/"),
        ("completion records", "/admin/completion-records/"),
        ("III.3 report form", "/admin/training-report/"),
    ]:
        open_admin(page, url)
        audit.check(page, f"HR: {name}")


def walk_as_administrator(page, site, audit):
    sign_in_to_admin(page, site["administrator"])
    audit.check(page, "provincial administrator: dashboard")
    open_admin(page, "/admin/snippets/certificates/certificate/")
    audit.check(page, "provincial administrator: certificates")


def test_every_screen_passes_axe(new_context, school):
    audit = Audit(ignore=WAGTAIL)
    walk_as_visitor(new_context().new_page(), school, audit)
    walk_as_learner(new_context().new_page(), school, audit)
    walk_on_a_phone(new_context(viewport=PHONE).new_page(), school, audit)
    walk_as_trainer(new_context().new_page(), school, audit)
    walk_as_hr(new_context().new_page(), school, audit)
    walk_as_administrator(new_context().new_page(), school, audit)
    print(f"{audit.count} screens checked")
    audit.assert_clean()


# The focused element is marked: an outline or a ring (box-shadow), not the page's default.
FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return {
    visible: outline || style.boxShadow !== 'none',
    html: element.outerHTML.replace(/\\s+/g, ' ').slice(0, 120),
  };
}"""


class Keyboard:
    """Moves through a page with Tab alone, checking at each stop that the focus shows."""

    MAX_TABS = 60

    def __init__(self, page):
        self.page = page
        self.unmarked = []

    def tab_to(self, selector):
        """Press Tab until the element matching ``selector`` has the focus."""
        for _ in range(self.MAX_TABS):
            self.page.keyboard.press("Tab")
            focused = self.page.evaluate(FOCUS_SHOWN)
            if focused and not focused["visible"]:
                self.unmarked.append(f"{self.page.url}: {focused['html']}")
            if self.page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
                return
        raise AssertionError(f"{self.MAX_TABS} presses of Tab on {self.page.url} never reached {selector}")

    def activate(self, selector, key="Enter"):
        self.tab_to(selector)
        self.page.keyboard.press(key)


def test_a_learner_finishes_a_course_with_the_keyboard_alone(new_context, catalogue, make_user):
    from certificates.models import Certificate
    from courses.models import Enrolment
    from quizzes.models import Attempt

    course, lessons = make_course(catalogue, 2, title="Chuyển đổi số thư viện")
    questions = [make_question() for _ in range(2)]
    quiz = make_quiz(questions, course=course, title="Kiểm tra cuối khóa", pass_mark=50)
    learner = make_user("hocvien", email="hocvien@thuvien.example.vn")

    page = new_context(accept_downloads=True).new_page()
    keys = Keyboard(page)

    page.goto("/accounts/login/")
    keys.tab_to("input[name=username]")
    page.keyboard.type(learner.username)
    keys.tab_to("input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/learning/")

    # The main menu's catalogue, the course, then "Enrol" (a button: Space presses it).
    keys.activate(".site-nav a[href='/']")
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    keys.activate(f".course-list a[href='{course.url}']")
    page.wait_for_url(f"**{course.url}")
    keys.activate("form[action$='/enrol/'] button[type=submit]", key="Space")
    page.wait_for_url(f"**{lessons[0].url}")
    enrolment = Enrolment.objects.get(user=learner, course=course)

    # "Mark as done" on each lesson leads to the next, and from the last back to the course.
    for number, _lesson in enumerate(lessons, start=1):
        keys.activate("form[action$='/done/'] button[type=submit]")
        page.wait_for_url(f"**{lessons[number].url if number < len(lessons) else course.url}")

    # The course's unmet check links to the quiz.
    keys.activate(f".enrolment-box .checks a[href='{quiz.get_absolute_url()}']")
    page.wait_for_url(f"**{quiz.get_absolute_url()}")
    keys.activate(f"form[action='/quizzes/{quiz.pk}/start/'] button[type=submit]")
    page.wait_for_url("**/questions/1/")
    attempt = Attempt.objects.get(quiz=quiz, user=learner)

    # A radio group is one Tab stop: Space ticks the first answer, the arrow keys move the tick.
    for number in range(1, len(attempt.question_ids) + 1):
        page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/questions/{number}/")
        question = next(q for q in questions if q.pk == attempt.question_ids[number - 1])
        [token] = choice_tokens(attempt, question, correct_ids(question)[:1])
        values = page.locator("input[name=choice]").evaluate_all("(inputs) => inputs.map((input) => input.value)")
        # Saves go one at a time (quizzes/question.js): wait for the one of the final tick, so that
        # none is on its way when the form is sent.
        with page.expect_response(
            lambda r, token=token: r.url.endswith(f"/quizzes/attempts/{attempt.pk}/answer/")
            and token in (r.request.post_data or "")
        ) as saved:
            keys.tab_to("input[name=choice]")
            page.keyboard.press("Space")
            for _ in range(values.index(token)):
                page.keyboard.press("ArrowDown")
        assert saved.value.ok
        assert page.locator(f"input[name=choice][value='{token}']").is_checked()
        action = "next" if number < len(attempt.question_ids) else "finish"
        keys.activate(f"button[name=action][value={action}]")
    page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/submit/")
    keys.activate("main form[method=post] button[type=submit]")
    page.wait_for_url(f"**/quizzes/attempts/{attempt.pk}/")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.PASSED
    assert page.locator(".result.result--passed").count() == 1

    # Passing completed the course: back on its page, its certificate downloads.
    keys.activate(f"main a[href='{course.url}']")
    page.wait_for_url(f"**{course.url}")
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    certificate = Certificate.objects.get(user=learner, course=course)
    with page.expect_download() as download_info:
        keys.activate(f".enrolment-links a[href='{certificate.download_url}']")
    with open(download_info.value.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"

    assert not keys.unmarked, "focus not shown on:\n" + "\n".join(keys.unmarked)
