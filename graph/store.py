"""The store interface every engine implements (:mod:`graph.engines` opens one: ``open_store``).

Two kinds of access:

* :meth:`GraphStore.run` for one query with plain-Python rows (users, app, analytics, export);
* :meth:`GraphStore.transact` for the loader: a *plan* reads what it needs and returns the write
  steps; the engine applies them atomically (FalkorDB: WATCH + MULTI/EXEC, replayed whole or not at
  all from the append-only file; Neo4j: one write transaction) and re-plans if another client
  changed the graph in between.
"""
from __future__ import annotations

import abc
import logging
import math
from typing import TYPE_CHECKING, Any, Callable, Optional, Sequence

from graph.errors import QueryError, ReadOnlyError
from graph.guard import complexity_refusal, one_statement, read_only_refusal

if TYPE_CHECKING:
    from graph.queries import RefQueries

log = logging.getLogger(__name__)

#: One write: (Cypher text, parameters).
Step = tuple[str, dict]
#: What a plan gets to read with: (Cypher, parameters) -> rows as dicts.
ReadFn = Callable[[str, Optional[dict]], list[dict]]
Plan = Callable[[ReadFn], Sequence[Step]]


#: What a query changed, as both engines count it (FalkorDB's statistics, Neo4j's summary
#: counters), in the order :func:`describe_changes` names them; (attribute, verb, noun).
COUNTERS = (
    ("nodes_created", "created", "node"), ("nodes_deleted", "deleted", "node"),
    ("relationships_created", "created", "relationship"), ("relationships_deleted", "deleted", "relationship"),
    ("properties_set", "set", "property"), ("properties_removed", "removed", "property"),
    ("labels_added", "added", "label"), ("labels_removed", "removed", "label"),
    ("indexes_added", "added", "index"), ("indexes_removed", "removed", "index"),
    ("constraints_added", "added", "constraint"), ("constraints_removed", "removed", "constraint"),
)
_PLURALS = {"property": "properties", "index": "indexes"}


def read_counters(source: Any) -> dict[str, int]:
    """The non-zero :data:`COUNTERS` of an engine's result statistics (attributes of ``source``;
    names an engine does not have count as zero)."""
    out = {}
    for name, _verb, _noun in COUNTERS:
        try:
            value = int(getattr(source, name, 0) or 0)
        except (TypeError, ValueError):
            value = 0
        if value:
            out[name] = value
    return out


def describe_changes(counters: dict[str, int]) -> str:
    """"created 1 node, set 2 properties" (empty when nothing changed)."""
    parts = []
    for name, verb, noun in COUNTERS:
        number = counters.get(name, 0)
        if number:
            parts.append(f"{verb} {number} {noun if number == 1 else _PLURALS.get(noun, noun + 's')}")
    return ", ".join(parts)


class Rows(list):
    """Result rows (dicts) plus the column names, whether ``limit`` cut the result, and
    ``summary``: what the query changed (:func:`read_counters`; empty for reads), so a write can
    say what it did."""

    def __init__(self, rows=(), columns: Sequence[str] = (), truncated: bool = False,
                 summary: Optional[dict[str, int]] = None) -> None:
        super().__init__(rows)
        self.columns = list(columns)
        self.truncated = truncated
        self.summary = dict(summary or {})


class GraphStore(abc.ABC):
    """One graph in one engine. Use as a context manager, or call :meth:`close`."""

    engine: str = ""
    #: The loader's reference path on this engine (internal node ids read once per unit of work,
    #: see ``queries.RefQueries``), or None: the loader then finds nodes by their ``id`` index.
    load_refs: Optional["RefQueries"] = None

    def __init__(self, query_log: Optional[Callable[[str], None]] = None) -> None:
        #: Called with the text of every statement sent (debugging; the Neo4j lint test records them).
        self.query_log = query_log

    # ------------------------------------------------------------------ querying

    def run(self, cypher: str, params: Optional[dict] = None, *, read_only: bool = True,
            timeout: Optional[float] = None, limit: Optional[int] = None, user: bool = False) -> Rows:
        """Run one query; rows come back as dicts of plain Python values.

        Text with more than one statement is refused before anything is sent (one final ``;`` is
        dropped). ``read_only`` refuses writing clauses and procedures that are not known to only
        read (:mod:`graph.guard`) up front and runs the query with the engine's own read-only
        execution; ``timeout`` is in seconds, after which the server stops the query; ``limit``
        caps the rows returned (``truncated`` says when there were more), and the engines fetch no
        more than ``limit`` + 1 rows into this process, however many the query produces.

        ``user`` marks text a person typed (``graph query``, the app's Query page): it must also be
        short and shallow enough to parse quickly (:func:`graph.guard.complexity_refusal`), and it
        is never sent again after the server stopped under it, since it may be what stopped it.
        """
        if not isinstance(cypher, str) or not cypher.strip():
            raise QueryError("empty query")
        if params is not None and not isinstance(params, dict):
            raise QueryError("query parameters must be a mapping of names to values")
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise QueryError("limit must be a non-negative integer")
        if timeout is not None and (not isinstance(timeout, (int, float)) or not 0 < timeout < math.inf):
            raise QueryError("timeout must be a positive number of seconds")
        cypher = one_statement(cypher)
        if user:
            reason = complexity_refusal(cypher)
            if reason:
                raise QueryError(f"query refused: {reason}")
        if read_only:
            reason = read_only_refusal(cypher)
            if reason:
                raise ReadOnlyError(f"read-only query refused: {reason} "
                                    "(to allow writes, switch on Write mode on the Query page, or add --write on the command line)")
        self._log(cypher)
        try:
            return self._run(cypher, params or {}, read_only=read_only, timeout=timeout, limit=limit,
                             repeat=not user)
        except QueryError as exc:
            if timeout is None or "timed out" not in str(exc).lower():
                raise
            raise QueryError(f"query timed out after {timeout:g} s; bound variable-length paths, "
                             "e.g. [*..4], or add LIMIT") from None

    @abc.abstractmethod
    def _run(self, cypher: str, params: dict, *, read_only: bool, timeout: Optional[float],
             limit: Optional[int], repeat: bool = True) -> Rows:
        """Engine part of :meth:`run` (arguments already checked). ``repeat``: a read may be sent
        again once after the server was restarted under it (never for a user's query)."""

    def revive(self) -> list[str]:
        """Check the engine still answers, restarting an embedded server that stopped; return
        (and forget) notices of restarts since the last call, for the app to show its user."""
        return []

    # ------------------------------------------------------------------ writing

    @abc.abstractmethod
    def transact(self, plan: Plan) -> None:
        """Apply ``plan(read)``'s steps atomically; re-plan if the graph changed meanwhile."""

    def write(self, steps: Sequence[Step]) -> None:
        """Apply fixed steps atomically."""
        self.transact(lambda read: steps)

    def prepare(self, value: list) -> list:
        """A list parameter value to be sent later, in the form the engine sends fastest (FalkorDB:
        with its query text computed now). Use the result in place of ``value`` and change neither."""
        return value

    @abc.abstractmethod
    def ensure_schema(self) -> None:
        """Create the indexes / constraints the loader relies on (idempotent)."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every node and relationship of this graph (keeps the schema)."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release connections (and the embedded server if this was its last user)."""

    @property
    @abc.abstractmethod
    def description(self) -> str:
        """Where the graph lives, without credentials."""

    def _log(self, cypher: str) -> None:
        if self.query_log is not None:
            self.query_log(cypher)

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
