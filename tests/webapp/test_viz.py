"""Building the neo4j-viz graph from the entity graph: colours, sizes, widths, captions, legend."""
from __future__ import annotations

import networkx as nx

from webapp import viz


def star(n: int) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("hub", name="Hub", type="InternationalOrganization")
    for i in range(n):
        graph.add_node(f"s{i}", name=f"State {i}", type="State")
        graph.add_edge(f"s{i}", "hub", key="MEMBER_OF", predicate="member_of", count=1 + i % 4,
                       modalities=["asserted"], first_date=None, last_date=None)
    return graph


def test_colours_sizes_widths_and_legend():
    view = viz.entity_view(star(5), labels={"member_of": "member of"})
    nodes = {n.id: n for n in view.nodes}
    assert nodes["hub"].size > nodes["s0"].size
    assert viz.to_hex(nodes["s0"]) == viz.TYPE_COLOURS["State"].lower()
    rels = {r.id: r for r in view.relationships}
    assert rels["s3|MEMBER_OF|hub"].width > rels["s0|MEMBER_OF|hub"].width
    assert rels["s0|MEMBER_OF|hub"].caption == "member of"
    assert viz.parse_relationship_id("s3|MEMBER_OF|hub") == ("s3", "MEMBER_OF", "hub")
    legend = view.legend.nodes.entries
    assert [(e.label, e.color.lower()) for e in legend] == [
        ("InternationalOrganization", viz.TYPE_COLOURS["InternationalOrganization"].lower()),
        ("State", viz.TYPE_COLOURS["State"].lower())]


def test_captions_off_above_the_limit():
    small = viz.entity_view(star(10))
    assert all(n.caption for n in small.nodes) and all(r.caption for r in small.relationships)
    big = viz.entity_view(star(viz.CAPTION_LIMIT + 1))
    assert not any(n.caption for n in big.nodes) and not any(r.caption for r in big.relationships)
    assert all(n.properties["name"] for n in big.nodes)  # names stay for hover and the side panel


def test_subset_communities_and_highlight():
    graph = star(6)
    view = viz.entity_view(graph, ["hub", "s1", "s2", "missing"], communities={"hub": 1, "s1": 1, "s2": 2},
                           highlight=["s2"], highlight_edges=[("s2", "hub")])
    assert {n.id for n in view.nodes} == {"hub", "s1", "s2"}
    assert {r.id for r in view.relationships} == {"s1|MEMBER_OF|hub", "s2|MEMBER_OF|hub"}
    assert [e.label for e in view.legend.nodes.entries] == ["1 · around Hub (2)", "2 · around State 2 (1)"]
    marked = next(r for r in view.relationships if r.id == "s2|MEMBER_OF|hub")
    assert viz.to_hex(marked) == viz.HIGHLIGHT.lower()


