"""``manage.py issue_certificates``: issue every certificate that is owed and retry the
deliveries that have not gone out.

Certificates are issued when a course is completed (``certificates.signals``); this command
catches up on what that missed: courses completed before the app was installed, an issue
that failed, and e-mails whose delivery task failed. Safe to run at any time (from cron, say):
what was issued is not issued again, and a revoked certificate is never re-issued here.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus

from certificates.models import Certificate, CertificateSettings
from certificates.tasks import deliver_certificate
from courses.models import CoursePage
from people.models import display_name
from staff_lms.progress import show_progress


class Command(BaseCommand):
    help = (
        "Issue the certificates owed for completed courses and retry the e-mails not delivered yet. "
        "Safe to run again: nothing is issued twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--course", metavar="SLUG", help="Only the course with this slug (its page's slug).")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be issued and retried; change nothing."
        )

    def handle(self, *args, course=None, dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        started = time.monotonic()
        courses = self.courses(course) if course else None
        owed = Certificate.objects.owed_enrolments().select_related("user__staff_profile__institution", "course")
        awaiting = Certificate.objects.delivery_to_retry().select_related("user")
        if courses is not None:
            owed, awaiting = owed.filter(course__in=courses), awaiting.filter(course__in=courses)
        # Listed before issuing: what this run issues is delivered as it is issued, and must not
        # be counted (or sent) again as a retry.
        owed = list(owed.order_by("completed_at", "pk"))
        awaiting = list(awaiting.order_by("year", "sequence"))
        scope = course or _("all")

        if dry_run:
            self.dry_run(owed, awaiting, scope)
            return

        failures = []
        issued = self.issue(owed, failures)
        retried = self.retry(awaiting, failures)
        summary = _("Issued %(issued)s, %(retried)s, %(failed)d failed (course: %(course)s) in %(seconds).1f s.") % {
            "issued": ngettext("%(count)d certificate", "%(count)d certificates", issued) % {"count": issued},
            "retried": ngettext("%(count)d delivery retried", "%(count)d deliveries retried", retried)
            % {"count": retried},
            "failed": len(failures),
            "course": scope,
            "seconds": time.monotonic() - started,
        }
        if failures:
            self.stdout.write(self.style.WARNING(summary))
            raise CommandError(
                ngettext(
                    "%(count)d certificate could not be issued or delivered (see above).",
                    "%(count)d certificates could not be issued or delivered (see above).",
                    len(failures),
                )
                % {"count": len(failures)}
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(summary))

    def courses(self, slug):
        """The course pages with this slug (slugs are unique among siblings only)."""
        courses = list(CoursePage.objects.filter(slug=slug))
        if not courses:
            known = ", ".join(CoursePage.objects.order_by("slug").values_list("slug", flat=True)) or "-"
            raise CommandError(
                _("No course has the slug “%(slug)s”. Course slugs: %(known)s") % {"slug": slug, "known": known}
            )
        return courses

    # Work ---------------------------------------------------------------------------------

    def issue(self, enrolments, failures):
        """Issue each enrolment's certificate and deliver it; a failure is reported and the
        others go on. Returns the number issued."""
        branding = CertificateSettings.current()  # once, not per certificate
        issued = 0
        for done, enrolment in enumerate(enrolments, start=1):
            try:
                certificate, created = Certificate.objects.issue(enrolment, branding=branding, deliver=False)
            except Exception as error:
                failures.append(enrolment)
                self.stderr.write(
                    _("Could not issue the certificate of %(learner)s for “%(course)s”: %(error)s")
                    % {
                        "learner": enrolment.user.get_username(),
                        "course": enrolment.course.title,
                        "error": describe(error),
                    }
                )
            else:
                issued += created
                if created:
                    self.deliver(certificate, failures)
            self.progress(_("issuing"), done, len(enrolments))
        return issued

    def retry(self, certificates, failures):
        for done, certificate in enumerate(certificates, start=1):
            self.deliver(certificate, failures)
            self.progress(_("delivering"), done, len(certificates))
        return len(certificates)

    def deliver(self, certificate, failures):
        """Enqueue the delivery task. With the immediate backend it has run when this returns, and
        a failure (recorded on the certificate by the task) is reported; a worker's backend only
        queues it."""
        try:
            result = deliver_certificate.enqueue(certificate.pk)
        except Exception as error:
            failures.append(certificate)
            self.stderr.write(
                _("Could not queue the delivery of %(number)s: %(error)s")
                % {"number": certificate.number, "error": describe(error)}
            )
            return
        if result.status == TaskResultStatus.FAILED:
            failures.append(certificate)
            error = Certificate.objects.filter(pk=certificate.pk).values_list("delivery_error", flat=True).first()
            self.stderr.write(
                _("Could not deliver %(number)s to %(learner)s: %(error)s")
                % {"number": certificate.number, "learner": certificate.user.get_username(), "error": error}
            )

    # Output -------------------------------------------------------------------------------

    def dry_run(self, owed, awaiting, scope):
        if self.verbosity >= 2:
            for enrolment in owed:
                self.stdout.write(
                    _("  would issue: %(learner)s (%(username)s), “%(course)s”, completed %(date)s")
                    % {
                        "learner": display_name(enrolment.user),
                        "username": enrolment.user.get_username(),
                        "course": enrolment.course.title,
                        "date": timezone.localdate(enrolment.completed_at).isoformat(),
                    }
                )
            for certificate in awaiting:
                self.stdout.write(
                    _("  would retry the delivery of %(number)s to %(learner)s")
                    % {"number": certificate.number, "learner": certificate.user.get_username()}
                )
        self.stdout.write(
            _("Dry run: would issue %(issued)s and retry %(retried)s (course: %(course)s); nothing was changed.")
            % {
                "issued": ngettext("%(count)d certificate", "%(count)d certificates", len(owed)) % {"count": len(owed)},
                "retried": ngettext("%(count)d delivery", "%(count)d deliveries", len(awaiting))
                % {"count": len(awaiting)},
                "course": scope,
            }
        )

    def progress(self, label, done, total):
        show_progress(self, label, done, total)


def describe(error):
    return f"{type(error).__name__}: {error}"
