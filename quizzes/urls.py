from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<int:quiz_id>/", views.quiz_detail, name="quiz"),
    path("<int:quiz_id>/start/", views.start, name="start"),
    path("attempts/<int:attempt_id>/", views.attempt_detail, name="attempt"),
    path("attempts/<int:attempt_id>/questions/<int:number>/", views.question, name="question"),
    path("attempts/<int:attempt_id>/answer/", views.save_answer, name="save_answer"),
    path("attempts/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("progress/", views.progress, name="progress"),
]
