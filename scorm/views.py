import json
import mimetypes
import re

from csp.decorators import csp_exempt
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from courses.models import Enrolment, LessonCompletion

from .models import ScormLessonPage, ScormPackage, ScormRecord, package_storage
from .packages import is_safe_name
from .player import package_of_token

MAX_COMMIT_BYTES = 512 * 1024
MAX_HTML_BYTES = 10 * 1024 * 1024
HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)
HTML = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)


def _refusal(message, status):
    return JsonResponse({"error": message}, status=status)


@never_cache
@require_POST
def commit(request, lesson_id):
    """Save a commit of the learner's run of a SCORM lesson (``ScormRecord.save_commit``), and
    mark the lesson done when the package's report makes it so. Always the signed-in learner's
    own record: nothing in the request names a learner."""
    if not request.user.is_authenticated:
        return _refusal(_("Your session has ended. Sign in again, then reload the lesson."), 403)
    lesson = ScormLessonPage.objects.live().filter(pk=lesson_id).select_related("package").first()
    if lesson is None or lesson.package is None:
        return _refusal(_("This lesson is no longer published."), 404)
    course_path = lesson.path[: -lesson.steplen]
    enrolment = Enrolment.objects.filter(user=request.user, course__path=course_path).select_related("course").first()
    if enrolment is None:
        return _refusal(_("Enrol in the course to study its lessons."), 403)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit():
        return _refusal(_("The package's data could not be read."), 400)
    if int(length) > MAX_COMMIT_BYTES or len(request.body) > MAX_COMMIT_BYTES:
        return _refusal(_("The package sent more data than a lesson may keep."), 413)
    try:
        payload = json.loads(request.body, parse_constant=_no_constant)
        launch, seq, data = payload["launch"], payload["seq"], payload["cmi"]
        elapsed = payload.get("elapsed", 0)
        valid = (
            all(isinstance(n, int) and not isinstance(n, bool) and 0 < n < 2**31 for n in (launch, seq))
            and isinstance(data, dict)
            and isinstance(elapsed, (int, float))
            and 0 <= elapsed < 10**7
        )
    except (ValueError, KeyError, TypeError, RecursionError):
        valid = False
    if not valid:
        return _refusal(_("The package's data could not be read."), 400)
    if payload.get("package") != lesson.package_id:
        # Played with an earlier version: where the learner was in it means nothing in this one.
        return _refusal(_("This lesson has a new version. Reload the page to continue with it."), 409)
    record = ScormRecord.objects.filter(enrolment=enrolment, lesson=lesson).first()
    try:
        saved = record is not None and record.save_commit(launch, seq, data, lesson.package, elapsed)
    except ValueError:
        saved = None
    if record is None or saved is None:
        return _refusal(_("Open the lesson again: this run of the package was not started here."), 409)
    if (
        record.completed_at is not None
        and not LessonCompletion.objects.filter(enrolment=enrolment, lesson=lesson).exists()
    ):
        with transaction.atomic():
            enrolment.mark_lesson_done(lesson)
    return JsonResponse(
        {
            "saved": saved,
            "status": record.status,
            "success": record.success,
            "score": None if record.score is None else str(record.score),
            "done": record.completed_at is not None,
            "courseCompleted": enrolment.is_completed,
        }
    )


def _no_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def content_policy(request, token):
    """The Content-Security-Policy of a package's files: a sandbox without same-origin rights
    (an opaque origin: no cookie, no storage of the LMS, no reading its pages, no navigating the
    learner's tab), loading only the package's own files and the bridge: nothing from another
    site, where an image's address could carry the learner's name and answers. No frame-ancestors:
    a page of the package framed by another (a frameset) has an opaque ancestor no policy could
    name; wherever it is framed, the sandbox goes with it."""
    origin = f"{request.scheme}://{request.get_host()}"
    package_files = origin + reverse("scorm:content", args=[token, "-"])[:-1]
    bridge = static("scorm/")
    bridge = bridge if bridge.startswith(("http:", "https:")) else origin + bridge
    own = f"{package_files} {bridge} data: blob:"
    return "; ".join(
        [
            "sandbox allow-scripts allow-forms",
            f"default-src {own}",
            f"script-src {own} 'unsafe-inline' 'unsafe-eval'",
            f"style-src {own} 'unsafe-inline'",
            f"img-src {own}",
            f"media-src {own}",
            f"font-src {own}",
            f"connect-src {package_files}",
            f"frame-src {package_files}",
            "form-action 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def _bridge_tags(request):
    origin = f"{request.scheme}://{request.get_host()}"
    return (
        f'<script src="{static("scorm/vendor/scorm-again/cross-frame-api.min.js")}"></script>'
        f'<script src="{static("scorm/frame.js")}" data-lms-origin="{origin}"></script>'
    ).encode()


def _with_bridge(html, request):
    """The package's page with the bridge's scripts first in its head: they give it ``window.API``
    and ``window.API_1484_11``, which relay every call to the lesson page (``frame.js``)."""
    tags = _bridge_tags(request)
    for pattern in (HEAD, HTML):
        match = pattern.search(html, 0, 64 * 1024)
        if match:
            return html[: match.end()] + tags + html[match.end() :]
    return tags + html


@csp_exempt()
@xframe_options_exempt
@require_GET
def content(request, token, name):
    """A file of a package, for the lesson page's sandboxed frame. The token in the address is the
    permission (the frame sends no cookie); HTML pages get the bridge's scripts."""
    package_id = package_of_token(token)
    if package_id is None:
        return HttpResponse(
            _("This link to the lesson has expired. Reload the lesson page."),
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    package = ScormPackage.objects.filter(pk=package_id).first()
    storage = package_storage()
    if not is_safe_name(name) or name.endswith("/") or package is None or not storage.exists(package.file_path(name)):
        raise Http404
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    path = package.file_path(name)
    if content_type == "text/html" and storage.size(path) <= MAX_HTML_BYTES:
        with storage.open(path, "rb") as page:
            response = HttpResponse(_with_bridge(page.read(), request), content_type="text/html")
    else:
        response = FileResponse(storage.open(path, "rb"), content_type=content_type)
    response["Content-Security-Policy"] = content_policy(request, token)
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    # The sandboxed page's own requests for its files come from an opaque origin.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "private, max-age=3600"
    return response
