"""The course editor's "Trainers" panel: who trains the course, read-only, since a provincial
administrator assigns trainers on their own screen (``courses.trainers``), never through the
page form and its revisions."""

from django.urls import reverse
from django.utils.functional import cached_property
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


class CourseHoursPanel(Panel):
    """Beside the nominal hours: a warning when the live lessons' estimated minutes add up to
    other hours. A warning, not a refusal: lessons are published one by one while a course is
    written, and a course's hours may include classroom or practice time outside its lessons."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/panels/course_hours.html"

        @cached_property
        def disagreement(self):
            course = self.instance
            return course.hours_disagreement() if course.nominal_hours is not None else None

        def is_shown(self):
            return super().is_shown() and self.disagreement is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["lesson_hours"], context["lesson_minutes"] = self.disagreement
            context["nominal_hours"] = self.instance.nominal_hours
            return context
