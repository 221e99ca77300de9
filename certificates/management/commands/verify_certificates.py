"""``manage.py verify_certificates``: check every certificate after restoring a backup.

For each certificate: its verification address leads to the verification page and the code
in it finds this certificate; a revoked one has the date the page prints; the PDF it names
is in storage and is a PDF (a delivered certificate must name one). Then it lists the PDFs
in storage that no certificate names: PDFs of certificates issued after the database dump
was taken, whose codes the restored site no longer knows. Exits with an error when a
certificate fails a check; those PDFs are a warning, since a backup that copies the media
after the dump (docs/DEPLOY.md, section 3) always catches a few.
"""

import time
from collections import Counter
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certificates.models import Certificate, normalise_code
from staff_lms.progress import show_progress

CHUNK = 1000
PDF_DIR = "certificates"


class Command(BaseCommand):
    help = (
        "Check every certificate, e.g. after restoring a backup: its verification page finds it, "
        "its PDF is in storage. Exits with an error when one fails."
    )

    def handle(self, *args, verbosity=1, **options):
        self.verbosity = verbosity
        started = time.monotonic()
        self.storage = Certificate._meta.get_field("pdf").storage
        certificates = Certificate.objects.order_by("year", "sequence").only(
            "number", "code", "status", "revoked_at", "expires_on", "pdf", "delivered_at"
        )
        total = certificates.count()
        counts = Counter()
        problems = []
        named_pdfs = set()
        done = 0
        rows = certificates.iterator(chunk_size=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            problems += self.check_codes(chunk)
            for certificate in chunk:
                counts[certificate.public_status] += 1
                problems += self.check_revocation(certificate)
                problems += self.check_pdf(certificate, counts, named_pdfs)
                done += 1
                show_progress(self, _("checking"), done, total)
        unnamed_pdfs = sorted(set(self.stored_pdfs()) - named_pdfs)

        for number, problem in problems:
            self.stderr.write(f"{number}: {problem}")
        for name in unnamed_pdfs:
            self.stderr.write(_("%(name)s: a PDF that no certificate names (issued after the dump?)") % {"name": name})
        failed = len({number for number, _problem in problems})
        summary = _(
            "Checked %(certificates)s (valid: %(valid)d, expired: %(expired)d, revoked: %(revoked)d); "
            "PDFs in storage: %(pdfs)d, awaiting delivery: %(awaiting)d, failed: %(failed)d, "
            "PDFs no certificate names: %(unnamed)d (%(seconds).1f s)."
        ) % {
            "certificates": ngettext("%(count)d certificate", "%(count)d certificates", total) % {"count": total},
            "valid": counts[Certificate.Status.VALID],
            "expired": counts[Certificate.EXPIRED],
            "revoked": counts[Certificate.Status.REVOKED],
            "pdfs": counts["pdf"],
            "awaiting": counts["awaiting"],
            "failed": failed,
            "unnamed": len(unnamed_pdfs),
            "seconds": time.monotonic() - started,
        }
        if failed:
            self.stdout.write(self.style.WARNING(summary))
            raise CommandError(
                ngettext(
                    "%(count)d certificate failed the check (see above).",
                    "%(count)d certificates failed the check (see above).",
                    failed,
                )
                % {"count": failed}
            )
        if verbosity >= 1:
            style = self.style.WARNING if unnamed_pdfs else self.style.SUCCESS
            self.stdout.write(style(summary))

    # Checks: each returns a list of (certificate number, problem) ---------------------------

    def check_codes(self, certificates):
        """What the verification page does with each certificate's address: resolve it, then
        look the code up (one query for the whole chunk)."""
        problems, wanted = [], {}
        for certificate in certificates:
            try:
                match = resolve(certificate.verify_path)
            except Resolver404:
                match = None
            if match is None or match.view_name != "certificates:verify":
                problems.append((certificate.number, _("its verification address does not reach the page")))
            else:
                wanted[normalise_code(match.kwargs["code"])] = certificate
        found = dict(Certificate.objects.filter(code__in=wanted).values_list("code", "pk"))
        for code, certificate in wanted.items():
            if found.get(code) != certificate.pk:
                problems.append((certificate.number, _("its code does not find it")))
        return problems

    def check_revocation(self, certificate):
        if certificate.status == Certificate.Status.REVOKED and certificate.revoked_at is None:
            return [(certificate.number, _("revoked, without the date of revocation"))]
        return []

    def check_pdf(self, certificate, counts, named_pdfs):
        name = certificate.pdf.name
        if not name:
            if certificate.delivered_at is not None:
                return [(certificate.number, _("delivered, but it names no PDF"))]
            if certificate.status == Certificate.Status.VALID:
                counts["awaiting"] += 1
            return []
        named_pdfs.add(name)
        if not self.storage.exists(name):
            return [(certificate.number, _("its PDF %(name)s is missing from storage") % {"name": name})]
        try:
            with self.storage.open(name, "rb") as stored:
                start = stored.read(5)
        except OSError as error:  # e.g. restored files left owned by root
            return [
                (certificate.number, _("its PDF %(name)s cannot be read: %(error)s") % {"name": name, "error": error})
            ]
        if start != b"%PDF-":
            return [(certificate.number, _("its file %(name)s is not a PDF") % {"name": name})]
        counts["pdf"] += 1
        return []

    def stored_pdfs(self):
        """Names of the files under certificates/ in storage (one folder per year)."""
        try:
            years, _files = self.storage.listdir(PDF_DIR)
        except FileNotFoundError:
            return []
        names = []
        for year in years:
            _dirs, files = self.storage.listdir(f"{PDF_DIR}/{year}")
            names += [f"{PDF_DIR}/{year}/{filename}" for filename in files]
        return names
