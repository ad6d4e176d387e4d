"""Is a write that a browser sent with the session cookie one the site's own pages made?

A pure rule, no Zope: ratusha.core.csrf feeds it the request's headers. Browsers attach the
`__ac` cookie to requests any other site makes, but they do not let another site choose a JSON
Content-Type without a CORS preflight, and they always send the page's Origin on a POST.
"""

from urllib.parse import urlsplit


WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": 80, "https": 443}

# refusal codes, in the order they are checked
CONTENT_TYPE = "content-type"
NO_ORIGIN = "no-origin"
CROSS_ORIGIN = "cross-origin"


def origin_of(url) -> tuple | None:
    """(scheme, host, port) of an absolute http(s) URL or Origin header; None for anything else
    (`null`, relative, garbage)."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port or DEFAULT_PORTS[scheme]


def is_json(content_type) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


def refusal(*, method, api, content_type, origin, referer, own_url):
    """Why a cookie-authenticated request must be refused, or None when it may go on.

    `api`: a REST request, which must also say its body is JSON. The page's Origin decides;
    without one the Referer does; a write with neither is refused (no browser of ours sends
    that, and a page can strip the Referer). Only writes are checked: reads must not write.
    """
    if (method or "").upper() not in WRITE_METHODS:
        return None
    if api and not is_json(content_type):
        return CONTENT_TYPE
    claimed = origin if origin is not None else referer
    if claimed is None or not str(claimed).strip():
        return NO_ORIGIN
    own = origin_of(own_url)
    if own is None or origin_of(claimed) != own:
        return CROSS_ORIGIN
    return None
