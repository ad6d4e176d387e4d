"""The keys of encryption at rest: files in a folder outside the ZODB and the SQL database.

$RATUSHA_KEYS_DIR, else $RATUSHA_KEYS, else $RATUSHA_VAR/keys (all git-ignored), mode 0700, holds two
rings, each a folder of numbered key files (0600): `fernet/0001.key`, `0002.key`, ... encrypt
(the highest number is the primary, the others still decrypt) and `hmac/0001.key`, ... make the
search keys of personal numbers (the highest makes new ones, all are tried when searching).
A ring is read again when its files change, so a key added by `ratusha-keys rotate` reaches
running instances without a restart. Key material is never printed or logged.
"""

import base64
from cryptography.fernet import Fernet
import os
import pathlib
import secrets
import threading


FERNET, HMAC = "fernet", "hmac"
RINGS = (FERNET, HMAC)
_cache = {}
_lock = threading.Lock()


class KeysNotConfigured(RuntimeError):
    """Neither RATUSHA_KEYS_DIR nor RATUSHA_VAR is set."""


def keys_dir() -> pathlib.Path:
    """$RATUSHA_KEYS_DIR; else the instance's folder of keys kept apart from the data
    ($RATUSHA_KEYS, instance/keys for `make run`), so a copy of var carries no key; else
    $RATUSHA_VAR/keys."""
    folder = os.environ.get("RATUSHA_KEYS_DIR") or os.environ.get("RATUSHA_KEYS")
    if folder:
        return pathlib.Path(folder)
    var = os.environ.get("RATUSHA_VAR")
    if not var:
        raise KeysNotConfigured("Set RATUSHA_KEYS_DIR or RATUSHA_VAR.")
    return pathlib.Path(var) / "keys"


def _new_material(ring: str) -> str:
    if ring == FERNET:
        return Fernet.generate_key().decode("ascii")
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode("ascii")


def _ring_dir(ring: str) -> pathlib.Path:
    folder = keys_dir() / ring
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder.parent, 0o700)
    return folder


def key_ids(ring: str) -> list[int]:
    """The ring's key numbers, oldest first."""
    return sorted(int(p.stem) for p in _ring_dir(ring).glob("*.key") if p.stem.isdigit())


def add_key(ring: str) -> int:
    """A new key that becomes the ring's newest (primary); returns its number."""
    folder = _ring_dir(ring)
    number = (key_ids(ring) or [0])[-1] + 1
    while True:
        path = folder / f"{number:04d}.key"
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process added one at the same time
            number += 1
            continue
        with os.fdopen(descriptor, "w") as handle:
            handle.write(_new_material(ring) + "\n")
        return number


def remove_key(ring: str, number: int) -> None:
    (_ring_dir(ring) / f"{number:04d}.key").unlink()


def indexed_with() -> int | None:
    """The search key the whole catalog was last reindexed with (`ratusha-keys reencrypt`)."""
    path = keys_dir() / "hmac-indexed"
    return int(path.read_text(encoding="ascii")) if path.exists() else None


def set_indexed_with(number: int) -> None:
    (keys_dir() / "hmac-indexed").write_text(f"{number}\n", encoding="ascii")


def keys(ring: str) -> list[bytes]:
    """The ring's key material, newest first; a first key is made when the ring is empty."""
    folder = _ring_dir(ring)
    numbers = key_ids(ring)  # a key file is never changed, only added or removed
    with _lock:
        cached = _cache.get(folder)
        if cached and cached[0] == numbers:
            return cached[1]
    if not numbers:
        add_key(ring)
        return keys(ring)
    material = [
        (folder / f"{number:04d}.key").read_text(encoding="ascii").strip().encode("ascii")
        for number in reversed(numbers)
    ]
    with _lock:
        _cache[folder] = (numbers, material)
    return material
