"""System checks that make a badly wired host site fail loudly at startup (``manage.py check``,
``runserver``, ``migrate``) instead of misbehaving quietly.

The LMS apps keep short top-level names (``people``, ``courses``, ``reports``…). A host site with
a package of the same name — its own ``reports`` app, say — hides the LMS's: Python imports only
one ``reports``, and Django then runs the host's without a word (``training_report`` becomes
"Unknown command"). The LMS's apps are installed side by side, in the folder that holds
``staff_lms``, so an app of one of their names found anywhere else is not ours.

An LMS app installed without another it needs (``reports`` without ``certificates``) stops
Django at startup with ``ImproperlyConfigured`` naming the missing apps (``missing_required_apps``,
raised by ``StaffLmsConfig``): Django would otherwise stop while importing the models, with a
message about a model class, before any check runs.

Messages are for the developer installing the plugin, in English like Django's own.
"""

import importlib.util
import sys
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

LMS_APPS = (
    "staff_lms",
    "people",
    "courses",
    "assignments",
    "quizzes",
    "certificates",
    "classes",
    "reports",
    "wagtail_vi",  # Vietnamese for Wagtail's admin; needs no other LMS app
)

# The apps each LMS app imports, LMS or not (``missing_required_apps``).
REQUIRED_APPS = {
    "people": ("staff_lms", "wagtail.contrib.settings"),
    "courses": ("staff_lms", "people"),
    "assignments": ("staff_lms", "people", "courses"),
    "quizzes": ("staff_lms", "people", "courses"),
    "certificates": ("staff_lms", "people", "courses", "wagtail.contrib.settings"),
    "classes": ("staff_lms", "people", "courses", "certificates"),
    "reports": ("staff_lms", "people", "courses", "quizzes", "certificates", "classes"),
}

# Settings of version 0.1 and the names they have now: the LMS reads only the LMS_* names.
RENAMED_SETTINGS = {
    # A prefix ("GCN") became a pattern ("{sequence}/GCN-{abbreviation}"): not a plain rename.
    "CERTIFICATES_NUMBER_PREFIX": "LMS_CERTIFICATE_NUMBER_PATTERN",
    "LMS_CERTIFICATE_NUMBER_PREFIX": "LMS_CERTIFICATE_NUMBER_PATTERN",
    "CERTIFICATES_PLACE_NAME": "LMS_PLACE_NAME",
    "LMS_CERTIFICATE_PLACE_NAME": "LMS_PLACE_NAME",
    "CERTIFICATES_PUBLIC_BASE_URL": "LMS_CERTIFICATE_PUBLIC_BASE_URL",
    "CERTIFICATES_LANGUAGE": "LMS_CERTIFICATE_LANGUAGE",
}

CHECKED_DOCUMENT_FORM = "staff_lms.uploads.DocumentForm"


def lms_folder():
    """The folder the LMS apps were installed into (site-packages, or a checkout)."""
    return Path(__file__).resolve().parent.parent


def installed_lms_apps():
    """The installed apps named like an LMS app, ours or not (``is_ours`` tells)."""
    return [config for config in apps.get_app_configs() if config.name in LMS_APPS]


def is_ours(config):
    return Path(config.path).resolve().parent == lms_folder()


def missing_required_apps():
    """``{app: [apps it needs that are not installed]}`` for the LMS apps in INSTALLED_APPS.

    Read from the setting itself, before Django imports any model: an app installed without one
    it imports stops Django while it loads the models ("Model class classes.models.TrainingClass
    doesn't declare an explicit app_label…"), before a system check could run, so
    ``StaffLmsConfig`` raises this instead."""
    installed = {installed_app_name(entry) for entry in settings.INSTALLED_APPS}
    missing = {}
    for name in LMS_APPS:
        if name in installed and is_our_package(name):
            if needed := [other for other in REQUIRED_APPS.get(name, ()) if other not in installed]:
                missing[name] = needed
    return missing


