"""Fixtures for the browser tests: Playwright (sync API) driving Debian's Chromium against
pytest-django's ``live_server``.

Nothing here downloads a browser: Chromium must already be at ``CHROMIUM`` (CI installs the
Debian package); without it every e2e test is skipped.

``live_server`` makes the tests transactional, and the flush after each transactional test
empties every table, so the data Wagtail's migrations create (locale, root collection, root
page, default site, the "Moderators"/"Editors" groups and the moderation workflow) is gone
for every e2e test but the first. Content types and permissions do come back, because the
flush emits ``post_migrate`` (checked), and so do the role groups; the fixtures below still
build the pages, site and role groups the tests need, so the order of the tests does not
matter.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "e2e-Passw0rd!"
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")

    # Playwright's sync API keeps an asyncio loop on this thread, so Django would refuse
    # ORM calls made by the test itself. The live server runs in its own thread, unaffected.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.e2e_failed = report.failed
    return report


@pytest.fixture
def new_context(browser, live_server, request, tmp_path):
    """``new_context(language=None, **options)`` opens a browser context on the live server.

    Pages come in the site's default language (Vietnamese) unless ``language`` sets the
    ``django_language`` cookie; the tests find elements by name, id and URL, never by
    translated text. On failure each open page is saved as a screenshot under tmp_path.
    Anything the Content-Security-Policy blocked (a console message from Chromium) fails the
    test at teardown, unless the test takes it out of ``new_context.csp_violations``, the list
    of what was blocked (a test proving that something is blocked)."""
    contexts = []
    csp_violations = []

    def watch_console(message):
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    def make(language=None, **options):
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("console", watch_console)
        if language:
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        contexts.append(context)
        return context

    make.csp_violations = csp_violations
    yield make

    for number, context in enumerate(contexts):
        if getattr(request.node, "e2e_failed", False):
            for page_number, page in enumerate(context.pages):
                path = Path(tmp_path) / f"failure-{number}-{page_number}.png"
                try:
                    page.screenshot(path=path, full_page=True)
                    print(f"screenshot of {page.url}: {path}")
                except Exception as error:  # best effort: the page may be gone
                    print(f"no screenshot of {page.url}: {error}")
        context.close()
    assert not csp_violations, "blocked by the Content-Security-Policy:\n" + "\n".join(csp_violations)


@pytest.fixture
def catalogue(live_server, transactional_db):
    """A course catalogue served at the live server's root, with the role groups in place."""
    from django.core.cache import cache
    from wagtail.models import Collection, Locale, Page, Site

    from courses.models import CourseIndexPage
    from courses.signals import grant_trainer_page_permissions
    from people.roles import ensure_role_groups

    cache.clear()  # Wagtail caches site root paths; page ids change from test to test
    Locale.objects.get_or_create(language_code="vi")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Gốc")  # as the host site names Wagtail's (lms/starter_data.py)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Gốc", slug="root")
    index = root.add_child(instance=CourseIndexPage(title="Course catalogue", slug="e2e-catalogue"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=int(live_server.url.rsplit(":", 1)[1]), root_page=index, is_default_site=True
    )
    ensure_role_groups()
    grant_trainer_page_permissions([index])
    return index


@pytest.fixture
def course(catalogue):
    """A live course with three live lessons (and one draft lesson learners never see)."""
    from courses.models import CoursePage, LessonPage

    course = catalogue.add_child(
        instance=CoursePage(
            title="Digital cataloguing basics",
            slug="digital-cataloguing",
            summary="How to catalogue a library collection with free software.",
        )
    )
    for number, title in enumerate(["Why catalogue?", "Metadata in practice", "Sharing the catalogue"], start=1):
        course.add_child(
            instance=LessonPage(
                title=title,
                slug=f"lesson-{number}",
                estimated_minutes=10 * number,
                body=[("heading", f"Part {number}"), ("paragraph", f"<p>Text of lesson {number}.</p>")],
            )
        )
    course.add_child(instance=LessonPage(title="Unfinished lesson", slug="draft", live=False))
    return course


@pytest.fixture
def make_user(transactional_db):
    from django.contrib.auth import get_user_model

    def make(username, *, groups=(), **fields):
        from tests.conftest import group_named

        user = get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)
        for name in groups:
            user.groups.add(group_named(name))
        return user

    return make


def log_in(page, identifier):
    """Sign in on the site's login page (user name or e-mail address, password ``PASSWORD``) and
    wait for the learner's dashboard."""
    page.goto("/accounts/login/")
    form = page.locator("form[action$='/accounts/login/']")
    form.locator("input[name=username]").fill(identifier)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/learning/")


def admin_log_in(page, user):
    """Sign ``user`` in to the Wagtail admin (password ``PASSWORD``) and wait for its dashboard."""
    page.goto("/admin/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(user.username)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
