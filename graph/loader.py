"""Load extraction results into a store: batched, idempotent, one document all or nothing.

Every unit of work (one or more whole documents, up to ``batch_size`` statements) is one
:meth:`GraphStore.transact` call, so it is applied completely or not at all, also when the loading
process is killed. Within a unit:

* documents whose content id is already in the graph are skipped (same document twice: no change);
* a document with a known path but new content replaces the old version: the old statements go,
  the direct relationships they supported are recomputed from what is left (or removed);
* new statements are created and folded into the direct relationships (count, modalities,
  first and last date) aggregated per (subject, predicate, object) in Python first.

Symmetric predicates (``cooperates_with`` ...) have one direct relationship per unordered pair,
stored from the smaller entity id to the larger.

Speed (``bench/load_speed.py``): rows travel as lists that name documents and entities by
position, so all of a unit's rows are built and encoded (``store.prepare``) before its
transaction, on the calling thread, while a helper thread writes the previous unit; the plan
then only reads what the graph decides (which documents are new, which entities exist) and,
on FalkorDB, the entities' internal ids, by which the writes find them (``store.load_refs``).
"""
from __future__ import annotations

import contextlib
import dataclasses
import gc
import itertools
import math
import re
import threading
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator, Optional, Sequence

from ontology.errors import shown_text
from ontology.records import MODALITIES, Document, Entity, ExtractionResult, Statement

from graph import queries
from graph.errors import LoadError, QueryError, ValidationError
from graph.store import GraphStore, ReadFn, Step
from graph.vocab import Vocabulary, class_label, identifier, is_symmetric, relationship_type

DEFAULT_BATCH = 5000
#: Modalities as bits while aggregating; every combination, in ``queries.MODALITY_ORDER``.
_MODALITY_BIT = {m: 1 << i for i, m in enumerate(queries.MODALITY_ORDER)}
_MODALITY_SETS = [tuple(m for i, m in enumerate(queries.MODALITY_ORDER) if mask & 1 << i)
                  for mask in range(1 << len(queries.MODALITY_ORDER))]
#: Ids per read in a plan (reads return little: one row of references, or the missing ids).
_READ_SIZE = 50_000
#: Longest id or path (UTF-8 bytes) the loader accepts. FalkorDB stores any string, but its index
#: finds none of 4096 bytes or more, none that starts or ends with ASCII white space and none with
#: the control character U+0001: a document with such an id was stored without its statements.
#: So ids and paths (what the loader and the edits look up) must avoid all three (:func:`check_key`).
MAX_KEY_BYTES = 4000
_EDGE_SPACE = " \t\n\r\x0b\x0c"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
Key = tuple[str, str, str]


