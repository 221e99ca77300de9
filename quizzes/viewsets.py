"""Wagtail admin screens for the question bank and quizzes: one "Quizzes" menu.

Trainers get the model permissions through their group (people.roles); HR and learners have
none, so Wagtail hides the menu and refuses the screens. The marking, statistics and import
screens of admin_views.py join the same menu through ``QuizzesViewSetGroup.submenu_hook``.
"""

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from people.scoping import permission_chooser_viewset

from .forms import QuestionForm
from .models import Category, Question, Quiz

SUBMENU_HOOK = "register_quizzes_menu_item"


class QuestionIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("quizzes.add_question"):
            buttons.append(
                HeaderButton(_("Import from a sheet"), url=reverse("quizzes_admin:import"), icon_name="upload")
            )
        return buttons


class QuizIndexView(IndexView):
    @cached_property
    def supervised_ids(self):
        return set(Quiz.objects.supervised_by(self.request.user).values_list("pk", flat=True))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.pk in self.supervised_ids:
            buttons.append(
                MenuItem(
                    _("Statistics"),
                    url=reverse("quizzes_admin:statistics", args=[instance.pk]),
                    icon_name="table",
                    priority=25,
                )
            )
        return buttons


class QuestionViewSet(SnippetViewSet):
    model = Question
    chooser_viewset_class = permission_chooser_viewset(Question)
    icon = "help"
    menu_label = _("Questions")
    index_view_class = QuestionIndexView
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)
    list_display = ["__str__", "kind", "category"]
    list_filter = ["kind", "category"]
    search_fields = ["content"]
    list_per_page = 50

    def get_queryset(self, request):
        return Question.objects.select_related("category__parent")


class QuizViewSet(SnippetViewSet):
    model = Quiz
    chooser_viewset_class = permission_chooser_viewset(Quiz)
    icon = "form"
    menu_label = _("Quizzes")
    index_view_class = QuizIndexView
    list_display = [
        "title",
        "course",
        "lesson",
        Column("question_count", label=_("Questions")),
        "pass_mark",
        BooleanColumn("draft", label=_("Draft")),
    ]
    list_filter = ["course", "draft"]
    search_fields = ["title"]

    def get_queryset(self, request):
        return Quiz.objects.select_related("course", "lesson").annotate(question_count=Count("quiz_questions"))


class CategoryViewSet(SnippetViewSet):
    model = Category
    chooser_viewset_class = permission_chooser_viewset(Category)
    icon = "folder-open-1"
    menu_label = _("Question categories")
    list_display = ["__str__", Column("question_count", label=_("Questions"))]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Category.objects.select_related("parent__parent").annotate(question_count=Count("questions"))


class QuizzesViewSetGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, QuizViewSet, CategoryViewSet)
    menu_icon = "form"
    menu_label = _("Quizzes")
    menu_name = "quizzes"
    submenu_hook = SUBMENU_HOOK
