"""Demo quizzes and the demo learners' attempts at them, for ``manage.py seed_demo`` (in ``lms``).

The command calls, in this order:

1. ``seed_quizzes()`` once the course pages exist: the category tree, the questions and the
   quizzes of ``lms.demo.questions`` (looked up by natural key, created only when missing);
2. ``plan_histories()`` on its planned enrolments, before writing any: decides each learner's
   attempts and, for a learner who did every lesson, whether and when the course was completed
   (only once the final quiz was passed: an essay counts from the moment it was marked);
3. ``record_attempts()`` for each enrolment, *before* its lessons are recorded: submitting an
   attempt re-checks the course's completion, which must not find the lessons done and complete
   the enrolment today instead of on the planned date.

Attempts go through the engine (``start_attempt``, ``save_response``, ``submit`` with ``now=``,
``Response.mark``), so scores and statuses are computed, never typed in. A planned enrolment is
any object with ``username``, ``course_slug``, ``enrolled_at``, ``lesson_times`` (completion
times of the first lessons, in order), ``completed_at``, ``limit`` (nothing happens after it; None
for "now") and ``quiz_scenarios`` (a dict, see ``plan_history``); ``plan_histories`` sets
``attempts`` and ``completed_at`` on it.
"""

import math
import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from quizzes.models import Attempt, Category, Question, Quiz, QuizQuestion, Response

from .questions import (
    CATEGORIES,
    CATEGORY_SEPARATOR,
    ESSAYS_GOOD,
    ESSAYS_PENDING,
    ESSAYS_THIN,
    FEEDBACK_GOOD,
    FEEDBACK_THIN,
    FINAL_QUIZZES,
    LESSON_CHECKS,
)

FINAL, LESSON = "final", "lesson"

# Scenarios: what a learner did at a quiz.
PASS = "pass"  # passed at the first attempt
RETAKE = "retake"  # failed, then passed
FAIL = "fail"  # failed once or twice, not passed (yet)
EARLY = "early"  # tried the final quiz before finishing the lessons, and failed
PENDING = "pending"  # an essay waiting for the trainer
NONE = "none"  # no attempt

PASSED, FAILED, WAITING = Attempt.Status.PASSED, Attempt.Status.FAILED, Attempt.Status.PENDING
OUTCOMES = {PASS: [PASSED], RETAKE: [FAILED, PASSED], FAIL: [FAILED], EARLY: [FAILED], PENDING: [WAITING], NONE: []}

PENDING_ESSAYS = 2  # the most recent essay takers whose essay is not marked yet
MINUTE = timedelta(minutes=1)


@dataclass
class PlannedAttempt:
    quiz: str  # FINAL or LESSON
    outcome: str  # an Attempt.Status
    started_at: object
    minutes: int
    marked_at: object = None  # essays: when the trainer marked it

    @property
    def submitted_at(self):
        return self.started_at + timedelta(minutes=self.minutes)

    @property
    def result_at(self):
        """When the result was known: at submission, or when the essay was marked."""
        return self.marked_at or self.submitted_at


@dataclass
class DemoQuizzes:
    final: dict  # course slug → Quiz
    lesson: dict  # course slug → Quiz (a check of one of its lessons)


FINAL_SPECS = {spec["course"]: spec for spec in FINAL_QUIZZES}
LESSON_SPECS = {spec["course"]: spec for spec in LESSON_CHECKS}


def has_essay(spec):
    return any(question["kind"] == Question.Kind.ESSAY for question in spec["questions"])


# Quizzes ------------------------------------------------------------------------------------------


def seed_quizzes(courses, created):
    """Categories, questions and quizzes; ``courses`` maps a course slug to ``(course, lessons)``.
    A quiz found by its title is left as it is (a trainer may have changed it)."""
    categories = seed_categories(created)
    quizzes = DemoQuizzes({}, {})
    specs = [(spec, quizzes.final) for spec in FINAL_QUIZZES] + [(spec, quizzes.lesson) for spec in LESSON_CHECKS]
    for spec, target in specs:
        if spec["course"] not in courses:
            continue
        course, lessons = courses[spec["course"]]
        quiz = Quiz.objects.filter(title=spec["title"]).first()
        if quiz is None:
            lesson = next(lesson for lesson in lessons if lesson.slug == spec["lesson"]) if "lesson" in spec else None
            quiz = Quiz(
                title=spec["title"],
                description=spec["description"],
                course=None if lesson else course,
                lesson=lesson,
                success_text=spec["success_text"],
                fail_text=spec["fail_text"],
                **spec["rules"],
            )
            quiz.clean()
            quiz.save()
            questions = [seed_question(question, spec, categories, created) for question in spec["questions"]]
            QuizQuestion.objects.bulk_create(
                QuizQuestion(quiz=quiz, question=question, sort_order=order) for order, question in enumerate(questions)
            )
            created["quizzes"] += 1
        target[spec["course"]] = quiz
    return quizzes


