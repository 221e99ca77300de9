#!/usr/bin/env python
"""Against the peer: our learner pages and wagtail-lms 0.11.1's, side by side in one run.

    .venv/bin/python bench/peer.py             # or: make bench-peer
    .venv/bin/python bench/peer.py --rounds 5 --duration 8 --check

wagtail-lms (https://pypi.org/project/wagtail-lms/) is the other Wagtail LMS plugin on PyPI.
What this does, all on this machine (loopback only):

1. builds the peer in its own virtualenv, ``bench/.peer/venv`` (not committed; reused while
   it holds the same requirements): ``pip install wagtail-lms==0.11.1 gunicorn psycopg[binary]``,
   with whatever Django and Wagtail that pulls. No code of the peer's is in this repository;
2. generates the peer's site in ``bench/.peer/site`` (afresh every run): ``wagtail start``
   (Wagtail's own new-site template: its home page and ``base.html``, which wagtail-lms's
   templates extend), settings written here (DEBUG off, Django's default startproject
   middleware, wagtail-lms in INSTALLED_APPS as its README says, PostgreSQL in a throw-away
   database, persistent connections as ours), URLs with Django's login view, wagtail-lms's
   URLs and the bare view ``HttpResponse("ok")``: Django's bare floor;
3. our site as bench/pages.py has it (fresh database, ``migrate``, ``seed_demo``, the
   ``bench.minimal`` page, ``bench.settings``), with the demo learner's part-way course made
   8 lessons long (the missing ones are copies of its lessons) and 3 of them done;
4. the peer's course shaped the same: a course page with 8 H5P lesson pages carrying our
   lessons' text (headings, paragraphs and notes as rich text; images left out) and one H5P
   activity each, a learner who enrolled through the peer's enrol URL and completed the first
   three lessons the way its player does (an xAPI "completed" statement for each lesson's
   activity, which records the peer's ``H5PLessonCompletion``);
5. both sites served at once by gunicorn (2 sync workers each), each learner logged in through
   the login form; every URL measured with wrk (4 connections) after a warm-up, in rounds
   that alternate between the sites (ours, then the peer's matching page; every second round
   in reverse order), with the server CPU time per request (gunicorn workers + their
   PostgreSQL backends);
6. prints per page req/s, p50/p95 and server CPU ms per request, and the goals of issue 15 as
   ratios taken within each round (median over rounds), by requests/s and by server CPU per
   request; writes JSON to ``bench/results/``; stops both servers and drops both databases,
   also on failure.

``--check`` exits 1 when a goal is not met by either measure. See docs/BENCHMARKS.md.
"""

import argparse
import contextlib
import html
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixtures import demo_pages
from bench.harness import (
    PASSWORD,
    PG_HOST,
    PG_PORT,
    PG_USER,
    ROOT,
    bench_database,
    cookie_header,
    default_client,
    free_port,
    get,
    gunicorn,
    log,
    login,
    markdown_table,
    measure_rounds,
    migrate_and_seed,
    print_rounds,
    scratch_database,
    summarize,
)

PEER_REQUIREMENTS = ["wagtail-lms==0.11.1", "gunicorn", "psycopg[binary]"]
PEER_DIR = ROOT / "bench" / ".peer"
VENV, SITE = PEER_DIR / "venv", PEER_DIR / "site"
PEER_PYTHON = VENV / "bin" / "python"
LEARNER = "learner"
LESSONS, DONE = 8, 3  # the course's shape on both sides
XAPI_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"

OURS_BARE, OURS_MINIMAL = "ours: bare view", "ours: minimal Wagtail page"
OURS_SIGNED_IN = "ours: minimal page, signed in"
OURS_COURSE, OURS_LESSON, OURS_DASHBOARD = "ours: course page", "ours: lesson page", "ours: dashboard"
PEER_BARE, PEER_HOME = "peer: bare view (Django's floor)", "peer: home page"
PEER_COURSE, PEER_LESSON = "peer: course page", "peer: lesson page"

