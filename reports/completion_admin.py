"""The "Completion records" admin screen: every enrolment and class attendance the user may
see (``records.completion_records``), filtered, 50 to a page, with CSV, XLSX and JSON exports
of the same filters (``forms.CompletionFilterSet``). Both need the permission
``reports.view_completion_records``. Their URLs and menu item are in wagtail_hooks.py.
"""

import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from django.views.generic import View
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, StatusTagColumn, Table
from wagtail.admin.views.generic import PermissionCheckedMixin
from wagtail.admin.views.reports import ReportView
from wagtail.admin.widgets.button import Button

from courses.models import Enrolment
from people.exports import hand_off
from people.models import AuditEntry
from staff_lms.listings import ListingMixin

from . import exports
from .forms import CompletionFilterSet
from .models import VIEW_COMPLETION_RECORDS, Report
from .permissions import ReportPermissionPolicy
from .records import COLUMN_KEYS, EXPORT_KIND, HEADERS, XLSX_WIDTHS, Kind, completion_records

EXPORT_LABELS = {"csv": _("Download CSV"), "xlsx": _("Download XLSX"), "json": _("Download JSON")}


def export_filename(file_format):
    return f"ket-qua-dao-tao-{timezone.localdate():%Y%m%d}.{file_format}"


class RecordsPermissionMixin(PermissionCheckedMixin):
    permission_policy = ReportPermissionPolicy(Report)
    any_permission_required = ["view_completion_records"]


class RecordTable(Table):
    def get_row_classname(self, record):
        return f"completion-record completion-record--{record['kind']}"


def or_dash(value):
    return "—" if value is None or value == "" else value


def short_date(value):
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def with_note(value, *notes):
    """A cell's value with smaller lines under it (the notes that are not empty)."""
    notes = [note for note in notes if note]
    if not notes:
        return or_dash(value)
    return format_html(
        "{}<br><small>{}</small>", or_dash(value), format_html_join(mark_safe("<br>"), "{}", ((n,) for n in notes))
    )


class StatusColumn(StatusTagColumn):
    """The status tag, with a smaller line under it (``note``, a function of the record)."""

    cell_template_name = "reports/status_cell.html"

    def __init__(self, *args, note, **kwargs):
        super().__init__(*args, **kwargs)
        self.note = note

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), "note": self.note(instance)}


def progress(record):
    return "—" if record["progress"] is None else f"{record['progress']} %"


class CompletionRecordsView(RecordsPermissionMixin, ListingMixin, ReportView):
    page_title = _("Completion records")
    header_icon = "tasks"
    index_url_name = "completion_records:index"
    index_results_url_name = "completion_records:index_results"
    results_template_name = "reports/completion_records_results.html"
    filterset_class = CompletionFilterSet
    table_class = RecordTable
    items_count_label = ngettext_lazy("%(count)d record", "%(count)d records", "count")
    no_results_message = _("No record matches these filters.")
    # Nine columns, with short headings (Wagtail does not wrap them) and the details of a cell on
    # small lines under it, so that the table fits a 1280-pixel screen without scrolling sideways
    # (tests/e2e/test_wide_listings.py). The exports keep one column per field (records.HEADERS).
    columns = [
        Column("full_name", label=_("Full name"), accessor=lambda r: with_note(r["full_name"], r["staff_code"])),
        Column(
            "institution",
            label=_("Institution"),
            accessor=lambda r: with_note(r["institution"], r["institution_type"], r["administrative_unit"]),
        ),
        Column(
            "course",
            label=pgettext_lazy("completion records column", "Course or class"),
            accessor=lambda r: with_note(r["course"], r["kind_label"], r["training_type"]),
        ),
        Column("hours", label=_("Hours"), accessor=lambda r: or_dash(r["hours"])),
        Column(
            "enrolled",
            label=pgettext_lazy("completion records column", "Enrolled"),
            accessor=lambda r: short_date(r["enrolled"]),
        ),
        Column(
            "completed",
            label=pgettext_lazy("completion records column", "Completed"),
            accessor=lambda r: short_date(r["completed"]),
        ),
        StatusColumn(
            "status",
            label=_("Status"),
            accessor="status_label",
            primary=lambda r: r["status"] == Enrolment.Status.COMPLETED,
            note=progress,
        ),
        Column("score", label=_("Score (%)"), accessor=lambda r: or_dash(r["score"])),
        Column(
            "certificate_number",
            label=pgettext_lazy("completion records column", "Certificate"),
            accessor=lambda r: or_dash(r["certificate_number"]),
        ),
    ]

    def get_filtered_queryset(self):
        """The records of the filters (none while they are wrong); ``completion_records``
        applies the filters to its two sources itself."""
        if not self.filters.is_valid():
            return []
        return completion_records(self.request.user, self.filters.record_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object_list:
            records = self.object_list
            context["counts"] = {
                "total": records.count(),
                "online": records.counts[Kind.ONLINE],
                "classes": records.counts[Kind.CLASS],
            }
        return context

    @cached_property
    def header_more_buttons(self):
        """The exports of the records as filtered (none while the filters are wrong)."""
        if not self.filters.is_valid():
            return []
        query = self.request.GET.copy()
        for name in (self.page_kwarg, "_w_filter_fragment"):
            query.pop(name, None)
        return [
            Button(
                label,
                url=f"{reverse('completion_records:export', args=[file_format])}?{query.urlencode()}".rstrip("?"),
                icon_name="download",
                priority=priority,
            )
            for priority, (file_format, label) in enumerate(EXPORT_LABELS.items(), start=90)
        ]


class CompletionExportView(RecordsPermissionMixin, View):
    """The records of the listing's filters, as a download (prepared in the background past
    some thousands of rows: people/exports.py); every export is logged."""

    def get(self, request, file_format):
        if file_format not in exports.FORMATS:
            raise Http404
        filterset = CompletionFilterSet(request.GET, request=request)
        if not filterset.is_valid():
            messages.error(request, _("Correct the filters before exporting."))
            return redirect(f"{reverse('completion_records:index')}?{request.GET.urlencode()}")
        filters = filterset.record_filters()
        records = completion_records(request.user, filters)
        prepared = hand_off(
            request,
            title=_("Completion records"),
            file_format=file_format,
            rows=records.count(),
            permission=VIEW_COMPLETION_RECORDS,
        )
        if prepared is not None:
            return prepared
        log = AuditEntry.record_export(
            request.user, EXPORT_KIND, file_format, filters.for_log(), rows=None, source="admin"
        )

        def count_rows(rows):
            AuditEntry.objects.filter(pk=log.pk).update(rows=rows)

        if file_format == "xlsx":
            spool = tempfile.TemporaryFile()
            count_rows(exports.write_xlsx(spool, HEADERS, records, title=_("Completion records"), widths=XLSX_WIDTHS))
            spool.seek(0)
            return FileResponse(
                spool, as_attachment=True, filename=export_filename("xlsx"), content_type=exports.CONTENT_TYPES["xlsx"]
            )
        if file_format == "csv":
            chunks = exports.csv_chunks(HEADERS, records, on_done=count_rows)
        else:
            chunks = exports.json_chunks(COLUMN_KEYS, records, on_done=count_rows)
        response = StreamingHttpResponse(chunks, content_type=exports.CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="{export_filename(file_format)}"'
        return response
