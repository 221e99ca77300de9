"""Quiz statistics for trainers: how a quiz went, and which questions look wrong.

Only graded attempts count (submitted, with every essay marked): a pending attempt's score
is not final yet. Per question:

- *facility*: the share of responses that got the full point (hard ≈ 0, easy ≈ 1);
- *discrimination*: the corrected point-biserial correlation, i.e. Pearson's r between the
  points a response got and the attempt's total score without that question ("item-rest"
  correlation). Good questions are answered right by the learners who do well overall
  (r ≥ 0.2); a low or negative r points at an ambiguous question or a wrong key.

The arithmetic is in pure functions; ``quiz_statistics()`` reads the database with GROUP BY
aggregates and one ``values_list`` of the points for the correlations.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from math import sqrt

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext_lazy as _

from .models import Attempt, Question, Response

FACILITY_LOW = 0.2
FACILITY_HIGH = 0.95
DISCRIMINATION_LOW = 0.2


def ratio(part, whole):
    """``part / whole``, or None when there is nothing to divide."""
    return part / whole if whole else None


def correlation(xs, ys):
    """Pearson's correlation coefficient, or None when either side does not vary."""
    xs, ys = [float(x) for x in xs], [float(y) for y in ys]
    n = len(xs)
    if n != len(ys) or n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / sqrt(var_x * var_y)


def discrimination(points):
    """Item-rest correlation per question from ``(attempt_id, question_id, points)`` rows:
    ``{question_id: r or None}``. A question an attempt skipped adds nothing to its total."""
    totals = defaultdict(float)
    by_question = defaultdict(list)
    for attempt_id, question_id, score in points:
        score = float(score or 0)
        totals[attempt_id] += score
        by_question[question_id].append((attempt_id, score))
    result = {}
    for question_id, scores in by_question.items():
        item = [score for _attempt, score in scores]
        rest = [totals[attempt_id] - score for attempt_id, score in scores]
        result[question_id] = correlation(item, rest)
    return result


def flags(facility, discrimination):
    """Why a question deserves a second look (empty when it looks fine)."""
    reasons = []
    if facility is not None and facility < FACILITY_LOW:
        reasons.append(_("very hard"))
    if facility is not None and facility > FACILITY_HIGH:
        reasons.append(_("very easy"))
    if discrimination is not None and discrimination < DISCRIMINATION_LOW:
        reasons.append(_("low discrimination"))
    return reasons


@dataclass
class QuestionStatistics:
    question: Question
    answered: int
    full_marks: int
    mean_points: float | None
    facility: float | None
    discrimination: float | None
    flags: list = field(default_factory=list)


@dataclass
class QuizStatistics:
    attempts: int  # submitted
    learners: int
    graded: int  # submitted with every essay marked
    pending: int
    passed: int
    pass_rate: float | None
    mean_percent: float | None
    questions: list


def quiz_statistics(quiz):
    submitted = Attempt.objects.filter(quiz=quiz, submitted_at__isnull=False)
    graded_statuses = [Attempt.Status.PASSED, Attempt.Status.FAILED]
    summary = submitted.aggregate(
        attempts=Count("pk"),
        learners=Count("user", distinct=True),
        graded=Count("pk", filter=Q(status__in=graded_statuses)),
        passed=Count("pk", filter=Q(status=Attempt.Status.PASSED)),
        mean_percent=Avg("percent", filter=Q(status__in=graded_statuses)),
    )
    responses = Response.objects.filter(attempt__in=submitted.filter(status__in=graded_statuses))
    per_question = {
        row["question"]: row
        for row in responses.values("question")
        .annotate(answered=Count("pk"), full_marks=Count("pk", filter=Q(points__gte=1)), mean_points=Avg("points"))
        .order_by()
    }
    correlations = discrimination(responses.values_list("attempt_id", "question_id", "points"))
    # The quiz's questions in its order, then any answered question it no longer holds.
    order = quiz.question_ids()
    order += [pk for pk in per_question if pk not in order]
    questions = Question.objects.in_bulk(order)
    rows = []
    for pk in order:
        counts = per_question.get(pk, {"answered": 0, "full_marks": 0, "mean_points": None})
        facility = ratio(counts["full_marks"], counts["answered"])
        r = correlations.get(pk)
        rows.append(
            QuestionStatistics(
                question=questions[pk],
                answered=counts["answered"],
                full_marks=counts["full_marks"],
                mean_points=float(counts["mean_points"]) if counts["mean_points"] is not None else None,
                facility=facility,
                discrimination=r,
                flags=flags(facility, r),
            )
        )
    mean_percent = summary["mean_percent"]
    return QuizStatistics(
        attempts=summary["attempts"],
        learners=summary["learners"],
        graded=summary["graded"],
        pending=summary["attempts"] - summary["graded"],
        passed=summary["passed"],
        pass_rate=ratio(summary["passed"], summary["graded"]),
        mean_percent=float(mean_percent) if mean_percent is not None else None,
        questions=rows,
    )
