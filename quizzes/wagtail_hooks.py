from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.permissions import PermissionMenuItem, registered

from . import admin_urls
from .admin_views import IMPORT_QUESTIONS, MARK_ESSAYS, VIEW_STATISTICS
from .dashboard import EssaysToMarkPanel
from .models import Question, Quiz
from .viewsets import QUESTION_POLICY, QUIZ_POLICY, VIEWSETS

# Before the viewsets are registered, so that Wagtail never falls back to the model permissions.
register_permission_policy(Quiz, QUIZ_POLICY)
register_permission_policy(Question, QUESTION_POLICY)
for viewset in VIEWSETS:
    register_snippet(viewset)


@hooks.register("register_admin_urls")
def register_quiz_admin_urls():
    return [path("quizzes/", include(admin_urls))]


@hooks.register("register_permissions")
def register_quiz_permissions():
    """For Wagtail's group editor: reading the bank (its snippet screens show add, change and
    delete), marking essays, reading quiz statistics."""
    return registered(
        *(f"quizzes.view_{model}" for model in ("category", "question", "quiz")), MARK_ESSAYS, VIEW_STATISTICS
    )


# After the snippet screens: questions 410, quizzes 420, categories 430.
@hooks.register(TRAINING_MENU_HOOK)
def import_menu_item():
    return PermissionMenuItem(
        _("Import questions"),
        reverse_lazy("quizzes_admin:import"),
        icon_name="upload",
        order=440,
        permission_required=IMPORT_QUESTIONS,
    )


@hooks.register(TRAINING_MENU_HOOK)
def marking_menu_item():
    return PermissionMenuItem(
        _("Essays to mark"),
        reverse_lazy("quizzes_admin:marking"),
        icon_name="edit",
        order=450,
        permission_required=MARK_ESSAYS,
    )


@hooks.register(TRAINING_MENU_HOOK)
def statistics_menu_item():
    return PermissionMenuItem(
        _("Quiz statistics"),
        reverse_lazy("quizzes_admin:statistics_index"),
        icon_name="table",
        order=460,
        permission_required=VIEW_STATISTICS,
    )


@hooks.register("construct_homepage_panels")
def add_essays_to_mark_panel(request, panels):
    EssaysToMarkPanel.register(request, panels)
