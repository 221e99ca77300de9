"""``manage.py certificate_pdf NUMBER``: write one certificate's PDF to a file (or stdout), for
an administrator answering a request by post or checking a layout change. The stored PDF is
used when there is one; otherwise it is rendered and stored first."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate


class Command(BaseCommand):
    help = "Write a certificate's PDF, e.g. certificate_pdf GCN-2026-000123 --output /tmp/certificate.pdf."

    def add_arguments(self, parser):
        parser.add_argument("number", help="The certificate number, e.g. GCN-2026-000123.")
        parser.add_argument(
            "--output",
            "-o",
            metavar="PATH",
            help="Where to write it (default: NUMBER.pdf in the current folder); “-” writes the PDF to stdout.",
        )

    def handle(self, *args, number, output=None, **options):
        certificate = Certificate.objects.filter(number__iexact=number.strip()).first()
        if certificate is None:
            raise CommandError(_("No certificate has the number “%(number)s”.") % {"number": number})
        content = certificate.ensure_pdf()
        if certificate.status == Certificate.Status.REVOKED:
            revoked = {"number": certificate.number, "date": timezone.localdate(certificate.revoked_at)}
            self.stderr.write(self.style.WARNING(_("Note: %(number)s was revoked on %(date)s.") % revoked))
        if output == "-":
            stream = options.get("stdout") or sys.stdout
            getattr(stream, "buffer", stream).write(content)
            return
        path = Path(output or certificate.filename)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        self.stdout.write(_("Wrote %(path)s (%(size).1f KB).") % {"path": path, "size": len(content) / 1024})
