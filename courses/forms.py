import re
import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from people.models import InstitutionType, display_name

from . import trainers
from .models import TrainingType


class SearchWordsField(forms.CharField):
    """Any text, cleaned to the words it holds (letters and digits, Vietnamese diacritics
    included, however typed), separated by spaces: quotes, a search engine's operators (``*``,
    ``^``, ``-``, ``:``, parentheses) and control characters are not words, so the query
    means the same, and is valid, on every search backend. Nothing is refused; only the first
    ``max_length`` characters are read."""

    WORD = re.compile(r"\w+")

    def __init__(self, *, max_length, **kwargs):
        super().__init__(**kwargs)
        self.read_length = max_length
        self.widget.attrs["maxlength"] = str(max_length)

    def to_python(self, value):
        text = unicodedata.normalize("NFC", super().to_python(value)[: self.read_length])
        return " ".join(self.WORD.findall(text))


class CourseFilterForm(forms.Form):
    """The catalogue's search and filters. The filters are radio buttons, not drop-down lists:
    a drop-down list shows its choice on one line, which a phone cuts short ("Thư viện cơ sở
    giáo dục, giáo dục nghề nghiệp"); a radio button's label wraps."""

    q = SearchWordsField(label=_("Search"), required=False, max_length=200)
    audience = forms.ModelChoiceField(
        label=_("Audience"),
        queryset=InstitutionType.objects.all(),
        required=False,
        blank=True,
        empty_label=_("All institution types"),
        widget=forms.RadioSelect,
    )
    training_type = forms.ChoiceField(
        label=_("Training type"),
        required=False,
        choices=[("", _("All training types")), *TrainingType.choices],
        widget=forms.RadioSelect,
    )


# Course trainers (Wagtail admin) ------------------------------------------------------------------


class TrainerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return display_name(user)


class CourseTrainersForm(forms.Form):
    """The trainers of one course, picked among the accounts in the trainer role, by full name."""

    trainers = TrainerChoiceField(
        label=_("Trainers"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "They edit and publish the course and its lessons, its quizzes, mark its essays and see its records "
            "and certificates. Leave every box empty to leave the course without a trainer."
        ),
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainers"].queryset = trainers.candidates(course)
