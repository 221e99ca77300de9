"""The learner's side of a quiz. Correct answers appear only once the question (feedback
after each question) or the attempt (feedback at the end) has been submitted, and only if
the quiz shows them to that learner (``Quiz.reveals_answers_to``: not while an attempt is
left, unless the trainer chose so). The question page's choices are the attempt's opaque tokens
(``Attempt.choices``), never answer ids."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import ONE, Attempt, InvalidAnswer, Question, Quiz, QuizError, Response


def _own_attempt(request, attempt_id):
    """A learner only ever reaches their own attempts; anything else is a 404."""
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id, user=request.user)


@login_required
def quiz_detail(request, quiz_id):
    quiz = get_object_or_404(Quiz.objects.published().select_related("course", "lesson"), pk=quiz_id)
    attempts = list(quiz.attempts.filter(user=request.user).order_by("number"))
    open_attempt = next((a for a in attempts if not a.is_submitted), None)
    return render(
        request,
        "quizzes/quiz_detail.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "open_attempt": open_attempt,
            "result": quiz.result_for(request.user),
            "attempts_left": quiz.attempts_left(request.user),
            "is_open": quiz.is_open(),
            "question_count": min(len(quiz.question_ids()), quiz.max_questions or 10**6),
            "may_take": quiz.may_be_taken_by(request.user),
        },
    )


@require_POST
@login_required
def start(request, quiz_id):
    quiz = get_object_or_404(Quiz.objects.published(), pk=quiz_id)
    if not quiz.may_be_taken_by(request.user):
        messages.error(request, _("Enrol in the course to take its quizzes."))
        return redirect(quiz.owning_course.url)
    try:
        attempt = quiz.start_attempt(request.user)
    except QuizError as error:
        messages.error(request, str(error))
        return redirect(quiz.get_absolute_url())
    answered = set(attempt.responses.values_list("question_id", flat=True))
    first_open = next((i for i, pk in enumerate(attempt.question_ids, 1) if pk not in answered), 1)
    return redirect("quizzes:question", attempt.pk, first_open)


@login_required
def attempt_detail(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    attempt.submit_if_expired()
    if not attempt.is_submitted:
        return redirect("quizzes:question", attempt.pk, 1)
    quiz = attempt.quiz
    questions = attempt.questions()
    responses = {r.question_id: r for r in attempt.responses.all()}
    show_answers = quiz.reveals_answers_to(request.user)
    items = []
    for question in questions:
        response = responses.get(question.pk)
        selected = set(response.selected_ids) if response else set()
        items.append(
            {
                "question": question,
                "response": response,
                "answers": [
                    {"answer": answer, "selected": answer.pk in selected, "correct": show_answers and answer.correct}
                    for _token, answer in attempt.choices(question)
                ],
            }
        )
    # A failed attempt's page offers another when the rules allow one (the form goes
    # through ``start``, which asks them again).
    may_retake = attempt.status == Attempt.Status.FAILED and quiz.may_start_another(request.user)
    return render(
        request,
        "quizzes/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "items": items,
            "show_answers": show_answers,
            "may_retake": may_retake and quiz.may_be_taken_by(request.user),
            "attempts_left": quiz.attempts_left(request.user),
        },
    )


def _question_context(attempt, number, error=None):
    questions = attempt.questions()
    question = questions[number - 1]
    responses = {r.question_id: r for r in attempt.responses.all()}
    response = responses.get(question.pk)
    checked = response is not None and response.locked
    selected = set(response.selected_ids) if response else set()
    choices = attempt.choices(question)
    # The verdict reaches the template only once checked (points are only stored at
    # submission, so it is computed here); the correct answers and the explanation only if
    # the quiz shows them too.
    reveal = checked and attempt.quiz.reveals_answers_to(attempt.user)
    return {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "question": question,
        "choices": [{"token": token, "answer": answer, "selected": answer.pk in selected} for token, answer in choices],
        "response": response,
        "checked": checked,
        "correct": checked and question.score(response.selected_ids) == ONE,
        "correct_answers": [answer.content for _token, answer in choices if answer.correct] if reveal else [],
        "explanation": question.explanation if reveal else "",
        "number": number,
        "total": len(questions),
        "navigation": [(i, responses.get(q.pk) is not None) for i, q in enumerate(questions, 1)],
        "seconds_left": attempt.seconds_left(),
        "error": error,
    }


def _essay_text(request):
    # PostgreSQL cannot store NUL in text, and no keyboard types one: a forged form's NULs go.
    return request.POST.get("text", "").replace("\x00", "").strip()


@login_required
def question(request, attempt_id, number):
    """One question per page. POST saves the answer, then moves as the learner asked."""
    attempt = _own_attempt(request, attempt_id)
    attempt.submit_if_expired()
    if attempt.is_submitted:
        messages.info(request, _("This attempt has been submitted."))
        return redirect(attempt.get_absolute_url())
    if not 1 <= number <= len(attempt.question_ids):
        raise Http404
    if request.method == "POST":
        try:
            # The form names the question it shows; a mismatch (a stale or forged form)
            # must not save an answer under another question.
            if request.POST.get("question") != str(attempt.question_ids[number - 1]):
                raise InvalidAnswer(_("That question is not part of this attempt."))
            if "choice" in request.POST or "text" in request.POST:
                attempt.save_response(
                    attempt.question_ids[number - 1],
                    request.POST.getlist("choice"),
                    _essay_text(request),
                    check=request.POST.get("action") == "check",
                )
        except InvalidAnswer as error:
            context = _question_context(attempt, number, error=str(error))
            return render(request, "quizzes/question.html", context, status=400)
        except QuizError as error:
            messages.warning(request, str(error))
            return redirect(attempt.get_absolute_url())
        action = request.POST.get("action", "next")
        if action == "finish":
            return redirect("quizzes:submit", attempt.pk)
        if action == "check":
            return redirect("quizzes:question", attempt.pk, number)
        target = number - 1 if action == "previous" else number + 1
        if 1 <= target <= len(attempt.question_ids):
            return redirect("quizzes:question", attempt.pk, target)
        return redirect("quizzes:submit", attempt.pk)
    return render(request, "quizzes/question.html", _question_context(attempt, number))


@require_POST
@login_required
def save_answer(request, attempt_id):
    """Save one answer as the learner goes (used by the page's script): JSON in, JSON out."""
    attempt = _own_attempt(request, attempt_id)
    try:
        try:
            question_id = int(request.POST.get("question", ""))
        except ValueError:
            raise InvalidAnswer(_("That question is not part of this attempt.")) from None
        response = attempt.save_response(question_id, request.POST.getlist("choice"), _essay_text(request))
    except InvalidAnswer as error:
        return JsonResponse({"saved": False, "error": str(error)}, status=400)
    except QuizError as error:
        return JsonResponse({"saved": False, "error": str(error), "submitted": attempt.is_submitted}, status=409)
    return JsonResponse({"saved": True, "saved_at": response.saved_at.isoformat()})


@login_required
def submit(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if request.method == "POST":
        attempt.submit()
        return redirect(attempt.get_absolute_url())
    attempt.submit_if_expired()
    if attempt.is_submitted:
        return redirect(attempt.get_absolute_url())
    answered = attempt.responses.count()
    return render(
        request,
        "quizzes/submit.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "answered": answered,
            "unanswered": len(attempt.question_ids) - answered,
            "seconds_left": attempt.seconds_left(),
        },
    )


@login_required
def progress(request):
    """The learner's results per quiz, and per question category (django-quiz-app's
    "progress" page), from their submitted attempts."""
    attempts = (
        Attempt.objects.filter(user=request.user)
        .exclude(submitted_at=None)
        .select_related("quiz")
        .order_by("quiz__title", "number")
    )
    categories = (
        Response.objects.filter(attempt__user=request.user, attempt__submitted_at__isnull=False)
        .exclude(question__kind=Question.Kind.ESSAY, points=None)
        .values("question__category__name")
        .annotate(answered=Count("pk"), total_points=Sum("points"), correct=Count("pk", filter=Q(points__gte=1)))
        .order_by("question__category__name")
    )
    for row in categories:
        row["percent"] = round(100 * float(row["total_points"] or 0) / row["answered"]) if row["answered"] else 0
    return render(request, "quizzes/progress.html", {"attempts": attempts, "categories": categories})
