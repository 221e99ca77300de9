"""The classes app's part of a person's data (people/personal_data.py): the in-person classes
they attended, which anonymisation keeps for the statistics. A person who teaches a class not
over yet is not anonymised; the classes they taught stay theirs, under the anonymised name."""

from django.utils import timezone
from django.utils.translation import ngettext

from .models import Attendance, TrainingClass


def export_attendance(user):
    attendances = (
        Attendance.objects.filter(participant__user=user)
        .select_related("training_class")
        .order_by("training_class__starts_on", "pk")
    )
    return [
        {
            "class": attendance.training_class.title,
            "training_type": str(attendance.training_class.get_training_type_display()),
            "starts_on": attendance.training_class.starts_on,
            "ends_on": attendance.training_class.ends_on,
            "hours": attendance.training_class.hours,
            "place": attendance.training_class.place,
            "completed": attendance.completed,
            "score": attendance.score,
            "recorded_at": attendance.recorded_at,
        }
        for attendance in attendances
    ]


def classes_taught(user):
    upcoming = TrainingClass.objects.filter(trainer=user, ends_on__gte=timezone.localdate())
    titles = list(upcoming.order_by("starts_on").values_list("title", flat=True))
    if not titles:
        return []
    return [
        ngettext(
            "This person teaches %(count)d in-person class that is not over yet (%(titles)s): give it another "
            "trainer first.",
            "This person teaches %(count)d in-person classes that are not over yet (%(titles)s): give them another "
            "trainer first.",
            len(titles),
        )
        % {"count": len(titles), "titles": ", ".join(titles)}
    ]
