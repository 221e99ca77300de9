"""Certificates: issued once when a course is completed, numbered by year, e-mailed as a PDF
(retried after a failure), rendered in Be Vietnam Pro with a QR code that leads to the public
verification page, and downloadable by exactly the people who may see them.

The PDF is read back with pypdfium2 (text, fonts, page size) and its QR code decoded with
zxing-cpp from a rendering of the page, so the tests check what a reader and a phone see.
"""

import base64
import ctypes
import datetime
import re
import unicodedata
from datetime import UTC
from decimal import Decimal
from smtplib import SMTPException

import pypdfium2
import pytest
import zxingcpp
from django.conf import settings
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.models import Site

from certificates.credentials import qr_token
from certificates.models import Certificate, CertificateSettings, new_code
from certificates.tasks import deliver_certificate
from courses.models import Enrolment, TrainingType
from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS, DEMO_ISSUING_BODY
from people.models import HRScope, IssuingBody
from people.roles import HR, TRAINERS
from staff_lms.dates import document_date_parts

from .conftest import client_for, enrol, make_course, make_user
from .quiz_factories import Clock, course_with_quiz, take

pytestmark = pytest.mark.django_db

# The required Vietnamese wording of the certificate, from the vi catalogue of the
# certificates app (certificates/locale/vi). The PDF is always rendered in Vietnamese, so the
# assertions that use these fail while that catalogue is missing or incomplete (the PDF then
# shows the English msgids, e.g. "SOCIALIST REPUBLIC OF VIETNAM").
VI_HEADINGS = {
    "country": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "motto": "Độc lập - Tự do - Hạnh phúc",
    "title": "GIẤY CHỨNG NHẬN",
    "number": "Số: {number}",
    "place_and_date": "{place}, ngày {day} tháng {month} năm {year}",
}

GIANG = "Nguyễn Thị Hương Giang"
LUU = "Đặng Văn Lưu"
COURSE_TITLE = "Chuyển đổi số trong thư viện công cộng"
VERIFY_FORM = "/certificates/verify/"


@pytest.fixture
def giang(units):
    """A learner of the district A library, with an employee code and a distinctive account."""
    return make_user(
        "huonggiang.tv",
        profile={"full_name": GIANG, "institution": units["library_a"], "employee_code": "TV-DT-0427"},
    )


@pytest.fixture
def course(course_index, trainer):
    course, _lessons = make_course(
        course_index,
        2,
        title=COURSE_TITLE,
        nominal_hours=Decimal("12.5"),
        training_type=TrainingType.RETRAINING,
        trainer=trainer,
    )
    return course


def lessons_of(course):
    return list(course.lessons())


def complete(user, course):
    """Enrol ``user`` and mark every lesson done, as the learner would; returns the enrolment."""
    enrolment = Enrolment.objects.get_or_create_for(user, course)[0]
    for lesson in lessons_of(course):
        enrolment.mark_lesson_done(lesson)
    return enrolment


def certificate_of(user, course):
    return Certificate.objects.get(user=user, course=course)


def issued(user, course):
    """The certificate issued on completing ``course`` (delivery not run)."""
    complete(user, course)
    return certificate_of(user, course)


def branding():
    return CertificateSettings.for_site(Site.objects.get(is_default_site=True))


# What a province fills in Settings → Certificates (the plugin's defaults name nobody).
THAI_NGUYEN_BRANDING = DEMO_CERTIFICATE_SETTINGS


@pytest.fixture
def filled_branding(db):
    settings_ = branding()
    for setting, values in ((settings_.body, DEMO_ISSUING_BODY), (settings_, THAI_NGUYEN_BRANDING)):
        for name, value in values.items():
            setattr(setting, name, value)
        setting.save()
    return settings_


def this_year():
    return timezone.localdate().year


# PDF reading -------------------------------------------------------------------------------


def pdf_page(pdf_bytes):
    return pypdfium2.PdfDocument(pdf_bytes)[0]


def pdf_text(pdf_bytes):
    return pdf_page(pdf_bytes).get_textpage().get_text_range()


def pdf_lines(pdf_bytes):
    return [line.strip() for line in pdf_text(pdf_bytes).splitlines()]


def fonts_of_text(pdf_bytes):
    """The font name of every character on the page, as pdfium reads it."""
    textpage = pdf_page(pdf_bytes).get_textpage()
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    names = set()
    for index in range(textpage.count_chars()):
        pypdfium2.raw.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), flags)
        names.add(buffer.value.decode())
    return names


