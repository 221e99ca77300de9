"""Import a question bank from an XLSX or CSV sheet (format: quizzes/resources.py)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from quizzes.resources import import_questions, read_sheet


class Command(BaseCommand):
    help = "Import questions from an XLSX or CSV sheet; nothing is written unless every row is valid."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="An .xlsx or .csv file (see quizzes/resources.py).")
        parser.add_argument("--dry-run", action="store_true", help="Check the sheet and write nothing.")

    def handle(self, path, dry_run, **options):
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            dataset = read_sheet(path.name, data)
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from None
        report = import_questions(dataset, dry_run=dry_run)
        if not report.ok:
            # One line per problem, "file:row: message", as compilers do.
            for error in report.errors:
                for message in error.messages:
                    self.stderr.write(f"{path}:{error.number}: {message}")
            raise CommandError(
                ngettext(
                    "%(count)d row has errors; nothing was imported.",
                    "%(count)d rows have errors; nothing was imported.",
                    len(report.errors),
                )
                % {"count": len(report.errors)}
            )
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
