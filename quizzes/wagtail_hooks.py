from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from . import admin_urls
from .admin_views import can_import, can_supervise
from .models import Question, Quiz
from .viewsets import QUESTION_POLICY, QUIZ_POLICY, SUBMENU_HOOK, QuizzesViewSetGroup

# Before the viewsets are registered, so that Wagtail never falls back to the model permissions.
register_permission_policy(Quiz, QUIZ_POLICY)
register_permission_policy(Question, QUESTION_POLICY)
register_snippet(QuizzesViewSetGroup)


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quizzes/", include(admin_urls))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


class SupervisorMenuItem(MenuItem):
    def is_shown(self, request):
        return can_supervise(request.user)


# Orders follow the group's snippet screens (questions 1, quizzes 2, categories 3).
@hooks.register(SUBMENU_HOOK)
def import_menu_item():
    return ImportMenuItem(_("Import questions"), reverse_lazy("quizzes_admin:import"), icon_name="upload", order=4)


@hooks.register(SUBMENU_HOOK)
def marking_menu_item():
    return SupervisorMenuItem(_("Essays to mark"), reverse_lazy("quizzes_admin:marking"), icon_name="edit", order=5)


@hooks.register(SUBMENU_HOOK)
def statistics_menu_item():
    return SupervisorMenuItem(
        _("Quiz statistics"), reverse_lazy("quizzes_admin:statistics_index"), icon_name="table", order=6
    )