def qr_codes(pdf_bytes):
    """The texts of the QR codes on the first page, read by zxing-cpp from a 216 dpi rendering:
    4 pixels a module. At 144 dpi the signed code's 2.7 pixels a module misread for about one
    signing key in three (the token, so the pattern, depends on the key)."""
    image = pdf_page(pdf_bytes).render(scale=3).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


# Issuing -----------------------------------------------------------------------------------


def test_completing_every_lesson_issues_one_certificate(course, giang):
    enrolment = Enrolment.objects.create(user=giang, course=course)
    first, second = lessons_of(course)

    enrolment.mark_lesson_done(first)
    assert not Certificate.objects.exists()

    enrolment.mark_lesson_done(second)

    certificate = Certificate.objects.get()
    assert (certificate.user, certificate.course, certificate.enrolment) == (giang, course, enrolment)
    assert certificate.status == Certificate.Status.VALID
    assert certificate.issued_by is None


def test_completing_again_or_issuing_again_returns_the_same_certificate(course, giang):
    enrolment = complete(giang, course)
    certificate = certificate_of(giang, course)

    enrolment.mark_lesson_done(lessons_of(course)[0])
    Enrolment.objects.get(pk=enrolment.pk).complete()
    again, created = Certificate.objects.issue(Enrolment.objects.get(pk=enrolment.pk))

    assert (again.pk, created) == (certificate.pk, False)
    assert Certificate.objects.count() == 1


def test_enrolment_complete_issues_the_certificate(course, giang, filled_branding):
    Enrolment.objects.create(user=giang, course=course).complete()

    assert certificate_of(giang, course).number == "01/GCN-SVHTTDL"


def test_numbers_follow_a_yearly_sequence_in_the_official_form(course, giang, learner, other_learner, filled_branding):
    """ "Số: 01/GCN-SVHTTDL": the year's sequence from 01 (Decree 30/2020), the document type,
    the issuing body's abbreviation (Settings → Issuing body)."""
    numbers = [issued(user, course).number for user in (giang, learner, other_learner)]

    year = this_year()
    assert numbers == ["01/GCN-SVHTTDL", "02/GCN-SVHTTDL", "03/GCN-SVHTTDL"]
    assert list(Certificate.objects.order_by("sequence").values_list("year", "sequence")) == [
        (year, 1),
        (year, 2),
        (year, 3),
    ]


def test_the_29th_certificate_of_the_year_is_29_gcn(course_index, filled_branding):
    course, _lessons = make_course(course_index, 1)
    numbers = [issued(make_user(f"hv{n}"), course).number for n in range(29)]

    assert numbers[8:10] == ["09/GCN-SVHTTDL", "10/GCN-SVHTTDL"]
    assert numbers[-1] == "29/GCN-SVHTTDL"
    assert len(set(numbers)) == 29


def test_without_an_abbreviation_the_number_has_no_dangling_hyphen(course, giang):
    assert issued(giang, course).number == "01/GCN"


def test_a_new_year_starts_its_own_sequence(monkeypatch, course, giang, learner, other_learner, filled_branding):
    """The same numbers come back each year, as Decree 30 numbers documents: a number is unique
    within its year, and the verification code across years."""
    clock = Clock(monkeypatch, datetime.datetime(2025, 12, 30, 3, 0, tzinfo=UTC))
    last_year = [issued(user, course).number for user in (giang, learner)]
    clock.advance(days=3)  # 2 January 2026 in Vietnam

    this_year_first = issued(other_learner, course).number
    fourth = make_user("thu", profile={"full_name": "Vũ Thị Thu"})
    this_year_second = issued(fourth, course).number

    assert last_year == ["01/GCN-SVHTTDL", "02/GCN-SVHTTDL"]
    assert (this_year_first, this_year_second) == ("01/GCN-SVHTTDL", "02/GCN-SVHTTDL")
    assert sorted(Certificate.objects.values_list("year", "number")) == [
        (2025, "01/GCN-SVHTTDL"),
        (2025, "02/GCN-SVHTTDL"),
        (2026, "01/GCN-SVHTTDL"),
        (2026, "02/GCN-SVHTTDL"),
    ]
    assert Certificate.objects.values("code").distinct().count() == 4


def test_database_refuses_a_number_twice_in_a_year(course, giang, learner, filled_branding):
    first = issued(giang, course)
    other = issued(learner, course)

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=other.pk).update(number=first.number)


def test_the_year_is_the_year_in_vietnam(monkeypatch, course, giang, filled_branding):
    Clock(monkeypatch, datetime.datetime(2025, 12, 31, 18, 30, tzinfo=UTC))  # 01:30 on 1 January in Hà Nội

    certificate = issued(giang, course)

    assert (certificate.year, certificate.number, certificate.issued_on) == (
        2026,
        "01/GCN-SVHTTDL",
        datetime.date(2026, 1, 1),
    )


