"""URLs of the assignment screens, mounted under /admin/assignments/ by wagtail_hooks.py."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.AssignmentListView.as_view(), name="list"),
    path("new/", admin_views.AssignView.as_view(), name="assign"),
    path("remove/", admin_views.RemoveAssignmentsView.as_view(), name="remove"),
    path("matrix/", admin_views.MatrixView.as_view(), name="matrix"),
    path("matrix/export/", admin_views.MatrixExportView.as_view(), name="matrix_export"),
]
