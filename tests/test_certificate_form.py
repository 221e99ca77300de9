"""Certificates in the form officers expect (Decree 30/2020): the number pattern of Settings →
Certificates and its validation, the holder's date of birth, and who issued and signed it,
recorded at issue, printed on the PDF (also when rendered again, revoked, after the settings
changed) and named on the public verification page, never "the system"."""

import datetime
import importlib
import json
import zipfile
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from wagtail.models import Site

from certificates.admin_views import member_name
from certificates.models import CertificateSettings
from certificates.numbers import format_number
from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS
from people.models import IssuingBody

from . import test_certificates
from .conftest import client_for
from .test_certificates import issued, pdf_lines

# The fixtures of test_certificates: Giang of the district A library, her course, and the Thái
# Nguyên Department in Settings → Issuing body and → Certificates.
giang, course, filled_branding = test_certificates.giang, test_certificates.course, test_certificates.filled_branding

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/admin/settings/certificates/certificatesettings/"
ISSUER = "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH (UBND TỈNH THÁI NGUYÊN)"


def default_site():
    return Site.objects.get(is_default_site=True)


# The number pattern --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "sequence", "year", "number"),
    [
        ("{sequence}/GCN-{abbreviation}", 29, 2026, "29/GCN-SVHTTDL"),
        ("{sequence}/GCN-{abbreviation}", 5, 2026, "05/GCN-SVHTTDL"),
        ("{sequence}/GCN-{abbreviation}", 134, 2026, "134/GCN-SVHTTDL"),
        ("{sequence:06d}/{year}/GCN", 29, 2026, "000029/2026/GCN"),
        ("GCN-{year}-{sequence:06d}", 123, 2026, "GCN-2026-000123"),
    ],
)
def test_patterns_give_the_numbers_officers_read(pattern, sequence, year, number):
    assert format_number(pattern, sequence=sequence, year=year, abbreviation="SVHTTDL") == number


def settings_form(**changes):
    return {
        **DEMO_CERTIFICATE_SETTINGS,
        "signature": "",
        "number_pattern": "{sequence}/GCN-{abbreviation}",
        "public_base_url": "",
        **changes,
    }


def save_settings(user, language="en", **changes):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = f"{SETTINGS_URL}{default_site().pk}/"
    return client.post(url, settings_form(**changes), follow=True)


def test_a_fresh_install_numbers_in_the_official_form():
    assert CertificateSettings.current().number_pattern == "{sequence}/GCN-{abbreviation}"


def test_the_administrator_sets_a_pattern(provincial_admin):
    save_settings(provincial_admin, number_pattern="{sequence:04d}/{year}/GCN-{abbreviation}")

    assert CertificateSettings.current().number_pattern == "{sequence:04d}/{year}/GCN-{abbreviation}"


@pytest.mark.parametrize(
    ("pattern", "error"),
    [
        ("GCN-{abbreviation}", "Mẫu số hiệu phải có {sequence}"),
        ("{sequence}/{so_thu_tu}", "Trường thay thế {so_thu_tu} không hợp lệ"),
        ("{sequence}/{}", "Trường thay thế {} không hợp lệ"),
        ("{sequence!r}", "Trường thay thế {sequence} không hợp lệ"),
        ("{sequence}/GCN-{abbreviation", "Có dấu ngoặc nhọn chưa đóng"),
        ("{sequence:x<}/{year:d}/{abbreviation:d}", "Không áp dụng được định dạng"),
        ("{sequence}" + "{abbreviation}" * 3, "Mẫu này cho số hiệu quá dài để in"),
    ],
)
def test_a_pattern_that_cannot_number_certificates_is_refused_in_vietnamese(provincial_admin, pattern, error):
    response = save_settings(provincial_admin, language="vi", number_pattern=pattern)

    assert error in response.text
    assert CertificateSettings.current().number_pattern == "{sequence}/GCN-{abbreviation}"