def test_number_pattern_comes_from_the_site_settings(course, giang, learner, filled_branding):
    settings_ = branding()
    settings_.number_pattern = "{sequence:06d}/{year}/GCN-{abbreviation}"
    settings_.save()
    first = issued(giang, course).number
    settings_.number_pattern = "GCN-{year}-{sequence}"
    settings_.save()

    assert (first, issued(learner, course).number) == (
        f"000001/{this_year()}/GCN-SVHTTDL",
        f"GCN-{this_year()}-02",
    )


def test_changing_the_pattern_keeps_the_numbers_issued(course, giang, filled_branding):
    certificate = issued(giang, course)
    settings_ = branding()
    settings_.number_pattern = "{sequence:04d}-GCN"
    settings_.save()

    certificate.refresh_from_db()
    assert certificate.number == "01/GCN-SVHTTDL"
    assert "Số: 01/GCN-SVHTTDL" in pdf_lines(certificate.render_pdf())


def test_codes_are_long_url_safe_and_unique(course_index):
    course, lessons = make_course(course_index, 1)
    codes = []
    for n in range(6):
        codes.append(issued(make_user(f"hocvien{n}"), course).code)

    assert len(set(codes)) == len(codes)
    for code in codes:
        assert re.fullmatch(r"[A-Z2-7]{16}", code), code
        assert len(base64.b32decode(code)) * 8 >= 64


def test_codes_are_letters_and_digits_only():
    """Nothing a reader takes for punctuation (a trailing "-" gets left out when typed, and
    pdfium's text extraction drops it as a hyphenation); no 0/1 to confuse with O/I."""
    codes = {new_code() for _ in range(2000)}

    assert len(codes) == 2000
    assert all(re.fullmatch(r"[A-Z2-7]{16}", code) for code in codes)


def test_certificate_records_the_learner_and_course_as_issued(course, giang, units):
    enrolment = complete(giang, course)
    enrolment.refresh_from_db()

    certificate = certificate_of(giang, course)

    today = timezone.localdate()
    assert certificate.learner_name == GIANG
    assert certificate.institution_name == units["library_a"].name
    assert certificate.course_title == COURSE_TITLE
    assert certificate.hours == Decimal("12.5")
    assert certificate.training_type == TrainingType.RETRAINING
    assert certificate.score is None
    assert certificate.started_on == timezone.localdate(enrolment.enrolled_at)
    assert certificate.completed_on == timezone.localdate(enrolment.completed_at)
    assert certificate.issued_on == today
    assert certificate.expires_on is None


def test_certificate_keeps_what_it_stated_when_profile_and_course_change(course, giang):
    certificate = issued(giang, course)

    giang.staff_profile.full_name = "Nguyễn Thị Giang"
    giang.staff_profile.save()
    course.title = "Tên khoá học mới"
    course.save_revision().publish()
    certificate.refresh_from_db()

    assert (certificate.learner_name, certificate.course_title) == (GIANG, COURSE_TITLE)
    text = pdf_text(certificate.render_pdf())
    assert GIANG in text and COURSE_TITLE in text
    assert "Tên khoá học mới" not in text


def test_certificate_of_a_learner_without_profile_names_the_account(course_index):
    course, _lessons = make_course(course_index, 1)
    user = make_user("hoa", first_name="Hoa", last_name="Lê")

    certificate = issued(user, course)

    assert (certificate.learner_name, certificate.institution_name) == ("Hoa Lê", "")


def test_score_comes_from_the_passed_final_quiz(course_index, giang):
    course, lessons, quiz = course_with_quiz(course_index, n_lessons=1, questions=3, pass_mark=50)
    enrolment = enrol(giang, course)
    enrolment.mark_lesson_done(lessons[0])
    assert not Certificate.objects.exists()

    take(quiz, giang, right=2)  # 66.67 %

    assert certificate_of(giang, course).score == Decimal("66.7")


def test_expiry_follows_the_course_validity(course_index, giang):
    course, _lessons = make_course(course_index, 1, certificate_validity_years=3)

    certificate = issued(giang, course)

    today = timezone.localdate()
    assert certificate.expires_on == today.replace(year=today.year + 3)


def test_expiry_of_a_certificate_issued_on_29_february(monkeypatch, course_index, giang):
    Clock(monkeypatch, datetime.datetime(2024, 2, 29, 2, 0, tzinfo=UTC))
    course, _lessons = make_course(course_index, 1, certificate_validity_years=1)

    certificate = issued(giang, course)

    assert (certificate.issued_on, certificate.expires_on) == (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))


