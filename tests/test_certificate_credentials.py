"""Certificates as signed credentials (certificates/credentials.py, keys.py, status_list.py): the
Open Badges 3.0 credential beside the PDF and inside it, the signed token in the QR code, the
published keys, the revocation status list, key rotation and the commands.

Signatures are checked here with ``cryptography``'s Ed25519 directly, not with joserfc, which
signs them: an independent implementation, reading only what a verifier gets (the JSON Web Key
Set and the status list from their public addresses, the token from the PDF's QR code)."""

import base64
import io
import json
import os
import stat
from datetime import date
from decimal import Decimal

import pypdfium2
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from certificates import credentials, keys, status_list
from certificates.models import CertificateSettings
from courses.models import TrainingType
from lms.management.commands.seed_demo import DEMO_CERTIFICATE_SETTINGS, DEMO_ISSUING_BODY

from .conftest import client_for, make_course, make_user
from .test_certificates import issued, qr_codes

GIANG = "Nguyễn Thị Hương Giang"
COURSE_TITLE = "Chuyển đổi số trong thư viện công cộng"


def b64(value):
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def published_keys():
    """The JSON Web Key Set as any verifier fetches it, by kid."""
    response = Client().get("/certificates/keys.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return {key["kid"]: key for key in response.json()["keys"]}


def verify_with_cryptography(token, jwks):
    """The payload of ``token`` if it verifies against ``jwks`` (Ed25519, by ``cryptography``);
    raises InvalidSignature (or KeyError for a key not published)."""
    header, payload, signature = token.split(".")
    jwk = jwks[json.loads(b64(header))["kid"]]
    assert json.loads(b64(header))["alg"] == "Ed25519" and jwk["crv"] == "Ed25519"
    Ed25519PublicKey.from_public_bytes(b64(jwk["x"])).verify(b64(signature), f"{header}.{payload}".encode())
    return json.loads(b64(payload))


def downloaded_credential(user, certificate):
    response = client_for(user).get(certificate.credential_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert ".json" in response["Content-Disposition"]
    envelope = json.loads(response.content)
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    return envelope["id"].removeprefix("data:application/vc+jwt,")


def qr_url_in(pdf):
    [url] = qr_codes(pdf)
    return url


def attachments_of(pdf):
    document = pypdfium2.PdfDocument(pdf)
    return {
        document.get_attachment(i).get_name(): bytes(document.get_attachment(i).get_data())
        for i in range(document.count_attachments())
    }


@pytest.fixture
def giang(units):
    return make_user("huonggiang.tv", profile={"full_name": GIANG, "institution": units["library_a"]})


@pytest.fixture
def course(course_index):
    fields = {"nominal_hours": Decimal("12.5"), "training_type": TrainingType.RETRAINING}
    return make_course(course_index, 2, title=COURSE_TITLE, **fields)[0]


@pytest.fixture
def certificate(giang, course):
    """Issued by the demo's body (Settings → Issuing body and → Certificates filled)."""
    branding = CertificateSettings.current()
    for setting, values in ((branding.body, DEMO_ISSUING_BODY), (branding, DEMO_CERTIFICATE_SETTINGS)):
        for name, value in values.items():
            setattr(setting, name, value)
        setting.save()
    return issued(giang, course)


# The credential ------------------------------------------------------------------------------


def test_the_downloaded_credential_verifies_and_states_the_certificate(certificate, giang):
    token = downloaded_credential(giang, certificate)

    credential = verify_with_cryptography(token, published_keys())

    assert json.loads(b64(token.split(".")[0]))["typ"] == "vc+jwt"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["issuer"]["name"] == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH (UBND TỈNH THÁI NGUYÊN)"
    subject = credential["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == GIANG
    assert subject["licenseNumber"] == certificate.number
    assert subject["achievement"]["name"] == COURSE_TITLE
    assert subject["achievement"]["creditsAvailable"] == 12.5
    assert subject["achievement"]["description"] == "Đào tạo lại, 12,5 giờ"
    assert credential["validFrom"] == f"{certificate.issued_on.isoformat()}T00:00:00+07:00"
    assert credential["credentialStatus"]["statusListIndex"] == str(certificate.pk)
    assert credential["credentialStatus"]["statusListCredential"].endswith("/certificates/status/revocation/")


def test_the_pdf_carries_the_same_signed_credential(certificate, giang):
    token = downloaded_credential(giang, certificate)

    [(name, content)] = attachments_of(certificate.render_pdf()).items()

    assert name == certificate.filename.replace(".pdf", ".json")
    assert json.loads(content)["id"] == f"data:application/vc+jwt,{token}"


def test_a_changed_byte_another_key_or_an_unknown_key_fails(certificate):
    token = certificate.signed_credential()
    header, payload, signature = token.split(".")
    jwks = published_keys()
    claims = json.loads(b64(payload))

    claims["credentialSubject"]["licenseNumber"] = "99/GCN-SVHTTDL"
    changed = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    with pytest.raises(InvalidSignature):
        verify_with_cryptography(f"{header}.{changed}.{signature}", jwks)
    with pytest.raises(InvalidSignature):
        verify_with_cryptography(f"{header}.{payload}.{signature[:10]}A{signature[11:]}", jwks)
    with pytest.raises(credentials.InvalidSignature):
        credentials.verify(f"{header}.{changed}.{signature}")

    # Signed by a key that is not the issuing body's, under its key id.
    forged = Ed25519PrivateKey.generate().sign(f"{header}.{payload}".encode())
    forged_signature = base64.urlsafe_b64encode(forged).decode().rstrip("=")
    with pytest.raises(InvalidSignature):
        verify_with_cryptography(f"{header}.{payload}.{forged_signature}", jwks)
    assert credentials.verify(token)["credentialSubject"]["licenseNumber"] == certificate.number


def test_the_published_keys_hold_no_private_half(certificate):
    response = Client().get("/certificates/keys.json")

    assert [sorted(key) for key in response.json()["keys"]] == [["alg", "crv", "kid", "kty", "use", "x"]]


# The QR code ---------------------------------------------------------------------------------


def test_the_qr_code_verifies_offline_against_the_published_keys(certificate):
    jwks = published_keys()  # fetched once; what follows needs no server

    url = qr_url_in(certificate.render_pdf())

    address, token = url.split("#")
    assert address == certificate.verify_url()
    claims = verify_with_cryptography(token, jwks)
    assert claims == {
        "no": certificate.number,
        "n": GIANG,
        "c": COURSE_TITLE,
        "d": certificate.issued_on.isoformat(),
        "s": certificate.pk,
    }


def test_a_tampered_qr_token_fails(certificate):
    token = credentials.qr_token(certificate)
    header, payload, signature = token.split(".")
    claims = json.loads(b64(payload))
    claims["n"] = "Nguyễn Văn Giả"
    changed = base64.urlsafe_b64encode(json.dumps(claims, ensure_ascii=False).encode()).decode().rstrip("=")

    with pytest.raises(InvalidSignature):
        verify_with_cryptography(f"{header}.{changed}.{signature}", published_keys())


# Revocation ----------------------------------------------------------------------------------


def test_the_status_list_marks_a_revoked_certificate(certificate, provincial_admin, course, other_learner):
    other = issued(other_learner, course)

    def revoked_bits():
        response = Client().get("/certificates/status/revocation/")
        assert response["Content-Type"] == "application/vc+jwt"
        status = verify_with_cryptography(response.content.decode(), published_keys())
        assert status["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert status["credentialSubject"]["statusPurpose"] == "revocation"
        return status_list.decode(status["credentialSubject"]["encodedList"])

    bits = revoked_bits()
    assert len(bits) * 8 == status_list.MIN_BITS
    assert not status_list.is_set(bits, certificate.pk) and not status_list.is_set(bits, other.pk)

    certificate.revoke(provincial_admin, "Cấp nhầm")

    bits = revoked_bits()
    assert status_list.is_set(bits, certificate.pk)
    assert not status_list.is_set(bits, other.pk)
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_the_status_list_grows_past_its_minimum_for_large_indexes():
    bits = status_list.decode(status_list.encode([5, status_list.MIN_BITS + 3]))

    assert len(bits) * 8 == 2 * status_list.MIN_BITS
    assert status_list.is_set(bits, 5) and status_list.is_set(bits, status_list.MIN_BITS + 3)
    assert not status_list.is_set(bits, 4)


# Keys ----------------------------------------------------------------------------------------


@pytest.fixture
def empty_keys_dir(settings, tmp_path):
    settings.LMS_CERTIFICATE_KEYS_DIR = tmp_path / "keys"
    settings.LMS_CERTIFICATE_KEYS_GENERATE = False
    return settings.LMS_CERTIFICATE_KEYS_DIR


def command(*args):
    out = io.StringIO()
    call_command("certificate_keys", *args, stdout=out)
    return out.getvalue()


def test_without_a_key_nothing_is_signed_and_the_deploy_check_says_so(empty_keys_dir, certificate):
    from certificates.checks import signing_key

    with pytest.raises(keys.NoSigningKey, match="certificate_keys generate"):
        certificate.signed_credential()
    assert [warning.id for warning in signing_key(None)] == ["certificates.W001"]


def test_keys_are_generated_in_owner_only_files_and_rotated_without_breaking_older_certificates(
    empty_keys_dir, certificate
):
    out = command("generate")
    [first] = keys.stored_keys()
    assert first.kid in out
    assert stat.S_IMODE(os.stat(first.path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(empty_keys_dir).st_mode) == 0o700
    with pytest.raises(CommandError, match="rotate"):
        command("generate")
    before = credentials.qr_token(certificate)

    out = command("rotate")

    first_after, second = keys.stored_keys()
    assert second.kid in out and "1 earlier key" in out
    assert not first_after.is_private and "d" not in json.loads(first_after.path.read_text())
    assert stat.S_IMODE(os.stat(first_after.path).st_mode) == 0o600
    jwks = published_keys()
    assert set(jwks) == {first.kid, second.kid}
    assert verify_with_cryptography(before, jwks)["no"] == certificate.number  # issued before: still valid
    after = credentials.qr_token(certificate)
    assert json.loads(b64(after.split(".")[0]))["kid"] == second.kid
    assert verify_with_cryptography(after, jwks)["no"] == certificate.number
    listing = command("list")
    assert f"{first.kid}" in listing and f"{second.kid}" in listing and "2 key(s)" in listing


def test_a_rotation_interrupted_before_does_not_stop_the_next(empty_keys_dir):
    command("generate")
    [first] = keys.stored_keys()
    stale = first.path.with_suffix(".tmp")  # what a rotation killed mid-write used to leave
    stale.write_text("{")

    out = command("rotate")

    first_after, second = keys.stored_keys()
    assert second.kid in out
    assert not first_after.is_private
    assert stat.S_IMODE(os.stat(first_after.path).st_mode) == 0o600
    assert sorted(path.name for path in empty_keys_dir.iterdir()) == sorted(
        [first.path.name, second.path.name, stale.name]
    )


# Certificates issued before credentials --------------------------------------------------------


def test_sign_certificates_renders_again_the_pdfs_stored_without_a_credential(certificate):
    old = certificate.render_pdf().replace(b"/EmbeddedFiles", b"/NoAttachment")
    certificate.pdf.save(certificate.filename, ContentFile(old), save=True)
    old_name = certificate.pdf.name
    out = io.StringIO()

    call_command("sign_certificates", stdout=out)

    assert "1 of 1 stored PDFs lacked a credential signed by a published key and were rendered again" in out.getvalue()
    certificate.refresh_from_db()
    assert certificate.pdf.name != old_name and not certificate.pdf.storage.exists(old_name)
    with certificate.pdf.open("rb") as stored:
        assert len(attachments_of(stored.read())) == 1
    out = io.StringIO()
    call_command("sign_certificates", stdout=out)
    assert "0 of 1 stored PDFs" in out.getvalue()


def test_the_credential_is_in_vietnamese_whatever_the_readers_language(certificate, giang):
    english = client_for(giang)  # asks for English

    envelope = json.loads(english.get(certificate.credential_url).content)

    claims = credentials.verify(envelope["id"].removeprefix("data:application/vc+jwt,"))
    assert claims["name"] == f"Giấy chứng nhận {certificate.number}"
    assert date.fromisoformat(claims["validFrom"][:10]) == certificate.issued_on


def test_sign_certificates_renders_again_the_pdfs_signed_by_a_key_no_longer_published(empty_keys_dir, certificate):
    """After a leak (docs/DEPLOY.md 2.6a): rotate, delete the leaked key's file, sign_certificates."""
    command("generate")
    [leaked] = keys.stored_keys()
    certificate.ensure_pdf()
    old_name = certificate.pdf.name
    command("rotate")
    leaked.path.unlink()
    out = io.StringIO()

    call_command("sign_certificates", stdout=out)

    assert "1 of 1 stored PDFs lacked a credential signed by a published key" in out.getvalue()
    certificate.refresh_from_db()
    assert certificate.pdf.name != old_name and not certificate.pdf.storage.exists(old_name)
    with certificate.pdf.open("rb") as stored:
        pdf = stored.read()
    jwks = published_keys()
    assert leaked.kid not in jwks
    assert verify_with_cryptography(qr_url_in(pdf).split("#")[1], jwks)["no"] == certificate.number
    [content] = attachments_of(pdf).values()
    token = json.loads(content)["id"].removeprefix("data:application/vc+jwt,")
    assert verify_with_cryptography(token, jwks)["credentialSubject"]["licenseNumber"] == certificate.number
    out = io.StringIO()
    call_command("sign_certificates", stdout=out)
    assert "0 of 1 stored PDFs" in out.getvalue()
