"""The shared cache (staff_lms/page_cache.py): every page stays right the moment a trainer
publishes, moves or unpublishes something, or a learner marks a lesson done, on both cache
backends (the local-memory cache of ``make run`` and Redis of a deployment); and a page that is
only read costs the queries of the learner's own state, not of the site, the route or the
course's outline."""

import os
import uuid

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction, Site

from courses.models import LessonPage
from courses.trainers import set_trainers
from people.models import StaffProfile
from staff_lms import page_cache

from .conftest import clear_cache, client_for, enrol, make_course

REDIS_URL = os.environ.get("REDIS_URL") or os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    """Each test once with each backend; in CI (CI=true, .ci/run starts Redis) a missing Redis
    fails instead of skipping."""
    if request.param == "redis":
        if not redis_answers():
            if os.environ.get("CI"):
                pytest.fail(f"no Redis at {REDIS_URL}")
            pytest.skip(f"no Redis at {REDIS_URL}")
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"lms-test-{uuid.uuid4().hex[:8]}",
            }
        }
    else:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}}
    clear_cache()
    yield request.param
    clear_cache()


@pytest.fixture
def studying(course_index, learner, cache_backend):
    """A course of 4 lessons, the learner enrolled with the first one done."""
    course, lessons = make_course(course_index, 4)
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])
    return course, lessons, client_for(learner)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode() if status == 200 else response


def test_the_backend_is_the_one_configured(cache_backend):
    assert type(caches["default"]).__name__ == {"locmem": "LocMemCache", "redis": "RedisCache"}[cache_backend]


def test_a_lesson_published_shows_at_once(studying, course_index):
    course, lessons, client = studying
    assert "Bài mới về siêu dữ liệu" not in page(client, course.url)  # the outline is now cached

    new = course.add_child(instance=LessonPage(title="Bài mới về siêu dữ liệu", slug="bai-moi", live=False))
    new.save_revision().publish()

    html = page(client, course.url)
    assert "Bài mới về siêu dữ liệu" in html
    assert "5 lessons" in html
    assert "Bài mới về siêu dữ liệu" in page(client, new.url)


def test_a_lesson_unpublished_is_gone_at_once(studying):
    course, lessons, client = studying
    page(client, lessons[2].url)  # routed, and its route cached
    assert lessons[2].title in page(client, course.url)

    lessons[2].unpublish()

    assert lessons[2].title not in page(client, course.url)
    page(client, lessons[2].url, status=404)


def test_a_title_changed_and_published_shows_at_once(studying):
    course, lessons, client = studying
    page(client, lessons[1].url)
    page(client, course.url)

    lesson = LessonPage.objects.get(pk=lessons[1].pk)
    lesson.title = "Quét tài liệu khổ lớn"
    lesson.save_revision().publish()

    assert "Quét tài liệu khổ lớn" in page(client, course.url)
    assert "Quét tài liệu khổ lớn" in page(client, lessons[1].url)


def test_a_draft_is_not_shown_until_published(studying):
    course, lessons, client = studying
    page(client, course.url)

    lesson = LessonPage.objects.get(pk=lessons[1].pk)
    lesson.title = "Bản nháp chưa duyệt"
    lesson.save_revision()

    assert "Bản nháp chưa duyệt" not in page(client, course.url)
    assert "Bản nháp chưa duyệt" not in page(client, lessons[1].url)


def test_a_lesson_moved_answers_at_its_new_address(studying, course_index):
    course, lessons, client = studying
    other, _ = make_course(course_index, 1)
    old_url = lessons[3].url
    page(client, old_url)

    LessonPage.objects.get(pk=lessons[3].pk).move(other, pos="last-child")

    # Wagtail's automatic redirect, which only a 404 at the old address reaches.
    new_url = LessonPage.objects.get(pk=lessons[3].pk).url
    assert page(client, old_url, status=301)["Location"] == new_url
    # Routed to the lesson in its new course, where the learner is not enrolled.
    assert page(client, new_url, status=302)["Location"] == other.url
    assert lessons[3].title not in page(client, course.url)


def test_a_slug_changed_moves_the_address(studying):
    course, lessons, client = studying
    old_url = lessons[2].url
    page(client, old_url)

    lesson = LessonPage.objects.get(pk=lessons[2].pk)
    lesson.slug = "dia-chi-moi"
    lesson.save_revision().publish()

    page(client, old_url, status=404)
    assert lesson.title in page(client, f"{course.url}dia-chi-moi/")


def test_a_course_unpublished_is_gone_at_once(studying):
    course, lessons, client = studying
    page(client, course.url)
    page(client, lessons[0].url)

    course.unpublish()

    page(client, course.url, status=404)
    assert course.title not in page(client, "/")


def test_a_lesson_marked_done_shows_at_once(studying):
    course, lessons, client = studying
    assert "25%" in page(client, course.url)

    response = client.post(reverse("courses:lesson_done", args=[lessons[1].pk]))
    assert response.status_code == 302

    assert "50%" in page(client, course.url)
    assert "You have done this lesson." in page(client, lessons[1].url)


def test_a_trainer_assigned_shows_at_once(studying, trainer, provincial_admin):
    course, lessons, client = studying
    assert "Phạm Minh Giảng" not in page(client, course.url)

    set_trainers(course, [trainer], provincial_admin)

    assert "Phạm Minh Giảng" in page(client, course.url)


