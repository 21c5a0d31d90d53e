"""Field encryption for SSNs: MultiFernet (AES-128-CBC + HMAC) with key rotation, and a
keyed HMAC-SHA256 blind index for equality lookups.

Keys come from settings.FIELD_ENCRYPTION_KEYS (first key encrypts, all keys decrypt) and
settings.BLIND_INDEX_KEY (separate, never rotated with the encryption keys, so lookups
survive a rotation). Bad ciphertext raises; it is never silently turned into None.
"""

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionError(Exception):
    """Ciphertext could not be decrypted or does not belong to the row it is stored in."""


def _fernet_for(key: str) -> Fernet:
    """Keys are real Fernet keys; settings refuse anything else at start-up."""
    return Fernet(key.encode())


def _multi() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        raise DecryptionError("FIELD_ENCRYPTION_KEYS is empty.")
    return MultiFernet([_fernet_for(k) for k in keys])


def encrypt(plaintext: str) -> str:
    return _multi().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _multi().decrypt(token.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("Stored ciphertext is invalid or was made with an unknown key.") from exc


def rotate(token: str) -> str:
    """Re-encrypt a token under the current primary key."""
    try:
        return _multi().rotate(token.encode()).decode()
    except (InvalidToken, ValueError) as exc:
        raise DecryptionError("Stored ciphertext is invalid or was made with an unknown key.") from exc


def blind_index(value: str, *, purpose: str = "ssn") -> str:
    key = settings.BLIND_INDEX_KEY.encode()
    return hmac.new(key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()
