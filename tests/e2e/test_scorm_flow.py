"""SCORM lessons in Chromium: real SCORM 1.2 and 2004 packages (tests/scorm_builder.py) played by
the lesson page's player, end to end: launch, a score, suspend, reload and resume, completion of
the lesson and the course, the certificate; commits that survive a dropped connection and a
reload; and a hostile package that tries to act as the learner."""

import json

import pytest
from django.core.files.base import ContentFile

from tests.scorm_builder import launch_page, scorm12_package, scorm2004_package

from .conftest import log_in

pytestmark = pytest.mark.e2e

FRAME = "iframe.scorm-player__frame"


def scorm_course(catalogue, package_bytes, *, with_plain_lesson=True):
    """A live course with a SCORM lesson playing ``package_bytes`` (and a plain lesson first)."""
    from courses.models import CoursePage, LessonPage
    from scorm.models import ScormLessonPage, ScormPackage
    from scorm.packages import read_package

    course = catalogue.add_child(
        instance=CoursePage(title="Thư viện số", slug="thu-vien-so", summary="Tra cứu thư viện số.")
    )
    if with_plain_lesson:
        course.add_child(instance=LessonPage(title="Giới thiệu", slug="gioi-thieu", estimated_minutes=10))
    upload = ContentFile(package_bytes, name="goi.zip")
    package = ScormPackage.create_from_upload(upload, read_package(upload))
    lesson = course.add_child(
        instance=ScormLessonPage(title=package.title, slug="bai-scorm", package=package, estimated_minutes=20)
    )
    return course, lesson


def open_lesson(page, lesson):
    """Open the lesson and return the package's frame once its test hooks are there."""
    page.goto(lesson.url)
    page.locator(f"{FRAME}[src]").wait_for(state="attached")
    frame = page.locator(FRAME).element_handle().content_frame()
    frame.wait_for_function("window.scormTest !== undefined")
    return frame


def wait_state(page, state):
    page.locator(f"#scorm-player[data-state={state}]").wait_for(state="attached")


def wait_saved(page):
    wait_state(page, "saved")


def wait_done(page):
    page.locator("#scorm-player[data-done=true]").wait_for(state="attached")


def record_of(user):
    from scorm.models import ScormRecord

    return ScormRecord.objects.get(enrolment__user=user)


def test_a_scorm_12_package_resumes_completes_the_course_and_issues_the_certificate(new_context, catalogue, make_user):
    from certificates.models import Certificate
    from courses.models import Enrolment, LessonCompletion, LessonPage

    course, lesson = scorm_course(catalogue, scorm12_package(title="Tra cứu thư mục số", mastery_score=80))
    learner = make_user("lan")
    enrolment = Enrolment.objects.create(user=learner, course=course)
    enrolment.mark_lesson_done(LessonPage.objects.get(slug="gioi-thieu"))
    page = new_context().new_page()
    log_in(page, learner.username)

    frame = open_lesson(page, lesson)
    assert frame.evaluate("scormTest.init()") == "true"
    assert frame.evaluate("scormTest.get('cmi.core.entry')") == "ab-initio"
    assert frame.evaluate("scormTest.get('cmi.core.student_id')") == "lan"
    # The package cannot read the learner's cookies: its origin is opaque.
    assert "SecurityError" in frame.evaluate(
        "(() => { try { return document.cookie; } catch (e) { return e.name; } })()"
    )
    for key, value in [
        ("cmi.core.lesson_status", "incomplete"),
        ("cmi.core.lesson_location", "trang-3"),
        ("cmi.suspend_data", '{"page":3}'),
        ("cmi.core.score.raw", "40"),
        ("cmi.core.exit", "suspend"),
        ("cmi.core.session_time", "0000:05:00.00"),
    ]:
        assert frame.evaluate("([k, v]) => scormTest.set(k, v)", [key, value]) == "true"
    frame.evaluate("scormTest.commit()")
    wait_saved(page)
    record = record_of(learner)
    assert record.cmi["core"]["lesson_location"] == "trang-3"
    assert (record.status, record.score) == ("incomplete", 40)

    # Reload: a new run resumes where the learner left.
    frame = open_lesson(page, lesson)
    frame.evaluate("scormTest.init()")
    state = json.loads(frame.locator("#state").inner_text())
    assert state == {"location": "trang-3", "suspend_data": '{"page":3}', "status": "incomplete"}
    assert frame.evaluate("scormTest.get('cmi.core.entry')") == "resume"

    frame.evaluate("scormTest.set('cmi.core.score.raw', '90')")
    frame.evaluate("scormTest.set('cmi.core.lesson_status', 'passed')")
    frame.evaluate("scormTest.set('cmi.core.exit', '')")
    frame.evaluate("scormTest.finish()")
    wait_done(page)
    assert page.locator("[data-scorm-done]").is_visible()
    assert page.locator("[data-scorm-pending]").is_hidden()

    assert LessonCompletion.objects.filter(enrolment=enrolment, lesson=lesson).exists()
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None and enrolment.final_score == 90
    assert Certificate.objects.filter(user=learner, course=course).exists()
    record = record_of(learner)
    assert (record.saved_launch, record.status, record.score, record.total_seconds) == (2, "passed", 90, 300)


