"""The trainer's panel on the Wagtail dashboard: the courses they train (``CoursePage.objects.trained_by``),
each with its number of learners, completion rate and number of overdue learners, and links to
add a lesson (Wagtail's add-page view) or what apps above courses offer (a quiz:
``extensions.register_course_admin_links``).

The figures follow ``EnrolmentQuerySet.with_status``: a learner is overdue when their enrolment is
not completed and its due date (set when HR assigns the course) has passed; a completed one
never is. The panel costs a constant number of queries, however many courses and learners.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component

from . import extensions
from .models import TRAIN_COURSE, CoursePage, Enrolment


@dataclass
class CourseFigures:
    """One course of a trainer: its learners (enrolments), how many completed it and how many
    are overdue, and the links to add content to it."""

    course: CoursePage
    learners: int = 0
    completed: int = 0
    overdue: int = 0
    links: list = field(default_factory=list)

    @property
    def completion_rate(self):
        """Completed ÷ learners, as a whole percentage; None without learners."""
        if not self.learners:
            return None
        return round(100 * self.completed / self.learners)


def trained_courses(user, today=None):
    """``CourseFigures`` of each course ``user`` trains, by title: two queries, plus what the
    link providers ask."""
    courses = list(CoursePage.objects.trained_by(user).order_by("title", "pk"))
    if not courses:
        return []
    status = Enrolment.Status
    counts = (
        Enrolment.objects.filter(course__in=[course.pk for course in courses])
        .with_status(today)
        .order_by()
        .values("course")
        .annotate(
            learners=Count("pk"),
            completed=Count("pk", filter=Q(status=status.COMPLETED)),
            overdue=Count("pk", filter=Q(status=status.OVERDUE)),
        )
    )
    by_course = {row["course"]: row for row in counts}
    links = extensions.course_admin_links(courses, user)
    rows = []
    for course in courses:
        row = by_course.get(course.pk, {})
        add_lesson = extensions.Link(
            label=_("Add a lesson"), url=reverse("wagtailadmin_pages:add", args=["courses", "lessonpage", course.pk])
        )
        rows.append(
            CourseFigures(
                course,
                learners=row.get("learners", 0),
                completed=row.get("completed", 0),
                overdue=row.get("overdue", 0),
                links=[add_lesson, *links[course.pk]],
            )
        )
    return rows


class TrainerCoursesPanel(Component):
    """For whoever may train courses (``courses.train_course``)."""

    name = "trainer_courses"
    template_name = "courses/admin/trainer_courses_panel.html"
    order = 30  # after the settings to fill (10), before the III.3 figures (90)

    def __init__(self, user):
        self.user = user

    @classmethod
    def register(cls, request, panels):
        if request.user.has_perm(TRAIN_COURSE):
            panels.append(cls(request.user))

    def get_context_data(self, parent_context=None):
        return {"rows": trained_courses(self.user)}
