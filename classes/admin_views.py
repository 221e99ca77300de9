"""The screens of one in-person class beyond Wagtail's generic ones: its attendance (by hand)
and the attendance import from a sheet (dry run and preview, then confirmation of exactly
the previewed file).

Every screen looks the class up in ``services.classes_for(user)``, so a class outside the
user's scope is a 404; every participant shown, added, changed or imported is one of
``services.participants_for(user, class)``.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from people.audit import AuditedImportMixin
from staff_lms.imports import ConfirmSheetView, UploadSheetView
from staff_lms.permissions import PermissionRequiredMixin

from . import services
from .forms import (
    AddParticipantsForm,
    AttendanceFormSet,
    AttendanceImportForm,
    ParticipantSearchForm,
)
from .models import Attendance, TrainingClass
from .resources import attendance_template_xlsx, import_attendance, template_help

SEARCH_LIMIT = 100


class UrlNamesMixin:
    """URL names of the class viewset's screens, passed to each view by ``TrainingClassViewSet``."""

    index_url_name = None
    edit_url_name = None
    attendance_url_name = None
    import_url_name = None
    import_confirm_url_name = None
    template_url_name = None


class ClassPageMixin(PermissionRequiredMixin, UrlNamesMixin, WagtailAdminTemplateMixin):
    """A screen about one class the user may see (a 404 for any other); refused, the Wagtail way,
    to users without the screen's permissions."""

    permission_required = (services.VIEW_CLASSES,)
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission():
            classes = services.classes_for(request.user).select_related("course", "organiser", "trainer__staff_profile")
            self.training_class = get_object_or_404(classes, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def participants(self):
        """Whose attendance in this class the user may see and record."""
        return services.participants_for(self.request.user, self.training_class)

    @cached_property
    def attendance_url(self):
        return reverse(self.attendance_url_name, args=[self.training_class.pk])

    def get_page_subtitle(self):
        return str(self.training_class)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": capfirst(TrainingClass._meta.verbose_name_plural)},
            {"url": self.attendance_url, "label": str(self.training_class)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_import_url(self):
        return reverse(self.import_url_name, args=[self.training_class.pk])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            training_class=self.training_class,
            attendance_url=self.attendance_url,
            import_url=self.get_import_url(),
            template_url=reverse(self.template_url_name),
            **kwargs,
        )


# Attendance by hand ----------------------------------------------------------------------------


class AttendanceView(ClassPageMixin, TemplateView):
    """The class's page: what it was, who attended (those the user may see), who completed.
    POST ``action=save`` saves the attendance table; ``action=add`` adds the ticked people."""

    template_name = "classes/admin/attendance.html"
    page_title = _("Attendance")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": capfirst(TrainingClass._meta.verbose_name_plural)},
            {"url": "", "label": str(self.training_class)},
        ]

    @cached_property
    def can_record(self):
        return services.can_record_attendance(self.request.user)

    def attendances(self):
        return (
            self.training_class.attendances.filter(participant__in=self.participants)
            .select_related("participant__institution", "participant__user", "certificate")
            .order_by("participant__full_name", "pk")
        )

    def get_formset(self, data=None):
        return AttendanceFormSet(
            data,
            queryset=self.attendances(),
            prefix="attendance",
            form_kwargs={"training_class": self.training_class, "user": self.request.user},
        )

    def candidates(self):
        """People the user may add: in their scope, not yet in the class."""
        already = Attendance.objects.filter(training_class=self.training_class, participant=OuterRef("pk"))
        return self.participants.exclude(Exists(already))

    def search_form(self):
        institutions = services.institutions_for(self.request.user, self.training_class).order_by("name")
        return ParticipantSearchForm(self.request.GET or None, institutions=institutions)

    def get_context_data(self, formset=None, **kwargs):
        context = {}
        if self.can_record:
            search = self.search_form()
            results = []
            if search.is_searching():
                results = list(
                    search.search(self.candidates())
                    .select_related("institution", "user")
                    .order_by("full_name", "pk")[: SEARCH_LIMIT + 1]
                )
            context.update(
                search_form=search,
                results=results[:SEARCH_LIMIT],
                more_results=len(results) > SEARCH_LIMIT,
                add_form=AddParticipantsForm(
                    candidates=self.candidates(), training_class=self.training_class, user=self.request.user
                ),
            )
        formset = formset or self.get_formset()
        hidden = 0
        if not services.sees_every_participant(self.request.user, self.training_class):
            hidden = self.training_class.attendances.count() - len(formset.forms)
        return super().get_context_data(
            formset=formset,
            can_record=self.can_record,
            can_manage=TrainingClass.objects.managed_by(self.request.user).filter(pk=self.training_class.pk).exists(),
            edit_url=reverse(self.edit_url_name, args=[self.training_class.pk]),
            hidden_count=hidden,
            completed_count=sum(form.instance.completed for form in formset.forms),
            search_query=self.request.GET.urlencode(),
            **context,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.can_record:
            return permission_denied(request)
        if request.POST.get("action") == "add":
            return self.add_participants()
        return self.save_attendance()

    def save_attendance(self):
        formset = self.get_formset(self.request.POST)
        if not formset.is_valid():
            messages.error(self.request, _("The attendance could not be saved due to errors."))
            return self.render_to_response(self.get_context_data(formset=formset))
        try:
            with transaction.atomic():
                # Django's formset keeps to the rows of its queryset: a forged row naming an
                # attendance the user may not see is left alone.
                changed = formset.save(commit=False)
                for attendance in formset.deleted_objects:
                    services.remove_attendance(attendance, actor=self.request.user)
                for attendance in changed:
                    attendance.training_class = self.training_class
                    services.save_attendance(attendance, actor=self.request.user)
        except ValidationError as error:  # the right to award the course, lost meanwhile
            messages.error(self.request, " ".join(error.messages))
            return redirect(self.attendance_url)
        changed, removed = len(changed), len(formset.deleted_objects)
        if changed or removed:
            messages.success(
                self.request,
                _("Attendance saved: %(changed)d changed, %(removed)d removed.")
                % {"changed": changed, "removed": removed},
            )
        return redirect(self.attendance_url)

    def add_participants(self):
        form = AddParticipantsForm(
            self.request.POST, candidates=self.candidates(), training_class=self.training_class, user=self.request.user
        )
        back = self.attendance_url
        if query := self.request.POST.get("search"):
            back += "?" + query
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(self.request, error)
            return redirect(back)
        people = list(form.cleaned_data["participants"])
        try:
            with transaction.atomic():
                for person in people:
                    services.record_attendance(
                        self.training_class,
                        person,
                        actor=self.request.user,
                        completed=form.cleaned_data["completed"],
                        score=form.cleaned_data["score"],
                    )
        except ValidationError as error:  # the right to award the course, lost meanwhile
            messages.error(self.request, " ".join(error.messages))
            return redirect(back)
        messages.success(
            self.request,
            ngettext("%(count)d participant added.", "%(count)d participants added.", len(people))
            % {"count": len(people)},
        )
        return redirect(self.attendance_url)


# Import ----------------------------------------------------------------------------------------


class ImportPageMixin(AuditedImportMixin, ClassPageMixin):
    permission_required = (services.VIEW_CLASSES, *services.RECORD_ATTENDANCE)
    template_name = "classes/admin/import.html"
    page_title = _("Import attendance")
    header_icon = "upload"
    form_class = AttendanceImportForm
    upload_salt = "classes.attendance.import.upload"
    audit_kind = "attendance"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns_help=template_help(), **kwargs)

    def upload_bound_to(self):
        return self.training_class.pk

    def get_confirm_url(self):
        return reverse(self.import_confirm_url_name, args=[self.training_class.pk])

    def run_import(self, dataset, *, dry_run):
        return import_attendance(self.training_class, self.request.user, dataset, dry_run=dry_run)

    def success_message(self, report):
        return ngettext(
            "%(count)d attendance imported (%(completed)d completed).",
            "%(count)d attendances imported (%(completed)d completed).",
            report.count,
        ) % {"count": report.count, "completed": report.completed_count}

    def get_success_url(self):
        return self.attendance_url


class ImportAttendanceView(ImportPageMixin, UploadSheetView):
    """The attendance sheet's upload and preview."""


class ConfirmImportView(ImportPageMixin, ConfirmSheetView):
    """The import of the previewed attendance sheet."""


class AttendanceTemplateView(PermissionRequiredMixin, View):
    """The attendance sheet template (.xlsx), for whoever may record attendance."""

    permission_required = (services.VIEW_CLASSES, *services.RECORD_ATTENDANCE)

    def get(self, request):
        response = HttpResponse(
            attendance_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="diem-danh-lop-hoc.xlsx"'
        return response
