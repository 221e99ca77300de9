"""SCORM results in the Wagtail admin: the SCORM lessons a user supervises, and per lesson each
learner's record (status, passed or failed, score, time, runs, dates), with its export.

Reading them needs ``VIEW_RESULTS`` (trainers and provincial administrators), and only ever shows
the lessons of ``ScormLessonPage.objects.supervised_by(user)``: another trainer's lesson is a 404.
"""

import decimal

from django.db.models import Avg, Count, F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from courses.models import CoursePage, course_path_of
from people.audit import AuditedExportMixin
from people.models import display_name
from staff_lms.listings import ListingPaginator
from staff_lms.permissions import PermissionRequiredMixin

from .models import ScormLessonPage, ScormRecord

VIEW_RESULTS = "scorm.view_scormrecord"


# The export's columns, in order; the listing shows the same ones.
HEADINGS = {
    "learner": pgettext_lazy("SCORM results", "Learner"),
    "institution": pgettext_lazy("SCORM results", "Institution"),
    "status": pgettext_lazy("SCORM results", "Status"),
    "success": pgettext_lazy("SCORM results", "Result"),
    "score": pgettext_lazy("SCORM results", "Score (%)"),
    "total_time": pgettext_lazy("SCORM results", "Total time"),
    "launches": pgettext_lazy("SCORM results", "Runs"),
    "started_at": pgettext_lazy("SCORM results", "First opened"),
    "saved_at": pgettext_lazy("SCORM results", "Last saved"),
    "completed_at": pgettext_lazy("SCORM results", "Done at"),
    "package_version": pgettext_lazy("SCORM results", "Package version"),
}


def duration(seconds):
    """``seconds`` as h:mm:ss (hours past 24 stay hours)."""
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"


def moment(value):
    """A date and time in the user's language's short format (vi: 14:05 07/12/2026), or —."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "—"


def score(value):
    return floatformat(value, -1) if value is not None else "—"


class ResultsIndexView(PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_required = VIEW_RESULTS
    template_name = "scorm/admin/results_index.html"
    page_title = _("SCORM results")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        course = CoursePage.objects.filter(path=course_path_of(OuterRef("path")))
        lessons = (
            ScormLessonPage.objects.supervised_by(self.request.user)
            .select_related("package")
            .annotate(
                course_title=Subquery(course.values("title")[:1]),
                opened=Count("records"),
                done=Count("records", filter=Q(records__completed_at__isnull=False)),
                mean_score=Avg("records__score"),
            )
            .order_by("course_title", "path")
        )
        return super().get_context_data(lessons=lessons, **kwargs)


class ResultsView(AuditedExportMixin, IndexView):
    """One SCORM lesson's records, a row per learner, by name (or by any sortable column), 50 a
    page; exported (XLSX, CSV) whole, formula-safe and written in the audit trail."""

    model = ScormRecord
    any_permission_required = ["view"]
    header_icon = "table"
    paginate_by = 50
    paginator_class = ListingPaginator
    default_ordering = "learner"
    export_log_kind = "SCORM results"
    items_count_label = ngettext_lazy("%(count)d learner", "%(count)d learners", "count")
    no_results_message = _("No learner has opened this lesson yet.")
    list_export = list(HEADINGS)
    export_headings = HEADINGS
    # What each sortable column orders by, then the learner's name; empty values last either way.
    orderings = {
        "learner": ("enrolment__user__staff_profile__full_name", "enrolment__user__username"),
        "institution": ("enrolment__user__staff_profile__institution__name",),
        "score": ("score",),
        "started_at": ("started_at",),
        "saved_at": ("saved_at",),
        "completed_at": ("completed_at",),
    }

    @cached_property
    def lesson(self):
        return get_object_or_404(
            ScormLessonPage.objects.supervised_by(self.request.user).select_related("package"),
            pk=self.kwargs["lesson_id"],
        )

    @cached_property
    def columns(self):
        def column(name, accessor, **kwargs):
            return Column(name, label=HEADINGS[name], accessor=accessor, **kwargs)

        return [
            column("learner", lambda r: display_name(r.enrolment.user), sort_key="learner"),
            column("institution", institution_name, sort_key="institution"),
            column("status", "status_label"),
            column("success", "success_label"),
            column("score", lambda r: score(r.score), sort_key="score"),
            column("total_time", lambda r: duration(r.total_seconds)),
            column("launches", "launches"),
            column("started_at", lambda r: moment(r.started_at), sort_key="started_at"),
            column("saved_at", lambda r: moment(r.saved_at), sort_key="saved_at"),
            column("completed_at", lambda r: moment(r.completed_at), sort_key="completed_at"),
            column("package_version", package_version),
        ]

    def get_page_title(self):
        return _("SCORM results: %(lesson)s") % {"lesson": self.lesson.title}

    @cached_property
    def export_title(self):
        return self.get_page_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("scorm_admin:results_index"), "label": _("SCORM results")},
            {"url": "", "label": self.lesson.title},
        ]

    def get_index_url(self):
        return reverse("scorm_admin:results", args=[self.lesson.pk])

    def get_index_results_url(self):
        return None

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, count_label=self.items_count_label, **kwargs)

    def get_base_queryset(self):
        return ScormRecord.objects.filter(lesson=self.lesson).with_learners()

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        key, descending = ordering.lstrip("-"), ordering.startswith("-")
        fields = self.orderings.get(key, self.orderings[self.default_ordering])
        order = [F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True) for field in fields]
        if key != self.default_ordering:
            order += [F(field).asc() for field in self.orderings[self.default_ordering]]
        return queryset.order_by(*order, "pk")

    def get_filename(self):
        return f"scorm-results-{self.lesson.pk}"

    def to_row_dict(self, item):
        return {
            "learner": display_name(item.enrolment.user),
            "institution": institution_name(item),
            "status": str(item.status_label),
            "success": str(item.success_label),
            "score": item.score,
            "total_time": duration(item.total_seconds),
            "launches": item.launches,
            "started_at": item.started_at,
            "saved_at": item.saved_at,
            "completed_at": item.completed_at,
            "package_version": package_version(item),
        }

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_XLSX and isinstance(value, int | decimal.Decimal):
            return value  # a number the spreadsheet can add up
        if value is None:
            return ""
        return super().preprocess_field_value(field, value, export_format)


def institution_name(record):
    profile = getattr(record.enrolment.user, "staff_profile", None)
    return profile.institution.name if profile is not None and profile.institution is not None else "—"


def package_version(record):
    if record.package is None:
        return "—"
    return _("version %(number)s") % {"number": record.package.number}
