"""Admin downloads too large to hold a request: prepared in the background, fetched when ready.

Every admin download of rows (the completion records, the Staff and Certificates listings, the
training matrix) asks ``hand_off`` before it writes. Up to ``conf.export_background_rows()``
rows (``LMS_EXPORT_BACKGROUND_ROWS``, 2,000) it writes at once, as always. Past that, a
``PreparedExport`` is recorded and the task ``people.tasks.prepare_export`` replays the very
same download (its URL and filters) as the same user (``prepare``): the same permission checks,
scope, filters, writer and audit entry apply, and nothing is written twice for the background
path. The file goes to the default storage under ``exports/`` (never served as media), and the
user is sent to **Prepared downloads** (``/admin/people/exports/``), which lists their exports
with status, rows and error, and links each file once ready.

A file is handed only to the user who asked, only while they still hold the download's
permission and see what they saw when asking (``scope_of``: their permissions, their HR scope,
and the parts apps register with ``register_scope``, such as the courses a trainer trains):
a file written for a wider scope is never handed over once the scope has narrowed. Files
expire after ``LMS_EXPORT_DAYS`` (7) days; each new background export deletes the expired ones.
"""

import tempfile

from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.shortcuts import redirect
from django.urls import resolve
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from wagtail.admin import messages

from . import conf
from .models import PreparedExport
from .roles import institutions_in_scope

SCOPE_PARTS = {}


def register_scope(key, part):
    """Add ``part(user)`` (JSON-ready) to what a prepared file's user must still see to get it."""
    SCOPE_PARTS[key] = part


def scope_of(user):
    institutions = institutions_in_scope(user)
    scope = {
        "permissions": sorted(user.get_all_permissions()),
        "institutions": None if institutions is None else sorted(institutions),
    }
    for key, part in SCOPE_PARTS.items():
        scope[key] = part(user)
    return scope


def hand_off(request, *, title, file_format, rows, permission):
    """None when the download of ``rows`` rows is written by this request (few rows, or this is
    the task's replay); else the response telling the user the file is being prepared."""
    replayed = getattr(request, "prepared_export", None)
    if replayed is not None:
        replayed.rows = rows
        return None
    if rows <= conf.export_background_rows():
        return None
    PreparedExport.objects.discard_expired()
    export = PreparedExport.objects.create(
        user=request.user,
        title=str(title),
        file_format=file_format,
        path=request.path_info,
        query=request.GET.urlencode(),
        host=request.get_host(),
        language=translation.get_language() or "",
        permission=permission,
        scope=scope_of(request.user),
    )
    from .tasks import prepare_export

    transaction.on_commit(lambda: prepare_export.enqueue(export.pk))
    messages.success(
        request,
        _(
            "“%(title)s” has %(rows)s rows: the file is being prepared. Its link appears here when it is ready; "
            "reload the page in a moment."
        )
        % {"title": export.title, "rows": number_format(rows, force_grouping=True)},
    )
    return redirect("people_admin:prepared_exports")


def may_download(user, export, scope=None):
    """Whether ``user`` may still have ``export``'s file: theirs, ready, not expired, and they
    still hold its permission and the scope it was written for (``scope``: ``scope_of(user)``,
    when already worked out)."""
    return (
        export.user_id == user.pk
        and export.is_ready
        and user.has_perm(export.permission)
        and (scope or scope_of(user)) == export.scope
    )


class Refused(Exception):
    """The replayed download did not answer with a file."""


def prepare(export):
    """Replay ``export``'s download as its user and keep the file; failures are recorded."""
    from django.test import RequestFactory  # a request made outside the web server, as tests make them

    request = RequestFactory().get(f"{export.path}?{export.query}", HTTP_HOST=export.host or "localhost")
    request.user = export.user
    export.scope = scope_of(export.user)  # what the file is written for, checked at each download
    request.session = {}
    request._messages = CookieStorage(request)
    request.prepared_export = export
    try:
        match = resolve(export.path)
        with translation.override(export.language or None), tempfile.TemporaryFile() as spool:
            response = match.func(request, *match.args, **match.kwargs)
            if response.status_code != 200:  # the user lost the permission or the filters went wrong
                raise Refused(_("The download was refused (%(status)s).") % {"status": response.status_code})
            for chunk in response.streaming_content if response.streaming else [response.content]:
                spool.write(chunk)
            # Not response.close(): it sends request_finished, which closes the task's database connection.
            if getattr(response, "file_to_stream", None) is not None:
                response.file_to_stream.close()
            spool.seek(0)
            name = default_storage.save(export.file.field.upload_to(export, ""), File(spool))
    except Refused as error:
        export.mark_failed(error)
        return
    except Exception as error:
        export.mark_failed(f"{type(error).__name__}: {error}")
        raise
    export.mark_ready(name, export.rows, response["Content-Type"], response.get("Content-Disposition", ""))
