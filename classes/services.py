"""Who may record what for an in-person class, and what recording a completed attendance does.

The attendance screen and the sheet import both save through ``save_attendance()``, inside
the caller's transaction. A completed attendance of a class held for an online course
completes the participant's enrolment in that course (``Attendance.complete_course``): the
``course_completed`` signal issues the certificate in the same transaction and queues its
e-mail with ``transaction.on_commit``. So when the transaction rolls back (an import whose
last row turns out bad) the attendance, the completion, the certificate and its e-mail all
vanish together. A course is completed once: saving the attendance again, or unticking and
ticking it, issues nothing new, and unticking withdraws nothing (revoke a certificate in
Certificates).

A class on a topic, without an online course, records completion only: it counts in the
training statistics but issues no certificate.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.models import TRAIN_COURSE
from people.models import Institution, StaffProfile
from people.roles import institutions_in_scope

from .models import Attendance, TrainingClass

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
    """Save one attendance recorded by ``actor`` and, if it is completed, complete the class's
    online course for the participant (see the module docstring; ``Attendance.complete_course``
    checks that ``actor`` may). Call it inside a transaction: a ValidationError leaves nothing."""
    if attendance.completed and (error := completion_error(attendance.training_class)):
        raise ValidationError({"completed": error})
    attendance.save()
    if attendance.completed:
        attendance.complete_course(actor)
    return attendance


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
    attendances = training_class.attendances.completed().select_related("participant__user")
    count = 0
    for attendance in attendances:
        attendance.training_class = training_class
        attendance.complete_course(actor)
        count += 1
    return count
