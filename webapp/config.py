"""The app's settings, read from the environment (and Streamlit secrets for Neo4j credentials).

Read once per script run into an immutable :class:`AppSettings`, so no page reads ``os.environ``
itself and tests can point everything at temporary folders with environment variables:

* ``KG_GRAPH_URL``, ``KG_DATA_DIR``, ``KG_GRAPH_NAME``: the graph (see :mod:`graph.config`);
* ``KG_ONTOLOGY_DIR``: the ontology workspace (see :mod:`ontology.workspace`);
* ``KG_UPLOAD_DIR``: where uploaded documents are kept (default ``./data/uploads``), so that they
  can be shown and extracted again later;
* ``KG_SAMPLE_DIR``: the corpus loaded into an empty embedded graph on first run (default the
  repository's ``data/sample``; ``none`` turns the first-run ingest off);
* ``KG_MAX_UPLOAD_MB``: the largest document accepted by upload (default 2);
* ``KG_QUERY_TIMEOUT``: seconds after which the Query page stops a query (default 30).
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SAMPLE_DIR = REPO / "data" / "sample"
DEFAULT_UPLOAD_DIR = "./data/uploads"
DEFAULT_MAX_UPLOAD_MB = 2.0
DEFAULT_QUERY_TIMEOUT = 30.0
#: Secrets keys that may carry Neo4j settings: top level ``NEO4J_USER = ...`` or a ``[neo4j]`` table.
NEO4J_KEYS = ("NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


@dataclass(frozen=True)
class AppSettings:
    graph_url: Optional[str]
    data_dir: Optional[str]
    graph_name: Optional[str]
    ontology_dir: Path
    upload_dir: Path
    sample_dir: Optional[Path]
    max_upload_bytes: int
    query_timeout: float = DEFAULT_QUERY_TIMEOUT


def read_settings(env: Optional[Mapping[str, str]] = None) -> AppSettings:
    env = os.environ if env is None else env
    from ontology.workspace import workspace_dir

    sample = env.get("KG_SAMPLE_DIR")
    if sample is None:
        sample_dir: Optional[Path] = DEFAULT_SAMPLE_DIR
    elif sample.strip().lower() in ("", "none", "off"):
        sample_dir = None
    else:
        sample_dir = Path(sample)
    try:
        max_mb = float(env.get("KG_MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB)
    except ValueError:
        max_mb = DEFAULT_MAX_UPLOAD_MB
    try:
        query_timeout = float(env.get("KG_QUERY_TIMEOUT") or DEFAULT_QUERY_TIMEOUT)
    except ValueError:
        query_timeout = DEFAULT_QUERY_TIMEOUT
    if not math.isfinite(query_timeout) or query_timeout <= 0:
        query_timeout = DEFAULT_QUERY_TIMEOUT
    return AppSettings(
        graph_url=env.get("KG_GRAPH_URL") or None,
        data_dir=env.get("KG_DATA_DIR") or None,
        graph_name=env.get("KG_GRAPH_NAME") or None,
        ontology_dir=workspace_dir(env=env),
        upload_dir=Path(env.get("KG_UPLOAD_DIR") or DEFAULT_UPLOAD_DIR),
        sample_dir=sample_dir,
        max_upload_bytes=int(max(0.001, max_mb) * 1024 * 1024),
        query_timeout=query_timeout,
    )


def neo4j_env(env: Mapping[str, str], secrets: Mapping) -> dict[str, str]:
    """The environment with Neo4j credentials filled in from Streamlit secrets where the
    environment has none (the environment wins)."""
    merged = dict(env)
    table = secrets.get("neo4j", {}) if hasattr(secrets, "get") else {}
    for key in NEO4J_KEYS:
        if merged.get(key):
            continue
        short = key.removeprefix("NEO4J_").lower()
        value = secrets.get(key) if hasattr(secrets, "get") else None
        if value is None and hasattr(table, "get"):
            value = table.get(short)
        if value:
            merged[key] = str(value)
    return merged
