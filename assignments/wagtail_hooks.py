from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.permissions import PermissionMenuItem

from . import services, urls
from .dashboard import OverdueAssignmentsPanel

# Assignments: for HR and provincial administrators, in the "Training" menu (band 200) --------------


@hooks.register("register_admin_urls")
def register_assignment_admin_urls():
    return [path("assignments/", include((urls, "assignments")))]


@hooks.register(TRAINING_MENU_HOOK)
def assign_menu_item():
    return PermissionMenuItem(
        _("Assign a course"),
        reverse_lazy("assignments:assign"),
        icon_name="calendar-check",
        order=210,
        permission_required=services.ASSIGN,
    )


@hooks.register(TRAINING_MENU_HOOK)
def assignment_list_menu_item():
    return PermissionMenuItem(
        _("Assigned courses"),
        reverse_lazy("assignments:list"),
        icon_name="list-ul",
        order=220,
        permission_required=services.FOLLOW,
    )


@hooks.register(TRAINING_MENU_HOOK)
def matrix_menu_item():
    return PermissionMenuItem(
        _("Training matrix"),
        reverse_lazy("assignments:matrix"),
        icon_name="table",
        order=230,
        permission_required=services.FOLLOW,
    )


@hooks.register("construct_homepage_panels")
def add_overdue_assignments_panel(request, panels):
    OverdueAssignmentsPanel.register(request, panels)
