"""The host site's URLs plus the benchmarks' floors: a bare Django view (``bench/pages.py``)
and a minimal authenticated POST that validates a form and writes one row (``bench/answers.py``)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from bench.minimal.models import BenchAnswer


def bare(request):
    """The floor: the full middleware stack and URL resolving, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


class ValueForm(forms.Form):
    slot = forms.IntegerField(min_value=0, max_value=1000)
    value = forms.IntegerField(min_value=0, max_value=10**9)


@require_POST
@login_required
def save_value(request):
    """The answers' baseline: session, user, CSRF, a form, one ``update_or_create``, JSON out
    (what ``quizzes.views.save_answer`` does, without the quiz's rules)."""
    form = ValueForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors}, status=400)
    row, _created = BenchAnswer.objects.update_or_create(
        user=request.user,
        slot=form.cleaned_data["slot"],
        defaults={"value": form.cleaned_data["value"], "saved_at": timezone.now()},
    )
    return JsonResponse({"saved": True, "saved_at": row.saved_at.isoformat()})


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/save/", save_value, name="bench_save"),
    path("", include("lms.urls")),
]
