"""The offline certificate verifier (/certificates/verify/offline/) in Chromium: loaded once
online, it checks a certificate's signed QR token with the connection cut (from the pasted
address, and from the QR code's address opened offline, which its service worker answers), says
when a token was tampered with, and says "revoked" when online after a revocation.

Set SCREENSHOTS_DIR to save the README's picture of it (docs/images/offline-verifier.png)."""

import base64
import datetime
import json
import os
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from .axe import Audit

pytestmark = pytest.mark.e2e

LEARNER_NAME = "Nguyễn Thị Hương Giang"
RESULT = "#verifier-result"


@pytest.fixture
def certificate(course, make_user, live_server):
    from certificates.models import Certificate, CertificateSettings
    from courses.models import Enrolment
    from lms.management.commands.seed_demo import DEMO_ISSUING_BODY
    from people.models import StaffProfile

    branding = CertificateSettings.current()
    branding.public_base_url = live_server.url
    branding.save()
    for name, value in DEMO_ISSUING_BODY.items():
        setattr(branding.body, name, value)
    branding.body.save()
    learner = make_user("giang")
    StaffProfile.objects.create(user=learner, full_name=LEARNER_NAME)
    course.nominal_hours = Decimal("8")
    course.save()
    enrolment = Enrolment.objects.create(user=learner, course=course)
    for lesson in course.lessons():
        enrolment.mark_lesson_done(lesson)
    return Certificate.objects.get(user=learner, course=course)


def qr_address(certificate):
    """What the certificate's QR code holds (tests/test_certificate_credentials.py decodes it from
    the PDF): the verification address, the signed token in its fragment."""
    from certificates.credentials import qr_url

    return qr_url(certificate, certificate.verify_url().removesuffix(certificate.verify_path))


def tampered(address):
    head, token = address.split("#")
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["n"] = "Nguyễn Văn Giả"
    payload = base64.urlsafe_b64encode(json.dumps(claims, ensure_ascii=False).encode()).decode().rstrip("=")
    return f"{head}#{header}.{payload}.{signature}"


def verify(page, text):
    page.locator("#verifier-token").fill(text)
    page.locator("#verifier-form button[type=submit]").click()


def test_the_verifier_works_offline_once_loaded(new_context, certificate):
    address = qr_address(certificate)
    context = new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto("/certificates/verify/offline/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")  # its files are cached

    context.set_offline(True)
    verify(page, address)

    result = page.locator(RESULT)
    page.wait_for_selector(f"{RESULT}[data-state=valid]")
    # A locator, not wait_for_function: the page's policy refuses the string Playwright would eval.
    page.locator("#verifier-revocation", has_text=re.compile(r"\S")).wait_for()
    assert page.locator("#verifier-name").inner_text() == LEARNER_NAME
    assert page.locator("#verifier-course").inner_text() == certificate.course_title
    assert page.locator("#verifier-number").inner_text() == certificate.number
    assert page.locator("#verifier-issued").inner_text() == certificate.issued_on.strftime("%d/%m/%Y")
    assert "không có mạng" in page.locator("#verifier-revocation").inner_text()  # revocation unknown offline
    if os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(path=os.path.join(os.environ["SCREENSHOTS_DIR"], "offline-verifier.png"), full_page=True)

    verify(page, tampered(address))
    page.wait_for_selector(f"{RESULT}[data-state=invalid]")
    assert page.locator("#verifier-details").is_hidden()
    assert LEARNER_NAME not in result.inner_text()

    verify(page, "not a certificate")
    page.wait_for_selector(f"{RESULT}[data-state=malformed]")

    # The QR code's own address, opened offline (a phone's camera app): the service worker
    # answers with the verifier, which reads the token from the fragment.
    scanned = context.new_page()
    scanned.goto(address)
    scanned.wait_for_selector(f"{RESULT}[data-state=valid]")
    assert scanned.locator("#verifier-name").inner_text() == LEARNER_NAME


def test_a_revoked_certificate_shows_revoked_when_online_and_the_page_passes_axe(new_context, certificate, make_user):
    address = qr_address(certificate)
    page = new_context().new_page()
    page.goto("/certificates/verify/offline/")
    verify(page, address)
    page.wait_for_selector(f"{RESULT}[data-state=valid]")
    # A locator, not wait_for_function: the page's policy refuses the string Playwright would eval.
    page.locator("#verifier-revocation", has_text=re.compile(r"\S")).wait_for()
    assert "chưa bị thu hồi" in page.locator("#verifier-revocation").inner_text()

    certificate.revoke(make_user("sovhttdl", is_superuser=True, is_staff=True), "Cấp nhầm")
    verify(page, address)

    page.wait_for_selector(f"{RESULT}[data-state=revoked]")
    assert page.locator("#verifier-name").inner_text() == LEARNER_NAME
    audit = Audit()
    audit.check(page, "offline verifier, a revoked certificate")
    audit.assert_clean()


