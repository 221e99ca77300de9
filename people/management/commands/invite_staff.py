"""``manage.py invite_staff [PERSON ...]``: e-mail invitations to set a password (people/invitations.py),
as the Staff listing's "Send invitations" does."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people import invitations
from people.invitations import send, sort_out
from people.management.actor import staff_manager
from people.models import StaffProfile
from staff_lms.progress import show_progress


class Command(BaseCommand):
    help = (
        "E-mail an invitation with a link to set a password to staff whose account has none yet (created by a "
        "roster import): the people named, or everyone in the scope who awaits one. Inviting again sends a new link."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "people", nargs="*", metavar="PERSON", help="User names or e-mail addresses (default: everyone waiting)."
        )
        parser.add_argument(
            "--institution", action="append", default=[], metavar="CODE", help="Only the staff of this institution."
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="Invite as this HR officer, limited to their scope (default: no limit, as an administrator).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List who would be invited; send nothing.")

    def handle(self, *args, people=(), institution=(), username=None, dry_run=False, verbosity=1, **options):
        if not invitations.available():
            raise CommandError(str(invitations.NO_SIGN_IN_PAGES))
        self.verbosity = verbosity
        started = time.monotonic()
        actor = staff_manager(username) if username else None
        profiles = StaffProfile.objects.select_related("user").prefetch_related("user__groups").order_by("full_name")
        if actor is not None:
            profiles = profiles.visible_to(actor)
        if institution:
            profiles = profiles.filter(institution__code__in=institution)
        if people:
            profiles = list(profiles.filter(Q(user__username__in=people) | Q(user__email__in=people)))
            found = {name for profile in profiles for name in (profile.user.get_username(), profile.user.email)}
            if missing := [person for person in people if person not in found]:
                raise CommandError(
                    _("No staff profile in your scope has the user name or e-mail: %(people)s")
                    % {"people": ", ".join(missing)}
                )
        selection = sort_out(actor, [profile.user for profile in profiles])
        skipped = sum(len(users) for users in selection.skipped.values())
        if people:  # asked for by name: say why a person is left out
            for label, users in selection.skipped_groups():
                names = ", ".join(user.get_username() for user in users)
                self.stderr.write(_("Not invited (%(reason)s): %(names)s") % {"reason": label, "names": names})

        if dry_run:
            for user in selection.invited:
                self.stdout.write(
                    _("  would invite %(username)s <%(email)s>")
                    % {"username": user.get_username(), "email": user.email}
                )
            self.stdout.write(
                _("Dry run: would send %(invitations)s; %(skipped)d skipped. Nothing was sent.")
                % {"invitations": count_invitations(len(selection.invited)), "skipped": skipped}
            )
            return

        sent, failed = send(actor, selection.invited, source="command", progress=self.progress)
        line = _("%(invitations)s sent, %(skipped)d skipped in %(seconds).1f s.") % {
            "invitations": count_invitations(len(sent)),
            "skipped": skipped,
            "seconds": time.monotonic() - started,
        }
        if failed:
            self.stdout.write(self.style.WARNING(line))
            raise CommandError(
                _("The mail server refused the invitations to: %(names)s") % {"names": ", ".join(failed)}
            )
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(line))

    def progress(self, done, total):
        show_progress(self, _("e-mailing"), done, total)


def count_invitations(count):
    return ngettext("%(count)d invitation", "%(count)d invitations", count) % {"count": count}
