from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-not-for-production"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# The development and demo site signs certificates with a key made on first need (never committed:
# certificate-keys/ is in .gitignore).
LMS_CERTIFICATE_KEYS_GENERATE = True
