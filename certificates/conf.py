"""Settings the certificates app reads, with their defaults (override in the host's settings).

Branding (issuing body, signatory, logo, number prefix, public URL) is a Wagtail site
setting, ``CertificateSettings``; these are the defaults it starts from."""

from django.conf import settings


def number_prefix():
    return getattr(settings, "CERTIFICATES_NUMBER_PREFIX", "GCN")


def language():
    """Certificates are official Vietnamese documents whatever the reader's language."""
    return getattr(settings, "CERTIFICATES_LANGUAGE", "vi")


def public_base_url():
    """Where the QR code points when the site setting leaves it empty."""
    return getattr(settings, "CERTIFICATES_PUBLIC_BASE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")


def place_name():
    return getattr(settings, "CERTIFICATES_PLACE_NAME", "Thái Nguyên")
