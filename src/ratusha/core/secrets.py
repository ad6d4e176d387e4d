"""Secrets from the environment or files outside the ZODB, never from what the web can read.

For a variable NAME: NAME holds the secret, or NAME_FILE names a file holding it; otherwise
a random one is created once in $RATUSHA_VAR/<filename> with mode 0600 (the embedded default).
A secret that must not travel with the data (the ballot key: a copy of var plus the key links
votes) is created in $RATUSHA_KEYS instead, a folder outside var, when it is set.
"""

import os
import pathlib
import secrets


class SecretNotConfigured(RuntimeError):
    """Neither the variable, nor its _FILE, nor RATUSHA_VAR is set."""


def load_secret(name: str, filename: str, apart: bool = False) -> bytes:
    """The secret NAME; `apart`: its default file goes to $RATUSHA_KEYS, away from the data."""
    if os.environ.get(name):
        return os.environ[name].encode("utf-8")
    path = os.environ.get(f"{name}_FILE")
    if path:
        return pathlib.Path(path).read_text(encoding="utf-8").strip().encode("utf-8")
    folder = (apart and os.environ.get("RATUSHA_KEYS")) or os.environ.get("RATUSHA_VAR")
    if not folder:
        raise SecretNotConfigured(f"Set {name}, {name}_FILE or RATUSHA_VAR.")
    key_file = pathlib.Path(folder) / filename
    if not key_file.exists():
        key_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32) + "\n")
    return key_file.read_text(encoding="utf-8").strip().encode("utf-8")