# (what, numerator, denominator, at least); ratios of requests/s, or the inverse ratio of
# server CPU per request, taken within each round. None: shown, no goal.
GOALS = [
    ("ours course ÷ peer course", OURS_COURSE, PEER_COURSE, 1.5),
    ("ours lesson ÷ peer lesson", OURS_LESSON, PEER_LESSON, 1.5),
    ("ours dashboard ÷ peer course", OURS_DASHBOARD, PEER_COURSE, 1.5),
    ("ours course ÷ our minimal Wagtail page", OURS_COURSE, OURS_MINIMAL, 0.9),
    ("ours lesson ÷ our minimal Wagtail page", OURS_LESSON, OURS_MINIMAL, 0.9),
    ("ours dashboard ÷ our minimal Wagtail page", OURS_DASHBOARD, OURS_MINIMAL, 0.9),
    ("our bare view ÷ Django's bare floor", OURS_BARE, PEER_BARE, 1 / 1.5),
    ("our minimal Wagtail page ÷ peer home page", OURS_MINIMAL, PEER_HOME, None),
    # The plain minimal page never reads the session or the account; a learner's page must.
    ("ours course ÷ minimal page, signed in", OURS_COURSE, OURS_SIGNED_IN, None),
    ("ours lesson ÷ minimal page, signed in", OURS_LESSON, OURS_SIGNED_IN, None),
    ("ours dashboard ÷ minimal page, signed in", OURS_DASHBOARD, OURS_SIGNED_IN, None),
]


# The peer: build, site, data -----------------------------------------------------------------


