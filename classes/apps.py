from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = _("In-person classes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import ReferenceIndex

        from people import personal_data as people_data

        from . import personal_data
        from .models import Attendance

        # A staff profile with attendance cannot be deleted (Attendance.participant is
        # PROTECT): indexed, Wagtail's delete screen says so instead of failing.
        ReferenceIndex.register_model(Attendance)
        people_data.register(
            "class_attendance",
            export=personal_data.export_attendance,
            obstacles=personal_data.classes_taught,
            order=40,
        )
