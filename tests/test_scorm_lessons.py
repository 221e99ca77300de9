"""SCORM packages as lessons: authoring in the page editor, the lesson page and its player's
settings, the package's files behind their signed, sandboxed address, and the commits that save a
learner's cmi data and complete the lesson and the course (scorm/). The packages themselves are
checked in test_scorm_packages.py; the player runs in Chromium in e2e/test_scorm_flow.py."""

import json
from decimal import Decimal

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from certificates.models import Certificate
from courses.models import LessonCompletion, LessonPage
from scorm.models import ScormLessonPage, ScormPackage, ScormRecord
from scorm.player import content_token
from tests.conftest import client_for, enrol, make_course
from tests.scorm_builder import scorm12_package, scorm2004_package, zip_bytes
from tests.test_handbook import all_text


@pytest.fixture
def course(course_index, trainer):
    course, _lessons = make_course(course_index, n_lessons=1, trainer=trainer)
    return course


def add_scorm_lesson(client, course, package, *, publish=True, **fields):
    """POST the SCORM lesson editor's add form; returns the response (302 when it saved)."""
    url = f"/admin/pages/add/scorm/scormlessonpage/{course.pk}/"
    data = querydict_from_html(client.get(url).text, form_id="page-edit-form").copy()
    data.update(nested_form_data({"body": streamfield([])}))
    data.update({"title": "", "slug": "", **fields})
    if publish:
        data["action-publish"] = "action-publish"
    upload = SimpleUploadedFile("goi.zip", package, content_type="application/zip")
    return client.post(url, {**data.dict(), "package_file": upload})


def edit_scorm_lesson(client, lesson, package):
    url = f"/admin/pages/{lesson.pk}/edit/"
    data = querydict_from_html(client.get(url).text, form_id="page-edit-form").copy()
    data.update(nested_form_data({"body": streamfield([])}))
    data["action-publish"] = "action-publish"
    upload = SimpleUploadedFile("goi-moi.zip", package, content_type="application/zip")
    return client.post(url, {**data.dict(), "package_file": upload})


@pytest.fixture
def scorm_lesson(course, trainer):
    response = add_scorm_lesson(
        client_for(trainer), course, scorm12_package(title="Tra cứu thư mục số", mastery_score=80)
    )
    assert response.status_code == 302, response.context["form"].errors
    return ScormLessonPage.objects.child_of(course).get()


def vietnamese(user):
    client = client_for(user)
    client.cookies["django_language"] = "vi"
    return client


def player_config(response):
    text = response.text
    start = text.index('<script id="scorm-config" type="application/json">') + len(
        '<script id="scorm-config" type="application/json">'
    )
    return json.loads(text[start : text.index("</script>", start)])


def commit(client, lesson, launch, seq, data, **extra):
    body = {"launch": launch, "seq": seq, "package": lesson.package_id, "cmi": data, **extra}
    return client.post(f"/scorm/lessons/{lesson.pk}/commit/", json.dumps(body), content_type="application/json")


def cmi_12(status="incomplete", raw=None, location="", suspend="", exit_="", session="0000:00:30.00"):
    score = {"raw": str(raw), "min": "0", "max": "100"} if raw is not None else {}
    return {
        "core": {
            "lesson_status": status,
            "lesson_location": location,
            "score": score,
            "exit": exit_,
            "session_time": session,
        },
        "suspend_data": suspend,
    }


# Authoring ------------------------------------------------------------------------------------


def test_a_trainer_adds_a_scorm_lesson_titled_by_its_manifest(scorm_lesson, trainer):
    package = scorm_lesson.package
    assert scorm_lesson.title == "Tra cứu thư mục số"
    assert scorm_lesson.slug == "tra-cuu-thu-muc-so"
    assert scorm_lesson.live
    assert (package.scorm_version, package.launch, package.number) == ("1.2", "index.html", 1)
    assert package.mastery_score == Decimal("80")
    assert package.uploaded_by == trainer
    assert package.file_count == 2


def test_the_course_editor_offers_both_kinds_of_lesson(course, trainer):
    page = client_for(trainer).get(f"/admin/pages/{course.pk}/edit/").text

    assert f"/admin/pages/add/courses/lessonpage/{course.pk}/" in page
    assert f"/admin/pages/add/scorm/scormlessonpage/{course.pk}/" in page


