"""Errors of the graph layer: one line each, safe to show to users (no credentials, no traces)."""
from __future__ import annotations


class GraphError(Exception):
    """Base class; ``str(error)`` is a one-line message meant for the user."""


class ConfigError(GraphError):
    """Bad ``KG_GRAPH_URL`` / ``--graph`` or Neo4j settings."""


class ServerError(GraphError):
    """The embedded FalkorDB server could not be started, found or stopped."""


class QueryError(GraphError):
    """A Cypher query failed (syntax error, timeout, refused write in read-only mode ...)."""


class ReadOnlyError(QueryError):
    """A writing clause was sent to a read-only ``run``."""


class ValidationError(GraphError):
    """Input records, labels or relationship types that the ontology does not allow."""


class LoadError(GraphError):
    """A document could not be loaded; nothing of it is visible."""
