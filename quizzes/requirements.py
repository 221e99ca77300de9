"""How quizzes take part in course completion and lesson pages (registered in apps.py)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from courses.completion import Check
from courses.extensions import Link
from staff_lms import page_cache

from .models import Attempt, Quiz


def required_quizzes(course_id):
    """The published quizzes the course requires, from the cache (``staff_lms.page_cache``:
    a quiz saved or deleted empties it)."""
    return page_cache.cached(
        f"required-quizzes:{course_id}",
        lambda: list(Quiz.objects.published().filter(course_id=course_id, required_for_completion=True)),
    )


def required_quizzes_passed(enrolment):
    """One check per published quiz the course requires: met when the attempt that counts
    passed, pending while an essay waits for marking (one query, none for a course without)."""
    quizzes = required_quizzes(enrolment.course_id)
    if not quizzes:
        return []
    attempts = {}
    for attempt in Attempt.objects.filter(user_id=enrolment.user_id, quiz__in=quizzes).exclude(submitted_at=None):
        attempts.setdefault(attempt.quiz_id, []).append(attempt)
    for quiz in quizzes:
        quiz.learner_attempts = attempts.get(quiz.pk, [])
    checks = []
    for quiz in quizzes:
        result = quiz.counting_attempt(quiz.learner_attempts)
        if result is not None and result.passed:
            label = _("Passed “%(quiz)s”") % {"quiz": quiz.title}
            checks.append(Check(label, True, url=quiz.get_absolute_url(), score=result.percent))
        elif any(attempt.status == Attempt.Status.PENDING for attempt in quiz.learner_attempts):
            label = _("“%(quiz)s”: waiting for the trainer to mark your answers") % {"quiz": quiz.title}
            checks.append(Check(label, False, pending=True, url=quiz.get_absolute_url()))
        else:
            label = _("Pass the final test “%(quiz)s” (pass mark %(mark)s%%)") % {
                "quiz": quiz.title,
                "mark": quiz.pass_mark,
            }
            checks.append(Check(label, False, url=quiz.get_absolute_url()))
    return checks


def lesson_check_links(lesson, user):
    return [Link(label, url) for label, url in lesson_check_quizzes(lesson.pk)]


def lesson_check_quizzes(lesson_id):
    """``(label, url)`` of the published quizzes checking a lesson, from the cache."""

    def build():
        return [
            (_("Check your understanding: %(quiz)s") % {"quiz": quiz.title}, quiz.get_absolute_url())
            for quiz in Quiz.objects.published().filter(lesson_id=lesson_id)
        ]

    return page_cache.cached(f"lesson-check-quizzes:{lesson_id}:{get_language()}", build)
