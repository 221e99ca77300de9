from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.permissions import PermissionMenuItem, registered

from . import admin_urls
from .admin_views import VIEW_RESULTS


@hooks.register("register_admin_urls")
def register_scorm_admin_urls():
    return [path("scorm/", include(admin_urls))]


@hooks.register("register_permissions")
def register_scorm_permissions():
    """For Wagtail's group editor: reading the learners' SCORM results."""
    return registered(VIEW_RESULTS)


# After the quiz statistics (460).
@hooks.register(TRAINING_MENU_HOOK)
def results_menu_item():
    return PermissionMenuItem(
        _("SCORM results"),
        reverse_lazy("scorm_admin:results_index"),
        icon_name="table",
        order=470,
        permission_required=VIEW_RESULTS,
    )
