"""Small fixtures and factory functions shared by the behaviour tests.

Clients made with ``client_for`` ask for English pages (language cookie), so assertions on
the English source strings keep holding once the Vietnamese catalogue is compiled; the i18n
tests use a plain ``Client()`` to check the Vietnamese default.
"""

import itertools

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from django.utils import translation
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from courses.models import CourseIndexPage, CoursePage, CourseTrainer, Enrolment, LessonPage
from people.models import AdministrativeUnit, HRScope, Institution, InstitutionType, StaffProfile
from people.roles import GROUP_NAMES, HR, PROVINCIAL_ADMINS, TRAINERS, role_group


def pytest_collection_modifyitems(items):
    """Mark "serial" the tests that empty the database when they end (transactional ones: a live
    server, threads, backups). ``make test`` runs them after the others, in one process: under
    pytest-xdist the files a worker runs after them would miss what migrations created."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,))
        if transactional or {"transactional_db", "live_server"} & set(item.fixturenames):
            item.add_marker(pytest.mark.serial)


PASSWORD = "Mật-khẩu-thử-2024"

_serial = itertools.count(1)


def clear_cache():
    """Empty the cache: only this process's keys in Redis, which other test runs share."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        if keys := list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000)):
            client.delete(*keys)
    else:
        backend.clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Pages, sites and Wagtail's site root paths are cached; each test builds its own site."""
    clear_cache()
    yield
    clear_cache()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Files the code stores (images, certificate PDFs, handbooks, previewed imports, SCORM
    packages) go to the test's own folder, never the project's."""
    settings.MEDIA_ROOT = tmp_path / "media"
    scorm = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path / "scorm"}}
    settings.STORAGES = {**settings.STORAGES, "scorm": scorm}
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def certificate_keys_dir(tmp_path_factory):
    """One signing key for the whole run, in a folder of the run's own (never the project's)."""
    return tmp_path_factory.mktemp("certificate-keys")


@pytest.fixture(autouse=True)
def certificate_keys(settings, certificate_keys_dir):
    """Certificates are signed with a test key, made on first need (certificates/keys.py)."""
    settings.LMS_CERTIFICATE_KEYS_DIR = certificate_keys_dir
    settings.LMS_CERTIFICATE_KEYS_GENERATE = True
    return certificate_keys_dir


# Site and courses -------------------------------------------------------------------------


@pytest.fixture
def course_index(db):
    """A live course catalogue, made the root of the default site (it answers at "/")."""
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test (browser, concurrency) flushed what Wagtail's migrations made.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(title="Root", slug="root")
    index = root.add_child(instance=CourseIndexPage(title="Khoá học", slug="khoa-hoc", live=True))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": index}
    )
    Site.clear_site_root_paths_cache()
    return index


def make_course(index, n_lessons=4, *, audience=(), draft_lessons=0, trainer=None, **fields):
    """A live course under ``index`` with ``n_lessons`` live lessons (then ``draft_lessons``
    unpublished ones), trained by ``trainer`` if given. Returns ``(course, lessons)``, lessons
    in order, drafts last."""
    n = next(_serial)
    fields.setdefault("title", f"Khoá học số {n}")
    fields.setdefault("slug", f"khoa-hoc-{n}")
    fields.setdefault("summary", "Kỹ năng chuyển đổi số cho viên chức thư viện.")
    fields.setdefault("live", True)
    course = index.add_child(instance=CoursePage(**fields))
    if trainer is not None:
        CourseTrainer.objects.get_or_create(course=course, user=trainer)
    if audience:
        course.audience.set(audience)
        course.save()
    lessons = [
        course.add_child(
            instance=LessonPage(
                title=f"Bài nháp {i:02d}" if i > n_lessons else f"Bài {i:02d}",
                slug=f"bai-{i}",
                live=i <= n_lessons,
                estimated_minutes=10,
                body=[("paragraph", RichText(f"<p>Nội dung của bài học thứ {i}.</p>"))],
            )
        )
        for i in range(1, n_lessons + draft_lessons + 1)
    ]
    return course, lessons


def institution_type(code):
    # get_or_create: a transactional test (browser, concurrency) flushed the migration's rows.
    return InstitutionType.objects.get_or_create(code=code)[0]


# People -------------------------------------------------------------------------------------


def group_named(name):
    """A role's group by the role ("Trainers"), whatever the group is called; any other by name."""
    if name in GROUP_NAMES:
        return role_group(name)
    return Group.objects.get_or_create(name=name)[0]


