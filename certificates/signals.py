"""How certificates hook into courses (connected in apps.py)."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from courses.extensions import Link

from .models import Certificate

logger = logging.getLogger(__name__)


def issue_on_completion(sender, enrolment, **kwargs):
    """Issue the certificate when a course is completed. A failure here must not undo the
    learner's completion: it is logged, and ``issue_certificates`` issues what is owed. Unless
    the database itself is lost: then the request fails (503) rather than report a completion
    that was rolled back."""
    try:
        with transaction.atomic():  # a savepoint: the completion survives a failed issue
            Certificate.objects.issue(enrolment)
    except Exception:
        if transaction.get_connection().needs_rollback:
            raise
        logger.exception("could not issue the certificate of enrolment %s", enrolment.pk)


def certificate_links(enrolments, user):
    """The download link of each completed enrolment's valid certificate (one query)."""
    completed = [enrolment for enrolment in enrolments if enrolment.is_completed]
    if not completed:
        return {}
    certificates = Certificate.objects.valid().filter(
        user_id__in={e.user_id for e in completed}, course_id__in={e.course_id for e in completed}
    )
    by_key = {(c.user_id, c.course_id): c for c in certificates.only("pk", "user_id", "course_id", "number")}
    links = {}
    for enrolment in completed:
        certificate = by_key.get((enrolment.user_id, enrolment.course_id))
        if certificate is not None:
            links[enrolment.pk] = [
                Link(_("Download your certificate (PDF)"), certificate.download_url, certificate.number)
            ]
    return links
