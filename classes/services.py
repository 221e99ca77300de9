"""Who may record what for an in-person class, and what recording a completed attendance does.

The attendance screen and the sheet import both save through ``save_attendance()``, inside
the caller's transaction, with the attendance row locked:

- **Ticked "completed"**: the participant's certificate is issued (``Attendance.certify``),
  stating the class's own title, training type, hours and dates, by whoever ticked it (in the
  certificate's history); for a class held for an online course the participant's enrolment
  in that course is completed too (``Attendance.complete_course``), after the certificate, so
  that the ``course_completed`` signal finds it and issues no second one. Its e-mail is queued
  with ``transaction.on_commit``: when the transaction rolls back (an import whose last row
  turns out bad) the attendance, the completion, the certificate and its e-mail all vanish
  together. Saving it again issues nothing new.
- **Unticked**, or **removed from the class** (``remove_attendance``): its valid certificate is
  revoked, with the reason and an entry in the audit trail. Ticked again, a new certificate
  replaces the revoked one (a re-issue, in the audit trail too). The course completion stays:
  a course is completed once.
- **Deleting a class** whose attendance holds valid certificates is refused
  (``TrainingClass.deletion_error``, wagtail_hooks.py): untick first.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from certificates import conf as certificate_conf
from courses.models import TRAIN_COURSE, Enrolment
from people.models import Institution, StaffProfile
from people.roles import institutions_in_scope

from .models import Attendance, TrainingClass

# Why a class certificate is revoked, recorded in Vietnamese (the certificates' language).
UNTICKED = gettext_noop("Class completion unticked")
REMOVED = gettext_noop("Removed from the class's attendance")

# Trainers, HR officers and provincial administrators hold these (people.roles).
VIEW_CLASSES = "classes.view_trainingclass"
RECORD_ATTENDANCE = tuple(f"classes.{action}_attendance" for action in ("add", "change", "delete"))


def classes_for(user):
    """The classes ``user`` may open (their attendance screen)."""
    if not user.has_perm(VIEW_CLASSES):
        return TrainingClass.objects.none()
    return TrainingClass.objects.visible_to(user)


def can_record_attendance(user):
    return user.has_perms(RECORD_ATTENDANCE)


def sees_every_participant(user, training_class):
    """Administrators, and the class's own trainer (who teaches people of any unit)."""
    if institutions_in_scope(user) is None:
        return True
    return (
        training_class.trainer_id is not None and training_class.trainer_id == user.pk and user.has_perm(TRAIN_COURSE)
    )


def participants_for(user, training_class):
    """The people whose attendance ``user`` may see and record in ``training_class``:
    everyone for administrators and for the class's own trainer; for HR, the staff and
    community participants of the institutions in its scope; nobody for anyone else."""
    if sees_every_participant(user, training_class):
        return StaffProfile.objects.all()
    return StaffProfile.objects.filter(institution__in=institutions_in_scope(user))


def institutions_for(user, training_class):
    """The institutions whose people ``user`` may add to ``training_class``."""
    if sees_every_participant(user, training_class):
        return Institution.objects.all()
    return Institution.objects.filter(pk__in=institutions_in_scope(user))


def completion_error(training_class, today=None):
    """Why nobody can have completed ``training_class`` yet, or None."""
    today = today or timezone.localdate()
    if training_class.ends_on and training_class.ends_on > today:
        return _("The class ends on %(date)s: its attendance can be marked completed from that day.") % {
            "date": formats.date_format(training_class.ends_on, "SHORT_DATE_FORMAT")
        }
    return None


def save_attendance(attendance, *, actor):
    """Save one attendance recorded by ``actor``: ticked, issue its certificate and complete the
    class's online course; unticked, revoke its certificate (see the module docstring;
    ``Attendance.complete_course`` checks that ``actor`` may). Call it inside a transaction: a
    ValidationError leaves nothing."""
    if attendance.completed and (error := completion_error(attendance.training_class)):
        raise ValidationError({"completed": error})
    was_completed = False
    if attendance.pk is not None:
        # Locked until the transaction ends: two saves of the same attendance take turns, so
        # one ticking issues one certificate.
        locked = Attendance.objects.select_for_update().filter(pk=attendance.pk)
        saved = locked.values("completed", "certificate").first()
        if saved is not None:
            was_completed, attendance.certificate_id = saved["completed"], saved["certificate"]
    attendance.save()
    if attendance.completed:
        attendance.record_completion(actor, ticked=not was_completed)
    elif was_completed:
        withdraw(attendance, actor, UNTICKED)
    return attendance


def remove_attendance(attendance, *, actor):
    """Take ``attendance`` out of its class, revoking its valid certificate first."""
    withdraw(attendance, actor, REMOVED)
    attendance.delete()


def withdraw(attendance, actor, reason):
    """Revoke the attendance's valid certificate for ``reason``, a msgid written in the
    certificates' language (Vietnamese) whatever the officer's."""
    with translation.override(certificate_conf.language()):
        return attendance.withdraw_certificate(actor, _(reason))


@transaction.atomic
def record_attendance(training_class, participant, *, actor, completed=False, score=None):
    """Add ``participant`` to the class, or update their attendance. Returns the attendance."""
    attendance = Attendance.objects.filter(training_class=training_class, participant=participant).first()
    if attendance is None:
        attendance = Attendance(training_class=training_class, participant=participant)
    attendance.training_class, attendance.participant = training_class, participant
    attendance.completed, attendance.score = completed, score
    return save_attendance(attendance, actor=actor)


def complete_course_for_attendees(training_class, *, actor):
    """Complete the class's online course for everyone who completed the class: for when the
    course is linked (or changed) after the attendance was recorded. Returns how many."""
    if training_class.course_id is None:
        return 0
    attendances = training_class.attendances.completed().select_related("participant__user", "certificate")
    count = 0
    with transaction.atomic():
        for attendance in attendances.select_for_update(of=("self",)):
            attendance.training_class = training_class
            attendance.complete_course(actor)
            count += 1
    return count


# Certificates (registered with certificates.extensions in apps.py) -----------------------------


def keep_certified_class(sender, instance, **kwargs):
    """Deleting a class that holds valid certificates fails, however it is deleted (the admin
    says why first: wagtail_hooks.py)."""
    if error := instance.deletion_error():
        raise ProtectedError(error, set(instance.valid_certificates()))


def certificates_of_classes_taught(user):
    """The certificates of the classes ``user`` teaches: their trainer sees them."""
    taught = Attendance.objects.filter(training_class__trainer=user, certificate__isnull=False)
    return Q(pk__in=taught.values("certificate_id"))


def restatement(certificate):
    """What a class certificate is re-issued from: its attendance as the class is now."""
    attendance = (
        Attendance.objects.filter(certificate=certificate)
        .select_related("training_class__course", "participant__user")
        .first()
    )
    if attendance is None:
        return None
    course = attendance.training_class.course
    enrolment = None
    if course is not None:
        enrolment = Enrolment.objects.filter(user=attendance.participant.user, course=course).first()
    return attendance.statement(enrolment)
