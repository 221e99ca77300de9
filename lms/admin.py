"""Django's admin (``/django-admin/``, the superuser's): django-axes' sign-in records, with a
date drill-down that answers any date in its URL."""

import axes.admin  # registers the sign-in records' admins, replaced below
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList


class DateDrillDownChangeList(ChangeList):
    """Django's date hierarchy makes a date of the year, month and day in the URL and refuses
    the impossible ones as bad lookup parameters, but not a year too large for a date (an
    OverflowError) nor the year 9999, whose next year it cannot make (a ValueError outside its
    check): those were server errors. They are bad lookup parameters too, which the changelist
    answers by showing every record (``?e=1``)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class DateDrillDown:
    """ModelAdmin mixin: the changelist above."""

    def get_changelist(self, request, **kwargs):
        return DateDrillDownChangeList


for model, model_admin in (
    (AccessAttempt, axes.admin.AccessAttemptAdmin),
    (AccessLog, axes.admin.AccessLogAdmin),
    (AccessFailureLog, axes.admin.AccessFailureLogAdmin),
):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(model, type(model_admin.__name__, (DateDrillDown, model_admin), {}))
