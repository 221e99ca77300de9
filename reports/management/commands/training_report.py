"""``manage.py training_report``: the III.3 training report (``reports.statistics``) as an XLSX
workbook, a Word file or a PDF, the same files as the admin page's downloads, headed by Settings
→ Issuing body (for ``--as`` an HR officer whose scope is one unit: that unit) with the number
``--number`` (empty: left blank to write by hand).

Without ``--as`` the report covers every unit (whoever runs commands on the server sees all);
with ``--as USERNAME`` it covers what that user sees in the admin (HR: its scope). Every run is
written to the export log.
"""

import os
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from people.models import AuditEntry
from reports import training_report
from reports.forms import TrainingReportForm
from reports.management.commands.export_completions import file_size, find_unit, parse_date
from reports.models import VIEW_TRAINING_REPORT
from reports.periods import Preset
from reports.statistics import Period, TrainingReport


class Command(BaseCommand):
    help = "Write the III.3 training report (the report, its figures and detailed tables) to XLSX, DOCX or PDF."

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=training_report.FORMATS, dest="file_format")
        parser.add_argument(
            "--output", required=True, metavar="PATH", help="The file to write (replaced if it exists)."
        )
        parser.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="First day (default: 1 January).")
        parser.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="Last day (default: today).")
        parser.add_argument(
            "--period",
            choices=[preset for preset in Preset.values if preset != Preset.CUSTOM],
            help="A yearly period instead of --from and --to: calendar (1/1–31/12), reporting (1/12 of the year "
            "before–30/11, the 30 November report) or statistics (15/12–14/12, Decree 09/2019/NĐ-CP), with --year.",
        )
        parser.add_argument("--year", type=int, help="The year the --period ends in.")
        parser.add_argument("--unit", metavar="CODE", help="Only this administrative unit and its sub-units.")
        parser.add_argument(
            "--number", default="", help="The report's number (“12” in “Số: 12/BC-…”); default: left blank."
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="The report this user may see in the admin (HR: its scope). Default: every unit.",
        )

    def handle(self, *args, file_format, output, unit=None, username=None, number="", **options):
        period = self.period(
            options.get("date_from"), options.get("date_to"), options.get("period"), options.get("year")
        )
        unit = find_unit(unit) if unit else None
        user = find_user(username) if username else None
        if user is not None and unit is not None and not unit_offered(user, unit):
            raise CommandError(
                _("%(username)s may not see the unit “%(code)s”: it is outside their scope.")
                % {"username": username, "code": unit.code}
            )
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(_("The folder of %(path)s does not exist.") % {"path": output})

        started = time.monotonic()
        report = TrainingReport(user, period, unit)
        document = training_report.ReportDocument.from_settings(user, number=number.strip())
        data = training_report.render(report, file_format, document)
        # Written next to the target and renamed at the end: a failed run leaves no half file.
        partial = path.with_name(f".{path.name}.part")
        try:
            partial.write_bytes(data)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        AuditEntry.record_export(
            user, training_report.EXPORT_KIND, file_format, report.filters(), rows=report.row_count, source="command"
        )
        if options.get("verbosity", 1) >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Wrote the III.3 report (%(period)s; %(unit)s) to %(path)s (%(format)s, %(size)s) "
                        "in %(seconds).1f s."
                    )
                    % {
                        "period": f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}",
                        "unit": unit.name if unit is not None else _("all units"),
                        "path": path,
                        "format": file_format.upper(),
                        "size": file_size(len(data)),
                        "seconds": time.monotonic() - started,
                    }
                )
            )

    @staticmethod
    def period(date_from, date_to, preset, year):
        if preset:
            if date_from or date_to:
                raise CommandError(_("Give either --period and --year, or --from and --to."))
            if year is None:
                raise CommandError(_("--period needs --year."))
            return Period.of_year(preset, year)
        start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
        try:
            return Period.from_dates(start, end)
        except ValueError:
            raise CommandError(
                _("--from (%(start)s) is after --to (%(end)s).") % {"start": date_from, "end": date_to or _("today")}
            ) from None


def find_user(username):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(_("No user is called “%(username)s”.") % {"username": username})
    if not user.has_perm(VIEW_TRAINING_REPORT):
        raise CommandError(
            _("%(username)s may not see the III.3 report (not an HR officer or provincial administrator).")
            % {"username": username}
        )
    return user


def unit_offered(user, unit):
    """Whether the admin page offers ``unit`` to ``user`` (HR: units holding its scope)."""
    return TrainingReportForm(user=user).fields["unit"].queryset.filter(pk=unit.pk).exists()
