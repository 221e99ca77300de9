#!/usr/bin/env python
"""Certificate benchmark: how fast certificates are drawn and issued, and how big they are.

    .venv/bin/python bench/certificates.py       # or: make bench-certificates

What it does, all on this machine, in one process (no server):

1. creates a fresh PostgreSQL database ``lms_bench_certificates_<pid>`` on 127.0.0.1:5432 (user
   postgres) and a temporary MEDIA_ROOT, and runs ``migrate`` (no demo data);
2. rendering: certificates per second of ``certificates.pdf.render_certificate`` for an unsaved
   ``Certificate`` (Vietnamese name, institution and a two-line course title, score and expiry
   date) with the default ``CertificateSettings`` (no images), against the baseline: a bare
   ReportLab canvas drawing the same strings, in the same fonts (Be Vietnam Pro, registered by
   ``staff_lms.pdf.register_fonts``) and sizes at the same places on an A4 landscape page, with the
   same page compression, and nothing else (the strings are recorded from our renderer, so both
   embed the same glyph subsets). ``--rounds`` rounds of ``--renders`` documents each, the two
   (and our renderer with a logo and signature, which has goals of its own) taking turns, the order
   alternating between rounds; the ratio is taken within each round;
3. size: the PDF in KB without images, with a logo and a signature image (small PNGs made with
   Pillow, stored as Wagtail images and set in the site's ``CertificateSettings``), and the
   baseline's;
4. bulk issue: ``--count`` learners (1,000) with staff profiles, a course of 4 lessons and their
   completed enrolments with every lesson done, all written with ``bulk_create`` (no completion
   signal, so every one is owed a certificate); then ``manage.py issue_certificates`` is timed
   end to end: issuing, rendering and storing each PDF and e-mailing it (immediate task backend,
   locmem e-mail), as a catch-up after installing the app would. Checks that every learner got one
   certificate with a stored PDF and one e-mail, numbers 1..N of the year. Then the queries of
   one certificate, counted on a further small batch;
5. prints the results and writes them as JSON to ``bench/results/``; drops the database and the
   media folder at the end, also on failure.

Goals: rendering at least 0.5 of the bare canvas's rate; a certificate under 100 KB; with a logo and
a signature (issue 15), at least 0.6 of the bare canvas's rate and under 60 KB.
See docs/BENCHMARKS.md.
"""

import argparse
import datetime
import io
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixtures import staff_name
from bench.harness import ROOT, bench_database, log, markdown_table, migrate

RATE_GOAL = 0.5  # our certificates/s at least this fraction of the bare canvas's
SIZE_GOAL_KB = 100
IMAGES_RATE_GOAL = 0.6  # issue 15: with a logo and a signature
IMAGES_SIZE_GOAL_KB = 60
OURS, OURS_IMAGES, BARE = "render_certificate", "render_certificate + logo + signature", "bare ReportLab canvas"
LESSONS = 4


# Setup ------------------------------------------------------------------------------------


def sample_certificate(**fields):
    """An unsaved certificate with what a long real one states, issued by the demo's body and
    signatory (a certificate prints what it recorded at issue). Its id, the index of its bit in
    the revocation status list its signed credential names, is a five-digit one."""
    from certificates.models import Certificate
    from courses.models import TrainingType
    from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS, DEMO_ISSUING_BODY

    today = datetime.date(2026, 11, 28)
    stated = dict(
        number="123/GCN-SVHTTDL",
        issuer_governing_body=DEMO_ISSUING_BODY["governing_body"],
        issuer_name=DEMO_ISSUING_BODY["name"],
        issuer_place=DEMO_ISSUING_BODY["place_name"],
        **DEMO_CERTIFICATE_SETTINGS,
        id=12345,
        year=2026,
        sequence=123,
        learner_name="Nguyễn Thị Phương Thảo",
        institution_name="Thư viện tỉnh Thái Nguyên",
        course_title=(
            "Chuyển đổi số trong hoạt động thư viện: khai thác tài nguyên số, "
            "xây dựng siêu dữ liệu và phục vụ bạn đọc trực tuyến"
        ),
        training_type=TrainingType.REFRESHER,
        hours=Decimal("24.0"),
        score=Decimal("86.5"),
        started_on=today - datetime.timedelta(days=40),
        completed_on=today,
        issued_on=today,
        expires_on=today.replace(year=2029),
    )
    return Certificate(**{**stated, **fields})


