"""The certificates app's part of a person's data (people/personal_data.py). Certificates are
official records: anonymisation keeps each one as issued (the name as printed, so that it still
verifies: the public verification page shows it) and clears what it does not need to verify: the
date of birth printed on it (never shown by the verification page; the stored PDF that prints
it is deleted, and rendered again without it) and the last delivery error, which may quote the
e-mail address."""

from django.utils.translation import gettext_lazy as _

from .models import Certificate, CertificateSettings


def export_certificates(user):
    branding = CertificateSettings.current()
    return [
        {
            "number": certificate.number,
            "course": certificate.course_title,
            "learner_name": certificate.learner_name,
            "date_of_birth": certificate.date_of_birth,
            "institution": certificate.institution_name,
            "training_type": str(certificate.get_training_type_display()),
            "hours": certificate.hours,
            "score": certificate.score,
            "started_on": certificate.started_on,
            "completed_on": certificate.completed_on,
            "issued_on": certificate.issued_on,
            "expires_on": certificate.expires_on,
            "issued_by_body": certificate.issuer_display,
            "status": str(certificate.get_public_status_display()),
            "revoked_at": certificate.revoked_at,
            "revoke_reason": certificate.revoke_reason,
            "verify_url": certificate.verify_url(branding),
        }
        for certificate in Certificate.objects.filter(user=user).order_by("issued_on", "pk")
    ]


def keep_certificates(user):
    certificates = Certificate.objects.filter(user=user)
    count = certificates.count()
    certificates.exclude(delivery_error="").update(delivery_error="")
    births = 0
    for certificate in certificates.exclude(date_of_birth=None):
        # The stored PDF prints it too: rendered again, without it, when next downloaded.
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.date_of_birth = None
        certificate.save(update_fields=["date_of_birth", "pdf"])
        births += 1
    steps = {"certificates kept as issued": count} if count else {}
    if births:
        steps["dates of birth cleared from certificates"] = births
    return steps


AUDIT_LABELS = {
    "certificates kept as issued": _("certificates kept as issued"),
    "dates of birth cleared from certificates": _("dates of birth cleared from certificates"),
}
