"""Content-Disposition for downloads: a file name that is always safe, whoever chose it.

A pure rule, no Zope. A name that comes from data or a query string must not end the header
(CR/LF), close the quoted string (`"`), escape it (`\\`), point into folders (`/`, `..`) or hide
characters. Cyrillic names travel in RFC 5987's `filename*=UTF-8''…` with an ASCII fallback
`filename="…"` for old clients (RFC 6266).
"""

import re
import unicodedata
from urllib.parse import quote


MAX_LENGTH = 150
FALLBACK = "download"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f"\\/:*?<>|;%]')


def safe_filename(name) -> str:
    """The name without controls, quotes, separators and leading dots; FALLBACK if nothing is
    left. Letters of any script stay."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(" " if unicodedata.category(c) in ("Zl", "Zp", "Cf", "Cc") else c for c in text)
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > MAX_LENGTH:
        stem, dot, ext = text.rpartition(".")
        text = (
            (stem[: MAX_LENGTH - len(ext) - 1] + dot + ext)
            if dot and len(ext) <= 10
            else text[:MAX_LENGTH]
        )
    return text or FALLBACK


def ascii_filename(name) -> str:
    """ASCII stand-in for the quoted `filename=` parameter."""
    text = unicodedata.normalize("NFKD", safe_filename(name))
    text = "".join(c if 32 <= ord(c) < 127 else "_" for c in text if not unicodedata.combining(c))
    return text.strip(" .") or FALLBACK


def content_disposition(name, inline=False) -> str:
    """The header's value: `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`."""
    safe = safe_filename(name)
    kind = "inline" if inline else "attachment"
    value = f'{kind}; filename="{ascii_filename(safe)}"'
    if not safe.isascii():
        value += f"; filename*=UTF-8''{quote(safe, safe='')}"
    return value
