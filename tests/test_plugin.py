"""The LMS apps install into any existing Wagtail 8 site.

The repository is pip-installed (offline, no build isolation) into a temporary folder,
next to a throw-away Wagtail project written here by hand: the standard INSTALLED_APPS
of ``wagtail start`` plus the nine LMS apps, its own ``base.html`` and its own URLconf.
Everything runs in subprocesses whose import path holds only the installed copy and that
project, so nothing from this checkout (``lms``, ``templates/``, ``static/``) can help.

There a trainer's course with a lesson and a final quiz is enrolled in, completed and
certified, and the completion records and the III.3 report show it; an administrator who prefers
Vietnamese gets Wagtail's admin in it (``wagtail_vi``). The same site served by
a URLconf without the LMS's sign-in views (a host keeping its own login) still works; a second
throw-away project with its own ``reports`` app fails ``manage.py check`` naming it, and one
without ``classes`` stops at startup naming what to add.
"""

import base64
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pypdfium2
import pytest

import staff_lms

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent
APPS = (
    "staff_lms",
    "people",
    "courses",
    "assignments",
    "quizzes",
    "scorm",
    "certificates",
    "classes",
    "reports",
    "wagtail_vi",
)
HOST_MARKER = "HOST-SITE-BASE-WRAPPER"
OVERRIDE_MARKER = "HOST-OVERRIDES-COURSE-PAGE"
INDEX_OVERRIDE_MARKER = "HOST-REPLACES-COURSE-INDEX"
OWN_LOGIN_MARKER = "HOST-OWN-LOGIN-PAGE"
CLASHING_APP_MARKER = "HOST-OWN-REPORTS-APP"
COURSE_TITLE = "Kỹ năng số cho thư viện"
LESSON_TITLE = "Tra cứu mục lục trực tuyến"
LEARNER_NAME = "Nguyễn Thị Lan"

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
# The benchmarks' local output: results, and bench/peer.py's peer (a virtualenv and a site).
BENCH_IGNORE = {"results", ".peer"}


def _not_source(directory, names):
    top = Path(directory) == REPO_ROOT
    bench = Path(directory) == REPO_ROOT / "bench"
    return {
        name
        for name in names
        if name == "__pycache__"
        or name.endswith((".pyc", ".egg-info"))
        or (top and name in TOP_LEVEL_IGNORE)
        or (bench and name in BENCH_IGNORE)
    }


HOST_SETTINGS = """
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "throw-away-host-site"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

# `wagtail start`'s list (minus its demo apps home/search) plus the LMS apps, as README asks.
INSTALLED_APPS = [
    "staff_lms",
    "people",
    "courses",
    "assignments",
    "quizzes",
    "scorm",
    "certificates",
    "classes",
    "reports",
    "wagtail_vi",
    "wagtail.contrib.settings",
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
# Django's own, which the SCORM storage below is added to.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "site@example.com"

# The lines README's "Add to your Wagtail site" asks a host to add.
STORAGES["scorm"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": BASE_DIR / "scorm-packages"},
}
LOGIN_URL = "people_accounts:login"
LOGIN_REDIRECT_URL = "courses:dashboard"
LOGOUT_REDIRECT_URL = "/"
LMS_CERTIFICATE_KEYS_DIR = BASE_DIR / "certificate-keys"
from staff_lms.upload_settings import *  # noqa: E402, F403

WAGTAIL_SITE_NAME = "Some existing site"
WAGTAILADMIN_BASE_URL = "http://localhost"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
"""

# The same site with one LMS app left out: reports needs it.
HOST_SETTINGS_WITHOUT_CLASSES = """
from .settings import *  # noqa: F403

INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "classes"]  # noqa: F405
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
    path("accounts/", include("people.account_urls")),
    path("", include(wagtail_urls)),
]
"""