def test_a_refused_package_says_why_in_vietnamese_and_saves_nothing(course, trainer):
    response = add_scorm_lesson(vietnamese(trainer), course, b"not a zip at all", title="Bài SCORM")

    assert response.status_code == 200
    assert "package_file" in response.context["form"].errors
    assert response.context["form"].errors["package_file"].as_data()[0].code == "not_zip"
    assert "Tệp tải lên không phải tệp .zip hợp lệ." in response.text
    assert not ScormLessonPage.objects.exists()
    assert not ScormPackage.objects.exists()


def test_a_package_whose_launch_file_is_missing_is_refused(course, trainer):
    package = zip_bytes([("imsmanifest.xml", scorm12_package.__globals__["manifest_12"]())])

    response = add_scorm_lesson(vietnamese(trainer), course, package, title="Bài SCORM")

    assert response.status_code == 200
    assert "Tệp khởi chạy “index.html” ghi trong imsmanifest.xml không có trong gói." in response.text
    assert not ScormLessonPage.objects.exists()


def test_a_lesson_cannot_be_saved_without_a_package(course, trainer):
    url = f"/admin/pages/add/scorm/scormlessonpage/{course.pk}/"
    client = vietnamese(trainer)
    data = querydict_from_html(client.get(url).text, form_id="page-edit-form").copy()
    data.update(nested_form_data({"body": streamfield([])}))
    data.update({"title": "Bài không có gói", "slug": ""})

    response = client.post(url, data)

    assert response.status_code == 200
    assert "package_file" in response.context["form"].errors
    assert "Hãy tải lên gói SCORM (.zip) của bài học." in response.text


def test_a_new_version_keeps_the_learners_records(scorm_lesson, trainer, learner):
    enrolment = enrol(learner, scorm_lesson.course)
    client = client_for(learner)
    client.get(scorm_lesson.url)
    commit(client, scorm_lesson, 1, 1, cmi_12("passed", raw=90))
    first = scorm_lesson.package

    response = edit_scorm_lesson(client_for(trainer), scorm_lesson, scorm12_package(title="Tra cứu thư mục số (bản 2)"))

    assert response.status_code == 302
    scorm_lesson.refresh_from_db()
    assert scorm_lesson.package.number == 2 and scorm_lesson.package != first
    assert scorm_lesson.title == "Tra cứu thư mục số"  # the trainer's title stays
    record = ScormRecord.objects.get(enrolment=enrolment)
    assert (record.status, record.score, record.package) == ("passed", Decimal("90.0"), first)
    assert LessonCompletion.objects.filter(enrolment=enrolment, lesson=scorm_lesson).exists()


def test_a_new_version_starts_where_the_status_is_but_not_where_the_learner_was(scorm_lesson, trainer, learner):
    enrol(learner, scorm_lesson.course)
    client = client_for(learner)
    client.get(scorm_lesson.url)
    commit(client, scorm_lesson, 1, 1, cmi_12("incomplete", location="trang-5", suspend="s=5", exit_="suspend"))
    edit_scorm_lesson(client_for(trainer), scorm_lesson, scorm12_package(title="Bản 2"))
    scorm_lesson.refresh_from_db()

    core = player_config(client.get(scorm_lesson.url))["cmi"]["core"]

    assert core["lesson_status"] == "incomplete"
    assert core["lesson_location"] == ""
    assert core["entry"] == ""


# The lesson page --------------------------------------------------------------------------------


def test_the_learner_plays_the_package_in_a_sandbox_without_same_origin_rights(scorm_lesson, learner):
    enrol(learner, scorm_lesson.course)
    learner.staff_profile.full_name = "Nguyễn Thị Hoa"
    learner.staff_profile.save()

    response = client_for(learner).get(scorm_lesson.url)

    text = response.text
    assert 'sandbox="allow-scripts allow-forms"' in text
    assert "allow-same-origin" not in text
    assert 'action="/learning/lessons/' not in text  # no "Mark as done"
    config = player_config(response)
    assert config["version"] == "1.2"
    assert config["launch"] == 1 and config["saved"] == [0, 0]
    assert config["commitUrl"] == f"/scorm/lessons/{scorm_lesson.pk}/commit/"
    assert config["contentOrigin"] == "null"
    core = config["cmi"]["core"]
    assert (core["student_id"], core["student_name"]) == (learner.username, "Nguyễn Thị Hoa")
    assert (core["credit"], core["lesson_mode"], core["entry"]) == ("credit", "normal", "ab-initio")
    assert config["cmi"]["student_data"] == {"mastery_score": "80"}
    assert config["contentUrl"].startswith("/scorm/content/") and config["contentUrl"].endswith("/index.html")