def test_large_graph_builds_quickly():
    import time

    graph = nx.MultiDiGraph()
    for i in range(2000):
        graph.add_node(f"e{i}", name=f"Entity {i}", type="State" if i % 3 else "Person")
    for j in range(5000):
        a, b = j % 2000, (j % 2000 + 1 + 17 * (j // 2000)) % 2000
        graph.add_edge(f"e{a}", f"e{b}", key=f"P{j // 2000}", predicate=f"p{j // 2000}", count=1 + j % 3)
    started = time.perf_counter()
    view = viz.entity_view(graph)
    viz.render(view).get_state()
    assert time.perf_counter() - started < 3.0
    assert len(view.nodes) == 2000 and len(view.relationships) == 5000


def test_modality_is_drawn_on_every_edge_with_a_legend():
    graph = nx.MultiDiGraph()
    for node, kind in (("ru", "State"), ("ns", "Treaty"), ("us", "State"), ("nato", "InternationalOrganization")):
        graph.add_node(node, name=node.upper(), type=kind)
    graph.add_edge("ru", "ns", key="WITHDRAWS_FROM", predicate="withdraws_from", count=1, modalities=["negated"])
    graph.add_edge("us", "ns", key="WITHDRAWS_FROM", predicate="withdraws_from", count=2,
                   modalities=["asserted", "alleged"])
    graph.add_edge("ru", "nato", key="ATTACKS", predicate="attacks", count=1, modalities=["alleged", "possible"])
    view = viz.entity_view(graph, labels={"withdraws_from": "withdraws from", "attacks": "attacks"})
    rels = {r.id: r for r in view.relationships}
    negated, mixed, alleged = rels["ru|WITHDRAWS_FROM|ns"], rels["us|WITHDRAWS_FROM|ns"], rels["ru|ATTACKS|nato"]
    assert negated.caption == "withdraws from (negated)"
    assert viz.to_hex(negated) == viz.MODALITY_COLOURS["negated"].lower() != viz.EDGE_COLOUR.lower()
    assert mixed.caption == "withdraws from" and viz.to_hex(mixed) == viz.EDGE_COLOUR.lower()
    assert alleged.caption == "attacks (possible)" or alleged.caption == "attacks (alleged)"
    assert alleged.properties["drawn as"] == viz.edge_modality(["alleged", "possible"])
    assert [e.label for e in view.legend.relationships.entries] == ["asserted", "negated",
                                                                   viz.edge_modality(["alleged", "possible"])]


def test_edge_modality_prefers_asserted_then_the_modality_order():
    assert viz.edge_modality([]) == "asserted"
    assert viz.edge_modality(["negated", "asserted"]) == "asserted"
    assert viz.edge_modality(["alleged", "negated"]) == "negated"


def test_path_nodes_keep_their_type_colour_and_are_drawn_larger():
    graph = star(3)
    view = viz.entity_view(graph, highlight=["hub", "s1"], highlight_edges=[("s1", "hub")])
    nodes = {n.id: n for n in view.nodes}
    assert viz.to_hex(nodes["s1"]) == viz.TYPE_COLOURS["State"].lower()
    assert viz.to_hex(nodes["hub"]) == viz.TYPE_COLOURS["InternationalOrganization"].lower()
    assert nodes["s1"].size > nodes["s2"].size  # same degree, but on the path
    assert viz.to_hex(next(r for r in view.relationships if r.id == "s1|MEMBER_OF|hub")) == viz.HIGHLIGHT.lower()


def test_small_views_are_laid_out_fitted_and_big_enough_for_names():
    """Up to the caption limit the view comes laid out and fitted at zoom 1: every node inside
    the drawing, nodes apart, and a radius the widget draws captions at (about 16 px)."""
    import itertools

    graph = star(40)
    graph.add_node("x", name="Lone", type="State")
    graph.add_node("y", name="Pair", type="State")
    graph.add_edge("x", "y", key="ALLIED_WITH", predicate="allied_with", count=1, modalities=["asserted"])
    view = viz.entity_view(graph)
    assert viz.is_placed(view)
    half_w, half_h = viz.FIT_WIDTH / 2, viz.FIT_HEIGHT / 2
    for node in view.nodes:
        assert node.size >= viz.CAPTION_RADIUS
        assert abs(node.x) + node.size <= half_w + 1 and abs(node.y) + node.size <= half_h + 1
    close = sum(1 for a, b in itertools.combinations(view.nodes, 2)
                if ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 < 0.9 * (a.size + b.size))
    assert close <= len(view.nodes) // 20  # at most a few touching pairs
    options = viz.render(view).get_state("options")["options"]
    assert options["layout"] == "free" and options["zoom"] == 1.0 and options["pan"] == {"x": 0.0, "y": 0.0}


def test_big_views_keep_the_widgets_own_layout():
    view = viz.entity_view(star(viz.CAPTION_LIMIT + 1))
    assert not viz.is_placed(view)


def test_legend_is_drawn_outside_the_canvas():
    graph = star(3)
    graph.add_edge("s0", "hub", key="OPPOSES", predicate="opposes", count=1, modalities=["negated"])
    view = viz.entity_view(graph)
    assert view.legend.visible is False
    html = viz.legend_html(view)
    assert "Entities:" in html and "State" in html and "Relationships:" in html and "negated" in html


def test_captions_break_at_spaces_and_mark_cuts():
    from webapp.viz import LINE_EM, caption_lines, node_caption, text_em

    assert caption_lines("Germany") == ["Germany"]
    assert caption_lines("United Kingdom") == ["United", "Kingdom"]
    long = "International Atomic Energy Agency"
    lines = caption_lines(long)
    assert len(lines) == 2 and lines[-1].endswith("…")
    for line in lines:
        assert text_em(line) < 0.95 * LINE_EM
        assert all(w in long.split() or (w.endswith("…") and any(x.startswith(w[:-1]) for x in long.split()))
                   for w in line.split())
    assert node_caption("Christopher Ford").endswith("Ford")
