from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import InstitutionType

from .models import TrainingType


class CourseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    audience = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=InstitutionType.objects.all(),
        required=False,
        empty_label=_("All institution types"),
    )
    training_type = forms.ChoiceField(
        label=_("Training type"), required=False, choices=[("", _("All training types")), *TrainingType.choices]
    )
