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
from typing import Iterable, Mapping, Optional

import networkx as nx
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
#: A relationship none of whose statements is asserted is drawn in the colour of its first
#: modality, with the modality in its caption: "not withdrawing" must not look like a withdrawal.
MODALITY_COLOURS = {"asserted": EDGE_COLOUR, "negated": "#8B0000", "alleged": "#D35400",
                    "intended": "#1F77B4", "possible": "#7D3C98"}
SEPARATOR = "|"


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
        out_nodes.append(Node(
            id=node_id, caption=data.get("name", node_id) if captions else None,
            size=node_size(degree.get(node_id, 0)) * (1.4 if node_id in marked else 1.0),
            color=colour,  # path ends and steps keep their legend colour; they are drawn larger
            properties={"name": data.get("name", node_id), "type": kind, **({"id": node_id} if captions else {})},
        ))
    out_edges = []
    edge_legend: dict[str, str] = {}
    for s, o, key, data in graph.edges(keys=True, data=True):
        if s not in keep or o not in keep:
            continue
        predicate = data.get("predicate", key.lower())
        on_path = frozenset((s, o)) in path_pairs
        modality = edge_modality(data.get("modalities") or ())
        edge_legend[modality] = MODALITY_COLOURS[modality]
        caption = (labels or {}).get(predicate, predicate)
        if modality != "asserted":
            caption = f"{caption} ({modality})"
        out_edges.append(Relationship(
            id=relationship_id(s, key, o), source=s, target=o,
            caption=caption if captions else None,
            width=edge_width(data.get("count", 1)) + (2 if on_path else 0),
            color=HIGHLIGHT if on_path else MODALITY_COLOURS[modality],
            properties={**_edge_properties(predicate, data, rich=captions), "drawn as": modality},
        ))
    view = VisualizationGraph(nodes=out_nodes, relationships=out_edges)
    if legend or edge_legend:
        ordered = dict(sorted(legend.items(), key=lambda kv: _legend_order(kv[0])))
        edges = {m: edge_legend[m] for m in MODALITIES if m in edge_legend}
        view.set_legend(nodes=ordered or None, relationships=edges or None)
    return view


def _edge_properties(predicate: str, data: dict, rich: bool) -> dict:
    """What the widget's side panel shows for a relationship. Large graphs get the short form:
    the browser copies every property of every relationship on each frame it draws."""
    props = {"predicate": predicate, "statements": data.get("count", 1)}
    if rich:
        props.update(modalities=", ".join(data.get("modalities") or []), first_date=data.get("first_date") or "",
                     last_date=data.get("last_date") or "")
    return props


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


def render(view: VisualizationGraph, height: int = 620):
    """The widget for ``display_widget`` (canvas renderer: captions and arrowheads)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return view.render_widget(height=f"{height}px", show_layout_button=True, show_search_button=True,
                                  on_dangling="none", theme="light")


class Shown:
    """A widget and the part of its state that never changes while it is shown (its entities,
    legend and size): serialising 7,000 entities takes longer than the rest of a rerun, so
    that is done once per widget, not on every click."""

    FIXED = ("nodes", "relationships", "width", "height", "theme", "legend")

    def __init__(self, widget) -> None:
        self.widget = widget
        state = widget.get_state(list(self.FIXED))
        self.fixed = {trait: state[trait] for trait in self.FIXED if trait in state}


def show(shown: "Shown", key: str) -> None:
    """Display a widget like :func:`neo4j_viz.streamlit.display_widget`, two-way, but without
    sending the selection back to the browser: the browser owns it, so a click leaves the
    element unchanged and Streamlit sends a reference to the element it sent before (with its
    5 MB of JavaScript) instead of the element again."""
    from neo4j_viz.streamlit import (_RECEIVE_KEYS, _component_height, _component_renderer,
                                     _sync_persisted_to_widget, _sync_result_to_widget)

    widget = shown.widget
    _sync_persisted_to_widget(widget, key)
    data = dict(shown.fixed, options=widget.get_state("options")["options"])
    result = _component_renderer()(
        key=key, data=data, height=_component_height(data.get("height")),
        default={trait: None for trait in _RECEIVE_KEYS},
        on_selected_change=lambda *_a, **_k: None,
        on_options_change=lambda *_a, **_k: None,
        on_last_event_change=lambda *_a, **_k: None,
    )
    _sync_result_to_widget(widget, result)


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
        out_nodes[key] = Node(id=key, caption=_caption(node), size=18, color=colour, properties=props)
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
    view = VisualizationGraph(nodes=list(out_nodes.values()), relationships=out_rels)
    view.set_legend(nodes=dict(sorted(legend.items())))
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