def copy_of(certificate, **changes):
    """Another row for the same learner and course, with its own number."""
    fields = {
        field.name: getattr(certificate, field.name)
        for field in Certificate._meta.concrete_fields
        if field.name in ("user", "course", "enrolment", "year", "learner_name", "course_title", "training_type")
        or field.name in ("hours", "started_on", "completed_on", "issued_on")
    }
    fields["sequence"] = Certificate.objects.count() + 100
    fields.update(changes)
    fields["number"] = f"GCN-{fields['year']}-{fields['sequence']:06d}"
    return Certificate.objects.create(**fields)


def test_database_refuses_a_second_valid_certificate_for_the_same_course(course, giang):
    certificate = issued(giang, course)

    with pytest.raises(IntegrityError), transaction.atomic():
        copy_of(certificate)


def test_a_revoked_certificate_and_a_valid_one_may_coexist(course, giang, provincial_admin):
    certificate = issued(giang, course)
    certificate.revoke(provincial_admin, "Sai họ tên")

    replacement = copy_of(certificate)

    assert set(Certificate.objects.values_list("pk", "status")) == {
        (certificate.pk, "revoked"),
        (replacement.pk, "valid"),
    }


def test_a_sequence_number_is_used_once_a_year(course, giang, learner):
    certificate = issued(giang, course)
    other, _lessons = make_course(course.get_parent().specific, 1)
    enrolment = complete(learner, other)
    Certificate.objects.filter(user=learner).delete()

    with pytest.raises(IntegrityError), transaction.atomic():
        copy_of(certificate, user=learner, course=other, enrolment=enrolment, sequence=certificate.sequence)


def test_owed_enrolments_are_completed_ones_never_issued(course, giang, learner, other_learner, provincial_admin):
    owed = Enrolment.objects.create(user=learner, course=course, completed_at=timezone.now())
    enrol(other_learner, course)  # not completed
    issued(giang, course).revoke(provincial_admin, "Cấp nhầm")  # revoked: not owed again

    assert list(Certificate.objects.owed_enrolments()) == [owed]
    assert list(Certificate.objects.owed_enrolments(course=course)) == [owed]
    other, _lessons = make_course(course.get_parent().specific, 1)
    assert list(Certificate.objects.owed_enrolments(course=other)) == []


# Delivery ------------------------------------------------------------------------------------


