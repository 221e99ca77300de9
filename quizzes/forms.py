"""Forms of the trainers' screens in the Wagtail admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from people.models import OVERSEE_PROVINCE
from staff_lms.forms import SheetUploadForm
from staff_lms.sheets import normalise

from .models import FALSE_ANSWER, FALSE_WORDS, ONE, TRUE_ANSWER, TRUE_WORDS, ZERO, Answer, Category, Question
from .resources import read_sheet


def live_forms(formset):
    """The inline forms that will be saved: filled in and not marked for deletion."""
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def statement_field():
    """Which answer of a true/false question is correct: the trainer's one choice, from which
    the question gets its "Đúng" and "Sai" answers (``Question.true_false_answers``)."""
    return forms.TypedChoiceField(
        label=_("Correct answer (true/false questions)"),
        help_text=_("A true/false question gets the answers “Đúng” and “Sai” by itself: say which one is correct."),
        choices=[("true", TRUE_ANSWER), ("false", FALSE_ANSWER)],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class QuestionAnswersMixin:
    """The answers of the question being written, checked against its type: ``answers`` once
    the form is valid. ``answers_field`` is where a wrong set of answers is reported."""

    answers_field = None

    def check_answers(self, entered):
        kind, statement_is_true = self.cleaned_data.get("kind"), self.cleaned_data.get("statement_is_true")
        if not kind:
            return
        if kind == Question.Kind.TRUE_FALSE and statement_is_true is None and not entered:
            self.add_error("statement_is_true", _("Say which answer is correct: “Đúng” or “Sai”."))
            return
        question = Question(kind=kind)
        try:
            self.answers = question.answers_for_kind(entered, statement_is_true)
            question.validate_answers(self.answers)
        except ValidationError as error:
            self.add_error(self.answers_field, error)


class QuestionForm(QuestionAnswersMixin, WagtailAdminModelForm):
    """Checks the answers entered on the same screen against the question's type; a true/false
    question's answers are "Đúng" and "Sai", whatever the answer rows say."""

    statement_is_true = statement_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.kind == Question.Kind.TRUE_FALSE:
            correct = [normalise(answer.content) for answer in self.instance.answers.all() if answer.correct]
            if correct and correct[0] in TRUE_WORDS | FALSE_WORDS:
                self.initial.setdefault("statement_is_true", "true" if correct[0] in TRUE_WORDS else "false")

    def clean(self):
        cleaned_data = super().clean()
        answers = self.formsets.get("answers")
        # The answer forms are validated here first so their cleaned data can be read; an
        # invalid answer form shows its own errors.
        if answers is not None and answers.is_valid():
            self.check_answers(
                [(form.cleaned_data["content"], form.cleaned_data["correct"]) for form in live_forms(answers)]
            )
        return cleaned_data

    def save(self, commit=True):
        with transaction.atomic():
            question = super().save(commit=commit)
            if commit and question.kind == Question.Kind.TRUE_FALSE:
                # Replaces the answer rows just saved: a question that became true/false keeps no stale answer.
                question.set_answers(self.answers)
        return question


class QuestionChooserFilterForm(forms.Form):
    """The question chooser's search: words of the question, its category (with the categories under it)."""

    q = forms.CharField(
        label=_("Search questions"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Words of the question")}),
    )
    category = forms.ModelChoiceField(
        Category.objects.select_related("parent__parent"),
        label=capfirst(Question._meta.get_field("category").verbose_name),
        required=False,
        empty_label=_("All categories"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_filtering_by_collection = False
        self.is_searching = False
        self.search_query = None

    def filter(self, questions):
        if category := self.cleaned_data.get("category"):
            questions = questions.in_category(category)
        if query := self.cleaned_data.get("q", "").strip():
            self.is_searching, self.search_query = True, query
            questions = questions.search(query)
        return questions


class QuestionChooserCreationForm(QuestionAnswersMixin, forms.ModelForm):
    """A question with its answers in the chooser's "new question" tab, where the answer rows of
    the question screen do not fit: one answer per line, the correct ones marked with "*"; a
    true/false question takes only the choice of its correct answer."""

    answers_field = "answers_text"
    CORRECT_MARK = "*"

    answers_text = forms.CharField(
        label=_("Answers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One answer per line; start each correct answer with “*”. Leave empty for an essay "
            "or a true/false question."
        ),
    )
    statement_is_true = statement_field()

    class Meta:
        model = Question
        fields = ["kind", "category", "content", "answers_text", "statement_is_true", "explanation"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "explanation": forms.Textarea(attrs={"rows": 2})}

    def entered_answers(self):
        answers = []
        for line in self.cleaned_data.get("answers_text", "").splitlines():
            line = line.strip()
            correct = line.startswith(self.CORRECT_MARK)
            content = line.removeprefix(self.CORRECT_MARK).strip()
            if content:
                answers.append((content, correct))
        return answers

    def clean(self):
        cleaned_data = super().clean()
        answers = self.entered_answers()
        max_length = Answer._meta.get_field("content").max_length
        if any(len(content) > max_length for content, _correct in answers):
            self.add_error("answers_text", _("An answer is longer than %(max)s characters.") % {"max": max_length})
        else:
            self.check_answers(answers)
        return cleaned_data

    @transaction.atomic
    def save(self):
        question = super().save()
        question.set_answers(self.answers)
        return question


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
