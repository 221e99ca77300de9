"""``manage.py export_completions``: the completion records (every enrolment and class
attendance, see ``reports.records``) to a CSV, XLSX or JSON file, row by row: a province's
whole history takes the memory of a few thousand rows, not of all of them.

Without ``--as`` every record is exported (whoever runs commands on the server sees all);
with ``--as USERNAME`` only what that user sees in the admin listing. Every run is written
to the export log.
"""

import datetime
import os
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people.models import AdministrativeUnit, AuditEntry
from reports import exports
from reports.models import VIEW_COMPLETION_RECORDS
from reports.records import (
    COLUMN_KEYS,
    EXPORT_KIND,
    HEADERS,
    XLSX_WIDTHS,
    RecordFilters,
    completion_records,
)
from staff_lms.progress import draw_bar

PROGRESS_EVERY = 1000  # rows between two updates of the progress bar


class Command(BaseCommand):
    help = (
        "Export the completion records (online enrolments and class attendance) to a CSV, XLSX or JSON file, "
        "streaming row by row."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=exports.FORMATS, dest="file_format")
        parser.add_argument(
            "--output", required=True, metavar="PATH", help="The file to write (replaced if it exists)."
        )
        parser.add_argument(
            "--from", dest="date_from", metavar="YYYY-MM-DD", help="Records enrolled or completed on or after this day."
        )
        parser.add_argument(
            "--to", dest="date_to", metavar="YYYY-MM-DD", help="Records enrolled or completed on or before this day."
        )
        parser.add_argument("--unit", metavar="CODE", help="Only this administrative unit and its sub-units.")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="Export what this user may see in the admin (HR: its scope; trainer: own courses). Default: all.",
        )

    def handle(self, *args, file_format, output, date_from=None, date_to=None, unit=None, username=None, **options):
        self.verbosity = options.get("verbosity", 1)
        filters = RecordFilters(
            date_from=parse_date(date_from, "--from"),
            date_to=parse_date(date_to, "--to"),
            unit=find_unit(unit) if unit else None,
        )
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise CommandError(_("--from (%(start)s) is after --to (%(end)s).") % {"start": date_from, "end": date_to})
        user = find_user(username) if username else None
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("The folder of %(path)s does not exist.") % {"path": output})

        started = time.monotonic()
        records = completion_records(user, filters)
        total = records.count() if self.show_progress else None
        rows = self.progress(records, total)
        # Written next to the target and renamed at the end: a failed run leaves no half file.
        partial = path.with_name(f".{path.name}.part")
        try:
            count = self.write(file_format, partial, rows)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        AuditEntry.record_export(user, EXPORT_KIND, file_format, filters.for_log(), rows=count, source="command")
        if self.verbosity >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Exported %(records)s to %(path)s (%(format)s, %(size)s) in %(seconds).1f s.")
                    % {
                        "records": ngettext("%(count)d record", "%(count)d records", count) % {"count": count},
                        "path": path,
                        "format": file_format.upper(),
                        "size": file_size(path.stat().st_size),
                        "seconds": time.monotonic() - started,
                    }
                )
            )

    @staticmethod
    def write(file_format, path, rows):
        if file_format == "xlsx":
            return exports.write_xlsx(path, HEADERS, rows, title=_("Completion records"), widths=XLSX_WIDTHS)
        counted = []
        if file_format == "csv":
            chunks = exports.csv_chunks(HEADERS, rows, on_done=counted.append)
        else:
            chunks = exports.json_chunks(COLUMN_KEYS, rows, on_done=counted.append)
        with open(path, "w", encoding="utf-8", newline="") as file:
            file.writelines(chunks)
        return counted[0]

    @property
    def show_progress(self):
        return self.verbosity >= 1 and self.stdout.isatty()

    def progress(self, rows, total):
        """The rows, unchanged; on a terminal, a progress bar as they pass."""
        if total is None:
            yield from rows
            return
        done = 0
        for done, row in enumerate(rows, start=1):
            yield row
            if done % PROGRESS_EVERY == 0:
                self.bar(done, total)
        self.bar(done, total)
        self.stdout.write("")

    def bar(self, done, total):
        draw_bar(self.stdout, _("exporting"), done, total)


def parse_date(value, option):
    if value is None:
        return None
    try:
        return datetime.datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(
            _("%(option)s: “%(value)s” is not a date of the form YYYY-MM-DD.") % {"option": option, "value": value}
        ) from None


def find_unit(code):
    unit = AdministrativeUnit.objects.filter(code=code).first()
    if unit is None:
        known = ", ".join(AdministrativeUnit.objects.order_by("code").values_list("code", flat=True)) or "-"
        raise CommandError(
            _("No administrative unit has the code “%(code)s”. Unit codes: %(known)s") % {"code": code, "known": known}
        )
    return unit


def find_user(username):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user is called “%(username)s”.") % {"username": username})
    if not user.has_perm(VIEW_COMPLETION_RECORDS):
        raise CommandError(
            _("%(username)s may not see completion records (not an HR officer, trainer or administrator).")
            % {"username": username}
        )
    return user


def file_size(size):
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
