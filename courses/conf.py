"""Settings the courses app reads, with their defaults (override in the host's settings)."""

from django.conf import settings


def due_soon_days():
    """An assignment is shown as "due soon" this many days before its due date."""
    return getattr(settings, "LMS_DUE_SOON_DAYS", 7)


def handbook_language():
    """The language course handbooks are printed in (``LMS_HANDBOOK_LANGUAGE``, default: the site's)."""
    return getattr(settings, "LMS_HANDBOOK_LANGUAGE", settings.LANGUAGE_CODE)
