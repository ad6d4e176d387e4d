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


def content_security_policy(scripts=(), frames=(), connects=(), allow=()) -> str:
    """The policy of a page: scripts, frames and requests to our own origin plus the given ones.

    `allow` adds keywords such as 'unsafe-eval' to scripts, only for the few Plone core pages
    that cannot run without (`script_allowances`). Inline styles stay allowed: Plone's widgets,
    TinyMCE and Bootstrap write style attributes, and a style cannot run code.
    """
    script = ("'self'",) + tuple(scripts) + tuple(allow)
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


# Plone core pages that break without inline or eval'd scripts, found in Chromium
# (tests/browser/test_csp.py): the folder contents (pat-structure) and the recurrence widget
# compile templates with eval; Plone's control panels and the collection form write inline
# event handlers.
INLINE = "'unsafe-inline'"
EVAL = "'unsafe-eval'"
EVAL_VIEWS = frozenset({"folder_contents"})
INLINE_TYPES = frozenset({"Collection"})
FORM_VIEWS = frozenset({"edit", "++add++"})


def script_allowances(view_name: str, type_name: str, ours: bool, recurrence: bool) -> tuple:
    """What a page may run beyond scripts from our origin: nothing for a page Ratusha renders,
    except eval for Plone's recurrence widget (`recurrence`: the form shows it)."""
    allow = []
    plone_control_panel = not ours and view_name.endswith("-controlpanel")
    plone_form = not ours and view_name in FORM_VIEWS and type_name in INLINE_TYPES
    if plone_control_panel or plone_form:
        allow.append(INLINE)
    if recurrence or (not ours and view_name in EVAL_VIEWS):
        allow.append(EVAL)
    return tuple(allow)


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
