"""``python -m treatykg ontology COMMAND``: show, edit, undo, validate, export and import the ontology.

Edits go to the workspace (``--dir`` or ``KG_ONTOLOGY_DIR``, default ``./data/ontology``) and, when
they concern stored data (renames, merges, retyping, aliases, re-extraction), to the graph
(``--graph`` or ``KG_GRAPH_URL``; the embedded FalkorDB of ``KG_DATA_DIR`` if it exists). A
refused edit prints one ``error:`` line and changes nothing. Exit status: 0 done, 1 refused or
failed (``validate``: violations found), 2 usage error.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable, Optional, Sequence

from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

from graph.errors import GraphError
from ontology import edits, entities, owl_io, shacl
from ontology import terms as t
from ontology.edits import Outcome, Usage
from ontology.errors import OntologyError
from ontology.model import TRIGGER_KINDS, Ontology
from ontology.overlay import as_graph, description
from ontology.workspace import Workspace
from services import ontology_session as session
from services.ontology_session import EditResult, EditSession

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
REEXTRACT_HINT = ("stored documents keep their statements for now: add --reextract (or run "
                  "`python -m treatykg ontology reextract`) to extract them again with the edited ontology")


# ----------------------------------------------------------------------------- context

class Context:
    """What one command works with: the workspace and, opened on demand, the graph store."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.workspace = Workspace(args.dir)
        self._store = None
        self._opened = False

    def store(self, required: bool = False):
        """The graph store, or None when there is none (``--no-store``, or no embedded graph yet)."""
        if self.args.no_store:
            if required:
                raise OntologyError("this command needs the graph: drop --no-store")
            return None
        if not self._opened:
            self._opened = True
            from graph.config import resolve
            from graph.engines import open_store

            config = resolve(self.args.graph)
            if config.data_dir is None or config.data_dir.exists():  # no embedded graph yet: none
                self._store = open_store(config)
        if self._store is None and required:
            raise OntologyError("there is no graph yet (nothing ingested); set KG_GRAPH_URL or KG_DATA_DIR")
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _report(result: EditResult) -> int:
    print(result.message)
    for note in result.notes:
        print(f"  {note}")
    if result.offer_reextract:
        print(f"  {REEXTRACT_HINT}")
    return EXIT_OK


def edit(ctx: Context, op: str, args: dict, build: Callable[[EditSession], Outcome], reextract: bool = False) -> int:
    """Validate an edit, carry it into the store, record it and write the workspace."""
    return _report(session.apply_edit(ctx.workspace, ctx.store, op, args, build, reextract, ctx.args.dry_run))


# ----------------------------------------------------------------------------- commands: edits

def cmd_add_class(ctx: Context) -> int:
    a = ctx.args
    return edit(ctx, "add-class", _recorded(a), lambda s: edits.add_class(
        s.draft, a.name, parent=a.parent, label=a.label, comment=a.comment, abstract=a.abstract,
        definite_heads=a.definite_head or (), update=a.update, usage=s.usage if a.abstract else Usage()),
        a.reextract)


def cmd_add_predicate(ctx: Context) -> int:
    a = ctx.args
    triggers = [(kind, text) for kind in TRIGGER_KINDS for text in (getattr(a, kind) or ())]
    return edit(ctx, "add-predicate", _recorded(a), lambda s: edits.add_predicate(
        s.draft, a.name, label=a.label, comment=a.comment, domain=_split(a.domain), range=_split(a.range),
        symmetric=a.symmetric, inverse=a.inverse, triggers=triggers, remove_triggers=a.remove_trigger or (),
        cameo=a.cameo, plover=a.plover, speech_act=a.speech_act, implies_accusation=a.implies_accusation,
        update=a.update, usage=s.usage if a.update and a.symmetric is not None else Usage(), held=a.held), a.reextract)


def cmd_rename(ctx: Context) -> int:
    a = ctx.args
    return edit(ctx, "rename", _recorded(a), lambda s: edits.rename(s.draft, a.old, a.new, s.usage))


