"""GET @live-state: the live session as JSON, with an ETag; If-None-Match answers 304.

?html=1 adds each section's fresh HTML (the live page asks for it; the tag ignores it).
"""

from plone.restapi.services import Service
from ratusha.council.live import live_state


class LiveStateGet(Service):
    def reply(self):
        response = self.request.response
        response.setHeader("Cache-Control", "private, no-cache")
        response.setHeader("Vary", "Cookie, Authorization")
        with_html = bool(self.request.form.get("html"))
        data, etag = live_state(self.context, self.request, with_html=False)
        response.setHeader("ETag", etag)
        wanted = [t.strip() for t in (self.request.get_header("If-None-Match") or "").split(",")]
        if etag in wanted:
            return self.reply_no_content(status=304)
        if with_html:
            data, etag = live_state(self.context, self.request, with_html=True)
        return {"@id": f"{self.context.absolute_url()}/@live-state", **data}
