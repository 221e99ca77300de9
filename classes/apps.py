from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassesConfig(AppConfig):
    name = "classes"
    verbose_name = _("In-person classes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import pre_delete
        from wagtail.models import ReferenceIndex

        from certificates import extensions as certificate_extensions
        from people import exports as people_exports
        from people import personal_data as people_data

        from . import personal_data, services
        from .models import Attendance, TrainingClass

        # A staff profile with attendance cannot be deleted (Attendance.participant is
        # PROTECT): indexed, Wagtail's delete screen says so instead of failing.
        ReferenceIndex.register_model(Attendance)
        people_data.register(
            "class_attendance",
            export=personal_data.export_attendance,
            obstacles=personal_data.classes_taught,
            order=40,
        )
        certificate_extensions.register_visibility(services.certificates_of_classes_taught)
        certificate_extensions.register_restatement(services.restatement)
        pre_delete.connect(services.keep_certified_class, sender=TrainingClass, dispatch_uid="classes.keep_certified")
        people_exports.register_scope(
            "classes taught",
            lambda user: sorted(TrainingClass.objects.filter(trainer=user).values_list("pk", flat=True)),
        )
