"""The issuing body's logo and the signatory's signature on a certificate: prepared once for all
the certificates that carry them, shown again as soon as the file is replaced in the admin,
printed on white, and the PDF stays small.

The page is rendered with pypdfium2 at one pixel per point and its colours read where the logo
and the signature are drawn, as a reader would see them.
"""

import io
import math

import pypdfium2
import pytest
from django.core.files.images import ImageFile
from PIL import Image, ImageDraw
from wagtail.images import get_image_model

from bench.certificates import sample_certificate
from certificates.models import CertificateSettings
from certificates.pdf import CENTRE, PAGE_HEIGHT, RIGHT_COLUMN, render_certificate
from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS
from staff_lms import pdf_images

from .conftest import client_for

pytestmark = pytest.mark.django_db

RED, YELLOW, BLUE, INK_BLUE, WHITE = (198, 40, 40), (250, 204, 21), (30, 80, 200), (20, 30, 110), (255, 255, 255)
# Where the renderer draws them (certificates.pdf), in points from the page's top left.
LOGO_CENTRE = (CENTRE, 136)
LOGO_DISC = (CENTRE - 14, 136)  # left of the star
LOGO_CORNER = (CENTRE - 22, 158)  # inside the logo's square, outside its disc
SIGNATURE_CENTRE = (RIGHT_COLUMN, PAGE_HEIGHT - 95)


def png(picture):
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return buffer.getvalue()


def emblem(disc=RED):
    """A round emblem, 400 px: a disc with a star, transparent around it."""
    picture = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((8, 8, 392, 392), fill=disc, outline=YELLOW, width=14)
    points = []
    for i in range(10):
        radius = 150 if i % 2 == 0 else 60
        angle = math.pi / 2 + i * math.pi / 5
        points.append((200 + radius * math.cos(angle), 200 - radius * math.sin(angle)))
    draw.polygon(points, fill=YELLOW)
    return png(picture)


def signature_with_seal():
    """A signature and its red seal on a transparent 900 × 360 scan."""
    picture = Image.new("RGBA", (900, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((40, 40, 320, 320), outline=(200, 30, 30, 200), width=12)
    draw.ellipse((90, 90, 270, 270), outline=(200, 30, 30, 200), width=5)
    draw.line(
        [(260, 200), (330, 130), (380, 250), (450, 140), (520, 260), (600, 150), (700, 230)], fill=INK_BLUE, width=9
    )
    return png(picture)


def wagtail_image(title, data, name="anh.png"):
    image = get_image_model()(title=title, file=ImageFile(io.BytesIO(data), name=name))
    image.save()
    return image


def certificate(learner_name="Nguyễn Thị Phương Thảo", logo=None, signature=None):
    """What a long real certificate states (the benchmark's), with a fixed verification code."""
    return sample_certificate(code="ABCDEFGHJKMNPQRS", learner_name=learner_name, issuer_logo=logo, signature=signature)


def colour_at(pdf, point):
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("RGB")
    return page.getpixel((round(point[0]), round(point[1])))


def near(colour, expected, tolerance=40):
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def embedded_images(pdf):
    """(width, height) in pixels of each picture the page draws: not the QR code, a one-bit
    image of its own (tests/test_certificates.py reads it)."""
    page = pypdfium2.PdfDocument(pdf)[0]
    return [
        tuple(image.get_px_size())
        for image in page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])
        if image.get_metadata().bits_per_pixel != 1
    ]


@pytest.fixture
def prepared(monkeypatch):
    """Counts the pictures prepared for PDFs, from an empty cache."""
    pdf_images._prepared.cache_clear()
    calls = []
    prepare = pdf_images.prepare

    def counting(data):
        calls.append(data)
        return prepare(data)

    monkeypatch.setattr(pdf_images, "prepare", counting)
    return calls


def test_logo_and_signature_are_prepared_once_for_many_certificates(prepared):
    logo, signature = wagtail_image("Logo Sở", emblem()), wagtail_image("Chữ ký", signature_with_seal())
    branding = CertificateSettings(**DEMO_CERTIFICATE_SETTINGS)

    pdfs = [
        render_certificate(certificate(name, logo=logo, signature=signature), branding)
        for name in ("Nguyễn Thị Phương Thảo", "Đặng Văn Lưu", "Lê Minh Anh")
    ]

    assert len(prepared) == 2  # the logo and the signature, once each
    for pdf in pdfs:
        assert near(colour_at(pdf, LOGO_CENTRE), YELLOW)  # the star
        assert len(embedded_images(pdf)) == 2


def test_a_logo_replaced_in_the_admin_shows_in_the_next_certificate(prepared, superuser):
    logo = wagtail_image("Logo Sở", emblem(disc=RED), name="logo.png")
    branding = CertificateSettings(**DEMO_CERTIFICATE_SETTINGS)
    before = render_certificate(certificate(logo=logo), branding)
    assert near(colour_at(before, LOGO_DISC), RED)

    response = client_for(superuser).post(
        f"/admin/images/{logo.pk}/",
        {
            "title": "Logo Sở",
            "file": ImageFile(io.BytesIO(emblem(disc=BLUE)), name="logo.png"),
            "collection": logo.collection_id,
        },
    )
    assert response.status_code == 302

    after = render_certificate(certificate(logo=get_image_model().objects.get(pk=logo.pk)), branding)
    assert near(colour_at(after, LOGO_DISC), BLUE)
    assert len(prepared) == 2


def test_transparent_parts_of_the_logo_print_white():
    logo = wagtail_image("Logo Sở", emblem())

    pdf = render_certificate(certificate(logo=logo), CertificateSettings(**DEMO_CERTIFICATE_SETTINGS))

    assert colour_at(pdf, LOGO_CORNER) == WHITE
    assert near(colour_at(pdf, LOGO_CENTRE), YELLOW)


def test_a_certificate_with_logo_and_signature_stays_under_64_kb():
    """60 KB until issue 17 attached the signed credential (2.1 KB) and put a signed token in the
    QR code (1.4 KB more): docs/BENCHMARKS.md."""
    logo, signature = wagtail_image("Logo Sở", emblem()), wagtail_image("Chữ ký", signature_with_seal())

    pdf = render_certificate(
        certificate(logo=logo, signature=signature), CertificateSettings(**DEMO_CERTIFICATE_SETTINGS)
    )

    assert len(pdf) < 64 * 1024
    assert sorted(embedded_images(pdf)) == [(400, 400), (900, 360)]  # drawn at their own pixels


def test_a_large_scan_is_reduced_to_600_pixels():
    noise = Image.effect_noise((1800, 720), 60).convert("RGB")
    signature = wagtail_image("Chữ ký quét", png(noise))

    pdf = render_certificate(certificate(signature=signature), CertificateSettings(**DEMO_CERTIFICATE_SETTINGS))

    assert embedded_images(pdf) == [(600, 240)]


def test_a_jpeg_signature_is_embedded_as_it_is():
    buffer = io.BytesIO()
    Image.effect_noise((500, 200), 40).convert("RGB").save(buffer, "JPEG", quality=80)
    scan = buffer.getvalue()
    signature = wagtail_image("Chữ ký quét", scan, name="chu-ky.jpg")

    pdf = render_certificate(certificate(signature=signature), CertificateSettings(**DEMO_CERTIFICATE_SETTINGS))

    assert scan in pdf
    assert embedded_images(pdf) == [(500, 200)]
    assert colour_at(pdf, SIGNATURE_CENTRE) != WHITE
