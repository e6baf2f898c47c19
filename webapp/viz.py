"""Building neo4j-viz graphs: from the entity graph (Explore) and from query rows (Query).

Nodes are coloured by entity type (or community) and sized by how many relationships they have;
relationships are as wide as the number of statements behind them. Above
:data:`CAPTION_LIMIT` nodes the captions go (names stay in the node properties shown on hover and
in the side panel), so 2,000 nodes and 5,000 relationships stay responsive.
"""
from __future__ import annotations

import hashlib
import math
import warnings
from typing import Iterable, Mapping, NamedTuple, Optional

import networkx as nx
import numpy as np
import streamlit as st
from neo4j_viz import Node, Relationship, VisualizationGraph

from ontology.records import MODALITIES

CAPTION_LIMIT = 300
#: One colour per core class (Neo4j Browser's palette); other classes get one by name.
TYPE_COLOURS = {
    "State": "#4C8EDA", "InternationalOrganization": "#F79767", "GovernmentBody": "#57C7E3",
    "Person": "#F16667", "Organization": "#D9C8AE", "Treaty": "#8DCC93", "Event": "#ECB5C9",
    "Location": "#C990C0", "Policy": "#FFC454",
}
PALETTE = ["#4C8EDA", "#F79767", "#8DCC93", "#F16667", "#FFC454", "#C990C0", "#57C7E3", "#ECB5C9",
           "#D9C8AE", "#A5ABB6", "#6DCE9E", "#FF75EA", "#68BDF6", "#DE9BF9", "#FB95AF"]
HIGHLIGHT = "#E8123C"
EDGE_COLOUR = "#A5ABB6"
#: One colour per modality, for the Insights charts and for relationships (a relationship none
#: of whose statements is asserted is drawn in its modality's colour, with the modality in its
#: caption: "not withdrawing" must not look like a withdrawal; asserted ones stay EDGE_COLOUR).
#: Negated is dark red, apart from the path's HIGHLIGHT.
MODALITY_COLOURS = {"asserted": "#4C8EDA", "negated": "#8B0000", "intended": "#2E8B57", "possible": "#FFB000",
                    "alleged": "#D35400"}


def edge_colour(modality: str) -> str:
    return EDGE_COLOUR if modality == "asserted" else MODALITY_COLOURS[modality]


SEPARATOR = "|"


# ----------------------------------------------------------------------------- node captions
#
# The widget (NVL) writes a caption inside its node in a font proportional to the node, so the
# room per line is a fixed number of font sizes whatever the node's size: at caption size 1 and
# the sizes drawn here, one line of 0.98 x LINE_EM, or two lines of 0.95 x LINE_EM each. A word
# wider than that it breaks mid-word with a hyphen ("Austral-ia"); a name longer than two lines
# it cuts mid-word with an ellipsis. Captions are therefore planned here, at word boundaries, and
# sent so that NVL has nothing left to break: a word too long for any line ends with "…" where it
# is cut (the whole name is in the node's properties, its tooltip and the details panel).

CAPTION_SIZE = 1
#: Caption width per font size: NVL's font is radius / 3.5 / 1.1 at caption size 1 (its font
#: level for nodes under ~70 px) and a centred line may be 0.7 x the diameter wide.
LINE_EM = 3.5 * 1.1 * 1.4
#: Advance widths in font sizes of a sans-serif (Liberation Sans, what Chromium draws "Open
#: Sans" with when it is not installed); others count 0.6. WIDTH_MARGIN covers wider fonts.
_NARROW = (dict.fromkeys("ijl'’|ł", 0.222) | dict.fromkeys(" !,./:;I[]\\ft", 0.278)
           | dict.fromkeys("r-()`{}ř", 0.333))
_WIDE = (dict.fromkeys("mM%", 0.833) | dict.fromkeys("wCDHNRU", 0.722) | dict.fromkeys("GOQ", 0.778)
         | {"W": 0.944, "@": 1.015, "…": 1.0})
