from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    """Courses assigned to staff by HR, with a due date: assigning (with a preview), the list of
    assignments, the training matrix and its export, and the reminders before and after the due
    date (``manage.py send_reminders``)."""

    name = "assignments"
    verbose_name = _("Assignments")
