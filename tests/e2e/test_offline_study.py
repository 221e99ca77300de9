"""Studying offline on a phone (staff_lms/offline.py, staff_lms/offline.js, the worker /sw.js), in
Chromium with its network switched off (``context.set_offline``): a learner saves a course, reads
every lesson without a connection, marks two done, and the server gets exactly those two when the
connection returns; logging out (of the site or of the admin) deletes the kept pages, even when
the phone's storage fails; another account on the same phone never sees them, nor loses its
unsent clicks; a page not kept, and a quiz, say in Vietnamese that they need a connection."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from .conftest import PHONE, log_in

pytestmark = pytest.mark.e2e

DONE_BUTTON = "form[action$='/done/'] button[type=submit]"
READY = "html[data-offline-ready]"
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "images" / "offline-lesson.png"


def enrolled(make_user, course, username):
    from courses.models import Enrolment

    learner = make_user(username)
    Enrolment.objects.create(user=learner, course=course)
    return learner


def phone(new_context):
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()


def save_course(page, course):
    """Open the course online and press "Tải về để học offline"; wait until every lesson is kept."""
    page.goto(course.url)
    page.wait_for_selector(READY, state="attached")
    box = page.locator("[data-offline-download]")
    box.locator("button").click()
    page.wait_for_selector(f"[data-offline-download][data-offline-saved='{len(course.lessons())}']", state="attached")


def cache_names(page):
    return page.evaluate("caches.keys()")


def pending(page):
    return page.evaluate("document.documentElement.dataset.offlinePending")


def log_out(page):
    """Log out with the site header's form, and wait for the home page."""
    page.locator("header button.menu-button").click()
    page.locator("form[action$='/logout/'] button[type=submit]").click()
    page.wait_for_url(lambda url: urlparse(url).path == "/")


def unsent_click(owner, lesson, course):
    """A "Mark as done" click kept on the phone, as offline.js queues it."""
    return {
        "owner": owner,
        "lesson": lesson,
        "course": course,
        "action": f"/learning/lessons/{lesson}/done/",
        "at": "2026-01-05T08:00:00.000Z",
    }


QUEUE_SCRIPT = """([click]) => new Promise((resolve, reject) => {
  const request = indexedDB.open("lms-offline", 1);
  request.onupgradeneeded = () => request.result.createObjectStore("queue", { autoIncrement: true });
  request.onerror = () => reject(request.error);
  request.onsuccess = () => {
    const db = request.result;
    const transaction = db.transaction("queue", "readwrite");
    const store = transaction.objectStore("queue");
    const values = [];
    if (click) store.add(click);
    else store.openCursor().onsuccess = (event) => {
      const cursor = event.target.result;
      if (cursor) { values.push(cursor.value); cursor.continue(); }
    };
    transaction.oncomplete = () => { db.close(); resolve(values); };
    transaction.onerror = () => reject(transaction.error);
  };
})"""


def add_to_queue(page, click):
    page.evaluate(QUEUE_SCRIPT, [click])


def queue(page):
    """The clicks kept on the phone, of every account."""
    return page.evaluate(QUEUE_SCRIPT, [None])


def assert_offline_page(page):
    assert page.locator("[data-offline-page] h1").inner_text() == "Không có kết nối mạng"


def test_learner_reads_every_lesson_offline_and_two_marked_done_reach_the_server_once(new_context, course, make_user):
    from courses.models import LessonCompletion

    learner = enrolled(make_user, course, "lan")
    lessons = list(course.lessons())
    page = phone(new_context)
    log_in(page, learner.username)
    save_course(page, course)

    page.context.set_offline(True)
    for number, lesson in enumerate(lessons, start=1):
        page.goto(lesson.url)
        assert page.locator("h1").inner_text() == lesson.title
        assert f"Text of lesson {number}." in page.locator(".lesson__body").inner_text()
        assert "Bạn đang offline" in page.locator(".offline-notice").inner_text()

    # "Đánh dấu đã học xong" on the first two lessons: kept on the phone, and on to the next lesson.
    for number in (0, 1):
        page.goto(lessons[number].url)
        page.locator(DONE_BUTTON).click()
        page.wait_for_url(f"**{lessons[number + 1].url}")
        page.wait_for_selector(f"html[data-offline-pending='{number + 1}']", state="attached")
    assert not LessonCompletion.objects.exists()

    # The progress bar counts them as waiting, not done.
    progress = page.locator(".lesson .progress")
    assert progress.locator("[role=progressbar]").get_attribute("aria-valuenow") == "0"
    assert progress.locator(".progress__sync").inner_text() == "2 bài học chờ đồng bộ"
    page.goto(course.url)
    for lesson in lessons[:2]:
        assert page.locator(f"li[data-lesson='{lesson.pk}'] [data-offline-waiting]").inner_text() == "chờ đồng bộ"
    assert page.locator(f"li[data-lesson='{lessons[2].pk}'] [data-offline-waiting]").count() == 0
    page.goto(lessons[0].url)
    assert "chờ đồng bộ" in page.locator("[data-offline-waiting]").inner_text()
    assert page.locator(DONE_BUTTON).count() == 0
    if os.environ.get("LMS_SCREENSHOTS"):  # the README's picture (see "Studying offline")
        page.goto(lessons[2].url)
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT)
        page.goto(lessons[0].url)

    # Back online, the queue is sent (then the page shows the server's progress).
    page.context.set_offline(False)
    page.wait_for_selector("html[data-offline-pending='0']", state="attached")
    page.wait_for_selector(".progress:not(:has(.progress__sync))", state="attached")
    done = LessonCompletion.objects.filter(enrolment__user=learner).values_list("lesson_id", flat=True)
    assert sorted(done) == sorted(lesson.pk for lesson in lessons[:2])

    # A page load with nothing queued sends nothing more.
    page.reload()
    page.wait_for_selector(READY, state="attached")
    assert pending(page) == "0"
    assert LessonCompletion.objects.filter(enrolment__user=learner).count() == 2


