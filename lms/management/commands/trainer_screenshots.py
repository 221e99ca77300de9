"""Screenshots of the demo's trainer at work in the admin, into docs/images/ (the README shows
them): the dashboard, a course in the editor with its lessons and quizzes, the course's lessons
in the explorer, a new lesson whose Vietnamese title gives an ASCII slug, and the quiz editor's
question chooser (a search, and a true/false question written in place).

Run after ``manage.py seed_demo`` (``make trainer-screenshots``). The pages are served by a live
server in this process, on the demo's database, and drawn by Debian's Chromium (``E2E_CHROMIUM``);
nothing is saved: neither the new lesson nor the new question is submitted.
"""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management.base import BaseCommand, CommandError
from django.test.testcases import LiveServerThread
from django.urls import reverse

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREEN = {"width": 1280, "height": 800}
TRAINER, PASSWORD = "trainer", "hoctap2030"  # the demo's (README)
NEW_LESSON_TITLE = "Hướng dẫn người cao tuổi đọc sách điện tử"


class Command(BaseCommand):
    help = "Screenshots of the demo trainer's path through the admin, into docs/images/."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "images"))

    def handle(self, *args, output, **options):
        from playwright.sync_api import sync_playwright

        from courses.models import CoursePage
        from quizzes.models import Quiz

        if not get_user_model().objects.filter(username=TRAINER).exists():
            raise CommandError("No demo data: run manage.py seed_demo first.")
        if not os.access(CHROMIUM, os.X_OK):
            raise CommandError(f"Chromium is needed at {CHROMIUM} (apt-get install chromium).")
        course = CoursePage.objects.live().filter(trainer_roles__user__username=TRAINER).order_by("pk").first()
        quiz = Quiz.objects.filter(course=course).order_by("pk").first() if course else None
        if course is None or quiz is None:
            raise CommandError("The demo trainer has no course with a quiz: run manage.py seed_demo.")

        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop shares this thread
        base = f"http://127.0.0.1:{server.port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport=SCREEN, locale="vi-VN")
                self.shoot_path(page, base, course, quiz, folder)
                browser.close()
        finally:
            server.terminate()

    def save(self, page, folder, name):
        path = folder / name
        page.screenshot(path=str(path))
        self.stdout.write(f"{path} ({path.stat().st_size // 1024} KB)")

    def shoot_path(self, page, base, course, quiz, folder):
        page.goto(f"{base}/admin/login/")
        page.fill("#id_username", TRAINER)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/")
        self.save(page, folder, "trainer-dashboard.png")

        page.goto(f"{base}/admin/pages/{course.pk}/edit/")
        contents = page.locator(".course-contents")
        contents.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -120)")  # with the panel's heading
        self.save(page, folder, "trainer-course-editor.png")

        page.goto(f"{base}/admin/pages/{course.pk}/")
        self.save(page, folder, "trainer-course-lessons.png")

        page.goto(f"{base}/admin/pages/add/courses/lessonpage/{course.pk}/")
        page.fill("#id_title", NEW_LESSON_TITLE)
        page.locator("#id_title").blur()
        page.locator("a[role=tab]").nth(1).click()  # the second tab, which holds the slug
        page.locator("#id_slug").wait_for(state="visible")
        self.save(page, folder, "trainer-new-lesson-slug.png")

        page.goto(base + reverse(quiz.snippet_viewset.get_url_name("edit"), args=[quiz.pk]))
        page.locator("#id_quiz_questions-ADD").click()  # a new row, then its question chooser
        page.locator("[id^=id_quiz_questions-][id$=-question-chooser]").last.locator(
            "[data-chooser-action-choose]"
        ).click()
        modal = page.locator(".modal-dialog")
        modal.wait_for(state="visible")
        modal.locator("input[name=q]").fill("MARC")
        page.wait_for_load_state("networkidle")
        self.save(page, folder, "trainer-question-chooser.png")
        modal.locator("#tab-label-create").click()
        modal.locator("#tab-create form select[name=kind]").select_option("true_false")
        self.save(page, folder, "trainer-question-create.png")