def cmd_delete(ctx: Context) -> int:
    a = ctx.args
    return edit(ctx, "delete", _recorded(a), lambda s: edits.delete(s.draft, a.name, s.usage, a.migrate_to))


def cmd_alias(ctx: Context) -> int:
    a = ctx.args

    def build(s: EditSession) -> Outcome:
        entity = s.entity(a.entity)
        if a.action == "add":
            return entities.add_alias(s.draft, entity, a.alias, s.gazetteer, s.base)
        if a.action == "remove":
            return entities.remove_alias(s.draft, entity, a.alias, s.base)
        return entities.split(s.draft, entity, a.alias, a.type, s.ontology.entity_types, s.gazetteer, s.base)

    return edit(ctx, f"alias-{a.action}", _recorded(a), build, a.reextract)


def cmd_retype(ctx: Context) -> int:
    a = ctx.args
    return edit(ctx, "retype", _recorded(a), lambda s: entities.set_type(
        s.draft, s.entity(a.entity), a.type, s.ontology.entity_types, s.base), a.reextract)


def cmd_merge_entities(ctx: Context) -> int:
    a = ctx.args
    return edit(ctx, "merge-entities", _recorded(a), lambda s: entities.merge(
        s.draft, s.entity(a.survivor), s.entity(a.loser), s.base))


def cmd_import(ctx: Context) -> int:
    a = ctx.args
    source = owl_io.read(a.file, a.format)
    return edit(ctx, "import", _recorded(a), lambda s: owl_io.import_terms(s.draft, source, s.usage), a.reextract)


# ----------------------------------------------------------------------------- commands: the rest

def cmd_reextract(ctx: Context) -> int:
    """Extract the stored documents again with the effective ontology (not an edit: not recorded)."""
    ctx.store(required=True)
    for note in session.reextract(ctx.workspace, ctx.store, ctx.args.entity):
        print(note)
    return EXIT_OK


def cmd_undo(ctx: Context) -> int:
    return _report(session.undo(ctx.workspace, ctx.store, ctx.args.force))


def cmd_history(ctx: Context) -> int:
    entries = ctx.workspace.history.entries()
    undone = {e["args"].get("edit") for e in entries if e["op"] == "undo"}
    if ctx.args.json:
        for e in entries:
            print(json.dumps({k: e[k] for k in ("n", "time", "op", "args", "summary")} | {"undone": e["n"] in undone},
                             ensure_ascii=False))
        return EXIT_OK
    if not entries:
        print("no edits yet")
    for e in entries[-ctx.args.limit:] if ctx.args.limit else entries:
        mark = "  (undone)" if e["n"] in undone else ""
        print(f"#{e['n']:<4} {e['time']}  {e['op']:<15} {e['summary']}{mark}")
    return EXIT_OK


def cmd_show(ctx: Context) -> int:
    state = EditSession(ctx.workspace, ctx.store)
    if ctx.args.name:
        return _show_one(state, ctx.args.name)
    onto, graph = state.ontology, state.draft.graph
    if ctx.args.json:
        print(json.dumps(_as_json(onto), ensure_ascii=False, indent=1))
        return EXIT_OK
    core = ctx.workspace.core()
    marks = {name: _mark(core, graph, name) for name in t.class_names(graph) + t.predicate_names(graph)}
    print(f"workspace {ctx.workspace.folder} ({len(ctx.workspace.history.undoable())} edits) over {ctx.workspace.core_path}")
    plain = [c for c in t.class_names(graph) if not t.is_union(graph, c)]
    print(f"classes ({len(plain)}):   + added  * changed")
    for line in _tree(onto, marks):
        print(line)
    unions = [c for c in t.class_names(graph) if t.is_union(graph, c)]
    if unions:
        print("  unions: " + "; ".join(f"{marks[u]}{u} = {' | '.join(t.union_members(graph, u))}" for u in unions))
    print(f"predicates ({len(onto.predicates)}):")
    for name in sorted(onto.predicates):
        pred = onto.predicates[name]
        dom = _refs(graph, name, "domain")
        rng = _refs(graph, name, "range")
        extra = " symmetric" if pred.symmetric else ""
        extra += f" CAMEO {pred.cameo}" if pred.cameo else ""
        print(f"  {marks[name] or ' '}{name:<18} {dom} -> {rng}  ({len(pred.triggers)} triggers){extra}")
    if state.draft.entities:
        print(f"entity edits: {len(state.draft.entities)} ({ctx.workspace.entities_path})")
    for problem in edits.problems(graph):
        print(f"warning: {problem}")
    return EXIT_OK


