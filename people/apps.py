from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = _("People and units")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import audit, checks, personal_data, roles  # noqa: F401 (checks: registered on import)

        post_migrate.connect(roles.ensure_role_groups, sender=self)
        audit.connect()
        personal_data.register_people_sections()
