"""Which security headers a response carries and when it counts as HTTPS: plain rules, no Zope.

`ratusha.core.headers` applies them to every response Zope publishes, and its WSGI filter
to the few that never reach Zope's publication events.
"""

import ipaddress

# Paths of intranet documents (ids made from titles) must not reach other sites in Referer;
# pages that embed video send "no-referrer" themselves, which is stricter and kept.
FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "SAMEORIGIN",
}

# Zope writes it into every response and has no switch for it (Zope issue 1153).
HIDDEN_HEADERS = frozenset({"x-powered-by"})


def _sources(*groups) -> str:
    return " ".join(dict.fromkeys(source for group in groups for source in group if source))


def content_security_policy(scripts=(), frames=(), connects=(), relaxed=False) -> str:
    """The policy of a page: scripts, frames and requests to our own origin plus the given ones.

    `relaxed` adds 'unsafe-inline' and 'unsafe-eval' to scripts; it is meant only for the few
    Plone core views that cannot run without (see RELAXED_VIEWS in ratusha.core.headers).
    Inline styles stay allowed: Plone's widgets, TinyMCE and Bootstrap write style attributes,
    and a style cannot run code.
    """
    script = ("'self'",) + tuple(scripts) + (("'unsafe-inline'", "'unsafe-eval'") if relaxed else ())
    directives = (
        ("default-src", ("'self'",)),
        ("script-src", script),
        ("style-src", ("'self'", "'unsafe-inline'")),
        ("img-src", ("'self'", "data:", "blob:")),
        ("font-src", ("'self'", "data:")),
        ("connect-src", ("'self'",) + tuple(connects)),
        ("frame-src", ("'self'",) + tuple(frames)),
        ("object-src", ("'none'",)),
        ("base-uri", ("'self'",)),
        ("form-action", ("'self'",)),
        ("frame-ancestors", ("'self'",)),
    )
    return "; ".join(f"{name} {_sources(sources)}" for name, sources in directives)


def is_trusted(address: str, trusted) -> bool:
    """Whether `address` is one of the `trusted` addresses or networks (e.g. "10.0.0.0/8")."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    for entry in trusted:
        try:
            if ip in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            continue
    return False


def served_over_https(server_url: str, forwarded_proto: str, peer: str, trusted) -> bool:
    """Whether the browser talks to us over HTTPS.

    Zope's own URL says so when the proxy rewrites to /VirtualHostBase/https/host:443/… or the
    WSGI server itself speaks TLS. X-Forwarded-Proto is believed only from a trusted proxy:
    anyone else can write anything into it.
    """
    if (server_url or "").lower().startswith("https://"):
        return True
    proto = (forwarded_proto or "").split(",")[0].strip().lower()
    return proto == "https" and is_trusted(peer, trusted)


def completed_headers(headers, policy: str) -> list:
    """`headers` (name, value) pairs without the hidden ones, with every missing fixed header
    and the policy added. A header the response already has is kept: pages that need a
    different policy (video) or a stricter one (an SVG) set their own."""
    result = [(name, value) for name, value in headers if name.lower() not in HIDDEN_HEADERS]
    present = {name.lower() for name, _value in result}
    wanted = dict(FIXED_HEADERS, **{"Content-Security-Policy": policy})
    result.extend((name, value) for name, value in wanted.items() if name.lower() not in present)
    return result
