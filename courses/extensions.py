"""What apps above courses add to course pages without courses importing them: links on lesson
pages (a lesson's check quiz, say), on the learner's enrolments and on the trainer's courses in
the admin dashboard, and appendices of the course handbook.

Links on lesson pages: A provider takes ``(lesson, user)`` and returns a list of
``Link``; register it from the app's ``AppConfig.ready()``."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""


_lesson_link_providers = []


def register_lesson_links(provider):
    if provider not in _lesson_link_providers:
        _lesson_link_providers.append(provider)
    return provider


def lesson_links(lesson, user):
    return [link for provider in _lesson_link_providers for link in provider(lesson, user)]


_enrolment_link_providers = []


def register_enrolment_links(provider):
    """A provider takes ``(enrolments, user)`` and returns ``{enrolment pk: [Link, ...]}``
    for the ones it has something for, in a constant number of queries (the certificate of
    a completed course, say). Shown on /learning/ and the course page."""
    if provider not in _enrolment_link_providers:
        _enrolment_link_providers.append(provider)
    return provider


def attach_enrolment_links(enrolments, user):
    """Set ``links`` on each enrolment."""
    for enrolment in enrolments:
        enrolment.links = []
    if not enrolments:
        return
    by_pk = {enrolment.pk: enrolment for enrolment in enrolments}
    for provider in _enrolment_link_providers:
        for pk, links in provider(enrolments, user).items():
            by_pk[pk].links.extend(links)


_course_admin_link_providers = []


def register_course_admin_links(provider):
    """A provider takes ``(courses, user)`` and returns ``{course pk: [Link, ...]}``: what the
    trainer's dashboard offers to add to each of their courses (a quiz, say), in a constant
    number of queries. Register it from the app's ``AppConfig.ready()``."""
    if provider not in _course_admin_link_providers:
        _course_admin_link_providers.append(provider)
    return provider


def course_admin_links(courses, user):
    """``{course pk: [Link, ...]}`` of every provider, in the order they registered."""
    links = {course.pk: [] for course in courses}
    for provider in _course_admin_link_providers:
        for pk, provided in provider(courses, user).items():
            links[pk].extend(provided)
    return links


# Handbook appendices ----------------------------------------------------------------------
#
# The printable handbook (courses/handbook.py) ends with appendices that apps above courses
# contribute (the questions of the course's quizzes, say) as plain data, so ReportLab stays
# in courses. A provider takes a course and ``answer_key`` (True for the trainer's edition,
# which prints the correct answers) and returns a ``HandbookAppendix``, or None when it has
# nothing for that course; register it from the app's ``AppConfig.ready()``. Without
# ``answer_key`` a provider must not even read what is correct.


@dataclass(frozen=True)
class AppendixItem:
    """One numbered entry of an appendix section. ``kind`` tells the handbook how to lay it
    out: CHOICE and MULTIPLE list ``options`` lettered A, B, C…; TRUE_FALSE prints
    "True / False"; ESSAY leaves lines to write on. ``image_id``: a Wagtail image shown
    under the text.

    The answer key, for the trainer's edition only: ``correct``, the positions in ``options``
    of the correct ones (CHOICE, MULTIPLE); ``answer``, the correct answer's words (TRUE_FALSE);
    ``guidance``, the explanation of the answer, or for an ESSAY what a good answer holds."""

    CHOICE = "choice"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    ESSAY = "essay"

    text: str
    options: tuple = ()
    kind: str = CHOICE
    image_id: int | None = None
    correct: tuple = ()
    answer: str = ""
    guidance: str = ""


@dataclass(frozen=True)
class AppendixSection:
    title: str
    items: tuple = ()
    note: str = ""


@dataclass(frozen=True)
class HandbookAppendix:
    """``version`` changes whenever what the appendix shows changes: the handbook's cache
    key includes it."""

    title: str
    sections: tuple
    version: str


_handbook_appendix_providers = []


def register_handbook_appendix(provider):
    if provider not in _handbook_appendix_providers:
        _handbook_appendix_providers.append(provider)
    return provider


def handbook_appendices(course, answer_key=False):
    """The appendices of ``course``'s handbook, in the order their providers registered; with
    their answer keys for the trainer's edition."""
    appendices = (provider(course, answer_key=answer_key) for provider in _handbook_appendix_providers)
    return [appendix for appendix in appendices if appendix is not None]


# The course editor's "Lessons and quizzes" panel -------------------------------------------------
#
# Below the course's lessons, the panel (``courses.panels.CourseContentsPanel``) shows what other
# apps attach to the course (its quizzes, say). A provider takes ``(course, user)`` and returns an
# ``EditorSection``, or None when it has nothing to show that user; register it from the app's
# ``AppConfig.ready()``.


@dataclass(frozen=True)
class EditorSection:
    """``items``: one ``Link`` per thing attached to the course, its ``url`` the edit view, empty
    when the user may not edit it; ``actions``: ``Link`` buttons (add one); ``empty_text``: shown
    when there are no items."""

    title: str
    items: tuple = ()
    actions: tuple = ()
    empty_text: str = ""


_editor_section_providers = []


def register_course_editor_section(provider):
    if provider not in _editor_section_providers:
        _editor_section_providers.append(provider)
    return provider


def course_editor_sections(course, user):
    sections = (provider(course, user) for provider in _editor_section_providers)
    return [section for section in sections if section is not None]
