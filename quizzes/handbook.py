"""The "Quiz questions" appendix of the printable course handbook (registered in apps.py).

Every question a published quiz of the course can ask, with the answers to choose from. The
learner's edition never says which of them is correct: its query does not even read
``Answer.correct`` nor the explanations. The trainer's edition (``answer_key``) adds the
correct answers and the explanations, for an essay the marking guidance, to run a class on paper.

Only what holds on paper is printed: which lesson a quiz checks, whether it is the final test,
its pass mark. The rules of the online quiz (time limit and automatic submission, attempts
allowed, a random subset of questions per attempt) are not, nor its description, which
explains those rules to learners online.
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


def quiz_questions_appendix(course, answer_key=False):
    """The published quizzes of ``course`` and of its live lessons, lesson checks in lesson
    order first, then the course's own quizzes (two queries). None when there are none."""
    quizzes = list(
        Quiz.objects.published()
        .filter(Q(course=course) | Q(lesson__in=course.lessons()))
        .annotate(lesson_title=F("lesson__title"), lesson_path=F("lesson__path"))
        .only("pk", "title", "course_id", "lesson_id", "required_for_completion", "pass_mark")
        .order_by()
    )
    if not quizzes:
        return None
    quizzes.sort(key=lambda quiz: (quiz.lesson_id is None, quiz.lesson_path or "", quiz.title, quiz.pk))
    questions = _questions_by_quiz([quiz.pk for quiz in quizzes], answer_key)
    sections = tuple(_section(quiz, questions.get(quiz.pk, [])) for quiz in quizzes)
    version = hashlib.sha256(repr(sections).encode()).hexdigest()[:16]
    return HandbookAppendix(title=_("Quiz questions"), sections=sections, version=version)


def _questions_by_quiz(quiz_ids, answer_key):
    """``{quiz id: [AppendixItem, ...]}`` in each quiz's order: one row per answer (one with
    no answer for an essay), in one query."""
    fields = ["quiz_id", "question_id", "question__kind", "question__content", "question__figure_id"]
    fields += ["question__answers__content"]
    if answer_key:
        fields += ["question__answers__correct", "question__explanation"]
    rows = (
        QuizQuestion.objects.filter(quiz_id__in=quiz_ids).order_by("quiz_id", "sort_order", "pk").values_list(*fields)
    )
    questions, current = {}, {}
    for quiz_id, question_id, kind, content, figure_id, answer, *key in rows:
        correct, explanation = key if answer_key else (False, "")
        item = (quiz_id, question_id)
        if item not in current:
            current[item] = {
                "kind": kind,
                "text": content,
                "image_id": figure_id,
                "answers": [],
                "guidance": explanation,
            }
            questions.setdefault(quiz_id, []).append((question_id, current[item]))
        if answer is not None:
            current[item]["answers"].append((answer, bool(correct)))
    return {quiz_id: [_item(pk, question) for pk, question in items] for quiz_id, items in questions.items()}


def _item(question_id, question):
    kind = KINDS.get(question["kind"], AppendixItem.CHOICE)
    answers = question["answers"]
    key = {"guidance": question["guidance"] or ""}
    if kind in (AppendixItem.TRUE_FALSE, AppendixItem.ESSAY):
        key["answer"] = ", ".join(text for text, correct in answers if correct)
        answers = []
    else:
        # Trainers often type the correct answer first; printed in that order the handbook
        # would give it away. Ordered by a digest of their words instead: nothing of the order
        # they were typed in, and the same every time (the cached file stays valid).
        answers.sort(key=lambda answer: hashlib.sha256(f"{question_id}:{answer[0]}".encode()).digest())
        key["correct"] = tuple(position for position, (_text, correct) in enumerate(answers) if correct)
    options = tuple(text for text, _correct in answers)
    return AppendixItem(text=question["text"], options=options, kind=kind, image_id=question["image_id"], **key)


def _section(quiz, items):
    notes = []
    if quiz.lesson_id:
        notes.append(_("Check of the lesson “%(lesson)s”.") % {"lesson": quiz.lesson_title})
    elif quiz.required_for_completion:
        notes.append(_("Final test of the course."))
    notes.append(_("Pass mark: %(mark)s%%") % {"mark": quiz.pass_mark})
    return AppendixSection(title=quiz.title, items=tuple(items), note=" ".join(notes))