def test_learner_receives_the_pdf_by_email(course, giang, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complete(giang, course)

    certificate = certificate_of(giang, course)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["huonggiang.tv@example.vn"]
    assert COURSE_TITLE in message.subject
    assert certificate.number in message.body
    assert certificate.verify_url() in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("giay-chung-nhan-01-gcn-nguyen-thi-huong-giang.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert GIANG in pdf_text(content)
    assert certificate.delivered_at is not None
    assert (certificate.delivery_attempts, certificate.delivery_error) == (1, "")
    assert certificate.pdf.read() == content
    # stored under a name nobody can guess from the number or the code
    assert re.fullmatch(rf"certificates/{certificate.year}/[0-9a-f]{{32}}\.pdf", certificate.pdf.name)
    assert not Certificate.objects.awaiting_delivery().exists()


def test_email_is_written_in_vietnamese(course, giang, django_capture_on_commit_callbacks):
    """Waits on the vi catalogue: the learner's language outside a request is English here,
    the e-mail must still be Vietnamese."""
    with django_capture_on_commit_callbacks(execute=True):
        complete(giang, course)

    subject = mail.outbox[0].subject
    with translation.override("vi"):
        vietnamese = gettext("Your certificate for “%(course)s”") % {"course": COURSE_TITLE}
    english = f"Your certificate for “{COURSE_TITLE}”"
    assert subject == vietnamese
    assert subject != english  # needs the vi catalogue


def test_learner_without_email_gets_no_mail_but_the_pdf_is_ready(course_index, django_capture_on_commit_callbacks):
    course, _lessons = make_course(course_index, 1)
    user = make_user("khongthu", email="", profile={"full_name": LUU})

    with django_capture_on_commit_callbacks(execute=True):
        complete(user, course)

    certificate = certificate_of(user, course)
    assert mail.outbox == []
    assert certificate.delivered_at is not None
    assert "no e-mail address" in certificate.delivery_error
    assert certificate.pdf.name
    assert not Certificate.objects.awaiting_delivery().exists()


def failing(*args, **kwargs):
    raise SMTPException("mail server unreachable")


def test_failed_email_leaves_the_certificate_to_retry_and_the_completion_stands(
    monkeypatch, course, giang, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("certificates.tasks.email_certificate", failing)
    enrolment = enrol(giang, course)
    first, second = lessons_of(course)
    enrolment.mark_lesson_done(first)
    client = client_for(giang)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("courses:lesson_done", args=[second.pk]))

    assert response.status_code == 302
    assert response["Location"] == course.url
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
    assert "Congratulations! You have completed" in client.get(course.url).text
    certificate = certificate_of(giang, course)
    assert certificate.delivered_at is None
    assert certificate.delivery_error == "SMTPException: mail server unreachable"
    assert certificate.delivery_attempts == 1
    assert list(Certificate.objects.awaiting_delivery()) == [certificate]
    assert mail.outbox == []

    monkeypatch.undo()
    result = deliver_certificate.enqueue(certificate.pk)

    certificate.refresh_from_db()
    assert result.return_value == "delivered"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0][0] == certificate.filename
    assert certificate.delivered_at is not None
    assert (certificate.delivery_attempts, certificate.delivery_error) == (2, "")
    assert not Certificate.objects.awaiting_delivery().exists()


def test_failed_rendering_is_recorded_and_retried(monkeypatch, course, giang, django_capture_on_commit_callbacks):
    def broken_renderer(certificate, branding):
        raise RuntimeError("font file missing")

    monkeypatch.setattr("certificates.pdf.render_certificate", broken_renderer)
    with django_capture_on_commit_callbacks(execute=True):
        complete(giang, course)

    certificate = certificate_of(giang, course)
    assert (certificate.delivered_at, certificate.delivery_attempts) == (None, 1)
    assert certificate.delivery_error == "RuntimeError: font file missing"
    assert not certificate.pdf
    assert list(Certificate.objects.awaiting_delivery()) == [certificate]

    monkeypatch.undo()
    deliver_certificate.call(certificate.pk)

    certificate.refresh_from_db()
    assert certificate.delivered_at is not None
    assert certificate.pdf.name
    assert len(mail.outbox) == 1


def test_delivery_does_nothing_for_a_delivered_or_revoked_certificate(
    course, giang, provincial_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complete(giang, course)
    certificate = certificate_of(giang, course)

    assert deliver_certificate.call(certificate.pk) == "nothing to do"
    certificate.revoke(provincial_admin, "Cấp nhầm")
    Certificate.objects.filter(pk=certificate.pk).update(delivered_at=None)
    assert deliver_certificate.call(certificate.pk) == "nothing to do"

    assert len(mail.outbox) == 1
    assert not Certificate.objects.awaiting_delivery().exists()


# The PDF -------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["NFC", "NFD"])
@pytest.mark.parametrize("name", [GIANG, LUU])
def test_pdf_text_gives_back_the_name_and_course_exactly(course_index, name, typed):
    course, _lessons = make_course(course_index, 1, title=COURSE_TITLE)
    user = make_user("hocvien", profile={"full_name": unicodedata.normalize(typed, name)})

    lines = pdf_lines(issued(user, course).render_pdf())

    assert name in lines
    assert COURSE_TITLE in lines


def test_pdf_shows_number_code_and_details(course, giang, units, filled_branding):
    certificate = issued(giang, course)

    text = pdf_text(certificate.render_pdf())

    assert certificate.number in text
    assert certificate.code in text
    assert units["library_a"].name in text
    assert "12,5" in text  # hours, in Vietnamese number format
    assert "UBND TỈNH THÁI NGUYÊN" in text
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in text
    assert "Nguyễn Văn Thành" in text


def test_pdf_headings_are_vietnamese(course, giang, filled_branding):
    """Waits on the vi catalogue (VI_HEADINGS)."""
    certificate = issued(giang, course)
    day = certificate.issued_on

    lines = pdf_lines(certificate.render_pdf())

    assert VI_HEADINGS["country"] in lines
    assert VI_HEADINGS["motto"] in lines
    assert VI_HEADINGS["title"] in lines
    assert VI_HEADINGS["number"].format(number=certificate.number) in lines
    place_and_date = VI_HEADINGS["place_and_date"].format(place="Thái Nguyên", **document_date_parts(day))
    assert place_and_date in lines


def test_a_fresh_install_names_no_province_or_signatory(course, giang):
    fresh = branding()
    certificate = issued(giang, course)
    day = certificate.issued_on

    text = pdf_text(certificate.render_pdf())

    for field in ("signatory_authority", "signatory_title", "signatory_name"):
        assert getattr(fresh, field) == "", field
    for field in ("governing_body", "name", "abbreviation", "place_name"):
        assert getattr(fresh.body, field) == "", field
    assert "Thái Nguyên" not in text and "THÁI NGUYÊN" not in text and "Nguyễn Văn Thành" not in text
    # Issuing still works: the certificate states its learner, number and a date line without a place.
    assert GIANG in text and certificate.number in text
    lines = pdf_lines(certificate.render_pdf())
    day_month_year = tuple(document_date_parts(day).values())
    assert {"Ngày {} tháng {} năm {}".format(*day_month_year), "{}/{}/{}".format(*day_month_year)} & set(lines)
    assert not any(line.startswith(",") for line in lines)


def test_place_name_defaults_to_the_lms_setting(settings, db):
    settings.LMS_PLACE_NAME = "Bắc Kạn"

    assert IssuingBody().place_name == "Bắc Kạn"


def test_pdf_embeds_be_vietnam_pro_subsets_for_all_its_text(course, giang):
    pdf = issued(giang, course).render_pdf()

    assert b"BeVietnamPro" in pdf
    assert b"/FontFile2" in pdf
    fonts = fonts_of_text(pdf)
    assert fonts and all(name.startswith("BeVietnamPro") for name in fonts), fonts


def test_pdf_is_one_a4_landscape_page(course, giang):
    document = pypdfium2.PdfDocument(issued(giang, course).render_pdf())

    assert len(document) == 1
    width, height = document[0].get_size()
    assert width == pytest.approx(841.89, abs=0.5)
    assert height == pytest.approx(595.28, abs=0.5)


def test_qr_code_leads_to_the_verification_page(course, giang):
    certificate = issued(giang, course)

    codes = qr_codes(certificate.render_pdf())

    expected = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + f"/certificates/verify/{certificate.code}/"
    assert certificate.verify_url() == expected
    # The signed token rides in the fragment, which no browser sends to the server
    # (tests/test_certificate_credentials.py verifies it).
    assert codes == [f"{expected}#{qr_token(certificate)}"]


def test_qr_code_uses_the_public_address_from_the_settings(course, giang):
    certificate = issued(giang, course)
    settings_ = branding()
    settings_.public_base_url = "https://hoctap.example.vn"
    settings_.save()

    pdf = certificate.render_pdf()

    url = f"https://hoctap.example.vn/certificates/verify/{certificate.code}/"
    assert certificate.verify_url() == url
    assert [code.split("#")[0] for code in qr_codes(pdf)] == [url]
    assert "https://hoctap.example.vn/certificates/verify/" in pdf_lines(pdf)


# Verification pages ----------------------------------------------------------------------------


def verify_status(html):
    """The status word of the verification page."""
    return re.search(r'class="verify-status"><strong>(.*?)</strong>', html).group(1)


def test_verification_page_shows_the_certificate_to_anyone(course, giang, anon_client):
    certificate = issued(giang, course)

    response = anon_client.get(f"/certificates/verify/{certificate.code}/")

    assert response.status_code == 200
    html = response.text
    assert verify_status(html) == "Valid"
    assert certificate.number in html
    assert GIANG in html
    assert COURSE_TITLE in html
    with translation.override("en"):
        assert date_format(certificate.issued_on, "SHORT_DATE_FORMAT") in html
    assert "noindex" in response["X-Robots-Tag"]


def test_verification_page_reveals_nothing_more_personal(course, giang, anon_client, units):
    certificate = issued(giang, course)
    Certificate.objects.filter(pk=certificate.pk).update(score=Decimal("87.5"))

    html = anon_client.get(f"/certificates/verify/{certificate.code}/").text

    assert GIANG in html
    for private in ("huonggiang.tv", "example.vn", "TV-DT-0427", units["library_a"].name, "87.5", "87,5"):
        assert private not in html, private


def test_verification_page_shows_a_revoked_certificate_as_revoked(course, giang, provincial_admin, anon_client):
    certificate = issued(giang, course)
    certificate.revoke(provincial_admin, "Cấp nhầm người")

    response = anon_client.get(f"/certificates/verify/{certificate.code}/")

    assert response.status_code == 200
    assert verify_status(response.text) == "Revoked"
    assert "no longer valid" in response.text
    assert "Cấp nhầm người" not in response.text


def test_verification_page_shows_an_expired_certificate_as_expired(course, giang, anon_client):
    certificate = issued(giang, course)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=yesterday)

    response = anon_client.get(f"/certificates/verify/{certificate.code}/")

    assert response.status_code == 200
    assert verify_status(response.text) == "Expired"
    with translation.override("en"):
        assert f"This certificate expired on {date_format(yesterday, 'SHORT_DATE_FORMAT')}." in response.text


def test_certificate_valid_until_a_future_date_is_valid(course_index, giang, anon_client):
    course, _lessons = make_course(course_index, 1, certificate_validity_years=2)
    certificate = issued(giang, course)

    html = anon_client.get(f"/certificates/verify/{certificate.code}/").text

    assert verify_status(html) == "Valid"
    with translation.override("en"):
        assert date_format(certificate.expires_on, "SHORT_DATE_FORMAT") in html


def test_unknown_code_says_not_found(anon_client, course_index):
    response = anon_client.get("/certificates/verify/khong-co-ma-nay-123/")

    assert response.status_code == 404
    assert verify_status(response.text) == "Certificate not found"
    assert "khong-co-ma-nay-123" in response.text
    assert "Sorry, this page could not be found." not in response.text
    assert "noindex" in response["X-Robots-Tag"]


def test_unknown_code_is_shown_escaped(anon_client, course_index):
    response = anon_client.get("/certificates/verify/%3Cb%3Ema/")

    assert response.status_code == 404
    assert "<b>ma" not in response.text
    assert "&lt;b&gt;ma" in response.text


def test_verification_form(anon_client, course_index):
    response = anon_client.get(VERIFY_FORM)

    assert response.status_code == 200
    assert 'name="code"' in response.text
    assert "Enter the code printed under the QR code" in response.text


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        " {code} ",
        "https://hoctap.example.vn/certificates/verify/{code}/",
        "http://x.vn/certificates/verify/{code}",
        # the address printed under the QR code, with a real provincial domain (70 characters)
        " https://hoctap.thainguyen.gov.vn/certificates/verify/{code}/ ",
    ],
)
def test_verification_form_leads_to_the_codes_page(course, giang, anon_client, typed):
    certificate = issued(giang, course)

    response = anon_client.get(VERIFY_FORM, {"code": typed.format(code=certificate.code)})

    assert response.status_code == 302
    assert response["Location"] == f"/certificates/verify/{certificate.code}/"


