"""Explore page: the graph sent to the widget, filters, search, details on a (simulated) click,
neighbours on double-click, relationship evidence, paths and communities."""
from __future__ import annotations

import pytest

from graph import analytics, views
from webapp.pages import explore
from tests.webapp.conftest import graph_data, page, texts, unescape, widget_id

BOTH_ENGINES = True  # app_env on FalkorDB and on Neo4j (tests/webapp/conftest.py)


@pytest.fixture
def at(app_env):
    return page("explore").run()


def click(at, kind: str, ident: str):
    """What the neo4j-viz widget stores when the user clicks in the browser (on what is drawn:
    the id it reports is the one it was given)."""
    raw = widget_id(at, ident) if ident else None
    at.session_state[explore.GRAPH_KEY] = {"last_event": {"type": kind, "id": raw},
                                           "selected": {"nodeIds": [raw] if kind.startswith("node") else [],
                                                        "relationshipIds": []}}
    return at.run()


def test_whole_graph_with_colours_by_type_and_legend(at, app_env, ontology):
    assert not at.exception
    data = graph_data(at)
    whole = analytics.entity_graph(app_env.store, ontology)
    connected = {n for n in whole.nodes if whole.degree(n) > 0}
    assert {n["id"] for n in data["nodes"]} == connected  # isolated entities hidden by default
    assert len(data["relationships"]) == whole.number_of_edges()
    russia = next(n for n in data["nodes"] if n["id"] == "russia")
    assert russia["caption"] == "Russia" and russia["color"].lower() == "#4c8eda"  # State colour
    legend = {entry["label"] for entry in data["legend"]["nodes"]["entries"]}
    assert {"State", "Treaty", "InternationalOrganization"} <= legend
    widest = max(data["relationships"], key=lambda r: r["width"])
    assert widest["properties"]["statements"] == max(d["count"] for _, _, d in whole.edges(data=True))
    assert f"{len(connected)} entities" in texts(at)


def test_node_click_shows_details_with_evidence(at, app_env):
    at = click(at, "node_click", "russia")
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Russia"]
    shown = unescape(texts(at))
    found = views.entity_statements(app_env.store, "russia")
    assert found["out"] and found["in"]
    for row in found["out"][:5] + found["in"][:5]:
        assert row["sentence"] in shown
        assert (row["doc_title"] or row["doc_path"]) in shown
    spoken = [r for r in found["out"] + found["in"] if r["speaker"]]
    assert all(f"according to {r['speaker']}" in shown for r in spoken[:5])
    assert "Statements out" in shown and "Statements in" in shown
    assert "Also called:" in shown and "Moscow" in shown
    labels = {e.label for e in at.expander}
    assert any(label.startswith("withdraws from") or label.startswith("opposes") for label in labels), labels


def test_double_click_expands_neighbours(at, app_env, ontology):
    at = click(at, "node_double_click", "japan")
    assert not at.exception
    whole = analytics.entity_graph(app_env.store, ontology)
    expected = {"japan"} | views.neighbours(whole, "japan")
    assert {n["id"] for n in graph_data(at)["nodes"]} == expected
    assert f"{len(expected)} entities in focus" in texts(at)
    neighbour = sorted(expected - {"japan"})[0]
    at = click(at, "node_double_click", neighbour)  # expands further
    assert {n["id"] for n in graph_data(at)["nodes"]} == expected | {neighbour} | views.neighbours(whole, neighbour)
    at.button(key="explore.reset").click().run()
    assert "in focus" not in texts(at)


def drawn_counts(at) -> tuple[int, int, int]:
    """(entities, relationships, statements) of what the widget was sent."""
    data = graph_data(at)
    return (len(data["nodes"]), len(data["relationships"]),
            sum(r["properties"]["statements"] for r in data["relationships"]))


