"""Web pages: the main text found by trafilatura, so that menus, cookie banners, "share this
article" lines and footers do not reach the parser. Each block of the main text (paragraph,
heading, list item, quotation, table row) becomes one paragraph, its whitespace collapsed
(``<br>`` kept as a line break). The title is trafilatura's; the date is the page's own
metadata (``article:published_time`` and similar meta tags, JSON-LD ``datePublished``,
``<time datetime>``).

trafilatura needs the whole page in memory, so pages over :data:`MAX_BYTES` are refused.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Iterable, Iterator, Optional

from extract.formats.base import TITLE_MAX, Format, Input, Reading, Refused, check_text
from extract.formats.dates import iso_date

MAX_BYTES = 20 * 1024 * 1024
_META_NAMES = ("article:published_time", "og:published_time", "article:published", "datepublished",
               "date", "pubdate", "publishdate", "publish-date", "publish_date", "dc.date",
               "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date")
_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_BLOCKS = {"list": "item", "table": "row"}
_MARKUP = re.compile(r"<[A-Za-z!/?]")


class HtmlFormat(Format):
    name = "html"
    suffixes = (".html", ".htm")
    media_types = ("text/html", "application/xhtml+xml")
    no_text = "no text in this HTML file"
    streams = False

    def sniff(self, head: bytes) -> bool:
        return bool(_SNIFF.match(head.lstrip(b"\xef\xbb\xbf")))

    def check(self, source: Input) -> None:
        size = len(source.data) if source.data is not None else source.path.stat().st_size
        if size > MAX_BYTES:
            raise Refused(f"HTML page of {size / 1024 / 1024:.0f} MB is over the "
                          f"{MAX_BYTES // 1024 // 1024} MB limit for main-text extraction")
        check_text(source.head())

    def convert(self, decoded: Iterable[str], reading: Reading) -> Iterator[str]:
        page = "".join(decoded)
        if not page.strip():
            return
        import trafilatura
        from trafilatura.utils import load_html

        # Its fallbacks log their failures on stderr; a page without text gets our one line.
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)

        if not _MARKUP.search(page):  # text saved under an .html name: read it as text
            yield page
            return
        tree = load_html(page)
        if tree is None:
            return
        iso, source = page_date(tree)
        reading.set_date(iso, source)
        result = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False,
                                             include_tables=True, include_images=False, include_links=False)
        if result is None or result.body is None:
            return
        if result.title:
            reading.title = " ".join(result.title.split())[:TITLE_MAX]
        first = True
        for block in _blocks(result.body):
            yield block if first else "\n\n" + block
            first = False


FORMAT = HtmlFormat()


def _blocks(body) -> Iterator[str]:
    """The text of each block of trafilatura's main-text tree, whitespace collapsed."""
    for element in body:
        parts = element.findall(_BLOCKS[element.tag]) if element.tag in _BLOCKS else [element]
        for part in parts:
            text = _text(part)
            if text:
                yield text


def _text(element) -> str:
    """Text of an element with runs of whitespace collapsed and ``<lb/>`` as a line break."""
    pieces: list[str] = []

    def walk(node) -> None:
        if node.tag == "lb":
            pieces.append("\n")
        elif node.text:
            pieces.append(_flat(node.text))
        for child in node:
            walk(child)
            if child.tail:
                pieces.append(_flat(child.tail))
        if node.tag == "cell":
            pieces.append(" ")

    walk(element)
    lines = ("".join(pieces)).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _flat(text: str) -> str:
    """A text node's line breaks are the source's layout, not the page's: spaces."""
    return text.replace("\r", " ").replace("\n", " ")


def page_date(tree) -> tuple[Optional[str], Optional[str]]:
    """``(date, source)`` from the page's metadata: meta tags, JSON-LD, then ``<time datetime>``."""
    metas = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key and meta.get("content") and key not in metas:
            metas[key] = meta.get("content")
    for key in _META_NAMES[:3]:
        if iso_date(metas.get(key, "")):
            return iso_date(metas[key]), "html-meta"
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            found = _json_ld_date(script.text)
            if found:
                return found, "json-ld"
    for key in _META_NAMES[3:]:
        if iso_date(metas.get(key, "")):
            return iso_date(metas[key]), "html-meta"
    for time in tree.iter("time"):
        found = iso_date(time.get("datetime") or "")
        if found:
            return found, "html-meta"
    return None, None


def _json_ld_date(text: str) -> Optional[str]:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str) and iso_date(value):
                return iso_date(value)
            stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return None