@pytest.mark.parametrize("typed", ["", "   "])
def test_verification_form_without_a_code_asks_for_one(anon_client, course_index, typed):
    response = anon_client.get(VERIFY_FORM, {"code": typed})

    assert response.status_code == 200
    assert "This field is required." in response.text


# Downloads -------------------------------------------------------------------------------------


@pytest.fixture
def certificate(course, giang):
    return issued(giang, course)


def hr_of(unit_key, units, username):
    user = make_user(username, groups=[HR], profile={"full_name": username})
    HRScope.objects.create(user=user).administrative_units.add(units[unit_key])
    return user


@pytest.fixture
def people(giang, other_learner, hr, trainer, provincial_admin, superuser, units):
    return {
        "owner": giang,
        "other learner": other_learner,
        "HR of the learner's district": hr,
        "HR of another district": hr_of("district_b", units, "tccb_phuluong"),
        "HR of the province": hr_of("province", units, "tccb_tinh"),
        "the course's trainer": trainer,
        "another trainer": make_user("giangvien2", groups=[TRAINERS], profile={"full_name": "Đỗ Văn Dạy"}),
        "provincial administrator": provincial_admin,
        "superuser": superuser,
    }


ALLOWED = [
    "owner",
    "HR of the learner's district",
    "HR of the province",
    "the course's trainer",
    "provincial administrator",
    "superuser",
]
REFUSED = ["other learner", "HR of another district", "another trainer"]