def caption_of(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Drawn: "))


def test_every_count_is_of_what_is_drawn(at, app_env, ontology):
    """"21 of 128" beside 73 entities drawn: the caption's counts are those of the drawing, and
    the "of" of a focus is what the whole graph view draws (isolated entities hidden)."""
    whole_entities, whole_rels, whole_statements = drawn_counts(at)
    everything = analytics.entity_graph(app_env.store, ontology).number_of_nodes()
    assert whole_entities < everything  # some entities have no relationship: not drawn, not counted
    assert caption_of(at).startswith(f"Drawn: {whole_entities} entities, {whole_rels} relationships "
                                     f"({whole_statements} statements behind them) · "
                                     f"{everything - whole_entities} entities without relationships not drawn")
    at = click(at, "node_double_click", "japan")
    entities, rels, statements = drawn_counts(at)
    assert caption_of(at).startswith(f"Drawn: {entities} entities in focus, {rels} relationships "
                                     f"({statements} statements behind them) · the whole graph view draws "
                                     f"{whole_entities} entities")
    at.checkbox(key="explore.hide_isolated").uncheck().run()
    assert f"the whole graph view draws {everything} entities" in caption_of(at)
    at.button(key="explore.reset").click().run()
    assert caption_of(at).startswith(f"Drawn: {everything} entities") and "not drawn" not in caption_of(at)
    # the most connected are counted in statements drawn, among the entities drawn
    at.checkbox(key="explore.hide_isolated").check().run()
    at.multiselect(key="filter.types").select("State").run()
    data = graph_data(at)
    drawn = {n["id"] for n in data["nodes"]}
    per_node = {n: 0 for n in drawn}
    for r in data["relationships"]:
        per_node[r["from"]] += r["properties"]["statements"]
        per_node[r["to"]] += r["properties"]["statements"]
    top = max(per_node, key=per_node.get)
    name = next(n["properties"]["name"] for n in data["nodes"] if n["id"] == top)
    line = next(m.value for m in at.markdown if "Most connected" in m.value)
    assert f"{name} ({per_node[top]})" in unescape(line)


def test_relationship_click_lists_its_statements(at, app_env, ontology):
    rel = next(r for r in graph_data(at)["relationships"] if r["properties"]["predicate"] == "withdraws_from")
    at = click(at, "relationship_click", rel["id"])
    assert not at.exception
    source, _, target = rel["id"].split("|")
    rows = views.statements_of_relationship(app_env.store, ontology, source, "withdraws_from", target)
    heading = at.subheader[0].value
    assert "withdraws from" in heading
    assert all(r["sentence"] in unescape(texts(at)) for r in rows)


def test_search_by_alias_focuses_and_selects(at, app_env):
    at.text_input(key="explore.find").input("moscow").run()
    box = at.selectbox(key="explore.search")
    assert box.options[0].startswith("Russia (State) · as Moscow")
    assert all("moscow" in option.lower() for option in box.options)  # nothing unrelated
    box.select("russia").run()
    assert not at.exception
    assert at.subheader[0].value == "Russia"
    assert "in focus" in texts(at)


def test_filters_restrict_the_graph(at, app_env):
    at.multiselect(key="filter.types").select("State").run()
    data = graph_data(at)
    assert data["nodes"] and all(n["properties"]["type"] == "State" for n in data["nodes"])
    assert "filtered by types State" in texts(at)
    at.multiselect(key="filter.types").unselect("State").run()
    at.multiselect(key="filter.predicates").select("withdraws_from").run()
    data = graph_data(at)
    assert {r["properties"]["predicate"] for r in data["relationships"]} == {"withdraws_from"}
    at.multiselect(key="filter.predicates").unselect("withdraws_from").run()
    docs = views.documents(app_env.store)
    inf = next(d for d in docs if "INF" in d["title"])
    at.multiselect(key="filter.documents").select(inf["id"]).run()
    counted = sum(r["properties"]["statements"] for r in graph_data(at)["relationships"])
    assert counted == inf["statements"]
    at.multiselect(key="filter.documents").unselect(inf["id"]).run()
    at.multiselect(key="filter.modalities").select("negated").run()
    assert all("negated" in r["properties"]["modalities"] for r in graph_data(at)["relationships"])


def test_time_window_keeps_statements_dated_inside_it(at):
    """The time slider (tests/webapp/test_timeslider.py) on the sample corpus: a window of years
    draws only relationships with statements inside it, their dates recomputed from those."""
    whole = len(graph_data(at)["relationships"])
    at.button_group(key="explore.when.unit").set_value("year").run()
    at.select_slider[0].set_value(("2019", "2021")).run()
    inside = graph_data(at)["relationships"]
    for rel in inside:
        assert rel["properties"]["first_date"][:4] >= "2019" and rel["properties"]["last_date"][:4] <= "2021"
    assert 0 < len(inside) < whole
    assert "2019 – 2021:" in texts(at).replace("**", "")


def test_path_between_two_entities(at):
    at.selectbox(key="path.from").select("japan")
    at.selectbox(key="path.to").select("russia")
    at.button[[b.label for b in at.button].index("Find the shortest path")].click().run()
    assert not at.exception
    shown = texts(at)
    assert "**Path:** **Japan**" in shown and shown.count("**Russia**") >= 1
    data = graph_data(at)
    assert {"japan", "russia"} <= {n["id"] for n in data["nodes"]}
    assert any(r["color"].lower() == "#e8123c" for r in data["relationships"])  # the path is marked


def test_no_path_is_a_readable_message(at):
    at.selectbox(key="path.from").select("japan")
    at.selectbox(key="path.to").select("japan")
    at.button[[b.label for b in at.button].index("Find the shortest path")].click().run()
    assert "Choose two different entities." in [w.value for w in at.warning]


def test_colour_by_community(at):
    at.radio(key="explore.colour").set_value("community").run()
    legend = [e["label"] for e in graph_data(at)["legend"]["nodes"]["entries"]]
    assert legend[0].startswith("1 · around ") and legend[1].startswith("2 · around ")
    sizes = [int(label.rsplit("(", 1)[1].rstrip(")")) for label in legend if " · around " in label]
    assert sizes == sorted(sizes, reverse=True)  # numbered from the largest


def test_the_graph_keeps_its_key_and_old_clicks_are_not_replayed(at):
    """A new view updates the widget in place (a new key would mount a new one in the browser),
    and the click it still holds is not acted on again; a new click is."""
    at = click(at, "node_click", "russia")
    at.text_input(key="explore.find").input("Japan").run()
    at.selectbox(key="explore.search").select("japan").run()
    assert at.subheader[0].value == "Japan"
    at.run()  # the widget still reports the "russia" click: it must not come back
    assert at.subheader[0].value == "Japan"
    drawn = {n["id"] for n in graph_data(at)["nodes"]}
    assert "japan" in drawn and "russia" not in drawn  # the focus is drawn, in the same widget
    neighbour = sorted(drawn - {"japan"})[0]
    at = click(at, "node_click", neighbour)
    assert at.subheader[0].value == next(n["properties"]["name"] for n in graph_data(at)["nodes"]
                                         if n["id"] == neighbour)


def test_a_click_on_empty_canvas_clears_the_details(at):
    at = click(at, "node_click", "russia")
    assert at.subheader[0].value == "Russia"
    at = click(at, "canvas_click", "")
    assert not at.exception
    assert not at.subheader or at.subheader[0].value != "Russia"
    assert "Click an entity in the graph" in texts(at)


def test_exports_hold_what_is_drawn(at, app_env, ontology):
    import csv
    import io

    import networkx as nx
    from PIL import Image

    from webapp import exports, viz

    whole = analytics.entity_graph(app_env.store, ontology)
    shown = ["japan", *views.neighbours(whole, "japan")]
    part = exports.drawn(whole, shown)
    nodes = list(csv.DictReader(io.StringIO(exports.nodes_csv(part))))
    edges = list(csv.DictReader(io.StringIO(exports.edges_csv(part))))
    assert {n["id"] for n in nodes} == set(shown)
    assert len(edges) == part.number_of_edges() > 0
    assert sum(int(e["statements"]) for e in edges) == sum(d["count"] for _, _, d in part.edges(data=True))
    back = nx.read_graphml(io.BytesIO(exports.to_graphml(part)))
    assert set(back.nodes) == set(shown) and back.number_of_edges() == len(edges)
    view = viz.entity_view(whole, shown)
    picture = Image.open(io.BytesIO(exports.to_png(view)))
    assert picture.format == "PNG"
    colours = {c for _, c in picture.convert("RGB").getcolors(1 << 20)}
    assert (0x4C, 0x8E, 0xDA) in colours  # the State discs, as drawn
    buttons = [e for e in at.main if type(e).__name__ == "DownloadButton" or "download" in str(type(e)).lower()]
    assert buttons or "Download what is drawn" in texts(at)
