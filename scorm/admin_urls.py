"""URLs of the SCORM results screens, mounted under /admin/scorm/ by wagtail_hooks.py."""

from django.urls import path

from . import admin_views

app_name = "scorm_admin"

urlpatterns = [
    path("results/", admin_views.ResultsIndexView.as_view(), name="results_index"),
    path("results/<int:lesson_id>/", admin_views.ResultsView.as_view(), name="results"),
]