def test_anonymous_download_asks_to_log_in(certificate, anon_client):
    url = certificate.download_url

    response = anon_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("who", ALLOWED)
def test_download_for_those_who_may_see_it(certificate, people, who):
    response = client_for(people[who]).get(certificate.download_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="giay-chung-nhan-01-gcn-nguyen-thi-huong-giang.pdf"; '
        "filename*=utf-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn%2001-GCN%20-%20"
        "Nguy%E1%BB%85n%20Th%E1%BB%8B%20H%C6%B0%C6%A1ng%20Giang.pdf"
    )
    assert response.content.startswith(b"%PDF")
    assert GIANG in pdf_text(response.content)


@pytest.mark.parametrize("who", REFUSED)
def test_download_is_not_found_for_anyone_else(certificate, people, who):
    assert client_for(people[who]).get(certificate.download_url).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("owner", 404), ("HR of the learner's district", 200), ("superuser", 200)])
def test_revoked_certificate_is_withdrawn_from_its_learner(certificate, people, provincial_admin, who, status):
    certificate.revoke(provincial_admin, "Cấp nhầm")

    assert client_for(people[who]).get(certificate.download_url).status_code == status


def test_download_renders_again_a_pdf_lost_from_storage(certificate, giang):
    stored = certificate.ensure_pdf()
    certificate.pdf.storage.delete(certificate.pdf.name)

    response = client_for(giang).get(certificate.download_url)

    assert response.status_code == 200
    assert pdf_text(response.content) == pdf_text(stored)
    certificate.refresh_from_db()
    assert certificate.pdf.storage.exists(certificate.pdf.name)


