"""The municipality's identity on every page: coat of arms, name and colours."""

import pathlib
from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.formwidget.namedfile.converter import b64decode_file
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha.core.settings import get_settings
from ratusha.core.theme import colour_css


DEFAULT_ARMS = pathlib.Path(__file__).parent.parent / "static" / "coat-of-arms.svg"
TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def municipality_name(request) -> str:
    """The name in the language the page is shown in (Bulgarian unless English is chosen)."""
    settings = get_settings()
    language = api.portal.get_current_language()
    if language == "en" and settings.municipality_name_en:
        return settings.municipality_name_en
    return settings.municipality_name


class CoatOfArmsView(BrowserView):
    """Serves the coat of arms from the settings, or the plain default shield."""

    def __call__(self):
        raw = get_settings().coat_of_arms
        if raw:
            filename, data = b64decode_file(raw)
            suffix = pathlib.Path(filename or "").suffix.lower()
        else:
            data, suffix = DEFAULT_ARMS.read_bytes(), ".svg"
        response = self.request.response
        response.setHeader("Content-Type", TYPES.get(suffix, "application/octet-stream"))
        response.setHeader("Cache-Control", "public, max-age=300")
        if suffix == ".svg":
            response.setHeader("Content-Security-Policy", "script-src 'none'")
        return data


class LogoViewlet(ViewletBase):
    """Replaces Plone's logo with the coat of arms and the municipality's name."""

    index = ViewPageTemplateFile("templates/logo.pt")

    def update(self):
        super().update()
        self.name = municipality_name(self.request)
        self.arms_url = f"{self.navigation_root_url}/@@coat-of-arms"


class ColoursViewlet(ViewletBase):
    """Puts the configured colours into CSS variables used by ratusha.css."""

    def index(self):
        settings = get_settings()
        return f"<style>{colour_css(settings.primary_colour, settings.accent_colour)}</style>"


class FooterViewlet(ViewletBase):
    """The municipality's footer instead of Plone's colophon portlets."""

    index = ViewPageTemplateFile("templates/footer.pt")

    def update(self):
        super().update()
        self.name = municipality_name(self.request)
        state = self.context.restrictedTraverse("@@plone_context_state")
        self.site_actions = state.actions("site_actions")
