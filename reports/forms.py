import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from courses.models import TRAIN_COURSE, CoursePage, Enrolment
from people.models import AdministrativeUnit, Institution, InstitutionType
from people.roles import institutions_in_scope

from .periods import Period, Preset
from .records import RecordFilters


def by_code(label, queryset, *, empty_label=None):
    """An optional choice among ``queryset`` ("All" when empty), by code in the URL."""
    return forms.ModelChoiceField(
        label=label, queryset=queryset, to_field_name="code", required=False, empty_label=empty_label or _("All")
    )


class PeriodForm(forms.Form):
    """A period from ``date_from`` to ``date_to``, either of them open; the end not before the
    start."""

    date_from = forms.DateField(label=pgettext_lazy("period", "From"), required=False, widget=AdminDateInput)
    date_to = forms.DateField(label=pgettext_lazy("period", "To"), required=False, widget=AdminDateInput)

    def clean(self):
        cleaned = super().clean()
        check_period(self, "date_to", cleaned.get("date_from"), cleaned.get("date_to"))
        return cleaned


def check_period(form, field, start, end):
    """The rule of ``Period`` (either end open, the end not before the start), as a form error."""
    try:
        Period(start, end)
    except ValueError:
        form.add_error(field, _("The end of the period cannot be before its start."))


def offered_institutions(request):
    """The institutions of the user's scope; all of them for provincial administrators and for
    trainers, who see records by course."""
    user = request.user
    institutions = institutions_in_scope(user)
    if institutions is None or user.has_perm(TRAIN_COURSE):
        return Institution.objects.order_by("name")
    return Institution.objects.filter(pk__in=institutions).order_by("name")


def offered_courses(request):
    user = request.user
    institutions = institutions_in_scope(user)
    if user.has_perm(TRAIN_COURSE) and institutions is not None and not institutions:
        # A trainer (and nothing more) sees only the records of their own courses.
        return CoursePage.objects.trained_by(user).order_by("title")
    return CoursePage.objects.order_by("title")


class RecordFilterForm(forms.Form):
    """The form of ``CompletionFilterSet``: the end of the period not before its start."""

    def clean(self):
        cleaned = super().clean()
        if period := cleaned.get("date"):
            check_period(self, "date", period.start, period.stop)
        return cleaned


class CompletionFilterSet(WagtailFilterSet):
    """The filters of the completion records listing and its exports (sent by GET, so that the
    export links carry them), as ``record_filters()``: ``records.completion_records`` applies them
    to its two sources. The period is ``date_from`` and ``date_to``; units, institution types and
    institutions go by code; the institutions and courses offered are those the user may see
    records of."""

    date = django_filters.DateFromToRangeFilter(
        label=_("Period"),
        widget=DateRangePickerWidget,
        help_text=_(
            "A period holds the enrolments enrolled or completed in it, and the attendance of the classes that "
            "started or ended in it."
        ),
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.order_by("name"),
        to_field_name="code",
        empty_label=_("All"),
        help_text=_("Its sub-units included."),
    )
    institution_type = django_filters.ModelChoiceFilter(
        label=_("Institution type"), queryset=InstitutionType.objects.all(), to_field_name="code", empty_label=_("All")
    )
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"), queryset=offered_institutions, to_field_name="code", empty_label=_("All")
    )
    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=offered_courses, empty_label=_("All"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Enrolment.Status.choices, empty_label=_("All"))

    class Meta:
        form = RecordFilterForm

    def __init__(self, data=None, queryset=None, **kwargs):
        # Nothing of its own to filter (``completion_records`` applies ``record_filters()`` to
        # its two sources), but django-filter wants a queryset.
        super().__init__(data, Enrolment.objects.none() if queryset is None else queryset, **kwargs)

    def record_filters(self):
        """The filters as ``RecordFilters`` (once the filter set is valid)."""
        data = self.form.cleaned_data
        period = data["date"]
        return RecordFilters(
            date_from=period.start.date() if period and period.start else None,
            date_to=period.stop.date() if period and period.stop else None,
            **{
                name: data[name]
                for name in ("unit", "institution_type", "institution", "course", "status")
                if data[name]
            },
        )


class TrainingReportForm(PeriodForm):
    """The period, administrative unit and heading of the III.3 report, sent by GET so that the
    download links carry them.

    The period is a yearly ``Preset`` named by its year (``Period.of_year``), or the dates typed
    (empty dates: 1 January of the end's year, and today). HR is offered the units that hold an
    institution of its scope, and the units above them. The heading (who issues the report, its
    number) starts from Settings → Issuing body (``ReportDocument.from_settings``; the view fills
    it in) and may be changed for one report, a district's for instance."""

    preset = forms.ChoiceField(
        label=_("Reporting period"),
        choices=Preset.choices,
        initial=Preset.CALENDAR_YEAR,
        help_text=_(
            "The reporting year closes on 30 November, the deadline of the yearly report; the year of Decree "
            "09/2019/NĐ-CP on reporting closes on 14 December. The dates below count only for another period."
        ),
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_(
            "The year the period ends in: the reporting year 2026 runs from 1 December 2025 to 30 November 2026."
        ),
    )
    unit = by_code(_("Administrative unit"), AdministrativeUnit.objects.order_by("name"), empty_label=_("All units"))
    number = forms.CharField(
        label=_("Report number"),
        max_length=20,
        required=False,
        help_text=_(
            "The report's number in the register (“12” in “Số: 12/BC-…”); empty: left blank, to write by hand."
        ),
    )
    governing_body = forms.CharField(label=_("Governing body"), max_length=200, required=False)
    body = forms.CharField(label=_("Reporting body"), max_length=200, required=False)
    abbreviation = forms.CharField(
        label=_("Abbreviation"),
        max_length=30,
        required=False,
        help_text=_("As in the number: “SVHTTDL” in “BC-SVHTTDL”."),
    )
    place_name = forms.CharField(label=_("Place name"), max_length=100, required=False)

    DOCUMENT_FIELDS = ("number", "governing_body", "body", "abbreviation", "place_name")

    field_order = ["preset", "year", "date_from", "date_to", "unit", *DOCUMENT_FIELDS]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_from"].help_text = _("For another period only.")
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

    def clean(self):
        cleaned = super().clean()
        preset = cleaned.get("preset")
        if preset and preset != Preset.CUSTOM:
            if cleaned.get("year") is None:
                if "year" not in self.errors:
                    self.add_error("year", _("Give the year the period ends in."))
                return cleaned
            period = Period.of_year(preset, cleaned["year"])
            cleaned["date_from"], cleaned["date_to"] = period.start, period.end
            self.errors.pop("date_from", None)
            self.errors.pop("date_to", None)
        return cleaned

    def document_changes(self):
        """The heading fields as typed, for ``ReportDocument.from_settings``."""
        return {name: self.cleaned_data[name].strip() for name in self.DOCUMENT_FIELDS}
