"""``manage.py import_staff PATH``: import the staff roster from an XLSX or CSV sheet (format:
people/roster.py), as the admin's "Import staff" screen does; nothing is written unless
every row is valid."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from people.management.actor import staff_manager
from people.models import AuditEntry
from people.roster import import_staff, read_sheet
from staff_lms.progress import show_progress
from staff_lms.sheets import raise_for_row_errors, read_sheet_file


class Command(BaseCommand):
    help = (
        "Import staff (accounts and staff profiles) from an XLSX or CSV sheet; rows are matched by employee "
        "code or e-mail, so importing the same sheet again changes nothing. Nothing is written unless every "
        "row is valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="An .xlsx or .csv file (columns: see people/roster.py).")
        parser.add_argument("--dry-run", action="store_true", help="Check the sheet and write nothing.")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="Import as this HR officer, limited to their scope (default: no limit, as an administrator).",
        )

    def handle(self, path, dry_run=False, username=None, verbosity=1, **options):
        self.verbosity = verbosity
        started = time.monotonic()
        actor = staff_manager(username) if username else None
        dataset = read_sheet_file(path, read_sheet)

        with transaction.atomic():  # no import without its audit trail entry
            report = import_staff(dataset, actor=actor, dry_run=dry_run, progress=self.progress)
            raise_for_row_errors(path, report, self.stderr)
            if not dry_run:
                AuditEntry.record_import(actor, "roster", str(path), rows=report.count, source="command")
        if report.ignored_columns:
            self.stderr.write(_("Ignored columns: %(columns)s") % {"columns": ", ".join(report.ignored_columns)})
        counts = {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "seconds": time.monotonic() - started,
        }
        if dry_run:
            self.stdout.write(
                _(
                    "Dry run: %(created)d new, %(updated)d updated, %(unchanged)d unchanged; "
                    "nothing was written (%(seconds).1f s)."
                )
                % counts
            )
        elif verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Staff imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged "
                        "in %(seconds).1f s."
                    )
                    % counts
                )
            )

    def progress(self, done, total):
        show_progress(self, _("importing"), done, total)