def build_peer(rebuild=False):
    """The peer's virtualenv, built once and reused while it holds ``PEER_REQUIREMENTS``."""
    stamp = VENV / "bench-requirements.txt"
    wanted = "\n".join(PEER_REQUIREMENTS) + "\n"
    if not rebuild and PEER_PYTHON.exists() and stamp.exists() and stamp.read_text() == wanted:
        log(f"peer: reusing {VENV.relative_to(ROOT)}")
        return
    log(f"peer: building {VENV.relative_to(ROOT)}: pip install {' '.join(PEER_REQUIREMENTS)} ...")
    shutil.rmtree(VENV, ignore_errors=True)
    PEER_DIR.mkdir(exist_ok=True)
    run([sys.executable, "-m", "venv", str(VENV)], timeout=300)
    run(
        [str(PEER_PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *PEER_REQUIREMENTS],
        timeout=900,
    )
    stamp.write_text(wanted)


def peer_versions():
    code = (
        "import json, importlib.metadata as m, sys; print(json.dumps({n: m.version(n) for n in "
        "('wagtail-lms', 'wagtail', 'Django', 'gunicorn', 'psycopg')} | {'Python': sys.version.split()[0]}))"
    )
    return json.loads(run([str(PEER_PYTHON), "-c", code], timeout=60))


PEER_SETTINGS = '''"""The peer site's settings, written by bench/peer.py: production-like (DEBUG off, so Django's
cached template loader; persistent connections as bench.settings has them), Django's default
startproject middleware, the apps of Wagtail's new-site template and wagtail-lms."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = "peer-bench-only-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "home",
    "wagtail_lms",
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
]

ROOT_URLCONF = "peersite.urls_bench"
WSGI_APPLICATION = "peersite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
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

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["PEER_DATABASE"],
        "HOST": "__PG_HOST__",
        "PORT": "__PG_PORT__",
        "USER": "__PG_USER__",
        "CONN_MAX_AGE": 600,
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ["MEDIA_ROOT"]

WAGTAIL_SITE_NAME = "peer"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
'''

PEER_URLS = '''"""The peer site's URLs, written by bench/peer.py."""

from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls


def bare(request):
    """Django's bare floor: the default middleware and URL resolving, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("accounts/login/", auth_views.LoginView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("lms/", include("wagtail_lms.urls")),
    path("", include(wagtail_urls)),
]
'''

PEER_LOGIN_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Log in</title></head>
<body><form method="post">{% csrf_token %}{{ form.as_p }}<button type="submit">Log in</button></form></body>
</html>
"""

PEER_SEED = '''"""Written by bench/peer.py: the peer's course from a JSON description, as an editor would build
it (a course page, its H5P lesson pages, one H5P activity each) and the learner's account.
Prints the URLs and ids as JSON."""

import io
import json
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from wagtail.models import Site

from wagtail_lms.models import CoursePage, H5PActivity, H5PLessonPage


def h5p_package(title):
    """A small self-contained .h5p file (h5p.json, content, one library folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("h5p.json", json.dumps({
            "title": title, "language": "en", "mainLibrary": "H5P.Text", "embedTypes": ["div"],
            "preloadedDependencies": [{"machineName": "H5P.Text", "majorVersion": 1, "minorVersion": 1}],
        }))
        package.writestr("content/content.json", json.dumps({"text": "<p>" + title + "</p>"}))
        package.writestr("H5P.Text-1.1/library.json", json.dumps({
            "title": "Text", "machineName": "H5P.Text", "majorVersion": 1, "minorVersion": 1,
            "patchVersion": 0, "runnable": 1, "preloadedJs": [{"path": "text.js"}],
        }))
        package.writestr("H5P.Text-1.1/text.js", "var H5P = H5P || {};")
    return buffer.getvalue()


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("description")

    def handle(self, description, **options):
        with open(description, encoding="utf-8") as source:
            spec = json.load(source)
        get_user_model().objects.create_user(spec["username"], password=spec["password"])
        home = Site.objects.get(is_default_site=True).root_page
        course = home.add_child(
            instance=CoursePage(title=spec["title"], slug=spec["slug"], description=spec["description"])
        )
        lessons = []
        for number, lesson in enumerate(spec["lessons"], 1):
            activity = H5PActivity(title="Activity: " + lesson["title"])
            activity.package_file.save(f"lesson-{number}.h5p", ContentFile(h5p_package(activity.title)), save=False)
            activity.save()
            body = [{"type": "paragraph", "value": block} for block in lesson["blocks"]]
            body.append({"type": "h5p_activity", "value": {"activity": activity.pk}})
            page = course.add_child(
                instance=H5PLessonPage(title=lesson["title"], slug=lesson["slug"], body=json.dumps(body))
            )
            lessons.append({"path": page.url, "title": page.title, "activity": activity.pk})
        urls = {"home": home.url, "course": course.url, "course_id": course.pk, "lessons": lessons}
        self.stdout.write(json.dumps(urls))
'''


PEER_COUNT_QUERIES = '''"""Written by bench/peer.py: the queries of one request to each path, in-process (Django's test
client, the learner logged in), after one request to warm the caches. Prints JSON."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("paths", nargs="+")

    def handle(self, username, paths, **options):
        client = Client(SERVER_NAME="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=username))
        counts = {}
        for path in paths:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            counts[path] = len(queries)
        self.stdout.write(json.dumps(counts))
'''


def run(command, timeout, env=None, cwd=None):
    """A bounded subprocess; its output on failure."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    except subprocess.TimeoutExpired as timed_out:
        raise SystemExit(f"{' '.join(command)}: no answer within {timeout} s") from timed_out
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


def generate_site():
    """The peer's site, afresh: Wagtail's new-site template, then our settings, URLs, login
    template and seeding command."""
    shutil.rmtree(SITE, ignore_errors=True)
    SITE.mkdir(parents=True)
    run([str(VENV / "bin" / "wagtail"), "start", "peersite", str(SITE)], timeout=120)
    settings = PEER_SETTINGS.replace("__PG_HOST__", PG_HOST).replace("__PG_PORT__", str(PG_PORT))
    (SITE / "peersite" / "settings" / "bench.py").write_text(settings.replace("__PG_USER__", PG_USER))
    (SITE / "peersite" / "urls_bench.py").write_text(PEER_URLS)
    (SITE / "peersite" / "templates" / "registration").mkdir()
    (SITE / "peersite" / "templates" / "registration" / "login.html").write_text(PEER_LOGIN_TEMPLATE)
    commands = SITE / "home" / "management" / "commands"
    commands.mkdir(parents=True)
    (commands.parent / "__init__.py").write_text("")
    (commands / "__init__.py").write_text("")
    (commands / "seed_peer.py").write_text(PEER_SEED)
    (commands / "count_queries.py").write_text(PEER_COUNT_QUERIES)


def peer_env(database, media):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "CONN_MAX_AGE", "PYTHONPATH", "VIRTUAL_ENV")
    }
    return env | {"DJANGO_SETTINGS_MODULE": "peersite.settings.bench", "PEER_DATABASE": database, "MEDIA_ROOT": media}


