"""The LMS plugin's URLconf: a host site includes this one module.

    path("", include("courses.urls"))

It holds the learner's pages and the account pages (people.urls). Include it before
Wagtail's own ``wagtail.urls``, which catches every other path.
"""

from django.apps import apps
from django.urls import include, path

from . import views

learning_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/handbook.pdf", views.handbook, name="handbook"),
    path("lessons/<int:lesson_id>/done/", views.mark_lesson_done, name="lesson_done"),
]

urlpatterns = [
    path("learning/", include((learning_patterns, "courses"))),
    path("accounts/", include("people.urls")),
]

# Apps above courses in the design (quizzes, certificates, reports) hang their URLs here
# when installed; courses does not import them.
for label in ("quizzes", "certificates", "reports"):
    if apps.is_installed(label):
        urlpatterns.append(path(f"{label}/", include(f"{label}.urls")))