def seed_categories(created):
    categories = {}
    for path in CATEGORIES:
        *parent, name = path.split(CATEGORY_SEPARATOR)
        parent = categories[CATEGORY_SEPARATOR.join(parent)] if parent else None
        categories[path], new = Category.objects.get_or_create(parent=parent, name=name)
        created["categories"] += new
    return categories


def seed_question(spec, quiz_spec, categories, created):
    category = categories[spec["category"] or quiz_spec["category"]]
    question = Question.objects.filter(category=category, content=spec["content"]).first()
    if question is None:
        question = Question.objects.create_with_answers(
            spec["answers"],
            category=category,
            kind=spec["kind"],
            content=spec["content"],
            explanation=spec["explanation"],
        )
        created["questions"] += 1
    return question


# Planning -----------------------------------------------------------------------------------------


def plan_histories(plans, lesson_counts, now, seed):
    """Decide every planned enrolment's attempts (and completion), reproducibly: each enrolment
    draws from its own random sequence, so one plan never shifts another's."""
    essay_courses = {slug for slug, spec in FINAL_SPECS.items() if has_essay(spec)}
    candidates = [
        plan
        for plan in plans
        if plan.course_slug in essay_courses and plan.lesson_times and FINAL not in plan.quiz_scenarios
    ]
    for plan in sorted(candidates, key=lambda plan: plan.lesson_times[-1], reverse=True)[:PENDING_ESSAYS]:
        plan.quiz_scenarios[FINAL] = PENDING
    for plan in plans:
        plan_history(plan, lesson_counts[plan.course_slug], now, seed)


def plan_history(plan, lesson_count, now, seed):
    """``plan.quiz_scenarios`` may name the scenario (PASS, RETAKE, ...) of the course's final
    quiz (key FINAL) and of its lesson check (key LESSON); the others are drawn."""
    rng = random.Random(f"{seed}-quiz-{plan.username}-{plan.course_slug}")
    limit = plan.limit or now - 5 * MINUTE
    done = len(plan.lesson_times)
    all_done = lesson_count > 0 and done == lesson_count
    # Always the same draws, whatever is used: the sequence stays put.
    roll, repeat_roll, check_roll, check_outcome_roll = rng.random(), rng.random(), rng.random(), rng.random()
    plan.attempts = []

    final = FINAL_SPECS.get(plan.course_slug)
    if final is not None:
        scenario = plan.quiz_scenarios.get(FINAL)
        if scenario is None:
            if all_done:
                scenario = FAIL if roll < 0.12 else RETAKE if roll < 0.40 else PASS
            else:
                scenario = EARLY if done and roll < 0.2 else NONE
        if not all_done and scenario in (PASS, RETAKE):
            scenario = EARLY  # a pass would complete the course when the last lesson is done
        outcomes = list(OUTCOMES[scenario])
        if scenario == FAIL and repeat_roll < 0.35:
            outcomes.append(FAILED)
        if outcomes:
            after = plan.lesson_times[-1] if done else plan.enrolled_at
            if scenario == PENDING:
                # Taken in the last few days: the trainer has not got to it yet.
                after = max(after, now - timedelta(days=1 + int(3 * roll)))
            plan.attempts += schedule(rng, FINAL, outcomes, final, after, plan.enrolled_at, limit)
        if all_done:
            passed = [attempt for attempt in plan.attempts if attempt.outcome == PASSED]
            plan.completed_at = (
                min(max(plan.lesson_times[-1] + 2 * MINUTE, passed[-1].result_at + MINUTE), limit) if passed else None
            )

    check = LESSON_SPECS.get(plan.course_slug)
    if check is not None and done:
        scenario = plan.quiz_scenarios.get(LESSON)
        if scenario is None:
            scenario = NONE if check_roll >= 0.45 else PASS if check_outcome_roll < 0.75 else RETAKE
            scenario = FAIL if check_roll < 0.45 and check_outcome_roll >= 0.92 else scenario
        outcomes = OUTCOMES[scenario]
        if outcomes:
            # Right after the first lesson, which it checks.
            plan.attempts += schedule(rng, LESSON, outcomes, check, plan.lesson_times[0], plan.enrolled_at, limit)


