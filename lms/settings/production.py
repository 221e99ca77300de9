"""Production: everything secret or site-specific comes from the environment.

Required: SECRET_KEY, ALLOWED_HOSTS (comma separated), DATABASE_URL, REDIS_URL.
Optional: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
DEFAULT_FROM_EMAIL, CSRF_TRUSTED_ORIGINS, MEDIA_ROOT, WAGTAILADMIN_BASE_URL, CONN_MAX_AGE,
SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, LOG_LEVEL, CACHE_KEY_PREFIX, LMS_INVITATION_DAYS,
LMS_CERTIFICATE_KEYS_DIR (base.py; the folder of the certificate signing keys, docs/DEPLOY.md 2.6a).
Login throttling and the Content-Security-Policy come from base.py. docs/DEPLOY.md describes each.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

# Without it base.py would quietly fall back to an SQLite file in the checkout.
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL is required, e.g. postgres://lms:PASSWORD@127.0.0.1:5432/lms")
# gunicorn runs several worker processes: without a shared cache, a page published or a session
# ended in one of them would still be served from the memory of the others.
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured("REDIS_URL is required, e.g. redis://127.0.0.1:6379/0")

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "") in ("1", "true", "True")

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# Behind nginx or a load balancer that terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
# Load balancers probe the app servers over plain HTTP, without X-Forwarded-Proto:
# /healthz answers them instead of redirecting to https.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Login throttling counts failures per user name and client address. Behind nginx the client
# address is the right-most X-Forwarded-For entry (the one nginx appends, which a client cannot
# forge); REMOTE_ADDR is only nginx itself. docs/DEPLOY.md: the load-balancer case.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_IPWARE_PROXY_ORDER = "right-most"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
