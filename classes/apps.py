from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = _("In-person classes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import ReferenceIndex

        from .models import Attendance

        # A staff profile with attendance cannot be deleted (Attendance.participant is
        # PROTECT): indexed, Wagtail's delete screen says so instead of failing.
        ReferenceIndex.register_model(Attendance)
