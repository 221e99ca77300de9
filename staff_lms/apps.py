from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class StaffLmsConfig(AppConfig):
    """The shared base of the LMS apps: what every app uses and no domain owns (reading sheets and
    the preview-then-confirm import flow, the progress bar of long commands, the scoping helpers
    of admin screens, the PDF fonts, upload checks, the pages' base template and stylesheet), the
    admin's "Training" menu (``staff_lms.menu``), Wagtail's page reports kept for site-wide page
    editors (``staff_lms.site_reports``), and the checks that tell a host site what it wired wrong
    (``staff_lms.checks``)."""

    name = "staff_lms"
    verbose_name = _("Staff training LMS")

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        # Here, while Django reads INSTALLED_APPS and before it imports any model: a missing app
        # would stop it there with a message that does not say which app to add.
        from .checks import missing_required_apps

        if missing := missing_required_apps():
            raise ImproperlyConfigured(
                "; ".join(
                    f"The LMS app '{app}' needs {', '.join(repr(name) for name in needed)} in INSTALLED_APPS"
                    for app, needed in missing.items()
                )
                + '. Add the missing apps, or remove those that need them (README, "Add to your Wagtail site").'
            )

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            page_cache,
            slugs,
        )

        slugs.register()
        page_cache.connect_signals()
