"""Hostile user strings (quotes, backticks, braces, Cypher keywords and comments, escapes, long and
non-Latin text) in entity ids, names and aliases, document ids, titles and paths, and evidence
sentences: stored and read back verbatim on a real server, never part of any query text, and
unable to add or remove anything. Names that must become labels or relationship types are refused
before any query is built. The interchange formats (Turtle, neo4j-admin CSV, GraphML) keep them."""
from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import edits, export, queries, views
from graph.errors import ValidationError
from graph.loader import Loader, check_key
from graph.rdf import import_rdf, to_rdf
from graph import vocab
from graph.errors import QueryError
from graph.vocab import identifier
from ontology.model import load_ontology
from ontology.records import Document, Entity, ExtractionResult, Statement

from tests.graph.snapshot import snapshot

#: Strings that break naive string building: quoting, escaping, Cypher structure and keywords.
HOSTILE = [
    "O'Brien",
    'say "no"',
    "back`tick",
    "`) DETACH DELETE n //",
    "{x: 1}",
    "}) MATCH (m) DETACH DELETE m //",
    "' OR 1=1 //",
    "\") DETACH DELETE n RETURN (\"",
    "MATCH",
    "RETURN",
    "null",
    "$param",
    "\\u0027",
    "\\",
    "ends with a backslash\\",
    "\\\"",
    'a\\":b',
    '["x":1]',
    "a;b",
    "CYPHER x=1 MATCH (n) DETACH DELETE n",
    "/* comment */",
    "Ünïcödé 東京 Москва 🇺🇦 ٱلسَّلَام",
    "\u202eright-to-left",
    "line\nbreak\r\nand\ttab",
    "x" * 5000,
]
IDS = [f"h{i}" for i in range(len(HOSTILE))]