def prepare_peer(env, description):
    """Migrate the peer's database and build its course; returns the seeding command's JSON."""
    manage = [str(PEER_PYTHON), "manage.py"]
    log("peer: migrate ...")
    run([*manage, "migrate", "--verbosity", "0"], timeout=600, env=env, cwd=SITE)
    log("peer: seed the course ...")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as spec:
        json.dump(description, spec, ensure_ascii=False)
    try:
        output = run([*manage, "seed_peer", spec.name], timeout=300, env=env, cwd=SITE)
    finally:
        os.unlink(spec.name)
    return json.loads(output.strip().splitlines()[-1])


def learn_on_peer(port, jar, course):
    """The peer's learner enrols (its enrol URL, a GET) and completes the first ``DONE``
    lessons as its H5P player reports it: an xAPI "completed" statement for each lesson's
    activity (wagtail-lms then records an ``H5PLessonCompletion`` for the lesson)."""
    cookie = cookie_header(jar)
    status, _headers, _body = get(port, f"/lms/course/{course['course_id']}/enroll/", headers={"Cookie": cookie})
    if status != 302:
        raise SystemExit(f"peer: enrolling answered {status}, expected 302")
    for lesson in course["lessons"][:DONE]:
        statement = {
            "actor": {"name": LEARNER, "mbox": "mailto:learner@example.com"},
            "verb": {"id": XAPI_COMPLETED, "display": {"en-US": "completed"}},
            "object": {"id": f"http://127.0.0.1:{port}/lms/h5p-xapi/{lesson['activity']}/"},
            "result": {"completion": True},
        }
        status, _headers, body = get(
            port,
            f"/lms/h5p-xapi/{lesson['activity']}/",
            method="POST",
            body=json.dumps(statement),
            headers={"Cookie": cookie, "X-CSRFToken": jar["csrftoken"], "Content-Type": "application/json"},
        )
        if status != 200:
            raise SystemExit(f"peer: xAPI statement answered {status}: {body[:200]!r}")


# Our side -----------------------------------------------------------------------------------


