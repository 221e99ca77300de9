from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScormConfig(AppConfig):
    name = "scorm"
    verbose_name = _("SCORM packages")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import completion
        from people import personal_data as people_data
        from staff_lms import page_cache

        from . import checks, models, personal_data, requirements  # noqa: F401 (checks registers itself)

        page_cache.invalidate_on(models.ScormPackage)
        completion.register(requirements.scorm_lessons_passed)
        people_data.register("scorm_records", export=personal_data.export_records, order=25)