def test_logging_out_deletes_the_kept_pages_and_the_queue(new_context, course, make_user):
    learner = enrolled(make_user, course, "lan")
    lessons = list(course.lessons())
    page = phone(new_context)
    log_in(page, learner.username)
    save_course(page, course)
    assert [name for name in cache_names(page) if name.startswith("lms-private-")]
    assert "lms-offline" in [database["name"] for database in page.evaluate("indexedDB.databases()")]

    log_out(page)
    page.wait_for_selector(READY, state="attached")

    assert not [name for name in cache_names(page) if name.startswith("lms-private-") or name == "lms-offline-meta"]
    assert queue(page) == []
    page.context.set_offline(True)
    page.goto(lessons[0].url)
    assert_offline_page(page)


def test_logging_out_of_the_admin_deletes_the_kept_pages_but_keeps_the_unsent_clicks(new_context, course, make_user):
    from django.contrib.auth.models import Permission

    from staff_lms import offline

    learner = enrolled(make_user, course, "lan")
    learner.is_staff = True
    learner.save()
    learner.user_permissions.add(Permission.objects.get(codename="access_admin"))
    page = phone(new_context)
    log_in(page, learner.username)
    save_course(page, course)
    click = unsent_click(offline.user_key(learner), course.lessons().first().pk, course.pk)
    add_to_queue(page, click)

    page.goto("/admin/")
    # The form the sidebar's "Log out" sends (folded away on a phone): a POST navigation.
    page.evaluate("document.querySelector(\"form[action='/admin/logout/']\").requestSubmit()")
    page.wait_for_url("**/admin/login/**")

    assert not [name for name in cache_names(page) if name.startswith("lms-private-")]
    assert queue(page) == [click]  # sent when the same account signs in again
    page.context.set_offline(True)
    for url in (course.url, "/learning/"):
        page.goto(url)
        assert_offline_page(page)
        assert course.title not in page.content()


def test_logging_out_deletes_only_this_accounts_unsent_clicks(new_context, course, make_user):
    learner = enrolled(make_user, course, "lan")
    page = phone(new_context)
    log_in(page, learner.username)
    page.wait_for_selector(READY, state="attached")
    others = unsent_click("another-account", course.lessons().first().pk, course.pk)
    add_to_queue(page, others)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    log_out(page)

    assert dialogs == []  # another account's clicks are not this one's to lose
    assert queue(page) == [others]


@pytest.mark.parametrize(
    "failure",
    [
        "CacheStorage.prototype.keys = () => Promise.reject(new DOMException('refused', 'UnknownError'));",
        # A worker that never answers "forget".
        """const post = ServiceWorker.prototype.postMessage;
        ServiceWorker.prototype.postMessage = function (message, transfer) {
          if (message && message.type === "forget") return;
          return post.call(this, message, transfer);
        };""",
    ],
    ids=["storage-refused", "worker-silent"],
)
def test_a_failure_while_clearing_does_not_stop_the_logout(new_context, course, make_user, failure):
    from django.contrib.sessions.models import Session

    learner = enrolled(make_user, course, "lan")
    page = phone(new_context)
    page.context.add_init_script(failure)
    log_in(page, learner.username)
    page.wait_for_selector(READY, state="attached")
    assert Session.objects.exists()

    log_out(page)

    assert not Session.objects.exists()


