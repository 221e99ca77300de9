"""Settings shared by every environment of the host site.

The LMS apps themselves (staff_lms, people, courses, assignments, quizzes, certificates,
classes, reports) never import this module: what they read from settings is named ``LMS_*``
and has a default in their own ``conf`` module (README, "Settings").
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "lms",
    "staff_lms",
    "people",
    "courses",
    "assignments",
    "quizzes",
    "scorm",
    "certificates",
    "classes",
    "reports",
    # Vietnamese for Wagtail's admin: before the Wagtail and Django apps it translates.
    "wagtail_vi",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The Wagtail site of the host name, from the cache (staff_lms/page_cache.py).
    "staff_lms.page_cache.CachedSiteMiddleware",
    "lms.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Names the signed-in user in the audit trail for changes outside Wagtail's admin.
    "people.audit.AuditActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "lms.middleware.ContentSecurityPolicyMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

# SQLite by default so the first run needs nothing installed; DATABASE_URL
# (e.g. postgres://user@host:5432/lms) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache: Redis (Django's own backend) when REDIS_URL is set, which every deployment with more
# than one server process needs, so that what one process invalidates (a page published, a
# session ended) is gone for all; else the local-memory cache of this one process, so the first
# run needs nothing installed. Sessions are read from the cache and written through to the
# database (cached_db). docs/DEPLOY.md, "Redis".
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "lms"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lms"}}
# Template fragments ({% cache %}: a course's header, a lesson's body) carry the page cache's
# generation in their keys (staff_lms/page_cache.py), so each process may keep its own.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "lms-fragments",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Argon2id (lms/hashers.py); Django's other hashers follow so that existing hashes still verify
# (and are rewritten with Argon2id at the next login).
PASSWORD_HASHERS = [
    "lms.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes). Five failed logins for one user name from one address lock
# that pair out for 15 minutes (HTTP 429, people/lockout.html); a successful login clears the
# count, and `manage.py axes_reset` clears every lockout. AxesStandaloneBackend must come first;
# the login form turns an e-mail address into the user name before authenticating, so axes
# counts both under the user name. The site's and Wagtail's admin logins are throttled alike.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "lms.views.lockout"
# The client address is REMOTE_ADDR here; production.py reads it from X-Forwarded-For.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Content-Security-Policy (django-csp), for every page; the admin screens get a looser
# script-src and frame-ancestors (lms.middleware.ContentSecurityPolicyMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # Lessons embed videos (wagtail.embeds); the Wagtail admin previews pages in a frame.
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/learning/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Short dates dd/mm/yyyy in both languages, site and admin (staff_lms/formats), and the admin's
# date pickers write them so too.
FORMAT_MODULE_PATH = ["staff_lms.formats"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

# SCORM packages, unpacked: outside MEDIA_ROOT, which nginx serves as it is; learners get their
# files only through the SCORM player's sandboxed view (scorm/views.py).
SCORM_ROOT = Path(os.environ.get("SCORM_ROOT", BASE_DIR / "scorm-packages"))

# The issuing body's keys that sign certificates (certificates/keys.py): outside the database and
# MEDIA_ROOT, one 0600 file per key, backed up on their own (docs/DEPLOY.md). A production site
# makes its first with `manage.py certificate_keys generate`; dev.py makes one on first need.
LMS_CERTIFICATE_KEYS_DIR = Path(os.environ.get("LMS_CERTIFICATE_KEYS_DIR", BASE_DIR / "certificate-keys"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "scorm": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": SCORM_ROOT}},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (certificate rendering and e-mail) runs through Django's task framework.
# The immediate backend runs a task as soon as it is enqueued; see docs/DEPLOY.md for the
# database backend (django-tasks-db) with a separate worker in production.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

WAGTAIL_SITE_NAME = "Học tập suốt đời - Thái Nguyên"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database search backend, given only text it can search (lms/search.py): any text
# typed into a search box is a page, never a server error.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "lms.search"}}
WAGTAIL_I18N_ENABLED = False
# Page slugs in ASCII, Vietnamese letters without their marks ("huong-dan", not "hướng-dẫn"):
# links stay readable when shared. The page editor does it (staff_lms/slugs.py); this makes
# Wagtail's own slug paths (copying a page, a page made in code without a slug) ASCII too.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Uploads: what the Wagtail admin accepts as images and documents, checked by staff_lms.uploads
# (formats, sizes, a document's content against its extension; see staff_lms/upload_settings.py).
from staff_lms.upload_settings import *  # noqa: E402, F403

# No Gravatar: staff e-mail hashes stay on the site, and the admin's img-src stays 'self'.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No release check on the superusers' dashboard: the admin's connect-src is the site itself, so the
# browser refuses its request to releases.wagtail.org (a Content-Security-Policy error on every visit).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_CONTENT_LANGUAGES = [("vi", "Tiếng Việt")]

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LMS Thái Nguyên <no-reply@localhost>")

# Invitations to set a password (people/invitations.py): how many days their link works. Their
# links, like every link in the LMS's e-mails sent outside a request, start with
# WAGTAILADMIN_BASE_URL.
LMS_INVITATION_DAYS = int(os.environ.get("LMS_INVITATION_DAYS", "7"))