def test_a_view_restriction_applies_at_once(studying):
    course, lessons, client = studying
    page(client, lessons[0].url)

    restriction = PageViewRestriction.objects.create(
        page=Page.objects.get(pk=course.pk), restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )
    assert "password" in page(client, lessons[0].url).lower()

    restriction.delete()
    assert lessons[0].title in page(client, lessons[0].url)


def test_a_site_moved_to_another_root_routes_there(studying, course_index):
    course, lessons, client = studying
    page(client, course.url)

    site = Site.objects.get(is_default_site=True)
    site.root_page = Page.objects.get(pk=course.pk)
    site.save()

    # The course is now the site's home page; the catalogue's address no longer routes it.
    assert course.title in page(client, "/")
    assert lessons[0].title in page(client, f"/{lessons[0].slug}/")


def test_sessions_are_kept_in_the_cache(studying, learner):
    course, lessons, client = studying
    page(client, course.url)

    with CaptureQueriesContext(connection) as queries:
        page(client, course.url)

    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_logging_out_ends_the_session_in_the_cache(studying):
    course, lessons, client = studying
    cookie = client.cookies["sessionid"].value
    page(client, lessons[0].url)

    client.post("/accounts/logout/")

    stolen = client_for()
    stolen.cookies["sessionid"] = cookie
    assert stolen.get(lessons[0].url).status_code == 302  # to the login page


# What a page costs once the cache is warm -----------------------------------------------------


def queries_of(client, url):
    assert client.get(url).status_code == 200  # warms the cache
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in context.captured_queries]


def test_a_course_page_asks_only_for_the_learner(studying):
    course, lessons, client = studying

    queries = queries_of(client, course.url)

    # The account, then the enrolment with its lessons done.
    assert len(queries) == 2, "\n".join(queries)
    assert "auth_user" in queries[0] and "courses_enrolment" in queries[1]


def test_a_lesson_page_asks_only_for_the_learner(studying):
    course, lessons, client = studying
    page(client, lessons[1].url)  # the lesson last visited: no UPDATE on the next view

    queries = queries_of(client, lessons[1].url)

    assert len(queries) == 2, "\n".join(queries)
    assert "auth_user" in queries[0] and "courses_enrolment" in queries[1]


def test_a_read_outside_wagtail_loads_neither_session_nor_account(studying, learner):
    course, lessons, client = studying
    assert client.get("/healthz").status_code == 200  # the site of the host name is now cached

    with CaptureQueriesContext(connection) as context:
        assert client.get("/healthz").status_code == 200

    assert [query["sql"] for query in context.captured_queries] == ["SELECT 1"]


def test_a_failing_cache_is_a_miss_for_the_lms(db):
    """What the LMS keeps is built from the database when Redis does not answer (Wagtail's own
    list of sites, read from the same cache, still needs it: docs/DEPLOY.md, "Redis")."""
    nothing_there = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }
    built = []

    with override_settings(CACHES=nothing_there):
        for _ in range(2):
            assert page_cache.cached("outline", lambda: built.append(1) or "built") == "built"
        page_cache.invalidate()

    assert built == [1, 1]


def test_the_generation_changes_with_every_page_saved(course_index, cache_backend):
    before = page_cache.generation()

    make_course(course_index, 1)

    assert page_cache.generation() != before


def test_a_trainer_renamed_shows_at_once_and_a_learner_renamed_costs_nothing(studying, trainer, provincial_admin):
    course, lessons, client = studying
    set_trainers(course, [trainer], provincial_admin)
    assert "Phạm Minh Giảng" in page(client, course.url)
    before = page_cache.generation()

    learner_profile = StaffProfile.objects.get(full_name="Nguyễn Thị Lan")
    learner_profile.position = "Thủ thư"
    learner_profile.save()
    assert page_cache.generation() == before

    trainer.staff_profile.full_name = "Phạm Minh Giảng Viên"
    trainer.staff_profile.save()

    assert "Phạm Minh Giảng Viên" in page(client, course.url)


def test_the_dashboard_follows_lessons_published_and_done(studying):
    course, lessons, client = studying
    assert "25% complete" in page(client, "/learning/")

    client.post(reverse("courses:lesson_done", args=[lessons[1].pk]))
    assert "50% complete" in page(client, "/learning/")

    for slug in ("bai-5", "bai-6", "bai-7", "bai-8"):
        course.add_child(instance=LessonPage(title=f"Bài {slug}", slug=slug, live=False)).save_revision().publish()
    assert "25% complete" in page(client, "/learning/")

    renamed = LessonPage.objects.get(pk=lessons[1].pk)
    renamed.title = "Tiếp tục từ bài đổi tên"
    renamed.save_revision().publish()
    assert "Continue where you left off: Tiếp tục từ bài đổi tên" in page(client, "/learning/")

    course.unpublish()
    assert course.title in page(client, "/learning/")  # the learner's record stays


def test_a_warm_dashboard_asks_only_for_the_learner(studying):
    course, lessons, client = studying

    queries = queries_of(client, "/learning/")

    assert len(queries) == 2, "\n".join(queries)
    assert "auth_user" in queries[0] and "courses_enrolment" in queries[1]
