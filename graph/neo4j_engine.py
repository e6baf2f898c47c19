"""Neo4j 5 engine through the official driver.

Reads run in read transactions (``execute_read``), so the server itself refuses writes in
read-only mode; the loader's plans run in one write transaction (``execute_write``, which
retries transient failures). Credentials are handed to the driver only; every message that
leaves this module goes through :func:`_redact`.
"""
from __future__ import annotations

import logging
from typing import Callable, Optional

import neo4j
from neo4j import GraphDatabase, Query
from neo4j import exceptions as neo4j_errors

from graph import queries
from graph.config import GraphConfig
from graph.errors import QueryError, ServerError
from graph.store import GraphStore, Plan, Rows
from graph.values import rows as plain_rows

log = logging.getLogger(__name__)


class Neo4jStore(GraphStore):
    """A Neo4j database (``NEO4J_DATABASE``, default: the server's default database)."""

    engine = "neo4j"

    def __init__(self, url: str, user: Optional[str], password: Optional[str], database: Optional[str] = None,
                 query_log: Optional[Callable[[str], None]] = None) -> None:
        super().__init__(query_log)
        self.url = url
        self.database = database
        self._secrets = [s for s in (password,) if s]
        auth = (user or "neo4j", password) if password is not None else None
        try:
            self._driver = GraphDatabase.driver(url, auth=auth)
            self._driver.verify_connectivity()
        except Exception as exc:  # the driver raises many types here; all become one line
            self._driver = None
            raise ServerError(f"cannot connect to Neo4j at {url}: {self._redact(exc)}") from None

    @classmethod
    def from_config(cls, config: GraphConfig, query_log=None) -> "Neo4jStore":
        return cls(config.url, config.user, config.password, config.database, query_log=query_log)

    @property
    def description(self) -> str:
        return f"Neo4j database {self.database or '(default)'} at {self.url}"

    def _session(self):
        return self._driver.session(database=self.database) if self.database else self._driver.session()

    # ------------------------------------------------------------------ queries

    def _run(self, cypher, params, *, read_only, timeout, limit) -> Rows:
        query = Query(cypher, timeout=timeout)

        def work(tx):
            result = tx.run(query, params)
            columns = list(result.keys())
            records, truncated = [], False
            for record in result:
                if limit is not None and len(records) >= limit:
                    truncated = True
                    break
                records.append(list(record.values()))
            return Rows(plain_rows(columns, records), columns, truncated)

        try:
            with self._session() as session:
                return session.execute_read(work) if read_only else session.execute_write(work)
        except neo4j_errors.Neo4jError as exc:
            raise QueryError(self._query_message(exc)) from None
        except neo4j_errors.DriverError as exc:
            raise QueryError(f"Neo4j driver error: {self._redact(exc)}") from None

    def transact(self, plan: Plan) -> None:
        def work(tx):
            def read(cypher: str, params: Optional[dict] = None) -> list[dict]:
                self._log(cypher)
                result = tx.run(cypher, params or {})
                columns = list(result.keys())
                return plain_rows(columns, [list(r.values()) for r in result])

            for cypher, params in plan(read):
                self._log(cypher)
                tx.run(cypher, params).consume()

        for attempt in range(3):
            try:
                with self._session() as session:
                    session.execute_write(work)
                return
            except neo4j_errors.ConstraintError as exc:
                # another client created the same entity meanwhile: plan again on the new state
                if attempt == 2:
                    raise QueryError(self._query_message(exc)) from None
            except neo4j_errors.Neo4jError as exc:
                raise QueryError(self._query_message(exc)) from None
            except neo4j_errors.DriverError as exc:
                raise QueryError(f"Neo4j driver error: {self._redact(exc)}") from None

    # ------------------------------------------------------------------ schema and lifecycle

    def ensure_schema(self) -> None:
        for ddl in queries.NEO4J_SCHEMA:
            self.run(ddl, read_only=False)

    def clear(self) -> None:
        self.run(queries.CLEAR_GRAPH, read_only=False)

    def drop(self) -> None:
        self.clear()

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None

    # ------------------------------------------------------------------ messages

    def _redact(self, exc: BaseException) -> str:
        return _redact(" ".join(str(exc).split()) or type(exc).__name__, self._secrets)

    def _query_message(self, exc: neo4j_errors.Neo4jError) -> str:
        text = self._redact(exc.message or exc)
        if isinstance(exc, neo4j_errors.CypherSyntaxError):
            return f"Cypher syntax error: {text}"
        if exc.code and "AccessMode" in exc.code or "read access mode" in text:
            return "read-only query refused by Neo4j: the query writes to the graph"
        if exc.code and "TransactionTimedOut" in exc.code:
            return "query timed out"
        return f"Cypher error: {text}"


def _redact(text: str, secrets: list[str]) -> str:
    """Replace every secret (and its URL-encoded form) by ``***``."""
    from urllib.parse import quote

    for secret in secrets:
        for form in {secret, quote(secret, safe="")}:
            text = text.replace(form, "***")
    return text