def test_download_of_an_unknown_certificate_is_not_found(certificate, provincial_admin):
    assert client_for(provincial_admin).get(f"/certificates/{certificate.pk + 1000}/download/").status_code == 404


# Links on the learner's pages -------------------------------------------------------------------


def completed_section(html):
    return html[html.index('<h2 id="completed">') :]


def test_dashboard_links_to_the_certificate_of_a_completed_course(certificate, giang):
    html = client_for(giang).get("/learning/").text

    completed = completed_section(html)
    assert f'<a href="{certificate.download_url}">Download your certificate (PDF)</a>' in completed
    assert certificate.number in completed


def test_dashboard_links_to_all_the_learners_certificates(giang):
    """Class certificates have no course page: the dashboard leads to the list of them all."""
    html = client_for(giang).get("/learning/").text

    assert '<a href="/certificates/">All my certificates, including those of in-person classes</a>' in html


def test_dashboard_has_no_certificate_link_without_a_valid_certificate(certificate, giang, provincial_admin):
    certificate.revoke(provincial_admin, "Cấp nhầm")

    html = client_for(giang).get("/learning/").text

    assert "Download your certificate" not in html
    assert certificate.download_url not in html


def dashboard_queries(user):
    client = client_for(user)
    client.get("/learning/")  # warm the caches (site root paths, session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/learning/")
    assert response.text.count("Download your certificate (PDF)") == user.certificates.count()
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_certificates(course_index, learner, other_learner):
    courses = [make_course(course_index, 1)[0] for _ in range(4)]
    complete(learner, courses[0])
    for course in courses:
        complete(other_learner, course)

    assert dashboard_queries(learner) == dashboard_queries(other_learner)


def test_course_page_links_to_the_certificate(certificate, course, giang):
    html = client_for(giang).get(course.url).text

    assert f'<a href="{certificate.download_url}">Download your certificate (PDF)</a>' in html
    assert certificate.number in html


@pytest.mark.parametrize(
    "issued_at, line",
    [
        (datetime.datetime(2026, 9, 20, 3, 0, tzinfo=UTC), "Thái Nguyên, ngày 20 tháng 9 năm 2026"),
        (datetime.datetime(2026, 2, 5, 3, 0, tzinfo=UTC), "Thái Nguyên, ngày 05 tháng 02 năm 2026"),
        (datetime.datetime(2026, 1, 9, 3, 0, tzinfo=UTC), "Thái Nguyên, ngày 09 tháng 01 năm 2026"),
        (datetime.datetime(2026, 3, 1, 3, 0, tzinfo=UTC), "Thái Nguyên, ngày 01 tháng 3 năm 2026"),
        (datetime.datetime(2026, 12, 31, 3, 0, tzinfo=UTC), "Thái Nguyên, ngày 31 tháng 12 năm 2026"),
    ],
)
def test_the_date_line_is_written_as_decree_30_writes_it(
    monkeypatch, course_index, giang, filled_branding, issued_at, line
):
    """Decree 30/2020, Appendix I: a leading zero for days below 10 and for months 1 and 2 only."""
    Clock(monkeypatch, issued_at)
    course, _lessons = make_course(course_index, 1)

    lines = pdf_lines(issued(giang, course).render_pdf())

    assert line in lines


def test_a_revoked_certificates_pdf_carries_the_revocation_mark_and_date(
    monkeypatch, course_index, giang, provincial_admin, filled_branding
):
    Clock(monkeypatch, datetime.datetime(2026, 9, 20, 3, 0, tzinfo=UTC))
    course, _lessons = make_course(course_index, 1)
    certificate = issued(giang, course)
    valid_pdf = client_for(provincial_admin).get(certificate.download_url).content
    Clock(monkeypatch, datetime.datetime(2026, 10, 2, 3, 0, tzinfo=UTC))
    certificate.revoke(provincial_admin, "Sai họ tên")

    revoked_pdf = client_for(provincial_admin).get(certificate.download_url).content

    assert "ĐÃ THU HỒI" not in pdf_text(valid_pdf)
    lines = pdf_lines(revoked_pdf)
    assert "ĐÃ THU HỒI" in lines
    assert "ngày 02/10/2026" in lines
    assert certificate.number in pdf_text(revoked_pdf)  # still the certificate it was
