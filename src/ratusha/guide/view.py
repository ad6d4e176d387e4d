"""@@guide: the guide's Markdown pages rendered in the site's frame, and their pictures.

The pages are read from the package (src/ratusha/guide/pages links to docs/guide; the wheel
carries the files), so the help link works on a municipality's network without the internet.
URLs mirror the folder, so the pages' relative links work here as they do in the repository:
@@guide/bg/index.md, @@guide/img/bg/x.png.
"""

import markdown
import pathlib
from plone import api
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from ratusha.guide import paths
from zExceptions import NotFound
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


PAGES = pathlib.Path(__file__).resolve().parent / "pages"


@implementer(IPublishTraverse)
class GuideView(BrowserView):
    template = ViewPageTemplateFile("templates/guide.pt")

    def __init__(self, context, request):
        super().__init__(context, request)
        self.parts = []

    def publishTraverse(self, request, name):
        self.parts.append(name)
        return self

    def __call__(self):
        if not self.parts:
            language = paths.language_for(api.portal.get_current_language())
            return self.request.response.redirect(
                f"{self.context.absolute_url()}/@@guide/{language}/index.md"
            )
        found = paths.resolve(self.parts)
        if found is None or not (PAGES / found).is_file():
            raise NotFound("/".join(self.parts))
        if found.endswith(".png"):
            self.request.response.setHeader("Content-Type", "image/png")
            self.request.response.setHeader("Cache-Control", "max-age=3600")
            return (PAGES / found).read_bytes()
        text = (PAGES / found).read_text(encoding="utf-8")
        self.html = paths.dress(markdown.markdown(text, extensions=["tables"]))
        return self.template()
