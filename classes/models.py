"""In-person classes (lớp học trực tiếp): many refresher courses are held in a room. A class
and its attendance count in the training statistics like an online course and its
enrolments; an attendee who completes a class held for an online course completes that
course too, and so receives its certificate."""

from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Enrolment, TrainingType
from people.models import Institution, StaffProfile


class TrainingClassQuerySet(models.QuerySet):
    def held_between(self, start, end):
        """Classes whose last day falls in the period (both ends included)."""
        return self.filter(ends_on__gte=start, ends_on__lte=end)

    def visible_to(self, user):
        """Administrators see every class; HR the classes its institutions organised or its
        staff attended; trainers the classes they teach."""
        from people import roles

        if not user.is_authenticated:
            return self.none()
        institutions = roles.institutions_in_scope(user)
        if institutions is None:
            return self
        condition = Q(trainer=user)
        if institutions:
            condition |= Q(organiser__in=institutions) | Q(attendances__participant__institution__in=institutions)
        return self.filter(condition).distinct()


class TrainingClass(models.Model):
    title = models.CharField(_("course or topic"), max_length=255)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("online course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="classes",
        help_text=_("When the class teaches an online course, attendees who complete it complete that course."),
    )
    training_type = models.CharField(
        _("training type"), max_length=20, choices=TrainingType.choices, default=TrainingType.REFRESHER
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=255)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    organiser = models.ForeignKey(
        Institution,
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classes",
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer (account)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classes_taught",
    )
    trainer_name = models.CharField(
        _("trainer"), max_length=200, blank=True, help_text=_("For a trainer without an account here.")
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = TrainingClassQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("in-person class")
        verbose_name_plural = _("in-person classes")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="class_ends_after_it_starts"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="class_hours_positive"),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})


class AttendanceQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(completed=True)


class Attendance(models.Model):
    """One participant (staff or community) in one class."""

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="attendances"
    )
    participant = models.ForeignKey(
        StaffProfile, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="attendances"
    )
    completed = models.BooleanField(
        _("completed"), default=False, help_text=_("Attended throughout and met the class's requirements.")
    )
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["participant__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "participant"], name="one_attendance_per_class_and_participant"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.training_class}"

    def complete_course(self):
        """For a completed attendance of a class held for an online course: complete the
        participant's enrolment in that course (enrolling them first), which issues its
        certificate through the course-completed signal. Returns the enrolment or None."""
        course = self.training_class.course
        if not self.completed or course is None:
            return None
        enrolment, _created = Enrolment.objects.get_or_create_for(self.participant.user, course)
        if not enrolment.is_completed:
            last_day = datetime.combine(self.training_class.ends_on, time(17))
            enrolment.complete(when=timezone.make_aware(last_day))
        return enrolment
