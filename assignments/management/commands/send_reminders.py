"""``manage.py send_reminders``: e-mail learners whose assigned courses are due soon or overdue.

Meant for a daily cron job. Each learner gets one e-mail listing all their courses due within
``--days`` (default ``LMS_DUE_SOON_DAYS``) or past due and not completed. An enrolment is
reminded at most once a day (``Enrolment.reminded_on``, claimed by a conditional UPDATE), so
running the command twice, even at the same moment, sends nothing more.
"""

import datetime
import time
from itertools import groupby

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assignments.services import claim_reminder, release_reminder, reminders_due
from courses import conf
from people.models import display_name
from staff_lms import sites
from staff_lms.progress import show_progress


class Command(BaseCommand):
    help = (
        "E-mail learners whose assigned courses are due soon or overdue: one e-mail per learner, "
        "at most one reminder per course a day. Meant for a daily cron job."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            metavar="N",
            help="Remind about courses due within N days, or overdue (default: the LMS_DUE_SOON_DAYS setting, 7).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded; send nothing.")

    def handle(self, *args, days=None, dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        days = conf.due_soon_days() if days is None else days
        if days < 0:
            raise CommandError(_("--days cannot be negative."))
        started = time.monotonic()
        today = timezone.localdate()
        enrolments = list(
            reminders_due(today + datetime.timedelta(days=days))
            .with_progress()
            .select_related("user__staff_profile", "course")
            .order_by("user_id", "due_date", "course__title", "pk")
        )
        already = sum(enrolment.reminded_on == today for enrolment in enrolments)
        learners = [
            (user, pending)
            for user, group in groupby(enrolments, key=lambda enrolment: enrolment.user)
            if (pending := [enrolment for enrolment in group if enrolment.reminded_on != today])
        ]
        without_email = [user for user, _pending in learners if not user.email]
        learners = [(user, pending) for user, pending in learners if user.email]

        if dry_run:
            for user, pending in learners:
                self.stdout.write(
                    _("  would remind %(learner)s <%(email)s>: %(courses)s")
                    % {
                        "learner": display_name(user),
                        "email": user.email,
                        "courses": "; ".join(f"{e.course.title} ({e.due_date.isoformat()})" for e in pending),
                    }
                )
            courses = sum(len(pending) for _user, pending in learners)
            self.stdout.write(
                _("Dry run: would remind %(summary)s. Nothing was sent.")
                % {"summary": summary(len(learners), courses, already, len(without_email))}
            )
            return

        reminded_learners = reminded_courses = 0
        failures = []
        context = {"site_name": sites.site_name(), "today": today}
        with mail.get_connection() as connection:
            for done, (user, pending) in enumerate(learners, start=1):
                claimed = [enrolment for enrolment in pending if claim_reminder(enrolment, today)]
                already += len(pending) - len(claimed)  # taken by a run at the same moment
                if claimed:
                    try:
                        message(user, claimed, today, context, connection).send()
                    except Exception as error:
                        for enrolment in claimed:
                            release_reminder(enrolment, today)
                        failures.append(user)
                        self.stderr.write(
                            _("Could not e-mail %(learner)s <%(email)s>: %(error)s")
                            % {
                                "learner": user.get_username(),
                                "email": user.email,
                                "error": f"{type(error).__name__}: {error}",
                            }
                        )
                    else:
                        reminded_learners += 1
                        reminded_courses += len(claimed)
                self.progress(done, len(learners))

        line = _("Reminded %(summary)s in %(seconds).1f s.") % {
            "summary": summary(reminded_learners, reminded_courses, already, len(without_email)),
            "seconds": time.monotonic() - started,
        }
        if failures:
            self.stdout.write(self.style.WARNING(line))
            raise CommandError(
                ngettext(
                    "%(count)d learner could not be e-mailed (see above); the next run tries again.",
                    "%(count)d learners could not be e-mailed (see above); the next run tries again.",
                    len(failures),
                )
                % {"count": len(failures)}
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(line))

    def progress(self, done, total):
        show_progress(self, _("e-mailing"), done, total)


def summary(learners, courses, already, without_email):
    """ "12 learners about 15 courses; 3 already reminded today; 1 without e-mail"."""
    return _("%(learners)s about %(courses)s; %(already)s; %(without_email)s") % {
        "learners": ngettext("%(count)d learner", "%(count)d learners", learners) % {"count": learners},
        "courses": ngettext("%(count)d course", "%(count)d courses", courses) % {"count": courses},
        "already": ngettext("%(count)d already reminded today", "%(count)d already reminded today", already)
        % {"count": already},
        "without_email": ngettext("%(count)d without e-mail", "%(count)d without e-mail", without_email)
        % {"count": without_email},
    }


def message(user, enrolments, today, context, connection):
    """The reminder, in the site's language (learners have no language preference stored)."""
    with translation.override(settings.LANGUAGE_CODE):
        items = [
            {
                "title": enrolment.course.title,
                "url": full_url(enrolment.course),
                "due_date": date_format(enrolment.due_date, "SHORT_DATE_FORMAT"),
                "overdue": enrolment.due_date < today,
                "progress": enrolment.progress_percent,
            }
            for enrolment in enrolments
        ]
        body = render_to_string(
            "assignments/email/reminder.txt",
            {
                **context,
                "name": display_name(user),
                "items": items,
                "dashboard_url": dashboard_url(enrolments[0].course),
            },
        )
        subject = ngettext(
            "Reminder: %(count)d required course is due",
            "Reminder: %(count)d required courses are due",
            len(items),
        ) % {"count": len(items)}
    return mail.EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email], connection=connection)


def site_root_url(page):
    """The root URL of the page's site (Wagtail's cached site paths), else WAGTAILADMIN_BASE_URL."""
    parts = page.get_url_parts()
    root_url = parts[1] if parts else ""
    return (root_url or getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")


def full_url(page):
    parts = page.get_url_parts()
    return site_root_url(page) + (parts[2] if parts else "")


def dashboard_url(page):
    return site_root_url(page) + reverse("courses:dashboard")
