"""The host site's URLs plus the benchmark's floor: a bare Django view."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The floor: the full middleware stack and URL resolving, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("lms.urls")),
]
