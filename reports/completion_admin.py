"""The "Completion records" admin screen: every enrolment and class attendance the user may
see (``records.completion_records``), filtered, 50 to a page, with CSV, XLSX and JSON exports
of the same filter. Its URLs and menu item are in wagtail_hooks.py.
"""

import tempfile

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from people.models import AuditEntry

from . import exports
from .forms import CompletionFilterForm
from .records import COLUMN_KEYS, EXPORT_KIND, HEADERS, XLSX_WIDTHS, Kind, can_view_records, completion_records

PER_PAGE = 50


def export_filename(file_format):
    return f"ket-qua-dao-tao-{timezone.localdate():%Y%m%d}.{file_format}"


class AccessMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_view_records(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def form(self):
        return CompletionFilterForm(self.request.GET, user=self.request.user)


class RecordPaginator(Paginator):
    """What the admin's pagination template reads besides Django's paginator."""

    @cached_property
    def items_count_label(self):
        return ngettext("%(count)d record", "%(count)d records", self.count) % {"count": self.count}


class CompletionRecordsView(AccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/completions.html"
    page_title = _("Completion records")
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, **kwargs)
        if not self.form.is_valid():
            return context
        records = completion_records(self.request.user, self.form.record_filters())
        page = RecordPaginator(records, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        query_string = query.urlencode()
        context.update(
            page=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            counts={
                "total": records.count(),
                "online": records.counts[Kind.ONLINE],
                "classes": records.counts[Kind.CLASS],
            },
            export_links=[
                (label, f"{reverse('completion_records:export', args=[file_format])}?{query_string}".rstrip("?"))
                for file_format, label in (("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON"))
            ],
            clear_url=reverse("completion_records:index"),
        )
        return context


class CompletionExportView(AccessMixin, View):
    """The records of the listing's filter, as a download; every export is logged."""

    def get(self, request, file_format):
        if file_format not in exports.FORMATS:
            raise Http404
        if not self.form.is_valid():
            messages.error(request, _("Correct the filters before exporting."))
            return redirect(f"{reverse('completion_records:index')}?{request.GET.urlencode()}")
        filters = self.form.record_filters()
        records = completion_records(request.user, filters)
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