#: Text as users and documents can write it: every character but NUL (which FalkorDB cannot hold)
#: and surrogates, weighted towards the characters that matter to Cypher and its string escapes.
SPECIAL = "'\"`\\{}()[]:;,.$/*-\n\r\t\x0b\x0cu0 "
hostile_text = st.text(
    alphabet=st.one_of(st.sampled_from(SPECIAL),
                       st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")),
    min_size=1, max_size=60)


def key(value: str) -> str:
    """``value`` as an id or path part: itself, unless no index lookup could find it again
    (:func:`graph.loader.check_key`: those are refused, see below)."""
    try:
        check_key(value, "id")
        check_key(f"uploads/{value}.txt", "path")
    except ValidationError:
        return "key-" + hashlib.sha1(value.encode("utf-8", "surrogatepass")).hexdigest()
    return value


def hostile_result(value: str, doc_id: str = "", alias: str = "") -> ExtractionResult:
    """One document in which ``value`` is everything a user or a text can name: the ids, names and
    aliases of an entity, the document's id, title and path, the evidence, speaker and rule."""
    alias = alias or value + " (alias)"
    ent = Entity(key(value), value, "Person", aliases=tuple(sorted({value, alias})))
    other = Entity("plain", "Plain State", "State")
    doc = Document(id=doc_id or key(value), path=f"uploads/{key(value)}.txt", title=value, date="2021-06-01")
    return ExtractionResult(doc, [ent, other], [
        Statement(doc.name, ent, "criticizes", other, attributed_to=ent, sentence=value, start=0, end=10,
                  confidence=0.9, rule=value, doc_id=doc.id),
        Statement(doc.name, other, "supports", ent, modality="alleged", sentence=value + "!", start=20,
                  end=30, confidence=0.5, rule="test", doc_id=doc.id),
    ])


def logged(store) -> list[str]:
    """Start recording the text of every statement sent (before its parameters are attached)."""
    texts: list[str] = []
    store.query_log = texts.append
    return texts


def assert_stored_verbatim(store, value: str, doc_id: str = "", alias: str = "") -> None:
    alias = alias or value + " (alias)"
    doc_id = doc_id or key(value)
    ent = views.entity(store, key(value))
    assert ent == {"id": key(value), "name": value, "type": "Person", "aliases": sorted({value, alias})}
    assert [r["id"] for r in edits.find_entities(store, value)] == [key(value)]
    (doc,) = [d for d in views.documents(store) if d["id"] == doc_id]
    assert (doc["title"], doc["path"], doc["statements"], doc["entities"]) == (
        value, f"uploads/{key(value)}.txt", 2, 2)
    rows = views.document_statements(store, doc_id)
    assert [(r["subject"], r["predicate"], r["object"], r["sentence"], r["speaker"]) for r in rows] == [
        (key(value), "criticizes", "plain", value, value), ("plain", "supports", key(value), value + "!", None)]
    assert rows[0]["rule"] == value


def assert_shape(store) -> None:
    """Exactly what one hostile document adds: nothing more, nothing deleted."""
    assert views.counts(store) == {"documents": 1, "entities": 2, "statements": 2, "relationships": 2}
    picture = snapshot(store)
    assert len(picture["nodes"]) == 5 and len(picture["rels"]) == 2 * 3 + 2


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_hostile_values_round_trip_and_never_reach_query_text(store, ontology, value):
    """The value travels as a parameter only: the statement texts sent (logged before parameters
    are attached) are exactly those of a harmless load of the same shape, so none was built from
    it, and it comes back byte for byte through parameter lookups."""
    texts = logged(store)
    Loader(store, ontology).load([hostile_result("harmless")])
    harmless = Counter(texts)
    store.clear()
    texts.clear()
    Loader(store, ontology).load([hostile_result(value)])
    assert any(t.startswith("UNWIND $rows AS r") and "CREATE (st:Statement" in t for t in texts)
    assert Counter(texts) == harmless
    assert_shape(store)
    assert_stored_verbatim(store, value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=hostile_text, alias=hostile_text)
def test_any_text_round_trips_exactly(store, ontology, value, alias):
    """Whatever the characters, what is loaded is what is read back, and the graph has exactly
    the nodes and relationships of one document (a broken escape would fail or change them)."""
    store.clear()
    Loader(store, ontology).load([hostile_result(value, doc_id="doc-1", alias=alias)])
    assert_shape(store)
    assert_stored_verbatim(store, value, doc_id="doc-1", alias=alias)


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_reloading_and_deleting_a_hostile_document_touches_only_it(store, ontology, value):
    """Replacement and deletion find the document and its statements by parameter: a second,
    harmless document is left exactly as it was."""
    loader = Loader(store, ontology)
    other = hostile_result("harmless")
    loader.load([other])
    alone = snapshot(store, ignore=("ingested_at",))
    loader.load([hostile_result(value, doc_id="doc-1")])
    loader.reload([hostile_result(value, doc_id="doc-1")])
    assert_stored_verbatim(store, value, doc_id="doc-1")
    assert loader.delete_document("doc-1")
    after = snapshot(store, ignore=("ingested_at",))
    # The hostile entity stays (entities outlive their documents); everything else is as before.
    assert [n for n in after["nodes"] if n not in alone["nodes"]] == [
        n for n in after["nodes"] if '"Person"' in n and "harmless" not in n]
    assert after["rels"] == alone["rels"]


# ----------------------------------------------------------------------------- names that become Cypher

BUILDERS = {
    "create_entities": queries.create_entities,
    "edit_create_entity": queries.edit_create_entity,
    "edit_set_type (old)": lambda name: queries.edit_set_type(name, "State"),
    "edit_set_type (new)": lambda name: queries.edit_set_type("State", name),
    "add_direct": queries.add_direct,
    "add_direct_rows": queries.add_direct_rows,
    "falkordb_add_direct_by_ref": queries.falkordb_add_direct_by_ref,
    "recompute_direct": lambda name: queries.recompute_direct(name, False),
    "prune_direct": lambda name: queries.prune_direct(name, True),
    "edit_delete_direct": queries.edit_delete_direct,
}
#: Labels and types no query may be built with (a trailing newline is the classic ``$`` slip).
BAD_IDENTIFIERS = [v for v in HOSTILE if v != "MATCH" and v != "RETURN" and v != "null"] + [
    "State\n", "State ", " State", "State:Person", "State`", "1State", "Stätte", "a" * 65]


@pytest.mark.parametrize("builder", BUILDERS.values(), ids=BUILDERS.keys())
def test_label_and_type_builders_refuse_anything_but_identifiers(builder):
    """Labels and relationship types cannot be parameters: the builders refuse any other name
    (before a query exists) and put a plain identifier in as it is."""
    for name in BAD_IDENTIFIERS:
        with pytest.raises(ValidationError, match="expected letters, digits and '_'"):
            builder(name)
    assert ":`Treaty`" in builder("Treaty")


def test_a_name_past_the_check_stays_one_label(store, monkeypatch):
    """The second line of defence: were the identifier check ever loosened, a quoted name would be
    one label (Neo4j reads a doubled backtick as one) or a syntax error (FalkorDB has no such
    escape), never a clause: nothing is deleted either way."""
    monkeypatch.setattr(vocab, "IDENTIFIER", re.compile(r".+\Z", re.S))
    label = "X`) DETACH DELETE n //"
    assert vocab.quoted(label) == "`X``) DETACH DELETE n //`"
    Loader(store, load_ontology()).load([hostile_result("harmless")])
    picture = snapshot(store)
    try:
        store.run(queries.create_entities(label), {"rows": [{"id": "q", "name": "Q", "type": "T", "aliases": []}]},
                  read_only=False)
    except QueryError as exc:
        assert store.engine == "falkordb" and "syntax error" in str(exc)
        assert snapshot(store) == picture
    else:
        assert store.run(queries.EDIT_ENTITY, {"id": "q"})[0]["labels"] == ["Entity", label]
        assert len(snapshot(store)["nodes"]) == len(picture["nodes"]) + 1


def test_identifier_gate_is_anchored_at_both_ends():
    """``re.match`` with ``$`` accepts a trailing newline; the gate must not."""
    assert identifier("WITHDRAWS_FROM") == "WITHDRAWS_FROM"
    for name in ("State\n", "State\r\n", "\nState", "State\x00"):
        with pytest.raises(ValidationError):
            identifier(name)


@pytest.mark.parametrize("value", HOSTILE[:8] + ["State\n", "Person "], ids=[f"b{i}" for i in range(10)])
def test_hostile_types_and_predicates_are_refused_before_writing(store, ontology, value):
    """An entity type or predicate that is not the ontology's is refused with one line, whatever
    it contains, and the graph is unchanged."""
    loader = Loader(store, ontology)
    loader.load([hostile_result("harmless")])
    picture = snapshot(store)
    good = hostile_result("x", doc_id="doc-2")
    bad_type = Entity("y", "Y", value)
    bad_statement = Statement("x.txt", bad_type, "criticizes", good.entities[1], doc_id="doc-2")
    with pytest.raises(ValidationError, match="unknown entity type") as raised:
        loader.load([ExtractionResult(good.document, good.entities + [bad_type], [bad_statement])])
    assert "\n" not in str(raised.value)
    bad_predicate = Statement("x.txt", good.entities[0], value, good.entities[1], doc_id="doc-2")
    with pytest.raises(ValidationError, match="unknown predicate") as raised:
        loader.load([ExtractionResult(good.document, good.entities, [bad_predicate])])
    assert "\n" not in str(raised.value)
    names = edits.Names(ontology)
    for action in ({"action": "move_predicate", "from": "supports", "to": value},
                   {"action": "move_predicate", "from": value, "to": "supports"},
                   {"action": "rebuild_direct", "predicate": value},
                   {"action": "set_type", "ids": ["harmless"], "type": value}):
        with pytest.raises(ValidationError):
            edits.apply(store, action, names)
    assert snapshot(store) == picture


UNFINDABLE = {
    "too long": ("é" * 2100, "too long \\(4200 bytes, at most 4000\\)"),
    "space at the end": ("name ", "starts or ends with white space"),
    "newline at the start": ("\nname", "starts or ends with white space"),
    "tab alone": ("\t", "starts or ends with white space"),
    "control character": ("na\x01me", "contains a control character"),
}


@pytest.mark.parametrize("where", ["entity id", "document id", "path"])
@pytest.mark.parametrize("case", UNFINDABLE, ids=list(UNFINDABLE))
def test_ids_an_index_cannot_find_are_refused(store, ontology, where, case):
    """FalkorDB stores any string but its index finds none of 4096 bytes or more, none with ASCII
    white space at either end and none with U+0001: such a document was stored without its
    statements. Such ids and paths are refused with one line and nothing is written (names,
    titles and sentences may hold anything: they are not looked up by index)."""
    value, reason = UNFINDABLE[case]
    good = hostile_result("harmless")
    doc, (ent, other) = good.document, good.entities
    if where == "entity id":
        ent = Entity(value, "Name", "Person")
    elif where == "document id":
        doc = Document(value, doc.path, doc.title)
    else:
        doc = Document(doc.id, value, doc.title)
    bad = ExtractionResult(doc, [ent, other], [Statement("d", ent, "criticizes", other, doc_id=doc.id)])
    with pytest.raises(ValidationError, match=f"{where} .*{reason}") as raised:
        Loader(store, ontology).load([bad])
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 400
    assert views.counts(store) == {"documents": 0, "entities": 0, "statements": 0, "relationships": 0}


# ----------------------------------------------------------------------------- edits of the data

@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_entity_edits_store_hostile_names_verbatim_and_undo_exactly(store, ontology, value):
    """Aliases, merges and their undoing carry hostile names as values: the survivor gets the
    loser's names verbatim, the counts are what the merge implies, and the inverse restores all."""
    Loader(store, ontology).load([hostile_result(value, doc_id="doc-1")])
    picture = snapshot(store)
    names = edits.Names(ontology)
    added = edits.apply(store, {"action": "set_aliases", "id": "plain", "add": [value]}, names)
    assert views.entity(store, "plain")["aliases"] == [value]
    edits.apply(store, added.inverse, names)
    assert snapshot(store) == picture
    # The hostile entity (a Person) folds into the plain one (a State): its statements move.
    merged = edits.apply(store, {"action": "merge_entities", "survivor": "plain", "loser": key(value)}, names)
    assert views.entity(store, key(value)) is None
    assert views.entity(store, "plain")["aliases"] == [value] + ([value + " (alias)"] if value else [])
    assert views.counts(store) == {"documents": 1, "entities": 1, "statements": 2, "relationships": 2}
    assert {r["speaker"] for r in views.document_statements(store, "doc-1")} == {"Plain State", None}
    edits.apply(store, merged.inverse, names)
    assert snapshot(store) == picture
    assert_stored_verbatim(store, value, doc_id="doc-1")


# ----------------------------------------------------------------------------- interchange

@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_turtle_round_trip_keeps_hostile_values(store, falkor_store, ontology, value):
    """Export to Turtle and import into another graph: the same graph, values verbatim."""
    Loader(store, ontology).load([hostile_result(value)])
    import_rdf(falkor_store, ontology, to_rdf(store).serialize(format="turtle"))
    assert snapshot(falkor_store) == snapshot(store)
    assert_stored_verbatim(falkor_store, value)


def read_neo4j_csv(folder) -> tuple[dict, str]:
    """The CSV files as rows, and the array delimiter the import script tells neo4j-admin."""
    script = (folder / "import.sh").read_text(encoding="utf-8")
    match = re.search(r"--array-delimiter='?(U\+[0-9A-F]{4}|[^ ']+)'?", script)
    delimiter = match.group(1) if match else ";"
    if delimiter.startswith("U+"):
        delimiter = chr(int(delimiter[2:], 16))
    files = {}
    for path in folder.glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as handle:
            files[path.name] = list(csv.reader(handle))
    return files, delimiter


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_neo4j_admin_csv_keeps_hostile_values(store, ontology, tmp_path, value):
    """neo4j-admin reads arrays split at its array delimiter and fields over several lines only
    when told: the script says both, so aliases and labels come back as they were."""
    Loader(store, ontology).load([hostile_result(value)])
    export.write_neo4j_csv(store, tmp_path)
    files, delimiter = read_neo4j_csv(tmp_path)
    script = (tmp_path / "import.sh").read_text(encoding="utf-8")
    assert "--multiline-fields=true" in script
    header, *rows = files["entities.csv"]
    (row,) = [r for r in rows if r[0] == key(value)]
    assert row[1:3] == [value, "Person"]
    assert row[3].split(delimiter) == sorted({value, value + " (alias)"})
    assert row[4].split(delimiter) == ["Entity", "Person"]
    (doc,) = files["documents.csv"][1:]
    assert doc[:3] == [key(value), value, f"uploads/{key(value)}.txt"]
    sentences = sorted(r[6] for r in files["statements.csv"][1:])
    assert sentences == sorted([value, value + "!"])
    rels = files["relationships.csv"][1:]
    assert sorted((r[0], r[2], r[1], r[4].split(delimiter)) for r in rels) == sorted(
        [(key(value), "CRITICIZES", "plain", ["asserted"]), ("plain", "SUPPORTS", key(value), ["alleged"])])


@pytest.mark.parametrize("value", HOSTILE, ids=IDS)
def test_graphml_keeps_hostile_values(store, ontology, tmp_path, value):
    """GraphML (XML) escapes what it must: the file reads back with the names verbatim."""
    Loader(store, ontology).load([hostile_result(value)])
    export.write_graphml(store, ontology, tmp_path / "g.graphml")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert set(graph.nodes) == {key(value), "plain"}
    # networkx writes with lxml (installed with trafilatura), which escapes a carriage return as
    # &#13;, so line ends read back verbatim too.
    assert graph.nodes[key(value)]["label"] == value
    assert sorted(d["predicate"] for _, _, d in graph.edges(data=True)) == ["criticizes", "supports"]


NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=hostile_text, alias=hostile_text)
def test_any_text_survives_every_export(store, ontology, tmp_path_factory, value, alias):
    """Turtle round-trips any text exactly; neo4j-admin CSV keeps aliases whole; GraphML stays
    well-formed XML (characters XML cannot hold become U+FFFD, line ends newlines)."""
    store.clear()
    Loader(store, ontology).load([hostile_result(value, doc_id="doc-1", alias=alias)])
    graph = to_rdf(store)
    again = Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(graph, again)
    folder = tmp_path_factory.mktemp("csv")
    export.write_neo4j_csv(store, folder)
    files, delimiter = read_neo4j_csv(folder)
    (row,) = [r for r in files["entities.csv"][1:] if r[0] == key(value)]
    assert row[3].split(delimiter) == sorted({value, alias})
    export.write_graphml(store, ontology, folder / "g.graphml")
    nodes = nx.read_graphml(folder / "g.graphml").nodes(data=True)
    xml_name = NOT_XML.sub("\ufffd", value)  # carriage returns kept (lxml writes them as &#13;)
    assert sorted(d["label"] for _, d in nodes) == sorted([xml_name, "Plain State"])
