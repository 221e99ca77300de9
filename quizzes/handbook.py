"""The "Quiz questions" appendix of the printable course handbook (registered in apps.py).

Every question a published quiz of the course can ask, with the answers to choose from,
and never which of them is correct: the query does not even read ``Answer.correct`` nor
the explanations.
"""

import hashlib

from django.db.models import F, Q
from django.utils.translation import gettext as _

from courses.extensions import AppendixItem, AppendixSection, HandbookAppendix

from .models import Question, Quiz, QuizQuestion

KINDS = {
    Question.Kind.SINGLE: AppendixItem.CHOICE,
    Question.Kind.MULTIPLE: AppendixItem.MULTIPLE,
    Question.Kind.TRUE_FALSE: AppendixItem.TRUE_FALSE,
    Question.Kind.ESSAY: AppendixItem.ESSAY,
}


def quiz_questions_appendix(course):
    """The published quizzes of ``course`` and of its live lessons, lesson checks in lesson
    order first, then the course's own quizzes (two queries). None when there are none."""
    quizzes = list(
        Quiz.objects.published()
        .filter(Q(course=course) | Q(lesson__in=course.lessons()))
        .annotate(lesson_title=F("lesson__title"), lesson_path=F("lesson__path"))
        .only("pk", "title", "description", "course_id", "lesson_id", "required_for_completion", "max_questions")
        .order_by()
    )
    if not quizzes:
        return None
    quizzes.sort(key=lambda quiz: (quiz.lesson_id is None, quiz.lesson_path or "", quiz.title, quiz.pk))
    questions = _questions_by_quiz([quiz.pk for quiz in quizzes])
    sections = tuple(_section(quiz, questions.get(quiz.pk, [])) for quiz in quizzes)
    version = hashlib.sha256(repr(sections).encode()).hexdigest()[:16]
    return HandbookAppendix(title=_("Quiz questions"), sections=sections, version=version)


def _questions_by_quiz(quiz_ids):
    """``{quiz id: [AppendixItem, ...]}`` in each quiz's order: one row per answer (one with
    no answer for an essay), in one query."""
    rows = (
        QuizQuestion.objects.filter(quiz_id__in=quiz_ids)
        .order_by("quiz_id", "sort_order", "pk")
        .values_list(
            "quiz_id",
            "question_id",
            "question__kind",
            "question__content",
            "question__figure_id",
            "question__answers__content",
        )
    )
    questions, current = {}, {}
    for quiz_id, question_id, kind, content, figure_id, answer in rows:
        key = (quiz_id, question_id)
        if key not in current:
            current[key] = {"kind": kind, "text": content, "image_id": figure_id, "options": []}
            questions.setdefault(quiz_id, []).append((question_id, current[key]))
        if answer is not None:
            current[key]["options"].append(answer)
    return {quiz_id: [_item(pk, question) for pk, question in items] for quiz_id, items in questions.items()}


def _item(question_id, question):
    kind = KINDS.get(question["kind"], AppendixItem.CHOICE)
    options = question["options"]
    if kind in (AppendixItem.TRUE_FALSE, AppendixItem.ESSAY):
        options = []
    else:
        # Trainers often type the correct answer first; printed in that order the handbook
        # would give it away. Ordered by a digest of their words instead: nothing of the order
        # they were typed in, and the same every time (the cached file stays valid).
        options.sort(key=lambda option: hashlib.sha256(f"{question_id}:{option}".encode()).digest())
    return AppendixItem(text=question["text"], options=tuple(options), kind=kind, image_id=question["image_id"])


def _section(quiz, items):
    notes = []
    if quiz.lesson_id:
        notes.append(_("Check of the lesson “%(lesson)s”.") % {"lesson": quiz.lesson_title})
    elif quiz.required_for_completion:
        notes.append(_("Final test of the course."))
    if quiz.max_questions and quiz.max_questions < len(items):
        notes.append(
            _("Each attempt asks %(count)s of these %(total)s questions.")
            % {"count": quiz.max_questions, "total": len(items)}
        )
    if quiz.description:
        notes.append(quiz.description)
    return AppendixSection(title=quiz.title, items=tuple(items), note=" ".join(notes))
