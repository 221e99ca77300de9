from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in

#: Session key: may this user edit in the Wagtail admin (decides the Wagtail user bar).
CAN_EDIT_SESSION_KEY = "lms_can_edit"


def remember_editor(sender, request, user, **kwargs):
    # Checked once at login rather than on every page: for learners, who are most visitors,
    # the user bar's permission check would cost two queries per page for nothing.
    if hasattr(request, "session"):
        request.session[CAN_EDIT_SESSION_KEY] = user.has_perm("wagtailadmin.access_admin")


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = "LMS host site"

    def ready(self):
        from people import personal_data as people_data

        from . import personal_data

        user_logged_in.connect(remember_editor, dispatch_uid="lms.remember_editor")
        people_data.register(
            "sign_in_records",
            export=personal_data.export_sign_ins,
            anonymise=personal_data.delete_sign_ins,
            audit_labels=personal_data.AUDIT_LABELS,
            order=90,
        )
