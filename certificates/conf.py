"""Settings the certificates app reads, with their defaults (override in the host's settings).

Branding (issuing body, signatory, logo, number prefix, public URL) is a Wagtail site
setting, ``CertificateSettings``, filled in Settings → Certificates; the number prefix and place
name it starts from are these. The defaults are neutral: a site names its own place."""

from django.conf import settings


def number_prefix():
    return getattr(settings, "LMS_CERTIFICATE_NUMBER_PREFIX", "GCN")


def language():
    """Certificates are official Vietnamese documents whatever the reader's language."""
    return getattr(settings, "LMS_CERTIFICATE_LANGUAGE", "vi")


def public_base_url():
    """Where the QR code points when the site setting leaves it empty."""
    return getattr(settings, "LMS_CERTIFICATE_PUBLIC_BASE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")


def place_name():
    return getattr(settings, "LMS_CERTIFICATE_PLACE_NAME", "")