def installed_app_name(entry):
    """The app an INSTALLED_APPS entry installs: the module it names, or its AppConfig's ``name``."""
    try:
        candidate = import_string(entry)
    except ImportError:  # a top-level module ("reports"), or one that does not import (Django says so)
        return entry
    return candidate.name if isinstance(candidate, type) and issubclass(candidate, AppConfig) else entry


def is_our_package(name):
    spec = importlib.util.find_spec(name)
    return spec is not None and spec.origin is not None and Path(spec.origin).resolve().parent.parent == lms_folder()


@checks.register()
def check_app_names(app_configs=None, **kwargs):
    """staff_lms.E001: an installed app of an LMS app's name is another package (the host's own).
    staff_lms.W001: another package of that name is also on the import path, hidden by ours."""
    messages = []
    for config in installed_lms_apps():
        found = Path(config.path).resolve()
        if not is_ours(config):
            messages.append(
                checks.Error(
                    f"The app '{config.name}' in INSTALLED_APPS is not the LMS's '{config.name}': Django loaded "
                    f"{found}, but the LMS apps are in {lms_folder()}. A package of the same name (your site's own "
                    f"'{config.name}' app?) comes first on the import path and hides the LMS app.",
                    hint=f"Rename your package, or move it inside your project package (e.g. "
                    f"'mysite.{config.name}', with AppConfig.label set to something other than "
                    f"'{config.name}'); see README, \"App names\".",
                    id="staff_lms.E001",
                )
            )
            continue
        hidden = [folder for folder in other_packages_named(config.name) if folder != found]
        if hidden:
            messages.append(
                checks.Warning(
                    f"Another package named '{config.name}' is on the import path and is hidden by the LMS app "
                    f"'{config.name}' ({found}): {', '.join(map(str, hidden))}.",
                    hint="If it is one of your site's apps, rename it or move it inside your project package; "
                    'see README, "App names".',
                    id="staff_lms.W001",
                )
            )
    return messages


def other_packages_named(name):
    """Every folder or module of the import path that Python would import as ``name``."""
    found = []
    for entry in dict.fromkeys(sys.path):
        folder = Path(entry or ".").resolve()
        for candidate in (folder / name, folder / f"{name}.py"):
            if (candidate / "__init__.py").is_file() or (candidate.suffix == ".py" and candidate.is_file()):
                if candidate not in found:
                    found.append(candidate)
    return found


@checks.register()
def check_renamed_settings(app_configs=None, **kwargs):
    """staff_lms.W002: a setting of version 0.1 is still set; it is no longer read."""
    return [
        checks.Warning(
            f"{old} is no longer read: the setting is called {new} since version 0.2.0.",
            hint=f"Rename {old} to {new} in your settings."
            if "PREFIX" not in old
            else f"Replace {old} by {new}, a pattern such as “{{sequence}}/GCN-{{abbreviation}}”.",
            id="staff_lms.W002",
        )
        for old, new in RENAMED_SETTINGS.items()
        if hasattr(settings, old)
    ]


@checks.register()
def check_document_uploads(app_configs=None, **kwargs):
    """staff_lms.W003: documents uploaded in the admin are not checked for what they contain."""
    form_base = getattr(settings, "WAGTAILDOCS_DOCUMENT_FORM_BASE", "")
    checked = import_string(CHECKED_DOCUMENT_FORM)
    try:
        if form_base and issubclass(import_string(form_base), checked):
            return []
    except ImportError:
        pass  # Wagtail's own check reports a form base that does not import
    return [
        checks.Warning(
            "Documents uploaded in the Wagtail admin (lesson handouts) are not checked for what they contain: "
            "an HTML page or a program renamed report.pdf would be stored and served.",
            hint="Add 'from staff_lms.upload_settings import *' to your settings, or set "
            f"WAGTAILDOCS_DOCUMENT_FORM_BASE = '{CHECKED_DOCUMENT_FORM}' (or a subclass of it); see README, "
            '"Uploads".',
            id="staff_lms.W003",
        )
    ]