def prepare_ours():
    """Migrate, seed the demo, add the minimal page; make the demo learner's part-way course
    ``LESSONS`` lessons long with ``DONE`` done, the next one visited last. Returns our URLs
    and the description of the course for the peer."""
    migrate_and_seed()
    from django.urls import reverse

    from courses.models import Enrolment, LessonCompletion

    # The course bench/pages.py measures: the one the learner is part-way through.
    minimal, enrolment = demo_pages(LEARNER)
    course = enrolment.course
    originals = list(course.lessons())
    if len(originals) > LESSONS:
        raise SystemExit(f"{course.title}: {len(originals)} lessons, more than the {LESSONS} measured")
    for number in range(len(originals), LESSONS):
        source = originals[number % len(originals)]
        source.copy(
            to=course,
            update_attrs={"title": f"{source.title} ({number + 1})", "slug": f"{source.slug}-{number + 1}"},
            copy_revisions=False,
            log_action=None,
        )
    lessons = list(course.lessons())
    LessonCompletion.objects.filter(enrolment=enrolment).exclude(lesson__in=lessons[:DONE]).delete()
    for lesson in lessons[:DONE]:
        enrolment.mark_lesson_done(lesson)
    Enrolment.objects.filter(pk=enrolment.pk).update(last_lesson=lessons[DONE])
    done = LessonCompletion.objects.filter(enrolment=enrolment).count()
    if (len(lessons), done) != (LESSONS, DONE) or Enrolment.objects.get(pk=enrolment.pk).completed_at:
        raise SystemExit(f"{course.title}: {len(lessons)} lessons, {done} done; expected {LESSONS}, {DONE}")
    log(f"ours: {course.title!r}, {len(originals)} lessons + {LESSONS - len(originals)} copies, {DONE} done")

    def path_of(page):
        return urllib.parse.urlsplit(page.get_url()).path

    left_out = sum(
        1 for lesson in lessons for block in lesson.body if block.block_type not in ("heading", "paragraph", "note")
    )
    description = {
        "username": LEARNER,
        "password": PASSWORD,
        "title": course.title,
        "slug": course.slug,
        "description": f"<p>{html.escape(course.summary)}</p>{course.objectives}",
        "lessons": [
            {"title": lesson.title, "slug": lesson.slug, "blocks": lesson_blocks(lesson)} for lesson in lessons
        ],
    }
    urls = {
        OURS_BARE: reverse("bench_bare"),
        OURS_MINIMAL: path_of(minimal),
        OURS_SIGNED_IN: path_of(minimal) + "?signed_in=1",
        OURS_COURSE: path_of(course),
        OURS_LESSON: path_of(lessons[DONE]),
        OURS_DASHBOARD: reverse("courses:dashboard"),
    }
    return (
        urls,
        description,
        {"course": course.title, "copied_lessons": LESSONS - len(originals), "blocks_left_out": left_out},
    )


def lesson_blocks(lesson):
    """A lesson's text as the peer's rich-text paragraphs: headings, paragraphs and notes."""
    blocks = []
    for block in lesson.body:
        if block.block_type == "heading":
            blocks.append(f"<h2>{html.escape(block.value)}</h2>")
        elif block.block_type == "paragraph":
            blocks.append(block.value.source)
        elif block.block_type == "note":
            blocks.append(block.value["text"].source)
    return blocks


# Checks and measuring -----------------------------------------------------------------------


def check_ours(port, cookie, urls):
    for name, path in urls.items():
        status, _headers, body = get(port, path, headers={"Cookie": cookie})
        if status != 200:
            raise SystemExit(f"{name} {path}: {status}, expected 200")
        if name == OURS_SIGNED_IN and LEARNER.encode() not in body:
            raise SystemExit(f"{name} {path}: not served to the logged-in learner")
        if name not in (OURS_BARE, OURS_MINIMAL, OURS_SIGNED_IN) and b'action="/accounts/logout/"' not in body:
            raise SystemExit(f"{name} {path}: not served to the logged-in learner")
        log(f"  {status} {len(body):>6} bytes  {name}  {path}")


def check_peer(port, cookie, urls, course):
    """Every peer URL answers 200 to the learner; the course page shows the enrolment and the
    ``DONE`` completed lessons, the lesson page its H5P activity."""
    expected = {
        PEER_BARE: b"ok",
        PEER_HOME: b"<html",
        PEER_COURSE: b"<strong>Enrolled:</strong>",
        PEER_LESSON: b'class="lms-h5p-activity"',
    }
    for name, path in urls.items():
        status, _headers, body = get(port, path, headers={"Cookie": cookie})
        if status != 200 or expected[name] not in body:
            raise SystemExit(f"{name} {path}: {status}, expected 200 with {expected[name]!r}")
        log(f"  {status} {len(body):>6} bytes  {name}  {path}")
        if name == PEER_COURSE:
            completed = body.count(b"lms-lesson-list__item--completed")
            listed = body.count(b'class="lms-lesson-list__item')
            if (listed, completed) != (LESSONS, DONE):
                raise SystemExit(f"peer course page lists {listed} lessons, {completed} completed")


def count_ours(urls):
    """The queries of one request to each of our URLs, in-process, as the peer's are counted."""
    from django.contrib.auth import get_user_model
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=LEARNER))
    counts = {}
    for name, path in urls.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{name} {path}: {response.status_code} in-process, expected 200")
        counts[name] = len(queries)
    connections.close_all()  # not to be counted among the server's backends while measuring
    return counts


