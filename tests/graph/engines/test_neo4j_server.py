"""Neo4j specifics on the real server: both URL forms answer, ``bolt://`` (direct) and
``neo4j://`` (routing: the driver asks for a routing table first, which a single instance serves
with its advertised Bolt address); its transaction memory limit reads as one line."""
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


def test_transaction_memory_limit_is_one_line_and_the_server_goes_on(neo4j_url):
    """Past the server's per-transaction memory (dbms.memory.transaction.total.max) Neo4j stops
    the transaction; the user reads one line saying which limit, and the next query answers."""
    from graph.errors import QueryError

    with open_store(resolve(neo4j_url)) as store:
        with pytest.raises(QueryError) as info:
            store.run("UNWIND range(1, 9000000) AS i "
                      "RETURN size(collect(toString(i) + ' padding to make each string longer')) AS n", user=True)
        assert str(info.value).startswith("Neo4j refused the transaction: it needs more memory than the "
                                          "server allows one transaction (dbms.memory.transaction.total.max)")
        assert store.run("RETURN 1 AS one") == [{"one": 1}]