# A host that keeps its own login: no people.account_urls, a sign-in page of its own.
HOST_URLS_OWN_LOGIN = f"""
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls


def signin(request):
    return HttpResponse("{OWN_LOGIN_MARKER}")


urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("signin/", signin),
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
import base64
import json
import sys

import django

django.setup()

import courses
import people
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core import mail
from django.test import Client, override_settings
from wagtail.models import Page, Site
from wagtail.users.models import UserProfile

from certificates.models import Certificate
from courses.models import CourseIndexPage, CoursePage, CourseTrainer, LessonPage
from people import roles
from people.models import AdministrativeUnit, Institution, InstitutionType, StaffProfile
from quizzes.models import Answer, Attempt, Question, Quiz, QuizQuestion

try:
    import lms  # noqa: F401

    lms_importable = True
except ImportError:
    lms_importable = False

User = get_user_model()


def page(response):
    return [response.status_code, response.content.decode()]


def redirect(response):
    return [response.status_code, response.get("Location", "")]


# A trainer's course: one lesson and a final quiz of one question.
trainer = User.objects.create_user("trainer", "trainer@example.com", "x")
trainer.groups.add(roles.role_group(roles.TRAINERS))
root = Page.get_first_root_node()
index = root.add_child(instance=CourseIndexPage(title="Courses", slug="lms-courses"))
# The site `migrate` created (localhost:80, default) now starts at the catalogue.
Site.objects.update(root_page=index)
course = index.add_child(
    instance=CoursePage(
        title={COURSE_TITLE!r}, slug="digital-skills", summary="Online catalogues and more.", owner=trainer
    )
)
CourseTrainer.objects.get_or_create(course=course, user=trainer)  # the page owner trains it already
lesson = course.add_child(
    instance=LessonPage(
        title={LESSON_TITLE!r},
        slug="opac",
        estimated_minutes=20,
        body=[("paragraph", "<p>Search the OPAC by author.</p>")],
    )
)
question = Question.objects.create(kind=Question.Kind.SINGLE, content="Where do readers search the catalogue?")
right = Answer.objects.create(question=question, content="In the OPAC", correct=True, sort_order=0)
Answer.objects.create(question=question, content="In the stacks", correct=False, sort_order=1)
quiz = Quiz.objects.create(title="Final test", course=course, created_by=trainer)
QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=0)

# A learner on the roster of a library.
unit = AdministrativeUnit.objects.create(name="Some province", code="province", level="province")
library = Institution.objects.create(
    name="Provincial library",
    code="library",
    institution_type=InstitutionType.objects.get_or_create(code="public_library")[0],
    administrative_unit=unit,
)
lan = User.objects.create_user("lan", "lan@example.com", "correct horse")
StaffProfile.objects.create(user=lan, full_name={LEARNER_NAME!r}, institution=library)

anonymous = Client()
course_response = anonymous.get(course.url)
index_response = anonymous.get(index.url)
# Wagtail's stock database search backend, SQLite's FTS5: the catalogue searches the words.
search_response = anonymous.get(index.url, {{"q": 'Kỹ năng số" (thư*'}})
login_response = anonymous.get("/accounts/login/")
dashboard_response = anonymous.get("/learning/")
lesson_anonymous = anonymous.get(lesson.url)

admin = User.objects.create_superuser("admin", "admin@example.com", "x")
staff = Client()
staff.force_login(admin)
lesson_response = staff.get(lesson.url)
admin_response = staff.get("/admin/")
# The site speaks English; an administrator who prefers Vietnamese gets Wagtail's admin in it.
profile = UserProfile.get_for_user(admin)
profile.preferred_language = "vi"
profile.save()
admin_vietnamese = staff.get("/admin/")
admin_script_vietnamese = staff.get("/admin/jsi18n/")

# The learner logs in, enrols, studies the lesson, passes the final quiz and so completes the course.
learner = Client()
login = learner.post("/accounts/login/", {{"username": "lan", "password": "correct horse"}})
enrol = learner.post(f"/learning/courses/{{course.pk}}/enrol/")
studied = learner.get(lesson.url)
done = learner.post(f"/learning/lessons/{{lesson.pk}}/done/", follow=True)
completed_before_quiz = course.enrolments.get(user=lan).is_completed
start = learner.post(f"/quizzes/{{quiz.pk}}/start/")
attempt = Attempt.objects.get(user=lan, quiz=quiz)
answered = learner.post(
    start["Location"],
    {{"question": question.pk, "choice": attempt.choice_token(question.pk, right.pk), "action": "finish"}},
)
submitted = learner.post(answered["Location"])
attempt.refresh_from_db()

certificate = Certificate.objects.get(user=lan, course=course)
learner_dashboard = learner.get("/learning/")
download = learner.get(certificate.download_url)
verify = anonymous.get(certificate.verify_path)
records = staff.get("/admin/completion-records/")
report = staff.get("/admin/training-report/")
account = learner.get("/accounts/")

# The same site served without the LMS's sign-in views, as a host with its own login has it.
with override_settings(ROOT_URLCONF="hostsite.urls_own_login", LOGIN_URL="/signin/"):
    own_course = anonymous.get(course.url)
    own_dashboard = anonymous.get("/learning/")
    own_lms_login = anonymous.get("/accounts/login/")
    own_signin = anonymous.get("/signin/")
    own_account = learner.get("/accounts/")
    own_data = learner.get("/accounts/my-data/")
    own_learner_dashboard = learner.get("/learning/")

logout = learner.post("/accounts/logout/")

json.dump(
    {{
        "files": {{app: sys.modules[app].__file__ for app in {APPS!r}}},
        "lms_importable": lms_importable,
        "sys_path": sys.path,
        "static_css": finders.find("staff_lms/lms.css"),
        "urls": {{"course": course.url, "index": index.url, "lesson": lesson.url}},
        "course": page(course_response),
        "index": page(index_response),
        "search": search_response.status_code,
        "login": page(login_response),
        "dashboard": redirect(dashboard_response),
        "lesson_anonymous": redirect(lesson_anonymous),
        "lesson": page(lesson_response),
        "admin": page(admin_response),
        "admin_vietnamese": page(admin_vietnamese),
        "admin_script_vietnamese": page(admin_script_vietnamese),
        "learner_login": redirect(login),
        "learner_enrol": redirect(enrol),
        "learner_lesson": page(studied),
        "learner_done": page(done),
        "completed_before_quiz": completed_before_quiz,
        "quiz_start": redirect(start),
        "quiz_answered": redirect(answered),
        "quiz_submitted": redirect(submitted),
        "attempt_status": attempt.status,
        "certificate": {{"number": certificate.number, "code": certificate.code, "status": certificate.status}},
        "learner_dashboard": page(learner_dashboard),
        "download": [download.status_code, download["Content-Type"], base64.b64encode(download.content).decode()],
        "verify": page(verify),
        "mail": [[message.to, [name for name, _content, _type in message.attachments]] for message in mail.outbox],
        "records": page(records),
        "report": page(report),
        "account": page(account),
        "own_course": page(own_course),
        "own_dashboard": redirect(own_dashboard),
        "own_lms_login": own_lms_login.status_code,
        "own_signin": page(own_signin),
        "own_account": page(own_account),
        "own_data": [own_data.status_code, own_data["Content-Type"]],
        "own_learner_dashboard": page(own_learner_dashboard),
        "learner_logout": redirect(logout),
    }},
    sys.stdout,
)
"""


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def _run(args, cwd, env=None, timeout=900, expect=0):
    result = subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )
    assert result.returncode == expect, (
        f"{' '.join(map(str, args))} exited {result.returncode}, not {expect}\n"
        f"--- stdout ---\n{result.stdout[-4000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
    )
    return result