def test_the_page_says_what_makes_the_lesson_done(scorm_lesson, course, trainer, learner):
    enrol(learner, course)
    page = vietnamese(learner).get(scorm_lesson.url).text
    assert "Điểm đạt 80%" in page
    assert "Bài học được tính là hoàn thành khi điểm của bạn trong gói bằng hoặc cao hơn điểm đạt." in page

    add_scorm_lesson(client_for(trainer), course, scorm12_package(title="Không có điểm đạt"))
    without = ScormLessonPage.objects.child_of(course).get(title="Không có điểm đạt")
    assert (
        "Bài học được tính là hoàn thành khi gói báo đã hoàn thành hoặc đạt."
        in vietnamese(learner).get(without.url).text
    )


def test_each_opening_is_a_new_run_resuming_where_the_learner_left(scorm_lesson, learner):
    enrol(learner, scorm_lesson.course)
    client = client_for(learner)
    client.get(scorm_lesson.url)
    commit(client, scorm_lesson, 1, 1, cmi_12(location="trang-3", suspend="x=3", exit_="suspend", session="0000:02:00"))

    config = player_config(client.get(scorm_lesson.url))

    assert config["launch"] == 2 and config["saved"] == [1, 1]
    core = config["cmi"]["core"]
    assert (core["lesson_location"], core["entry"], core["total_time"]) == ("trang-3", "resume", "0000:02:00")
    assert config["cmi"]["suspend_data"] == "x=3"


def test_a_trainer_previews_without_saving(scorm_lesson, trainer):
    config = player_config(client_for(trainer).get(scorm_lesson.url))

    assert config["commitUrl"] is None
    assert not ScormRecord.objects.exists()


def test_a_learner_not_enrolled_does_not_get_the_package(scorm_lesson, learner):
    response = client_for(learner).get(scorm_lesson.url)

    assert response.status_code == 302
    assert "scorm-config" not in response.text


# The package's files ------------------------------------------------------------------------------


def content_url(lesson, user, name="index.html"):
    return f"/scorm/content/{content_token(lesson.package, user)}/{name}"


def test_the_package_page_gets_the_bridge_and_a_sandboxing_policy(scorm_lesson, learner):
    response = Client().get(content_url(scorm_lesson, learner))

    assert response.status_code == 200
    text = response.content.decode()
    assert text.index("cross-frame-api.min.js") < text.index("scorm/frame.js") < text.index("window.scormTest")
    assert 'data-lms-origin="http://testserver"' in text
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox allow-scripts allow-forms;")
    assert "allow-same-origin" not in policy
    assert "frame-ancestors" not in policy and "X-Frame-Options" not in response  # framesets of the package
    assert f"connect-src http://testserver/scorm/content/{content_token(scorm_lesson.package, learner)}/;" in policy
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_package_files_need_a_valid_unexpired_token(scorm_lesson, learner, settings):
    token = content_token(scorm_lesson.package, learner)
    assert Client().get(f"/scorm/content/{token[:-2]}xx/index.html").status_code == 403
    forged = signing.dumps({"p": scorm_lesson.package.pk, "u": learner.pk}, salt="another", compress=False)
    assert Client().get(f"/scorm/content/{forged}/index.html").status_code == 403
    settings.LMS_SCORM_LINK_HOURS = 0
    response = Client().get(f"/scorm/content/{token}/index.html")
    assert response.status_code == 403
    assert response.text == "Liên kết tới bài học đã hết hạn. Hãy tải lại trang bài học."


def test_a_package_loads_nothing_from_other_sites(scorm_lesson, learner):
    """It could send the learner's name and answers anywhere in an image's address."""
    policy = Client().get(content_url(scorm_lesson, learner))["Content-Security-Policy"]

    sources = [source for directive in policy.split(";") for source in directive.split()[1:]]
    assert not [source for source in sources if source in ("https:", "http:", "*")]


