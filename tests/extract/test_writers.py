"""Writers: the JSONL contract, CSV columns, and Turtle that parses back to the expected graph."""
from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from extract.writers import FIELDS, CsvWriter, JsonlWriter, TurtleWriter, open_writer, results_to_graph
from ontology.namespace import DOCUMENT, ENTITY, STATEMENT, TKG
from ontology.records import Document, Entity, ExtractionResult, Statement

#: The keys listed in DESIGN.md, "Extraction output", in order.
CONTRACT = ["doc", "subject", "subject_type", "predicate", "object", "object_type", "modality",
            "attributed_to", "date", "date_kind", "date_text", "sentence", "start", "end", "confidence", "rule"]

USA = Entity("united_states", "United States", "State", aliases=("U.S.", "Washington"))
TURKEY = Entity("turkey", "Turkey", "State", aliases=("T\u00fcrkiye", "Ankara"))
TREATY = Entity("open_skies_treaty", "Open Skies Treaty", "Treaty")
ERDOGAN = Entity("recep_tayyip_erdogan", "Recep Tayyip Erdo\u011fan", "Person")


@pytest.fixture
def result() -> ExtractionResult:
    document = Document(id="d" * 64, path="/data/in/story.txt", title="A story", date="2020-05-22")
    asserted = Statement(doc="story.txt", subject=USA, predicate="withdraws_from", object=TREATY,
                         modality="asserted", date="2020-05-22", sentence="The U.S. left the treaty.",
                         start=10, end=35, confidence=0.8, rule="verb:withdraw", doc_id=document.id)
    negated = Statement(doc="story.txt", subject=TURKEY, predicate="supports", object=TREATY,
                        modality="negated", attributed_to=ERDOGAN, date=None,
                        sentence="Erdo\u011fan said Ankara does not back it, \u201cnever\u201d.",
                        start=36, end=80, confidence=0.61234, rule="verb:back", doc_id=document.id)
    return ExtractionResult(document=document, entities=[USA, TURKEY, TREATY, ERDOGAN],
                            statements=[asserted, negated], warnings=[])


def test_contract_keys_are_the_records():
    assert list(FIELDS) == CONTRACT
    assert list(Statement(doc="x", subject=USA, predicate="p", object=TREATY).to_json()) == CONTRACT


def test_jsonl_lines_have_exactly_the_contract_keys(result):
    stream = io.StringIO()
    writer = JsonlWriter(stream)
    writer.write(result)
    written_before_close = stream.getvalue()
    writer.close()
    lines = stream.getvalue().splitlines()
    assert written_before_close == stream.getvalue()  # streamed: nothing waits for close()
    assert len(lines) == 2
    records = [json.loads(line) for line in lines]
    assert all(list(r) == CONTRACT for r in records)
    assert records[0]["attributed_to"] is None and records[0]["modality"] == "asserted"
    assert records[1]["attributed_to"] == "Recep Tayyip Erdo\u011fan"
    assert records[1]["confidence"] == 0.612 and records[1]["date"] is None
    assert "Erdo\u011fan" in lines[1] and "\\u" not in lines[1]  # UTF-8, not escaped


def test_csv_has_a_header_and_the_same_columns(result):
    stream = io.StringIO(newline="")
    writer = CsvWriter(stream)
    writer.write(result)
    writer.close()
    stream.seek(0)
    rows = list(csv.reader(stream))
    assert rows[0] == CONTRACT
    assert len(rows) == 3
    stream.seek(0)
    records = list(csv.DictReader(stream))
    assert records[0]["subject"] == "United States" and records[0]["attributed_to"] == ""
    assert records[1]["sentence"] == result.statements[1].sentence  # commas and quotes survive
    assert records[1]["start"] == "36" and records[1]["confidence"] == "0.612"


def test_csv_header_is_written_even_without_statements():
    stream = io.StringIO()
    CsvWriter(stream).close()
    assert stream.getvalue().strip() == ",".join(CONTRACT)


def test_turtle_parses_back_with_the_expected_triples(result):
    stream = io.StringIO()
    writer = TurtleWriter(stream)
    writer.write(result)
    writer.close()
    graph = Graph().parse(data=stream.getvalue(), format="turtle")

    assert (ENTITY.united_states, RDF.type, TKG.State) in graph
    assert (ENTITY.united_states, RDFS.label, Literal("United States")) in graph
    assert set(graph.objects(ENTITY.united_states, SKOS.altLabel)) == {Literal("U.S."), Literal("Washington")}
    assert (ENTITY.recep_tayyip_erdogan, RDF.type, TKG.Person) in graph

    doc = DOCUMENT["d" * 64]
    assert (doc, RDF.type, TKG.Document) in graph
    assert (doc, DCTERMS.title, Literal("A story")) in graph
    assert (doc, DCTERMS.date, Literal("2020-05-22", datatype=XSD.date)) in graph

    first, second = result.statements
    node = STATEMENT[first.id]
    assert (node, TKG.subject, ENTITY.united_states) in graph
    assert (node, TKG.predicate, TKG.withdraws_from) in graph
    assert (node, TKG.object, ENTITY.open_skies_treaty) in graph
    assert (node, TKG.modality, Literal("asserted")) in graph
    assert (node, DCTERMS.date, Literal("2020-05-22", datatype=XSD.date)) in graph
    assert (node, TKG.evidence, Literal(first.sentence)) in graph
    assert (node, TKG.start, Literal(10, datatype=XSD.integer)) in graph
    assert (node, TKG.end, Literal(35, datatype=XSD.integer)) in graph
    assert (node, TKG.confidence, Literal(Decimal("0.8"), datatype=XSD.decimal)) in graph
    assert (node, TKG.rule, Literal("verb:withdraw")) in graph
    assert (node, PROV.wasDerivedFrom, doc) in graph
    assert (node, TKG.attributedTo, None) not in graph

    other = STATEMENT[second.id]
    assert (other, TKG.attributedTo, ENTITY.recep_tayyip_erdogan) in graph
    assert (other, TKG.modality, Literal("negated")) in graph
    assert (other, DCTERMS.date, None) not in graph

    # The direct triple exists for the asserted statement only.
    assert (ENTITY.united_states, TKG.withdraws_from, ENTITY.open_skies_treaty) in graph
    assert (ENTITY.turkey, TKG.supports, ENTITY.open_skies_treaty) not in graph


def test_turtle_says_the_page_of_a_paged_statement_only(result):
    """A PDF's statement carries ``tkg:page``; a statement of an unpaged document has none."""
    import dataclasses

    first, second = result.statements
    result.statements = [dataclasses.replace(first, page=4), second]
    graph = results_to_graph([result])
    assert list(graph.objects(STATEMENT[first.id], TKG.page)) == [Literal(4, datatype=XSD.integer)]
    assert list(graph.objects(STATEMENT[second.id], TKG.page)) == []


def test_turtle_round_trip_is_isomorphic(result):
    stream = io.StringIO()
    writer = open_writer("ttl", stream)
    writer.write(result)
    writer.close()
    parsed = Graph().parse(data=stream.getvalue(), format="turtle")
    assert isomorphic(parsed, results_to_graph([result]))


def test_writing_a_result_twice_adds_nothing(result):
    once = results_to_graph([result])
    twice = results_to_graph([result, result])
    assert len(once) == len(twice)
    assert set(once.subjects(RDF.type, TKG.Statement)) == {STATEMENT[s.id] for s in result.statements}


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        open_writer("xml", io.StringIO())
