"""The quizzes app's part of a person's data (people/personal_data.py): their attempts with their
own answers, points and the trainers' feedback, never a question's correct answers or
explanation; anonymisation clears the essays' texts and feedback and keeps the scores for the
statistics."""

from django.utils.translation import gettext_lazy as _

from .models import Answer, Attempt, Response


def export_attempts(user):
    attempts = list(
        Attempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related("responses__question")
        .order_by("started_at", "pk")
    )
    chosen = {pk for attempt in attempts for response in attempt.responses.all() for pk in response.selected_ids}
    answers = dict(Answer.objects.filter(pk__in=chosen).values_list("pk", "content"))
    return [
        {
            "quiz": attempt.quiz.title,
            "attempt": attempt.number,
            "started_at": attempt.started_at,
            "submitted_at": attempt.submitted_at,
            "status": str(attempt.get_status_display()),
            "score": attempt.score,
            "max_score": attempt.max_score,
            "percent": attempt.percent,
            "responses": [export_response(response, answers) for response in responses_in_order(attempt)],
        }
        for attempt in attempts
    ]


def responses_in_order(attempt):
    """The questions the learner answered, in the attempt's order."""
    position = {pk: index for index, pk in enumerate(attempt.question_ids)}
    return sorted(attempt.responses.all(), key=lambda response: position.get(response.question_id, len(position)))


def export_response(response, answers):
    question = response.question
    return {
        "question": question.content,
        "your_answers": [answers[pk] for pk in response.selected_ids if pk in answers],
        "essay": response.text if question.is_essay else None,
        "saved_at": response.saved_at,
        "points": response.points,
        "feedback": response.feedback,
        "marked_at": response.marked_at,
    }


def clear_essays(user):
    """The essays' texts and the trainers' feedback on them go; choices and points stay."""
    written = Response.objects.filter(attempt__user=user).exclude(text="", feedback="")
    count = written.update(text="", feedback="")
    return {"essays cleared": count} if count else {}


AUDIT_LABELS = {"essays cleared": _("essays cleared")}
