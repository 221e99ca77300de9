"""``manage.py sign_certificates``: give the certificates whose stored PDF does not carry a
credential signed by a published key a PDF that does (the credential attached, the signed token
in the QR code), rendered from what they recorded at issue: PDFs stored before certificates
carried credentials, and PDFs signed by a key whose file was deleted after a leak
(docs/DEPLOY.md 2.6a). Downloads do the same for one certificate when it is asked for; this does
them all, e.g. once after upgrading or after a leak."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from certificates import keys
from certificates.models import Certificate
from certificates.pdf import carries_credential
from staff_lms.progress import show_progress


class Command(BaseCommand):
    help = "Render again the stored certificate PDFs that lack a credential signed by a published key."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count them and change nothing.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        started = time.monotonic()
        certificates = Certificate.objects.valid().exclude(pdf="").order_by("pk")
        total = certificates.count()
        published_kids = keys.published_kids()
        renewed = 0
        for done, certificate in enumerate(certificates.iterator(chunk_size=200), start=1):
            if not self.carries_credential(certificate, published_kids):
                renewed += 1
                if not dry_run:
                    certificate.ensure_pdf()
            show_progress(self, _("signing"), done, total)
        if dry_run:
            summary = _(
                "%(renewed)d of %(total)d stored PDFs lack a credential signed by a published key; dry run, none "
                "changed"
            )
        else:
            summary = _(
                "%(renewed)d of %(total)d stored PDFs lacked a credential signed by a published key and were "
                "rendered again"
            )
        counts = {"renewed": renewed, "total": total}
        self.stdout.write(f"{summary % counts} ({time.monotonic() - started:.1f} s).")

    @staticmethod
    def carries_credential(certificate, published_kids):
        try:
            with certificate.pdf.open("rb") as stored:
                return carries_credential(stored.read(), published_kids)
        except FileNotFoundError:
            return False
