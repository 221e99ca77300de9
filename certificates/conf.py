"""Settings the certificates app reads, with their defaults (override in the host's settings).

The signatory, number pattern and public URL are a Wagtail site setting, ``CertificateSettings``,
filled in Settings → Certificates (the issuing body, logo and place are Settings → Issuing body,
``people.IssuingBody``); the number pattern it starts from is this (certificates/numbers.py)."""

from django.conf import settings


def number_pattern():
    return getattr(settings, "LMS_CERTIFICATE_NUMBER_PATTERN", "{sequence}/GCN-{abbreviation}")


def language():
    """Certificates are official Vietnamese documents whatever the reader's language."""
    return getattr(settings, "LMS_CERTIFICATE_LANGUAGE", "vi")


def public_base_url():
    """Where the QR code points when the site setting leaves it empty."""
    return getattr(settings, "LMS_CERTIFICATE_PUBLIC_BASE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")


def keys_dir():
    """Where the signing keys are kept (certificates/keys.py): outside the database and MEDIA_ROOT."""
    return getattr(settings, "LMS_CERTIFICATE_KEYS_DIR", None)


def generate_keys():
    """Make a signing key on first need, for a development or demo site; production generates
    its key with ``manage.py certificate_keys generate`` and backs it up (docs/DEPLOY.md)."""
    return getattr(settings, "LMS_CERTIFICATE_KEYS_GENERATE", False)
