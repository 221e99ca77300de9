"""Revocation published as a W3C Bitstring Status List: one bit per certificate (its index is the
certificate's id), set when the certificate is revoked, in a status list credential signed like
the certificates' own and served at a stable address (``certificates:status_list``). Verifiers
that are online read it; the list says nothing about anyone until a certificate is revoked.
Its minimum size (16 KB of bits, a few hundred bytes compressed) does not hide how many
certificates there are: the index is the certificate's id, which every credential states, and
the set bits show how many were revoked and which.
"""

import base64
import gzip

from django.urls import reverse

MIN_BITS = 131_072  # the specification's minimum (its group privacy assumes random indexes; ours are ids)
PURPOSE = "revocation"


def url(base_url):
    return base_url + reverse("certificates:status_list")


def entry(certificate, base_url):
    """The ``credentialStatus`` of a certificate's credential."""
    list_url = url(base_url)
    return {
        "id": f"{list_url}#{certificate.pk}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(certificate.pk),
        "statusListCredential": list_url,
    }


def encode(revoked_indexes):
    """The list's ``encodedList``: bit i (the left-most bit of the first byte is 0) set for each
    revoked index, GZIP-compressed, in multibase base64url (a "u" and no padding)."""
    size = max(MIN_BITS, -(-(max(revoked_indexes, default=0) + 1) // MIN_BITS) * MIN_BITS)
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded_list):
    """The bits of an ``encodedList`` (the tests read lists as a verifier does)."""
    data = encoded_list.removeprefix("u")
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bits, index):
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def build(base_url, revoked_indexes, issuer_name):
    list_url = url(base_url)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": f"{base_url}/", "name": issuer_name or base_url},
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked_indexes),
        },
    }
