"""The LMS apps install into any existing Wagtail 8 site.

The repository is pip-installed (offline, no build isolation) into a temporary folder,
next to a throw-away Wagtail project written here by hand: the standard INSTALLED_APPS
of ``wagtail start`` plus ``people`` and ``courses``, its own ``base.html`` and its own
URLconf. Everything runs in subprocesses whose import path holds only the installed
copy and that project, so nothing from this checkout (``lms``, ``templates/``,
``static/``) can help.
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
APPS = ("staff_lms", "people", "courses")
PLUGIN_APPS = ("staff_lms", "people", "courses", "assignments", "quizzes", "certificates", "classes", "reports")
HOST_MARKER = "HOST-SITE-BASE-WRAPPER"
OVERRIDE_MARKER = "HOST-OVERRIDES-COURSE-PAGE"
INDEX_OVERRIDE_MARKER = "HOST-REPLACES-COURSE-INDEX"
COURSE_TITLE = "Kỹ năng số cho thư viện"
LESSON_TITLE = "Tra cứu mục lục trực tuyến"

# What a checkout may hold that is not source: never copied into the build folder.
TOP_LEVEL_IGNORE = {
    ".git",
    ".venv",
    "venv",
    "node_modules",
    "build",
    "dist",
    ".pytest_cache",
    ".ruff_cache",
    "media",
    ".test-media",
    "staticfiles",
    "db.sqlite3",
}


def _not_source(directory, names):
    top = Path(directory) == REPO_ROOT
    return {
        name
        for name in names
        if name == "__pycache__" or name.endswith((".pyc", ".egg-info")) or (top and name in TOP_LEVEL_IGNORE)
    }


HOST_SETTINGS = """
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "throw-away-host-site"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

# `wagtail start`'s list (minus its demo apps home/search) plus the two LMS apps.
INSTALLED_APPS = [
    "staff_lms",
    "people",
    "courses",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "hostsite.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "host.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static-root"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

# The three lines README's "Add to your Wagtail site" asks a host to add.
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "courses:dashboard"
LOGOUT_REDIRECT_URL = "/"

WAGTAIL_SITE_NAME = "Some existing site"
WAGTAILADMIN_BASE_URL = "http://localhost"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
"""

HOST_URLS = """
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("courses.urls")),
    path("", include(wagtail_urls)),
]
"""

HOST_BASE_HTML = f"""<!DOCTYPE html>
<html><head><title>{{% block title %}}{{% endblock %}} | Some existing site</title></head>
<body><p>{HOST_MARKER}</p>{{% block content %}}{{% endblock %}}</body></html>
"""

# Overrides in the host's templates dir: one extends the packaged template of the same
# name and changes one block, the other replaces the packaged template entirely.
HOST_COURSE_PAGE_OVERRIDE = f"""{{% extends "courses/course_page.html" %}}
{{% block title %}}{OVERRIDE_MARKER} {{{{ page.title }}}}{{% endblock %}}
"""
HOST_COURSE_INDEX_OVERRIDE = f"""{{% extends "base.html" %}}
{{% block content %}}<h1>{INDEX_OVERRIDE_MARKER}</h1>{{% endblock %}}
"""

MANAGE_PY = """
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""

