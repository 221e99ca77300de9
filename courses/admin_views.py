"""The course trainers screens of the Wagtail admin (People → Course trainers): every course with
its trainers, and who trains one course, set by provincial administrators."""

import django_filters
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.permission_policies import ModelPermissionPolicy

from staff_lms.listings import ButtonsTitleColumn, ListingMixin
from staff_lms.permissions import PermissionRequiredMixin

from . import trainers
from .forms import CourseTrainersForm
from .models import CoursePage, CourseTrainer

LIST_ROWS = 50


# Course trainers ------------------------------------------------------------------------------------


class CourseTrainersMixin(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    """For provincial administrators, who decide who trains which course."""

    permission_required = trainers.ASSIGN_TRAINERS
    page_title = _("Course trainers")
    header_icon = "user"


class CourseTrainersFilterSet(WagtailFilterSet):
    has_trainer = django_filters.BooleanFilter(
        label=_("Has a trainer"), method="filter_has_trainer", widget=BooleanRadioSelect
    )

    class Meta:
        model = CoursePage
        fields = ["has_trainer"]

    def filter_has_trainer(self, courses, name, value):
        trained = Exists(CourseTrainer.objects.filter(course=OuterRef("pk")))
        return courses.filter(trained if value else ~trained)


class CourseTrainersIndexView(ListingMixin, IndexView):
    """Every course with its trainers, each leading to the screen that assigns them (for those
    who may)."""

    model = CoursePage
    permission_policy = ModelPermissionPolicy(CourseTrainer)
    any_permission_required = ["view"]
    template_name = "courses/admin/course_trainers_index.html"
    page_title = _("Course trainers")
    header_icon = "user"
    index_url_name = "course_trainers_index"
    index_results_url_name = "course_trainers_index_results"
    filterset_class = CourseTrainersFilterSet
    search_fields = ["title"]
    search_backend_name = None  # the database's "contains": course titles are few and short
    paginate_by = LIST_ROWS
    items_count_label = ngettext_lazy("%(count)d course", "%(count)d courses", "count")

    @cached_property
    def can_assign(self):
        return self.user_has_permission("add") and self.user_has_permission("delete")

    @cached_property
    def no_results_message(self):
        if self.is_searching or self.is_filtering:
            return _("No courses match.")
        return _("There are no courses yet.")

    def get_base_queryset(self):
        return trainers.courses_with_trainers()

    def assign_url(self, course):
        return reverse("course_trainers", args=[course.pk]) if self.can_assign else None

    @cached_property
    def columns(self):
        return [
            ButtonsTitleColumn(
                "course",
                label=_("Course"),
                accessor="title",
                get_url=self.assign_url,
                get_buttons=self.get_list_buttons,
            ),
            StatusTagColumn(
                "status",
                label=_("Status"),
                accessor=lambda course: _("Published") if course.live else _("Draft"),
                primary=lambda course: course.live,
            ),
            Column("trainers", label=_("Trainers"), accessor=trainers_display),
        ]

    def get_list_more_buttons(self, instance):
        if not self.can_assign:
            return []
        return [MenuItem(_("Assign trainers"), url=self.assign_url(instance), icon_name="user")]


def trainers_display(course):
    names = trainers.trainer_names(course)
    return ", ".join(names) if names else format_html("<strong>{}</strong>", _("No trainer"))


class CourseTrainersView(CourseTrainersMixin, FormView):
    """Who trains one course."""

    template_name = "courses/admin/course_trainers.html"
    form_class = CourseTrainersForm

    def dispatch(self, request, *args, **kwargs):
        if self.has_permission():
            self.course = get_object_or_404(CoursePage, pk=kwargs["course_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.course.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("course_trainers_index"), "label": self.get_page_title()},
            {"url": "", "label": self.course.title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "course": self.course}

    def get_initial(self):
        return {"trainers": list(self.course.trainers())}

    def form_valid(self, form):
        added, removed = trainers.set_trainers(self.course, form.cleaned_data["trainers"], self.request.user)
        if added or removed:
            names = self.course.trainer_names
            messages.success(
                self.request,
                _("The trainers of “%(course)s” are now: %(names)s.")
                % {"course": self.course.title, "names": ", ".join(names) if names else gettext("nobody")},
            )
        else:
            messages.info(self.request, _("Nothing changed."))
        return redirect("course_trainers_index")