def _host_env(*path):
    """The environment of a throw-away project: its import path is ``path`` and nothing of ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "DJANGO", "DATABASE_URL", "WAGTAIL"))
    }
    env.update(
        PYTHONPATH=os.pathsep.join(map(str, path)),
        DJANGO_SETTINGS_MODULE="hostsite.settings",
        PYTHONNOUSERSITE="1",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
    )
    return env


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
    _write(project / "hostsite" / "settings_without_classes.py", HOST_SETTINGS_WITHOUT_CLASSES)
    _write(project / "hostsite" / "urls.py", HOST_URLS)
    _write(project / "hostsite" / "urls_own_login.py", HOST_URLS_OWN_LOGIN)
    _write(project / "templates" / "base.html", HOST_BASE_HTML)
    _write(project / "templates" / "courses" / "course_page.html", HOST_COURSE_PAGE_OVERRIDE)
    _write(project / "templates" / "courses" / "course_index_page.html", HOST_COURSE_INDEX_OVERRIDE)
    _write(project / "scenario.py", SCENARIO)

    env = _host_env(site_packages, project)
    # -P: the script's folder is not put on sys.path; only PYTHONPATH and the
    # interpreter's own site-packages are importable (cwd is the host project anyway).
    python = [sys.executable, "-P"]
    _run([*python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=project, env=env)
    _run([*python, "manage.py", "certificate_keys", "generate"], cwd=project, env=env)
    # The installed apps ship every migration their models need.
    _run([*python, "manage.py", "makemigrations", *APPS, "--check", "--dry-run"], cwd=project, env=env)
    return project, python, env


def test_installed_copy_holds_the_apps_only(site_packages):
    for relative in (
        "staff_lms/templates/staff_lms/base.html",
        "staff_lms/static/staff_lms/lms.css",
        "courses/templates/courses/course_page.html",
        "courses/templates/courses/lesson_page.html",
        "courses/migrations/0001_initial.py",
        "people/templates/people/login.html",
        "people/migrations/0001_initial.py",
        "certificates/locale/vi/LC_MESSAGES/django.mo",
    ):
        assert (site_packages / relative).is_file(), f"{relative} is missing from the installed package"
    for app in APPS:
        assert (site_packages / app / "apps.py").is_file()
    for host_only in ("lms", "tests", "bench", "templates", "static", "locale", "manage.py"):
        assert not (site_packages / host_only).exists(), f"{host_only} must not be installed with the apps"
    # Every module and every template, static or translation file of every app in the
    # checkout is installed.
    source = site_packages.parent / "source"
    missing = []
    for app in APPS:
        for path in (source / app).rglob("*"):
            relative = path.relative_to(source)
            is_data = relative.parts[1] in ("templates", "static", "locale")
            if path.is_file() and (path.suffix == ".py" or is_data) and not (site_packages / relative).is_file():
                missing.append(str(relative))
    assert not missing, f"not installed (see [tool.setuptools] in pyproject.toml): {missing}"
    # The demo content is the host site's (lms/demo/): no app ships any.
    demo = [str(path.relative_to(site_packages)) for app in APPS for path in (site_packages / app).rglob("*demo*")]
    assert not demo, f"demo content installed with the apps: {demo}"


def test_installed_distribution_states_the_version_dependencies_and_licence(site_packages):
    [distribution] = importlib.metadata.distributions(path=[str(site_packages)])
    assert distribution.metadata["Name"] == "wagtail-staff-lms"
    assert distribution.version == staff_lms.__version__
    required = {requirement.split(">")[0].split("<")[0].split("=")[0] for requirement in distribution.requires}
    assert {"django-filter", "django-modelcluster", "tablib", "wagtail", "Django"} <= required
    assert distribution.metadata["License-Expression"] == "BSD-3-Clause"
    assert any(file.name == "LICENSE" for file in distribution.files)


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
    assert f'href="/accounts/login/?next={report["urls"]["course"]}"' in html

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

    # A fresh install names no province: the dashboard asks to fill Settings → Certificates.
    status, html = report["admin"]
    assert status == 200, html[:2000]
    assert "Certificates are not set up yet" in html
    assert 'href="/admin/settings/certificates/certificatesettings/"' in html

    # wagtail_vi, listed before Wagtail's apps, gives the admin its Vietnamese, scripts included.
    status, html = report["admin_vietnamese"]
    assert status == 200 and "<title>Trang tổng quan" in html
    status, script = report["admin_script_vietnamese"]
    assert status == 200 and f'"Collapse all": {json.dumps("Thu gọn tất cả")}' in script


def test_a_learner_completes_a_course_in_a_foreign_wagtail_site(scenario):
    urls = scenario["urls"]
    assert scenario["learner_login"] == [302, "/learning/"]
    assert scenario["learner_enrol"] == [302, urls["lesson"]]
    status, html = scenario["learner_lesson"]
    assert status == 200 and "Search the OPAC by author." in html and HOST_MARKER in html
    status, html = scenario["learner_done"]
    assert status == 200 and COURSE_TITLE in html and HOST_MARKER in html
    assert not scenario["completed_before_quiz"]  # the final quiz is a requirement

    status, location = scenario["quiz_start"]
    assert status == 302 and location.endswith("/questions/1/"), location
    status, location = scenario["quiz_answered"]
    assert status == 302 and location.endswith("/submit/"), location
    assert scenario["quiz_submitted"][0] == 302
    assert scenario["attempt_status"] == "passed"
    assert scenario["learner_logout"] == [302, "/"]


def test_the_completion_is_certified_and_reported_in_a_foreign_wagtail_site(scenario):
    certificate = scenario["certificate"]
    assert certificate["status"] == "valid"

    status, html = scenario["learner_dashboard"]
    assert status == 200 and COURSE_TITLE in html and certificate["number"] in html and HOST_MARKER in html

    status, content_type, pdf = scenario["download"]
    assert (status, content_type) == (200, "application/pdf")
    text = pypdfium2.PdfDocument(base64.b64decode(pdf))[0].get_textpage().get_text_range()
    lines = [line.strip() for line in text.splitlines()]
    assert LEARNER_NAME in lines and COURSE_TITLE in lines
    assert "GIẤY CHỨNG NHẬN" in lines  # printed in Vietnamese whatever the site's language
    assert certificate["code"] in text and "http://localhost/certificates/verify/" in text
    assert "Thái Nguyên" not in text and "THÁI NGUYÊN" not in text  # no demo branding in a plugin

    status, html = scenario["verify"]
    assert status == 200 and LEARNER_NAME in html and certificate["number"] in html and HOST_MARKER in html
    # Numbered in the official form (no abbreviation set in this site), named without its "/".
    assert certificate["number"] == "01/GCN"
    assert scenario["mail"] == [[["lan@example.com"], ["giay-chung-nhan-01-gcn-nguyen-thi-lan.pdf"]]]

    status, html = scenario["records"]
    assert status == 200, html[:2000]
    assert LEARNER_NAME in html and COURSE_TITLE in html and certificate["number"] in html
    status, html = scenario["report"]
    assert status == 200, html[:2000]
    assert f'<th scope="row">{COURSE_TITLE}</th>' in html  # its row in the table by course


def test_the_learners_account_page_links_the_lms_sign_in_views(scenario):
    status, html = scenario["account"]
    assert status == 200 and HOST_MARKER in html
    assert 'href="/accounts/password/"' in html and 'href="/accounts/my-data/"' in html


def test_a_host_with_its_own_login_leaves_the_lms_sign_in_views_out(scenario):
    course_url = scenario["urls"]["course"]
    status, html = scenario["own_course"]
    assert status == 200 and f'href="/signin/?next={course_url}"' in html
    assert scenario["own_dashboard"] == [302, "/signin/?next=/learning/"]
    assert scenario["own_lms_login"] == 404
    status, html = scenario["own_signin"]
    assert status == 200 and OWN_LOGIN_MARKER in html

    # The account page and the personal data stay; the password is the host's business.
    status, html = scenario["own_account"]
    assert status == 200 and 'href="/accounts/my-data/"' in html
    assert "/accounts/password/" not in html
    assert scenario["own_data"] == [200, "application/json; charset=utf-8"]
    status, html = scenario["own_learner_dashboard"]
    assert status == 200 and COURSE_TITLE in html


def test_the_lms_commands_run_and_the_site_passes_its_checks(scenario, host_project):
    project, python, env = host_project
    report = project / "report.pdf"
    _run([*python, "manage.py", "training_report", "--format", "pdf", "--output", str(report)], cwd=project, env=env)
    assert report.read_bytes().startswith(b"%PDF-")

    checked = _run([*python, "manage.py", "check"], cwd=project, env=env)
    assert "staff_lms." not in checked.stdout + checked.stderr
    assert "wagtail_vi." not in checked.stdout + checked.stderr


def test_an_lms_app_installed_without_one_it_needs_stops_the_site_naming_it(host_project):
    project, python, env = host_project
    env = {**env, "DJANGO_SETTINGS_MODULE": "hostsite.settings_without_classes"}

    result = _run([*python, "manage.py", "check"], cwd=project, env=env, expect=1)

    assert "ImproperlyConfigured: The LMS app 'reports' needs 'classes' in INSTALLED_APPS" in result.stderr


@pytest.fixture(scope="module")
def clashing_project(site_packages):
    """A throw-away site with an app of its own called ``reports``, beside the LMS's apps."""
    project = site_packages.parent / "clashing"
    _write(project / "manage.py", MANAGE_PY)
    _write(project / "hostsite" / "__init__.py", "")
    _write(project / "hostsite" / "settings.py", HOST_SETTINGS)
    _write(project / "hostsite" / "urls.py", HOST_URLS)
    _write(project / "reports" / "__init__.py", f'"""{CLASHING_APP_MARKER}"""\n')
    return project, _host_env(site_packages, project)


def test_a_host_app_named_like_an_lms_app_fails_the_check_naming_it(clashing_project):
    project, env = clashing_project

    # As `python manage.py` runs it, the project's folder first on the import path.
    result = _run([sys.executable, "manage.py", "check"], cwd=project, env=env, expect=1)

    assert "staff_lms.E001" in result.stderr
    assert "The app 'reports' in INSTALLED_APPS is not the LMS's 'reports'" in result.stderr
    assert str((project / "reports").resolve()) in result.stderr


def test_a_host_package_hidden_by_an_lms_app_is_named(clashing_project, site_packages):
    project, env = clashing_project

    # The installed apps first on the import path: the LMS's reports hides the project's.
    result = _run([sys.executable, "-P", "manage.py", "check"], cwd=project, env=env)

    assert "staff_lms.W001" in result.stderr
    assert str((project / "reports").resolve()) in result.stderr
