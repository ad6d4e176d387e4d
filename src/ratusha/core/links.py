"""Which stored links may become an href: http(s) addresses and paths inside the site.

A pure rule, no Zope. A link that people type (an announcement's URL, a recording, a livestream)
is rendered as <a href> in other people's pages; `javascript:`, `data:` and the like would run
in the reader's session. Browsers forgive a lot (`JaVaScRiPt:`, a leading control character, a
tab inside the scheme, `\\` for `/`), so the rule accepts a short list and refuses the rest
rather than trying to spot the bad ones.
"""

import re
from urllib.parse import urlsplit


MAX_LENGTH = 2000
SCHEMES = ("http", "https")
# C0 and C1 controls, DEL, and the invisible characters browsers drop from URLs
_HIDDEN = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")


def safe_link(value, *, site_paths=True):
    """The link itself when it is safe to render as an href, else None.

    Accepted: absolute http(s) URLs with a host, and (if `site_paths`) paths that start with a
    single "/". Refused: any other scheme, protocol-relative `//host`, backslashes, whitespace or
    control characters anywhere, and anything longer than MAX_LENGTH.
    """
    if not isinstance(value, str) or not value or len(value) > MAX_LENGTH:
        return None
    if _HIDDEN.search(value) or "\\" in value:
        return None
    if value.startswith("/"):
        return value if site_paths and not value.startswith("//") else None
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    if not value[: len(parts.scheme) + 3].lower().endswith("://"):
        return None
    return value