def test_zip_members_of_the_same_name_are_told_apart():
    taken = set()

    names = [member_name("giay-chung-nhan-29-GCN-SVHTTDL-nguyen-thi-lan.pdf", taken) for _ in range(3)]

    assert names == [
        "giay-chung-nhan-29-GCN-SVHTTDL-nguyen-thi-lan.pdf",
        "giay-chung-nhan-29-GCN-SVHTTDL-nguyen-thi-lan-2.pdf",
        "giay-chung-nhan-29-GCN-SVHTTDL-nguyen-thi-lan-3.pdf",
    ]


def test_file_names_carry_no_slash(course, giang, filled_branding, provincial_admin):
    certificate = issued(giang, course)
    client = client_for(provincial_admin)

    assert certificate.filename == "giay-chung-nhan-01-gcn-svhttdl-nguyen-thi-huong-giang.pdf"
    assert certificate.display_filename == "Giấy chứng nhận 01-GCN-SVHTTDL - Nguyễn Thị Hương Giang.pdf"
    response = client.post(
        f"/admin/bulk/certificates/certificate/download_zip/?id={certificate.pk}",
    )
    with zipfile.ZipFile(BytesIO(b"".join(response.streaming_content))) as archive:
        assert archive.namelist() == [certificate.filename]


# The date of birth ---------------------------------------------------------------------------------


def test_the_date_of_birth_is_printed_when_the_profile_has_one(course, giang, filled_branding):
    giang.staff_profile.date_of_birth = datetime.date(1988, 3, 15)
    giang.staff_profile.save()

    certificate = issued(giang, course)

    assert certificate.date_of_birth == datetime.date(1988, 3, 15)
    assert "Ngày sinh: 15/03/1988 · Đơn vị công tác: Thư viện huyện Đại Từ" in pdf_lines(certificate.render_pdf())


def test_no_date_of_birth_line_without_one(course, giang, filled_branding):
    certificate = issued(giang, course)

    assert certificate.date_of_birth is None
    assert not [line for line in pdf_lines(certificate.render_pdf()) if "Ngày sinh" in line]


def test_the_date_of_birth_is_as_it_was_at_issue(course, giang, filled_branding):
    giang.staff_profile.date_of_birth = datetime.date(1988, 3, 15)
    giang.staff_profile.save()
    certificate = issued(giang, course)

    giang.staff_profile.date_of_birth = datetime.date(1989, 3, 15)
    giang.staff_profile.save()
    certificate.refresh_from_db()

    assert "Ngày sinh: 15/03/1988" in " ".join(pdf_lines(certificate.render_pdf()))


def test_the_date_of_birth_is_never_on_the_public_page(course, giang, filled_branding, anon_client):
    giang.staff_profile.date_of_birth = datetime.date(1988, 3, 15)
    giang.staff_profile.save()
    certificate = issued(giang, course)

    page = anon_client.get(certificate.verify_path).text

    assert "1988" not in page


def test_personal_data_exports_it_and_anonymisation_clears_it(course, giang, filled_branding, provincial_admin):
    giang.staff_profile.date_of_birth = datetime.date(1988, 3, 15)
    giang.staff_profile.save()
    certificate = issued(giang, course)
    certificate.ensure_pdf()

    [exported] = json.loads(client_for(giang).get("/accounts/my-data/").content)["certificates"]
    assert exported["date_of_birth"] == "1988-03-15"
    assert exported["issued_by_body"] == ISSUER

    client_for(provincial_admin).post(f"/admin/people/anonymise/{giang.staff_profile.pk}/", {"reason": "Đã nghỉ hưu"})

    certificate.refresh_from_db()
    assert (certificate.learner_name, certificate.date_of_birth) == ("Nguyễn Thị Hương Giang", None)
    assert not certificate.pdf  # the stored PDF printed it: rendered again without it
    text = " ".join(pdf_lines(certificate.document_pdf()))
    assert "Nguyễn Thị Hương Giang" in text and "1988" not in text


# Who issued it -------------------------------------------------------------------------------------


