from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffLmsConfig(AppConfig):
    """The shared base of the LMS apps: what every app uses and no domain owns (reading sheets and
    the preview-then-confirm import flow, the progress bar of long commands, the scoping helpers
    of admin screens, the PDF fonts, upload checks, the pages' base template and stylesheet)."""

    name = "staff_lms"
    verbose_name = _("Staff training LMS")