def count_peer(env, urls):
    command = [str(PEER_PYTHON), "manage.py", "count_queries", LEARNER, *urls.values()]
    by_path = json.loads(run(command, timeout=120, env=env, cwd=SITE).strip().splitlines()[-1])
    return {name: by_path[path] for name, path in urls.items()}


def goal_ratios(rounds):
    """Per goal: the ratios by requests/s and by server CPU per request, one per round."""
    ratios = {}
    for what, numerator, denominator, at_least in GOALS:
        pairs = list(zip(rounds[numerator], rounds[denominator], strict=True))
        by_rps = [a["rps"] / b["rps"] for a, b in pairs]
        by_cpu = [b["cpu_ms"] / a["cpu_ms"] for a, b in pairs]
        ratios[what] = {
            "at_least": at_least,
            "by_rps": by_rps,
            "by_cpu": by_cpu,
            "met_rps": at_least is None or statistics.median(by_rps) >= at_least,
            "met_cpu": at_least is None or statistics.median(by_cpu) >= at_least,
        }
    return ratios


def report(results, ratios):
    rows = [("page", "req/s", "p50 ms", "p95 ms", "server CPU ms/req", "queries")]
    for name, r in results.items():
        rows.append(
            (
                name,
                f"{r['rps']:.1f}",
                f"{r['p50_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                f"{r['cpu_ms']:.2f}",
                str(r["queries"]),
            )
        )
    lines = markdown_table(rows)
    lines.append("")
    lines += [f"  {name}: {r['path']}" for name, r in results.items()]
    lines.append("")

    def cell(values):
        return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"

    rows = [("ratio (median over rounds, range)", "goal", "by req/s", "", "by server CPU/req", "")]
    for what, g in ratios.items():
        if g["at_least"] is None:
            goal = verdict_rps = verdict_cpu = "—"
        else:
            goal = f"≥ {g['at_least']:.2f}"
            verdict_rps, verdict_cpu = ("met" if g[key] else "NOT met" for key in ("met_rps", "met_cpu"))
        rows.append((what, goal, cell(g["by_rps"]), verdict_rps, cell(g["by_cpu"]), verdict_cpu))
    lines += markdown_table(rows)
    lines.append("")
    goals = [(what, g) for what, g in ratios.items() if g["at_least"] is not None]
    for measure, key in (("requests/s", "met_rps"), ("server CPU per request", "met_cpu")):
        missed = [what for what, g in goals if not g[key]]
        lines.append(
            f"goals by {measure}: "
            + (f"all {len(goals)} met" if not missed else f"{len(goals) - len(missed)} of {len(goals)} met; NOT met: ")
            + "; ".join(missed)
        )
    return "\n".join(lines), all(g["met_rps"] and g["met_cpu"] for _what, g in goals)


