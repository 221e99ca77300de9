"""Panels of the course editor: who trains the course ("Trainers", read-only, since a provincial
administrator assigns trainers on their own screen, ``courses.trainers``, never through the page
form and its revisions), whether the lessons make the course's hours, and the course's lessons and
quizzes with links to edit them."""

from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.panels import Panel

from . import extensions


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


class CourseContentsPanel(Panel):
    """The course's lessons in teaching order (their order in the page tree, which the learners
    follow), published or not, then what other apps attach to the course (its quizzes:
    ``extensions.register_course_editor_section``). Each links to its edit view when the user
    may edit it; "Add a lesson" when they may add one. Not shown before the course is saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "courses/admin/panels/course_contents.html"

        def is_shown(self):
            return super().is_shown() and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            from .models import LessonPage

            context = super().get_context_data(parent_context)
            course, user = self.instance, self.request.user
            lessons = list(LessonPage.objects.child_of(course).order_by("path").defer_streamfields())
            for lesson in lessons:
                lesson.kind = (
                    lesson.specific_class._meta.verbose_name if lesson.specific_class is not LessonPage else ""
                )
            for lesson in lessons:
                if lesson.permissions_for_user(user).can_edit():
                    lesson.edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
            context["lessons"] = lessons
            context["add_lesson_links"] = []
            if course.permissions_for_user(user).can_add_subpage():
                # One button per kind of lesson (a plain lesson, a SCORM package...).
                context["add_lesson_links"] = [
                    (
                        model is LessonPage,
                        model._meta.verbose_name,
                        reverse(
                            "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, course.pk]
                        ),
                    )
                    for model in course.creatable_subpage_models()
                ]
            context["sections"] = extensions.course_editor_sections(course, user)
            return context
