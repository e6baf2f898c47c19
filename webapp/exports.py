"""Exports of what Explore draws: GraphML (for Gephi, yEd), CSV of the entities and of the
relationships, and a PNG picture drawn here with Pillow (the app works offline: no CDN, no
browser-side library), from the positions and colours of the very view drawn.

Each export is a function of the drawn view (``graph`` restricted to ``shown``) so that a file
holds exactly the entities and relationships on screen.
"""
from __future__ import annotations

import csv
import io
import math
from typing import Iterable

import networkx as nx
from neo4j_viz import VisualizationGraph

from graph.export import scalar_graph

NODE_COLUMNS = ["id", "name", "type", "relationships", "statements"]
EDGE_COLUMNS = ["source", "target", "predicate", "statements", "modalities", "first_date", "last_date"]


def drawn(graph: nx.MultiDiGraph, shown: Iterable[str]) -> nx.MultiDiGraph:
    """The part of ``graph`` that is drawn: the entities ``shown`` and the relationships among them."""
    return graph.subgraph([n for n in shown if n in graph])


def to_graphml(part: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(scalar_graph(part), out, encoding="utf-8")
    return out.getvalue()


def nodes_csv(part: nx.MultiDiGraph) -> str:
    """One row per entity drawn, with its relationships and statements among those drawn."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(NODE_COLUMNS)
    for node in sorted(part.nodes):
        data = part.nodes[node]
        writer.writerow([node, data.get("name", node), data.get("type", ""), part.degree(node),
                         part.degree(node, weight="count")])
    return out.getvalue()


def edges_csv(part: nx.MultiDiGraph) -> str:
    """One row per relationship drawn (subject, predicate, object) with its statements."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EDGE_COLUMNS)
    for s, o, key, data in sorted(part.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        writer.writerow([s, o, data.get("predicate", key.lower()), data.get("count", 1),
                         ";".join(data.get("modalities") or []), data.get("first_date") or "",
                         data.get("last_date") or ""])
    return out.getvalue()


# ----------------------------------------------------------------------------- PNG

SCALE = 3  # pixels per layout pixel: crisp on high-density screens
MARGIN = 40


def _positions(view: VisualizationGraph) -> dict[str, tuple[float, float]]:
    """The view's own positions; a force layout of its nodes when it has none (large views are
    laid out by the browser)."""
    placed = {str(n.id): (float(n.x), float(n.y)) for n in view.nodes if n.x is not None and n.y is not None}
    if len(placed) == len(view.nodes):
        return placed
    shape = nx.Graph()
    shape.add_nodes_from(str(n.id) for n in view.nodes)
    shape.add_edges_from((str(r.source), str(r.target)) for r in view.relationships)
    side = 60 * math.sqrt(max(1, len(view.nodes)))
    layout = nx.spring_layout(shape, seed=7, iterations=50, scale=side / 2)
    return {node: (float(x), float(y)) for node, (x, y) in layout.items()}


def _colour(value) -> str:
    return value.as_hex() if hasattr(value, "as_hex") else str(value)


#: Fonts with accented letters, where the system has them (Debian: fonts-dejavu-core); else
#: Pillow's own, which has ASCII only, and names lose their accents (Orbán -> Orban).
FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def _font(size: int):
    from PIL import ImageFont

    for name in FONTS:
        try:
            return ImageFont.truetype(name, size), True
        except OSError:
            continue
    return ImageFont.load_default(size=size), False


def _wrap(draw, text: str, font, room: float) -> list[str]:
    """``text`` in lines no wider than ``room`` pixels, broken at spaces only."""
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]


def _ascii(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text


def to_png(view: VisualizationGraph) -> bytes:
    """The view as a picture: relationships as arrows in their colours and widths, nodes as
    discs, names written under their discs in full, wrapped at spaces."""
    from PIL import Image, ImageDraw

    positions = _positions(view)
    if not positions:
        return b""
    size = {str(n.id): float(n.size or 10) for n in view.nodes}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    reach = max(size.values()) + 30  # room for the largest disc and a name under it
    left, top = min(xs) - reach, min(ys) - reach
    width = int((max(xs) + reach - left) * SCALE) + 2 * MARGIN
    height = int((max(ys) + reach - top) * SCALE) + 2 * MARGIN
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    full_font = _font(10)[1]

    def at(node: str) -> tuple[float, float]:
        x, y = positions[node]
        return (x - left) * SCALE + MARGIN, (y - top) * SCALE + MARGIN

    for rel in view.relationships:
        source, target = str(rel.source), str(rel.target)
        if source not in positions or target not in positions or source == target:
            continue
        (x1, y1), (x2, y2) = at(source), at(target)
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        end = (x2 - ux * size[target] * SCALE, y2 - uy * size[target] * SCALE)
        colour = _colour(rel.color) if rel.color is not None else "#A5ABB6"
        draw.line([(x1, y1), end], fill=colour, width=max(1, int((rel.width or 1) * SCALE)))
        head = 7 * SCALE
        draw.polygon([end, (end[0] - ux * head - uy * head / 2, end[1] - uy * head + ux * head / 2),
                      (end[0] - ux * head + uy * head / 2, end[1] - uy * head - ux * head / 2)], fill=colour)
    for node in view.nodes:  # discs first, then every name on top of them
        x, y = at(str(node.id))
        radius = size[str(node.id)] * SCALE
        fill = _colour(node.color) if node.color is not None else "#A5ABB6"
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=fill, outline="white", width=SCALE)
    fonts: dict[int, object] = {}
    for node in view.nodes:
        key = str(node.id)
        x, y = at(key)
        radius = size[key] * SCALE
        name = str((node.properties or {}).get("name") or node.caption or key)
        if not full_font:
            name = _ascii(name)
        # Inside the disc as on screen, but never cut: whole words, wrapped at the disc's width
        # (a word wider than the disc runs over its edge, on a white halo).
        points = max(8, int(radius / 3.2))
        font = fonts.setdefault(points, _font(points)[0])
        lines = _wrap(draw, name, font, 1.6 * radius)
        heights = [draw.textbbox((0, 0), line, font=font)[3] for line in lines]
        line_y = y - (sum(heights) + SCALE * (len(lines) - 1)) / 2
        for line, height in zip(lines, heights):
            width = draw.textlength(line, font=font)
            draw.text((x - width / 2, line_y), line, fill="#111111", font=font, stroke_width=1,
                      stroke_fill=(255, 255, 255))
            line_y += height + SCALE
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