def schedule(rng, kind, outcomes, spec, after, not_before, limit):
    """Attempts one after the other, starting a little after ``after`` at a waking hour; the
    learner retakes a while after seeing the result, the trainer marks essays within three
    days. All end by ``limit`` (moved earlier, or squeezed, when there is little room)."""
    rules = spec["rules"]
    longest = min(rules["time_limit_minutes"] - 3, 17) if rules.get("time_limit_minutes") else 25
    durations = [rng.randint(2, 6) if kind == LESSON else rng.randint(6, longest) for _outcome in outcomes]
    essay = has_essay(spec)
    marking = [rng.randint(2 * 60, 3 * 24 * 60) if essay and outcome != WAITING else 0 for outcome in outcomes]
    gaps = [rng.randint(60, 4 * 24 * 60) for _outcome in outcomes[1:]]
    delay = rng.randint(2, 40) if kind == LESSON else rng.randint(10, 2 * 24 * 60)

    def build(start, marking, gaps, daytime):
        attempts, moment = [], start
        for i, outcome in enumerate(outcomes):
            attempt = PlannedAttempt(kind, outcome, awake(moment) if daytime else moment, durations[i])
            if essay and outcome != WAITING:
                marked_at = attempt.submitted_at + timedelta(minutes=marking[i])
                attempt.marked_at = awake(marked_at, first=8, last=17) if daytime else marked_at
            attempts.append(attempt)
            if i < len(gaps):
                moment = attempt.result_at + timedelta(minutes=gaps[i])
        return attempts

    attempts = build(after + timedelta(minutes=delay), marking, gaps, daytime=True)
    latest_end, earliest = limit - MINUTE, not_before + 5 * MINUTE
    overflow = attempts[-1].result_at - latest_end
    if overflow > timedelta(0):
        for attempt in attempts:
            attempt.started_at -= overflow
            attempt.marked_at = attempt.marked_at and attempt.marked_at - overflow
    if attempts[0].started_at < earliest:
        room = (latest_end - earliest).total_seconds() / 60 - sum(durations)
        if room < 0:
            raise ValueError(f"no room for {len(outcomes)} quiz attempts between {earliest} and {latest_end}")
        flexible = sum(marking) + sum(gaps)
        factor = min(1, room / flexible) if flexible else 0
        attempts = build(earliest, [int(m * factor) for m in marking], [int(m * factor) for m in gaps], False)
    return attempts


def awake(moment, first=7, last=21):
    """The same moment if it falls between ``first`` and ``last`` o'clock (local time), else the
    next morning, in the first three hours from ``first``."""
    local = timezone.localtime(moment)
    morning = first + local.hour % 3
    if local.hour < first:
        return local.replace(hour=morning)
    if local.hour > last:
        return (local + timedelta(days=1)).replace(hour=morning)
    return moment


def replan_for_existing(plan, enrolment, lesson_count, now, seed):
    """An enrolment made by an earlier version of the command (no quizzes then): attempts that
    agree with its recorded completion, so a completed one has its passed attempt before that."""
    if enrolment.completed_at is not None:
        if not any(a.quiz == FINAL and a.outcome == PASSED for a in plan.attempts):
            plan.quiz_scenarios = {**plan.quiz_scenarios, FINAL: PASS}
        plan.limit = min(plan.limit or enrolment.completed_at, enrolment.completed_at)
        plan.lesson_times = plan.lesson_times or [enrolment.completed_at - 10 * MINUTE]
        lesson_count = len(plan.lesson_times)
    elif any(a.quiz == FINAL and a.outcome == PASSED for a in plan.attempts):
        plan.quiz_scenarios = {**plan.quiz_scenarios, FINAL: EARLY}
        lesson_count += 1  # never "all done": the attempt must not complete it
    plan_history(plan, lesson_count, now, seed)


# Recording ----------------------------------------------------------------------------------------


