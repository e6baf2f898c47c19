"""SHACL shapes from domains and ranges; pyshacl over the graph's RDF export, with evidence."""
from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from graph.engines.falkordb import FalkorDBStore
from graph.loader import Loader
from graph.rdf import to_rdf
from ontology import edits
from treatykg.ontology_cli import main
from ontology.model import load_ontology, ontology_from_graph
from ontology.namespace import TKG
from ontology.records import Entity
from ontology.shacl import SH, SHAPES, shapes, validate

from tests.graph import factory as f

CRIMEA = Entity("crimea", "Crimea", "Location")


@pytest.fixture(scope="module")
def core():
    return load_ontology()


def _load(store, core):
    doc = f.document("news/wrong.txt", "a confused article")
    bad = f.result(
        doc,
        f.statement(doc, f.TRUMP, "annexes", f.OST, start=0, sentence="Trump annexed the Open Skies Treaty."),
        f.statement(doc, f.RU, "annexes", CRIMEA, start=50, sentence="Russia annexed Crimea."),
        f.statement(doc, f.US, "negotiates_with", f.RU, start=90),
    )
    Loader(store, core).load([f.article_a(), bad])


def test_one_node_shape_per_predicate(core):
    graph = shapes(core)
    assert len(set(graph.subjects(RDF.type, SH.NodeShape))) == len(core.predicates)
    annexes = SHAPES.annexes
    assert (annexes, SH.targetSubjectsOf, TKG.annexes) in graph
    allowed = {o for b in graph.items(graph.value(annexes, SH["or"])) for o in graph.objects(b, SH["class"])}
    assert allowed == {TKG.State}
    prop = graph.value(annexes, SH.property)
    assert graph.value(prop, SH.path) == TKG.annexes
    ranges = {o for b in graph.items(graph.value(prop, SH["or"])) for o in graph.objects(b, SH["class"])}
    assert ranges == {TKG.State, TKG.Location}
    # opposes admits any entity as object: no range constraint at all.
    assert graph.value(SHAPES.opposes, SH.property) is None


def test_violations_name_the_statement_and_its_evidence(store, core):
    _load(store, core)
    violations = validate(to_rdf(store), core)
    found = {(v.predicate, v.role, v.entity) for v in violations}
    assert found == {("annexes", "subject", "donald_trump"), ("annexes", "object", "open_skies_treaty")}
    subject = next(v for v in violations if v.role == "subject")
    assert subject.entity_type == "Person" and subject.expected == ("State",)
    assert [(e.sentence, e.document) for e in subject.evidence] == [
        ("Trump annexed the Open Skies Treaty.", "news/wrong.txt")]
    assert "annexes: subject Donald Trump (Person) is not one of State" in subject.line()


def test_an_ontology_edit_can_make_data_invalid(store, core, draft):
    _load(store, core)
    narrowed = edits.add_predicate(draft, "withdraws_from", update=True,
                                   range=["InternationalOrganization"]).draft
    violations = validate(to_rdf(store), ontology_from_graph(narrowed.graph))
    withdrawals = [v for v in violations if v.predicate == "withdraws_from"]
    assert {(v.subject, v.object) for v in withdrawals} == {("United States", "Open Skies Treaty")}
    assert len(withdrawals[0].evidence) == 2  # both statements behind the one direct triple


def test_validate_command(falkordb_server, monkeypatch, tmp_path, capsys, core):
    st = FalkorDBStore(falkordb_server.socket_path, "shacl_cli")
    st.ensure_schema()
    monkeypatch.setenv("KG_GRAPH_NAME", "shacl_cli")
    try:
        _load(st, core)
        shapes_file = tmp_path / "shapes.ttl"
        code = main(["--dir", str(tmp_path / "ws"), "--graph", f"unix://{falkordb_server.socket_path}",
                     "validate", "--shapes", str(shapes_file)])
        out = capsys.readouterr().out
        assert code == 1
        assert "annexes: object Open Skies Treaty (Treaty) is not one of Location, State" in out
        assert 'asserted: "Trump annexed the Open Skies Treaty."  (news/wrong.txt' in out
        assert "2 violation(s)" in out
        assert shapes_file.read_text().count("sh:targetSubjectsOf") == len(core.predicates)
    finally:
        st.drop()
        st.close()
