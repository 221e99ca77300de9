"""What a course's pages show that changes only when a trainer publishes: its outline (the live
lessons in teaching order, with their titles, addresses and minutes), its trainers and its
audience. Kept in the cache (``staff_lms.page_cache``) until a page, a trainer, a profile or an
institution type changes, so a learner's page asks the database only for the learner's own
state: ``learner_state``, one query."""

from dataclasses import dataclass, field, replace

from django.db.models import F

from staff_lms import page_cache


@dataclass(frozen=True)
class OutlineLesson:
    pk: int
    title: str
    url: str
    estimated_minutes: int
    is_done: bool = False


@dataclass(frozen=True)
class Outline:
    title: str
    url: str
    lessons: tuple
    trainer_names: list = field(default_factory=list)
    audience_names: list = field(default_factory=list)

    def lesson(self, pk):
        """The live lesson ``pk`` of the course, or None."""
        return next((lesson for lesson in self.lessons if lesson.pk == pk), None)

    @property
    def total_minutes(self):
        return sum(lesson.estimated_minutes for lesson in self.lessons)

    def for_learner(self, done_ids):
        """The lessons, each with ``is_done`` for a learner who has done ``done_ids``."""
        return [replace(lesson, is_done=lesson.pk in done_ids) for lesson in self.lessons]


def outline(course):
    """``course``'s outline, from the cache (built with three queries when it is not there)."""
    return outline_of(course.pk, course)


def outline_of(course_id, course=None):
    """The outline of the course ``course_id`` (``course``, when in hand), from the cache; one
    more query to fetch the course when it is not there and not in hand."""
    from .models import CoursePage

    return page_cache.cached(
        f"course-outline:{course_id}", lambda: build_outline(course or CoursePage.objects.get(pk=course_id))
    )


def build_outline(course):
    lessons = course.lessons().defer_streamfields().only("pk", "title", "url_path", "estimated_minutes")
    return Outline(
        title=course.title,
        url=course.get_url(),
        lessons=tuple(
            OutlineLesson(lesson.pk, lesson.title, lesson.get_url(), lesson.estimated_minutes) for lesson in lessons
        ),
        trainer_names=course.trainer_names,
        audience_names=[str(institution_type) for institution_type in course.audience.all()],
    )


def with_lessons_done(enrolments):
    """The rows of ``enrolments`` (a queryset) with ``done_lesson_id``: each enrolment once per
    lesson done (once with None when none is), so one query brings both."""
    return enrolments.annotate(done_lesson_id=F("completions__lesson_id"))


def learner_state(course, user):
    """``(enrolment, ids of the lessons done)`` of ``user`` in ``course``, in one query;
    ``(None, set())`` when not enrolled."""
    from .models import Enrolment

    if not user.is_authenticated:
        return None, set()
    rows = list(with_lessons_done(Enrolment.objects.filter(user=user, course=course)))
    if not rows:
        return None, set()
    enrolment = rows[0]
    # Both are in hand: spare a query to whoever reads enrolment.user or .course.
    enrolment.user, enrolment.course = user, course
    return enrolment, {row.done_lesson_id for row in rows if row.done_lesson_id is not None}


def learner_enrolments(user):
    """``user``'s enrolments, required ones first (by due date), then the newest: each with its
    course's ``outline``, its ``last_outline_lesson`` (the live lesson last opened, or None) and
    its lesson counts; one query, and the outlines from the cache."""
    from .models import Enrolment

    enrolments, done = {}, {}
    for row in with_lessons_done(Enrolment.objects.for_learner(user)).order_by("due_date", "-enrolled_at", "pk"):
        enrolments.setdefault(row.pk, row)
        if row.done_lesson_id is not None:
            done.setdefault(row.pk, set()).add(row.done_lesson_id)
    for enrolment in enrolments.values():
        enrolment.outline = outline_of(enrolment.course_id)
        enrolment.last_outline_lesson = enrolment.outline.lesson(enrolment.last_lesson_id)
        lesson_ids = {lesson.pk for lesson in enrolment.outline.lessons}
        enrolment.set_counts(len(lesson_ids), len(done.get(enrolment.pk, set()) & lesson_ids))
    return list(enrolments.values())
