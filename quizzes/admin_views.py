"""Trainer screens in the Wagtail admin beyond the snippet editors: question import,
essay marking and quiz statistics.

Marking (``quizzes.change_response``) and statistics (``quizzes.view_attempt``) are for trainers
and administrators, and only ever show the quizzes of ``Quiz.objects.supervised_by(user)``:
another trainer's responses are a 404.
"""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from people.audit import AuditedImportMixin
from people.models import display_name
from staff_lms.downloads import content_disposition
from staff_lms.imports import ConfirmSheetView, UploadSheetView
from staff_lms.listings import ListingMixin
from staff_lms.permissions import PermissionRequiredMixin

from .forms import MarkForm, QuestionImportForm
from .models import Question, Quiz, Response
from .resources import import_questions, question_template_xlsx, template_help
from .statistics import DISCRIMINATION_LOW, FACILITY_HIGH, FACILITY_LOW, quiz_statistics

QUESTION_LISTING = "wagtailsnippets_quizzes_question:list"
MARK_ESSAYS = "quizzes.change_response"
VIEW_STATISTICS = "quizzes.view_attempt"
IMPORT_QUESTIONS = "quizzes.add_question"


class AdminPageMixin(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    permission_required = MARK_ESSAYS  # the marking screens; the others say which they need

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


# Import --------------------------------------------------------------------------------------


class ImportPageMixin(AuditedImportMixin, AdminPageMixin):
    permission_required = IMPORT_QUESTIONS
    template_name = "quizzes/admin/import.html"
    page_title = _("Import questions")
    header_icon = "upload"
    form_class = QuestionImportForm
    upload_salt = "quizzes.import.upload"
    audit_kind = "quiz questions"
    import_url_name = "quizzes_admin:import"
    import_confirm_url_name = "quizzes_admin:import_confirm"
    template_url_name = "quizzes_admin:import_template"

    def get_context_data(self, **kwargs):
        return super().get_context_data(columns_help=template_help(), **kwargs)

    def run_import(self, dataset, *, dry_run):
        return import_questions(dataset, dry_run=dry_run, actor=self.request.user)

    def success_message(self, report):
        return ngettext("%(count)d question imported.", "%(count)d questions imported.", report.count) % {
            "count": report.count
        }

    def get_success_url(self):
        return reverse(QUESTION_LISTING)


class ImportQuestionsView(ImportPageMixin, UploadSheetView):
    """The question sheet's upload and preview."""


class ConfirmImportView(ImportPageMixin, ConfirmSheetView):
    """The import of the previewed question sheet."""


class QuestionTemplateView(PermissionRequiredMixin, View):
    permission_required = IMPORT_QUESTIONS

    def get(self, request):
        response = HttpResponse(
            question_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = _("Question bank (template)")
        response["Content-Disposition"] = content_disposition(f"{name}.xlsx")
        return response


# Marking ----------------------------------------------------------------------------------


def markable_responses(user):
    """Essay responses of submitted attempts at the quizzes ``user`` supervises."""
    return Response.objects.filter(
        attempt__submitted_at__isnull=False,
        question__kind=Question.Kind.ESSAY,
        attempt__quiz__in=Quiz.objects.supervised_by(user),
    ).select_related("attempt__quiz", "attempt__user__staff_profile", "question")


def supervised_quizzes(request):
    return Quiz.objects.supervised_by(request.user).order_by("title")


class MarkingFilterSet(WagtailFilterSet):
    quiz = django_filters.ModelChoiceFilter(label=_("Quiz"), field_name="attempt__quiz", queryset=supervised_quizzes)

    class Meta:
        model = Response
        fields = ["quiz"]


class MarkingIndexView(ListingMixin, IndexView):
    """The essays waiting for a mark, oldest first, each leading to its marking."""

    model = Response
    any_permission_required = ["change"]
    page_title = _("Essays to mark")
    header_icon = "edit"
    index_url_name = "quizzes_admin:marking"
    index_results_url_name = "quizzes_admin:marking_results"
    filterset_class = MarkingFilterSet
    paginate_by = 50
    items_count_label = ngettext_lazy(
        "%(count)d essay waiting for a mark", "%(count)d essays waiting for a mark", "count"
    )
    no_results_message = _("No essays are waiting for a mark.")
    columns = [
        TitleColumn(
            "learner",
            label=_("Learner"),
            accessor=lambda response: display_name(response.attempt.user),
            url_name="quizzes_admin:mark",
        ),
        Column("quiz", label=_("Quiz"), accessor="attempt.quiz.title"),
        Column("question", label=_("Question"), accessor=lambda response: Truncator(response.question).chars(100)),
        DateColumn("submitted", label=pgettext_lazy("quiz attempt", "Submitted"), accessor="attempt.submitted_at"),
    ]

    def get_base_queryset(self):
        return markable_responses(self.request.user).awaiting_marking().order_by("attempt__submitted_at", "pk")


class MarkResponseView(AdminPageMixin, FormView):
    template_name = "quizzes/admin/mark_response.html"
    form_class = MarkForm
    page_title = _("Mark an essay")
    header_icon = "edit"

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission():
            self.response = get_object_or_404(markable_responses(request.user), pk=kwargs["response_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("quizzes_admin:marking"), "label": _("Essays to mark")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_initial(self):
        if self.response.points is None:
            return {}
        return {"points": self.response.points, "feedback": self.response.feedback}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            response=self.response,
            attempt=self.response.attempt,
            learner_name=display_name(self.response.attempt.user),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            self.response.mark(form.cleaned_data["points"], self.request.user, form.cleaned_data["feedback"])
        except ValidationError as error:
            form.add_error("points", error)
            return self.form_invalid(form)
        attempt = self.response.attempt
        messages.success(
            self.request,
            _("Marked. %(learner)s's attempt now scores %(percent)s%% (%(status)s).")
            % {
                "learner": display_name(attempt.user),
                "percent": attempt.percent,
                "status": attempt.get_status_display(),
            },
        )
        following = markable_responses(self.request.user).awaiting_marking().order_by("attempt__submitted_at", "pk")
        following = following.first()
        if following is not None:
            return redirect("quizzes_admin:mark", following.pk)
        return redirect("quizzes_admin:marking")


# Statistics -------------------------------------------------------------------------------


class StatisticsIndexView(AdminPageMixin, TemplateView):
    permission_required = VIEW_STATISTICS
    template_name = "quizzes/admin/statistics_index.html"
    page_title = _("Quiz statistics")
    header_icon = "table"

    def get_context_data(self, **kwargs):
        quizzes = (
            Quiz.objects.supervised_by(self.request.user)
            .select_related("course", "lesson")
            .annotate(
                submitted=Count("attempts", filter=Q(attempts__submitted_at__isnull=False)),
                learners=Count("attempts__user", filter=Q(attempts__submitted_at__isnull=False), distinct=True),
            )
            .order_by("title")
        )
        return super().get_context_data(quizzes=quizzes, **kwargs)


class QuizStatisticsView(AdminPageMixin, TemplateView):
    permission_required = VIEW_STATISTICS
    template_name = "quizzes/admin/statistics.html"
    header_icon = "table"

    @cached_property
    def quiz(self):
        return get_object_or_404(Quiz.objects.supervised_by(self.request.user), pk=self.kwargs["quiz_id"])

    def get_page_title(self):
        return _("Statistics: %(quiz)s") % {"quiz": self.quiz.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("quizzes_admin:statistics_index"), "label": _("Quiz statistics")},
            {"url": "", "label": self.quiz.title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            quiz=self.quiz,
            stats=quiz_statistics(self.quiz),
            facility_low=FACILITY_LOW,
            facility_high=FACILITY_HIGH,
            discrimination_low=DISCRIMINATION_LOW,
            **kwargs,
        )
