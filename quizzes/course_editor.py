"""The course's quizzes in the course editor's "Lessons and quizzes" panel (registered in apps.py):
its final quizzes, then the checks of its lessons in teaching order; each links to its editor
when the user may change it, and "Add a final quiz" is offered while the course has none."""

from django.db.models import F, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from courses.extensions import EditorSection, Link
from courses.models import LessonPage
from people.models import OVERSEE_PROVINCE

from .models import Quiz
from .viewsets import QUIZ_POLICY


def may_attach_to(user, course):
    """Whether ``user`` may write a quiz for ``course`` (``QuizForm`` asks the same)."""
    return QUIZ_POLICY.user_has_permission(user, "add") and (
        user.has_perm(OVERSEE_PROVINCE) or course.is_trained_by(user)
    )


def course_quizzes_section(course, user):
    lessons = LessonPage.objects.child_of(course)
    quizzes = list(
        Quiz.objects.filter(Q(course=course) | Q(lesson__in=lessons))
        .select_related("lesson")
        .order_by(F("lesson__path").asc(nulls_first=True), "title", "pk")
    )
    editable = set(
        QUIZ_POLICY.instances_user_has_permission_for(user, "change")
        .filter(pk__in=[quiz.pk for quiz in quizzes])
        .values_list("pk", flat=True)
    )
    viewset = Quiz.snippet_viewset
    items = []
    for quiz in quizzes:
        if quiz.lesson_id:
            note = _("Check of the lesson “%(lesson)s”") % {"lesson": quiz.lesson.title}
        else:
            note = _("Final quiz")
        if quiz.draft:
            note = f"{note} · {pgettext('quiz status', 'draft')}"
        url = reverse(viewset.get_url_name("edit"), args=[quiz.pk]) if quiz.pk in editable else ""
        items.append(Link(quiz.title, url, note))
    actions = []
    if not any(quiz.course_id for quiz in quizzes) and may_attach_to(user, course):
        url = reverse(viewset.get_url_name("add")) + "?" + urlencode({"course": course.pk})
        actions.append(Link(_("Add a final quiz"), url))
    return EditorSection(_("Quizzes"), tuple(items), tuple(actions), empty_text=_("The course has no quiz yet."))