def png(picture):
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def paint_logo():
    """A round emblem: red disc, yellow star, a ring: 400 × 400, transparent corners."""
    import math

    from PIL import Image, ImageDraw

    picture = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((8, 8, 392, 392), fill=(198, 40, 40, 255), outline=(250, 204, 21, 255), width=14)
    points = []
    for i in range(10):
        radius = 150 if i % 2 == 0 else 60
        angle = math.pi / 2 + i * math.pi / 5
        points.append((200 + radius * math.cos(angle), 200 - radius * math.sin(angle)))
    draw.polygon(points, fill=(250, 204, 21, 255))
    return png(picture)


def paint_signature():
    """A scanned signature with its red seal: strokes on a transparent 900 × 360 canvas."""
    import random

    from PIL import Image, ImageDraw

    rng = random.Random(2030)
    picture = Image.new("RGBA", (900, 360), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((40, 40, 320, 320), outline=(200, 30, 30, 200), width=12)
    draw.ellipse((90, 90, 270, 270), outline=(200, 30, 30, 200), width=5)
    x, y = 260, 200
    for _stroke in range(14):
        nx, ny = x + rng.randint(-20, 70), 120 + rng.randint(0, 140)
        draw.line((x, y, nx, ny), fill=(20, 30, 110, 255), width=7, joint="curve")
        x, y = min(nx, 860), ny
    return png(picture)


def store_images():
    """Set a logo and a signature in the default site's certificate settings; returns the images
    and their PNG sizes."""
    import hashlib

    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    from certificates.models import CertificateSettings
    from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS, DEMO_ISSUING_BODY
    from people.models import IssuingBody

    images = {}
    for key, data in (("logo", paint_logo()), ("signature", paint_signature())):
        image = get_image_model()(
            title=f"Benchmark {key}",
            file=ImageFile(io.BytesIO(data), name=f"bench-{key}.png"),
            file_size=len(data),
            file_hash=hashlib.sha1(data).hexdigest(),
        )
        image.save()
        images[key] = (image, len(data))
    body = IssuingBody.current()
    for name, value in DEMO_ISSUING_BODY.items():
        setattr(body, name, value)
    body.logo = images["logo"][0]
    body.save()
    branding = CertificateSettings.current()
    for name, value in DEMO_CERTIFICATE_SETTINGS.items():
        setattr(branding, name, value)
    branding.signature = images["signature"][0]
    branding.save()
    return {key: image for key, (image, _size) in images.items()}, {key: size for key, (_image, size) in images.items()}


# (a) and (b): rendering ---------------------------------------------------------------------


def recorded_strings(certificate, branding):
    """What our renderer draws as text: (method, font, size, x, y, text) in order."""
    from django.utils import translation
    from reportlab.pdfgen.canvas import Canvas

    from certificates import conf
    from certificates.pdf import PAGE_HEIGHT, PAGE_WIDTH, CertificatePage
    from staff_lms.pdf import register_fonts

    class Recording(Canvas):
        def drawString(self, x, y, text, *args, **kwargs):
            calls.append(("drawString", self._fontname, self._fontsize, x, y, text))
            return super().drawString(x, y, text, *args, **kwargs)

        def drawCentredString(self, x, y, text, *args, **kwargs):
            calls.append(("drawCentredString", self._fontname, self._fontsize, x, y, text))
            return super().drawCentredString(x, y, text, *args, **kwargs)

    register_fonts()
    calls = []
    canvas = Recording(io.BytesIO(), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    with translation.override(conf.language()):
        CertificatePage(canvas, certificate, branding).draw()
    return calls


def render_bare(calls):
    """The baseline: the same strings in the same fonts, on a bare canvas, nothing else."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    from staff_lms.pdf import register_fonts

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4), pageCompression=1)
    for method, font, size, x, y, value in calls:
        canvas.setFont(font, size)
        getattr(canvas, method)(x, y, value)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def measure_rendering(rows, rounds, renders):
    """``rows``: (name, render()). Every row once per round, the order reversed every other
    round; returns ({name: [documents per second]}, {name: [CPU ms per document]}), one value
    per round. On a shared machine the CPU time of this process is the steadier measure."""
    rates = {name: [] for name, _render in rows}
    cpu_ms = {name: [] for name, _render in rows}
    for number in range(1, rounds + 1):
        order = rows if number % 2 else rows[::-1]
        for name, render in order:
            started, cpu_started = time.perf_counter(), time.process_time()
            for _ in range(renders):
                render()
            rates[name].append(renders / (time.perf_counter() - started))
            cpu_ms[name].append(1000 * (time.process_time() - cpu_started) / renders)
        log(
            f"  round {number}: "
            + "  ".join(f"{name} {rates[name][-1]:6.1f}/s ({cpu_ms[name][-1]:.1f} ms CPU)" for name, _render in rows)
            + f"  (load average {os.getloadavg()[0]:.2f})"
        )
    return rates, cpu_ms


def breakdown(certificate, branding, repeat):
    """CPU ms per certificate of each part of ``CertificatePage.draw()`` and of writing the
    file (``showPage`` + ``save``: font subsets, compression), each on a fresh canvas."""
    from django.utils import translation
    from reportlab.pdfgen.canvas import Canvas

    from certificates import conf
    from certificates.pdf import PAGE_HEIGHT, PAGE_WIDTH, CertificatePage

    parts = ["frame", "header", "body", "signature_block", "verification"]
    spent = dict.fromkeys([*parts, "showPage + save"], 0.0)
    with translation.override(conf.language()):
        for _ in range(repeat):
            canvas = Canvas(io.BytesIO(), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
            page = CertificatePage(canvas, certificate, branding)
            for part in parts:
                started = time.process_time()
                getattr(page, part)()
                spent[part] += time.process_time() - started
            started = time.process_time()
            canvas.showPage()
            canvas.save()
            spent["showPage + save"] += time.process_time() - started
    return {part: 1000 * seconds / repeat for part, seconds in spent.items()}


def pdf_fonts(data):
    """The font names embedded in a PDF (subset fonts carry a six-letter tag: ABCDEF+Name)."""
    import re

    return sorted(set(re.findall(rb"/BaseFont /([A-Z]{6}\+[\w-]+|[\w-]+)", data)))


def rendering(args):
    from certificates.models import CertificateSettings
    from certificates.pdf import render_certificate
    from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS, DEMO_ISSUING_BODY
    from people.models import IssuingBody

    certificate = sample_certificate()
    # A province's branding, as the demo fills it (a fresh install's is empty), no logo or signature.
    plain = CertificateSettings(**DEMO_CERTIFICATE_SETTINGS)
    plain.body = IssuingBody(**DEMO_ISSUING_BODY)
    images, png_sizes = store_images()
    with_images = CertificateSettings.current()
    illustrated = sample_certificate(issuer_logo=images["logo"], signature=images["signature"])
    calls = recorded_strings(certificate, plain)

    ours, ours_images, bare = (
        render_certificate(certificate, plain),
        render_certificate(illustrated, with_images),  # warms the image cache too
        render_bare(calls),
    )
    rows = [
        (OURS, lambda: render_certificate(certificate, plain)),
        (BARE, lambda: render_bare(calls)),
        (OURS_IMAGES, lambda: render_certificate(illustrated, with_images)),
    ]
    log(f"rendering: {args.rounds} rounds of {args.renders} documents per row; {len(calls)} strings drawn")
    rates, cpu_ms = measure_rendering(rows, args.rounds, args.renders)
    return {
        "breakdown_cpu_ms": breakdown(certificate, plain, args.renders),
        "strings": len(calls),
        "rates": rates,
        "cpu_ms": cpu_ms,
        "rate": {name: statistics.median(values) for name, values in rates.items()},
        # Within each round, so a busy spell on the machine moves both sides together.
        "ratio": {name: [o / b for o, b in zip(rates[name], rates[BARE], strict=True)] for name in rates},
        "cpu_ratio": {name: [b / o for o, b in zip(cpu_ms[name], cpu_ms[BARE], strict=True)] for name in rates},
        "size_kb": {OURS: len(ours) / 1024, OURS_IMAGES: len(ours_images) / 1024, BARE: len(bare) / 1024},
        "png_kb": {key: size / 1024 for key, size in png_sizes.items()},
        "fonts": [font.decode() for font in pdf_fonts(ours)],
    }


# (c): bulk issue ----------------------------------------------------------------------------


def bulk_data(count, first=0):
    """``count`` learners with completed enrolments in the benchmark course (created on the
    first call), every lesson done, written without signals: all owed a certificate."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from wagtail.models import Page
    from wagtail.rich_text import RichText

    from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonCompletion, LessonPage
    from people.models import AdministrativeUnit, Institution, InstitutionType, StaffProfile

    course = CoursePage.objects.filter(slug="bench-certificates").first()
    if course is None:
        root = Page.get_first_root_node()
        index = root.add_child(instance=CourseIndexPage(title="Khoá học", slug="bench-khoa-hoc", live=True))
        course = index.add_child(
            instance=CoursePage(
                title="Chuyển đổi số trong hoạt động thư viện",
                slug="bench-certificates",
                summary="Khoá học của bench/certificates.py.",
                nominal_hours=Decimal("16"),
                live=True,
            )
        )
        for i in range(1, LESSONS + 1):
            course.add_child(
                instance=LessonPage(
                    title=f"Bài {i}", slug=f"bai-{i}", live=True, body=[("paragraph", RichText("<p>Nội dung.</p>"))]
                )
            )
        unit = AdministrativeUnit.objects.create(name="Tỉnh Thái Nguyên", code="bench-tn", level="province")
        Institution.objects.create(
            name="Thư viện tỉnh Thái Nguyên",
            code="bench-thu-vien-tinh",
            institution_type=InstitutionType.objects.get(code="public_library"),
            administrative_unit=unit,
        )
    institution = Institution.objects.get(code="bench-thu-vien-tinh")
    lessons = list(LessonPage.objects.child_of(course))

    names = [f"bench{i:05d}" for i in range(first, first + count)]
    get_user_model().objects.bulk_create(
        get_user_model()(username=name, email=f"{name}@example.vn", password="!") for name in names
    )
    users = list(get_user_model().objects.filter(username__in=names).order_by("username"))
    StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user,
            full_name=staff_name(i),
            institution=institution,
            position="Viên chức thư viện",
        )
        for i, user in enumerate(users, start=first)
    )
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(
            user=user,
            course=course,
            enrolled_at=now - datetime.timedelta(days=30),
            completed_at=now - datetime.timedelta(days=1, minutes=i),
        )
        for i, user in enumerate(users)
    )
    enrolments = Enrolment.objects.filter(course=course, user__in=users)
    LessonCompletion.objects.bulk_create(
        LessonCompletion(enrolment=enrolment, lesson=lesson, completed_at=enrolment.completed_at)
        for enrolment in enrolments
        for lesson in lessons
    )
    return course


