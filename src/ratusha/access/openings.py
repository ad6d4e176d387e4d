"""What a signed-in user who still owes the second factor may reach. Plain Python.

The decision is taken on what Zope actually publishes after traversal (its kind and its
registered name), never on the path that was asked for: a path can say `login/../@audit`.
"""

# views of the login and two-factor pages, and what those pages show
OPEN_VIEWS = frozenset(
    {
        "two-factor",
        "two-factor-setup",
        "login",
        "login_form",
        "logout",
        "logged-out",
        "coat-of-arms",
        "site-logo",
        "favicon.ico",
        "authenticator",
    }
)
# REST services, by their @name (plone.rest names them METHOD_mediatype_@name)
OPEN_SERVICES = frozenset({"@login", "@logout"})

VIEW, SERVICE, RESOURCE, OTHER = "view", "service", "resource", "other"


def service_name(registered: str) -> str:
    """'@login' from plone.rest's 'POST_application_json_@login' (method, type, subtype, name)."""
    parts = registered.split("_", 3)
    return parts[3] if len(parts) == 4 else ""


def is_open(kind: str, name: str) -> bool:
    """Static resources (code, styles, icons) are open; of views and services only the named."""
    if kind == RESOURCE:
        return True
    if kind == VIEW:
        return name in OPEN_VIEWS
    if kind == SERVICE:
        return service_name(name) in OPEN_SERVICES
    return False
