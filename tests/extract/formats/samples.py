"""Test documents made on the spot: multi-page PDFs (reportlab) and web pages with the usual
boilerplate, plus a web server on 127.0.0.1 that serves them (stopped when the test ends)."""
from __future__ import annotations

import contextlib
import http.server
import threading
from pathlib import Path
from typing import Iterator, Optional

#: Our own sentences (none from the shared sets). Each page of :func:`make_pdf` gets one group.
PAGES = [
    ["Arms control in the Baltic",
     "The foreign ministers met in Riga on Monday to review the security of the region after a "
     "winter of tension along the border.",
     "Lithuania welcomed the talks, and the ministers agreed to meet again before the summer."],
    ["Estonia signed the Open Skies Treaty in a short ceremony in Tallinn, the foreign ministry "
     "said. Officials described the decision as overdue.",
     "Observers noted that the agreement allows unarmed surveillance flights over the territory of "
     "every member."],
    ["Russia criticized the decision, and its ambassador said that Moscow would review its own "
     "commitments under the arrangement.",
     "The debate is expected to continue at the next meeting of the alliance."],
]
HEADER = "The Baltic Security Review"
#: A word hyphenated across a line end on page 2 of :func:`make_pdf` (joined when read).
HYPHENATED = ("surveil-", "lance")

COOKIE = "We use cookies to improve your experience on our site. Accept all cookies or manage settings."
SHARE = "Share this article on Facebook, Twitter or by email"
MENU = ["Home", "World", "Politics", "Business", "Opinion", "Subscribe"]
ARTICLE = [
    "Sweden formally joined NATO on Thursday after Hungary ratified its accession protocol, the "
    "foreign minister said in Stockholm at a press conference with reporters.",
    "Finland had joined the alliance a year earlier, and the two Nordic countries now coordinate "
    "their defence planning closely with their neighbours around the Baltic Sea.",
    "Turkey approved the bid in January after months of negotiations over the extradition of "
    "suspects and the sale of fighter jets by the United States.",
]


def make_pdf(path: Path, pages: list[list[str]] = PAGES, header: str = HEADER, hyphenate: bool = True,
             title: Optional[str] = "Baltic security") -> Path:
    """A PDF with one page per group of paragraphs, a running header, a page-number footer, lines
    wrapped at 80 characters and (on page 2) a word hyphenated at a line end."""
    import textwrap

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    doc = canvas.Canvas(str(path), pagesize=A4)
    if title:
        doc.setTitle(title)
    width, height = A4
    for number, paragraphs in enumerate(pages, start=1):
        doc.setFont("Helvetica", 9)
        doc.drawString(72, height - 40, header)
        doc.drawString(width / 2, 30, f"Page {number} of {len(pages)}")
        doc.setFont("Times-Roman", 11)
        y = height - 80
        for paragraph in paragraphs:
            lines = textwrap.wrap(paragraph, 80)
            if hyphenate and number == 2:
                lines = _hyphenated(lines)
            for line in lines:
                doc.drawString(72, y, line)
                y -= 14
            y -= 14
        doc.showPage()
    doc.save()
    return path


def _hyphenated(lines: list[str]) -> list[str]:
    head, tail = HYPHENATED
    word = head[:-1] + tail
    for i, line in enumerate(lines[:-1]):
        if lines[i + 1].startswith(word):
            lines[i] = line + " " + head
            lines[i + 1] = tail + lines[i + 1][len(word):]
    return lines


def make_scan(path: Path) -> Path:
    """A PDF with only a drawing on it (like a scan: no text layer)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    doc = canvas.Canvas(str(path), pagesize=A4)
    doc.rect(72, 72, 300, 400, fill=1)
    doc.showPage()
    doc.save()
    return path


def article_page(title: str = "Sweden joins the alliance", paragraphs: list[str] = ARTICLE,
                 published: Optional[str] = "2024-03-07T09:00:00Z", json_ld: Optional[str] = None,
                 time_tag: Optional[str] = None) -> str:
    """A news page: menu, cookie banner, the article, share line, related links and footer."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    ld = (f'<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle", '
          f'"datePublished": "{json_ld}"}}</script>') if json_ld else ""
    when = f'<time datetime="{time_tag}">Posted</time>' if time_tag else ""
    menu = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | The Daily</title>{meta}{ld}"
            f"</head><body><header><nav><ul>{menu}</ul></nav></header>"
            f'<div class="cookie-banner" id="cookie-consent"><p>{COOKIE}</p><button>Accept</button></div>'
            f"<main><article><h1>{title}</h1>{when}{body}"
            f'<div class="share-buttons"><p>{SHARE}</p></div></article>'
            f'<aside class="related"><h2>Related</h2><ul><li><a href="/a">Germany and France sign pact</a></li>'
            f'<li><a href="/b">China condemns Japan</a></li></ul></aside></main>'
            f"<footer><p>Copyright 2024 The Daily. All rights reserved.</p></footer></body></html>")


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        status, content_type, body, delay = route
        if delay:
            import time
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(routes: dict[str, tuple]) -> Iterator[str]:
    """Serve ``{path: (status, content type, bytes[, delay seconds])}`` on 127.0.0.1; yields the base URL."""
    table = {p: (r + (0,))[:4] for p, r in routes.items()}
    handler = type("Handler", (_Handler,), {"routes": table})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
