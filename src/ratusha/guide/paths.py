"""Which file of the guide a URL under @@guide names: pure rules, no Zope."""

import re


LANGUAGES = ("bg", "en")
DEFAULT = "bg"
PAGE = re.compile(r"^[a-z0-9-]+\.md$")
PICTURE = re.compile(r"^[a-z0-9-]+\.png$")
OUTSIDE = re.compile(r'<a href="(?:\.\./){2,}[^"]*">(.*?)</a>', re.S)


def language_for(current):
    """The guide's language for the site's current one ("en-gb" reads the English guide)."""
    base = (current or "").split("-")[0].lower()
    return base if base in LANGUAGES else DEFAULT


def resolve(parts):
    """The guide-relative path of a page (`bg/registrar.md`) or picture (`img/bg/x.png`) the URL
    parts name, or None: nothing else of the checkout is reachable."""
    parts = tuple(parts)
    if len(parts) == 2 and parts[0] in LANGUAGES and PAGE.match(parts[1]):
        return "/".join(parts)
    if len(parts) == 3 and parts[0] == "img" and parts[1] in LANGUAGES and PICTURE.match(parts[2]):
        return "/".join(parts)
    return None


def unlink_outside(html):
    """Links from the guide to the rest of docs/ (for readers of the repository) become plain
    text on the site, which does not serve those files."""
    return OUTSIDE.sub(r"\1", html)


def dress(html):
    """The rendered Markdown in the theme's (Bootstrap's) clothes: pictures fit the column,
    tables look like the site's tables."""
    html = html.replace("<img ", '<img class="img-fluid border rounded mb-3" loading="lazy" ')
    return unlink_outside(html).replace("<table>", '<table class="table table-sm">')
