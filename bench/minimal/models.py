"""The benchmarks' baselines: a Wagtail page with nothing on it (``bench/pages.py``) and a
one-row table that an authenticated form writes to (``bench/answers.py``)."""

from django.conf import settings
from django.db import models
from wagtail.models import Page


class MinimalPage(Page):
    """No fields, no context, a plain template: Wagtail's own cost of serving a page
    (site lookup, routing, ``specific``, view restrictions, serve, template) and nothing else.

    With ``?chrome=1`` it renders its title inside the site's ``base.html`` instead (header,
    menu, user bar, CSRF-protected forms): what the site's chrome adds to any page. With
    ``?signed_in=1`` its plain template names the signed-in user: what knowing who asks costs (the
    session and the account read), which every learner's page pays and the plain page does not.
    """

    template = "minimal/minimal_page.html"

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("chrome"):
            return "minimal/minimal_page_chrome.html"
        if request.GET.get("signed_in"):
            return "minimal/minimal_page_signed_in.html"
        return super().get_template(request, *args, **kwargs)


class BenchAnswer(models.Model):
    """One integer per user and slot, written by ``bench.urls.save_value``: the floor for "an
    authenticated POST that validates a form and writes one row" (as a quiz answer is one
    ``Response`` per attempt and question)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    slot = models.PositiveSmallIntegerField()
    value = models.IntegerField()
    saved_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "slot"], name="bench_one_answer_per_slot")]

    def __str__(self):
        return f"{self.user_id}/{self.slot}: {self.value}"
