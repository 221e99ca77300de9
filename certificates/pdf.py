"""The certificate PDF: one A4 landscape page drawn straight on a ReportLab canvas.

Layout follows Vietnamese administrative documents: the issuing body top left with the
number under it, the national heading top right, the title, the learner and the course in
the middle, the place-and-date line and signatory block bottom right, and the QR code of
the public verification page bottom left with the code printed under it.

The QR code carries the verification address with the certificate's signed QR token in its
fragment, and the signed Open Badges credential is attached to the PDF as a JSON file
(certificates/credentials.py), so the document verifies without our server.

Everything printed comes from the certificate itself, as it was issued (issuing body, place,
signatory, logo and signature included), so a PDF rendered again (a revoked certificate's, or
one lost from storage) looks like the one handed out. ``branding`` gives only the address the
QR code points to.
"""

import io
import json
import re
import zlib
from functools import lru_cache

import zxingcpp
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from joserfc import jws
from joserfc.errors import JoseError
from PIL import Image
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString, PDFZCompress
from reportlab.pdfgen.canvas import Canvas

from courses.models import TrainingType
from staff_lms.dates import document_date_parts
from staff_lms.pdf import BOLD, ITALIC, REGULAR, fit_font_size, register_fonts, text
from staff_lms.pdf_images import PdfImage, draw_image, pdf_image

from . import conf, credentials, keys
from .credentials import decimal_text

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
INK = HexColor("#1b1b1b")
FRAME = HexColor("#1f3a5f")
TITLE = HexColor("#b71c1c")
NAME = HexColor("#1f3a5f")
MUTED = HexColor("#555555")

LEFT_COLUMN = 205  # centre of the issuing-body block
RIGHT_COLUMN = PAGE_WIDTH - 215  # centre of the national heading and the signatory block
CENTRE = PAGE_WIDTH / 2
BODY_WIDTH = 640
# Large enough for the signed token's modules (about 0.4 mm each) to scan from paper.
QR_SIZE = 108


def render_certificate(certificate, branding):
    """The certificate's PDF as bytes, in the certificate language (Vietnamese by default)."""
    register_fonts()
    buffer = io.BytesIO()
    with translation.override(conf.language()):
        canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
        canvas.setTitle(text(_("Certificate %(number)s") % {"number": certificate.number}))
        canvas.setAuthor(text(certificate.issuer_name))
        canvas.setSubject(text(certificate.course_title))
        CertificatePage(canvas, certificate, branding).draw()
        base_url = branding.verification_base_url()
        credential = credentials.enveloped(credentials.issue_credential(certificate, base_url))
        attach_file(
            canvas,
            credential_filename(certificate),
            json.dumps(credential).encode(),
            _("Signed credential (Open Badges 3.0) of certificate %(number)s") % {"number": certificate.number},
        )
        canvas.showPage()
        canvas.save()
    return buffer.getvalue()


