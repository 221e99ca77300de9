from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import completion, hooks

        from . import handbook, requirements

        completion.register(requirements.required_quizzes_passed)
        hooks.register_lesson_links(requirements.lesson_check_links)
        hooks.register_handbook_appendix(handbook.quiz_questions_appendix)
