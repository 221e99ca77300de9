from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """No table: the permissions of the reports' screens, which Wagtail's group editor shows and
    ``people.roles`` grants to the roles."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_completion_records", _("Can see and export completion records")),
            ("view_training_report", _("Can see and download the III.3 report")),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)