CHAR_EM = {**dict.fromkeys("ckvxyzsJçśžčš", 0.5), **dict.fromkeys("FTZø", 0.611),
           **dict.fromkeys("ABEKPSVXY&", 0.667), **_NARROW, **_WIDE}
WIDTH_MARGIN = 1.06
ELLIPSIS = "…"


def text_em(text: str) -> float:
    """The width of ``text`` in font sizes (with :data:`WIDTH_MARGIN`)."""
    return sum(CHAR_EM.get(ch, 0.556 if ch.isalnum() else 0.6) for ch in text) * WIDTH_MARGIN


def _cut(word: str, room: float) -> str:
    """``word`` shortened to fit ``room`` with an ellipsis at its end."""
    while word and text_em(word + ELLIPSIS) >= room:
        word = word[:-1]
    return word + ELLIPSIS


def caption_lines(name: str, max_lines: int = 2) -> list[str]:
    """The lines NVL will draw ``name`` in, broken at spaces only (see the comment above)."""
    words = str(name).split()
    if not words:
        return []
    if text_em(" ".join(words)) < 0.98 * LINE_EM:
        return [" ".join(words)]
    room = 0.95 * LINE_EM
    words = [w if text_em(w) < room else _cut(w, room) for w in words]
    lines: list[str] = []
    for word in words:
        if lines and text_em(f"{lines[-1]} {word}") < room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        last = lines[max_lines - 1].split()
        while len(last) > 1 and text_em(" ".join(last) + ELLIPSIS) >= room:
            last.pop()
        tail = " ".join(last)
        lines = lines[:max_lines - 1] + [tail + ELLIPSIS if text_em(tail + ELLIPSIS) < room else _cut(tail, room)]
    return lines


def node_caption(name: str) -> str:
    """``name`` as NVL can write it without breaking a word (:func:`caption_lines`)."""
    return " ".join(caption_lines(name))


def to_hex(item) -> str:
    """The colour of a neo4j-viz node or relationship as lower-case ``#rrggbb``."""
    return item.to_dict()["color"].lower()