@pytest.mark.parametrize("name", ["../imsmanifest.xml", "a/../../x", "%2e%2e/x", "nothing.html", "./index.html"])
def test_nothing_outside_the_package_is_served(scorm_lesson, learner, name):
    token = content_token(scorm_lesson.package, learner)
    assert Client().get(f"/scorm/content/{token}/{name}").status_code == 404


# Commits ---------------------------------------------------------------------------------------


@pytest.fixture
def playing(scorm_lesson, learner):
    """The learner enrolled, with the lesson open (run 1)."""
    enrolment = enrol(learner, scorm_lesson.course)
    client = client_for(learner)
    client.get(scorm_lesson.url)
    return client, enrolment


def test_a_commit_saves_the_cmi_data(scorm_lesson, playing):
    client, enrolment = playing

    response = commit(client, scorm_lesson, 1, 1, cmi_12("incomplete", raw=40, location="p2", session="0000:01:05"))

    assert response.json() == {
        "saved": True,
        "status": "incomplete",
        "success": "failed",
        "score": "40.0",
        "done": False,
        "courseCompleted": False,
    }
    record = ScormRecord.objects.get(enrolment=enrolment)
    assert record.cmi["core"]["lesson_location"] == "p2"
    assert (record.status, record.score, record.total_seconds) == ("incomplete", Decimal("40.0"), 65)
    assert record.package == scorm_lesson.package


def test_a_commit_sent_twice_or_late_changes_nothing(scorm_lesson, playing):
    client, enrolment = playing
    commit(client, scorm_lesson, 1, 2, cmi_12(location="p2"))

    again = commit(client, scorm_lesson, 1, 2, cmi_12(location="p2"))
    late = commit(client, scorm_lesson, 1, 1, cmi_12(location="p1"))

    assert again.json()["saved"] is False and late.json()["saved"] is False
    record = ScormRecord.objects.get(enrolment=enrolment)
    assert (record.saved_launch, record.saved_seq, record.cmi["core"]["lesson_location"]) == (1, 2, "p2")


def test_time_adds_up_across_runs(scorm_lesson, playing):
    client, enrolment = playing
    commit(client, scorm_lesson, 1, 1, cmi_12(session="0000:01:00"))
    commit(client, scorm_lesson, 1, 2, cmi_12(session="0000:02:00"))
    client.get(scorm_lesson.url)  # run 2
    commit(client, scorm_lesson, 2, 1, cmi_12(session="0000:00:30"))

    record = ScormRecord.objects.get(enrolment=enrolment)
    assert (record.earlier_seconds, record.run_seconds, record.total_seconds) == (120, 30, 150)


def test_passing_completes_the_lesson_the_course_and_issues_the_certificate(scorm_lesson, playing, learner):
    client, enrolment = playing
    other = LessonPage.objects.child_of(scorm_lesson.course).exclude(pk=scorm_lesson.pk).get()
    enrolment.mark_lesson_done(other)

    response = commit(client, scorm_lesson, 1, 1, cmi_12("completed", raw=85))

    assert response.json()["done"] is True and response.json()["courseCompleted"] is True
    assert LessonCompletion.objects.filter(enrolment=enrolment, lesson=scorm_lesson).exists()
    enrolment.refresh_from_db()
    assert enrolment.final_score == Decimal("85.0")
    assert Certificate.objects.filter(user=learner, course=scorm_lesson.course).exists()


def test_a_score_under_the_mastery_score_does_not_pass(scorm_lesson, playing):
    client, enrolment = playing

    response = commit(client, scorm_lesson, 1, 1, cmi_12("passed", raw=70))

    assert response.json()["done"] is False and response.json()["success"] == "failed"
    assert not LessonCompletion.objects.filter(enrolment=enrolment, lesson=scorm_lesson).exists()


def cmi_12_score(status, raw, max_):
    data = cmi_12(status)
    data["core"]["score"] = {"raw": str(raw), "min": "0", "max": str(max_)}
    return data


@pytest.mark.parametrize(
    "raw, max_, shown, done",
    [(8, 10, "80.0", True), (100, 200, "50.0", False), (80, 100, "80.0", True), (79.9, 100, "79.9", False)],
)
def test_the_pass_mark_is_compared_with_the_score_the_learner_sees(scorm_lesson, playing, raw, max_, shown, done):
    client, enrolment = playing

    response = commit(client, scorm_lesson, 1, 1, cmi_12_score("completed", raw, max_))

    assert (response.json()["score"], response.json()["done"]) == (shown, done)
    assert LessonCompletion.objects.filter(enrolment=enrolment, lesson=scorm_lesson).exists() is done


