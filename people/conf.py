"""Settings the people app reads, with their defaults (override in the host's settings)."""

from datetime import timedelta

from django.conf import settings


def invitation_lifetime():
    """How long the link of an invitation e-mail works (``LMS_INVITATION_DAYS``, default 7)."""
    return timedelta(days=getattr(settings, "LMS_INVITATION_DAYS", 7))


def public_base_url():
    """The site's public address, for links in e-mails sent outside a request
    (``WAGTAILADMIN_BASE_URL``)."""
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")


def place_name():
    """The place a new Settings → Issuing body starts with (``LMS_PLACE_NAME``, default none)."""
    return getattr(settings, "LMS_PLACE_NAME", "")


def export_background_rows():
    """Admin downloads of more rows than this are prepared in the background and fetched from
    "Prepared downloads" (``LMS_EXPORT_BACKGROUND_ROWS``, default 2,000; people/exports.py)."""
    return getattr(settings, "LMS_EXPORT_BACKGROUND_ROWS", 2000)


def export_lifetime():
    """How long a prepared download is kept (``LMS_EXPORT_DAYS``, default 7)."""
    return timedelta(days=getattr(settings, "LMS_EXPORT_DAYS", 7))
