"""Background work: rendering and e-mailing a certificate.

Runs through Django's task framework (django-tasks). The immediate backend (the default
here) runs it right after the issuing transaction commits; in production the database
backend (django-tasks-db) runs it in a worker. Either way a failure is recorded on the
certificate and ``issue_certificates`` (or the admin's "Retry delivery") tries again.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from . import conf
from .models import Certificate, CertificateSettings


@task()
def deliver_certificate(certificate_id):
    certificate = Certificate.objects.select_related("user").filter(pk=certificate_id).first()
    if certificate is None or certificate.status != Certificate.Status.VALID or certificate.delivered_at:
        return "nothing to do"
    Certificate.objects.filter(pk=certificate.pk).update(delivery_attempts=F("delivery_attempts") + 1)
    try:
        branding = CertificateSettings.current()
        content = certificate.ensure_pdf(branding)
        note = ""
        if certificate.user.email:
            email_certificate(certificate, content, branding)
        else:
            note = _("The learner has no e-mail address: the PDF waits on their certificates page.")
    except Exception as error:
        Certificate.objects.filter(pk=certificate.pk).update(delivery_error=f"{type(error).__name__}: {error}"[:2000])
        raise
    Certificate.objects.filter(pk=certificate.pk).update(delivered_at=timezone.now(), delivery_error=note)
    return "delivered"


def email_certificate(certificate, content, branding):
    with translation.override(conf.language()):
        base = branding.verification_base_url()
        subject = _("Your certificate for “%(course)s”") % {"course": certificate.course_title}
        body = _(
            "Dear %(name)s,\n\n"
            "Congratulations on completing “%(course)s”. Your certificate no. %(number)s is attached.\n"
            "Anyone can check that it is genuine at %(verify_url)s\n"
            "You can download it again at any time from %(certificates_url)s\n\n"
            "%(issuer)s"
        ) % {
            "name": certificate.learner_name,
            "course": certificate.course_title,
            "number": certificate.number,
            "verify_url": certificate.verify_url(branding),
            "certificates_url": base + reverse("certificates:mine"),
            "issuer": certificate.issuer_name,
        }
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [certificate.user.email])
    message.attach(certificate.filename, content, "application/pdf")
    message.send()
