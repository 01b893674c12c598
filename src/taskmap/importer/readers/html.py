"""HTML pages: interim reader (text of block elements, one per line)."""

from __future__ import annotations

from html.parser import HTMLParser

from taskmap.importer.blocks import Source
from taskmap.importer.readers.text import decode, paragraphs_of

BLOCK_TAGS = {"p", "div", "br", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "title"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "noscript", "template"):
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", ""))


def read_html(data: bytes) -> Source:
    text, encoding = decode(data)
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    lines = (line.strip() for line in "".join(collector.parts).split("\n"))
    page = "\n".join(line for line in lines if line)
    return Source(paragraphs_of(page), "html", encoding, page)