def test_a_later_lower_score_does_not_replace_the_score_of_a_done_lesson(scorm_lesson, playing, learner):
    client, enrolment = playing
    commit(client, scorm_lesson, 1, 1, cmi_12("passed", raw=92))
    client.get(scorm_lesson.url)  # run 2: a try for fun, worse
    response = commit(client, scorm_lesson, 2, 1, cmi_12("failed", raw=50, location="p1"))

    assert (response.json()["done"], response.json()["score"], response.json()["success"]) == (True, "92.0", "passed")
    record = ScormRecord.objects.get(enrolment=enrolment)
    assert (record.score, record.success, record.cmi["core"]["lesson_location"]) == (Decimal("92.0"), "passed", "p1")
    assert "với điểm 92%" in vietnamese(learner).get(scorm_lesson.course.url).text

    client.get(scorm_lesson.url)  # run 3: better still
    commit(client, scorm_lesson, 3, 1, cmi_12("passed", raw=97))
    assert ScormRecord.objects.get(enrolment=enrolment).score == Decimal("97.0")


def test_the_course_page_shows_the_lessons_score(scorm_lesson, playing, learner):
    client, enrolment = playing
    page = vietnamese(learner).get(scorm_lesson.course.url).text
    assert "Hoàn thành “Tra cứu thư mục số” (điểm đạt 80%)" in page

    commit(client, scorm_lesson, 1, 1, cmi_12("passed", raw=92))

    page = vietnamese(learner).get(scorm_lesson.course.url).text
    assert "Đã hoàn thành “Tra cứu thư mục số” với điểm 92%" in page


# What a learner may not do -------------------------------------------------------------------------


def test_a_learner_cannot_mark_a_scorm_lesson_done_by_hand(scorm_lesson, playing):
    client, enrolment = playing

    response = client.post(f"/learning/lessons/{scorm_lesson.pk}/done/")

    assert response.status_code == 302
    assert not LessonCompletion.objects.filter(enrolment=enrolment).exists()


def test_a_commit_always_writes_the_signed_in_learners_own_record(scorm_lesson, playing, learner, other_learner):
    client, enrolment = playing
    theirs = enrol(other_learner, scorm_lesson.course)
    other_client = client_for(other_learner)
    other_client.get(scorm_lesson.url)

    data = cmi_12("passed", raw=100)
    data["core"]["student_id"] = other_learner.username
    commit(client, scorm_lesson, 1, 1, data, user=other_learner.pk, enrolment=theirs.pk)

    assert ScormRecord.objects.get(enrolment=theirs).saved_seq == 0
    assert not LessonCompletion.objects.filter(enrolment=theirs).exists()
    assert LessonCompletion.objects.filter(enrolment=enrolment).exists()


def test_a_commit_needs_an_enrolment_a_session_and_the_csrf_token(scorm_lesson, learner, other_learner):
    enrol(learner, scorm_lesson.course)
    assert commit(client_for(other_learner), scorm_lesson, 1, 1, cmi_12()).status_code == 403
    assert commit(Client(), scorm_lesson, 1, 1, cmi_12()).status_code == 403
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    strict.get(scorm_lesson.url)
    assert commit(strict, scorm_lesson, 1, 1, cmi_12("passed", raw=100)).status_code == 403
    assert ScormRecord.objects.get().saved_seq == 0


def test_a_commit_of_an_earlier_version_is_refused_and_changes_nothing(scorm_lesson, playing, trainer):
    """A learner still playing version 1 when version 2 is published: what they did in version 1
    must not become where they are in version 2, nor be judged by its pass mark."""
    client, enrolment = playing
    first = scorm_lesson.package
    edit_scorm_lesson(client_for(trainer), scorm_lesson, scorm12_package(title="Bản 2"))
    scorm_lesson.refresh_from_db()

    response = commit(client, scorm_lesson, 1, 1, cmi_12("incomplete", location="trang-9"), package=first.pk)

    assert response.status_code == 409
    assert ScormRecord.objects.get(enrolment=enrolment).saved_seq == 0
    assert commit(client, scorm_lesson, 1, 1, cmi_12(), package=None).status_code == 409


