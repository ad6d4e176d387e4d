"""Plain text of a decision from the draft's HTML and the adopted amendments (no Zope).

The protocol prints the decision as text, so the draft decision (rich text) is reduced to
paragraphs and list lines here; the adopted amendments follow, numbered, in the order they
were adopted.
"""

import html
from html.parser import HTMLParser
import re


BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ol",
    "ul",
    "table",
    "blockquote",
}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.ordered = []  # counters of open <ol> lists (None for <ul>)

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "ol":
            self.ordered.append(0)
        elif tag == "ul":
            self.ordered.append(None)
        elif tag == "li":
            if self.ordered and self.ordered[-1] is not None:
                self.ordered[-1] += 1
                self.parts.append(f"{self.ordered[-1]}. ")
            else:
                self.parts.append("– ")

    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self.ordered:
            self.ordered.pop()
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    """Paragraphs on their own lines, list items numbered or dashed, no tags."""
    if not markup:
        return ""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return html.unescape("\n".join(line for line in lines if line))


def final_text(draft: str, amendments, heading: str) -> str:
    """The draft decision followed by the adopted amendments under `heading`."""
    amendments = [a.strip() for a in amendments if a and a.strip()]
    parts = [draft.strip()] if draft and draft.strip() else []
    if amendments:
        parts.append(
            heading
            + "\n"
            + "\n".join(f"{number}. {text}" for number, text in enumerate(amendments, 1))
        )
    return "\n\n".join(parts)