def test_a_scorm_2004_package_completes_with_its_scaled_score(new_context, catalogue, make_user):
    from courses.models import Enrolment

    course, lesson = scorm_course(
        catalogue, scorm2004_package(title="Bảo quản hiện vật", scaled_passing_score=0.6), with_plain_lesson=False
    )
    learner = make_user("hoa")
    enrolment = Enrolment.objects.create(user=learner, course=course)
    page = new_context().new_page()
    log_in(page, learner.username)

    frame = open_lesson(page, lesson)
    assert frame.evaluate("scormTest.init()") == "true"
    assert frame.evaluate("scormTest.get('cmi.scaled_passing_score')") == "0.6"
    frame.evaluate("scormTest.set('cmi.location', 'p2')")
    frame.evaluate("scormTest.set('cmi.exit', 'suspend')")
    frame.evaluate("scormTest.commit()")
    wait_saved(page)

    frame = open_lesson(page, lesson)
    frame.evaluate("scormTest.init()")
    assert json.loads(frame.locator("#state").inner_text())["location"] == "p2"
    frame.evaluate("scormTest.set('cmi.score.scaled', '0.75')")
    frame.evaluate("scormTest.set('cmi.completion_status', 'completed')")
    frame.evaluate("scormTest.finish()")
    wait_done(page)

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None and enrolment.final_score == 75
    assert (record_of(learner).status, record_of(learner).success) == ("completed", "passed")


def test_a_commit_lost_to_the_network_is_sent_again_and_kept_once(new_context, catalogue, make_user):
    from courses.models import Enrolment

    course, lesson = scorm_course(catalogue, scorm12_package(title="Mất mạng"), with_plain_lesson=False)
    learner = make_user("binh")
    Enrolment.objects.create(user=learner, course=course)
    context = new_context()
    page = context.new_page()
    log_in(page, learner.username)
    frame = open_lesson(page, lesson)
    frame.evaluate("scormTest.init()")

    # The connection drops while a commit is on its way: the first attempt fails.
    attempts = []

    def drop_first(route):
        attempts.append(route.request.post_data)
        if len(attempts) == 1:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route("**/scorm/lessons/*/commit/", drop_first)
    frame.evaluate("scormTest.set('cmi.core.lesson_location', 'trang-2')")
    frame.evaluate("scormTest.commit()")
    wait_saved(page)
    assert len(attempts) == 2 and attempts[0] == attempts[1]
    assert record_of(learner).cmi["core"]["lesson_location"] == "trang-2"

    # Offline, then the learner reloads before the connection returns: the commit kept in the
    # browser is sent first, and the next run resumes from it.
    page.unroute("**/scorm/lessons/*/commit/")
    page.route("**/scorm/lessons/*/commit/", lambda route: route.abort("internetdisconnected"))
    frame.evaluate("scormTest.set('cmi.core.lesson_location', 'trang-4')")
    frame.evaluate("scormTest.set('cmi.core.exit', 'suspend')")
    frame.evaluate("scormTest.commit()")
    wait_state(page, "offline")
    assert record_of(learner).cmi["core"]["lesson_location"] == "trang-2"
    kept = page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('lms-scorm:'))")
    assert len(kept) == 1
    page.unroute("**/scorm/lessons/*/commit/")

    frame = open_lesson(page, lesson)  # the page reloads once the kept commit is saved
    frame.evaluate("scormTest.init()")
    assert json.loads(frame.locator("#state").inner_text())["location"] == "trang-4"
    assert record_of(learner).cmi["core"]["lesson_location"] == "trang-4"
    assert page.evaluate("Object.keys(localStorage).filter((key) => key.startsWith('lms-scorm:')).length") == 0


def test_a_kept_commit_the_server_refuses_or_of_an_earlier_version_never_locks_the_lesson(
    new_context, catalogue, make_user
):
    from courses.models import Enrolment

    course, lesson = scorm_course(catalogue, scorm12_package(title="Phiên bản"), with_plain_lesson=False)
    learner = make_user("cuong")
    Enrolment.objects.create(user=learner, course=course)
    page = new_context().new_page()
    log_in(page, learner.username)
    open_lesson(page, lesson).evaluate("scormTest.init()")
    key = f"lms-scorm:{learner.pk}:{lesson.pk}"
    location = {"core": {"lesson_location": "trang-9", "lesson_status": "incomplete"}}

    for kept in (
        {"launch": 99, "seq": 1, "package": lesson.package_id, "cmi": location},  # a run never started: 409
        {"launch": 99, "seq": 1, "package": lesson.package_id + 1000, "cmi": location},  # another version
    ):
        page.evaluate("([key, kept]) => localStorage.setItem(key, JSON.stringify(kept))", [key, kept])
        frame = open_lesson(page, lesson)  # the package plays, from what the server holds
        frame.evaluate("scormTest.init()")
        assert json.loads(frame.locator("#state").inner_text())["location"] == ""
        assert page.evaluate("(key) => localStorage.getItem(key)", key) is None
        assert record_of(learner).cmi.get("core", {}).get("lesson_location", "") == ""


