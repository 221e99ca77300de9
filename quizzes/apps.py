from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import completion, extensions
        from people import personal_data as people_data
        from staff_lms import page_cache

        from . import course_editor, dashboard, handbook, models, personal_data, requirements

        # Course pages show the quizzes a course requires and those checking a lesson (cached).
        page_cache.invalidate_on(models.Quiz)
        completion.register(requirements.required_quizzes_passed)
        extensions.register_lesson_links(requirements.lesson_check_links)
        extensions.register_handbook_appendix(handbook.quiz_questions_appendix)
        extensions.register_course_admin_links(dashboard.add_quiz_links)
        extensions.register_course_editor_section(course_editor.course_quizzes_section)
        people_data.register(
            "quiz_attempts",
            export=personal_data.export_attempts,
            anonymise=personal_data.clear_essays,
            audit_labels=personal_data.AUDIT_LABELS,
            order=20,
        )
