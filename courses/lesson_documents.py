"""Who may download a Wagtail document (``/documents/<id>/<name>``), decided by the
``before_serve_document`` hook in wagtail_hooks.py.

Documents are the handouts of lessons: a download block, or a link in a lesson's text. Wagtail's
reference index records which pages offer each document, so:

- a document that a published, public page other than a lesson offers (the catalogue's
  introduction, say) is public, as that page is;
- a document offered in a lesson is for those who may read the lesson,
  ``CoursePage.can_read_lessons`` (the course's enrolled learners, whoever may preview it); in
  an unpublished lesson, for those who may preview the course;
- whatever the pages, the admin users who may change the document (its uploader, provincial
  administrators) download it, as they edit it in Wagtail's admin. Choosing documents (every
  trainer may) does not open other courses' lessons. A document that no page offers is for
  them alone.

The index follows what a page's row holds: its published content, or for a page never
published what it was created with (a draft revision does not change the row). It is updated
by a task when a page is saved (with the immediate task backend, at once; with a worker, a
moment later); ``loaddata`` skips it, and ``manage.py rebuild_references_index`` fills it again.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex, get_page_models
from wagtail.permissions import policy_registry

from .models import CoursePage, Enrolment, LessonPage


@dataclass(frozen=True)
class Decision:
    allowed: bool
    courses: tuple = ()  # the courses whose lessons offer the document, for a refusal's message

    def __bool__(self):
        return self.allowed


def pages_offering(document):
    """``(pk, content_type_id, path, live)`` of each page that offers ``document`` (one query)."""
    references = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    page_ids = references.values(page_id=Cast("object_id", output_field=IntegerField()))
    return list(Page.objects.filter(pk__in=page_ids).values_list("pk", "content_type_id", "path", "live"))


def may_download(document, user):
    """Whether ``user`` may download ``document``: a ``Decision``. Two queries for a learner
    enrolled in a course that offers it; a few more for the other readers."""
    pages = pages_offering(document)
    lesson_types = {
        ContentType.objects.get_for_model(model).pk for model in get_page_models() if issubclass(model, LessonPage)
    }
    lessons = [(path, live) for _pk, type_id, path, live in pages if type_id in lesson_types]
    elsewhere = [pk for pk, type_id, _path, live in pages if type_id not in lesson_types and live]
    if elsewhere and Page.objects.filter(pk__in=elsewhere).public().exists():
        return Decision(True)
    if not user.is_authenticated:
        return Decision(False)
    courses = ()
    if lessons:
        courses = _courses_of(lessons, user)
        if any(_admits(course, user) for course in courses):
            return Decision(True, courses)
    policy = policy_registry.get_by_type(get_document_model())
    return Decision(policy.user_has_permission_for_instance(user, "change", document), courses)


def _courses_of(lessons, user):
    """The courses of ``lessons`` (``(path, live)``), each knowing whether ``user`` is enrolled
    and whether a published lesson offers the document (one query)."""
    published = {}
    for path, live in lessons:
        course_path = path[: -Page.steplen]
        published[course_path] = published.get(course_path, False) or live
    courses = tuple(
        CoursePage.objects.filter(path__in=published)
        .annotate(is_enrolled=Exists(Enrolment.objects.filter(user=user, course=OuterRef("pk"))))
        .order_by("path")
    )
    for course in courses:
        course.offered_in_published_lesson = published[course.path]
    return courses


def _admits(course, user):
    if course.offered_in_published_lesson:
        return course.can_read_lessons(user, is_enrolled=course.is_enrolled)
    return course.can_preview(user)
