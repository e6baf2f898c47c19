"""Neo4j 5 engine through the official driver.

Reads run in read transactions (``execute_read``), so the server itself refuses writes in
read-only mode; the loader's plans run in one write transaction (``execute_write``, which
retries transient failures). Credentials are handed to the driver only; every message that
leaves this module goes through :func:`_redact`.
"""
from __future__ import annotations

import logging
import re
import socket
import ssl
from typing import Callable, Iterator, Mapping, Optional
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from graph import queries
from graph.config import GraphConfig
from graph.errors import ConfigError, QueryError, ServerError
from graph.store import GraphStore, Plan, Rows, read_counters
from graph.values import rows as plain_rows

log = logging.getLogger(__name__)
# The driver logs its own copy of connection errors (e.g. "Unable to retrieve routing information"
# at ERROR); with no handler configured Python's last-resort handler would print it to stderr next
# to our one-line message. A NullHandler stops that and still lets records propagate to the
# application's (or pytest's) handlers.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


#: Seconds to wait for a connection, handshake and login included: a port that accepts and never
#: answers would otherwise hold the user for the driver's default minute.
CONNECT_TIMEOUT = 15.0
#: Relationships, then nodes, deleted per transaction by :meth:`Neo4jStore.clear`.
CLEAR_SLICE = 10_000
_SYNTAX = re.compile(r"^(?P<msg>.*?)\s*\(line (?P<line>\d+), column (?P<col>\d+) \(offset: \d+\)\)", re.S)


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
            self._driver = GraphDatabase.driver(url, auth=auth, connection_timeout=CONNECT_TIMEOUT,
                                                connection_acquisition_timeout=CONNECT_TIMEOUT)
            self._driver.verify_connectivity()
        except Exception as exc:  # the driver raises many types here; all become one line
            driver, self._driver = getattr(self, "_driver", None), None
            if driver is not None:
                driver.close()
            reason = _connect_reason(exc, url, user or "neo4j", password is not None, self._secrets)
            raise ServerError(f"cannot connect to Neo4j at {url}: {reason}") from None

    @classmethod
    def from_config(cls, config: GraphConfig, query_log=None) -> "Neo4jStore":
        return cls(config.url, config.user, config.password, config.database, query_log=query_log)

    @property
    def description(self) -> str:
        return f"Neo4j database {self.database or '(default)'} at {self.url}"

    def _session(self, fetch_size: Optional[int] = None, read_only: Optional[bool] = None):
        """A session on the configured database; ``fetch_size`` records per pull (driver default
        1000); ``read_only`` sets the access mode of its explicit transactions."""
        options = {"database": self.database} if self.database else {}
        if fetch_size is not None:
            options["fetch_size"] = fetch_size
        if read_only is not None:
            options["default_access_mode"] = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
        return self._driver.session(**options)

    # ------------------------------------------------------------------ queries

    def _run(self, cypher, params, *, read_only, timeout, limit, repeat=True) -> Rows:
        def work(tx):
            result = tx.run(cypher, params)
            columns = list(result.keys())
            records, truncated = [], False
            for record in result:
                if limit is not None and len(records) >= limit:
                    truncated = True
                    break
                records.append(list(record.values()))
            # what a write changed: the summary's counters (after the rows read; discards the rest)
            summary = {} if truncated else read_counters(result.consume().counters)
            return Rows(plain_rows(columns, records), columns, truncated, summary=summary)

        try:
            # with a limit, pull limit + 1 records: enough to tell the result was cut; the driver
            # discards the rest on the server when the transaction ends
            fetch = None if limit is None else limit + 1
            if not repeat:
                # A user's query: one explicit transaction, which the driver does not retry (its
                # managed transactions retry transient errors, out of memory included, for 30 s).
                with self._session(fetch, read_only=read_only) as session:
                    with session.begin_transaction(timeout=timeout) as tx:
                        rows = work(tx)
                        tx.commit()
                        return rows
            # a managed transaction's timeout is set on its function (Query objects are for
            # session.run only)
            managed = work if timeout is None else neo4j.unit_of_work(timeout=timeout)(work)
            with self._session(fetch) as session:
                return session.execute_read(managed) if read_only else session.execute_write(managed)
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
        """In slices of :data:`CLEAR_SLICE` relationships, then nodes, one transaction each."""
        for slice_query in (queries.CLEAR_RELATIONSHIPS_SLICE, queries.CLEAR_NODES_SLICE):
            while self.run(slice_query, {"size": CLEAR_SLICE}, read_only=False)[0]["n"]:
                pass

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
            return _syntax_message(text)
        if exc.code and "AccessMode" in exc.code or "read access mode" in text:
            return "read-only query refused by Neo4j: the query writes to the graph"
        if exc.code and "TransactionTimedOut" in exc.code:
            return "query timed out"
        if "dbms.memory.transaction" in text:
            return ("Neo4j refused the transaction: it needs more memory than the server allows one "
                    "transaction (dbms.memory.transaction.total.max); nothing of it was applied")
        return f"Cypher error: {text}"


