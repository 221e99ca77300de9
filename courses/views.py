from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from staff_lms import offline
from staff_lms.downloads import content_disposition

from . import extensions, outline
from .handbook import Handbook
from .models import CoursePage, LessonPage


@login_required
def dashboard(request):
    """/learning/: the learner's own courses, required ones first."""
    enrolments = outline.learner_enrolments(request.user)
    completed = [e for e in enrolments if e.is_completed]
    open_enrolments = [e for e in enrolments if not e.is_completed]
    assigned = [e for e in open_enrolments if e.due_date]
    in_progress = [e for e in open_enrolments if not e.due_date]
    completed.sort(key=lambda e: e.completed_at, reverse=True)
    extensions.attach_enrolment_links(enrolments, request.user)
    response = render(
        request,
        "courses/dashboard.html",
        {"assigned": assigned, "in_progress": in_progress, "completed": completed},
    )
    # The installed app opens here: kept on the phone, it leads to the courses kept offline.
    return offline.keep_offline(response, request.user)


@require_POST
@login_required
def enrol(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    try:
        enrolment = course.enrol(request.user)
    except PermissionDenied as error:
        messages.error(request, str(error))
        return redirect(course.url)
    messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course.title})
    first = enrolment.continue_lesson(list(course.lessons()), set())
    return redirect(first.url if first else course.url)


@require_POST
@login_required
def mark_lesson_done(request, lesson_id):
    """ "Mark as done": the form leads on to the next lesson. The phone sends the clicks made
    offline later, asking for JSON (``Accept: application/json``): the same answer, with no
    page in between."""
    wants_json = request.headers.get("Accept") == "application/json"
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    course = lesson.course
    if not lesson.specific_class.learner_marks_done:
        message = _("This lesson is done when its content reports it, not by a click.")
        return refuse(request, message, lesson.url, wants_json)
    enrolment = course.enrolment_for(request.user)
    if enrolment is None:
        return refuse(request, _("Enrol in the course to study its lessons."), course.url, wants_json)
    was_completed = enrolment.is_completed
    # The lesson, the completion it may bring and its certificate, or none of them: with the
    # lesson recorded and the completion lost, the page no longer offers "Mark as done".
    with transaction.atomic():
        enrolment.mark_lesson_done(lesson)
    next_url = course.url
    if enrolment.is_completed and not was_completed:
        messages.success(request, _("Congratulations! You have completed “%(course)s”.") % {"course": course.title})
    else:
        next_lesson = lesson.get_next_siblings().live().type(LessonPage).first()
        if next_lesson is not None:
            next_url = next_lesson.url
    if wants_json:
        return JsonResponse({"done": True, "next": next_url, "progress": enrolment.progress_percent})
    return redirect(next_url)


def refuse(request, message, url, wants_json):
    if wants_json:
        return JsonResponse({"error": message}, status=400)
    messages.error(request, message)
    return redirect(url)


@never_cache
@login_required
def handbook(request, course_id):
    """The course's printable handbook (PDF), for those who may read its lessons."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not course.can_download_handbook(request.user):
        return render(request, "courses/handbook_forbidden.html", {"course": course}, status=403)
    return handbook_response(Handbook(course))


@never_cache
@login_required
def trainer_handbook(request, course_id):
    """The trainer's edition of the handbook, with the answer key, for the course's trainers."""
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    if not course.can_download_trainer_handbook(request.user):
        context = {"course": course, "trainer_edition": True}
        return render(request, "courses/handbook_forbidden.html", context, status=403)
    return handbook_response(Handbook(course, answer_key=True))


def handbook_response(handbook):
    response = HttpResponse(handbook.cached_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(handbook.filename)
    return response
