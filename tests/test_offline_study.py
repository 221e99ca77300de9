"""Studying offline on a phone, as the server sees it: the installable app's manifest, the service
worker at the site's root, which pages it may keep (an enrolled learner's, named by a key of the
account), the offline page, the "Mark as done" answer the phone's queue asks for, and the course
page's download button. The browser side is tests/e2e/test_offline_study.py."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

from courses.models import LessonCompletion
from staff_lms import offline

from .conftest import client_for, enrol, make_course

HEADER = "X-LMS-Offline"


@pytest.mark.django_db
def test_the_manifest_installs_the_site_under_its_vietnamese_name(settings):
    settings.WAGTAIL_SITE_NAME = "Học tập suốt đời - Thái Nguyên"
    response = Client().get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Học tập suốt đời - Thái Nguyên"
    assert manifest["short_name"] == "Học tập"
    assert manifest["lang"] == "vi"
    assert manifest["start_url"] == "/learning/" and manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5394"
    icons = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert icons == {("192x192", "any"), ("192x192", "maskable"), ("512x512", "any"), ("512x512", "maskable")}
    for icon in manifest["icons"]:
        size = int(icon["sizes"].split("x")[0])
        with Image.open(finders.find(icon["src"].removeprefix(settings.STATIC_URL))) as image:
            assert image.size == (size, size) and image.format == "PNG"


@pytest.mark.django_db
def test_every_lms_page_links_the_manifest_and_the_offline_script():
    page = Client().get("/khong-co-trang-nay/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert "staff_lms/offline.js" in page
    assert '<script id="lms-offline" type="application/json">' in page


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root_and_loads_workbox_locally():
    response = Client().get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript"
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    worker = response.content.decode()
    for module in ("workbox-core", "workbox-routing", "workbox-strategies", "workbox-precaching"):
        assert f"/static/staff_lms/vendor/workbox/{module}.prod.js" in worker
    assert "https://" not in worker  # no CDN
    assert '"offlineUrl": "/offline/"' in worker
    assert '"documentsPrefix": "/documents/"' in worker
    assert '"/admin/"' in worker and '"/django-admin/"' in worker  # never answered by the worker


@pytest.mark.django_db
def test_the_worker_knows_every_logout_and_the_caches_it_shares_with_the_pages():
    worker = Client().get("/sw.js").content.decode()
    page = Client().get("/khong-co-trang-nay/").content.decode()

    # The site's, Wagtail admin's and Django admin's: each deletes the kept pages.
    assert '"logoutPaths": ["/accounts/logout/", "/admin/logout/", "/django-admin/logout/"]' in worker
    caches = '"caches": {"private": "lms-private-", "meta": "lms-offline-meta"}'
    assert caches in worker and caches in page
    assert f'<meta name="theme-color" content="{offline.THEME_COLOR}">' in page


@pytest.mark.django_db
def test_the_worker_keeps_the_public_pages_a_host_names(settings):
    settings.LMS_OFFLINE_PUBLIC_URLS = ["/certificates/offline-verifier/"]

    worker = Client().get("/sw.js").content.decode()

    assert '"url": "/certificates/offline-verifier/"' in worker


def test_vendored_workbox_has_its_licence_and_version_and_no_source_maps():
    from pathlib import Path

    folder = Path(offline.__file__).parent / "static" / "staff_lms" / "vendor" / "workbox"
    assert (folder / "LICENSE").read_text().startswith("Copyright")
    assert (folder / "VERSION").read_text().strip().startswith("7.")
    for module in offline.WORKBOX_MODULES:
        assert "sourceMappingURL" not in (folder / f"{module}.prod.js").read_text()


@pytest.mark.django_db
def test_the_offline_page_says_so_in_vietnamese_and_names_nobody():
    response = Client().get("/offline/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Không có kết nối mạng" in page
    assert "Bài kiểm tra" in page  # quizzes need a connection
    assert "csrfmiddlewaretoken" not in page and "lms-offline" not in page


def test_enrolled_learner_pages_are_kept_under_their_own_key(course_index, learner, other_learner):
    course, lessons = make_course(course_index, n_lessons=2)
    enrol(learner, course)
    enrol(other_learner, course)

    mine = client_for(learner)
    key = mine.get(lessons[0].url)[HEADER]
    assert key == offline.user_key(learner) != offline.user_key(other_learner)
    assert str(learner.pk) != key and learner.username not in key
    assert mine.get(course.url)[HEADER] == key
    assert mine.get(reverse("courses:dashboard"))[HEADER] == key
    assert client_for(other_learner).get(lessons[0].url)[HEADER] == offline.user_key(other_learner)


def test_pages_not_for_keeping_carry_no_key(course_index, learner, trainer):
    course, lessons = make_course(course_index, n_lessons=1, trainer=trainer)

    assert HEADER not in Client().get(course.url)  # a visitor
    assert HEADER not in client_for(learner).get(course.url)  # not enrolled
    assert HEADER not in client_for(trainer).get(lessons[0].url)  # a trainer's preview
    assert HEADER not in Client().get("/offline/")


def test_saving_a_course_for_offline_is_no_visit(course_index, learner):
    course, lessons = make_course(course_index, n_lessons=2)
    enrolment = enrol(learner, course)

    response = client_for(learner).get(lessons[1].url, headers={"X-LMS-Offline-Download": "1"})

    assert response[HEADER]
    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id is None


def test_course_page_offers_the_download_to_enrolled_learners_only(course_index, learner, other_learner):
    course, _lessons = make_course(course_index, n_lessons=2)
    enrol(learner, course)

    vietnamese = Client()
    vietnamese.force_login(learner)

    assert "Tải về để học offline" in vietnamese.get(course.url).text
    assert "data-offline-download" in client_for(learner).get(course.url).text
    assert "data-offline-download" not in client_for(other_learner).get(course.url).text


def test_the_state_gives_the_signed_in_key_and_a_fresh_token(learner):
    client = Client(enforce_csrf_checks=True)
    assert json.loads(client.get("/offline/state/").content)["user"] == ""

    client.force_login(learner)
    response = client.get("/offline/state/")

    state = json.loads(response.content)
    assert state["user"] == offline.user_key(learner)
    assert state["csrfToken"]
    assert "no-cache" in response["Cache-Control"]


def test_a_queued_click_is_recorded_once_with_a_fresh_token(course_index, learner):
    course, lessons = make_course(course_index, n_lessons=3)
    enrolment = enrol(learner, course)
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    token = json.loads(client.get("/offline/state/").content)["csrfToken"]
    url = reverse("courses:lesson_done", args=[lessons[0].pk])

    answers = [
        client.post(url, {"csrfmiddlewaretoken": token}, headers={"Accept": "application/json"}) for _ in range(2)
    ]

    assert [answer.status_code for answer in answers] == [200, 200]
    assert json.loads(answers[0].content) == {"done": True, "next": lessons[1].url, "progress": 33}
    assert LessonCompletion.objects.filter(enrolment=enrolment).count() == 1


def test_a_queued_click_without_a_session_is_sent_to_log_in(course_index, learner):
    _course, lessons = make_course(course_index, n_lessons=1)

    response = Client().post(
        reverse("courses:lesson_done", args=[lessons[0].pk]), headers={"Accept": "application/json"}
    )

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_queued_click_refused_says_why(course_index, learner):
    _course, lessons = make_course(course_index, n_lessons=1)  # not enrolled

    response = client_for(learner).post(
        reverse("courses:lesson_done", args=[lessons[0].pk]), headers={"Accept": "application/json"}
    )

    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "Enrol in the course to study its lessons."}
    assert not LessonCompletion.objects.exists()
