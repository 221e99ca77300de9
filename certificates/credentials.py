"""Certificates as signed, machine-verifiable credentials.

Two signed forms of what a certificate states, both JSON Web Signatures (compact serialisation)
made with the issuing body's Ed25519 key (``keys``), its ``kid`` in the header:

- the **credential**: an Open Badges 3.0 ``OpenBadgeCredential``, a W3C Verifiable Credential
  (data model 2.0) secured as VC-JOSE-COSE describes (``typ: vc+jwt``, the credential itself the
  payload). It names the achievement (course title, training type, hours as
  ``creditsAvailable``, the issuing body as its creator), the holder (their name as a plain
  ``IdentityObject``), the study dates, the certificate number (``licenseNumber``), issue and
  expiry dates, and a ``credentialStatus`` entry pointing at the revocation status list
  (``status_list``). Handed out as JSON (``enveloped``) beside the PDF and inside it;
- the **QR token**: the few facts a person compares with the paper (number, name, course, date
  of issue, expiry) in short keys, small enough for the QR code, which carries it in the
  fragment of the verification address (``qr_url``): a fragment never reaches a server, and the
  offline verifier page reads it from there.

Both are signed when asked for, from what the certificate recorded at issue (Ed25519 signatures
are deterministic: the same key gives the same bytes), so certificates issued before credentials
existed get theirs too.
"""

import json
import uuid
from datetime import datetime, time
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from joserfc import jws

from courses.models import TrainingType

from . import conf, keys, status_list
from .models import Certificate

CONTEXTS = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
CREDENTIAL_TYPE = "vc+jwt"


class InvalidSignature(Exception):
    pass


def build_credential(certificate, base_url):
    """The Open Badges 3.0 credential of ``certificate`` (a dict, unsigned), in the certificate
    language whoever asks for it."""
    with translation.override(conf.language()):
        name = _("Certificate %(number)s") % {"number": certificate.number}
        description = _("%(type)s, %(hours)s hours") % {
            "type": TrainingType(certificate.training_type).label,
            "hours": decimal_text(certificate.hours),
        }
        criteria = _("Completed the course or in-person class named.")
    issuer = {"id": f"{base_url}/", "type": ["Profile"], "name": certificate.issuer_display or base_url}
    hours = float(certificate.hours)
    achievement = {
        "id": achievement_id(certificate, base_url),
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": certificate.course_title,
        "description": description,
        "criteria": {"narrative": criteria},
        "creditsAvailable": hours,
    }
    subject = {
        "type": ["AchievementSubject"],
        "identifier": [
            {
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": False,
                "identityHash": certificate.learner_name,
            }
        ],
        "achievement": achievement,
        "activityStartDate": local_datetime(certificate.started_on),
        "activityEndDate": local_datetime(certificate.completed_on),
        "creditsEarned": hours,
        "licenseNumber": certificate.number,
    }
    if certificate.score is not None:
        subject["result"] = [{"type": ["Result"], "value": f"{certificate.score:f}%"}]
    credential = {
        "@context": CONTEXTS,
        "id": certificate.verify_url_at(base_url),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": issuer,
        "validFrom": local_datetime(certificate.issued_on),
        "credentialSubject": subject,
        "credentialStatus": status_list.entry(certificate, base_url),
    }
    if certificate.expires_on:
        credential["validUntil"] = local_datetime(certificate.expires_on, time(23, 59, 59))
    return credential


def issue_credential(certificate, base_url):
    """The credential signed: a compact JWS whose payload is the credential."""
    return sign(build_credential(certificate, base_url), CREDENTIAL_TYPE)


def enveloped(token):
    """The signed credential as JSON (VC data model 2.0's ``EnvelopedVerifiableCredential``):
    the file handed out beside the PDF and embedded in it."""
    return {
        "@context": CONTEXTS[0],
        "id": f"data:application/vc+jwt,{token}",
        "type": "EnvelopedVerifiableCredential",
    }


def qr_claims(certificate):
    """What the QR token states, in short keys (read by certificates/static/certificates/verifier.js)."""
    claims = {
        "no": certificate.number,
        "n": certificate.learner_name,
        "c": certificate.course_title,
        "d": certificate.issued_on.isoformat(),
        "s": certificate.pk,
    }
    if certificate.expires_on:
        claims["x"] = certificate.expires_on.isoformat()
    return claims


def qr_token(certificate):
    return sign(qr_claims(certificate))


def qr_url(certificate, base_url):
    """The verification address with the signed QR token as its fragment."""
    return f"{certificate.verify_url_at(base_url)}#{qr_token(certificate)}"


def signed_status_list(branding):
    """The status list credential of every revoked certificate, signed."""
    revoked = Certificate.objects.filter(status=Certificate.Status.REVOKED).values_list("pk", flat=True)
    credential = status_list.build(branding.verification_base_url(), list(revoked), branding.body.name)
    return sign(credential, CREDENTIAL_TYPE)


def sign(claims, typ=None):
    """A compact JWS of ``claims`` by the current signing key. The QR token has no ``typ``:
    every byte makes its QR code denser."""
    stored = keys.signing_key()
    payload = json.dumps(claims, ensure_ascii=False, separators=(",", ":")).encode()
    header = {"alg": keys.ALGORITHM, "kid": stored.kid}
    if typ:
        header["typ"] = typ
    return jws.serialize_compact(header, payload, stored.key, algorithms=[keys.ALGORITHM])


def verify(token):
    """The claims of a token signed by one of the published keys; raises ``InvalidSignature``."""
    try:
        header = jws.extract_compact(token.encode()).protected
        stored = next(stored for stored in keys.stored_keys() if stored.kid == header.get("kid"))
        verified = jws.deserialize_compact(token, stored.key, algorithms=[keys.ALGORITHM])
    except Exception as error:  # malformed, unknown key or bad signature: all mean "not ours"
        raise InvalidSignature(str(error)) from error
    return json.loads(verified.payload)


def achievement_id(certificate, base_url):
    """A stable URI for what is certified: the course (or the class, by its title)."""
    what = f"course/{certificate.course_id}" if certificate.course_id else f"class/{certificate.course_title}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{base_url}/{what}')}"


def local_datetime(day, at=time()):
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone()).isoformat()


def decimal_text(value):
    """8.0 → "8", 12.5 → "12,5" in Vietnamese."""
    value = Decimal(value).normalize()
    return formats.number_format(f"{value:f}", use_l10n=True)
