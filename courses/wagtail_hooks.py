from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button

from staff_lms.menu import TRAINING_MENU_HOOK
from staff_lms.permissions import PermissionMenuItem, registered

from . import lesson_documents, trainers
from .admin_views import CourseTrainersIndexView, CourseTrainersView
from .dashboard import TrainerCoursesPanel
from .models import TRAIN_COURSE, CoursePage, LessonPage


@hooks.register("register_permissions")
def register_course_permissions():
    """For Wagtail's group editor (no snippet screen shows them): assigning courses to staff (the
    assignments app), deciding who trains a course, and being picked as one's trainer."""
    return registered(
        *(f"courses.{action}_enrolment" for action in ("add", "view", "delete")),
        *(f"courses.{action}_coursetrainer" for action in ("add", "view", "delete")),
        TRAIN_COURSE,
    )


@hooks.register("before_serve_document")
def keep_lesson_documents_for_their_readers(document, request):
    """Wagtail serves the document unless this answers instead (courses/lesson_documents.py)."""
    decision = lesson_documents.may_download(document, request.user)
    if decision:
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request, "courses/document_forbidden.html", {"document": document, "courses": decision.courses}, status=403
    )


@hooks.register("after_publish_page")
def warn_when_hours_and_lessons_disagree(request, page):
    """Publishing a course or one of its lessons says so when the lessons' minutes no longer make
    the course's nominal hours (the course's editor shows it too: ``CourseHoursPanel``)."""
    if isinstance(page, CoursePage):
        course = page
    elif isinstance(page, LessonPage):
        course = page.course
    else:
        return
    disagreement = course.hours_disagreement()
    if disagreement:
        hours, minutes = disagreement
        messages.warning(
            request,
            _(
                "The published lessons of “%(course)s” add up to %(lesson_hours)s hours (%(minutes)s minutes); "
                "the course states %(nominal_hours)s hours."
            )
            % {
                "course": course.title,
                "lesson_hours": floatformat(hours, -1),
                "minutes": minutes,
                "nominal_hours": floatformat(course.nominal_hours, -1),
            },
        )


def handbook_button(page, user, priority):
    """A "Download handbook (PDF)" button for a live course the user may read. Listings
    give specific pages; a plain ``Page`` of a course is made specific only then."""
    if not page.live or not issubclass(page.specific_class or type(page), CoursePage):
        return
    course = page if isinstance(page, CoursePage) else page.specific_deferred
    if course.can_download_handbook(user, is_enrolled=False):
        yield Button(
            _("Download handbook (PDF)"),
            reverse("courses:handbook", args=[page.pk]),
            icon_name="download",
            priority=priority,
        )
    if course.can_download_trainer_handbook(user):
        yield Button(
            _("Download trainer's edition (PDF)"),
            reverse("courses:trainer_handbook", args=[page.pk]),
            icon_name="download",
            priority=priority + 1,
        )


@hooks.register("register_page_listing_more_buttons")
def page_listing_handbook_button(page, user, next_url=None):
    yield from handbook_button(page, user, priority=55)


@hooks.register("register_page_header_buttons")
def page_header_handbook_button(page, user, view_name, next_url=None):
    yield from handbook_button(page, user, priority=68)


# Course trainers: assigned by provincial administrators ------------------------------------------


def trainers_button(page, user, priority):
    if issubclass(page.specific_class or type(page), CoursePage) and trainers.can_assign(user):
        yield Button(_("Trainers"), reverse("course_trainers", args=[page.pk]), icon_name="user", priority=priority)


@hooks.register("register_admin_urls")
def register_course_trainer_urls():
    return [
        path("course-trainers/", CourseTrainersIndexView.as_view(), name="course_trainers_index"),
        path(
            "course-trainers/results/",
            CourseTrainersIndexView.as_view(results_only=True),
            name="course_trainers_index_results",
        ),
        path("course-trainers/<int:course_id>/", CourseTrainersView.as_view(), name="course_trainers"),
    ]


@hooks.register(TRAINING_MENU_HOOK)
def course_trainers_menu_item():
    # After assigning and following courses (assignments: 210-230).
    return PermissionMenuItem(
        _("Course trainers"),
        reverse_lazy("course_trainers_index"),
        icon_name="user",
        order=240,
        permission_required=trainers.ASSIGN_TRAINERS,
    )


@hooks.register("register_page_listing_more_buttons")
def page_listing_trainers_button(page, user, next_url=None):
    yield from trainers_button(page, user, priority=56)


@hooks.register("register_page_header_buttons")
def page_header_trainers_button(page, user, view_name, next_url=None):
    yield from trainers_button(page, user, priority=69)


@hooks.register("construct_homepage_panels")
def add_trainer_courses_panel(request, panels):
    TrainerCoursesPanel.register(request, panels)
