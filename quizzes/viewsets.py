"""Wagtail admin screens for the question bank and quizzes, in the "Training" menu
(staff_lms.menu, band 400).

Trainers get the model permissions through their group (people.roles); HR and learners have
none, so Wagtail hides the menu items and refuses the screens. The import, marking and statistics
screens of admin_views.py join the same menu (wagtail_hooks.py).
"""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import (
    CopyView,
    CreateView,
    DeleteView,
    EditView,
    HistoryView,
    IndexView,
    SnippetViewSet,
    UsageView,
)

from courses.models import CoursePage
from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.scoping import ScopedObjectMixin, permission_chooser_viewset, scoped_chooser_viewset

from .admin_views import VIEW_STATISTICS
from .forms import QuestionChooserCreationForm, QuestionChooserFilterForm, QuestionForm, QuizForm
from .models import Category, Question, Quiz


class ManagedPermissionPolicy(ModelPermissionPolicy):
    """The model permissions (granted to trainers and provincial administrators by people.roles),
    and per object, for ``managed_actions``, only on ``model.objects.managed_by(user)``: a trainer
    acts on the quizzes of the courses they train (and unattached ones), and changes only the
    questions no other trainer's quiz uses."""

    def __init__(self, model, managed_actions):
        super().__init__(model)
        self.managed_actions = frozenset(managed_actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.instances_user_has_permission_for(user, action).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.instances_user_has_any_permission_for(user, actions).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        actions = {action for action in actions if self.user_has_permission(user, action)}
        if not actions:
            return self.model.objects.none()
        if actions <= self.managed_actions:
            return self.model.objects.managed_by(user)
        return self.model.objects.all()


QUIZ_POLICY = ManagedPermissionPolicy(Quiz, {"view", "change", "delete"})
QUESTION_POLICY = ManagedPermissionPolicy(Question, {"change", "delete"})


def managed_quizzes(user):
    return QUIZ_POLICY.instances_user_has_permission_for(user, "view")


class ManagedObjectMixin(ScopedObjectMixin):
    """A quiz or question is looked up among those the user may change: anything else is a 404."""

    object_scope = "managed_by"


class QuizEditView(ManagedObjectMixin, EditView):
    pass


class QuizDeleteView(ManagedObjectMixin, DeleteView):
    pass


class QuizHistoryView(ManagedObjectMixin, HistoryView):
    pass


class QuizUsageView(ManagedObjectMixin, UsageView):
    pass


class AuthoredMixin:
    """A new quiz (or copy) is its writer's, until it is attached to a course they train."""

    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class QuizCreateView(AuthoredMixin, CreateView):
    def get_initial(self):
        """The course editor's "Add a final quiz" opens this with ``?course=<id>``: the quiz
        comes attached to that course when the user may attach quizzes to it."""
        from .course_editor import may_attach_to

        initial = super().get_initial()
        course_id = self.request.GET.get("course", "")
        course = CoursePage.objects.filter(pk=course_id).first() if course_id.isdigit() else None
        if course is not None and may_attach_to(self.request.user, course):
            initial["course"] = course
        return initial


class QuizCopyView(AuthoredMixin, ManagedObjectMixin, CopyView):
    pass


class QuestionEditView(ManagedObjectMixin, EditView):
    pass


class QuestionDeleteView(ManagedObjectMixin, DeleteView):
    pass


class QuestionIndexView(IndexView):
    """The whole bank, to reuse and copy; edit and delete on the questions the user may change."""

    def get_base_queryset(self):
        managed = Question.objects.managed_by(self.request.user).filter(pk=OuterRef("pk"))
        return super().get_base_queryset().annotate(is_managed=Exists(managed))

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if instance.is_managed else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if instance.is_managed else None

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
        """The quizzes whose statistics the user may read."""
        if not self.request.user.has_perm(VIEW_STATISTICS):
            return set()
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


PermissionQuestionChooser = permission_chooser_viewset(Question)


class QuestionChooserListing:
    """The chooser lists the whole bank (shared for choosing) newest first, searchable by the
    question's words and filtered by category, with each question's type and category."""

    filter_form_class = QuestionChooserFilterForm
    ordering = ["-pk"]
    page_subtitle = None  # the title says "question" already

    def get_object_list(self):
        return super().get_object_list().select_related("category__parent")

    @property
    def title_column(self):
        column = super().title_column
        column.label = capfirst(Question._meta.verbose_name)
        return column

    @property
    def columns(self):
        return [
            *super().columns,
            Column("kind", label=capfirst(Question._meta.get_field("kind").verbose_name), accessor="get_kind_display"),
            Column("category", label=capfirst(Question._meta.get_field("category").verbose_name)),
        ]


class QuestionChooseView(QuestionChooserListing, PermissionQuestionChooser.choose_view_class):
    pass


class QuestionChooseResultsView(QuestionChooserListing, PermissionQuestionChooser.choose_results_view_class):
    pass


class QuestionChooserViewSet(PermissionQuestionChooser):
    """The question chooser of the quiz editor, with a tab to write a new question in place
    (offered to those who may add questions: ``QUESTION_POLICY``)."""

    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    choose_one_text = _("Choose a question")
    choose_another_text = _("Choose another question")
    page_title = _("Choose a question")
    creation_form_class = QuestionChooserCreationForm
    creation_tab_label = _("New question")
    create_action_label = _("Add the question")
    create_action_clicked_label = _("Adding…")


class QuestionViewSet(SnippetViewSet):
    model = Question
    chooser_viewset_class = QuestionChooserViewSet
    icon = "help"
    menu_label = _("Questions")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 410
    index_view_class = QuestionIndexView
    edit_view_class = QuestionEditView
    delete_view_class = QuestionDeleteView
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionForm)
    list_display = ["__str__", "kind", "category"]
    list_filter = ["kind", "category"]
    search_fields = ["content"]
    list_per_page = 50

    def get_queryset(self, request):
        return Question.objects.select_related("category__parent")


class QuizViewSet(SnippetViewSet):
    model = Quiz
    chooser_viewset_class = scoped_chooser_viewset(managed_quizzes)
    icon = "form"
    menu_label = _("Quizzes")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 420
    index_view_class = QuizIndexView
    add_view_class = QuizCreateView
    edit_view_class = QuizEditView
    delete_view_class = QuizDeleteView
    history_view_class = QuizHistoryView
    usage_view_class = QuizUsageView
    copy_view_class = QuizCopyView
    edit_handler = ObjectList(Quiz.panels, base_form_class=QuizForm)
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
        return (
            managed_quizzes(request.user)
            .select_related("course", "lesson")
            .annotate(question_count=Count("quiz_questions"))
        )


class CategoryViewSet(SnippetViewSet):
    model = Category
    chooser_viewset_class = permission_chooser_viewset(Category)
    icon = "folder-open-1"
    menu_label = _("Question categories")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 430
    list_display = ["__str__", Column("question_count", label=_("Questions"))]
    search_fields = ["name"]

    def get_queryset(self, request):
        return Category.objects.select_related("parent__parent").annotate(question_count=Count("questions"))


VIEWSETS = (QuestionViewSet, QuizViewSet, CategoryViewSet)