class CertificatePage:
    def __init__(self, canvas, certificate, branding):
        self.canvas = canvas
        self.certificate = certificate
        self.branding = branding

    def draw(self):
        self.frame()
        self.header()
        self.body()
        self.signature_block()
        self.verification()
        if self.certificate.status == self.certificate.Status.REVOKED:
            self.revocation_mark()

    # Pieces -------------------------------------------------------------------------------

    def frame(self):
        c = self.canvas
        c.setStrokeColor(FRAME)
        c.setLineWidth(2.5)
        c.rect(18, 18, PAGE_WIDTH - 36, PAGE_HEIGHT - 36)
        c.setLineWidth(0.8)
        c.rect(25, 25, PAGE_WIDTH - 50, PAGE_HEIGHT - 50)

    def header(self):
        cert = self.certificate
        top = PAGE_HEIGHT - 62
        self.centred(LEFT_COLUMN, top, cert.issuer_governing_body, REGULAR, 11, width=300)
        issuing = self.centred(LEFT_COLUMN, top - 16, cert.issuer_name, BOLD, 11, width=330)
        self.underline(LEFT_COLUMN, top - 24, min(issuing, 120))
        self.centred(LEFT_COLUMN, top - 44, _("No.: %(number)s") % {"number": self.certificate.number}, REGULAR, 11)

        self.centred(RIGHT_COLUMN, top, _("SOCIALIST REPUBLIC OF VIETNAM"), BOLD, 11)
        motto = self.centred(RIGHT_COLUMN, top - 16, _("Independence - Freedom - Happiness"), BOLD, 11.5)
        self.underline(RIGHT_COLUMN, top - 24, motto)

        if cert.issuer_logo_id:
            self.image(cert.issuer_logo, CENTRE - 24, PAGE_HEIGHT - 160, 48, 48)

    def body(self):
        cert = self.certificate
        y = PAGE_HEIGHT - 194
        self.canvas.setFillColor(TITLE)
        self.centred(CENTRE, y, _("CERTIFICATE"), BOLD, 34)
        self.canvas.setFillColor(INK)
        y -= 32
        self.centred(CENTRE, y, _("This is to certify that"), ITALIC, 13)
        y -= 34
        self.canvas.setFillColor(NAME)
        self.centred(CENTRE, y, cert.learner_name, BOLD, 26, width=BODY_WIDTH)
        self.canvas.setFillColor(INK)
        about = []
        if cert.date_of_birth:
            about.append(_("Date of birth: %(date)s") % {"date": short_date(cert.date_of_birth)})
        if cert.institution_name:
            about.append(_("Workplace: %(institution)s") % {"institution": cert.institution_name})
        if about:
            y -= 22
            self.centred(CENTRE, y, "   ·   ".join(about), REGULAR, 12.5, width=BODY_WIDTH)
        y -= 26
        self.centred(CENTRE, y, _("has completed the course"), REGULAR, 13)
        for line in self.wrapped(cert.course_title, BOLD, 17, BODY_WIDTH, max_lines=2):
            y -= 23
            self.centred(CENTRE, y, line, BOLD, 17)
        y -= 24
        details = [
            _("Training type: %(type)s") % {"type": TrainingType(cert.training_type).label},
            _("Duration: %(hours)s hours") % {"hours": decimal_text(cert.hours)},
        ]
        if cert.score is not None:
            details.append(_("Final score: %(score)s%%") % {"score": decimal_text(cert.score)})
        self.centred(CENTRE, y, "   ·   ".join(details), REGULAR, 12, width=BODY_WIDTH)
        y -= 18
        period = _("Studied from %(start)s to %(end)s") % {
            "start": short_date(cert.started_on),
            "end": short_date(cert.completed_on),
        }
        self.centred(CENTRE, y, period, REGULAR, 12)
        if cert.expires_on:
            y -= 18
            self.centred(CENTRE, y, _("Valid until %(date)s") % {"date": short_date(cert.expires_on)}, ITALIC, 12)

    def signature_block(self):
        cert = self.certificate
        y = 168
        date = document_date_parts(cert.issued_on)
        if cert.issuer_place:
            place_line = _("%(place)s, %(day)s/%(month)s/%(year)s") % {"place": cert.issuer_place, **date}
        else:  # Settings → Issuing body was not filled (the dashboard asks for it)
            place_line = _("%(day)s/%(month)s/%(year)s") % date
        self.centred(RIGHT_COLUMN, y, place_line, ITALIC, 12)
        if cert.signatory_authority:
            y -= 17
            self.centred(RIGHT_COLUMN, y, cert.signatory_authority, BOLD, 12)
        y -= 16
        self.centred(RIGHT_COLUMN, y, cert.signatory_title, BOLD, 12)
        if cert.signature_id:
            self.image(cert.signature, RIGHT_COLUMN - 70, 62, 140, y - 70)
        self.centred(RIGHT_COLUMN, 46, cert.signatory_name, BOLD, 13)

    def verification(self):
        cert = self.certificate
        url = credentials.qr_url(cert, self.branding.verification_base_url())
        x, y = 52, 50
        draw_qr_code(self.canvas, url, x, y, QR_SIZE)
        self.canvas.setFillColor(INK)
        self.centred(x + QR_SIZE / 2, y - 8, cert.code, REGULAR, 8)
        self.canvas.setFillColor(MUTED)
        lines = [
            _("Scan the QR code or enter the code at"),
            self.branding.verification_base_url() + verify_form_path(),
            _("to check that this certificate is genuine."),
        ]
        for offset, line in enumerate(lines):
            self.canvas.setFont(REGULAR, 8)
            self.canvas.drawString(x + QR_SIZE + 10, y + 50 - offset * 11, text(line))
        self.canvas.setFillColor(INK)

    def revocation_mark(self):
        """A red stamp, left of the signature: the certificate was revoked, and when."""
        c = self.canvas
        revoked_on = timezone.localdate(self.certificate.revoked_at) if self.certificate.revoked_at else None
        width, height, y = 210, 58, 172  # above the QR code
        c.saveState()
        c.setStrokeColor(TITLE)
        c.setFillColor(TITLE)
        c.setLineWidth(2.5)
        c.rect(LEFT_COLUMN - width / 2, y, width, height)
        self.centred(LEFT_COLUMN, y + 30, _("REVOKED"), BOLD, 24)
        if revoked_on is not None:
            self.centred(LEFT_COLUMN, y + 11, _("on %(date)s") % {"date": short_date(revoked_on)}, REGULAR, 11)
        c.restoreState()

    # Drawing helpers ----------------------------------------------------------------------

    def centred(self, x, y, value, font, size, width=None):
        """Draw centred text, shrunk to ``width`` if given; returns the drawn width."""
        value = text(value)
        if width is not None:
            size = fit_font_size(value, font, size, width)
        self.canvas.setFont(font, size)
        self.canvas.drawCentredString(x, y, value)
        return self.canvas.stringWidth(value, font, size)

    def underline(self, x, y, width):
        self.canvas.setLineWidth(0.7)
        self.canvas.setStrokeColor(INK)
        self.canvas.line(x - width / 2, y, x + width / 2, y)

    @staticmethod
    def wrapped(value, font, size, width, max_lines):
        lines = simpleSplit(text(value), font, size, width)
        if len(lines) > max_lines:
            lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
        return lines

    def image(self, image, x, y, width, height):
        draw_image(self.canvas, pdf_image(image), x, y, width, height)


