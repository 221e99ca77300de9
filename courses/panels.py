"""The course editor's "Trainers" panel: who trains the course, read-only, since a provincial
administrator assigns trainers on their own screen (``courses.trainers``), never through the
page form and its revisions."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class CourseTrainersPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/panels/course_trainers.html"

        def get_context_data(self, parent_context=None):
            from .trainers import can_assign

            context = super().get_context_data(parent_context)
            course = self.instance
            context["trainers"] = course.trainer_names if course.pk else []
            context["is_new"] = course.pk is None
            if course.pk and can_assign(self.request.user):
                context["assign_url"] = reverse("course_trainers", args=[course.pk])
            return context
