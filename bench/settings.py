"""Settings for the page benchmark (``bench/pages.py``): the host site's base settings as a
production server runs them (DEBUG off, cached template loader, persistent connections),
plus the ``bench.minimal`` baseline page and ``bench.urls`` with the bare-view baseline.

Only for benchmarks: the database comes from DATABASE_URL and must be PostgreSQL, so the
benchmark never touches the development SQLite file.
"""

import os
import warnings

from django.core.exceptions import ImproperlyConfigured

from lms.settings.base import *  # noqa: F403

if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    raise ImproperlyConfigured("bench.settings needs DATABASE_URL=postgres://... (bench/pages.py sets it).")

DEBUG = False
SECRET_KEY = "bench-only-not-a-secret"
# As in production, the cache and the sessions are in Redis (docs/DEPLOY.md 1.2a): REDIS_URL, else
# the local server; the run's database name prefixes its keys, the same in every worker.
CACHES["default"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": REDIS_URL or "redis://127.0.0.1:6379/0",  # noqa: F405
    "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX") or DATABASES["default"]["NAME"],  # noqa: F405
}
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench.minimal"]  # noqa: F405
ROOT_URLCONF = "bench.urls"
# Certificates are signed with a key made on first need in the run's temporary folder (harness.py).
LMS_CERTIFICATE_KEYS_GENERATE = True
# Static files are not collected: templates only build their URLs. MEDIA_ROOT comes from the
# environment (bench/pages.py points it at a temporary folder for the run).
warnings.filterwarnings("ignore", message="No directory at")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# bench/load.py runs certificate delivery as production does with django-tasks-db (docs/DEPLOY.md
# 2.5): queued in PostgreSQL, run by a ``db_worker`` beside each app server. The other
# benchmarks keep the immediate backend of the base settings.
if os.environ.get("BENCH_TASKS") == "db":
    INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