# Runs inside the host project; prints one JSON object for the test to check.
SCENARIO = f"""
import json
import sys

import django

django.setup()

import courses
import people
from django.contrib.auth import get_user_model
from django.contrib.staticfiles import finders
from django.test import Client
from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage, LessonPage

try:
    import lms  # noqa: F401

    lms_importable = True
except ImportError:
    lms_importable = False

root = Page.get_first_root_node()
index = root.add_child(instance=CourseIndexPage(title="Courses", slug="lms-courses"))
# The site `migrate` created (localhost:80, default) now starts at the catalogue.
Site.objects.update(root_page=index)
course = index.add_child(
    instance=CoursePage(title={COURSE_TITLE!r}, slug="digital-skills", summary="Online catalogues and more.")
)
lesson = course.add_child(
    instance=LessonPage(
        title={LESSON_TITLE!r},
        slug="opac",
        estimated_minutes=20,
        body=[("paragraph", "<p>Search the OPAC by author.</p>")],
    )
)

anonymous = Client()
course_response = anonymous.get(course.url)
index_response = anonymous.get(index.url)
# Wagtail's stock database search backend, SQLite's FTS5: the catalogue searches the words.
search_response = anonymous.get(index.url, {{"q": 'Kỹ năng số" (thư*'}})
login_response = anonymous.get("/accounts/login/")
dashboard_response = anonymous.get("/learning/")
lesson_anonymous = anonymous.get(lesson.url)

admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "x")
staff = Client()
staff.force_login(admin)
lesson_response = staff.get(lesson.url)
admin_response = staff.get("/admin/")

# A learner logs in, enrols, studies the only lesson and so completes the course.
get_user_model().objects.create_user("lan", "lan@example.com", "correct horse")
learner = Client()
login = learner.post("/accounts/login/", {{"username": "lan", "password": "correct horse"}})
enrol = learner.post(f"/learning/courses/{{course.pk}}/enrol/")
studied = learner.get(lesson.url)
done = learner.post(f"/learning/lessons/{{lesson.pk}}/done/", follow=True)
dashboard = learner.get("/learning/")
logout = learner.post("/accounts/logout/")

json.dump(
    {{
        "files": {{"courses": courses.__file__, "people": people.__file__}},
        "lms_importable": lms_importable,
        "sys_path": sys.path,
        "static_css": finders.find("staff_lms/lms.css"),
        "urls": {{"course": course.url, "index": index.url, "lesson": lesson.url}},
        "course": [course_response.status_code, course_response.content.decode()],
        "index": [index_response.status_code, index_response.content.decode()],
        "search": search_response.status_code,
        "login": [login_response.status_code, login_response.content.decode()],
        "dashboard": [dashboard_response.status_code, dashboard_response.get("Location", "")],
        "lesson_anonymous": [lesson_anonymous.status_code, lesson_anonymous.get("Location", "")],
        "lesson": [lesson_response.status_code, lesson_response.content.decode()],
        "admin": [admin_response.status_code, admin_response.content.decode()],
        "learner_login": [login.status_code, login.get("Location", "")],
        "learner_enrol": [enrol.status_code, enrol.get("Location", "")],
        "learner_lesson": [studied.status_code, studied.content.decode()],
        "learner_done": [done.status_code, done.content.decode()],
        "learner_dashboard": [dashboard.status_code, dashboard.content.decode()],
        "learner_logout": [logout.status_code, logout.get("Location", "")],
    }},
    sys.stdout,
)
"""


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def _run(args, cwd, env=None, timeout=120):
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, args))} failed ({result.returncode})\n"
        f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    )
    return result


@pytest.fixture(scope="module")
def site_packages(tmp_path_factory):
    """The repository pip-installed, offline and without build isolation, into a temp folder."""
    if importlib.util.find_spec("pip") is None:
        pytest.skip(f"pip is not installed for {sys.executable}; cannot pip-install the plugin")
    base = tmp_path_factory.mktemp("plugin")
    # Build from a copy: setuptools builds in the source tree (build/, *.egg-info), which
    # would litter the checkout and could pick up stale files from an earlier build/.
    source = base / "source"
    shutil.copytree(REPO_ROOT, source, ignore=_not_source)
    target = base / "site-packages"
    env = {**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    env.pop("PIP_REQUIRE_VIRTUALENV", None)
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--no-cache-dir",
            "--target",
            str(target),
            str(source),
        ],
        cwd=base,
        env=env,
        timeout=60,
    )
    return target


