"""Demo certificates, for ``manage.py seed_demo`` (in ``lms``), called once the demo enrolments
exist.

By then the completion signal has already issued a certificate for every enrolment the seed
completed, and the demo classes one for every attendance they completed (``lms.demo.classes``),
dated today and numbered in the order the seed happened to complete them, and has queued its
delivery for when the seed's transaction commits. ``seed_certificates()``:

1. issues the certificates still owed (a demo database made before the certificates app was
   installed), without delivery;
2. makes the certificates issued by this run look as if they had been issued on completion all
   along: issued on the day the course was completed (a class's last day), numbered in order
   of completion within each year in the official form of Settings → Certificates
   ("05/GCN-SVHTTDL"), e-mailed a minute later. Recording them as delivered is also
   what keeps the seed quiet: the delivery tasks queued by the signal find nothing to do when
   they run, so no e-mail goes out (the demo addresses are not real mailboxes, and the
   development console backend would print every message with its PDF attached) and no PDF is
   rendered during the seed; each is rendered and stored on its first download;
3. revokes one certificate, by the demo administrator and with a reason, so the verification
   page and the admin show a revoked one: the lowest-numbered certificate not held by the
   ``learner`` account. Not when a certificate is revoked already.

Running it again changes nothing: nothing is owed, nothing new was issued, one is revoked.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db.models import F, Max, Value
from django.db.models.functions import Concat
from django.utils import timezone

from certificates.models import Certificate, CertificateSequence, CertificateSettings, _add_years

from . import people as demo_people

REVOCATION_REASON = (
    "Thu hồi theo đề nghị của đơn vị công tác: bài kiểm tra cuối khóa không do chính học viên thực hiện "
    "(biên bản kiểm tra của Sở Văn hóa, Thể thao và Du lịch)."
)
DELIVERED_AFTER = timedelta(minutes=1)
# Added to the sequence of the certificates being renumbered, out of the way of the numbers
# they are given (both the pair (year, sequence) and the number are unique).
SHIFT = 1_000_000


def seed_certificates(created, now):
    """Issue what is owed, date this run's certificates by their completion, revoke one.
    ``created`` is the seed's Counter of what it created; ``now`` when the seed started
    (certificates created since are this run's). Returns the number of certificates."""
    branding = CertificateSettings.current()
    owed = Certificate.objects.owed_enrolments().select_related("user__staff_profile__institution", "course")
    for enrolment in owed.order_by("completed_at", "pk"):
        Certificate.objects.issue(enrolment, branding=branding, deliver=False)

    fresh = Certificate.objects.filter(created_at__gte=now, issued_by=None, replaces=None)
    fresh = sorted(fresh.select_related("enrolment", "course"), key=lambda c: (completed_at(c), c.pk))
    date_by_completion(fresh, branding)
    created["certificates"] += len(fresh)
    created["revoked certificates"] += revoke_one()
    return Certificate.objects.count()


def completed_at(certificate):
    """When what it certifies was completed: the enrolment's completion, or the end of the last
    day of a class held without an online course."""
    if certificate.enrolment is not None and certificate.enrolment.completed_at:
        return certificate.enrolment.completed_at
    return timezone.make_aware(datetime.combine(certificate.completed_on, time(17)))


def date_by_completion(certificates, branding):
    """Issue each certificate on its completion day, renumbered in order of completion after
    the year's existing numbers, delivered a minute later."""
    if not certificates:
        return
    ids = [certificate.pk for certificate in certificates]
    years = {certificate.year for certificate in certificates}
    # Out of the way first, so no renumbered row meets another's old number on the way.
    Certificate.objects.filter(pk__in=ids).update(sequence=F("sequence") + SHIFT, number=Concat("number", Value("~")))
    last = {}
    for certificate in certificates:
        moment = completed_at(certificate)
        day = timezone.localdate(moment)
        if day.year not in last:
            existing = Certificate.objects.filter(year=day.year).exclude(pk__in=ids).aggregate(n=Max("sequence"))
            last[day.year] = existing["n"] or 0
        last[day.year] += 1
        certificate.year, certificate.sequence = day.year, last[day.year]
        certificate.number = branding.format_number(day.year, certificate.sequence)
        certificate.issued_on = day
        if certificate.course and certificate.course.certificate_validity_years:
            certificate.expires_on = _add_years(day, certificate.course.certificate_validity_years)
        certificate.created_at = moment
        certificate.delivered_at = moment + DELIVERED_AFTER
        certificate.delivery_attempts = 1
        if certificate.pdf:  # rendered with the old number and date
            certificate.pdf.delete(save=False)
    Certificate.objects.bulk_update(
        certificates,
        [
            "year",
            "sequence",
            "number",
            "issued_on",
            "expires_on",
            "created_at",
            "delivered_at",
            "delivery_attempts",
            "pdf",
        ],
    )
    # The years' counters follow, so the next certificate issued takes the next number.
    for year in years | set(last):
        used = Certificate.objects.filter(year=year).aggregate(n=Max("sequence"))["n"] or 0
        CertificateSequence.objects.update_or_create(year=year, defaults={"last": used})


def revoke_one():
    """Revoke the lowest-numbered certificate of anyone but ``learner``, unless one is revoked."""
    if Certificate.objects.filter(status=Certificate.Status.REVOKED).exists():
        return 0
    admin = get_user_model().objects.filter(username=demo_people.ADMIN[0]).first()
    certificate = (
        Certificate.objects.valid().exclude(user__username=demo_people.LEARNER[0]).order_by("year", "sequence").first()
    )
    if admin is None or certificate is None:
        return 0
    certificate.revoke(admin, REVOCATION_REASON)
    return 1
