"""In-person classes (lớp học trực tiếp): many refresher courses are held in a room. A class
and its attendance count in the training statistics like an online course and its
enrolments. An attendee who completes a class receives a certificate stating the class's own
title, training type, hours and dates (``Attendance.certificate``), whether or not the class is
held for an online course; one who completes a class held for an online course completes that
course too.

Certificates stay in ``certificates``, which knows nothing of classes: a class certificate is
an ordinary ``Certificate`` (its ``course`` the class's online course, or None) that an
attendance points to. Through ``certificates.extensions`` this app tells certificates who else
sees one (the class's trainer) and what it is re-issued from (the class as it is now)."""

from datetime import datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from certificates import conf as certificate_conf
from certificates.models import Certificate, Statement
from courses.models import CoursePage, Enrolment, TrainingType
from people.models import OVERSEE_PROVINCE, Institution, StaffProfile, display_name
from people.roles import institutions_in_scope
from staff_lms.scoping import ScopedLogEntry, ScopedLogEntryManager


class TrainingClassQuerySet(models.QuerySet):
    def held_between(self, start, end):
        """Classes whose last day falls in the period (both ends included)."""
        return self.filter(ends_on__gte=start, ends_on__lte=end)

    def visible_to(self, user):
        """Administrators see every class; HR the classes its institutions organised or its
        staff attended; trainers the classes they teach."""
        if not user.is_authenticated:
            return self.none()
        institutions = institutions_in_scope(user)
        if institutions is None:
            return self
        condition = Q(trainer=user)
        if institutions:
            # A subquery, not a join: a join would repeat each class once per attendee and
            # narrow any later Count("attendances") to the attendees of the scope.
            attended = Attendance.objects.filter(
                training_class=OuterRef("pk"), participant__institution__in=institutions
            )
            condition |= Q(organiser__in=institutions) | Exists(attended)
        return self.filter(condition)

    def managed_by(self, user):
        """Classes ``user`` may edit or delete: all for administrators; for HR those organised
        by an institution of its scope; for trainers those they teach."""
        if not user.is_authenticated:
            return self.none()
        institutions = institutions_in_scope(user)
        if institutions is None:
            return self
        return self.filter(Q(trainer=user) | Q(organiser__in=institutions))


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
    hours = models.DecimalField(
        _("hours"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"), message=_("The hours must be more than zero."))],
    )
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

    @property
    def dates_display(self):
        if self.starts_on == self.ends_on:
            return f"{self.starts_on:%d/%m/%Y}"
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})

    def award_error(self, user):
        """Why ``user`` may not mark attendance of this class completed, or None. In a class
        held for an online course, completing the class completes the course and issues its
        certificate: only those who may award the course's completion may (its trainers and
        the provincial administrators, ``CoursePage.can_award_completion``). ``None`` as the
        user is the system (demo data, the shell)."""
        if self.course_id is None or user is None or self.course.can_award_completion(user):
            return None
        return _(
            "Only the trainers of “%(course)s” or a provincial administrator may mark this class completed: "
            "completing it completes that online course and issues its certificate."
        ) % {"course": self.course.title}

    def valid_certificates(self):
        """The valid certificates its attendance holds."""
        return Certificate.objects.valid().filter(class_attendance__training_class=self)

    def deletion_error(self):
        """Why the class may not be deleted, or None: deleting it would leave valid certificates
        of a class that no longer exists, so its completions are unticked first (which revokes
        them, recorded in the audit trail)."""
        count = self.valid_certificates().count()
        if not count:
            return None
        return ngettext(
            "“%(class)s” cannot be deleted: %(count)d participant holds a valid certificate of it. Untick "
            "their completion first (this revokes the certificate, with an entry in the audit trail), then "
            "delete the class.",
            "“%(class)s” cannot be deleted: %(count)d participants hold a valid certificate of it. Untick "
            "their completion first (this revokes the certificates, with an entry in the audit trail), then "
            "delete the class.",
            count,
        ) % {"class": self.title, "count": count}

    @property
    def trainer_display_name(self):
        """The trainer's full name: from their account when there is one, else as typed."""
        if self.trainer_id:
            return display_name(self.trainer)
        return self.trainer_name


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
    score = models.DecimalField(
        _("score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(0, message=_("The score is a percentage, from 0 to 100.")),
            MaxValueValidator(100, message=_("The score is a percentage, from 0 to 100.")),
        ],
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    certificate = models.OneToOneField(
        Certificate,
        verbose_name=_("certificate"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="class_attendance",
        help_text=_("Issued when the attendance was marked completed; revoked when it is unticked."),
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["participant__full_name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "participant"], name="one_attendance_per_class_and_participant"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100), name="attendance_score_0_to_100"
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.training_class}"

    def awards_completion(self):
        """Whether this attendance, completed, would complete its class's online course for the
        participant (and so issue its certificate): not when they have completed it already."""
        course_id = self.training_class.course_id
        return (
            self.completed
            and course_id is not None
            and not Enrolment.objects.completed().filter(user_id=self.participant.user_id, course_id=course_id).exists()
        )

    def record_completion(self, actor, *, ticked=False):
        """What a completed attendance brings: its certificate (``certify``) and, for a class
        held for an online course, the completion of that course (``complete_course``).
        ``ticked``: completion was just marked, not saved again. Returns the enrolment or None."""
        if not self.completed:
            return None
        if self.training_class.course_id is None:
            self.certify(actor, ticked=ticked)
            return None
        return self.complete_course(actor, ticked=ticked)

    def complete_course(self, actor, *, ticked=False):
        """For a completed attendance of a class held for an online course: complete the
        participant's enrolment in that course (enrolling them first) with the class's score,
        after issuing the class's certificate, which the course-completed signal then finds
        (one certificate per learner and course). Returns the enrolment or None.

        Whether ``actor`` may award that completion is asked here, as it is written, and only
        when it is written: a trainer who no longer trains the course cannot complete it through
        a class linked earlier, while HR may still change the score of someone already done."""
        training_class = self.training_class
        course = training_class.course
        if not self.completed or course is None:
            return None
        if self.awards_completion() and (error := training_class.award_error(actor)):
            raise ValidationError({"completed": error})
        # Dated by the class, not by when its attendance was typed in: enrolled on its first
        # morning, completed at the end of its last day (never later than now).
        now = timezone.now()
        first_day = timezone.make_aware(datetime.combine(training_class.starts_on, time(8)))
        last_day = timezone.make_aware(datetime.combine(training_class.ends_on, time(17)))
        enrolment, _created = Enrolment.objects.get_or_create_for(
            self.participant.user, course, enrolled_at=min(first_day, now)
        )
        self.certify(actor, ticked=ticked, enrolment=enrolment)
        if not enrolment.is_completed:
            enrolment.complete(when=min(last_day, now), score=self.score)
        return enrolment

    def statement(self, enrolment=None):
        """What this attendance's certificate states: the class's own title, training type,
        hours and dates, and the score recorded; for a class held for an online course, that
        course (and ``enrolment`` in it), whose validity the certificate takes."""
        training_class = self.training_class
        course = training_class.course
        return Statement(
            user=self.participant.user,
            title=training_class.title,
            training_type=training_class.training_type,
            hours=training_class.hours,
            started_on=training_class.starts_on,
            completed_on=training_class.ends_on,
            score=self.score,
            course=course,
            enrolment=enrolment,
            validity_years=course.certificate_validity_years if course is not None else None,
            attach=self.attach_certificate,
        )

    def attach_certificate(self, certificate):
        Attendance.objects.filter(pk=self.pk).update(certificate=certificate)
        self.certificate = certificate

    def certify(self, actor, *, ticked=False, enrolment=None):
        """Issue the certificate of this completed attendance, issued by ``actor`` and recorded
        in its history, unless:

        - it holds a valid one already (saved again, its score changed);
        - the participant holds a valid certificate of the class's online course (completed
          online): one certificate per learner and course;
        - its certificate was revoked and completion was not just ticked again: an
          administrator revoked it, and re-issuing is theirs to decide (as for courses).

        Ticked again after an untick, the revoked certificate is re-issued (a new number,
        replacing it, in the audit trail). Returns the new certificate or None. The caller holds
        the attendance row locked (``services.save_attendance``), so two requests cannot both
        issue one."""
        current = self.certificate
        if current is not None and current.status == Certificate.Status.VALID:
            self.link_certificate_to_course(enrolment)
            return None
        if current is not None and not ticked:
            return None
        statement = self.statement(enrolment)
        course = statement.course
        if course is not None and Certificate.objects.valid().filter(user=statement.user, course=course).exists():
            return None
        with translation.override(certificate_conf.language()):
            if current is not None:
                return current.reissue(actor, gettext("Class completion ticked again"), statement=statement)
            certificate, _created = Certificate.objects.issue_statement(statement, issued_by=actor)
            certificate.log_issue(
                actor,
                gettext("completion of the in-person class “%(class)s” (%(dates)s)")
                % {"class": self.training_class.title, "dates": self.training_class.dates_display},
            )
        return certificate

    def link_certificate_to_course(self, enrolment):
        """A valid certificate issued before the class was linked to its online course becomes
        that course's certificate (its completion signal then issues none) unless the
        participant holds one already."""
        certificate, course = self.certificate, self.training_class.course
        if enrolment is None or course is None or certificate.course_id is not None:
            return
        if Certificate.objects.valid().filter(user_id=certificate.user_id, course=course).exists():
            return
        Certificate.objects.filter(pk=certificate.pk).update(course=course, enrolment=enrolment)
        certificate.course, certificate.enrolment = course, enrolment

    def withdraw_certificate(self, actor, reason):
        """Revoke this attendance's valid certificate (with the audit entry), for ``reason``
        (written in the certificates' language). Returns it, or None when there was none."""
        certificate = self.certificate
        if certificate is None or certificate.status != Certificate.Status.VALID:
            return None
        certificate.revoke(actor, reason)
        return certificate


class TrainingClassLogEntryManager(ScopedLogEntryManager):
    object_field = "training_class"
    view_permission = "classes.view_trainingclass"
    every_entry_permission = OVERSEE_PROVINCE

    def visible_objects(self, user):
        return TrainingClass.objects.visible_to(user)


class TrainingClassLogEntry(ScopedLogEntry):
    """Wagtail's log entries of in-person classes (created, edited, deleted), kept apart so
    that the site history report shows each user only the classes they may see: their titles
    name the units' training. Attendance is not logged (it is saved by the class's own
    screens, not by Wagtail's views)."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )

    objects = TrainingClassLogEntryManager()

    class Meta(ScopedLogEntry.Meta):
        verbose_name = _("class log entry")
        verbose_name_plural = _("class log entries")
