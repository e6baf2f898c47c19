"""The layer contract, read from the code's imports: every ``import`` and ``from ... import`` in
any scope (inside functions too), and ``importlib.import_module`` / ``__import__`` of a literal name.

Layers, top to bottom; a package imports only itself and the layers below it, never a layer above
nor a sibling of its own layer (the app's pages and the command line are separate front ends):

    app  ->  webapp | treatykg  ->  services  ->  graph  ->  extract  ->  ontology

``tests``, ``bench`` and ``tools`` stand outside and may import any layer; no layer imports them.
Every top-level package of the repository must be named here, so a new one cannot slip past.
The same contract is kept in ``.importlinter`` and checked with import-linter (``lint-imports``);
this file adds what it does not see: ``import_module`` of a literal name, app.py, and new packages.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
#: Top to bottom; the packages of one layer are siblings.
LAYERS: tuple[tuple[str, ...], ...] = (("app",), ("webapp", "treatykg"), ("services",), ("graph",),
                                       ("extract",), ("ontology",))
OUTSIDE = ("tests", "bench", "tools")
#: Folders at the top of the repository that hold no Python of the project.
NOT_CODE = ("data", "docs", "node_modules")


@dataclass(frozen=True)
class Violation:
    file: str
    line: int
    importer: str  # top-level package of the file
    imported: str  # full module name imported
    why: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.importer} imports {self.imported} ({self.why})"


def top_levels(root: Path) -> list[str]:
    """The top-level packages and modules of the project under ``root``."""
    names = []
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.name in NOT_CODE:
            continue
        if path.is_dir() and any(path.rglob("*.py")):
            names.append(path.name)
        elif path.suffix == ".py":
            names.append(path.stem)
    return names


def imported_modules(tree: ast.AST, package: str) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in the module, whatever its scope."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: inside the importing package
                yield node.lineno, package + ("." + node.module if node.module else "")
            else:
                yield node.lineno, node.module or ""
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__"):
                yield node.lineno, node.args[0].value


def violations(root: Path, layers=LAYERS, outside=OUTSIDE) -> list[Violation]:
    """Every import in the layered packages under ``root`` that breaks the contract."""
    rank = {pkg: i for i, layer in enumerate(layers) for pkg in layer}
    found = []
    for package in rank:
        files = [root / f"{package}.py"] if (root / f"{package}.py").is_file() else sorted((root / package).rglob("*.py"))
        for file in files:
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
            for line, module in imported_modules(tree, package):
                target = module.split(".")[0]
                why = None
                if target == package:
                    continue
                if target in outside:
                    why = f"{target} is outside the layers"
                elif target in rank and rank[target] < rank[package]:
                    why = f"{target} is a layer above {package}"
                elif target in rank and rank[target] == rank[package]:
                    why = f"{target} is a sibling of {package}"
                if why:
                    found.append(Violation(file.relative_to(root).as_posix(), line, package, module, why))
    return sorted(found, key=lambda v: (v.file, v.line, v.imported))


# ----------------------------------------------------------------------------- the project

def test_no_import_goes_up_or_sideways():
    found = violations(REPO)
    assert not found, "imports against the layers:\n" + "\n".join(map(str, found))


def test_every_top_level_package_is_in_the_contract():
    named = {pkg for layer in LAYERS for pkg in layer} | set(OUTSIDE)
    unnamed = [name for name in top_levels(REPO) if name not in named]
    assert not unnamed, f"add these to LAYERS or OUTSIDE in tests/test_layers.py: {unnamed}"


# ----------------------------------------------------------------------------- the checker itself

def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_an_upward_import_inside_a_function_is_reported(tmp_path):
    root = _tree(tmp_path, {
        "ontology/__init__.py": "",
        "ontology/session.py": "import json\n\n\ndef edit():\n    from graph.edits import apply\n    return apply\n",
        "extract/__init__.py": "from ontology import records\n",  # downward: allowed
        "graph/__init__.py": "",
        "graph/edits.py": "import extract.reader\nfrom . import queries\n",  # downward and own: allowed
    })
    found = violations(root)
    assert [str(v) for v in found] == [
        "ontology/session.py:5: ontology imports graph.edits (graph is a layer above ontology)"]


def test_every_form_of_import_counts(tmp_path):
    root = _tree(tmp_path, {
        "graph/a.py": "import services.ingest as ingest\n",
        "graph/b.py": "from services import ingest\n",
        "graph/c.py": "import importlib\nsession = importlib.import_module('services.ontology_session')\n",
        "graph/d.py": "def f():\n    return __import__('webapp')\n",
        "graph/e.py": "from tests.graph import factory\n",
        "webapp/f.py": "class Page:\n    def render(self):\n        import treatykg.cli\n",
    })
    found = {(v.file, v.imported, v.why) for v in violations(root)}
    assert found == {
        ("graph/a.py", "services.ingest", "services is a layer above graph"),
        ("graph/b.py", "services", "services is a layer above graph"),
        ("graph/c.py", "services.ontology_session", "services is a layer above graph"),
        ("graph/d.py", "webapp", "webapp is a layer above graph"),
        ("graph/e.py", "tests.graph", "tests is outside the layers"),
        ("webapp/f.py", "treatykg.cli", "treatykg is a sibling of webapp"),
    }


def test_a_new_top_level_package_must_be_placed(tmp_path):
    _tree(tmp_path, {"graph/x.py": "", "plugins/y.py": "", "app.py": "", "data/z.txt": ""})
    assert top_levels(tmp_path) == ["app", "graph", "plugins"]


# ----------------------------------------------------------------------------- import-linter

def _lint(config: Path, *paths: Path) -> int:
    """import-linter's verdict (0 kept, 1 broken) on ``config``, with ``paths`` importable."""
    import sys

    from importlinter.cli import lint_imports

    sys.path[:0] = [str(p) for p in paths]
    try:
        return lint_imports(config_filename=str(config), no_cache=True, no_logo=True)
    finally:
        del sys.path[:len(paths)]


def test_import_linter_keeps_the_layers_contract():
    """The same layers, as import-linter reads them from .importlinter (grimp sees imports in any scope)."""
    config = REPO / ".importlinter"
    for layer in LAYERS[1:]:
        assert " | ".join(layer) in config.read_text(), layer
    assert _lint(config, REPO) == 0


def test_import_linter_breaks_on_an_upward_import(tmp_path):
    for name, body in {"kg_low": "def f():\n    from kg_high import g\n    return g\n", "kg_high": "g = 1\n"}.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(body)
    config = tmp_path / ".importlinter"
    config.write_text("[importlinter]\nroot_packages =\n    kg_high\n    kg_low\n\n"
                      "[importlinter:contract:one]\nname = one way\ntype = layers\nlayers =\n    kg_high\n    kg_low\n")
    assert _lint(config, tmp_path) == 1
