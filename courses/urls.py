"""The LMS plugin's URLconf: a host site includes this one module.

    path("", include("courses.urls"))

It holds the learner's pages, the account page and personal-data download (people.urls), the
installable app's manifest and service worker (staff_lms.offline; the worker must be at the site's
root, /sw.js, to answer for every page), and the public pages of the other LMS apps installed.
Include it before Wagtail's own ``wagtail.urls``, which catches every other path. The sign-in views
are a separate include, ``people.account_urls``, which a host with its own login leaves out.
"""

import importlib.util

from django.apps import apps
from django.urls import include, path

from staff_lms import offline

from . import views

learning_patterns = [
    path("", views.dashboard, name="dashboard"),
    path("courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("courses/<int:course_id>/handbook.pdf", views.handbook, name="handbook"),
    path("courses/<int:course_id>/handbook-trainer.pdf", views.trainer_handbook, name="trainer_handbook"),
    path("lessons/<int:lesson_id>/done/", views.mark_lesson_done, name="lesson_done"),
]

offline_patterns = [
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline_page, name="page"),
    path("offline/state/", offline.offline_state, name="state"),
]

urlpatterns = [
    path("", include((offline_patterns, "offline"))),
    path("learning/", include((learning_patterns, "courses"))),
    path("accounts/", include("people.urls")),
]

# Apps above courses in the design (quizzes, certificates, ...) hang their public URLs here
# when installed and when they have any; courses does not import them.
for label in ("quizzes", "scorm", "certificates", "classes", "reports"):
    if apps.is_installed(label) and importlib.util.find_spec(f"{label}.urls") is not None:
        urlpatterns.append(path(f"{label}/", include(f"{label}.urls")))