# Main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--client", choices=["wrk", "python"], default=default_client())
    parser.add_argument("--concurrency", type=int, default=4, help="open connections (default 4)")
    parser.add_argument("--duration", type=int, default=5, help="seconds measured per URL and round (default 5)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all URLs, medians kept (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per site (default 2)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the peer's virtualenv")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met by either measure")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 9 or not 1 <= args.duration <= 120 or not 1 <= args.concurrency <= 64:
        parser.error("keep --rounds 1..9, --duration 1..120 and --concurrency 1..64")

    # SIGTERM unwinds like Ctrl-C: pip or gunicorn stopped, both databases dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    build_peer(args.rebuild)
    versions = peer_versions()
    log("peer: " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    generate_site()

    with contextlib.ExitStack() as stack:
        database = stack.enter_context(bench_database(f"lms_bench_peer_ours_{os.getpid()}"))
        ours_urls, description, ours_course = prepare_ours()
        peer_database = stack.enter_context(scratch_database(f"lms_bench_peer_theirs_{os.getpid()}"))
        peer_media = stack.enter_context(tempfile.TemporaryDirectory(prefix="lms-bench-peer-media-"))
        env = peer_env(peer_database, peer_media)
        peer_course = prepare_peer(env, description)
        peer_urls = {
            PEER_BARE: "/bench/bare/",
            PEER_HOME: peer_course["home"],
            PEER_COURSE: peer_course["course"],
            PEER_LESSON: peer_course["lessons"][DONE]["path"],
        }

        ours_port, peer_port = free_port(), free_port()
        ours = stack.enter_context(gunicorn(ours_port, args.workers))
        peer = stack.enter_context(
            gunicorn(peer_port, args.workers, app="peersite.wsgi:application", python=PEER_PYTHON, chdir=SITE, env=env)
        )
        ours_cookie = cookie_header(login(ours_port, LEARNER))
        peer_jar = login(peer_port, LEARNER)
        learn_on_peer(peer_port, peer_jar, peer_course)
        peer_cookie = cookie_header(peer_jar)
        log(f"logged in as {LEARNER} on both sites")
        check_ours(ours_port, ours_cookie, ours_urls)
        check_peer(peer_port, peer_cookie, peer_urls, peer_course)
        queries = count_ours(ours_urls) | count_peer(env, peer_urls)
        log("queries per request: " + ", ".join(f"{name} {count}" for name, count in queries.items()))

        ours_server, peer_server = (ours_port, ours.pid, database), (peer_port, peer.pid, peer_database)

        def target(name, path, cookie, server):
            return (name, [("GET", path, {"Cookie": cookie}, None)], server)

        # Ours, then the peer's matching page; the dashboard (the peer has none) last.
        pairs = [
            (OURS_BARE, PEER_BARE),
            (OURS_MINIMAL, PEER_HOME),
            (OURS_COURSE, PEER_COURSE),
            (OURS_LESSON, PEER_LESSON),
        ]
        targets = []
        for mine, theirs in pairs:
            targets.append(target(mine, ours_urls[mine], ours_cookie, ours_server))
            targets.append(target(theirs, peer_urls[theirs], peer_cookie, peer_server))
        targets.append(target(OURS_DASHBOARD, ours_urls[OURS_DASHBOARD], ours_cookie, ours_server))
        targets.append(target(OURS_SIGNED_IN, ours_urls[OURS_SIGNED_IN], ours_cookie, ours_server))
        log(
            f"client {args.client}, {args.concurrency} connections, {args.warmup} s warm-up + "
            f"{args.duration} s per URL, {args.rounds} round(s), the two sites alternating"
        )
        load_before = os.getloadavg()[0]
        rounds = measure_rounds(ours_port, targets, args, ours.pid, database, alternate=True)
        load_after = os.getloadavg()[0]

    urls = ours_urls | peer_urls
    results = summarize(rounds, {})
    for name in results:
        results[name] = {"path": urls[name], "queries": queries[name], **results[name]}
    ratios = goal_ratios(rounds)
    table, ok = report(results, ratios)
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {os.cpu_count()} cores, client and both servers "
        f"on the same machine; gunicorn {args.workers} sync workers per site; PostgreSQL; client {args.client}, "
        f"{args.concurrency} connections, {args.duration} s per URL, median of {args.rounds} round(s), the two sites "
        f"alternating; 1-minute load average {load_before:.2f} before, {load_after:.2f} after"
    )
    print("peer: " + ", ".join(f"{name} {version}" for name, version in versions.items()))
    print(
        f"course on both sides: {LESSONS} lessons, {DONE} done, the learner on lesson {DONE + 1}; ours: "
        f"{ours_course['course']!r} ({ours_course['copied_lessons']} lessons copied to make {LESSONS}; "
        f"{ours_course['blocks_left_out']} image/video/document blocks not given to the peer)\n"
    )
    print(table)
    print_rounds(results)
    print(f"\nthe whole run took {time.monotonic() - started:.0f} s")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"peer-{stamp}.json").write_text(
        json.dumps(
            {"args": vars(args), "peer": versions, "course": ours_course, "results": results, "goals": ratios},
            indent=2,
            ensure_ascii=False,
        )
    )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
