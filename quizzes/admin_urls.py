"""URLs of the trainer screens, mounted under /admin/quizzes/ by wagtail_hooks.py."""

from django.urls import path

from . import admin_views

app_name = "quizzes_admin"

urlpatterns = [
    path("import/", admin_views.ImportQuestionsView.as_view(), name="import"),
    path("import/confirm/", admin_views.ConfirmImportView.as_view(), name="import_confirm"),
    path("import/template.xlsx", admin_views.QuestionTemplateView.as_view(), name="import_template"),
    path("marking/", admin_views.MarkingIndexView.as_view(), name="marking"),
    path("marking/results/", admin_views.MarkingIndexView.as_view(results_only=True), name="marking_results"),
    path("marking/<int:response_id>/", admin_views.MarkResponseView.as_view(), name="mark"),
    path("statistics/", admin_views.StatisticsIndexView.as_view(), name="statistics_index"),
    path("statistics/<int:quiz_id>/", admin_views.QuizStatisticsView.as_view(), name="statistics"),
]
