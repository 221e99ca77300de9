"""The reports app's admin: the completion records and the III.3 report, their URLs and their
items in the "Training" menu (staff_lms.menu, band 600), and the III.3 panel on the dashboard.

Not in Wagtail's own "Reports" menu: that one holds the page reports (locked pages, workflows,
site history...), which staff_lms/wagtail_hooks.py keeps for site-wide page editors.
"""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.permissions import PermissionMenuItem, registered

from . import completion_admin, training_report_admin
from .models import VIEW_COMPLETION_RECORDS, VIEW_TRAINING_REPORT

completion_records_urls = [
    path("", completion_admin.CompletionRecordsView.as_view(), name="index"),
    path("results/", completion_admin.CompletionRecordsView.as_view(results_only=True), name="index_results"),
    path("export/<str:file_format>/", completion_admin.CompletionExportView.as_view(), name="export"),
]


@hooks.register("register_admin_urls")
def register_completion_records_urls():
    return [path("completion-records/", include((completion_records_urls, "completion_records")))]


@hooks.register("register_permissions")
def register_report_permissions():
    """For Wagtail's group editor (``Report`` has no screen of its own)."""
    return registered(VIEW_COMPLETION_RECORDS, VIEW_TRAINING_REPORT)


@hooks.register(TRAINING_MENU_HOOK)
def completion_records_menu_item():
    return PermissionMenuItem(
        _("Completion records"),
        reverse_lazy("completion_records:index"),
        icon_name="tasks",
        order=610,
        permission_required=VIEW_COMPLETION_RECORDS,
    )


# The III.3 report ---------------------------------------------------------------------------------

training_report_urls = [
    path("", training_report_admin.TrainingReportView.as_view(), name="index"),
    path("download/<str:file_format>/", training_report_admin.TrainingReportDownloadView.as_view(), name="download"),
]


@hooks.register("register_admin_urls")
def register_training_report_urls():
    return [path("training-report/", include((training_report_urls, "training_report")))]


@hooks.register(TRAINING_MENU_HOOK)
def training_report_menu_item():
    return PermissionMenuItem(
        _("III.3 report"),
        reverse_lazy("training_report:index"),
        icon_name="table",
        order=620,
        permission_required=VIEW_TRAINING_REPORT,
    )


@hooks.register("construct_homepage_panels")
def add_training_report_panel(request, panels):
    if request.user.has_perm(VIEW_TRAINING_REPORT):
        panels.append(training_report_admin.TrainingReportPanel(request.user))
