"""Every Cypher statement the Neo4j engine can send, checked with Neo4j's own parser.

No Neo4j server can run here, so Neo4j-only mistakes would otherwise go unnoticed. The official
``@neo4j-cypher/language-support`` package (installed into tools/cypher-lint with ``npm ci`` when
missing) lints:

* the catalogue: every statement :mod:`graph.queries` holds or builds (for every ontology class
  and predicate), with the Neo4j schema DDL instead of FalkorDB's;
* every statement actually sent during a representative workload (load, replace, delete, query,
  analytics, RDF export and import), recorded through the store's query log on FalkorDB; both
  engines take their text from the same module, so this is what the Neo4j engine would send.
"""
from __future__ import annotations

import inspect
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from graph import analytics, queries
from graph.engines.falkordb import FalkorDBStore
from graph.loader import Loader
from graph.rdf import import_rdf, to_rdf
from graph.vocab import relationship_type

from tests.graph import factory as f

LINT_DIR = Path(__file__).resolve().parents[2] / "tools" / "cypher-lint"
FALKORDB_ONLY = set(queries.FALKORDB_SCHEMA) | {queries.FALKORDB_INDEXES} | {
    queries.FALKORDB_ENTITY_REFS, queries.FALKORDB_CHECK_REFS, queries.FALKORDB_CREATE_STATEMENTS_BY_REF}


def falkordb_only(ontology) -> set[str]:
    """FalkorDB's own statements (index DDL, the loader's reference path: id(), string.join)."""
    rels = [relationship_type(ontology, p) for p in sorted(ontology.predicates)]
    return FALKORDB_ONLY | {queries.falkordb_add_direct_by_ref(r) for r in rels}


@pytest.fixture(scope="module")
def lint():
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node/npm not installed: cannot run Neo4j's Cypher linter (apt-get install nodejs npm)")
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=LINT_DIR, capture_output=True,
                              text=True, timeout=600)
        assert proc.returncode == 0, f"npm ci failed in {LINT_DIR}: {proc.stderr[-2000:]}"

    def run(statements: list[str]) -> dict[str, list[dict]]:
        items = [{"query": q, "parameters": {p: None for p in re.findall(r"\$(\w+)", q)}} for q in statements]
        proc = subprocess.run([node, "lint.cjs"], cwd=LINT_DIR, input=json.dumps(items), capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        return dict(zip(statements, json.loads(proc.stdout)))

    return run


def catalogue(ontology) -> set[str]:
    """Every statement graph.queries holds, and what its builders make: every ontology class and
    predicate through one builder each, and one representative for the others (linting costs
    about 80 ms a statement; the builders differ only in the checked identifier they insert)."""
    found = {v for k, v in vars(queries).items() if k.isupper() and isinstance(v, str)}
    found |= set(queries.NEO4J_SCHEMA)
    classes, predicates = sorted(ontology.classes), sorted(ontology.predicates)
    rels = [relationship_type(ontology, p) for p in predicates]
    found |= {queries.create_entities(c) for c in [None, *classes]}
    found |= {queries.add_direct(r) for r in rels}
    found.add(queries.add_direct_rows(rels[0]))
    for symmetric in (False, True):
        found.add(queries.recompute_direct(rels[0], symmetric))
        found.add(queries.prune_direct(rels[0], symmetric))
    found |= {queries.edit_move_end(role) for role in ("SUBJECT", "OBJECT")}
    found |= {queries.edit_create_entity(c) for c in (None, classes[0])}
    found |= {queries.edit_set_type(a, b) for a, b in ((None, classes[0]), (classes[0], None), (classes[0], classes[1]))}
    found.add(queries.edit_delete_direct(rels[0]))
    builders = {n for n, v in vars(queries).items()
                if inspect.isfunction(v) and v.__module__ == queries.__name__ and not n.startswith("_")}
    assert builders == {"create_entities", "add_direct", "add_direct_rows", "recompute_direct", "prune_direct",
                        "edit_move_end", "edit_create_entity", "edit_set_type", "edit_delete_direct",
                        "falkordb_add_direct_by_ref"}, \
        "a new query builder must be added to this catalogue (FalkorDB-only ones to falkordb_only)"
    return found - falkordb_only(ontology)


def workload(store, ontology) -> None:
    loader = Loader(store, ontology, batch_size=3)
    loader.load([f.article_a(), f.article_b()])
    loader.load([f.article_a(text="changed")])
    loader.load_entities([f.TRUMP, f.Entity("x", "X", "Location", aliases=("Ex",))])
    loader.delete_document(f.article_b().document.id)
    g = analytics.entity_graph(store, ontology)
    analytics.entity_graph(store, ontology, since="2020")
    analytics.find_entity(store, "USA")
    analytics.stance_matrix(g, ontology.stances())
    for text in (queries.COUNT_DOCUMENTS, queries.COUNT_ENTITIES_BY_TYPE, queries.COUNT_STATEMENTS_BY_PREDICATE,
                 queries.COUNT_DIRECT_BY_TYPE, queries.FIND_DOCUMENTS, queries.TWO_HOP):
        store.run(text, {"key": "news/a.txt", "id": "united_states"})
    turtle = to_rdf(store).serialize(format="turtle")
    store.clear()
    import_rdf(store, ontology, turtle)


def _errors(results: dict[str, list[dict]]) -> list[str]:
    return [f"{d['message']} in: {q[:200]}" for q, ds in results.items() for d in ds]


def test_the_linter_catches_neo4j_errors(lint):
    results = lint(["MATCH (n) RETURN n ORDER n", "MATCH (n:Entity {id: $id}) RETURN n",
                    "MATCH (a) WHERE id(a) = 1 RETURN a"])
    assert [len(d) > 0 for d in results.values()] == [True, False, True]


def test_catalogue_is_valid_neo4j_cypher(lint, ontology):
    statements = sorted(catalogue(ontology))
    assert len(statements) > 50
    problems = _errors(lint(statements))
    assert not problems, "\n".join(problems)


def test_statements_sent_in_a_workload_are_valid_neo4j_cypher(lint, ontology, falkordb_server):
    sent: list[str] = []
    store = FalkorDBStore(falkordb_server.socket_path, "lintworkload", query_log=sent.append)
    try:
        store.ensure_schema()
        workload(store, ontology)
    finally:
        store.drop()
        store.close()
    statements = sorted(set(sent) - falkordb_only(ontology))
    assert len(statements) > 20
    # sent statements outside the catalogue are builder outputs for other classes or predicates
    known = catalogue(ontology)
    problems = _errors(lint([q for q in statements if q not in known]))
    assert not problems, "\n".join(problems)
