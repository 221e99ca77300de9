"""The issuing body's signing keys: Ed25519 key pairs kept as JSON Web Keys, one file per key in
``LMS_CERTIFICATE_KEYS_DIR``, outside the database and the media folder, so that neither a
database dump nor the web server ever holds a private key (docs/DEPLOY.md says how to back them
up).

The newest key that still has its private half signs; ``rotate`` makes a new one and strips the
private half from the older ones, whose public halves stay published (``public_jwks``), so every
credential signed before still verifies. A key's id (``kid``) is the start of its RFC 7638
thumbprint and is named in every signature.
"""

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from joserfc.jwk import OKPKey

from . import conf

ALGORITHM = "Ed25519"  # RFC 9864's name for EdDSA over Ed25519, as WebCrypto names it too
KID_LENGTH = 16  # 96 bits of the thumbprint: unique among a body's keys, short in the QR code


class NoSigningKey(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class StoredKey:
    kid: str
    created: datetime
    key: OKPKey
    path: Path

    @property
    def is_private(self):
        return self.key.is_private

    def public_jwk(self):
        return {**self.key.as_dict(private=False), "kid": self.kid, "alg": ALGORITHM, "use": "sig"}


def keys_dir():
    path = conf.keys_dir()
    if not path:
        raise NoSigningKey("LMS_CERTIFICATE_KEYS_DIR is not set: certificates cannot be signed.")
    return Path(path)


def stored_keys():
    """Every key in the folder, oldest first."""
    folder = keys_dir()
    if not folder.is_dir():
        return []
    keys = []
    for path in folder.glob("*.jwk"):
        data = json.loads(path.read_text())
        created = datetime.fromisoformat(data.pop("created"))
        kid = data.pop("kid")
        keys.append(StoredKey(kid=kid, created=created, key=OKPKey.import_key(data), path=path))
    return sorted(keys, key=lambda stored: (stored.created, stored.kid))


def newest_private(stored):
    """Of ``stored`` (oldest first), the key that signs: the newest with its private half, or None."""
    return next((key for key in reversed(stored) if key.is_private), None)


def signing_key():
    """The key that signs now (``newest_private``). Made on first need when
    ``LMS_CERTIFICATE_KEYS_GENERATE`` is on (the development and demo site)."""
    if (key := newest_private(stored_keys())) is not None:
        return key
    if conf.generate_keys():
        return generate()
    raise NoSigningKey(f"No certificate signing key in {keys_dir()}: run `python manage.py certificate_keys generate`.")


def public_jwks():
    """The JSON Web Key Set of every key, current and retired: what verifiers check against."""
    return {"keys": [stored.public_jwk() for stored in stored_keys()]}


def published_kids():
    """The ids of the keys verifiers trust (``public_jwks``)."""
    return {stored.kid for stored in stored_keys()}


def generate():
    """A new key pair, written to a file only its owner may read; it signs from now on."""
    key = OKPKey.generate_key("Ed25519")
    kid = key.thumbprint()[:KID_LENGTH]
    folder = keys_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    created = timezone.now()
    path = folder / f"{kid}.jwk"
    _write(path, {**key.as_dict(private=True), "kid": kid, "created": created.isoformat()}, exclusive=True)
    return StoredKey(kid=kid, created=created, key=key, path=path)


def rotate():
    """A new signing key; the older ones keep only their public half and sign nothing more here.
    A copy of a key file taken before keeps its private half, and what it signs still verifies
    while the key is published: after a leak, delete the leaked keys' files as well
    (docs/DEPLOY.md 2.6a). Returns the new key."""
    new = generate()
    for stored in stored_keys():
        if stored.kid != new.kid and stored.is_private:
            public = {**stored.key.as_dict(private=False), "kid": stored.kid, "created": stored.created.isoformat()}
            _write(stored.path, public)
    return new


def _write(path, data, exclusive=False):
    """Write through a new file of the folder (``mkstemp``: created 0600, a name no other write
    uses, so one left by an interrupted write stops nothing), then put it in place: a key file is
    never readable by others, not even for a moment, nor left half-written. ``exclusive``: fail
    if ``path`` exists."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w") as file:
            json.dump(data, file)
            file.flush()
            os.fsync(file.fileno())
        if exclusive:
            os.link(temporary, path)  # raises FileExistsError rather than replace a key
        else:
            os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
