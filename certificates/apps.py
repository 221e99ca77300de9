from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from courses import extensions
        from courses.signals import course_completed
        from people import personal_data as people_data

        from . import checks, personal_data, signals  # noqa: F401 (checks: registered on import)

        course_completed.connect(signals.issue_on_completion, dispatch_uid="certificates.issue_on_completion")
        extensions.register_enrolment_links(signals.certificate_links)
        people_data.register(
            "certificates",
            export=personal_data.export_certificates,
            anonymise=personal_data.keep_certificates,
            audit_labels=personal_data.AUDIT_LABELS,
            order=30,
        )
