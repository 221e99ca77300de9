"""The courses app's part of a person's data (people/personal_data.py): enrolments and lesson
completions in the download, all of which anonymisation keeps for the statistics, and the
courses the person trains; a person who still trains courses is not anonymised."""

from django.utils.translation import ngettext

from people.models import display_name

from .models import CoursePage, CourseTrainer, Enrolment


def export_enrolments(user):
    enrolments = (
        Enrolment.objects.filter(user=user)
        .select_related("course", "last_lesson", "assigned_by__staff_profile")
        .prefetch_related("completions__lesson")
        .order_by("enrolled_at", "pk")
    )
    return [
        {
            "course": enrolment.course.title,
            "enrolled_at": enrolment.enrolled_at,
            "due_date": enrolment.due_date,
            "assigned_by": display_name(enrolment.assigned_by) if enrolment.assigned_by else None,
            "last_lesson": enrolment.last_lesson.title if enrolment.last_lesson else None,
            "last_activity_at": enrolment.last_activity_at,
            "completed_at": enrolment.completed_at,
            "final_score": enrolment.final_score,
            "last_reminded_on": enrolment.reminded_on,
            "lesson_completions": [
                {"lesson": done.lesson.title, "completed_at": done.completed_at}
                for done in sorted(enrolment.completions.all(), key=lambda done: (done.completed_at, done.pk))
            ],
        }
        for enrolment in enrolments
    ]


def export_courses_trained(user):
    return [
        {"course": role.course.title, "assigned_at": role.assigned_at}
        for role in CourseTrainer.objects.filter(user=user).select_related("course").order_by("assigned_at", "pk")
    ]


def courses_trained(user):
    titles = list(CoursePage.objects.trained_by(user).order_by("title").values_list("title", flat=True))
    if not titles:
        return []
    return [
        ngettext(
            "This person trains %(count)d course (%(titles)s): remove them from its trainers first.",
            "This person trains %(count)d courses (%(titles)s): remove them from their trainers first.",
            len(titles),
        )
        % {"count": len(titles), "titles": ", ".join(titles)}
    ]
