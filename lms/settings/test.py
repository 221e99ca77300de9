import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_AUTOREFRESH = True

# Login throttling stays on in tests (tests/test_security.py); attempts live in the database,
# so each test starts with none.
AXES_ENABLED = True

# With REDIS_URL (CI's PostgreSQL pass), keys of this process only: test runs and xdist workers
# share one Redis, and tests/conftest.py empties only its own keys between tests.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"lms-test-{os.getpid()}"  # noqa: F405
