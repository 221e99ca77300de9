"""Forms of the in-person classes admin: the class itself, its attendance, and the sheet import."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import CoursePage
from courses.trainers import trainer_accounts
from people.models import Institution, StaffProfile, display_name
from people.roles import institutions_in_scope
from staff_lms.forms import SheetUploadForm

from . import services
from .models import Attendance
from .resources import read_sheet


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class TrainingClassForm(WagtailAdminModelForm):
    """The class record, with choices narrowed to what the user may pick:

    - HR (with institutions in its scope, not province-wide) must name the organiser, one of
      those institutions;
    - a trainer (neither HR nor an administrator) records the classes they teach: the trainer
      is them;
    - the online course is one the user may award the completion of (their own courses for a
      trainer, any for an administrator, none for HR alone), since those who complete the
      class complete that course and get its certificate;
    - administrators choose freely.
    A value already on the record stays selectable, so editing never fails on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        instance = self.instance
        scope = institutions_in_scope(user)
        is_admin = scope is None
        is_hr = bool(scope)
        self.teaches_only = not is_admin and not is_hr

        organiser = self.fields["organiser"]
        if is_hr:
            organiser.queryset = Institution.objects.filter(Q(pk__in=scope) | Q(pk=instance.organiser_id))
            organiser.required = True
            organiser.help_text = _("One of the institutions you manage.")
        else:
            organiser.queryset = Institution.objects.all()

        course = self.fields["course"]
        courses = CoursePage.objects.live()
        if not is_admin:
            courses = courses.trained_by(user)
            course.help_text = _(
                "One of the courses you train: a provincial administrator links a class to any other course."
            )
        course.queryset = CoursePage.objects.filter(Q(pk__in=courses.values("pk")) | Q(pk=instance.course_id)).order_by(
            "title"
        )

        # Accounts that may train: the trainer of a class records anyone's attendance in it.
        User = get_user_model()
        trainers = (
            User.objects.filter(Q(pk__in=trainer_accounts().values("pk")) | Q(pk=instance.trainer_id))
            .select_related("staff_profile")
            .order_by("staff_profile__full_name", User.USERNAME_FIELD)
        )
        self.fields["trainer"] = TrainerChoiceField(
            queryset=trainers,
            required=False,
            label=self.fields["trainer"].label,
            help_text=_("The trainer's account here, if they have one: they can then record the class's attendance."),
        )
        if self.teaches_only:
            self.fields["trainer"].disabled = True
            self.initial["trainer"] = user.pk
            self.fields["trainer"].help_text = _("You record the classes you teach.")

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("trainer") and not cleaned_data.get("trainer_name", "").strip():
            self.add_error("trainer_name", _("Choose the trainer's account or type the trainer's name."))
        course = cleaned_data.get("course")
        if "course" in self.changed_data and course is not None and not course.can_award_completion(self.for_user):
            # The course on record when the user lost the right to it: they may keep it, not choose it.
            self.add_error("course", _("Choose one of the courses you train."))
        return cleaned_data


# Attendance ---------------------------------------------------------------------------------


def check_completed(completed, training_class, user):
    """A ticked "completed": the class must have ended, and ``user`` may award its course."""
    if completed:
        if error := services.completion_error(training_class) or training_class.award_error(user):
            raise ValidationError(error)
    return completed


class AttendanceForm(forms.ModelForm):
    """One attendance row on the class's attendance screen: completed and score."""

    class Meta:
        model = Attendance
        fields = ["completed", "score"]
        widgets = {"score": forms.NumberInput(attrs={"step": "0.1", "min": "0", "max": "100", "class": "w-w-24"})}

    def __init__(self, *args, training_class, user, **kwargs):
        self.training_class, self.user = training_class, user
        super().__init__(*args, **kwargs)

    def clean_completed(self):
        completed = self.cleaned_data["completed"]
        if "completed" not in self.changed_data:
            return completed  # left as it was (a score changed, say)
        return check_completed(completed, self.training_class, self.user)


AttendanceFormSet = forms.modelformset_factory(
    Attendance, form=AttendanceForm, extra=0, edit_only=True, can_delete=True
)


class ParticipantSearchForm(forms.Form):
    """Find people to add: by name, code, e-mail or position, and/or by institution."""

    q = forms.CharField(label=_("Name, employee code or e-mail"), required=False, max_length=100)
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none(), required=False)
    participant_type = forms.ChoiceField(
        label=_("Participant type"),
        choices=[("", _("Staff and community participants")), *StaffProfile.ParticipantType.choices],
        required=False,
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions

    def is_searching(self):
        return self.is_valid() and any(self.cleaned_data.values())

    def search(self, people):
        data = self.cleaned_data
        if query := data["q"].strip():
            people = people.filter(
                Q(full_name__icontains=query)
                | Q(employee_code__iexact=query)
                | Q(user__email__iexact=query)
                | Q(position__icontains=query)
            )
        if data["institution"]:
            people = people.filter(institution=data["institution"])
        if data["participant_type"]:
            people = people.filter(participant_type=data["participant_type"])
        return people


class AddParticipantsForm(forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label=_("People to add"),
        queryset=StaffProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick the people to add.")},
    )
    completed = forms.BooleanField(label=_("They completed the class"), required=False)
    score = forms.DecimalField(
        label=_("Score (%)"), required=False, min_value=0, max_value=100, max_digits=5, decimal_places=1
    )

    def __init__(self, *args, candidates, training_class, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.training_class, self.user = training_class, user
        self.fields["participants"].queryset = candidates

    def clean_completed(self):
        return check_completed(self.cleaned_data["completed"], self.training_class, self.user)


# Import -------------------------------------------------------------------------------------


class AttendanceImportForm(SheetUploadForm):
    file_label = _("Attendance sheet")
    read_sheet = staticmethod(read_sheet)
