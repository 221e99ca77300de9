from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.documents import get_document_model

        from people import exports as people_exports
        from people import personal_data as people_data
        from people.models import InstitutionType
        from staff_lms import page_cache

        from . import personal_data, signals
        from .models import CourseTrainer

        # What course pages keep in the cache besides pages (courses.outline): trainers,
        # audiences, and the documents lessons link to; trainers' names: signals.trainer_renamed.
        page_cache.invalidate_on(CourseTrainer, InstitutionType, get_document_model())

        post_migrate.connect(signals.grant_trainer_page_permissions, sender=self)
        people_data.register(
            "enrolments", export=personal_data.export_enrolments, obstacles=personal_data.courses_trained, order=10
        )
        people_data.register("courses_trained", export=personal_data.export_courses_trained, order=11)
        # A prepared download of a trainer's records is theirs while they train the same courses.
        people_exports.register_scope(
            "courses trained",
            lambda user: sorted(CourseTrainer.objects.courses_of(user).values_list("course_id", flat=True)),
        )
