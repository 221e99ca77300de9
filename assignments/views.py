"""The "Assignments" screens of the Wagtail admin: assign a course (with a preview), the list of
assignments (remove one), and the training matrix with its XLSX and CSV export.

For HR officers, on the staff of their own scope only, and for provincial administrators, on
everyone: each screen asks its permission (``services.ASSIGN``, ``FOLLOW``, ``REMOVE``); anyone
without it is refused. The rules themselves live in ``assignments.services``.
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from courses.models import Enrolment
from people.exports import hand_off
from people.models import AuditEntry, display_name
from people.roles import institutions_in_scope
from staff_lms.downloads import content_disposition
from staff_lms.listings import ButtonsTitleColumn, ListingMixin, SelectColumn
from staff_lms.permissions import PermissionRequiredMixin

from . import services
from .forms import AssignmentFilterSet, AssignmentForm, MatrixFilterForm

PREVIEW_ROWS = 100
LIST_ROWS = 50
MATRIX_ROWS = 100


class AssignmentsMixin(PermissionRequiredMixin):
    """``self.scope`` is the user's scope. Following the assignments (the list, the matrix) unless
    the screen asks another permission."""

    permission_required = services.FOLLOW

    @cached_property
    def scope(self):
        return institutions_in_scope(self.request.user)


class AdminPageMixin(AssignmentsMixin, WagtailAdminTemplateMixin):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(is_scoped=self.scope is not None, **kwargs)


# Assign ---------------------------------------------------------------------------------------------


class AssignView(AdminPageMixin, FormView):
    """The form, then (a valid POST) the preview with a confirmation that posts the same
    fields again with ``confirm``; only that second POST writes."""

    permission_required = services.ASSIGN
    template_name = "assignments/admin/assign.html"
    page_title = _("Assign a course")
    header_icon = "calendar-check"
    form_class = AssignmentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "scope": self.scope}

    def get_initial(self):
        course = self.request.GET.get("course")
        return {"course": course} if course and course.isdigit() else {}

    def form_valid(self, form):
        course, due_date = form.cleaned_data["course"], form.cleaned_data["due_date"]
        learners = form.learners()
        if "confirm" not in self.request.POST:
            preview = services.plan(course, learners, due_date, sample_size=PREVIEW_ROWS)
            if not preview.total:
                form.add_error(None, _("No staff in your scope match this choice."))
                return self.form_invalid(form)
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        result = services.assign(course, learners, due_date, self.request.user)
        messages.success(
            self.request,
            _("“%(course)s” assigned, due %(date)s: %(enrolled)s, %(updated)s, %(skipped)s.")
            % {
                "course": course.title,
                "date": date_format(due_date, "SHORT_DATE_FORMAT"),
                "enrolled": ngettext("%(count)d learner enrolled", "%(count)d learners enrolled", result.enrol)
                % {"count": result.enrol},
                "updated": ngettext(
                    "%(count)d due date set or changed", "%(count)d due dates set or changed", result.update
                )
                % {"count": result.update},
                "skipped": ngettext(
                    "%(count)d already completed (left as is)",
                    "%(count)d already completed (left as is)",
                    result.completed,
                )
                % {"count": result.completed},
            },
        )
        return redirect(f"{reverse('assignments:list')}?{urlencode({'course': course.pk})}")


# The list -------------------------------------------------------------------------------------------


class AssignmentListView(ListingMixin, IndexView):
    """The assignments of the user's scope. Those who may remove assignments select some, or one
    from its row, for ``RemoveAssignmentsView``, which brings them back to the list as filtered."""

    model = Enrolment
    any_permission_required = ["view"]
    page_title = _("Assigned courses")
    header_icon = "list-ul"
    index_url_name = "assignments:list"
    index_results_url_name = "assignments:list_results"
    results_template_name = "assignments/admin/assignments_results.html"
    filterset_class = AssignmentFilterSet
    search_fields = ["user__staff_profile__full_name", "user__staff_profile__employee_code"]
    paginate_by = LIST_ROWS
    items_count_label = ngettext_lazy("%(count)d assignment", "%(count)d assignments", "count")
    no_results_message = _("No assignments match.")

    @cached_property
    def scope(self):
        return institutions_in_scope(self.request.user)

    @cached_property
    def may_remove(self):
        return self.user_has_permission("delete")

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "scope": self.scope}

    def get_base_queryset(self):
        return (
            services.assignments_in_scope(self.scope)
            .with_progress()
            .select_related("course", "user__staff_profile__institution", "assigned_by__staff_profile")
            .order_by("due_date", "course__title", "user__staff_profile__full_name", "pk")
        )

    @cached_property
    def columns(self):
        columns = [
            ButtonsTitleColumn(
                "learner", label=_("Learner"), accessor=learner_label, get_buttons=self.get_list_buttons
            ),
            Column("institution", label=_("Institution"), accessor=institution_name),
            Column("course", label=_("Course"), accessor="course.title"),
            Column("due_date", label=_("Due date"), accessor=lambda e: date_format(e.due_date, "SHORT_DATE_FORMAT")),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor=lambda e: Enrolment.Status(e.status).label,
                primary=lambda e: e.status == Enrolment.Status.OVERDUE,
            ),
            Column("progress", label=_("Progress"), accessor=lambda e: f"{e.progress_percent}%"),
            Column("assigned_by", label=_("Assigned by"), accessor=assigner_name),
        ]
        if self.may_remove:
            columns.insert(0, SelectColumn("id", label=_("Select")))
        return columns

    @cached_property
    def listing_url(self):
        """This list as it is filtered, where removing assignments comes back to."""
        query = self.request.GET.copy()
        query.pop("_w_filter_fragment", None)
        return f"{self.index_url}?{query.urlencode()}" if query else self.index_url

    def remove_url(self, enrolment):
        return f"{reverse('assignments:remove')}?{urlencode({'id': enrolment.pk, 'next': self.listing_url})}"

    def get_list_more_buttons(self, instance):
        if not self.may_remove:
            return []
        return [MenuItem(_("Remove"), url=self.remove_url(instance), icon_name="cross")]

    @cached_property
    def header_buttons(self):
        buttons = [HeaderButton(_("Training matrix"), url=reverse("assignments:matrix"), icon_name="table")]
        if self.user_has_permission("add"):
            buttons.insert(0, HeaderButton(_("Assign a course"), url=reverse("assignments:assign"), icon_name="plus"))
        return buttons


def learner_label(enrolment):
    profile = getattr(enrolment.user, "staff_profile", None)
    name = (profile and profile.full_name) or enrolment.user.get_username()
    return f"{name} ({profile.employee_code})" if profile and profile.employee_code else name


def institution_name(enrolment):
    profile = getattr(enrolment.user, "staff_profile", None)
    return profile.institution.name if profile and profile.institution_id else "—"


def assigner_name(enrolment):
    return display_name(enrolment.assigned_by) if enrolment.assigned_by_id else "—"


class RemoveAssignmentsView(AdminPageMixin, TemplateView):
    """GET: the selected assignments (``?id=…``) and a confirmation; POST: clear their due
    dates. A selected id outside the user's scope stops everything."""

    permission_required = services.REMOVE
    template_name = "assignments/admin/remove_assignments.html"
    page_title = _("Remove assignments")
    header_icon = "cross"

    def selection(self, data):
        ids = {int(pk) for pk in data.getlist("id") if pk.isdigit()}
        found = list(
            services.assignments_in_scope(self.scope)
            .filter(pk__in=ids)
            .select_related("course", "user__staff_profile__institution")
            .order_by("course__title", "user__staff_profile__full_name", "pk")
        )
        return found, len(ids) - len(found)

    def get(self, request):
        found, missing = self.selection(request.GET)
        if missing or not found:
            return self.refuse(missing)
        for enrolment in found:
            enrolment.status_label = Enrolment.Status(enrolment.status).label
        return self.render_to_response(self.get_context_data(enrolments=found, next_url=self.next_url(request.GET)))

    def post(self, request):
        found, missing = self.selection(request.POST)
        if missing or not found:
            return self.refuse(missing)
        removed = services.remove_assignments(
            services.enrolments_in_scope(self.scope).filter(pk__in=[e.pk for e in found])
        )
        messages.success(
            request,
            ngettext(
                "%(count)d assignment removed; progress is kept.",
                "%(count)d assignments removed; progress is kept.",
                removed,
            )
            % {"count": removed},
        )
        return redirect(self.next_url(request.POST))

    def refuse(self, missing):
        if missing:
            messages.error(
                self.request,
                ngettext(
                    "%(count)d selected assignment does not exist or is not yours to manage: nothing was removed.",
                    "%(count)d selected assignments do not exist or are not yours to manage: nothing was removed.",
                    missing,
                )
                % {"count": missing},
            )
        else:
            messages.error(self.request, gettext("No assignments were selected."))
        return redirect(self.next_url(self.request.POST or self.request.GET))

    def next_url(self, data):
        """Back to the list as it was filtered (only a path of this site)."""
        listing = reverse("assignments:list")
        next_url = data.get("next", "")
        return next_url if next_url.startswith(listing) else listing


