"""Import a question bank from an XLSX or CSV sheet (format: quizzes/resources.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from people.models import AuditEntry
from quizzes.resources import import_questions, read_sheet
from staff_lms.sheets import raise_for_row_errors, read_sheet_file


class Command(BaseCommand):
    help = "Import questions from an XLSX or CSV sheet; nothing is written unless every row is valid."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="An .xlsx or .csv file (see quizzes/resources.py).")
        parser.add_argument("--dry-run", action="store_true", help="Check the sheet and write nothing.")

    def handle(self, path, dry_run, **options):
        with transaction.atomic():  # no import without its audit trail entry
            report = import_questions(read_sheet_file(path, read_sheet), dry_run=dry_run)
            raise_for_row_errors(path, report, self.stderr)
            if not dry_run:
                AuditEntry.record_import(None, "quiz questions", str(path), rows=report.count, source="command")
        if dry_run:
            summary = ngettext(
                "%(count)d question is valid; nothing was written (dry run).",
                "%(count)d questions are valid; nothing was written (dry run).",
                report.count,
            )
            self.stdout.write(summary % {"count": report.count})
        else:
            summary = ngettext("%(count)d question imported.", "%(count)d questions imported.", report.count)
            self.stdout.write(self.style.SUCCESS(summary % {"count": report.count}))