FRAMESET_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Khung</title></head>
<body><iframe src="sco.html" title="SCO"></iframe></body></html>"""


def test_a_package_whose_sco_runs_in_a_frame_of_its_own_reaches_the_api(new_context, catalogue, make_user):
    from courses.models import Enrolment

    package = scorm12_package(
        title="Gói nhiều khung", launch_html=FRAMESET_PAGE, extra_files=[("sco.html", launch_page("1.2"))]
    )
    course, lesson = scorm_course(catalogue, package, with_plain_lesson=False)
    learner = make_user("dung")
    Enrolment.objects.create(user=learner, course=course)
    page = new_context().new_page()
    log_in(page, learner.username)
    page.goto(lesson.url)
    page.locator(f"{FRAME}[src]").wait_for(state="attached")
    outer = page.locator(FRAME).element_handle().content_frame()
    outer.locator("iframe").wait_for(state="attached")
    sco = outer.locator("iframe").element_handle().content_frame()
    sco.wait_for_function("window.scormTest !== undefined")

    assert sco.evaluate("scormTest.init()") == "true"
    sco.evaluate("scormTest.set('cmi.core.lesson_status', 'completed')")
    sco.evaluate("scormTest.commit()")
    wait_done(page)

    assert record_of(learner).status == "completed"


HOSTILE_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Gói độc hại</title></head>
<body><pre id="result"></pre>
<script>
window.scormTest = {};
window.attack = async function (targets) {
  const result = {};
  try { result.cookie = document.cookie; } catch (error) { result.cookie = error.name; }
  try { result.storage = String(window.localStorage.length); } catch (error) { result.storage = error.name; }
  try { result.parentDocument = String(window.parent.document.cookie); }
  catch (error) { result.parentDocument = error.name; }
  try { result.parentApi = typeof window.parent.API; } catch (error) { result.parentApi = error.name; }
  try {
    const response = await fetch("/learning/", {credentials: "include"});
    result.readLms = (await response.text()).slice(0, 50);
  } catch (error) { result.readLms = error.name; }
  const forged = JSON.stringify({launch: 1, seq: 99, cmi: {core: {lesson_status: "passed", score: {raw: "100"}}}});
  for (const url of targets.posts) {
    try {
      await fetch(url, {method: "POST", credentials: "include", mode: "no-cors",
                        headers: {"Content-Type": "text/plain"}, body: forged});
    } catch (error) { /* the policy may refuse to send it at all */ }
  }
  result.bridge = await new Promise((resolve) => {
    window.addEventListener("message", (event) => resolve(event.data.error ? "refused" : "answered"));
    const forgedLoad = {messageId: "x1", method: "loadFromJSON", params: [{core: {lesson_status: "passed"}}]};
    window.parent.postMessage(forgedLoad, "*");
    setTimeout(() => resolve("no answer"), 10000);
  });
  try { window.top.location.href = "/admin/"; } catch (error) { /* a sandbox without allow-top-navigation */ }
  document.getElementById("result").textContent = JSON.stringify(result);
  return result;
};
</script></body></html>"""


def test_a_hostile_package_cannot_act_as_the_learner(new_context, catalogue, make_user):
    from courses.models import Enrolment, LessonCompletion, LessonPage

    course, lesson = scorm_course(catalogue, scorm12_package(title="Gói lạ", launch_html=HOSTILE_PAGE))
    plain = LessonPage.objects.get(slug="gioi-thieu")
    learner = make_user("cuong")
    enrolment = Enrolment.objects.create(user=learner, course=course)
    page = new_context().new_page()
    log_in(page, learner.username)
    frame = open_lesson(page, lesson)

    result = frame.evaluate(
        "(targets) => attack(targets)",
        {"posts": [f"/scorm/lessons/{lesson.pk}/commit/", f"/learning/lessons/{plain.pk}/done/", "/accounts/logout/"]},
    )

    # The package's own policy refused to send its requests to the LMS at all...
    blocked = [line for line in new_context.csp_violations if "Refused to connect" in line]
    for url in ["/learning/", f"/scorm/lessons/{lesson.pk}/commit/", f"/learning/lessons/{plain.pk}/done/"]:
        assert any(url in line for line in blocked), url
    new_context.csp_violations.clear()
    # ...and its opaque origin has no cookie, no storage, no access to the lesson page.
    assert result["cookie"] == "SecurityError"
    assert result["storage"] == "SecurityError"
    assert result["parentDocument"] == "SecurityError"
    assert result["parentApi"] == "SecurityError"
    assert result["readLms"] == "TypeError"  # blocked by the content's policy or by CORS
    assert result["bridge"] == "refused"
    assert page.url.endswith(lesson.url)  # the learner's tab was not taken over
    # None of its requests carried the learner's session: nothing was written on their behalf.
    assert not LessonCompletion.objects.filter(enrolment=enrolment).exists()
    assert record_of(learner).saved_seq == 0
    page.goto("/learning/")
    assert page.url.endswith("/learning/")  # still signed in: the logout POST did not act
