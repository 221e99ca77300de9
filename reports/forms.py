from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import AdminDateInput

from courses.models import TRAIN_COURSE, CoursePage, Enrolment
from people.models import AdministrativeUnit, Institution, InstitutionType
from people.roles import institutions_in_scope

from .records import RecordFilters


def by_code(label, queryset, *, empty_label=None):
    """An optional choice among ``queryset`` ("All" when empty), by code in the URL."""
    return forms.ModelChoiceField(
        label=label, queryset=queryset, to_field_name="code", required=False, empty_label=empty_label or _("All")
    )


class PeriodForm(forms.Form):
    """A period from ``date_from`` to ``date_to``, either of them open; the end not before the
    start."""

    date_from = forms.DateField(label=_("From"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period cannot be before its start."))
        return cleaned


class CompletionFilterForm(PeriodForm):
    """The filters of the completion records listing and its exports (sent by GET, so the
    export links carry them). Units, institution types and institutions go by code; the
    institutions and courses offered are those the user may see records of."""

    unit = by_code(_("Administrative unit"), AdministrativeUnit.objects.order_by("name"))
    institution_type = by_code(_("Institution type"), InstitutionType.objects.all())
    institution = by_code(_("Institution"), Institution.objects.order_by("name"))
    course = forms.ModelChoiceField(
        label=_("Course"), queryset=CoursePage.objects.order_by("title"), required=False, empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *Enrolment.Status.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = institutions_in_scope(user)
        trains = user.has_perm(TRAIN_COURSE)
        if institutions is not None and not trains:
            self.fields["institution"].queryset = Institution.objects.filter(pk__in=institutions).order_by("name")
        if trains and institutions is not None and not institutions:
            # A trainer (and nothing more) sees only the records of their own courses.
            self.fields["course"].queryset = CoursePage.objects.trained_by(user).order_by("title")

    def record_filters(self):
        return RecordFilters(**{name: value for name, value in self.cleaned_data.items() if value not in (None, "")})


class TrainingReportForm(PeriodForm):
    """The period and administrative unit of the III.3 report, sent by GET so that the download
    links carry them. Empty dates mean 1 January of this year and today (the view fills them in).
    HR is offered the units that hold an institution of its scope, and the units above them."""

    unit = by_code(_("Administrative unit"), AdministrativeUnit.objects.order_by("name"), empty_label=_("All units"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = institutions_in_scope(user)
        if institutions is not None:
            parents = dict(AdministrativeUnit.objects.values_list("pk", "parent_id"))
            offered = set()
            holding = Institution.objects.filter(pk__in=institutions).values_list("administrative_unit", flat=True)
            for unit_id in holding:
                while unit_id is not None and unit_id not in offered:
                    offered.add(unit_id)
                    unit_id = parents.get(unit_id)
            self.fields["unit"].queryset = AdministrativeUnit.objects.filter(pk__in=offered).order_by("name")
