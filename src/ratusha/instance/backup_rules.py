"""What a backup keeps and what a restore trusts (plain Python, no Zope, no files touched).

A chain is one full backup and the incremental ones after it; retention keeps whole chains.
"""

import datetime
import hashlib
import pathlib


def set_id(moment: datetime.datetime) -> str:
    """A backup set's name: its UTC time, so names sort as time does."""
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def needs_full(chains: list[str], full: bool, incrementals: int, limit: int) -> bool:
    """A new chain when asked, when there is none, or when the newest has `limit` increments."""
    return full or not chains or incrementals >= limit


def chains_to_drop(chains: list[str], keep: int) -> list[str]:
    """The chains past the `keep` newest (names sort as time does); never the newest one."""
    keep = max(1, keep)
    return sorted(chains)[:-keep]


def checksum(path: pathlib.Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def damaged(listed: dict, found: dict) -> list[str]:
    """The files whose checksum differs from the manifest's, or that are missing, in order."""
    return sorted(name for name, digest in listed.items() if found.get(name) != digest)