def test_the_verification_page_names_the_issuing_body_and_the_signatory(course, giang, filled_branding):
    certificate = issued(giang, course)
    client = client_for()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    page = client.get(certificate.verify_path).text

    assert f"<dt>Cơ quan cấp</dt><dd>{ISSUER}</dd>" in page
    assert "<dt>Người ký</dt><dd>Nguyễn Văn Thành – KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC</dd>" in page
    assert "Giấy chứng nhận này do SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH cấp và đang còn hiệu lực." in page
    assert "hệ thống" not in page


def test_an_unknown_code_does_not_speak_of_the_system(db):
    client = client_for()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    page = client.get("/certificates/verify/AAAAAAAAAAAAAAAA/").text

    assert "hệ thống" not in page and "hãy liên hệ cơ quan có tên trên văn bản" in page


def test_what_was_issued_does_not_change_with_the_settings(course, giang, filled_branding, provincial_admin):
    certificate = issued(giang, course)
    body = IssuingBody.for_site(default_site())
    body.name, body.governing_body, body.place_name = "SỞ VĂN HÓA VÀ THỂ THAO", "UBND TỈNH MỚI", "Phổ Yên"
    body.save()
    branding = CertificateSettings.for_site(default_site())
    branding.signatory_authority, branding.signatory_title, branding.signatory_name = "", "GIÁM ĐỐC", "Trần Mới"
    branding.save()
    certificate.revoke(provincial_admin, "Cấp nhầm")
    certificate.refresh_from_db()

    lines = pdf_lines(certificate.document_pdf())  # rendered again, with the revocation mark

    assert "ĐÃ THU HỒI" in lines
    assert {"UBND TỈNH THÁI NGUYÊN", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"} <= set(lines)
    assert any(line.startswith("Thái Nguyên, ngày") for line in lines)
    assert any("Nguyễn Văn Thành" in line for line in lines)  # beside the code, in any order
    assert not [line for line in lines if "Trần Mới" in line or "UBND TỈNH MỚI" in line or "Phổ Yên" in line]
    assert client_for().get(certificate.verify_path).context["certificate"].issuer_display == ISSUER


def test_certificates_issued_before_record_the_settings_of_their_time(course, giang):
    """Migration 0006 (run here on today's models, with Settings → Certificates as it was, with
    its number prefix): existing certificates take the default site's body and signatory; a site
    whose prefix was its own keeps that form of number, the others take the official one."""
    fill = importlib.import_module("certificates.migrations.0006_fill_issuer_and_number_pattern").fill
    old = issued(giang, course)  # issued before Settings were filled: it recorded nothing
    site = default_site()
    body = IssuingBody.for_site(site)
    body.governing_body, body.name, body.place_name = (
        "UBND TỈNH THÁI NGUYÊN",
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "Thái Nguyên",
    )
    body.save()
    saved = []
    default = SimpleNamespace(
        site_id=site.pk,
        number_prefix="GCN",
        signature_id=None,
        save=lambda **kw: saved.append("default"),
        **DEMO_CERTIFICATE_SETTINGS,
    )
    own = SimpleNamespace(site_id=None, number_prefix="STTDL", save=lambda **kw: saved.append("own"))
    rows = [default, own]
    old_settings = SimpleNamespace(
        objects=SimpleNamespace(
            all=lambda: rows,
            filter=lambda site_id: SimpleNamespace(first=lambda: rows[0] if site_id == site.pk else None),
        )
    )
    fake_apps = SimpleNamespace(
        get_model=lambda app, name: old_settings if name == "CertificateSettings" else apps.get_model(app, name)
    )

    fill(fake_apps, None)

    assert (default.number_pattern, own.number_pattern) == (
        "{sequence}/GCN-{abbreviation}",
        "STTDL-{year}-{sequence:06d}",
    )
    assert saved == ["default", "own"]
    old.refresh_from_db()
    assert old.number == "01/GCN"  # numbers stay
    assert (old.issuer_display, old.issuer_place) == (ISSUER, "Thái Nguyên")
    assert old.signatory_display == "Nguyễn Văn Thành – KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC"