def test_saving_a_course_for_offline_study_starts_no_run(scorm_lesson, learner):
    enrolment = enrol(learner, scorm_lesson.course)

    response = client_for(learner).get(scorm_lesson.url, headers={"X-LMS-Offline-Download": "1"})

    assert response.status_code == 200
    assert not ScormRecord.objects.filter(enrolment=enrolment).exists()


def test_a_run_never_started_is_refused(scorm_lesson, playing):
    client, _enrolment = playing

    assert commit(client, scorm_lesson, 7, 1, cmi_12()).status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        json.dumps([1, 2]),
        json.dumps({"launch": 1, "seq": "1", "cmi": {}}),
        json.dumps({"launch": 1, "seq": 0, "cmi": {}}),
        json.dumps({"launch": True, "seq": 1, "cmi": {}}),
        json.dumps({"launch": 1, "seq": 1, "cmi": "x"}),
        json.dumps({"launch": 1, "seq": 1}),
        "[" * 100_000 + "]" * 100_000,
        '{"launch": 1, "seq": 1, "cmi": {"core": {"score": {"raw": NaN}}}}',
        '{"launch": 1, "seq": 1, "cmi": {}, "elapsed": Infinity}',
    ],
)
def test_unreadable_commits_are_refused_and_change_nothing(scorm_lesson, playing, body):
    client, enrolment = playing

    response = client.post(f"/scorm/lessons/{scorm_lesson.pk}/commit/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]
    assert ScormRecord.objects.get(enrolment=enrolment).saved_seq == 0


def test_a_commit_with_an_unreadable_length_is_refused(scorm_lesson, playing):
    client, enrolment = playing
    body = json.dumps({"launch": 1, "seq": 1, "package": scorm_lesson.package_id, "cmi": cmi_12()})

    response = client.post(
        f"/scorm/lessons/{scorm_lesson.pk}/commit/", body, content_type="application/json", CONTENT_LENGTH="abc"
    )

    assert response.status_code == 400
    assert ScormRecord.objects.get(enrolment=enrolment).saved_seq == 0


def test_a_commit_too_large_is_refused(scorm_lesson, playing):
    client, _enrolment = playing

    response = commit(client, scorm_lesson, 1, 1, cmi_12(suspend="x" * 600_000))

    assert response.status_code == 413


def test_scorm_2004_reads_completion_and_scaled_score(course, trainer, learner):
    add_scorm_lesson(client_for(trainer), course, scorm2004_package(title="Bài 2004", scaled_passing_score=0.6))
    lesson = ScormLessonPage.objects.child_of(course).get()
    enrolment = enrol(learner, course)
    client = client_for(learner)
    config = player_config(client.get(lesson.url))
    assert config["version"] == "2004"
    assert config["cmi"]["scaled_passing_score"] == "0.6"
    assert config["cmi"]["learner_id"] == learner.username

    response = commit(
        client,
        lesson,
        1,
        1,
        {
            "completion_status": "completed",
            "success_status": "unknown",
            "score": {"scaled": "0.75"},
            "session_time": "PT1M30S",
        },
    )

    assert response.json()["done"] is True and response.json()["score"] == "75.0"
    record = ScormRecord.objects.get(enrolment=enrolment)
    assert (record.status, record.success, record.run_seconds) == ("completed", "passed", 90)


def test_the_learners_records_are_in_their_personal_data(scorm_lesson, playing, learner):
    from people import personal_data

    client, _enrolment = playing
    commit(client, scorm_lesson, 1, 1, cmi_12("passed", raw=88))

    exported = personal_data.collect(learner)["scorm_records"]
    assert len(exported) == 1
    assert (exported[0]["lesson"], exported[0]["score"], exported[0]["status"]) == (
        "Tra cứu thư mục số",
        Decimal("88.0"),
        "passed",
    )
    assert exported[0]["cmi"]["core"]["score"]["raw"] == "88"


def test_the_handbook_sends_the_reader_online_for_the_package(scorm_lesson, playing):
    client, _enrolment = playing

    response = client.get(f"/learning/courses/{scorm_lesson.course.pk}/handbook.pdf")

    text = all_text(response.content)
    assert "Tra cứu thư mục số" in text
    assert f"Nội dung của bài học là nội dung tương tác: hãy học trực tuyến: http://localhost{scorm_lesson.url}" in text
