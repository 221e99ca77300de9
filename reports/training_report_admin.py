"""The III.3 report's admin screens (the figures are defined in reports/statistics.py):

- Training reports → III.3 report (``/admin/training-report/``): a form with the period, the unit
  and the report's heading and number, the report as the files print it (headings, title, basis,
  every figure), the bar chart (inline SVG), the four tables with their totals and the notes,
  and the XLSX, DOCX and PDF downloads;
- a dashboard panel with this year's figures at a glance and the same chart.

Their URLs, menu item and dashboard hook are in wagtail_hooks.py.

Both are for whoever holds ``reports.view_training_report``: provincial administrators (every
unit) and HR (its scope); every download is logged in ``people.AuditEntry``.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from people.models import AuditEntry
from staff_lms.permissions import PermissionRequiredMixin

from . import training_report
from .charts import coverage_chart, svg_bar_chart
from .forms import TrainingReportForm
from .models import VIEW_TRAINING_REPORT
from .periods import Preset
from .statistics import COLUMNS, Period, TrainingReport
from .training_report import ReportDocument

DASHBOARD_FIGURES = ("enrolled", "completed", "completions", "hours", "coverage", "plan_coverage")
DOWNLOADS = (("xlsx", _("Download XLSX")), ("docx", _("Download DOCX")), ("pdf", _("Download PDF")))


class ReportMixin(PermissionRequiredMixin):
    """The form of the request's query string and the report it asks for."""

    permission_required = VIEW_TRAINING_REPORT

    @cached_property
    def form(self):
        data = self.request.GET.copy()
        if "preset" not in data:
            if "date_from" in data or "date_to" in data:  # a link with dates only (older bookmarks)
                data["preset"] = Preset.CUSTOM
            else:  # first visit: the current period (as the dashboard panel counts it)
                current = Period.current()
                data.update({"preset": current.preset, "year": str(current.year)})
        missing = [name for name in TrainingReportForm.DOCUMENT_FIELDS if name not in data]
        if missing:  # the heading starts from the settings (and the HR officer's own unit)
            defaults = ReportDocument.from_settings(self.request.user)
            data.update({name: getattr(defaults, name) for name in missing})
        return TrainingReportForm(data, user=self.request.user)

    @cached_property
    def report(self):
        """None when the form is not valid (its errors then say why)."""
        if not self.form.is_valid():
            return None
        cleaned = self.form.cleaned_data
        try:
            period = Period.from_dates(cleaned["date_from"], cleaned["date_to"])
        except ValueError:
            self.form.add_error("date_from", _("A period without an end cannot start after today."))
            return None
        return TrainingReport(self.request.user, period, cleaned["unit"])

    @cached_property
    def document(self):
        return ReportDocument.from_settings(self.request.user, **self.form.document_changes())

    def query_string(self):
        report, cleaned = self.report, self.form.cleaned_data
        return urlencode(
            {
                "preset": cleaned["preset"],
                "year": cleaned["year"] if cleaned["year"] is not None else "",
                "date_from": report.period.start.isoformat(),
                "date_to": report.period.end.isoformat(),
                "unit": report.unit.code if report.unit is not None else "",
                **self.form.document_changes(),
            }
        )


def table(breakdown):
    """What the page shows of a breakdown: headers, and each row's label, text cells (the
    training type) and figures, as text in the reader's language."""
    labels = 2 if breakdown.has_training_type else 1

    def cells(label, figures, training_type=None):
        values = training_report.display_row(breakdown, label, figures, training_type)
        return {"label": values[0], "texts": values[1:labels], "numbers": values[labels:]}

    return {
        "breakdown": breakdown,
        "headers": training_report.headers(breakdown),
        "rows": [
            {**cells(row.label, row.figures, row.training_type), "is_subtotal": row.is_subtotal}
            for row in breakdown.rows
        ],
        "total": cells(_("Total"), breakdown.total),
        "note": training_report.course_note() if breakdown.has_training_type else "",
        "title": training_report.breakdown_titles()[breakdown.slug],
    }


def summary(report):
    """(label, value) of this period's headline figures."""
    return [
        (COLUMNS[name].label, training_report.display(COLUMNS[name], getattr(report.total, name)))
        for name in DASHBOARD_FIGURES
    ]


class TrainingReportView(ReportMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/training_report.html"
    page_title = _("III.3 training report")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(form=self.form, report=self.report, **kwargs)
        report = self.report
        if report is None:
            return context
        query = self.query_string()
        document = self.document
        context.update(
            document=document,
            national_heading=training_report.national_heading(),
            kind=training_report.kind_line(),
            title=training_report.title(report),
            lines=[training_report.period_line(report), training_report.unit_line(report)],
            basis=training_report.basis(report, document),
            summary=summary(report),
            summary_headers=training_report.summary_headers(),
            summary_rows=training_report.summary_rows(report, document),
            recipients_heading=training_report.recipients_heading(),
            recipients=training_report.recipient_lines(document),
            signatures=training_report.signatures(),
            chart=svg_bar_chart(coverage_chart(report.by_institution_type)),
            tables=[table(breakdown) for breakdown in report.breakdowns],
            notes_heading=training_report.notes_heading(),
            notes=training_report.notes(report, document),
            downloads=[
                (label, f"{reverse('training_report:download', args=[file_format])}?{query}")
                for file_format, label in DOWNLOADS
            ],
        )
        return context


class TrainingReportDownloadView(ReportMixin, View):
    """The report of the page's form as XLSX, DOCX or PDF; every download is logged."""

    def get(self, request, file_format):
        if file_format not in training_report.FORMATS:
            raise Http404
        report = self.report
        if report is None:
            messages.error(request, _("Correct the period before downloading the report."))
            return redirect(f"{reverse('training_report:index')}?{request.GET.urlencode()}")
        data = training_report.render(report, file_format, self.document)
        AuditEntry.record_export(
            request.user, training_report.EXPORT_KIND, file_format, report.filters(), rows=report.row_count
        )
        response = HttpResponse(data, content_type=training_report.CONTENT_TYPES[file_format])
        response["Content-Disposition"] = training_report.content_disposition(report, file_format)
        return response


# Dashboard ---------------------------------------------------------------------------------------


class TrainingReportPanel(Component):
    """This year's figures at a glance and the chart, for the viewer's scope (HR its units,
    provincial administrators the province), as the III.3 report counts them for the period it
    opens on: the totals and the breakdown by institution type only, a constant number of
    queries."""

    name = "training_report"
    template_name = "reports/dashboard_panel.html"
    order = 90  # before Wagtail's own panels (workflows 100+, recent edits 250)

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        period = Period.current()
        report = TrainingReport(self.user, period)
        period_query = {"preset": period.preset, "year": period.year}  # the report opens on the same period
        return {
            "period": training_report.period_line(report),
            "unit": training_report.unit_line(report),
            "summary": summary(report),
            "chart": svg_bar_chart(coverage_chart(report.by_institution_type), chart_id="dashboard-training-chart"),
            "report_url": f"{reverse('training_report:index')}?{urlencode(period_query)}",
        }