def _syntax_message(text: str) -> str:
    """Neo4j's syntax error in the FalkorDB engine's form: where, then what, with the list of
    every clause that could have stood there (over 30 names at a statement's start) cut short."""
    match = _SYNTAX.search(text)
    if not match:
        return f"Cypher syntax error: {text[:300]}"
    what, sep, expected = match.group("msg").strip().partition(": expected ")
    if sep:
        options = expected.split(", ")
        what += ": expected " + (expected if len(options) <= 6 else ", ".join(options[:6]) + ", ...")
    return f"Cypher syntax error at line {match.group('line')}, column {match.group('col')}: {what}"


def _connect_reason(exc: BaseException, url: str, user: str, has_password: bool, secrets: list[str]) -> str:
    """Why connecting failed, in words a user can act on: the driver's own text names internal
    classes, resolved addresses and deadlines, and may run over several lines."""
    chain = list(_causes(exc))
    texts = [str(e) for e in chain]
    for e in chain:
        if isinstance(e, neo4j_errors.AuthError):
            if not has_password:
                return "authentication failed: NEO4J_PASSWORD is not set"
            return f"authentication failed for user {user!r}: wrong user name or password (NEO4J_USER, NEO4J_PASSWORD)"
    for e in chain:
        if isinstance(e, neo4j_errors.Neo4jError) and (e.code or "").startswith("Neo.ClientError.Security."):
            return "access refused: " + _redact(" ".join((e.message or e.code).split()), secrets)
    if any("looks like HTTP" in t for t in texts):
        return "that port answers HTTP, not Bolt (Neo4j's Bolt port is usually 7687)"
    for e in chain:
        if isinstance(e, ssl.SSLCertVerificationError):
            return "the server's TLS certificate is not trusted (bolt+ssc:// accepts a self-signed one)"
        if isinstance(e, ssl.SSLError):
            return "TLS handshake failed (is TLS enabled on the server? bolt:// connects without TLS)"
    for e in chain:
        if type(e).__name__ in ("BoltHandshakeError", "BoltProtocolError") or "handshake" in str(e):
            return "no Bolt handshake from that port: it is not a Neo4j server (check the port, usually 7687)"
    for e in chain:
        if isinstance(e, socket.gaierror):
            return f"unknown host {urlsplit(url).hostname!r}"
        if isinstance(e, ConnectionRefusedError):
            return "connection refused: is Neo4j running and listening on that port?"
        if isinstance(e, (TimeoutError, socket.timeout)):
            return "no answer (timed out): is the host reachable and the port open?"
    first = next((t for t in texts if t.strip()), type(exc).__name__)
    return _redact(" ".join(first.split()), secrets)


def _causes(exc: Optional[BaseException]) -> Iterator[BaseException]:
    """``exc``, its causes and contexts, and the members of exception groups, each once."""
    todo, seen = [exc], set()
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo.extend(getattr(e, "exceptions", ()))
        todo.extend((e.__cause__, e.__context__))


def _redact(text: str, secrets: list[str]) -> str:
    """Replace every secret (and its URL-encoded form) by ``***``."""
    from urllib.parse import quote

    for secret in secrets:
        for form in {secret, quote(secret, safe="")}:
            text = text.replace(form, "***")
    return text


Store = Neo4jStore


def configure(parts, env: Mapping[str, str], graph_name: str, data_dir: Optional[str], memory: int) -> GraphConfig:
    """``bolt://``, ``neo4j://`` (routing) and their TLS forms: a Neo4j 5 server, with
    ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` unless the URL carries the credentials."""
    scheme = parts.scheme.lower()
    if not parts.hostname:
        raise ConfigError(f"Neo4j URL needs a host, e.g. {scheme}://localhost:7687")
    try:
        port = parts.port
    except ValueError:
        raise ConfigError("Neo4j URL has an invalid port") from None
    user = unquote(parts.username) if parts.username else env.get("NEO4J_USER") or env.get("NEO4J_USERNAME")
    password = unquote(parts.password) if parts.password else env.get("NEO4J_PASSWORD")
    netloc = parts.hostname + (f":{port}" if port else "")
    clean = urlunsplit((scheme, netloc, parts.path, "", ""))
    database = env.get("NEO4J_DATABASE") or None
    return GraphConfig(engine="neo4j", graph_name=graph_name, url=clean, user=user or "neo4j",
                       password=password, database=database)
