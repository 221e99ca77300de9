"""``manage.py sign_certificates``: give the certificates whose PDF was stored before they carried
a signed credential a PDF that does (the credential attached, the signed token in the QR code),
rendered from what they recorded at issue. Downloads do the same for one certificate when it is
asked for; this does them all, e.g. once after upgrading."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from certificates.models import Certificate
from certificates.pdf import carries_credential
from staff_lms.progress import show_progress


class Command(BaseCommand):
    help = "Render again the stored certificate PDFs that lack their signed credential."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count them and change nothing.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        self.verbosity = verbosity
        started = time.monotonic()
        certificates = Certificate.objects.valid().exclude(pdf="").order_by("pk")
        total = certificates.count()
        renewed = 0
        for done, certificate in enumerate(certificates.iterator(chunk_size=200), start=1):
            if not self.carries_credential(certificate):
                renewed += 1
                if not dry_run:
                    certificate.ensure_pdf()
            show_progress(self, _("signing"), done, total)
        if dry_run:
            summary = _("%(renewed)d of %(total)d stored PDFs lack their signed credential; dry run, none changed")
        else:
            summary = _("%(renewed)d of %(total)d stored PDFs lacked their signed credential and were rendered again")
        counts = {"renewed": renewed, "total": total}
        self.stdout.write(f"{summary % counts} ({time.monotonic() - started:.1f} s).")

    @staticmethod
    def carries_credential(certificate):
        try:
            with certificate.pdf.open("rb") as stored:
                return carries_credential(stored.read())
        except FileNotFoundError:
            return False
