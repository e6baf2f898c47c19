"""The engine registry: every entry is complete, every scheme finds its engine, and no module
outside graph/engines/ tests an engine's name."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from graph import engines
from graph.config import resolve
from graph.errors import ConfigError
from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("name", engines.names())
def test_entry_is_complete(name):
    engine = engines.get(name)
    assert issubclass(engine.store_class(), GraphStore)
    assert engine.store_class().engine == name
    assert callable(engine.load().configure)
    for scheme in engine.schemes:
        assert engines.for_scheme(scheme) is engine
        assert engines.for_scheme(scheme.upper()) is engine
    example = resolve(engine.example, env={})
    assert example.engine == name


def test_default_and_unknown():
    assert engines.DEFAULT == engines.names()[0]
    assert resolve("", env={}).engine == engines.DEFAULT
    assert engines.for_scheme("http") is None
    with pytest.raises(ConfigError, match="unknown graph engine 'nope': use one of falkordb, neo4j"):
        engines.get("nope")
    assert urlsplit("").scheme == ""


def test_no_schemes_shared():
    seen = [s for e in engines.ENGINES.values() for s in e.schemes]
    assert len(seen) == len(set(seen))


def test_the_interface_imports_no_engine():
    """graph.store and graph.config load without any engine module (the old import circle)."""
    code = ("import sys, graph.store, graph.config, graph.engines; "
            "print(sorted(m for m in sys.modules if m.startswith('graph.engines.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_engine_name_tested_outside_the_registry():
    """`engine == "neo4j"` and the like belong in graph/engines/ only."""
    names = "|".join(map(re.escape, engines.names()))
    pattern = re.compile(rf"""engine\s*(==|!=|in)\s*\(?["']({names})["']|["']({names})["']\s*(==|!=)\s*\w*engine""")
    found = []
    for folder in ("graph", "webapp", "ontology", "extract", "bench", "services"):
        for path in (REPO / folder).rglob("*.py"):
            if (REPO / "graph" / "engines") in path.parents:
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    found.append(f"{path.relative_to(REPO)}:{n}: {line.strip()}")
    assert found == []