def cmd_validate(ctx: Context) -> int:
    state = EditSession(ctx.workspace)
    found = edits.problems(state.draft.graph)
    for problem in found:
        print(f"ontology: {problem}")
    if ctx.args.shapes:
        shacl.shapes(state.ontology).serialize(destination=ctx.args.shapes, format="turtle")
    _, violations = session.validate(ctx.workspace, ctx.store(required=True))
    shown = violations[:ctx.args.limit] if ctx.args.limit else violations
    for v in shown:
        print(v.line())
        for ev in v.evidence[:ctx.args.evidence]:
            print(f"    {ev.modality}: \"{ev.sentence}\"  ({ev.document}, statement {ev.statement})")
        if len(v.evidence) > ctx.args.evidence:
            print(f"    ... {len(v.evidence) - ctx.args.evidence} more statement(s)")
    statements = sum(len(v.evidence) for v in violations)
    print(f"{len(violations)} violation(s) of domain or range, {statements} statement(s); "
          f"{len(found)} ontology problem(s)")
    return EXIT_FAILED if violations or found else EXIT_OK


def cmd_export(ctx: Context) -> int:
    state = EditSession(ctx.workspace)
    fmt = owl_io.export(state.draft.graph, ctx.args.file, ctx.args.format)
    print(f"wrote the effective ontology to {ctx.args.file} ({'Turtle' if fmt == 'turtle' else 'RDF/XML'})")
    return EXIT_OK


# ----------------------------------------------------------------------------- show helpers

def _show_one(state: EditSession, name: str) -> int:
    graph, onto = state.draft.graph, state.ontology
    what = t.kind(graph, name)
    if what == t.CLASS:
        print(f"class {name}")
        if t.text(graph, name, RDFS.label):
            print(f"  label: {t.text(graph, name, RDFS.label)}")
        if t.text(graph, name, RDFS.comment):
            print(f"  comment: {t.text(graph, name, RDFS.comment)}")
        if t.is_union(graph, name):
            print(f"  union of: {', '.join(t.union_members(graph, name))}")
        else:
            print(f"  parent: {t.parent(graph, name) or '-'}")
            below = sorted(t.descendants(graph, name))
            if below:
                print(f"  subclasses: {', '.join(below)}")
        cls = onto.classes.get(name)
        if cls is not None and cls.abstract:
            print("  abstract: yes (no entity has this type)")
        if cls is not None and cls.definite_heads:
            print(f"  definite heads: {', '.join(cls.definite_heads)}")
        users = t.referrers(graph, name)
        if users:
            print(f"  used by: {', '.join(users)}")
        return EXIT_OK
    if what == t.PREDICATE:
        pred = onto.predicates[name]
        print(f"predicate {name}  (relationship type {pred.relationship_type})")
        print(f"  label: {pred.label}")
        if pred.comment:
            print(f"  comment: {pred.comment}")
        print(f"  domain: {_refs(graph, name, 'domain')}  = {', '.join(sorted(pred.domain))}")
        print(f"  range: {_refs(graph, name, 'range')}  = {', '.join(sorted(pred.range))}")
        flags = [f for f, on in (("symmetric", pred.symmetric), ("speech act", pred.speech_act),
                                 ("implies accusation", pred.implies_accusation)) if on]
        if flags:
            print(f"  {', '.join(flags)}")
        if pred.inverse:
            print(f"  inverse of: {pred.inverse}")
        if pred.cameo or pred.plover:
            print(f"  CAMEO {pred.cameo or '-'}, PLOVER {pred.plover or '-'}")
        for kind in TRIGGER_KINDS:
            texts = [tr.text for tr in pred.triggers if tr.kind == kind]
            if texts:
                print(f"  {kind} triggers: {', '.join(texts)}")
        return EXIT_OK
    entity = state.entity(name)
    print(f"entity {entity.name}  (id {entity.id}, {entity.type})")
    if entity.aliases:
        print(f"  aliases: {', '.join(entity.aliases)}")
    return EXIT_OK