def draw_qr_code(canvas, value, x, y, size):
    """A QR code (error correction M, 4-module quiet zone) as a one-bit image, one pixel per
    module.

    The signed token makes the code large (version 15 to 19, some 100 modules a side). Drawn as
    rectangles, one per run of dark modules, it would add 8 KB to the PDF; as a one-bit image it
    is a bit per module, Flate-compressed, about 1.3 KB, and viewers draw it with sharp edges
    (an image is not smoothed unless it asks to be). It is encoded by zxing-cpp, in C++: ReportLab's
    encoder, in Python, took 10 ms a certificate for codes this size (docs/BENCHMARKS.md)."""
    code = zxingcpp.create_barcode(value, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    pixels = memoryview(code.to_image(scale=1, add_quiet_zones=True))
    height, width = pixels.shape
    picture = Image.frombytes("L", (width, height), pixels.tobytes()).convert("1", dither=Image.Dither.NONE)
    rows = zlib.compress(picture.tobytes(), 9)  # packed rows, a bit a module, 1 white
    draw_image(canvas, PdfImage(width, height, b"/DeviceGray", 1, "FlateDecode", b"", rows), x, y, size, size)


def attach_file(canvas, name, content, description):
    """Attach a file to the PDF (an embedded file in the document's name tree, listed in PDF
    readers' attachments pane), Flate-compressed."""
    document = canvas._doc
    stream = PDFStream(
        PDFDictionary({"Type": PDFName("EmbeddedFile"), "Params": PDFDictionary({"Size": len(content)})}),
        content,
        filters=[PDFZCompress],
    )
    spec = document.Reference(
        PDFDictionary(
            {
                "Type": PDFName("Filespec"),
                "F": PDFString(name),
                "UF": PDFString(name),
                "Desc": PDFString(text(description)),
                "AFRelationship": PDFName("Supplement"),
                "EF": PDFDictionary({"F": document.Reference(stream)}),
            }
        )
    )
    names = PDFArray([PDFString(name), spec])
    document.Catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": names})})


def credential_filename(certificate):
    """The attached credential's name: the PDF's, ending in .json."""
    return certificate.filename.removesuffix(".pdf") + ".json"


def carries_credential(pdf_bytes, published_kids=None):
    """Whether a stored PDF has its signed credential attached (those stored before credentials
    existed do not) signed by a key still published (``published_kids``, read from the keys
    folder when not given): after a leak, the leaked keys' files are deleted (docs/DEPLOY.md
    2.6a) and what they signed no longer verifies. The QR code's token was signed with the same
    key, at the same time."""
    if b"/EmbeddedFiles" not in pdf_bytes:
        return False
    if published_kids is None:
        published_kids = keys.published_kids()
    return attached_credential_kid(pdf_bytes) in published_kids


def attached_credential_kid(pdf_bytes):
    """The ``kid`` of the key that signed the credential attached to a PDF rendered here
    (``attach_file``: one embedded file, Flate-compressed), or None."""
    stream = re.search(rb"/Type /EmbeddedFile\s*>>\s*stream\r?\n", pdf_bytes)
    if stream is None:
        return None
    try:
        envelope = json.loads(zlib.decompressobj().decompress(pdf_bytes[stream.end() :]))
        token = envelope["id"].removeprefix("data:application/vc+jwt,")
        return jws.extract_compact(token.encode()).protected.get("kid")
    except (zlib.error, ValueError, KeyError, TypeError, AttributeError, JoseError):
        return None


@lru_cache(maxsize=1)
def verify_form_path():
    from django.urls import reverse

    return reverse("certificates:verify_form")


def short_date(day):
    return day.strftime("%d/%m/%Y")
