"""The graph tests' real FalkorDB server and stores, and a workspace per test (imported, not duplicated)."""
from __future__ import annotations

from tests.graph.conftest import falkordb_server, neo4j_url, ontology, store  # noqa: F401  (fixtures reused)
from tests.ontology.conftest import draft, workspace  # noqa: F401  (fixtures reused)
