"""Settings the SCORM app reads, with their defaults (override in the host's settings)."""

from django.conf import settings

MiB = 1024 * 1024


def max_upload_bytes():
    """The largest package (.zip) a trainer may upload."""
    return getattr(settings, "LMS_SCORM_MAX_UPLOAD_BYTES", 200 * MiB)


def max_files():
    """The most files a package may hold."""
    return getattr(settings, "LMS_SCORM_MAX_FILES", 5000)


def max_unpacked_bytes():
    """The most a package may take once unpacked."""
    return getattr(settings, "LMS_SCORM_MAX_UNPACKED_BYTES", 500 * MiB)


def link_hours():
    """How many hours the address of a package's files, given with the lesson page, works."""
    return getattr(settings, "LMS_SCORM_LINK_HOURS", 12)
