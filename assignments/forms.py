import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.widgets import AdminDateInput

from courses.models import CoursePage, Enrolment
from people.models import AdministrativeUnit, Institution, StaffProfile

from . import services

# Assignments (Wagtail admin) ------------------------------------------------------------------


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, profile):
        parts = [profile.full_name]
        if profile.institution_id:
            parts.append(profile.institution.name)
        if profile.employee_code:
            parts.append(profile.employee_code)
        return " — ".join(parts)


class AssignmentForm(forms.Form):
    """Which course, by when, and for whom; every choice limited to the user's scope (see
    ``assignments.services``)."""

    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=AdminDateInput)
    staff = StaffChoiceField(
        label=_("Staff, one by one"),
        queryset=StaffProfile.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (⌘ on a Mac) to select several."),
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Everyone in these institutions"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    position = forms.CharField(
        label=_("Everyone with the position"),
        max_length=200,
        required=False,
        help_text=_("E.g. “thủ thư” (librarian). Capital letters do not matter."),
    )
    position_match = forms.ChoiceField(
        label=_("Position"),
        choices=[("contains", _("contains this text")), ("exact", _("is exactly this text"))],
        initial="contains",
        widget=forms.RadioSelect,
    )
    staff_only = forms.BooleanField(
        label=_("Staff only"),
        required=False,
        initial=True,
        help_text=_(
            "Leave out community participants (volunteers, collaborators) when assigning by institution or position."
        ),
    )

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["staff"].queryset = services.staff_in_scope(scope).select_related("institution")
        self.fields["institutions"].queryset = services.institutions_in(scope)

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return due_date

    def clean(self):
        data = super().clean()
        if not (data.get("staff") or data.get("institutions") or data.get("position", "").strip()):
            raise forms.ValidationError(_("Choose staff, institutions or a position to assign the course to."))
        return data

    def learners(self):
        data = self.cleaned_data
        return services.select_learners(
            self.scope,
            staff=data["staff"],
            institutions=data["institutions"],
            position=data["position"],
            position_exact=data["position_match"] == "exact",
            staff_only=data["staff_only"],
        )


class AssignmentFilterSet(WagtailFilterSet):
    """The filters of the list of assignments; the courses and institutions offered are those of
    the user's scope (see ``assignments.services``)."""

    course = django_filters.ModelChoiceFilter(label=_("Course"), queryset=CoursePage.objects.none())
    institution = django_filters.ModelChoiceFilter(
        label=_("Institution"), field_name="user__staff_profile__institution", queryset=Institution.objects.none()
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Enrolment.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Enrolment
        fields = ["course", "institution", "status"]

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        assigned = services.enrolments_in_scope(scope).assigned().values("course")
        self.filters["course"].queryset = CoursePage.objects.filter(pk__in=assigned).order_by("title")
        self.filters["institution"].queryset = services.institutions_in(scope)


class MatrixFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Administrative unit"),
        queryset=AdministrativeUnit.objects.none(),
        required=False,
        help_text=_("Its sub-units included."),
    )
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none(), required=False)
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none(), required=False)
    include_unassigned = forms.BooleanField(label=_("Include staff without assignments"), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        assigned = services.enrolments_in_scope(scope).assigned().values("course")
        self.fields["unit"].queryset = services.units_in(scope)
        self.fields["institution"].queryset = services.institutions_in(scope)
        self.fields["course"].queryset = CoursePage.objects.filter(pk__in=assigned).order_by("title")

    def filters(self):
        """The cleaned filters (all empty when the form is not valid)."""
        if not self.is_valid():
            return {"unit": None, "institution": None, "course": None, "include_unassigned": False}
        return dict(self.cleaned_data)