def type_colour(name: Optional[str]) -> str:
    if name in TYPE_COLOURS:
        return TYPE_COLOURS[name]
    digest = hashlib.sha256(str(name).encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def community_colour(number: int) -> str:
    return PALETTE[(number - 1) % len(PALETTE)]


def relationship_id(subject: str, rel_type: str, obj: str) -> str:
    """The widget id of a direct relationship; :func:`parse_relationship_id` reads it back."""
    return SEPARATOR.join((subject, rel_type, obj))


def parse_relationship_id(value: str) -> Optional[tuple[str, str, str]]:
    parts = str(value).split(SEPARATOR)
    return (parts[0], parts[1], parts[2]) if len(parts) == 3 else None


def node_size(degree: int) -> float:
    return round(12 + 5 * math.sqrt(degree), 1)


def edge_modality(modalities: Iterable[str]) -> str:
    """How a relationship is drawn: asserted if any of its statements is, else its first
    modality in :data:`ontology.records.MODALITIES` order (negated before intended...)."""
    present = set(modalities or ())
    if not present or "asserted" in present:
        return "asserted"
    return next((m for m in MODALITIES if m in present), "asserted")


def edge_width(count: int) -> float:
    return round(1 + 1.5 * math.log2(max(1, count)), 2)


def entity_view(graph: nx.MultiDiGraph, nodes: Optional[Iterable[str]] = None, *,
                communities: Optional[Mapping[str, int]] = None, highlight: Iterable[str] = (),
                highlight_edges: Iterable[tuple[str, str]] = (), labels: Optional[Mapping[str, str]] = None,
                captions: Optional[bool] = None) -> VisualizationGraph:
    """The entities ``nodes`` (default all) of the entity graph and the relationships among them.

    ``communities`` (entity -> number) colours by community instead of type; ``highlight`` marks
    entities (a path, the selection) and ``highlight_edges`` the (from, to) pairs of a path;
    ``labels`` maps predicates to the captions shown on relationships.
    """
    keep = set(graph.nodes) if nodes is None else {n for n in nodes if n in graph}
    if captions is None:
        captions = len(keep) <= CAPTION_LIMIT
    positions, radius = fitted_layout(graph, keep) if len(keep) <= CAPTION_LIMIT else ({}, 0.0)
    marked = set(highlight)
    path_pairs = {frozenset(p) for p in highlight_edges}
    degree = dict(graph.degree(keep))
    legend: dict[str, str] = {}
    community_names = community_labels(graph, communities, keep) if communities is not None else {}
    out_nodes = []
    for node_id in sorted(keep):
        data = graph.nodes[node_id]
        kind = data.get("type") or "Entity"
        if communities is not None:
            number = communities.get(node_id, 0)
            colour = community_colour(number) if number else "#CCCCCC"
            legend[community_names.get(number, "no community")] = colour
        else:
            colour = type_colour(kind)
            legend[kind] = colour
        grow = 1.4 if node_id in marked else 1.0
        placed = {}
        if node_id in positions:
            # One radius for all (the layout's room), a little more for the well connected.
            size = radius * (1 + 0.08 * min(4, math.log2(1 + degree.get(node_id, 0)))) * grow  # <= GROWTH
            x, y = positions[node_id]
            placed = dict(x=x, y=y, caption_size=CAPTION_SIZE)
        else:
            size = node_size(degree.get(node_id, 0)) * grow
        out_nodes.append(Node(
            id=node_id, caption=node_caption(data.get("name", node_id)) if captions else None,
            size=round(size, 1),
            color=colour,  # path ends and steps keep their legend colour; they are drawn larger
            properties={"name": data.get("name", node_id), "type": kind, **({"id": node_id} if captions else {})},
            **placed,
        ))
    out_edges = []
    edge_legend: dict[str, str] = {}
    for s, o, key, data in graph.edges(keys=True, data=True):
        if s not in keep or o not in keep:
            continue
        predicate = data.get("predicate", key.lower())
        on_path = frozenset((s, o)) in path_pairs
        modality = edge_modality(data.get("modalities") or ())
        edge_legend[modality] = edge_colour(modality)
        caption = (labels or {}).get(predicate, predicate)
        if modality != "asserted":
            caption = f"{caption} ({modality})"
        out_edges.append(Relationship(
            id=relationship_id(s, key, o), source=s, target=o,
            caption=caption if captions else None,
            width=edge_width(data.get("count", 1)) + (2 if on_path else 0),
            color=HIGHLIGHT if on_path else edge_colour(modality),
            properties={**_edge_properties(predicate, data, rich=captions), "drawn as": modality},
        ))
    view = VisualizationGraph(nodes=out_nodes, relationships=out_edges)
    if legend or edge_legend:
        ordered = dict(sorted(legend.items(), key=lambda kv: _legend_order(kv[0])))
        edges = {m: edge_legend[m] for m in MODALITIES if m in edge_legend}
        # Drawn beside the canvas by the page (legend_html): inside, it covers nodes.
        view.set_legend(nodes=ordered or None, relationships=edges or None, visible=False)
    return view


def legend_entries(view: VisualizationGraph) -> list[tuple[str, list[tuple[str, str]]]]:
    """The view's legend as (section, [(label, colour)]) for drawing outside the canvas."""
    legend = getattr(view, "legend", None)
    out = []
    for title, section in (("Entities", getattr(legend, "nodes", None)),
                           ("Relationships", getattr(legend, "relationships", None))):
        if section is not None and section.entries:
            out.append((title, [(e.label, str(e.color)) for e in section.entries]))
    return out


def legend_html(view: VisualizationGraph) -> str:
    """One line per section of coloured dots (entities) and bars (relationships) with labels."""
    from html import escape

    lines = []
    for title, entries in legend_entries(view):
        shape = "border-radius:50%;width:.8em;height:.8em" if title == "Entities" else "width:1.4em;height:.3em"
        items = " ".join(
            f'<span style="white-space:nowrap;margin-right:.9em"><span style="display:inline-block;{shape};'
            f'background:{escape(colour)};vertical-align:middle;margin-right:.3em"></span>{escape(label)}</span>'
            for label, colour in entries)
        lines.append(f'<div style="font-size:.85em;line-height:1.8"><b>{escape(title)}:</b> {items}</div>')
    return "".join(lines)


def _edge_properties(predicate: str, data: dict, rich: bool) -> dict:
    """What the widget's side panel shows for a relationship. Large graphs get the short form:
    the browser copies every property of every relationship on each frame it draws."""
    props = {"predicate": predicate, "statements": data.get("count", 1)}
    if rich:
        props.update(modalities=", ".join(data.get("modalities") or []), first_date=data.get("first_date") or "",
                     last_date=data.get("last_date") or "")
    return props


#: The drawing the positions are fitted to, in pixels at zoom 1 (the canvas is at least this wide
#: on a 1440-pixel screen; a wider one leaves margins).
FIT_WIDTH, FIT_HEIGHT = 680, 640
#: NVL draws a node's caption only when its radius on screen is at least about 16 px.
CAPTION_RADIUS, MAX_RADIUS = 17.0, 34.0
#: How much larger than the layout's radius a node may be drawn: well connected (x1.32) and on a path (x1.4).
GROWTH = 1.32 * 1.4


def fitted_layout(graph: nx.MultiDiGraph, nodes: Iterable[str], width: float = FIT_WIDTH,
                  height: float = FIT_HEIGHT) -> tuple[dict[str, tuple[float, float]], float]:
    """Positions in pixels centred on (0, 0) that fill ``width`` x ``height``, and the node radius
    that fits between neighbours (large enough for captions when the graph is small enough).

    Why here and not in the browser: the widget's own force layout starts unfitted (nodes cut
    off, names too small to draw) and only "zoom to fit" fixes it; a layout computed once, with
    the view fitted to it, is readable on load, in a hidden tab, and the same on every rerun.
    Each connected part is laid out alone (Kamada-Kawai spaces nodes evenly) and the parts are
    packed in rows, largest first, so a lone pair does not squeeze the rest into a corner.
    """
    keep = sorted(nodes)
    if not keep:
        return {}, CAPTION_RADIUS
    kept = set(keep)
    simple = nx.Graph()
    simple.add_nodes_from(keep)
    # the edges among ``keep`` read directly: a subgraph view filters each edge through Python
    # calls, a tenth of a second at 500 relationships
    simple.add_edges_from((s, o) for s in keep for o in graph.adj[s] if o in kept and s != o)
    parts = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c[0]))
    boxes = []  # (positions in unit space where neighbours are ~1 apart, width, height)
    for part in parts:
        if len(part) == 1:
            boxes.append(({part[0]: (0.0, 0.0)}, 0.0, 0.0))
            continue
        sub = simple.subgraph(part)
        raw = nx.spring_layout(sub, seed=7, iterations=150)
        # Scale so that the median edge is one unit long.
        lengths = sorted(((raw[a][0] - raw[b][0]) ** 2 + (raw[a][1] - raw[b][1]) ** 2) ** 0.5 for a, b in sub.edges())
        unit = lengths[len(lengths) // 2] or 1.0
        xs = [p[0] / unit for p in raw.values()]
        ys = [p[1] / unit for p in raw.values()]
        x0, y0 = min(xs), min(ys)
        pos = {node: (p[0] / unit - x0, p[1] / unit - y0) for node, p in raw.items()}
        boxes.append((pos, max(xs) - x0, max(ys) - y0))
    # Shelf packing: rows about as wide as the drawing's aspect asks for.
    gap = 1.2
    total_area = sum((w + gap) * (h + gap) for _, w, h in boxes)
    row_width = max(max(w for _, w, _h in boxes) + gap, (total_area * width / height) ** 0.5)
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for pos, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + gap, 0.0
        for node, (px, py) in pos.items():
            placed[node] = (x + px, y + py)
        x += w + gap
        row_height = max(row_height, h)
    order = list(placed)
    points = np.array([placed[n] for n in order], dtype=float)

    def fit(points, margin: float = MAX_RADIUS * GROWTH):
        span = np.maximum(points.max(axis=0) - points.min(axis=0), 1e-9)
        return min((width - 2 * margin) / span[0], (height - 2 * margin) / span[1])

    # Pixels per unit, the radius a unit leaves (neighbours about one unit apart), then nodes
    # pushed apart where hubs crowd their neighbours, and the whole fitted again with room for
    # the largest node at the edge.
    radius = max(6.0, min(MAX_RADIUS, 0.3 * fit(points)))
    before = fit(points)
    if len(points) <= 150:  # above that the room per node is below caption size anyway
        points = _separate(points, 2.3 * radius / before)
    scale = fit(points, radius * GROWTH)
    # Spread out, the drawing had to shrink: nodes shrink with it so that they stay apart.
    radius = max(6.0, min(radius * min(1.0, scale / before), 0.42 * scale))
    centre = (points.max(axis=0) + points.min(axis=0)) / 2
    pixels = (points - centre) * scale
    positions = {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(order, pixels)}
    return positions, radius


def _separate(points, distance: float, rounds: int = 40):
    """Push apart every pair of points closer than ``distance`` (half the shortfall each way)."""
    points = points.copy()
    if len(points) < 2:
        return points
    jitter = np.random.default_rng(7).normal(scale=1e-3, size=points.shape)
    points += jitter
    for _ in range(rounds):
        diff = points[:, None, :] - points[None, :, :]
        dist = np.sqrt((diff ** 2).sum(axis=2))
        np.fill_diagonal(dist, np.inf)
        short = np.clip(distance - dist, 0, None)
        if not short.any():
            break
        push = (diff / dist[..., None]) * (short[..., None] / 2)
        points += push.sum(axis=1)
    return points


def community_labels(graph: nx.MultiDiGraph, communities: Mapping[str, int], keep: Iterable[str]) -> dict[int, str]:
    """A name per community that says who is in it: its best-connected member and its size
    ("1 · around Russia (12)"), numbered from the largest."""
    kept = set(keep)
    members: dict[int, list[str]] = {}
    for node, number in communities.items():
        if number and node in kept:
            members.setdefault(number, []).append(node)
    labels = {}
    for number, nodes in members.items():
        hub = max(nodes, key=lambda n: (graph.degree(n), graph.nodes[n].get("name", n)))
        labels[number] = f"{number} · around {graph.nodes[hub].get('name', hub)} ({len(nodes)})"
    return labels


def _legend_order(label: str):
    number = label.split(" · ", 1)[0]
    if number.isdigit():
        return (0, int(number), "")
    return (1, 0, label)


def is_placed(view: VisualizationGraph) -> bool:
    """Whether every node has a position (from :func:`fitted_layout`)."""
    return bool(view.nodes) and all(n.x is not None and n.y is not None for n in view.nodes)


def render(view: VisualizationGraph, height: int = FIT_HEIGHT + 40):
    """The widget for ``display_widget`` (canvas renderer: captions and arrowheads). A placed
    view is shown as laid out, fitted at zoom 1; the others get the widget's force layout."""
    placed = is_placed(view)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return view.render_widget(height=f"{height}px", show_layout_button=True, show_search_button=True,
                                  on_dangling="none", theme="light",
                                  **(dict(layout="free", initial_zoom=1.0, pan_position=(0.0, 0.0)) if placed else {}))


#: Separates an entity id from its layout token in the ids the widget is given (see :class:`Shown`).
TOKEN = "\x1f"


def plain_id(widget_id: str) -> str:
    """An id the widget reports (a node's or a relationship's) without its layout token."""
    return str(widget_id).split(TOKEN, 1)[0]


class Event(NamedTuple):
    """A click, double-click... in the widget: its type, the plain id of what was hit, and the id
    as the widget has it (with the layout token: the same entity in another layout differs)."""

    type: str
    id: Optional[str]
    raw: Optional[str]


class Shown:
    """What the widget is sent for one view, serialised once (serialising 7,000 entities takes
    longer than the rest of a rerun), with its legend and the view itself (for the exports).
    Holds no widget object, so it can be cached and shared between sessions: nothing a browser
    sends is written into it.

    The widget keeps one key for the session (a new key mounts a new widget: a second without a
    GPU), and then it keeps the position of every node id it already has. So a laid-out view
    gives its node ids a token of its layout: a view laid out anew is drawn where it is laid out,
    and a view with the same layout (a step of Play over the same entities) updates in place.
    """

    FIXED = ("nodes", "relationships", "width", "height", "theme", "legend", "options")

    def __init__(self, view: VisualizationGraph, legend: str = "") -> None:
        self.legend = legend
        self.view = view
        state = render(view).get_state(list(self.FIXED))
        fixed = {trait: state[trait] for trait in self.FIXED if trait in state}
        if is_placed(view):
            fixed = _tokened(fixed, _layout_token(view))
        self.fixed = fixed


def _layout_token(view: VisualizationGraph) -> str:
    digest = hashlib.sha256(repr(sorted((str(n.id), n.x, n.y) for n in view.nodes)).encode())
    return digest.hexdigest()[:8]


def _tokened(fixed: dict, token: str) -> dict:
    """``fixed`` with every node id, relationship end and relationship id carrying ``token``."""
    def tokened(ident) -> str:
        return f"{ident}{TOKEN}{token}"

    out = dict(fixed)
    out["nodes"] = [dict(n, id=tokened(n["id"])) for n in fixed.get("nodes", [])]
    out["relationships"] = [dict(r, id=tokened(r["id"]), **{"from": tokened(r["from"]), "to": tokened(r["to"])})
                            for r in fixed.get("relationships", [])]
    return out


def _persisted(key: str) -> Mapping:
    """What the browser last reported for the widget ``key`` (selection, options, last event)."""
    value = st.session_state.get(key)
    return value if isinstance(value, Mapping) else {}


def last_event(key: str) -> Optional[Event]:
    """The last event the widget ``key`` reported, read before the widget is drawn in this run
    (so that what it changes is drawn in the same run)."""
    event = _persisted(key).get("last_event")
    if not isinstance(event, Mapping) or not event.get("type"):
        return None
    raw = str(event["id"]) if event.get("id") is not None else None
    return Event(str(event["type"]), plain_id(raw) if raw is not None else None, raw)


def show(shown: "Shown", key: str) -> None:
    """Display a widget like :func:`neo4j_viz.streamlit.display_widget`, two-way (its events are
    read with :func:`last_event`). The selection is not sent back to the browser: the browser owns
    it, so a click leaves the element unchanged and Streamlit sends a reference to the element it
    sent before (with its 5 MB of JavaScript) instead of the element again. The options the
    browser changed (the layout chosen with the widget's button) are sent back as they are, for
    the same reason."""
    from neo4j_viz.streamlit import _RECEIVE_KEYS, _component_height, _component_renderer

    data = dict(shown.fixed, options=_persisted(key).get("options") or shown.fixed.get("options"))
    _component_renderer()(
        key=key, data=data, height=_component_height(data.get("height")),
        default={trait: None for trait in _RECEIVE_KEYS},
        on_selected_change=lambda *_a, **_k: None,
        on_options_change=lambda *_a, **_k: None,
        on_last_event_change=lambda *_a, **_k: None,
    )


# ----------------------------------------------------------------------------- query results

def result_view(rows: Iterable[Mapping]) -> Optional[VisualizationGraph]:
    """The nodes, relationships and paths found anywhere in query rows, or None if there are none.

    Rows come from :func:`graph.values.plain`: nodes are dicts with ``_labels``, relationships
    dicts with ``_type``/``_start``/``_end`` (ends named by the ``id`` property when known),
    paths dicts with ``nodes`` and ``relationships``. Ends that are not returned become small
    grey placeholder nodes.
    """
    nodes: dict[str, dict] = {}
    rels: list[dict] = []
    for row in rows:
        for value in row.values():
            _collect(value, nodes, rels)
    if not nodes and not rels:
        return None
    out_nodes = {}
    legend: dict[str, str] = {}
    for key, node in nodes.items():
        label = _main_label(node)
        colour = type_colour(node.get("type") if "Entity" in node.get("_labels", []) else label)
        legend[node.get("type") or label] = colour
        props = {k: _short(v) for k, v in node.items() if not k.startswith("_")}
        props["labels"] = ":".join(node.get("_labels", []))
        out_nodes[key] = Node(id=key, caption=node_caption(_caption(node)), size=18, color=colour, properties=props)
    out_rels = []
    seen = set()
    for number, rel in enumerate(rels):
        start, end = str(rel.get("_start")), str(rel.get("_end"))
        for end_id in (start, end):
            if end_id not in out_nodes:
                out_nodes[end_id] = Node(id=end_id, caption=end_id, size=8, color="#CCCCCC",
                                         properties={"id": end_id, "labels": "(not returned)"})
        ident = (start, rel.get("_type"), end, tuple(sorted((k, str(v)) for k, v in rel.items())))
        if ident in seen:
            continue
        seen.add(ident)
        props = {k: _short(v) for k, v in rel.items() if not k.startswith("_")}
        out_rels.append(Relationship(id=f"r{number}", source=start, target=end, caption=str(rel.get("_type")),
                                     width=edge_width(int(rel.get("count") or 1)), color=EDGE_COLOUR,
                                     properties=props))
    captions = len(out_nodes) <= CAPTION_LIMIT
    if not captions:
        for node in out_nodes.values():
            node.caption = None
        for rel in out_rels:
            rel.caption = None
    else:
        # Laid out and fitted like Explore's views: readable when its tab is first shown.
        shape = nx.MultiDiGraph()
        shape.add_nodes_from(out_nodes)
        shape.add_edges_from((r.source, r.target) for r in out_rels)
        positions, radius = fitted_layout(shape, list(out_nodes))
        for key, node in out_nodes.items():
            node.x, node.y = positions[key]
            node.size = round(radius if node.size >= 18 else radius / 2, 1)
            node.caption_size = CAPTION_SIZE
    view = VisualizationGraph(nodes=list(out_nodes.values()), relationships=out_rels)
    view.set_legend(nodes=dict(sorted(legend.items())), visible=False)
    return view


def _collect(value, nodes: dict, rels: list) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, nodes, rels)
    elif isinstance(value, dict):
        if "_labels" in value:
            nodes.setdefault(_node_key(value), value)
        elif "_type" in value and "_start" in value:
            rels.append(value)
        elif set(value) == {"nodes", "relationships"}:
            _collect(value["nodes"], nodes, rels)
            _collect(value["relationships"], nodes, rels)
        else:
            for item in value.values():
                _collect(item, nodes, rels)


def _node_key(node: dict) -> str:
    if node.get("id") is not None:
        return str(node["id"])
    digest = hashlib.sha256(repr(sorted(node.items())).encode()).hexdigest()[:12]
    return f"node-{digest}"


def _main_label(node: dict) -> str:
    labels = [label for label in node.get("_labels", []) if label != "Entity"]
    return labels[0] if labels else (node.get("_labels") or ["Node"])[0]


def _caption(node: dict) -> str:
    for key in ("name", "title", "predicate", "path", "id"):
        if node.get(key):
            return str(node[key])[:60]
    return _main_label(node)


def _short(value) -> object:
    if isinstance(value, (list, dict)):
        text = str(value)
        return text if len(text) <= 300 else text[:299] + "…"
    if isinstance(value, str) and len(value) > 300:
        return value[:299] + "…"
    return value
