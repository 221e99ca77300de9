"""wagtail_vi.W001: the app is installed after an app whose strings it translates, so Django reads
that app's own (English, or Wagtail's partial Vietnamese) translations first and ours never."""

from django.apps import apps
from django.core import checks

# The apps whose msgids the catalogue holds, and the apps inside them ("wagtail.admin"…).
TRANSLATED_APPS = ("wagtail", "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes")


def translated_apps_before(app_names):
    """The apps of ``app_names`` whose strings we translate that come before ``wagtail_vi``."""
    ours = app_names.index("wagtail_vi")
    return [
        name for name in app_names[:ours] if any(name == app or name.startswith(f"{app}.") for app in TRANSLATED_APPS)
    ]


@checks.register()
def check_installed_before_the_apps_it_translates(app_configs=None, **kwargs):
    earlier = translated_apps_before([config.name for config in apps.get_app_configs()])
    if not earlier:
        return []
    return [
        checks.Warning(
            f"'wagtail_vi' comes after {', '.join(repr(name) for name in earlier)} in INSTALLED_APPS: Django "
            "reads their own translations first, and the admin keeps most of Wagtail's English.",
            hint="Move 'wagtail_vi' above the Wagtail and Django apps in INSTALLED_APPS; see README, "
            '"Admin in Vietnamese".',
            id="wagtail_vi.W001",
        )
    ]
