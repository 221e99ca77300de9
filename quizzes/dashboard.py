"""What the quizzes app puts on the trainer's Wagtail dashboard: the number of essays waiting for
a mark (the essays of the quizzes ``user`` supervises, as the marking listing shows them) with a
link to that listing, and, on each course of the trainer's panel (``courses.dashboard``), a link
to write a quiz for it."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from courses.extensions import Link

from .admin_views import MARK_ESSAYS, markable_responses

ADD_QUIZ = "quizzes.add_quiz"


def add_quiz_links(courses, user):
    """A course extension (``courses.extensions.register_course_admin_links``): Wagtail's
    create-quiz view, attached to the course (``QuizCreateView`` reads ``?course=``)."""
    if not user.has_perm(ADD_QUIZ):
        return {}
    add_url = reverse("wagtailsnippets_quizzes_quiz:add")
    return {course.pk: [Link(_("Add a quiz"), f"{add_url}?{urlencode({'course': course.pk})}")] for course in courses}


class EssaysToMarkPanel(Component):
    """For whoever marks essays (``MARK_ESSAYS``): trainers for their courses' quizzes, provincial
    administrators for every quiz. One query."""

    name = "essays_to_mark"
    template_name = "quizzes/admin/essays_to_mark_panel.html"
    order = 40  # right after the trainer's courses (30)

    def __init__(self, user):
        self.user = user

    @classmethod
    def register(cls, request, panels):
        if request.user.has_perm(MARK_ESSAYS):
            panels.append(cls(request.user))

    def get_context_data(self, parent_context=None):
        return {
            "count": markable_responses(self.user).awaiting_marking().count(),
            "marking_url": reverse("quizzes_admin:marking"),
        }