# The training matrix --------------------------------------------------------------------------------


class MatrixMixin(AssignmentsMixin):
    @cached_property
    def form(self):
        return MatrixFilterForm(self.request.GET or None, scope=self.scope)

    def staff_and_courses(self):
        filters = self.form.filters()
        profiles = services.matrix_staff(self.scope, **filters)
        return profiles, services.matrix_courses(profiles, filters["course"])


class MatrixView(MatrixMixin, AdminPageMixin, TemplateView):
    template_name = "assignments/admin/matrix.html"
    page_title = _("Training matrix")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        profiles, courses = self.staff_and_courses()
        page = Paginator(profiles, MATRIX_ROWS).get_page(self.request.GET.get("p"))
        rows = services.matrix_rows(list(page.object_list), courses)
        return super().get_context_data(
            form=self.form,
            courses=courses,
            rows=rows,
            page=page,
            elided_page_range=page.paginator.get_elided_page_range(page.number),
            export_urls={file_format: self.export_url(file_format) for file_format in MatrixExportView.formats},
            **kwargs,
        )

    def export_url(self, file_format):
        query = self.request.GET.copy()
        query.pop("p", None)
        query["format"] = file_format
        return f"{reverse('assignments:matrix_export')}?{query.urlencode()}"


class MatrixExportView(MatrixMixin, View):
    """The whole matrix as filtered (every page), as XLSX or CSV, prepared in the background past
    some thousands of staff (people/exports.py); logged in ``AuditEntry``."""

    formats = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "csv": "text/csv; charset=utf-8",
    }

    def get(self, request):
        file_format = request.GET.get("format", "xlsx")
        if file_format not in self.formats:
            file_format = "xlsx"
        profiles, courses = self.staff_and_courses()
        prepared = hand_off(
            request,
            title=gettext("Training matrix"),
            file_format=file_format,
            rows=profiles.count(),
            permission=self.permission_required,
        )
        if prepared is not None:
            return prepared
        rows = services.matrix_rows(profiles, courses)
        header, table = services.matrix_table(rows, courses)
        if file_format == "xlsx":
            content = services.to_xlsx(header, table, gettext("Training matrix"))
        else:
            content = services.to_csv(header, table)
        filters = {key: value for key, value in self.form.filters().items() if value}
        AuditEntry.record_export(request.user, "training matrix", file_format, filters=filters, rows=len(table))
        response = HttpResponse(content, content_type=self.formats[file_format])
        filename = f"{gettext('Training matrix')} {timezone.localdate():%Y%m%d}.{file_format}"
        response["Content-Disposition"] = content_disposition(filename)
        return response
