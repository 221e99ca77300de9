from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from staff_lms.permissions import PermissionMenuItem

from . import services, urls
from .dashboard import OverdueAssignmentsPanel

# Assignments: a menu for HR and provincial administrators -----------------------------------------

ASSIGNMENTS_MENU_HOOK = "register_assignments_menu_item"


@hooks.register("register_admin_urls")
def register_assignment_admin_urls():
    return [path("assignments/", include((urls, "assignments")))]


@hooks.register("register_admin_menu_item")
def assignments_menu():
    return SubmenuMenuItem(
        _("Assignments"),
        Menu(register_hook_name=ASSIGNMENTS_MENU_HOOK),
        name="assignments",
        icon_name="date",
        order=260,
    )


@hooks.register(ASSIGNMENTS_MENU_HOOK)
def assign_menu_item():
    return PermissionMenuItem(
        _("Assign a course"),
        reverse_lazy("assignments:assign"),
        icon_name="calendar-check",
        order=1,
        permission_required=services.ASSIGN,
    )


@hooks.register(ASSIGNMENTS_MENU_HOOK)
def assignment_list_menu_item():
    return PermissionMenuItem(
        _("Assigned courses"),
        reverse_lazy("assignments:list"),
        icon_name="list-ul",
        order=2,
        permission_required=services.FOLLOW,
    )


@hooks.register(ASSIGNMENTS_MENU_HOOK)
def matrix_menu_item():
    return PermissionMenuItem(
        _("Training matrix"),
        reverse_lazy("assignments:matrix"),
        icon_name="table",
        order=3,
        permission_required=services.FOLLOW,
    )


@hooks.register("construct_homepage_panels")
def add_overdue_assignments_panel(request, panels):
    OverdueAssignmentsPanel.register(request, panels)
