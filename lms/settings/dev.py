from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-dev-only-not-for-production"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