def test_another_account_on_the_same_phone_never_sees_the_first_ones_lessons(new_context, course, make_user):
    first = enrolled(make_user, course, "lan")
    second = make_user("hung")
    lessons = list(course.lessons())
    page = phone(new_context)
    log_in(page, first.username)
    save_course(page, course)
    kept = [name for name in cache_names(page) if name.startswith("lms-private-")]
    assert len(kept) == 1

    # The first session ends without logging out (it expired), and someone else signs in.
    page.context.clear_cookies()
    log_in(page, second.username)
    page.wait_for_selector(READY, state="attached")

    assert kept[0] not in cache_names(page)
    page.context.set_offline(True)
    for lesson in lessons:
        page.goto(lesson.url)
        assert_offline_page(page)
        assert lesson.title not in page.content()


def test_a_page_not_kept_says_so_in_vietnamese(new_context, course, make_user):
    learner = enrolled(make_user, course, "lan")
    page = phone(new_context)
    log_in(page, learner.username)
    page.wait_for_selector(READY, state="attached")

    page.context.set_offline(True)
    page.goto("/accounts/")

    assert_offline_page(page)
    assert "Trang này chưa được lưu trên máy" in page.locator("[data-offline-page]").inner_text()


def test_a_quiz_offline_says_it_needs_a_connection(new_context, course, make_user):
    from tests.quiz_factories import make_quiz

    quiz = make_quiz(2, course=course, title="Final test")
    learner = enrolled(make_user, course, "lan")
    page = phone(new_context)
    log_in(page, learner.username)
    save_course(page, course)
    page.goto(quiz.get_absolute_url())  # seen online: still not kept
    assert page.locator("h1").inner_text() == "Final test"

    page.context.set_offline(True)
    page.reload()

    assert_offline_page(page)
    assert "Bài kiểm tra và bài học tương tác luôn cần kết nối mạng" in page.locator("[data-offline-page]").inner_text()


def test_a_lessons_document_is_kept_with_it(new_context, course, make_user):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    handout = get_document_model().objects.create(
        title="Checklist", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="checklist.pdf")
    )
    lesson = course.lessons().first().specific
    lesson.body.append(("document", {"document": handout, "title": ""}))
    lesson.save_revision().publish()
    learner = enrolled(make_user, course, "lan")
    page = phone(new_context)
    log_in(page, learner.username)
    save_course(page, course)

    page.context.set_offline(True)
    page.goto(lesson.url)
    assert page.locator(f".lesson__body a[href='{handout.url}']").count() == 1
    fetched = page.evaluate(
        "url => fetch(url).then(r => r.text().then(text => [r.status, r.headers.get('Content-Type'), text]))",
        handout.url,
    )
    assert fetched == [200, "application/pdf", "%PDF-1.4\n%%EOF\n"]


def test_a_quiz_answer_without_a_connection_is_never_lost_silently(new_context, course, make_user):
    from quizzes.models import Attempt, Question, Response
    from tests.quiz_factories import choice_tokens, make_quiz

    quiz = make_quiz(2, course=course, title="Final test")
    learner = enrolled(make_user, course, "lan")
    page = phone(new_context)
    log_in(page, learner.username)
    page.goto(quiz.get_absolute_url())
    page.locator(f"form[action='/quizzes/{quiz.pk}/start/'] button[type=submit]").click()
    page.wait_for_url("**/quizzes/attempts/*/questions/1/")
    page.wait_for_selector(READY, state="attached")
    attempt = Attempt.objects.get(quiz=quiz, user=learner)
    form = page.locator("form.question-form")
    question = Question.objects.get(pk=int(form.locator("input[name=question]").get_attribute("value")))
    token = choice_tokens(attempt, question, [question.answers.first().pk])[0]

    page.context.set_offline(True)
    form.locator(f"input[name=choice][value='{token}']").check()  # the autosave fails, and says so
    page.wait_for_selector(".autosave-status:text('Chưa lưu được: hãy kiểm tra kết nối mạng.')")
    form.locator("button[name=action][value=next]").click()  # the form is not sent either

    assert "Không có kết nối mạng: chưa gửi được gì" in page.locator(".offline-notice").inner_text()
    assert page.url.endswith("/questions/1/")
    assert form.locator(f"input[name=choice][value='{token}']").is_checked()
    assert not Response.objects.filter(attempt=attempt).exists()

    page.context.set_offline(False)
    form.locator("button[name=action][value=next]").click()
    page.wait_for_url("**/quizzes/attempts/*/questions/2/")
    assert Response.objects.get(attempt=attempt, question=question).selected_ids == [question.answers.first().pk]