@pytest.fixture(scope="module")
def host_project(site_packages):
    """A throw-away Wagtail site using the installed apps, migrated."""
    project = site_packages.parent / "host"
    _write(project / "manage.py", MANAGE_PY)
    _write(project / "hostsite" / "__init__.py", "")
    _write(project / "hostsite" / "settings.py", HOST_SETTINGS)
    _write(project / "hostsite" / "urls.py", HOST_URLS)
    _write(project / "templates" / "base.html", HOST_BASE_HTML)
    _write(project / "templates" / "courses" / "course_page.html", HOST_COURSE_PAGE_OVERRIDE)
    _write(project / "templates" / "courses" / "course_index_page.html", HOST_COURSE_INDEX_OVERRIDE)
    _write(project / "scenario.py", SCENARIO)

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "DJANGO", "DATABASE_URL", "WAGTAIL"))
    }
    env.update(
        PYTHONPATH=os.pathsep.join([str(site_packages), str(project)]),
        DJANGO_SETTINGS_MODULE="hostsite.settings",
        PYTHONNOUSERSITE="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
    )
    # -P: the script's folder is not put on sys.path; only PYTHONPATH and the
    # interpreter's own site-packages are importable (cwd is the host project anyway).
    python = [sys.executable, "-P"]
    _run([*python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=project, env=env)
    # The installed apps ship every migration their models need.
    _run([*python, "manage.py", "makemigrations", *APPS, "--check", "--dry-run"], cwd=project, env=env)
    return project, python, env


def test_installed_copy_holds_the_apps_only(site_packages):
    for relative in (
        "courses/templates/courses/course_page.html",
        "courses/templates/courses/lesson_page.html",
        "staff_lms/static/staff_lms/lms.css",
        "courses/migrations/0001_initial.py",
        "people/templates/people/login.html",
        "people/migrations/0001_initial.py",
    ):
        assert (site_packages / relative).is_file(), f"{relative} is missing from the installed package"
    for app in APPS:
        assert (site_packages / app / "apps.py").is_file()
    for app in ("people", "courses"):
        assert (site_packages / app / "migrations" / "__init__.py").is_file()
    for host_only in ("lms", "tests", "bench", "templates", "static", "locale", "manage.py"):
        assert not (site_packages / host_only).exists(), f"{host_only} must not be installed with the apps"
    # Every module and every template, static or translation file of every app in the
    # checkout is installed.
    source = site_packages.parent / "source"
    missing = []
    for app in PLUGIN_APPS:
        if not (source / app / "__init__.py").is_file():
            continue
        for path in (source / app).rglob("*"):
            relative = path.relative_to(source)
            is_data = relative.parts[1] in ("templates", "static", "locale")
            if path.is_file() and (path.suffix == ".py" or is_data) and not (site_packages / relative).is_file():
                missing.append(str(relative))
    assert not missing, f"not installed (see [tool.setuptools] in pyproject.toml): {missing}"
    # The demo content is the host site's (lms/demo/): no app ships any.
    demo = [
        str(path.relative_to(site_packages)) for app in PLUGIN_APPS for path in (site_packages / app).rglob("*demo*")
    ]
    assert not demo, f"demo content installed with the apps: {demo}"


@pytest.fixture(scope="module")
def scenario(host_project):
    """What scenario.py saw, run once in the throw-away site."""
    project, python, env = host_project
    return json.loads(_run([*python, "scenario.py"], cwd=project, env=env).stdout)


def test_apps_serve_pages_in_a_foreign_wagtail_site(scenario, site_packages):
    report = scenario

    # The apps came from the installed copy, and the checkout is not importable.
    for app, path in report["files"].items():
        assert Path(path).is_relative_to(site_packages), f"{app} imported from {path}, not the installed copy"
    assert not report["lms_importable"], f"the host site package lms/ is importable: {report['sys_path']}"
    assert not any(Path(p).resolve() == REPO_ROOT for p in report["sys_path"] if p), report["sys_path"]
    assert report["static_css"] and Path(report["static_css"]).is_relative_to(site_packages)

    status, html = report["course"]
    assert status == 200, html[:2000]
    assert COURSE_TITLE in html
    assert LESSON_TITLE in html  # the lesson list of the packaged template
    assert HOST_MARKER in html, "courses/course_page.html must extend the host's base.html"
    assert OVERRIDE_MARKER in html, "the host's templates/courses/course_page.html must take precedence"

    status, html = report["index"]
    assert status == 200, html[:2000]
    assert INDEX_OVERRIDE_MARKER in html and HOST_MARKER in html
    assert report["search"] == 200  # a quote and search syntax, with the host's own search backend

    status, html = report["login"]
    assert status == 200, html[:2000]
    assert HOST_MARKER in html, "people/login.html must extend the host's base.html"
    assert 'name="password"' in html

    status, location = report["dashboard"]
    assert (status, location) == (302, "/accounts/login/?next=/learning/")
    status, location = report["lesson_anonymous"]
    assert status == 302 and location.startswith("/accounts/login/"), (status, location)

    status, html = report["lesson"]
    assert status == 200, html[:2000]
    assert LESSON_TITLE in html and "Search the OPAC by author." in html and HOST_MARKER in html

    status, html = report["admin"]
    assert status == 200, html[:2000]


def test_a_learner_completes_a_course_in_a_foreign_wagtail_site(scenario):
    urls = scenario["urls"]
    assert scenario["learner_login"] == [302, "/learning/"]
    assert scenario["learner_enrol"] == [302, urls["lesson"]]
    status, html = scenario["learner_lesson"]
    assert status == 200 and "Search the OPAC by author." in html and HOST_MARKER in html
    status, html = scenario["learner_done"]
    assert status == 200 and COURSE_TITLE in html and HOST_MARKER in html
    status, html = scenario["learner_dashboard"]
    assert status == 200 and COURSE_TITLE in html and HOST_MARKER in html
    assert scenario["learner_logout"] == [302, "/"]
