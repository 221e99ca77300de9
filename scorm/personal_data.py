"""The SCORM app's part of a person's data (people/personal_data.py): what the packages they
played saved about them, as saved."""

from .models import ScormRecord


def export_records(user):
    return [
        {
            "lesson": record.lesson.title,
            "course": record.enrolment.course.title,
            "package_version": record.package.number if record.package else None,
            "status": record.status,
            "success": record.success,
            "score": record.score,
            "time_seconds": record.total_seconds,
            "runs": record.launches,
            "first_opened": record.started_at,
            "last_saved": record.saved_at,
            "completed_at": record.completed_at,
            "cmi": record.cmi,
        }
        for record in ScormRecord.objects.filter(enrolment__user=user)
        .select_related("lesson", "enrolment__course", "package")
        .order_by("started_at", "pk")
    ]