def _mark(core, graph, name: str) -> str:
    node = t.iri(name)
    mine = as_graph(description(graph, node))
    theirs = as_graph(description(core, node))
    if not len(theirs):
        return "+"
    return "" if isomorphic(mine, theirs) else "*"


def _tree(onto: Ontology, marks: dict, parent: Optional[str] = None, depth: int = 1) -> list[str]:
    out = []
    for cls in sorted((c for c in onto.classes.values() if c.parent == parent), key=lambda c: c.name):
        flag = " (abstract)" if cls.abstract else ""
        out.append(f"{'  ' * depth}{marks.get(cls.name, '') or ' '}{cls.name}{flag}")
        out += _tree(onto, marks, cls.name, depth + 1)
    if parent is None:
        orphans = [c for c in onto.classes.values() if c.parent and c.parent not in onto.classes]
        out += [f"  ?{c.name} (unknown parent {c.parent})" for c in orphans]
    return out


def _refs(graph, name: str, what: str) -> str:
    prop = RDFS.domain if what == "domain" else RDFS.range
    refs = t.class_refs(graph, graph.value(t.iri(name), prop))
    return " | ".join(refs) if refs else "Entity"


def _as_json(onto: Ontology) -> dict:
    return {
        "classes": {c.name: {"label": c.label, "comment": c.comment, "parent": c.parent, "abstract": c.abstract,
                             "definite_heads": list(c.definite_heads)} for c in onto.classes.values()},
        "predicates": {p.name: {"label": p.label, "comment": p.comment, "domain": sorted(p.domain),
                                "range": sorted(p.range), "symmetric": p.symmetric, "inverse": p.inverse,
                                "cameo": p.cameo, "plover": p.plover,
                                "triggers": [{"kind": tr.kind, "text": tr.text} for tr in p.triggers]}
                       for p in onto.predicates.values()},
    }


# ----------------------------------------------------------------------------- parser

def _split(value: Optional[str]) -> Optional[list[str]]:
    if value is None:
        return None
    return [v.strip() for v in value.replace("|", ",").split(",") if v.strip()]