@dataclass
class LoadReport:
    """What a load did, per document id."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # ids of old versions removed
    statements: int = 0

    def merge(self, other: "LoadReport") -> None:
        self.loaded += other.loaded
        self.unchanged += other.unchanged
        self.replaced += other.replaced
        self.statements += other.statements


@dataclass
class _Doc:
    """A validated document ready to be written."""

    document: Document
    entities: dict[str, Entity]
    statements: list[Statement]
    ids: list[str]  # of the statements (each a sha256)


@dataclass
class _Staged:
    """What the insert steps of some new documents need, computed before their transaction: rows
    name documents and entities by position (in the documents' order and in ``ents``), so they do
    not depend on how the transaction will find the nodes and can be encoded ahead."""

    entities: dict[str, Entity]
    ents: list[str]  # entity ids, sorted
    ents_param: list  # ``ents``, prepared by the store
    rows: list[list]  # statements, ``queries.STATEMENT_ROW``
    chunks: list[list]  # ``rows`` in batches, prepared by the store
    direct: list["_Direct"]  # per predicate, sorted


@dataclass
class _Direct:
    """The direct-relationship rows of one predicate (see :class:`_Staged`)."""

    predicate: str
    keys: list[list]  # ``queries.DIRECT_ROW``, entities by position in ``ents_param``
    chunks: list[list]  # ``keys`` in batches, prepared by the store
    positions: list[int]  # of these entities in the unit's ``ents`` (to pick their references)
    ents_param: list  # entity ids, prepared by the store


class Loader:
    """Writes :class:`ExtractionResult` records into a :class:`GraphStore`."""

    def __init__(self, store: GraphStore, ontology: Vocabulary, batch_size: int = DEFAULT_BATCH,
                 clock: Callable[[], str] | None = None, threaded: bool = True) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = store
        self.ontology = ontology
        self.batch_size = batch_size
        #: Write units on a helper thread while the next is prepared (see :meth:`load`).
        self.threaded = threaded
        self._clock = clock or _now
        #: Entity id -> internal reference seen by an earlier plan: a hint that each plan checks
        #: (inside its transaction) before using it, never trusted as it is.
        self._known_refs: dict[str, int] = {}

    # ------------------------------------------------------------------ public

    def load(self, results: Iterable[ExtractionResult],
             progress: Optional[Callable[[int], None]] = None) -> LoadReport:
        """Load results unit by unit; ``progress(n)`` is called with the statements of each unit.

        Units are written in order, each by one transaction, on a helper thread: while one is
        written, this thread reads and validates the next and builds its rows (the plan of a
        transaction only adds what the graph's state decides). ``results`` is consumed on the
        calling thread, and ``progress`` is called there.
        """
        report = LoadReport()
        units = self._units(results)
        first = next(units, None)
        if first is None:
            return report
        if not self.threaded or isinstance(results, (list, tuple)) and len(results) == 1:
            for unit in itertools.chain([first], units):
                self._finish(report, progress, unit, self._load_unit(unit, self._stage(unit)))
            return report
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tkg-loader") as writer, _gc_quiet():
            unit, staged = first, self._stage(first)
            while unit is not None:
                planned = threading.Event()
                running = writer.submit(self._load_unit, unit, staged, planned)
                try:
                    # Once the writer has planned ``unit`` and the server executes it, read, check
                    # and stage the next (before, both threads would compete for the interpreter).
                    planned.wait()
                    after = next(units, None)
                    staged = self._stage(after) if after is not None else None
                except BaseException:
                    error = running.exception()  # the transaction in flight ends first
                    if error is not None:
                        raise error from None  # the earlier unit's failure is the one to report
                    self._finish(report, progress, unit, running.result())
                    raise
                self._finish(report, progress, unit, running.result())
                unit = after
        return report

    @staticmethod
    def _finish(report: "LoadReport", progress, unit: list["_Doc"], part: "LoadReport") -> None:
        report.merge(part)
        if progress is not None:
            progress(sum(len(d.statements) for d in unit))

    def load_one(self, result: ExtractionResult) -> LoadReport:
        return self.load([result])

    def load_entities(self, entities: Iterable[Entity]) -> None:
        """Merge entities that no document mentions (e.g. on import)."""
        found = {}
        for entity in entities:
            self._check_entity(entity, "entity list")
            found.setdefault(entity.id, entity)
        if found:
            self.store.transact(lambda read: self._entity_steps(read, found))

    def reload(self, results: Iterable[ExtractionResult]) -> LoadReport:
        """Load documents again even when their content is stored already (re-extraction after
        an ontology edit): each replaces its stored versions (same id or path) atomically."""
        report = LoadReport()
        for result in results:
            doc = self._prepare(result)
            part = LoadReport()

            def plan(read: ReadFn, doc: _Doc = doc, part: LoadReport = part) -> list[Step]:
                part.__init__()
                ids = [doc.document.id]
                old = {row["id"] for row in read(queries.DOCUMENTS_BY_ID, {"ids": ids})}
                old |= {row["id"] for row in read(queries.DOCUMENTS_BY_PATH, {"paths": [doc.document.path], "ids": ids})}
                part.loaded, part.replaced, part.statements = ids, sorted(old), len(doc.statements)
                steps = self._removal_steps(read, sorted(old)) if old else []
                return steps + self._insert_steps(read, [doc])

            self.store.transact(plan)
            report.merge(part)
        return report

    def delete_document(self, doc_id: str) -> bool:
        """Remove one document (by exact id) with its statements; recompute the direct
        relationships they supported. Returns False if there was no such document."""
        deleted: list[bool] = []

        def plan(read: ReadFn) -> list[Step]:
            deleted.clear()
            if not read(queries.DOCUMENTS_BY_ID, {"ids": [doc_id]}):
                return []
            deleted.append(True)
            return self._removal_steps(read, [doc_id])

        self.store.transact(plan)
        return bool(deleted)

    # ------------------------------------------------------------------ units

    def _units(self, results: Iterable[ExtractionResult]) -> Iterator[list[_Doc]]:
        """Group validated documents into units of at most ``batch_size`` statements (a larger
        document is a unit of its own); a repeated id or path starts a new unit."""
        unit: list[_Doc] = []
        size = 0
        ids: set[str] = set()
        paths: set[str] = set()
        for result in results:
            doc = self._prepare(result)
            n = len(doc.statements)
            clash = doc.document.id in ids or doc.document.path in paths
            if unit and (clash or size + n > self.batch_size):
                yield unit
                unit, size, ids, paths = [], 0, set(), set()
            unit.append(doc)
            size += n
            ids.add(doc.document.id)
            paths.add(doc.document.path)
        if unit:
            yield unit

    def _load_unit(self, unit: list[_Doc], staged: Optional[_Staged] = None,
                   planned: Optional[threading.Event] = None) -> LoadReport:
        try:
            return self._write_unit(unit, staged, planned)
        finally:
            if planned is not None:
                planned.set()

    def _write_unit(self, unit: list[_Doc], staged: Optional[_Staged],
                    planned: Optional[threading.Event]) -> LoadReport:
        report = LoadReport()

        def plan(read: ReadFn) -> list[Step]:
            report.__init__()  # a re-plan after a concurrent change starts afresh
            ids = [d.document.id for d in unit]
            present = {row["id"] for row in read(queries.DOCUMENTS_BY_ID, {"ids": ids})}
            new = [d for d in unit if d.document.id not in present]
            report.unchanged = [i for i in ids if i in present]
            if not new:
                return []
            new_ids = [d.document.id for d in new]
            old = read(queries.DOCUMENTS_BY_PATH, {"paths": [d.document.path for d in new], "ids": new_ids})
            report.replaced = [row["id"] for row in old]
            report.loaded = new_ids
            report.statements = sum(len(d.statements) for d in new)
            steps = self._removal_steps(read, report.replaced) if old else []
            steps += self._insert_steps(read, new, staged if len(new) == len(unit) else None)
            if planned is not None:
                planned.set()
            return steps

        try:
            self.store.transact(plan)
        except QueryError as exc:
            names = ", ".join(d.document.path for d in unit[:3]) + (" ..." if len(unit) > 3 else "")
            raise LoadError(f"loading {names} failed: {exc}") from None
        return report

    # ------------------------------------------------------------------ steps

    def _removal_steps(self, read: ReadFn, doc_ids: list[str]) -> list[Step]:
        """Delete documents with their statements, then repair the direct relationships."""
        keys = {self._canonical((r["s"], r["p"], r["o"]))
                for r in read(queries.KEYS_OF_DOCUMENTS, {"ids": doc_ids})}
        steps: list[Step] = [
            (queries.DELETE_STATEMENTS_OF_DOCUMENTS, {"ids": doc_ids}),
            (queries.DELETE_DOCUMENTS, {"ids": doc_ids}),
        ]
        by_predicate: dict[str, list[dict]] = defaultdict(list)
        for s, p, o in sorted(keys):
            by_predicate[p].append({"s": s, "p": p, "o": o})
        for predicate, rows in sorted(by_predicate.items()):
            if predicate not in self.ontology.predicates:
                continue  # a predicate dropped from the ontology: nothing direct to repair
            rel = relationship_type(self.ontology, predicate)
            symmetric = is_symmetric(self.ontology, predicate)
            for chunk in _chunks(rows, self.batch_size):
                steps.append((queries.recompute_direct(rel, symmetric),
                              {"rows": chunk, "modalities": queries.MODALITY_ORDER}))
                steps.append((queries.prune_direct(rel, symmetric), {"rows": chunk}))
        return steps

    def _stage(self, docs: Sequence[_Doc]) -> _Staged:
        """The rows of documents' insert steps: plain Python, no reads, so it can run ahead."""
        entities: dict[str, Entity] = {}
        for doc in docs:
            for entity_id, entity in doc.entities.items():
                entities.setdefault(entity_id, entity)
        ents = sorted(entities)
        position = {entity_id: i for i, entity_id in enumerate(ents)}
        rows = [_statement_row(st, sid, i, position)
                for i, d in enumerate(docs) for st, sid in zip(d.statements, d.ids)]
        prepare = self.store.prepare
        direct = []
        for predicate, keys in sorted(self._aggregate(st for d in docs for st in d.statements).items()):
            # Each predicate's own entity list: a statement per predicate, each sent with the
            # entities (or references) it needs, not those of the whole unit.
            local = sorted({key[0] for key in keys} | {key[1] for key in keys})
            local_position = {entity_id: i for i, entity_id in enumerate(local)}
            for key in keys:
                key[0], key[1] = local_position[key[0]], local_position[key[1]]
            direct.append(_Direct(predicate, keys, [prepare(c) for c in _chunks(keys, self.batch_size)],
                                  [position[e] for e in local], prepare(local)))
        return _Staged(entities, ents, prepare(ents), rows, [prepare(c) for c in _chunks(rows, self.batch_size)],
                       direct)

    def _insert_steps(self, read: ReadFn, docs: Sequence[_Doc], staged: Optional[_Staged] = None) -> list[Step]:
        """Steps for documents known to be new (so are their statements).

        On an engine with a reference path (``store.load_refs``), rows whose entities both exist
        already find them by internal id; the others (an entity created by these very steps) by
        index, as on every engine.
        """
        if staged is None:
            staged = self._stage(docs)
        ents = staged.ents
        ref_queries = self.store.load_refs
        refs: Optional[list] = None
        if ref_queries is not None:
            refs = []
            for chunk in _chunks(ents, _READ_SIZE):
                refs += ref_queries.refs(read, chunk, [self._known_refs.get(e) for e in chunk])
            self._known_refs.update((e, ref) for e, ref in zip(ents, refs) if ref is not None)
            missing = {e for e, ref in zip(ents, refs) if ref is None}
        else:
            missing = set()
            for chunk in _chunks(ents, _READ_SIZE):
                missing.update(row["id"] for row in read(queries.MISSING_ENTITIES, {"ids": chunk}))
        steps = self._entity_steps(read, staged.entities, missing)
        now = self._clock()
        steps.append((queries.MERGE_DOCUMENTS, {"rows": [_document_row(d.document, now) for d in docs]}))

        known = None if refs is None else [ref is not None for ref in refs]
        refs_param = None if refs is None else self.store.prepare(refs)
        docs_param = [d.document.id for d in docs]
        by_ref, by_index = self._route(staged.rows, staged.chunks, known, 1, 2)
        steps += [(ref_queries.create_statements, {"docs": docs_param, "refs": refs_param, "rows": c})
                  for c in by_ref]
        steps += [(queries.CREATE_STATEMENT_ROWS, {"docs": docs_param, "ents": staged.ents_param, "rows": c})
                  for c in by_index]
        for d in staged.direct:
            rel = relationship_type(self.ontology, d.predicate)
            local_refs = None if refs is None else [refs[i] for i in d.positions]
            local_known = None if local_refs is None else [ref is not None for ref in local_refs]
            by_ref, by_index = self._route(d.keys, d.chunks, local_known, 0, 1)
            if by_ref:
                local_refs = self.store.prepare(local_refs)
                steps += [(ref_queries.add_direct(rel), {"refs": local_refs, "rows": c,
                                                         "modalities": queries.MODALITY_ORDER}) for c in by_ref]
            steps += [(queries.add_direct_rows(rel), {"ents": d.ents_param, "rows": c,
                                                      "modalities": queries.MODALITY_ORDER}) for c in by_index]
        return steps

    def _route(self, rows: list[list], chunks: list[list], known: Optional[list[bool]], i: int,
               j: int) -> tuple[list[list], list[list]]:
        """Batches of the rows whose entities (positions in fields ``i`` and ``j``) both have a
        reference, and batches of the others. Usually all rows go one way, as prepared."""
        if known is None or not any(known):
            return [], chunks
        if all(known):
            return chunks, []
        by_ref = [row for row in rows if known[row[i]] and known[row[j]]]
        by_index = [row for row in rows if not (known[row[i]] and known[row[j]])]
        prepare = self.store.prepare
        return ([prepare(c) for c in _chunks(by_ref, self.batch_size)],
                [prepare(c) for c in _chunks(by_index, self.batch_size)])

    def _entity_steps(self, read: ReadFn, entities: dict[str, Entity],
                      missing: Optional[set[str]] = None) -> list[Step]:
        """Create the entities that do not exist (``missing``: read here if not given); add new
        aliases to those that do.

        Reading first (inside the transaction's watch) is much faster than MERGE on FalkorDB.
        """
        ids = sorted(entities)
        read_size = _READ_SIZE
        if missing is None:
            missing = set()
            for chunk in _chunks(ids, read_size):
                missing.update(row["id"] for row in read(queries.MISSING_ENTITIES, {"ids": chunk}))
        with_aliases = [i for i in ids if i not in missing and entities[i].aliases]
        existing: dict[str, list[str]] = {}
        for chunk in _chunks(with_aliases, read_size):
            for row in read(queries.ENTITY_ALIASES, {"ids": chunk}):
                existing[row["id"]] = list(row["aliases"] or [])
        by_label: dict[str, list[dict]] = defaultdict(list)
        alias_rows: list[dict] = []
        for entity_id in ids:
            entity = entities[entity_id]
            if entity_id not in missing:
                if entity.aliases:
                    aliases = sorted(set(entity.aliases))
                    known = existing.get(entity_id, aliases)
                    extra = [a for a in aliases if a not in known]
                    if extra:
                        alias_rows.append({"id": entity_id, "aliases": known + extra})
            else:
                by_label[entity.type].append({"id": entity.id, "name": entity.name, "type": entity.type,
                                              "aliases": sorted(set(entity.aliases))})
        steps: list[Step] = []
        for label, rows in sorted(by_label.items()):
            text = queries.create_entities(class_label(self.ontology, label))
            steps += [(text, {"rows": chunk}) for chunk in _chunks(rows, self.batch_size)]
        steps += [(queries.SET_ALIASES, {"rows": chunk}) for chunk in _chunks(alias_rows, self.batch_size)]
        return steps

    def _aggregate(self, statements: Iterable[Statement]) -> dict[str, list[list]]:
        """Per predicate, one row per direct relationship: count, modalities, date range
        (positional, fields in ``queries.DIRECT_ROW`` order, sorted by subject and object)."""
        symmetric = self._symmetric()
        agg: dict[Key, list] = {}
        for st in statements:
            s, p, o = st.subject.id, st.predicate, st.object.id
            if p in symmetric and o < s:
                s, o = o, s
            date = st.date or None
            row = agg.get((s, p, o))
            if row is None:
                agg[(s, p, o)] = [s, o, 1, _MODALITY_BIT.get(st.modality, 0), date, date]
                continue
            row[2] += 1
            row[3] |= _MODALITY_BIT.get(st.modality, 0)
            if date is not None:
                if row[4] is None or date < row[4]:
                    row[4] = date
                if row[5] is None or date > row[5]:
                    row[5] = date
        out: dict[str, list[list]] = defaultdict(list)
        for (s, p, o), row in sorted(agg.items()):
            row[3] = list(_MODALITY_SETS[row[3]])
            out[p].append(row)
        return out

    def _symmetric(self) -> frozenset[str]:
        return frozenset(p for p in self.ontology.predicates if is_symmetric(self.ontology, p))

    def _canonical(self, key: Key) -> Key:
        s, p, o = key
        if is_symmetric(self.ontology, p) and o < s:
            return (o, p, s)
        return key

    # ------------------------------------------------------------------ validation

    def _prepare(self, result: ExtractionResult) -> _Doc:
        """Check a result against the ontology and give its statements document-scoped ids."""
        document = result.document
        if not isinstance(document, Document) or not document.id or not document.path:
            raise ValidationError("every document needs an id (content hash) and a path")
        where = f"document {shown_text(document.path, 120)}"
        check_key(document.id, f"{where}: document id")
        check_key(document.path, f"{where}: path")
        entities: dict[str, Entity] = {}
        for entity in result.entities:
            self._check_entity(entity, where)
            entities.setdefault(entity.id, entity)
        statements: dict[str, Statement] = {}
        predicates: set[str] = set()  # checked already
        checked: set[int] = set()  # entity objects checked already (by identity: a document
        # names the same few entity objects in many statements)
        for st in result.statements:
            if st.predicate not in predicates:
                if st.predicate not in self.ontology.predicates:
                    raise ValidationError(f"{where}: unknown predicate {st.predicate!r} (not in the ontology)")
                identifier(st.predicate, "predicate")
                predicates.add(st.predicate)
            if st.modality not in MODALITIES:
                raise ValidationError(f"{where}: unknown modality {st.modality!r} (expected one of "
                                      f"{', '.join(MODALITIES)})")
            if not isinstance(st.confidence, (int, float)) or not math.isfinite(st.confidence):
                raise ValidationError(f"{where}: confidence must be a number")
            if st.page is not None and (isinstance(st.page, bool) or not isinstance(st.page, int) or st.page < 1):
                raise ValidationError(f"{where}: page must be a whole number from 1, not {shown_text(st.page, 40)}")
            for entity in (st.subject, st.object, st.attributed_to):
                if entity is not None and id(entity) not in checked:
                    self._check_entity(entity, where)
                    checked.add(id(entity))
                    entities.setdefault(entity.id, entity)
            if st.doc_id != document.id:
                # Ids must depend on the content, or a changed document would reuse its old ids.
                st = dataclasses.replace(st, doc_id=document.id)
            statements.setdefault(st.id, st)
        return _Doc(document, entities, list(statements.values()), list(statements))

    def _check_entity(self, entity: Entity, where: str) -> None:
        if not isinstance(entity, Entity) or not entity.id or not isinstance(entity.id, str):
            raise ValidationError(f"{where}: entity without an id")
        check_key(entity.id, f"{where}: entity id")
        if not entity.name:
            raise ValidationError(f"{where}: entity {entity.id!r} has no name")
        class_label(self.ontology, entity.type)


def check_key(value, what: str) -> None:
    """Refuse an id or path that an index lookup would not find again (see :data:`MAX_KEY_BYTES`)."""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, not {type(value).__name__}")
    if value != value.strip(_EDGE_SPACE):
        raise ValidationError(f"{what} {shown_text(value, 120)} starts or ends with white space")
    if _CONTROL.search(value):
        raise ValidationError(f"{what} {shown_text(value, 120)} contains a control character")
    if len(value) <= MAX_KEY_BYTES // 4:  # (the usual case: no need to encode)
        return
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_KEY_BYTES:
        raise ValidationError(f"{what} too long ({size} bytes, at most {MAX_KEY_BYTES})")


@contextlib.contextmanager
def _gc_quiet() -> Iterator[None]:
    """Spare a bulk load the garbage collector's walks over everything the process held before.

    A load allocates millions of containers; the collections they trigger each walked every
    object alive, the caller's results included: about a quarter of the client's time on a
    100k-statement load. Frozen (``gc.freeze``), those older objects are left out until the load
    ends; what the load and the caller's generator create meanwhile is collected as usual. A
    process that froze objects itself is left as it is.
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _document_row(document: Document, now: str) -> dict:
    return {"id": document.id, "title": document.title or "", "path": document.path,
            "date": document.date, "date_source": document.date_source, "ingested_at": document.ingested_at or now}


def _statement_row(st: Statement, sid: str, doc: int, position: dict[str, int]) -> list:
    """One row of ``queries.CREATE_STATEMENT_ROWS`` (``queries.STATEMENT_ROW``): the document's
    position in the unit, its entities' positions in ``position``."""
    speaker = st.attributed_to
    return [doc, position[st.subject.id], position[st.object.id], sid, st.predicate, st.modality,
            speaker.name if speaker else None, speaker.id if speaker else None,
            st.date, st.sentence, int(st.start), int(st.end), float(st.confidence), st.rule,
            st.date_kind if st.date else None, st.date_text if st.date else None,
            int(st.page) if st.page is not None else None]


def _chunks(rows: list, size: int) -> Iterator[list]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
