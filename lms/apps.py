import math
import sqlite3

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate

#: Session key: may this user edit in the Wagtail admin (decides the Wagtail user bar).
CAN_EDIT_SESSION_KEY = "lms_can_edit"


def remember_editor(sender, request, user, **kwargs):
    # Checked once at login rather than on every page: for learners, who are most visitors,
    # the user bar's permission check would cost two queries per page for nothing.
    if hasattr(request, "session"):
        request.session[CAN_EDIT_SESSION_KEY] = user.has_perm("wagtailadmin.access_admin")


def bind_sqlite_integer(value):
    """SQLite holds integers of 64 bits, and its driver refuses to bind a larger one with an
    OverflowError, a server error wherever a filter looks up an id typed into its URL (Django
    guards only some lookups). Bound as an infinity instead, it equals no stored number and
    compares with each as the number it is: the filter finds nothing."""
    if -(2**63) <= value < 2**63:
        return value
    return math.inf if value > 0 else -math.inf


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "LMS host site"

    def ready(self):
        from people import personal_data as people_data

        from . import personal_data
        from .starter_data import rename_starter_data

        # Sent per app with models (this one has none): once Wagtail's own have run.
        wagtail = apps.get_app_config("wagtailcore")
        post_migrate.connect(rename_starter_data, sender=wagtail, dispatch_uid="lms.rename_starter_data")
        user_logged_in.connect(remember_editor, dispatch_uid="lms.remember_editor")
        people_data.register(
            "sign_in_records",
            export=personal_data.export_sign_ins,
            anonymise=personal_data.delete_sign_ins,
            audit_labels=personal_data.AUDIT_LABELS,
            order=90,
        )
        if any(database["ENGINE"] == "django.db.backends.sqlite3" for database in settings.DATABASES.values()):
            sqlite3.register_adapter(int, bind_sqlite_integer)