def _recorded(args: argparse.Namespace) -> dict:
    """The arguments worth recording in the history."""
    skip = {"func", "command", "dir", "graph", "no_store", "dry_run"}
    return {k: v for k, v in vars(args).items() if k not in skip and v not in (None, [], False)}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m treatykg ontology",
        description="Show, edit (validated, recorded, undoable), validate, export and import the ontology.")
    parser.add_argument("--dir", help="ontology workspace folder (default: $KG_ONTOLOGY_DIR or ./data/ontology)")
    parser.add_argument("--graph", help="graph to carry edits into (default: $KG_GRAPH_URL, else embedded)")
    parser.add_argument("--no-store", action="store_true", help="edit the ontology only; leave the graph alone")
    parser.add_argument("--dry-run", action="store_true", help="check and describe an edit, save nothing")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("show", help="classes and predicates, or one class, predicate or entity")
    p.add_argument("name", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("add-class", help="add a class (or change one with --update)")
    p.add_argument("name")
    p.add_argument("--parent", help="parent class (default Entity)")
    p.add_argument("--label")
    p.add_argument("--comment")
    p.add_argument("--abstract", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--definite-head", action="append", metavar="NOUN",
                   help="noun that refers back to an entity of the class ('the alliance')")
    p.add_argument("--update", action="store_true", help="change an existing class")
    p.add_argument("--reextract", action="store_true", help="extract the stored documents again")
    p.set_defaults(func=cmd_add_class)

    p = sub.add_parser("add-predicate", help="add a predicate (or change one with --update)")
    p.add_argument("name")
    p.add_argument("--label")
    p.add_argument("--comment")
    p.add_argument("--domain", help="class, or classes separated by ','")
    p.add_argument("--range", help="class, or classes separated by ','")
    p.add_argument("--symmetric", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--inverse", help="inverse predicate ('' clears it)")
    for kind in TRIGGER_KINDS:
        p.add_argument(f"--{kind}", action="append", metavar="TRIGGER",
                       help=f"{kind} trigger (see the header of ontology/core.ttl); repeatable")
    p.add_argument("--remove-trigger", action="append", metavar="TRIGGER")
    held = p.add_mutually_exclusive_group()
    held.add_argument("--move-triggers", dest="held", action="store_const", const="move",
                      help="take triggers another predicate holds from it")
    held.add_argument("--share-triggers", dest="held", action="store_const", const="share",
                      help="keep triggers another predicate holds on both")
    p.add_argument("--cameo", help="CAMEO code ('' clears it)")
    p.add_argument("--plover", help="PLOVER event type ('' clears it)")
    p.add_argument("--speech-act", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--implies-accusation", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--update", action="store_true", help="change an existing predicate")
    p.add_argument("--reextract", action="store_true", help="extract the stored documents again")
    p.set_defaults(func=cmd_add_predicate)

    p = sub.add_parser("rename", help="rename a class or predicate (the graph follows)")
    p.add_argument("old")
    p.add_argument("new")
    p.set_defaults(func=cmd_rename)

    p = sub.add_parser("delete", help="delete a class or predicate")
    p.add_argument("name")
    p.add_argument("--migrate-to", metavar="NAME", help="class or predicate that takes over its uses")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("alias", help="add, remove or split off an alias of an entity")
    p.add_argument("action", choices=("add", "remove", "split"))
    p.add_argument("entity", help="id, canonical name or alias")
    p.add_argument("alias")
    p.add_argument("--type", help="split: class of the new entity (default: the entity's)")
    p.add_argument("--reextract", action="store_true", help="extract the affected documents again")
    p.set_defaults(func=cmd_alias)

    p = sub.add_parser("retype", help="change an entity's class")
    p.add_argument("entity")
    p.add_argument("type")
    p.add_argument("--reextract", action="store_true", help="extract the affected documents again")
    p.set_defaults(func=cmd_retype)

    p = sub.add_parser("merge-entities", help="merge LOSER into SURVIVOR (statements and aliases)")
    p.add_argument("survivor")
    p.add_argument("loser")
    p.set_defaults(func=cmd_merge_entities)

    p = sub.add_parser("reextract", help="extract the stored documents again with the edited ontology")
    p.add_argument("--entity", help="only the documents with statements about this entity")
    p.set_defaults(func=cmd_reextract)

    p = sub.add_parser("history", help="the recorded edits")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("undo", help="undo the newest edit not undone yet")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("validate", help="SHACL validation of the graph against domains and ranges")
    p.add_argument("--shapes", metavar="FILE", help="also write the shapes (Turtle)")
    p.add_argument("--limit", type=int, default=0, help="show at most this many violations")
    p.add_argument("--evidence", type=int, default=3, help="statements shown per violation")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="write the effective ontology as OWL (Turtle or RDF/XML)")
    p.add_argument("file")
    p.add_argument("--format", choices=("ttl", "xml"), help="default: from the extension (.ttl, .owl/.rdf/.xml)")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="import classes and object properties from an OWL file")
    p.add_argument("file")
    p.add_argument("--format", help="rdflib format (default: from the extension)")
    p.add_argument("--reextract", action="store_true", help="extract the stored documents again")
    p.set_defaults(func=cmd_import)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    ctx = Context(args)
    try:
        return args.func(ctx)
    except Exception as exc:
        if not _user_error(exc):
            raise
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        ctx.close()


def _user_error(exc: Exception) -> bool:
    """Refusals and graph errors are one-line messages; anything else is a bug (traceback)."""
    return isinstance(exc, (OntologyError, GraphError))
