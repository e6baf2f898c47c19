"""The real Neo4j server answers on both of its URL forms: ``bolt://`` (direct) and ``neo4j://``
(routing: the driver asks the server for its routing table first, which a single instance
serves with its advertised Bolt address)."""
from __future__ import annotations

import pytest

from graph.config import resolve
from graph.engines import open_store
from graph.errors import ReadOnlyError


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_both_schemes_read_and_write(neo4j_url, scheme):
    url = scheme + "://" + neo4j_url.split("://", 1)[1]
    with open_store(resolve(url)) as store:
        assert store.engine == "neo4j" and store.url == url
        store.clear()
        store.write([("CREATE (:Entity {id: $id, name: $id})", {"id": scheme})])
        assert store.run("MATCH (n:Entity) RETURN n.id AS id") == [{"id": scheme}]
        with pytest.raises(ReadOnlyError):
            store.run("CREATE (:Entity {id: 'x'})")
        store.clear()