def bulk_issue(count):
    from django.core import mail
    from django.core.management import CommandError, call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from certificates.models import Certificate

    log(f"bulk issue: creating {count} completed enrolments ...")
    course = bulk_data(count)
    owed = Certificate.objects.owed_enrolments(course).count()
    mail.outbox = []
    out, err = io.StringIO(), io.StringIO()
    log(f"bulk issue: issue_certificates for {owed} owed certificates ...")
    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        call_command("issue_certificates", stdout=out, stderr=err)
    except CommandError as error:
        raise SystemExit(f"bulk issue: {error}\n{err.getvalue()[:2000]}") from None
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started

    certificates = Certificate.objects.filter(course=course)
    problems = []
    if certificates.count() != count or certificates.values("user").distinct().count() != count:
        problems.append(f"{certificates.count()} certificates for {count} learners")
    if certificates.filter(pdf="").exists() or certificates.filter(delivered_at=None).exists():
        problems.append("certificates without a stored PDF or not delivered")
    if (
        sorted({message.to[0] for message in mail.outbox}) != sorted(certificates.values_list("user__email", flat=True))
        or len(mail.outbox) != count
    ):
        problems.append(f"{len(mail.outbox)} e-mails for {count} certificates")
    sequences = sorted(certificates.values_list("sequence", flat=True))
    if sequences != list(range(1, count + 1)):
        problems.append("numbers are not 1..N")
    if problems or err.getvalue():
        raise SystemExit("bulk issue: " + "; ".join(problems) + err.getvalue())
    stored = sum(certificate.pdf.size for certificate in certificates.only("pdf"))

    # The queries of one certificate (issue and delivery): the difference between two further
    # batches of different sizes, so the command's own queries cancel out.
    queries = []
    for batch, first in ((10, count), (30, count + 10)):
        bulk_data(batch, first=first)
        with CaptureQueriesContext(connection) as captured:
            call_command("issue_certificates", stdout=io.StringIO(), stderr=io.StringIO())
        queries.append(len(captured.captured_queries))
    return {
        "count": count,
        "seconds": seconds,
        "per_second": count / seconds,
        "ms_each": 1000 * seconds / count,
        "cpu_seconds": cpu,
        "summary": out.getvalue().strip(),
        "stored_mb": stored / 1024 / 1024,
        "average_kb": stored / count / 1024,
        "queries_each": (queries[1] - queries[0]) / 20,
    }


