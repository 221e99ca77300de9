"""Roster screens of the Wagtail admin: import staff from a sheet (dry run, then confirm), its
template, and the Staff listing's header button and audited, formula-safe export.

HR imports into and exports from the institutions of its scope only; the provincial
administrator everywhere (people.roles). The sheet format is in people/resources.py.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, View
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView

from .forms import ConfirmImportForm, StaffImportForm
from .models import Institution
from .resources import (
    RowStatus,
    export_heading,
    export_row,
    import_staff,
    read_sheet,
    roster_template_xlsx,
    template_help,
    template_notes,
)
from .roles import institutions_in_scope, is_hr, is_provincial_admin
from .sheets import AuditedExportMixin, claim_upload, stash_upload

STAFF_LISTING = "wagtailsnippets_people_staffprofile:list"


def can_import_staff(user):
    return is_provincial_admin(user) or is_hr(user)


def institutions_for(user):
    """The institutions ``user`` may import staff into."""
    scope = institutions_in_scope(user)
    institutions = Institution.objects.order_by("name")
    return institutions if scope is None else institutions.filter(pk__in=scope)


class ImportAccessMixin:
    """Refuse the screen, the Wagtail way, to users who may not import staff."""

    def dispatch(self, request, *args, **kwargs):
        if not can_import_staff(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


# Import --------------------------------------------------------------------------------------------

UPLOAD_SALT = "people.import.upload"


class ImportPageMixin(ImportAccessMixin, WagtailAdminTemplateMixin):
    template_name = "people/admin/import.html"
    page_title = _("Import staff")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(STAFF_LISTING), "label": _("Staff")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", StaffImportForm())
        return super().get_context_data(
            columns_help=template_help(),
            notes=template_notes(),
            institution_count=institutions_for(self.request.user).count(),
            statuses=RowStatus,
            **kwargs,
        )


class ImportStaffView(ImportPageMixin, FormView):
    """Upload → dry run → the preview (or the row errors) and a confirmation form."""

    form_class = StaffImportForm

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        report = import_staff(form.dataset, actor=self.request.user, dry_run=True)
        context = {"form": form, "report": report, "filename": upload.name}
        if report.ok:
            token = stash_upload(self.request.user, upload.name, form.data_bytes, salt=UPLOAD_SALT)
            context["confirm_form"] = ConfirmImportForm(initial={"token": token})
        return self.render_to_response(self.get_context_data(**context))


class ConfirmImportView(ImportPageMixin, View):
    """Import for real the very file that was previewed."""

    def post(self, request):
        form = ConfirmImportForm(request.POST)
        upload = claim_upload(request.user, form.cleaned_data["token"], salt=UPLOAD_SALT) if form.is_valid() else None
        if upload is None:
            messages.error(request, _("This preview has expired or was already imported. Upload the file again."))
            return redirect("people_admin:import_staff")
        filename, data = upload
        try:
            report = import_staff(read_sheet(filename, data), actor=request.user, dry_run=False)
        except ValidationError as error:  # only if the rules changed since the preview
            messages.error(request, " ".join(error.messages))
            return redirect("people_admin:import_staff")
        if not report.ok:  # the records changed since the preview
            return self.render_to_response(self.get_context_data(report=report, filename=filename))
        messages.success(
            request,
            _("Staff imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
        )
        return redirect(STAFF_LISTING)


class StaffTemplateView(ImportAccessMixin, View):
    def get(self, request):
        response = HttpResponse(
            roster_template_xlsx(institutions_for(request.user)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="danh-sach-nhan-su-mau.xlsx"'
        return response


# The Staff listing ---------------------------------------------------------------------------------


class StaffIndexView(AuditedExportMixin, IndexView):
    """The Staff listing (already limited to the user's scope by the viewset's queryset), with
    an "Import staff" button; its export is the roster sheet, logged and formula-safe."""

    export_log_kind = "roster"

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if can_import_staff(self.request.user):
            buttons.append(
                HeaderButton(_("Import staff"), url=reverse("people_admin:import_staff"), icon_name="upload")
            )
        return buttons

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            queryset = queryset.select_related("institution__institution_type", "institution__administrative_unit")
        return queryset

    def get_heading(self, queryset, field):
        return str(export_heading(field))

    def to_row_dict(self, item):
        return export_row(item)
