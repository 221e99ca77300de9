"""Render a page of each official document of the demo into docs/images/ (the README shows
them): certificates (valid, revoked, of an in-person class), the III.3 report (its first page
and its appendix) and the course handbook (cover, and the answer key of the trainer's edition).

Run after ``manage.py seed_demo`` (``make document-samples``); the pages are drawn by the same
code that serves the downloads, so they show what an officer gets."""

import io
from pathlib import Path

import pypdfium2
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

SCALE = 1.3  # 94 dpi: legible in a README, small in the repository


class Command(BaseCommand):
    help = "Render a page of each official document of the demo data into docs/images/."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "images"))

    def handle(self, *args, output, **options):
        from certificates.models import Certificate
        from courses.handbook import Handbook
        from courses.models import CoursePage
        from reports import training_report
        from reports.periods import Period, Preset
        from reports.statistics import TrainingReport

        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        admin = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
        if admin is None or not Certificate.objects.exists():
            raise CommandError("No demo data: run manage.py seed_demo first.")

        learner = get_user_model().objects.get(username="learner")
        certificates = Certificate.objects.order_by("-issued_on", "-pk")
        samples = {
            "certificate.png": (certificates.valid().filter(user=learner).first().document_pdf(), 0),
            "certificate-revoked.png": (certificates.filter(status="revoked").first().document_pdf(), 0),
            "certificate-class.png": (certificates.valid().filter(course=None).first().document_pdf(), 0),
        }
        year = Period.this_year().end.year
        report = TrainingReport(admin, Period.of_year(Preset.REPORTING_YEAR, year))
        report_pdf = training_report.render(report, "pdf")
        samples["iii3-report-page1.png"] = (report_pdf, 0)
        samples["iii3-report-appendix.png"] = (report_pdf, first_landscape_page(report_pdf))
        course = CoursePage.objects.live().filter(slug="chuyen-doi-so-trong-hoat-dong-thu-vien").first()
        course = course or CoursePage.objects.live().first()
        samples["handbook-cover.png"] = (Handbook(course).render(), 0)
        trainer_edition = Handbook(course, answer_key=True).render()
        samples["handbook-answer-key.png"] = (trainer_edition, page_with(trainer_edition, "Đáp án"))

        for name, (pdf, page) in samples.items():
            path = folder / name
            path.write_bytes(png_of(pdf, page))
            self.stdout.write(f"{path} ({path.stat().st_size // 1024} KB)")


def pages(pdf):
    return pypdfium2.PdfDocument(pdf)


def first_landscape_page(pdf):
    document = pages(pdf)
    return next((index for index, page in enumerate(document) if page.get_width() > page.get_height()), 0)


def page_with(pdf, words):
    """The first page whose text holds ``words`` (the last page when none does)."""
    document = pages(pdf)
    for index, page in enumerate(document):
        if words in page.get_textpage().get_text_bounded():
            return index
    return len(document) - 1


def png_of(pdf, index):
    image = pages(pdf)[index].render(scale=SCALE).to_pil()
    # 64 colours keep the text crisp and the file small.
    image = image.convert("RGB").quantize(colors=64)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
