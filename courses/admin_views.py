"""The course trainers screens of the Wagtail admin (People → Course trainers): every course with
its trainers, and who trains one course, set by provincial administrators."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from staff_lms.permissions import PermissionRequiredMixin

from . import trainers
from .forms import CourseTrainersForm
from .models import CoursePage

LIST_ROWS = 50


# Course trainers ------------------------------------------------------------------------------------


class CourseTrainersMixin(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    """For provincial administrators, who decide who trains which course."""

    permission_required = trainers.ASSIGN_TRAINERS
    page_title = _("Course trainers")
    header_icon = "user"


class CourseTrainersIndexView(CourseTrainersMixin, TemplateView):
    """Every course with its trainers, each leading to the screen that assigns them."""

    template_name = "courses/admin/course_trainers_index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        page = Paginator(trainers.courses_with_trainers(), LIST_ROWS).get_page(self.request.GET.get("p"))
        return super().get_context_data(
            page=page, elided_page_range=page.paginator.get_elided_page_range(page.number), **kwargs
        )


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
