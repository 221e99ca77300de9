"""URLs of the assignment screens, mounted under /admin/assignments/ by wagtail_hooks.py (namespace "assignments")."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.AssignmentListView.as_view(), name="list"),
    path("results/", views.AssignmentListView.as_view(results_only=True), name="list_results"),
    path("new/", views.AssignView.as_view(), name="assign"),
    path("remove/", views.RemoveAssignmentsView.as_view(), name="remove"),
    path("matrix/", views.MatrixView.as_view(), name="matrix"),
    path("matrix/export/", views.MatrixExportView.as_view(), name="matrix_export"),
]