def record_attempts(plan, user, quizzes, marker, created, seed):
    """Create the planned attempts of ``user`` at the demo quizzes of the plan's course, unless
    the learner already has attempts at that quiz (a second run, or real use of the demo) or a
    trainer has since made it a draft (which no longer counts for completion)."""
    for kind, quiz in ((FINAL, quizzes.final.get(plan.course_slug)), (LESSON, quizzes.lesson.get(plan.course_slug))):
        planned = [attempt for attempt in plan.attempts if attempt.quiz == kind]
        if quiz is None or quiz.draft or not planned or quiz.attempts.filter(user=user).exists():
            continue
        for number, attempt in enumerate(planned, start=1):
            rng = random.Random(f"{seed}-attempt-{user.username}-{plan.course_slug}-{kind}-{number}")
            take(quiz, user, attempt, marker, rng)
            created["attempts"] += 1


def take(quiz, user, planned, marker, rng):
    """One attempt through the engine, answered so that it ends as planned."""
    attempt = quiz.start_attempt(user, now=planned.started_at)
    if quiz.max_questions or quiz.random_order:
        # The engine draws with the system's random source; draw again with the demo's, so
        # that every demo database holds the same attempts.
        attempt.question_ids = quiz.draw_questions(rng)
        attempt.save(update_fields=["question_ids"])
    questions = attempt.questions()
    essays = [question for question in questions if question.is_essay]
    choices = [question for question in questions if not question.is_essay]
    right, essay_points = score_for(rng, planned.outcome, quiz.pass_mark, len(questions), len(choices), bool(essays))
    correct = set(rng.sample([question.pk for question in choices], right))

    step = timedelta(minutes=planned.minutes) / (len(questions) + 1)
    for position, question in enumerate(questions, start=1):
        moment = planned.started_at + step * position
        if question.is_essay:
            texts = ESSAYS_PENDING if essay_points is None else ESSAYS_GOOD if essay_points >= 0.75 else ESSAYS_THIN
            attempt.save_response(question.pk, text=rng.choice(texts), now=moment)
        elif question.pk in correct:
            attempt.save_response(question.pk, tokens(attempt, question, question.correct_answer_ids()), now=moment)
        elif planned.outcome == PASSED or rng.random() < 0.9:  # now and then, a question left blank
            attempt.save_response(question.pk, tokens(attempt, question, wrong_answer(rng, question)), now=moment)
    attempt.submit(now=planned.submitted_at)

    if essay_points is not None:
        for question in essays:
            response = attempt.responses.get(question=question)
            feedback = rng.choice(FEEDBACK_GOOD if essay_points >= 0.75 else FEEDBACK_THIN)
            response.mark(essay_points, marker, feedback)
            # Backdate the marking, as the command backdates page revisions.
            Response.objects.filter(pk=response.pk).update(marked_at=planned.marked_at)
    attempt.refresh_from_db()
    if attempt.status != planned.outcome:
        raise RuntimeError(f"demo attempt {attempt} ended {attempt.status}, planned {planned.outcome}")
    return attempt


def score_for(rng, outcome, pass_mark, total, choices, essay):
    """(choice questions answered right, essay mark or None) for a passed, failed or pending attempt."""
    needed = Decimal(pass_mark) * total / 100
    if outcome == PASSED:
        essay_points = rng.choice((Decimal("0.75"), Decimal("1"))) if essay else Decimal(0)
        return rng.randint(max(0, math.ceil(needed - essay_points)), choices), essay_points if essay else None
    if outcome == FAILED:
        essay_points = rng.choice((Decimal("0.25"), Decimal("0.5"))) if essay else Decimal(0)
        most = math.ceil(needed - essay_points) - 1
        return rng.randint(max(0, most - 3), most), essay_points if essay else None
    return rng.randint(min(choices, max(0, math.ceil(needed) - 2)), choices), None


def tokens(attempt, question, answer_ids):
    """The answers as the attempt's page would post them."""
    return [attempt.choice_token(question.pk, answer_id) for answer_id in answer_ids]


def wrong_answer(rng, question):
    answers = list(question.answers.all())
    right = [answer.pk for answer in answers if answer.correct]
    wrong = [answer.pk for answer in answers if not answer.correct]
    if question.kind == Question.Kind.MULTIPLE:
        options = []
        if len(right) > 1:
            options.append(sorted(rng.sample(right, len(right) - 1)))  # one right answer missed
        if wrong:
            options.append(sorted(right + [rng.choice(wrong)]))  # one wrong answer ticked too
        return rng.choice(options)
    return [rng.choice(wrong)]
