from django.db import models
from django.utils.translation import gettext_lazy as _

VIEW_COMPLETION_RECORDS = "reports.view_completion_records"
VIEW_TRAINING_REPORT = "reports.view_training_report"


class Report(models.Model):
    """No table: the permissions of the reports' screens, which Wagtail's group editor shows and
    ``people.roles`` grants to the roles."""

    class Meta:
        managed = False
        verbose_name = _("training reports")
        verbose_name_plural = _("training reports")
        default_permissions = ()
        # Wagtail's group editor cuts a label ending with the model's name ("report") short.
        permissions = [
            ("view_completion_records", _("Can see and export completion records")),
            ("view_training_report", _("Can see the III.3 report and download it")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)
