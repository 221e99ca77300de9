from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations


def counting_attempt(grading, attempts):
    """``Quiz.counting_attempt`` as it stood when the final score became a field."""
    if not attempts:
        return None
    if grading == "highest":
        return min(attempts, key=lambda a: (a.status == "pending", -a.percent, a.submitted_at))
    if grading == "last":
        return max(attempts, key=lambda a: a.submitted_at)
    return min(attempts, key=lambda a: a.submitted_at)


def fill_final_scores(apps, schema_editor):
    """Each completed enrolment gets the final score the completion rule gave it when it
    completed (``courses.completion.final_score`` with this app's requirement): the mean of
    the percents of the passed attempts that count at the course's published required
    quizzes, of the attempts submitted by then. An enrolment that has one already keeps it:
    the certificates' migration gives the score a valid certificate states, and that number
    stays whichever of the two migrations runs first."""
    Enrolment = apps.get_model("courses", "Enrolment")
    Quiz = apps.get_model("quizzes", "Quiz")
    Attempt = apps.get_model("quizzes", "Attempt")
    quizzes = defaultdict(list)
    for quiz in Quiz.objects.filter(draft=False, required_for_completion=True, course__isnull=False):
        quizzes[quiz.course_id].append(quiz)
    for course_id, course_quizzes in quizzes.items():
        enrolments = Enrolment.objects.filter(course_id=course_id, completed_at__isnull=False, final_score=None)
        learners = enrolments.values("user_id")
        attempts = defaultdict(list)
        submitted = Attempt.objects.filter(
            quiz__in=course_quizzes, user_id__in=learners, submitted_at__isnull=False, percent__isnull=False
        )
        for attempt in submitted:
            attempts[attempt.quiz_id, attempt.user_id].append(attempt)
        for enrolment in enrolments:
            scores = []
            for quiz in course_quizzes:
                by_then = [a for a in attempts[quiz.pk, enrolment.user_id] if a.submitted_at <= enrolment.completed_at]
                counting = counting_attempt(quiz.grading, by_then)
                if counting is not None and counting.status == "passed":
                    scores.append(counting.percent)
            if scores:
                score = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
                Enrolment.objects.filter(pk=enrolment.pk).update(final_score=score)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_enrolment_final_score"),
        ("quizzes", "0003_quiz_written_by"),
    ]

    operations = [migrations.RunPython(fill_final_scores, migrations.RunPython.noop)]
