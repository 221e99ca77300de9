from django.urls import path

from . import views

app_name = "scorm"

urlpatterns = [
    path("lessons/<int:lesson_id>/commit/", views.commit, name="commit"),
    path("content/<str:token>/<path:name>", views.content, name="content"),
]
