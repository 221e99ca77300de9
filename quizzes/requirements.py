"""How quizzes take part in course completion and lesson pages (registered in apps.py)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from courses.completion import Check
from courses.extensions import Link

from .models import Attempt, Quiz


def required_quizzes_passed(enrolment):
    """One check per published quiz the course requires: met when the attempt that counts
    passed, pending while an essay waits for marking."""
    submitted = Attempt.objects.filter(user_id=enrolment.user_id).exclude(submitted_at=None)
    quizzes = (
        Quiz.objects.published()
        .filter(course_id=enrolment.course_id, required_for_completion=True)
        .prefetch_related(Prefetch("attempts", queryset=submitted, to_attr="learner_attempts"))
    )
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
    return [
        Link(_("Check your understanding: %(quiz)s") % {"quiz": quiz.title}, quiz.get_absolute_url())
        for quiz in Quiz.objects.published().filter(lesson=lesson)
    ]
