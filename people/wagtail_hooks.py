from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_views, audit
from .models import AuditEntry, StaffProfile, StaffProfileLogEntry
from .scoping import RecordPermissionPolicy
from .viewsets import SUBMENU_HOOK, PeopleViewSetGroup

register_permission_policy(AuditEntry, RecordPermissionPolicy(AuditEntry))
register_snippet(PeopleViewSetGroup)


hooks.register("after_bulk_action", audit.users_set_active)


@hooks.register("register_log_actions")
def register_staff_profile_log_model(actions):
    """Staff profile history in its own table, scoped like the profiles (people.scoping)."""
    actions.register_model(StaffProfile, StaffProfileLogEntry)


admin_urlpatterns = [
    path("import/", admin_views.ImportStaffView.as_view(), name="import_staff"),
    path("import/confirm/", admin_views.ConfirmImportView.as_view(), name="import_staff_confirm"),
    path("import/template.xlsx", admin_views.StaffTemplateView.as_view(), name="import_staff_template"),
]


@hooks.register("register_admin_urls")
def register_people_admin_urls():
    return [path("people/", include((admin_urlpatterns, "people_admin")))]


class ImportStaffMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_import_staff(request.user)


@hooks.register(SUBMENU_HOOK)
def import_staff_menu_item():
    # Order 1, as the Staff listing: right below it.
    return ImportStaffMenuItem(
        _("Import staff"), reverse_lazy("people_admin:import_staff"), icon_name="upload", order=1
    )
