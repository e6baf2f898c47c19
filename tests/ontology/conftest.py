"""Fixtures for the ontology-editing tests: a workspace per test, and the graph tests' real
FalkorDB server and stores (imported from tests/graph/conftest.py, not duplicated)."""
from __future__ import annotations

import pytest

from ontology.workspace import Workspace
from tests.graph.conftest import falkordb_server, neo4j_url, store  # noqa: F401  (fixtures reused)


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path / "ontology")


@pytest.fixture
def draft(workspace):
    return workspace.draft()