def make_user(username, groups=(), profile=None, *, password=PASSWORD, **fields):
    """A user with ``password``, member of the named ``groups``; ``profile`` is a dict of
    StaffProfile fields (``full_name`` defaults to the user name)."""
    fields.setdefault("email", f"{username}@example.vn")
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    for name in groups:
        user.groups.add(group_named(name))
    if profile is not None:
        StaffProfile.objects.create(user=user, **{"full_name": username, **profile})
    return user


@pytest.fixture
def units(db):
    """Province → two districts; district A has a commune. One institution in each of
    district A, its commune and district B."""
    province = AdministrativeUnit.objects.create(name="Tỉnh Thái Nguyên", code="tn", level="province")
    district_a = AdministrativeUnit.objects.create(name="Huyện Đại Từ", code="dai-tu", parent=province)
    commune_a = AdministrativeUnit.objects.create(
        name="Xã Hùng Sơn", code="hung-son", level="commune", parent=district_a
    )
    district_b = AdministrativeUnit.objects.create(name="Huyện Phú Lương", code="phu-luong", parent=province)
    library = institution_type("public_library")
    return {
        "province": province,
        "district_a": district_a,
        "commune_a": commune_a,
        "district_b": district_b,
        "library_a": Institution.objects.create(
            name="Thư viện huyện Đại Từ", code="tv-dai-tu", institution_type=library, administrative_unit=district_a
        ),
        "library_commune_a": Institution.objects.create(
            name="Điểm bưu điện văn hoá xã Hùng Sơn",
            code="bdvh-hung-son",
            institution_type=institution_type("post_culture_point"),
            administrative_unit=commune_a,
        ),
        "library_b": Institution.objects.create(
            name="Thư viện huyện Phú Lương",
            code="tv-phu-luong",
            institution_type=library,
            administrative_unit=district_b,
        ),
    }


@pytest.fixture
def learner(db):
    return make_user("lan", profile={"full_name": "Nguyễn Thị Lan"})


@pytest.fixture
def other_learner(db):
    return make_user("hung", profile={"full_name": "Trần Văn Hùng"})


@pytest.fixture
def trainer(db):
    return make_user("giangvien", groups=[TRAINERS], profile={"full_name": "Phạm Minh Giảng"})


@pytest.fixture
def hr(units):
    """HR officer whose scope is district A (and so its commune too)."""
    user = make_user("tccb", groups=[HR], profile={"full_name": "Lê Thu Hà"})
    scope = HRScope.objects.create(user=user)
    scope.administrative_units.add(units["district_a"])
    return user


@pytest.fixture
def provincial_admin(db):
    return make_user("sovhtt", groups=[PROVINCIAL_ADMINS], profile={"full_name": "Hoàng Văn Tỉnh"})


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("quantri", "quantri@example.vn", PASSWORD)


# Clients ----------------------------------------------------------------------------------------


def client_for(user=None, **kwargs):
    """A test client signed in as ``user`` (anonymous when ``None``), asking for English."""
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anon_client(db):
    return client_for()


@pytest.fixture
def learner_client(learner):
    return client_for(learner)


def enrol(user, course, **fields):
    return Enrolment.objects.create(user=user, course=course, **fields)


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Code called directly by a test (models, commands) speaks English, like the clients
    above; each request still gets the language the site middleware picks for it."""
    with translation.override("en"):
        yield
