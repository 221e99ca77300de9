import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "unavailable", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def lockout(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: the login page's place, with why and for how long."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "people/lockout.html", {"minutes": minutes}, status=429)


def database_unreachable():
    """Whether the default database's connection is gone: it could not be opened (the server
    refused or did not answer), or it no longer answers (Django's ``is_usable()``, the check
    Django makes before reusing a connection that had an error)."""
    return connection.connection is None or not connection.is_usable()


@requires_csrf_token
def server_error(request):
    """handler500. When the database is unreachable (a connection error, and the connection
    is indeed gone), answer 503 with a page that needs no database and a Retry-After, rather
    than a bare "server error". Any other failure gets the 500 page, an error the database
    reports on a working connection too (an OperationalError such as a full-text syntax
    error on SQLite): Django logs those as the server errors they are."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError) and database_unreachable():
        logger.error("database unavailable: %s", error)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
