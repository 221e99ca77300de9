"""Roster screens of the Wagtail admin: import staff from a sheet (dry run, then confirm), its
template, and the Staff listing's header button and audited, formula-safe export.

For whoever may manage the roster (``roster.MANAGE_ROSTER``): HR imports into and exports from
the institutions of its scope only, the provincial administrator everywhere
(``people.roles.institutions_in_scope``). The sheet format is in people/roster.py.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView

from staff_lms.downloads import content_disposition
from staff_lms.imports import ConfirmSheetView, UploadSheetView
from staff_lms.permissions import PermissionRequiredMixin

from . import invitations
from .audit import AuditedExportMixin, AuditedImportMixin
from .forms import StaffImportForm
from .invitations import why_not_invited
from .models import Institution
from .roles import institutions_in_scope
from .roster import (
    MANAGE_ROSTER,
    RowStatus,
    export_heading,
    export_row,
    import_staff,
    roster_template_xlsx,
    template_help,
    template_notes,
)

STAFF_LISTING = "wagtailsnippets_people_staffprofile:list"


def institutions_for(user):
    """The institutions ``user`` may import staff into."""
    scope = institutions_in_scope(user)
    institutions = Institution.objects.order_by("name")
    return institutions if scope is None else institutions.filter(pk__in=scope)


# Import --------------------------------------------------------------------------------------------


class ImportPageMixin(AuditedImportMixin, PermissionRequiredMixin, WagtailAdminTemplateMixin):
    permission_required = MANAGE_ROSTER
    template_name = "people/admin/import.html"
    page_title = _("Import staff")
    header_icon = "upload"
    form_class = StaffImportForm
    upload_salt = "people.import.upload"
    audit_kind = "roster"
    import_url_name = "people_admin:import_staff"
    import_confirm_url_name = "people_admin:import_staff_confirm"
    template_url_name = "people_admin:import_staff_template"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(STAFF_LISTING), "label": _("Staff")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            columns_help=template_help(),
            notes=template_notes(),
            institution_count=institutions_for(self.request.user).count(),
            statuses=RowStatus,
            **kwargs,
        )

    def run_import(self, dataset, *, dry_run):
        return import_staff(dataset, actor=self.request.user, dry_run=dry_run)

    def success_message(self, report):
        return _("Staff imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }

    def get_success_url(self):
        return reverse(STAFF_LISTING)


class ImportStaffView(ImportPageMixin, UploadSheetView):
    """The staff sheet's upload and preview."""


class ConfirmImportView(ImportPageMixin, ConfirmSheetView):
    """The import of the previewed staff sheet; when it created accounts, the next page offers
    to send them invitations (``InviteImportedView``)."""

    def after_import(self, report):
        new_accounts = report.new_accounts if invitations.available() else []
        self.new_accounts = remember_new_accounts(self.request, new_accounts)

    def get_success_url(self):
        if self.new_accounts:
            return reverse("people_admin:invite_imported")
        return super().get_success_url()


class StaffTemplateView(PermissionRequiredMixin, View):
    permission_required = MANAGE_ROSTER

    def get(self, request):
        response = HttpResponse(
            roster_template_xlsx(institutions_for(request.user)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = _("Staff roster (template)")
        response["Content-Disposition"] = content_disposition(f"{name}.xlsx")
        return response


# Invitations ------------------------------------------------------------------------------------

NEW_ACCOUNTS_SESSION_KEY = "people.imported_accounts"


def remember_new_accounts(request, users):
    """Keep the accounts an import just created, for the invitation offered next."""
    ids = [user.pk for user in users]
    if ids:
        request.session[NEW_ACCOUNTS_SESSION_KEY] = ids
    else:
        request.session.pop(NEW_ACCOUNTS_SESSION_KEY, None)
    return ids


def invitation_url(profile):
    """The invitation of one person: Wagtail's bulk action, on one profile."""
    return reverse("wagtail_bulk_action", args=["people", "staffprofile", "invite"]) + f"?id={profile.pk}"


def invitation_button(request, profile, button_class, **kwargs):
    """The "Send an invitation" button for ``profile``, if ``request.user`` may invite it now (again:
    a new link)."""
    if not request.user.has_perms(MANAGE_ROSTER) or not invitations.available():
        return None
    if why_not_invited(request.user, profile.user) is not None:
        return None
    return button_class(_("Send an invitation"), url=invitation_url(profile), icon_name="mail", **kwargs)


# Anonymisation (people/admin_anonymisation.py) ------------------------------------------------------

ANONYMISE_PERMISSION = "people.anonymise_staffprofile"


def anonymise_button(request, profile, button_class, **kwargs):
    """The "Anonymise" button for ``profile``, for provincial administrators."""
    if not request.user.has_perm(ANONYMISE_PERMISSION) or profile.anonymised_at is not None:
        return None
    url = reverse("people_admin:anonymise", args=[profile.pk])
    return button_class(_("Anonymise"), url=url, icon_name="user", **kwargs)


# The Staff listing ---------------------------------------------------------------------------------


class StaffIndexView(AuditedExportMixin, IndexView):
    """The Staff listing (already limited to the user's scope by the viewset's queryset), with
    an "Import staff" button and, on the row of each account awaiting its password, "Send an
    invitation" (and "Anonymise" for provincial administrators); its export is the roster sheet,
    logged and formula-safe."""

    export_log_kind = "roster"
    export_title = _("Staff roster")

    def get_list_more_buttons(self, instance):
        extra = [
            invitation_button(self.request, instance, MenuItem, priority=40),
            anonymise_button(self.request, instance, MenuItem, priority=50),
        ]
        return [*super().get_list_more_buttons(instance), *filter(None, extra)]

    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perms(MANAGE_ROSTER):
            buttons.append(
                HeaderButton(_("Import staff"), url=reverse("people_admin:import_staff"), icon_name="upload")
            )
        return buttons

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            queryset = queryset.select_related("institution__institution_type", "institution__administrative_unit")
        else:
            queryset = queryset.prefetch_related("user__groups")  # who may be invited
        return queryset

    def get_heading(self, queryset, field):
        return str(export_heading(field))

    def to_row_dict(self, item):
        return export_row(item)
