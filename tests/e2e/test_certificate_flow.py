"""A learner finishes a course in the browser, downloads the certificate it earned, and a
stranger checks it: by scanning its QR code (decoded from the downloaded PDF) and by typing
its code into the verification form."""

from urllib.parse import urlparse

import pytest

from ..test_certificates import qr_codes
from .conftest import PASSWORD

pytestmark = pytest.mark.e2e

DONE_BUTTON = "form[action$='/done/'] button[type=submit]"
LEARNER_NAME = "Nguyễn Thị Hương Giang"


def pdf_text(pdf_bytes):
    import pypdfium2

    return pypdfium2.PdfDocument(pdf_bytes)[0].get_textpage().get_text_range()


def test_learner_downloads_the_certificate_and_a_stranger_verifies_it(new_context, course, make_user, live_server):
    from certificates.models import Certificate, CertificateSettings
    from courses.models import Enrolment
    from people.models import StaffProfile

    learner = make_user("giang", email="giang@thuvien.example.vn")
    StaffProfile.objects.create(user=learner, full_name=LEARNER_NAME)
    # QR codes point at the public address from the branding setting: here, the live server.
    branding = CertificateSettings.current()
    branding.public_base_url = live_server.url
    branding.save()
    lessons = list(course.lessons())
    enrolment = Enrolment.objects.create(user=learner, course=course)
    for lesson in lessons[:-1]:
        enrolment.mark_lesson_done(lesson)

    context = new_context(accept_downloads=True)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill("giang")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url("**/learning/")

    # Finishing the last lesson completes the course and issues the certificate.
    page.goto(lessons[-1].url)
    page.locator(DONE_BUTTON).click()
    page.wait_for_url(f"**{course.url}")
    certificate = Certificate.objects.get(user=learner, course=course)
    assert certificate.delivered_at is not None

    # The course page and /learning/ both offer the PDF.
    assert page.locator(f".enrolment-links a[href='{certificate.download_url}']").count() == 1
    page.goto("/learning/")
    link = page.locator(f".enrolment-links a[href='{certificate.download_url}']")
    assert certificate.number in page.locator(".enrolment-links").inner_text()
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == certificate.display_filename  # the Vietnamese name (filename*)
    with open(download.path(), "rb") as downloaded:
        pdf = downloaded.read()
    assert pdf.startswith(b"%PDF") and len(pdf) < 100_000
    assert LEARNER_NAME in pdf_text(pdf)

    # A stranger scans the QR code: it opens the public page, which says "valid" (the signed
    # token in the address's fragment is for the offline verifier: test_offline_verifier.py).
    [url] = qr_codes(pdf)
    assert url.split("#")[0] == certificate.verify_url()
    stranger = new_context(language="en").new_page()
    stranger.goto(url)
    result = stranger.locator(".verify-result")
    assert "verify-result--valid" in result.get_attribute("class")
    assert LEARNER_NAME in result.inner_text()
    assert course.title in result.inner_text()

    # Revoked: the same address now says so.
    admin = make_user("sovhttdl", is_superuser=True, is_staff=True)
    certificate.revoke(admin, "Cấp nhầm")
    stranger.reload()
    assert "verify-result--revoked" in stranger.locator(".verify-result").get_attribute("class")
    assert "Cấp nhầm" not in stranger.content()  # the reason stays internal

    # Typing the code (with stray spaces) into the form finds it too; a wrong code does not.
    stranger.goto("/certificates/verify/")
    stranger.locator("input[name=code]").fill(f"  {certificate.code} ")
    stranger.locator("form.stacked-form button[type=submit]").click()
    stranger.wait_for_url(f"**{certificate.verify_path}")
    assert urlparse(stranger.url).path == certificate.verify_path
    stranger.locator("input[name=code]").fill("not-a-real-code")
    stranger.locator("form.stacked-form button[type=submit]").click()
    stranger.wait_for_url("**/certificates/verify/NOT-A-REAL-CODE/")  # codes are read upper-case
    assert stranger.locator(".verify-result--unknown").count() == 1
