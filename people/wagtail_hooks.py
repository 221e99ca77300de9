from django.contrib.auth import get_user_model
from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError
from django.shortcuts import redirect
from django.urls import include, path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from staff_lms.dashboard import SettingsMissingPanel
from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.permissions import PermissionMenuItem, registered
from staff_lms.scoping import RecordPermissionPolicy, ScopedPermissionPolicy

from . import admin_anonymisation, admin_exports, admin_invitations, admin_views, audit
from .models import AuditEntry, IssuingBody, PreparedExport, StaffProfile, StaffProfileLogEntry
from .roster import MANAGE_ROSTER
from .viewsets import VIEWSETS

register_permission_policy(AuditEntry, RecordPermissionPolicy(AuditEntry))
# Staff outside the user's scope are out of reach of Wagtail's bulk actions too.
register_permission_policy(StaffProfile, ScopedPermissionPolicy(StaffProfile))
for viewset in VIEWSETS:
    register_snippet(viewset)


@hooks.register("register_permissions")
def register_people_permissions():
    """For Wagtail's group editor: the "view" permissions its snippet screens leave out (they
    show the others, and "Can oversee the whole province" with HR scopes)."""
    return registered(
        *(f"people.view_{model}" for model in ("administrativeunit", "institution", "staffprofile", "hrscope"))
    )


hooks.register("after_bulk_action", audit.users_set_active)
hooks.register("register_bulk_action", admin_invitations.InviteBulkAction)


def holds_records(user):
    """Whether deleting ``user`` is refused by the database: certificates and class attendance
    are official records (on_delete=PROTECT)."""
    collector = Collector(using=router.db_for_write(type(user)))
    try:
        collector.collect([user])
    except (ProtectedError, RestrictedError):
        return True
    return False


def refuse(request, users, next_url):
    messages.error(
        request,
        ngettext(
            "%(names)s holds official records (certificates or class attendance) and cannot be "
            "deleted: deactivate the account instead.",
            "%(names)s hold official records (certificates or class attendance) and cannot be "
            "deleted: deactivate the accounts instead.",
            len(users),
        )
        % {"names": ", ".join(user.get_username() for user in users)},
    )
    return redirect(next_url)


@hooks.register("before_delete_user")
def keep_accounts_with_records(request, user):
    if holds_records(user):
        return refuse(request, [user], reverse("wagtailusers_users:edit", args=[user.pk]))
    return None


@hooks.register("before_bulk_action")
def keep_accounts_with_records_in_bulk(request, action_type, objects, action_view):
    if action_type == "delete" and getattr(action_view, "model", None) is get_user_model():
        kept = [user for user in objects if holds_records(user)]
        if kept:
            return refuse(request, kept, reverse("wagtailusers_users:index"))
    return None


@hooks.register("register_log_actions")
def register_staff_profile_log_model(actions):
    """Staff profile history in its own table, scoped like the profiles (staff_lms.scoping)."""
    actions.register_model(StaffProfile, StaffProfileLogEntry)


admin_urlpatterns = [
    path("import/", admin_views.ImportStaffView.as_view(), name="import_staff"),
    path("import/confirm/", admin_views.ConfirmImportView.as_view(), name="import_staff_confirm"),
    path("import/template.xlsx", admin_views.StaffTemplateView.as_view(), name="import_staff_template"),
    path("invite/imported/", admin_invitations.InviteImportedView.as_view(), name="invite_imported"),
    path("anonymise/<int:pk>/", admin_anonymisation.AnonymiseView.as_view(), name="anonymise"),
    path("exports/", admin_exports.PreparedExportsView.as_view(), name="prepared_exports"),
    path("exports/<int:pk>/", admin_exports.PreparedExportDownloadView.as_view(), name="prepared_export_download"),
]


@hooks.register("register_admin_urls")
def register_people_admin_urls():
    return [path("people/", include((admin_urlpatterns, "people_admin")))]


@hooks.register(TRAINING_MENU_HOOK)
def import_staff_menu_item():
    # Right below the Staff listing (110).
    return PermissionMenuItem(
        _("Import staff"),
        reverse_lazy("people_admin:import_staff"),
        icon_name="upload",
        order=120,
        permission_required=MANAGE_ROSTER,
    )


class PreparedExportsMenuItem(MenuItem):
    """ "Prepared downloads", for those who have one still kept (people/exports.py)."""

    def is_shown(self, request):
        return PreparedExport.objects.of(request.user).filter(expires_at__gte=timezone.now()).exists()


@hooks.register(TRAINING_MENU_HOOK)
def prepared_exports_menu_item():
    # The end of people's band: the downloads of every listing, the Staff one included.
    return PreparedExportsMenuItem(
        _("Prepared downloads"), reverse_lazy("people_admin:prepared_exports"), icon_name="download", order=190
    )


@hooks.register("construct_homepage_panels")
def add_issuing_body_missing_panel(request, panels):
    SettingsMissingPanel.register(
        panels,
        request,
        IssuingBody,
        heading=_("The issuing body is not set up yet"),
        text=_(
            "Fill Settings → Issuing body before the first document is issued: certificates, reports and "
            "handbooks print the issuing body and the place given there."
        ),
        button=_("Fill Settings → Issuing body"),
    )
