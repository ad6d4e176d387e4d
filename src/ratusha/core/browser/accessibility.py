"""WCAG 2.1 AA where Plone's own markup falls short, and the accessibility statement.

axe-core finds these in tests/browser/test_accessibility.py; each override is the smallest
that removes the violation."""

import datetime
from html import escape
import json
import os
from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.app.layout.viewlets.toolbar import ToolbarViewletManager
from plone.formwidget.namedfile import widget as namedfile
from Products.CMFPlone.patterns.settings import PatternSettingsAdapter
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha import _
from ratusha.core.browser.branding import municipality_name
from z3c.form.widget import WidgetTemplateFactory
from zope.i18n import translate


class Toolbar(ToolbarViewletManager):
    """Plone's toolbar with buttons for pinning and a labelled user menu."""

    custom_template = ViewPageTemplateFile("templates/toolbar.pt")


class LabelledFileInput:
    """Plone's file and image upload widgets, with the field's label on the file input itself:
    their <label for> names the widget's id, the input has an id of its own, so it went
    unlabelled."""

    def __init__(self, template):
        self.factory = WidgetTemplateFactory(template, "text/html")

    def __call__(self, context, request, form, field, widget):
        template = self.factory(context, request, form, field, widget)

        def render(view, **kwargs):
            html = template(view, **kwargs)
            label = escape(translate(view.label, context=request), quote=True)
            marker = f'id="{view.id}-input"'
            return html.replace(marker, f'{marker} aria-label="{label}"', 1)

        return render


class NamesScript(ViewletBase):
    """static/accessibility.js, which names what Plone's select2 and TinyMCE leave nameless."""

    def index(self):
        url = f"{self.site_url}/++plone++ratusha/accessibility.js"
        remove = self.text(_("label_remove", default="Remove"))
        more = self.text(_("label_more_tools", default="More tools"))
        return f'<script defer src="{url}" data-remove="{remove}" data-more="{more}"></script>'

    def text(self, msgid):
        return escape(translate(msgid, context=self.request), quote=True)


class PatternSettings(PatternSettingsAdapter):
    """TinyMCE without its status bar (an unnamed word count, a resize handle named by an
    empty Bulgarian string), and with a title for its editing frame in the page's language
    (TinyMCE titles it in Firefox only)."""

    def tinymce(self):
        settings = super().tinymce()
        options = json.loads(settings["data-pat-tinymce"])
        title = translate(_("label_rich_text_area", default="Rich text area"), context=self.request)
        options["tiny"].update(statusbar=False, iframe_attrs={"title": title})
        settings["data-pat-tinymce"] = json.dumps(options)
        return settings


TEMPLATES = os.path.dirname(namedfile.__file__)
file_input = LabelledFileInput(os.path.join(TEMPLATES, "file_input.pt"))
image_input = LabelledFileInput(os.path.join(TEMPLATES, "image_input.pt"))


# The last assessment behind the statement (tests/core/test_accessibility_statement.py checks
# that the version is the one tests/browser/package.json pins).
ASSESSED = datetime.date(2026, 12, 7)
AXE_CORE = "4.14.1"


class AccessibilityStatement(BrowserView):
    """«Декларация за достъпност»: what Directive (EU) 2016/2102 asks a public body to publish,
    in the shape of the Commission's model statement; Plone's footer links «Достъпност» here."""

    template = ViewPageTemplateFile("templates/accessibility.pt")

    def __call__(self):
        self.name = municipality_name(self.request)
        self.email = api.portal.get_registry_record("plone.email_from_address", default="")
        self.site_url = api.portal.get().absolute_url()
        self.assessed = ASSESSED.strftime("%d.%m.%Y")
        self.axe_core = AXE_CORE
        return self.template()