def signed_status_list():
    from certificates.credentials import signed_status_list
    from certificates.models import CertificateSettings

    return signed_status_list(CertificateSettings.current())


def test_only_a_certificates_qr_token_is_shown_as_genuine(new_context, certificate):
    """Every token the issuing body signs verifies, but only the QR token states a certificate:
    the status list, a learner's credential or signed claims of another shape put in the QR
    code's fragment are "not a certificate's QR code", and nothing of the result before stays."""
    from certificates.credentials import sign

    address = qr_address(certificate)
    head = address.split("#")[0]
    page = new_context().new_page()
    page.goto("/certificates/verify/offline/")
    verify(page, address)
    page.wait_for_selector(f"{RESULT}[data-state=valid]")
    claims = {"no": certificate.number, "n": LEARNER_NAME, "c": certificate.course_title, "s": certificate.pk}
    others = {
        "the status list": signed_status_list(),
        "a credential": certificate.signed_credential(),
        "a date not in ISO form": sign({**claims, "d": certificate.issued_on.strftime("%d/%m/%Y")}),
        "an index that is not a number": sign({**claims, "d": certificate.issued_on.isoformat(), "s": "1"}),
        "no name": sign({**claims, "n": "", "d": certificate.issued_on.isoformat()}),
    }

    for what, token in others.items():
        verify(page, f"{head}#{token}")

        page.wait_for_selector(f"{RESULT}[data-state=malformed]")
        assert "mã QR" in page.locator("#verifier-status").inner_text(), what
        assert page.locator("#verifier-details").is_hidden(), what
        for field in ("number", "name", "course", "issued", "expires"):
            assert page.locator(f"#verifier-{field}").text_content() == "", (what, field)
        verify(page, address)  # a well-formed QR token is still genuine
        page.wait_for_selector(f"{RESULT}[data-state=valid]")
        assert page.locator("#verifier-name").inner_text() == LEARNER_NAME

    # The same from the fragment of the address the page is opened at.
    page.goto(f"/certificates/verify/offline/#{others['the status list']}")
    page.wait_for_selector(f"{RESULT}[data-state=malformed]")


def test_an_expiry_is_judged_by_the_local_date(new_context, certificate):
    """In Vietnam (UTC+7) at 05:00, a certificate that expired yesterday (local date) is expired,
    though in UTC it is still the day before."""
    from certificates.models import Certificate

    now = datetime.datetime(2026, 12, 8, 5, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=datetime.date(2026, 12, 7))
    certificate.refresh_from_db()
    context = new_context(timezone_id="Asia/Ho_Chi_Minh")
    context.clock.set_fixed_time(now)
    page = context.new_page()
    page.goto("/certificates/verify/offline/")

    verify(page, qr_address(certificate))

    page.wait_for_selector(f"{RESULT}[data-state=expired]")
    assert page.locator("#verifier-expires").inner_text() == "07/12/2026"


def test_a_browser_without_ed25519_says_so_and_points_online(new_context, certificate):
    """Where WebCrypto has no Ed25519 (older browsers), a genuine certificate is not called "not a
    certificate's QR code": the page says it cannot check signatures here."""
    context = new_context()
    context.add_init_script(
        """
        const importKey = crypto.subtle.importKey.bind(crypto.subtle);
        crypto.subtle.importKey = (format, key, algorithm, ...rest) =>
            algorithm && (algorithm === "Ed25519" || algorithm.name === "Ed25519")
                ? Promise.reject(new DOMException("Unrecognized name.", "NotSupportedError"))
                : importKey(format, key, algorithm, ...rest);
        """
    )
    page = context.new_page()
    page.goto("/certificates/verify/offline/")

    verify(page, qr_address(certificate))

    page.wait_for_selector(f"{RESULT}[data-state=unsupported]")
    status = page.locator("#verifier-status").inner_text()
    assert "Trình duyệt này không kiểm tra được chữ ký số" in status
    assert page.locator("#verifier-details").is_hidden()
