"""How SCORM lessons take part in course completion (registered in apps.py): each one in a course
is a check, met when the package's report made the lesson done, with the score it reported,
which the course's final score counts like a passed quiz's (``courses.completion.final_score``)."""

from django.utils import formats
from django.utils.translation import gettext as _

from courses.completion import Check
from courses.models import CoursePage
from staff_lms import page_cache

from .cmi import plain
from .models import ScormLessonPage, ScormRecord


def scorm_lessons(course_id):
    """``(pk, title, url, mastery score)`` of the course's live SCORM lessons, from the cache."""

    def build():
        course = CoursePage.objects.get(pk=course_id)
        lessons = ScormLessonPage.objects.live().child_of(course)
        return [
            (lesson.pk, lesson.title, lesson.get_url(), lesson.package.mastery_score if lesson.package else None)
            for lesson in lessons.select_related("package").order_by("path")
        ]

    return page_cache.cached(f"scorm-lessons:{course_id}", build)


def scorm_lessons_passed(enrolment):
    lessons = scorm_lessons(enrolment.course_id)
    if not lessons:
        return []
    records = {
        record.lesson_id: record
        for record in ScormRecord.objects.filter(
            enrolment_id=enrolment.pk, lesson_id__in=[pk for pk, *_rest in lessons]
        )
    }
    checks = []
    for pk, title, url, mastery in lessons:
        record = records.get(pk)
        if record is not None and record.completed_at is not None:
            if record.score is None:
                label = _("Completed “%(lesson)s”") % {"lesson": title}
            else:
                label = _("Completed “%(lesson)s” with %(score)s%%") % {
                    "lesson": title,
                    "score": formats.number_format(plain(record.score)),
                }
            checks.append(Check(label, True, url=url, score=record.score))
        elif mastery is not None:
            label = _("Complete “%(lesson)s” (pass mark %(mark)s%%)") % {
                "lesson": title,
                "mark": formats.number_format(plain(mastery)),
            }
            checks.append(Check(label, False, url=url))
        else:
            checks.append(Check(_("Complete “%(lesson)s”") % {"lesson": title}, False, url=url))
    return checks
