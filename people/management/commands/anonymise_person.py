"""``manage.py anonymise_person PERSON --reason TEXT``: anonymise a departed person, as the Staff
screen's "Anonymise" does (people/personal_data.py)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from people.models import StaffProfile
from people.personal_data import anonymise_person


class Command(BaseCommand):
    help = (
        "Anonymise a departed person: close the account and clear their personal data, keeping what the "
        "statistics and the certificates need. Recorded in the audit trail with the reason. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument("person", metavar="PERSON", help="The user name or e-mail address.")
        parser.add_argument(
            "--reason", required=True, help="Why, e.g. “Retired in June 2026” (kept in the audit trail)."
        )

    def handle(self, person, reason, **options):
        if not reason.strip():
            raise CommandError(_("Give a reason."))
        profiles = list(
            StaffProfile.objects.filter(Q(user__username=person) | Q(user__email__iexact=person)).select_related(
                "user"
            )[:2]
        )
        if len(profiles) != 1:
            message = _("No staff profile has the user name or e-mail “%(person)s”.")
            if profiles:
                message = _("Several staff profiles have the e-mail “%(person)s”: give the user name.")
            raise CommandError(message % {"person": person})
        name = profiles[0].full_name
        try:
            entry = anonymise_person(None, profiles[0], reason.strip(), source="command")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            self.style.SUCCESS(_("%(name)s anonymised as %(username)s.") % {"name": name, "username": entry.kind})
        )
