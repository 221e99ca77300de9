"""Forms of the trainers' screens in the Wagtail admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from people.models import OVERSEE_PROVINCE
from staff_lms.forms import SheetUploadForm

from .models import ONE, ZERO, Question
from .resources import read_sheet


def live_forms(formset):
    """The inline forms that will be saved: filled in and not marked for deletion."""
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class QuestionForm(WagtailAdminModelForm):
    """Checks the answers entered on the same screen against the question's type."""

    def clean(self):
        cleaned_data = super().clean()
        answers = self.formsets.get("answers")
        # The answer forms are validated here first so their cleaned data can be read; an
        # invalid answer form shows its own errors.
        if cleaned_data.get("kind") and answers is not None and answers.is_valid():
            entered = [(form.cleaned_data["content"], form.cleaned_data["correct"]) for form in live_forms(answers)]
            try:
                Question(kind=cleaned_data["kind"]).validate_answers(entered)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned_data


class QuizForm(WagtailAdminModelForm):
    """A quiz is attached only to a course its author trains (or to one of its lessons);
    provincial administrators (province-wide) attach it anywhere."""

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user.has_perm(OVERSEE_PROVINCE):
            return cleaned_data
        for name in ("course", "lesson"):
            page = cleaned_data.get(name)
            course = page.course if name == "lesson" and page is not None else page
            if course is not None and not course.is_trained_by(user):
                self.add_error(name, _("Attach the quiz to a course you train, or to one of its lessons."))
        return cleaned_data


class QuestionImportForm(SheetUploadForm):
    file_label = _("Question sheet")
    read_sheet = staticmethod(read_sheet)


class MarkForm(forms.Form):
    points = forms.DecimalField(
        label=_("Mark"),
        min_value=ZERO,
        max_value=ONE,
        max_digits=3,
        decimal_places=2,
        help_text=_("From 0 to 1 point, e.g. 0, 0.25, 0.5, 0.75 or 1."),
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1"}),
    )
    feedback = forms.CharField(
        label=_("Feedback to the learner"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