# Report -----------------------------------------------------------------------------------


def report(render, bulk):
    rate, sizes = render["rate"], render["size_kb"]
    rows = [("renderer", "certificates/s", "÷ bare canvas (range)", "CPU ms each", "÷ bare by CPU (range)", "PDF KB")]
    for name in (OURS, OURS_IMAGES, BARE):
        ratios, cpu_ratios = render["ratio"][name], render["cpu_ratio"][name]
        rows.append(
            (
                name,
                f"{rate[name]:.1f}",
                f"{statistics.median(ratios):.3f} ({min(ratios):.2f}–{max(ratios):.2f})",
                f"{statistics.median(render['cpu_ms'][name]):.1f}",
                f"{statistics.median(cpu_ratios):.3f} ({min(cpu_ratios):.2f}–{max(cpu_ratios):.2f})",
                f"{sizes[name]:.1f}",
            )
        )
    lines = markdown_table(rows)
    ratio, cpu_ratio = statistics.median(render["ratio"][OURS]), statistics.median(render["cpu_ratio"][OURS])
    lines.append("")
    lines.append(
        f"goal, rendering ≥ {RATE_GOAL} of the bare canvas: by certificates/s {ratio:.3f} "
        + ("met" if ratio >= RATE_GOAL else "NOT met")
        + f"; by CPU per certificate {cpu_ratio:.3f} "
        + ("met" if cpu_ratio >= RATE_GOAL else "NOT met")
    )
    biggest = max(sizes[OURS], sizes[OURS_IMAGES])
    lines.append(
        f"goal, a certificate < {SIZE_GOAL_KB} KB: {sizes[OURS]:.1f} KB, {sizes[OURS_IMAGES]:.1f} KB with a logo "
        f"({render['png_kb']['logo']:.1f} KB PNG) and a signature ({render['png_kb']['signature']:.1f} KB PNG): "
        + ("met" if biggest < SIZE_GOAL_KB else "NOT met")
    )
    images_ratio = statistics.median(render["ratio"][OURS_IMAGES])
    images_cpu_ratio = statistics.median(render["cpu_ratio"][OURS_IMAGES])
    images_ok = images_cpu_ratio >= IMAGES_RATE_GOAL and sizes[OURS_IMAGES] < IMAGES_SIZE_GOAL_KB
    lines.append(
        f"goal, with a logo and a signature ≥ {IMAGES_RATE_GOAL} of the bare canvas: by certificates/s "
        f"{images_ratio:.3f} "
        + ("met" if images_ratio >= IMAGES_RATE_GOAL else "NOT met")
        + f"; by CPU per certificate {images_cpu_ratio:.3f} "
        + ("met" if images_cpu_ratio >= IMAGES_RATE_GOAL else "NOT met")
        + f"; and < {IMAGES_SIZE_GOAL_KB} KB: {sizes[OURS_IMAGES]:.1f} KB "
        + ("met" if sizes[OURS_IMAGES] < IMAGES_SIZE_GOAL_KB else "NOT met")
    )
    lines.append(f"fonts in the PDF (AAAAAA+: an embedded subset): {', '.join(render['fonts'])}")
    lines.append(
        "where a certificate's CPU time goes (no images): "
        + ", ".join(f"{part} {ms:.1f} ms" for part, ms in render["breakdown_cpu_ms"].items())
    )
    lines.append("")
    lines.append(
        f"bulk issue (manage.py issue_certificates, {bulk['count']} owed; issue + render + store + e-mail; "
        "site settings with the logo and signature): "
        f"{bulk['seconds']:.1f} s, {bulk['per_second']:.1f} certificates/s, {bulk['ms_each']:.1f} ms each "
        f"({bulk['cpu_seconds']:.1f} s CPU in this process); {bulk['queries_each']:.1f} queries per certificate; "
        f"PDFs stored {bulk['stored_mb']:.1f} MB ({bulk['average_kb']:.1f} KB each)"
    )
    lines.append(f"  command said: {bulk['summary']}")
    lines.append("")
    lines.append("certificates/s in each round:")
    for name in (OURS, BARE, OURS_IMAGES):
        lines.append(f"  {name:<38} " + "  ".join(f"{x:6.1f}" for x in render["rates"][name]))
    lines.append("CPU ms per certificate in each round:")
    for name in (OURS, BARE, OURS_IMAGES):
        lines.append(f"  {name:<38} " + "  ".join(f"{x:6.1f}" for x in render["cpu_ms"][name]))
    return "\n".join(lines), cpu_ratio >= RATE_GOAL and biggest < SIZE_GOAL_KB and images_ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="rendering rounds (default 5)")
    parser.add_argument("--renders", type=int, default=40, help="documents per row and round (default 40)")
    parser.add_argument("--count", type=int, default=1000, help="certificates in the bulk issue (default 1000)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    args = parser.parse_args()
    if not 1 <= args.rounds <= 15 or not 1 <= args.renders <= 500 or not 1 <= args.count <= 20000:
        parser.error("keep --rounds 1..15, --renders 1..500 and --count 1..20000")

    with bench_database(f"lms_bench_certificates_{os.getpid()}"):
        migrate()
        load_before = os.getloadavg()[0]
        render = rendering(args)
        bulk = bulk_issue(args.count)
        load_after = os.getloadavg()[0]
        table, ok = report(render, bulk)
        print(
            f"\n{time.strftime('%Y-%m-%d %H:%M')}  {os.cpu_count()} cores; one process, no server; PostgreSQL; "
            f"{args.rounds} rendering rounds of {args.renders} documents per row; bulk issue of {args.count}; "
            f"1-minute load average {load_before:.2f} before, {load_after:.2f} after\n"
        )
        print(table)
        out = ROOT / "bench" / "results"
        out.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        (out / f"certificates-{stamp}.json").write_text(
            json.dumps({"args": vars(args), "rendering": render, "bulk": bulk}, indent=2)
        )
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
