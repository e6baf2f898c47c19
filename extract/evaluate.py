"""Score extracted statements against the gold files (DESIGN.md, "Scoring against gold").

``python -m extract.evaluate --gold DIR [PATH...] [--pred FILE.jsonl] [--doc-dates FILE.md] [--json] [--errors] [--by-rule]``

Date accuracy is measured over the matched statements whose gold triple has a date: the first
predicted statement of the triple must carry one of the gold dates. ``--doc-dates`` gives the
documents' dates as the user would (a Markdown table with a ``file`` and a ``date`` column, the
date cell starting with an ISO date), so that relative dates can be resolved.

Documents named ``<group><number>`` (``dev_a01``, ``dev_a02``, ``dev_b01``...) are also summed per
group, so a gain that shows in one group only is seen.

Predictions come from running the extractor on PATH... (default: each gold file's ``doc``
looked up in ``DIR/../seeds``) or from a JSONL file in the extraction-output format. Only
the core predicates are scored; a predicted name that resolves to no gold entity of its
document is a false positive. Exit status: 0 scored, 1 some input could not be read, 2 usage.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence

#: The 22 predicates of ONTOLOGY.md, used only if the ontology module cannot be imported.
CORE_PREDICATES = frozenset((
    "member_of", "party_to", "signs", "withdraws_from", "suspends", "violates", "extends",
    "opposes", "supports", "criticizes", "accuses", "threatens", "sanctions", "cooperates_with",
    "allied_with", "negotiates_with", "deploys_to", "annexes", "attacks", "leads", "official_of",
    "participates_in"))
SYMMETRIC_PREDICATES = frozenset(("cooperates_with", "allied_with", "negotiates_with"))


def scored_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """(scored predicates, symmetric ones), read from the core ontology without user overlays."""
    try:
        from ontology.model import load_ontology
    except ImportError:
        return CORE_PREDICATES, SYMMETRIC_PREDICATES
    onto = load_ontology()
    return (frozenset(onto.predicates),
            frozenset(name for name, pred in onto.predicates.items() if pred.symmetric))


# ----------------------------------------------------------------------------- names

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"'})
_POSSESSIVE = re.compile(r"'s\b")
_NON_WORD = re.compile(r"\W+")


def normalise_name(name: str) -> str:
    """The matching key of a name: "The U.S.'s" -> "us", "Nato" -> "nato"."""
    text = unicodedata.normalize("NFKC", name).lower().translate(_QUOTES)
    text = _POSSESSIVE.sub("", text).replace(".", "")
    text = _NON_WORD.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


class EntityIndex:
    """Resolves names to the canonical gold entity of one document (names win over aliases)."""

    def __init__(self, entities: Iterable[Mapping[str, Any]]) -> None:
        entities = list(entities)
        self._index: dict[str, str] = {}
        for entity in entities:
            self._index.setdefault(normalise_name(entity["name"]), entity["name"])
        for entity in entities:
            for alias in entity.get("aliases") or ():
                self._index.setdefault(normalise_name(alias), entity["name"])

    def resolve(self, name: Optional[str]) -> Optional[str]:
        return self._index.get(normalise_name(name)) if name else None


# ----------------------------------------------------------------------------- report

@dataclass
class Counts:
    """True/false positives and false negatives, with the usual ratios (0.0 when undefined)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "Counts") -> "Counts":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def to_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Modality:
    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_dict(self) -> dict:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass
class DocReport:
    """Scores of one gold document, and the triples behind them for error analysis."""

    doc: str
    gold: int = 0
    predicted: int = 0
    strict: Counts = field(default_factory=Counts)
    pair: Counts = field(default_factory=Counts)
    modality: Modality = field(default_factory=Modality)
    false_positives: list[dict] = field(default_factory=list)
    false_negatives: list[dict] = field(default_factory=list)
    wrong_modality: list[dict] = field(default_factory=list)
    #: Matched triples whose gold has a date: how many got it right.
    dates: Modality = field(default_factory=Modality)
    wrong_date: list[dict] = field(default_factory=list)
    #: Predicted statements (all, scored or not) by date kind ("stated", "resolved", "reported", "none").
    date_kinds: dict[str, int] = field(default_factory=dict)
    #: Per rule (the extraction output's ``rule``): distinct triples it produced that are in the gold (tp)
    #: or not (fp). A triple two rules produce counts for both.
    rules: dict[str, Counts] = field(default_factory=dict)

    def to_dict(self, errors: bool = False) -> dict:
        out = {"doc": self.doc, "gold": self.gold, "predicted": self.predicted,
               "strict": self.strict.to_dict(), "pair": self.pair.to_dict(),
               "modality": self.modality.to_dict(), "date": self.dates.to_dict(), "date_kinds": self.date_kinds}
        if errors:
            out.update(false_positives=self.false_positives, false_negatives=self.false_negatives,
                       wrong_modality=self.wrong_modality, wrong_date=self.wrong_date)
        return out


@dataclass
class Report:
    """Per-document and micro-averaged scores."""

    documents: dict[str, DocReport] = field(default_factory=dict)
    predicates: tuple[str, ...] = ()
    #: Documents that had predictions but no gold file (not scored).
    ignored_docs: list[str] = field(default_factory=list)
    #: Predicted statements left out because their predicate is not scored.
    unscored_statements: int = 0

    @property
    def strict(self) -> Counts:
        return _sum(d.strict for d in self.documents.values())

    @property
    def pair(self) -> Counts:
        return _sum(d.pair for d in self.documents.values())

    @property
    def modality(self) -> Modality:
        return _modality_sum(self.documents.values())

    @property
    def dates(self) -> Modality:
        return _date_sum(self.documents.values())

    def date_kinds(self) -> dict[str, int]:
        return _kinds_sum(self.documents.values())

    def groups(self) -> dict[str, list[DocReport]]:
        """Documents by group (the file stem less its trailing number: ``dev_a01`` -> ``dev_a``),
        when that makes at least two groups, one of several documents; else no groups."""
        groups: dict[str, list[DocReport]] = {}
        for d in self.documents.values():
            groups.setdefault(group_of(d.doc), []).append(d)
        if len(groups) < 2 or all(len(docs) < 2 for docs in groups.values()):
            return {}
        return dict(sorted(groups.items()))

    def rules(self) -> dict[str, Counts]:
        """Per rule, summed over the documents."""
        total: dict[str, Counts] = {}
        for d in self.documents.values():
            for rule, counts in d.rules.items():
                total.setdefault(rule, Counts())
                total[rule] += counts
        return dict(sorted(total.items()))

    def to_dict(self, errors: bool = False) -> dict:
        return {
            "micro": _summary(self.documents.values()),
            "groups": {name: _summary(docs) for name, docs in self.groups().items()},
            "rules": {name: counts.to_dict() for name, counts in self.rules().items()},
            "documents": [d.to_dict(errors) for d in self.documents.values()],
            "predicates": list(self.predicates),
            "ignored_docs": self.ignored_docs,
            "unscored_statements": self.unscored_statements,
        }


def _sum(items: Iterable[Counts]) -> Counts:
    total = Counts()
    for item in items:
        total += item
    return total


def _tally(counts: Iterable[Modality]) -> Modality:
    """Correct out of total, summed (modality and date accuracy are both such tallies)."""
    total = Modality()
    for c in counts:
        total.correct += c.correct
        total.total += c.total
    return total


def _modality_sum(docs: Iterable[DocReport]) -> Modality:
    return _tally(d.modality for d in docs)


def _date_sum(docs: Iterable[DocReport]) -> Modality:
    return _tally(d.dates for d in docs)


def _kinds_sum(docs: Iterable[DocReport]) -> dict[str, int]:
    total: dict[str, int] = {}
    for d in docs:
        for kind, n in d.date_kinds.items():
            total[kind] = total.get(kind, 0) + n
    return dict(sorted(total.items()))


def _summary(docs: Iterable[DocReport]) -> dict:
    docs = list(docs)
    return {"documents": len(docs), "gold": sum(d.gold for d in docs), "predicted": sum(d.predicted for d in docs),
            "strict": _sum(d.strict for d in docs).to_dict(), "pair": _sum(d.pair for d in docs).to_dict(),
            "modality": _modality_sum(docs).to_dict(), "date": _date_sum(docs).to_dict(),
            "date_kinds": _kinds_sum(docs)}


_TRAILING_NUMBER = re.compile(r"[-_]?\d+$")


def group_of(doc: str) -> str:
    """The group a document belongs to: its stem less a trailing number (``dev_c07.txt`` -> ``dev_c``)."""
    stem = doc.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return _TRAILING_NUMBER.sub("", stem) or stem


def rule_family(rule: str) -> str:
    """ "verb:withdraw from" -> "verb"; "verb:x+press" -> "verb"."""
    return re.split(r"[:+]", rule or "?", 1)[0] or "?"


# ----------------------------------------------------------------------------- scoring

def score(gold_docs: Iterable[Mapping[str, Any]], predictions: Iterable[Any],
          predicates: Optional[Iterable[str]] = None, symmetric: Optional[Iterable[str]] = None) -> Report:
    """Score predictions against gold documents.

    ``gold_docs``: dicts as in the gold files (``doc``, ``entities``, ``triples``).
    ``predictions``: extraction-output dicts (or :class:`Statement` objects) with at least
    ``doc``, ``subject``, ``predicate``, ``object``, ``modality``. ``predicates``/``symmetric``
    default to the core ontology's.
    """
    if predicates is None or symmetric is None:
        default_predicates, default_symmetric = scored_vocabulary()
        predicates = default_predicates if predicates is None else predicates
        symmetric = default_symmetric if symmetric is None else symmetric
    scored, sym = frozenset(predicates), frozenset(symmetric)
    gold_by_doc = {g["doc"]: g for g in gold_docs}
    by_doc: dict[str, list[dict]] = {doc: [] for doc in gold_by_doc}
    kinds: dict[str, dict[str, int]] = {doc: {} for doc in gold_by_doc}
    report = Report(predicates=tuple(sorted(scored)))
    for record in predictions:
        record = record.to_json() if hasattr(record, "to_json") else record
        doc = _gold_doc_name(str(record.get("doc", "")), gold_by_doc)
        if doc is not None:
            kind = record.get("date_kind") or ("stated" if record.get("date") else "none")
            kinds[doc][kind] = kinds[doc].get(kind, 0) + 1
        if doc is None:
            if record.get("doc") not in report.ignored_docs:
                report.ignored_docs.append(record.get("doc"))
        elif record.get("predicate") not in scored:
            report.unscored_statements += 1
        else:
            by_doc[doc].append(record)
    for doc, gold in gold_by_doc.items():
        report.documents[doc] = _score_doc(gold, by_doc[doc], scored, sym)
        report.documents[doc].date_kinds = dict(sorted(kinds[doc].items()))
    return report


def _gold_doc_name(name: str, gold_by_doc: Mapping[str, Any]) -> Optional[str]:
    """The gold document a prediction belongs to: same file name, else same stem."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    if name in gold_by_doc:
        return name
    stem = name.rsplit(".", 1)[0]
    matches = [doc for doc in gold_by_doc if doc.rsplit(".", 1)[0] == stem]
    return matches[0] if len(matches) == 1 else None


def _key(s: str, p: str, o: str, sym: frozenset[str]) -> tuple[str, str, str]:
    if p in sym and o < s:
        s, o = o, s
    return (s, p, o)


def _score_doc(gold: Mapping[str, Any], predicted: list[dict], scored: frozenset[str],
               sym: frozenset[str]) -> DocReport:
    index = EntityIndex(gold.get("entities") or ())
    gold_keys: dict[tuple[str, str, str], dict] = {}
    for triple in gold.get("triples") or ():
        if triple["p"] not in scored:
            continue
        s = index.resolve(triple["s"]) or triple["s"]
        o = index.resolve(triple["o"]) or triple["o"]
        entry = gold_keys.setdefault(_key(s, triple["p"], o, sym),
                                     {"s": s, "p": triple["p"], "o": o, "modalities": [],
                                      "sentence": triple.get("sentence", ""), "dates": []})
        if triple.get("date") and triple["date"] not in entry["dates"]:
            entry["dates"].append(triple["date"])
        if triple.get("modality") not in entry["modalities"]:
            entry["modalities"].append(triple.get("modality"))

    pred_keys: dict[tuple[str, str, str], dict] = {}
    rule_keys: dict[str, set[tuple[str, str, str]]] = {}
    for record in predicted:
        s_gold, o_gold = index.resolve(record.get("subject")), index.resolve(record.get("object"))
        # Unresolved names keep a marker so they never match gold but still dedup among themselves.
        s = s_gold or f"?{normalise_name(str(record.get('subject')))}"
        o = o_gold or f"?{normalise_name(str(record.get('object')))}"
        key = _key(s, record["predicate"], o, sym)
        rule_keys.setdefault(str(record.get("rule") or "?"), set()).add(key)
        if key not in pred_keys:
            pred_keys[key] = {"s": record.get("subject"), "p": record["predicate"], "o": record.get("object"),
                              "modality": record.get("modality"), "sentence": record.get("sentence", ""),
                              "resolved": bool(s_gold and o_gold), "date": record.get("date"),
                              "date_kind": record.get("date_kind"), "date_text": record.get("date_text")}

    out = DocReport(doc=gold["doc"], gold=len(gold_keys), predicted=len(pred_keys))
    for key, pred in pred_keys.items():
        if key in gold_keys:
            out.strict.tp += 1
            out.modality.total += 1
            if pred["modality"] in gold_keys[key]["modalities"]:
                out.modality.correct += 1
            else:
                out.wrong_modality.append({**pred, "gold_modalities": gold_keys[key]["modalities"]})
            gold_dates = gold_keys[key]["dates"]
            if gold_dates:
                out.dates.total += 1
                if pred["date"] in gold_dates:
                    out.dates.correct += 1
                else:
                    out.wrong_date.append({**pred, "gold_dates": gold_dates})
        else:
            out.strict.fp += 1
            out.false_positives.append(pred)
    for key, entry in gold_keys.items():
        if key not in pred_keys:
            out.strict.fn += 1
            out.false_negatives.append(entry)

    for rule, keys in rule_keys.items():
        hits = sum(1 for key in keys if key in gold_keys)
        out.rules[rule] = Counts(tp=hits, fp=len(keys) - hits)

    gold_pairs = {frozenset((s, o)) for s, _, o in gold_keys}
    pred_pairs = {frozenset((s, o)) for s, _, o in pred_keys}
    out.pair = Counts(tp=len(gold_pairs & pred_pairs), fp=len(pred_pairs - gold_pairs),
                      fn=len(gold_pairs - pred_pairs))
    return out


# ----------------------------------------------------------------------------- inputs

class InputError(Exception):
    """A gold or prediction file that cannot be used; the message names it."""


class ExtractorUnavailable(Exception):
    """The extractor (model, ontology, gazetteer) failed to load."""


def load_gold(folder: Path | str) -> list[dict]:
    """Every ``*.json`` gold file of a folder, sorted by name."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: gold folder not found")
    docs = []
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{path}: cannot read gold file: {exc}") from None
        if not isinstance(data, dict) or not {"doc", "entities", "triples"} <= data.keys():
            raise InputError(f"{path}: not a gold file (needs doc, entities, triples)")
        docs.append(data)
    if not docs:
        raise InputError(f"{folder}: no gold files (*.json)")
    return docs


def load_predictions(path: Path | str) -> list[dict]:
    """Extraction-output records from a JSONL file (blank lines skipped)."""
    records = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
                if not isinstance(record, dict) or not {"doc", "subject", "predicate", "object"} <= record.keys():
                    raise InputError(f"{path}:{number}: not an extraction record "
                                     "(needs doc, subject, predicate, object)")
                records.append(record)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read predictions: {exc}") from None
    return records


_ISO_LEAD = re.compile(r"^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)\b")


def load_doc_dates(path: Path | str) -> dict[str, str]:
    """File name -> ISO date, from the Markdown tables of ``path`` that have ``file`` and ``date``
    columns (a date cell like "2023-03-20 (decision on Monday)" or "2023-12"; rows whose date cell
    starts with no ISO date are left out)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read document dates: {exc}") from None
    from extract.timeline import valid_iso

    dates: dict[str, str] = {}
    columns: Optional[tuple[int, int]] = None
    tables = 0
    for number, line in enumerate(lines, 1):
        if not line.lstrip().startswith("|"):
            columns = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if columns is None:
            names = [c.lower() for c in cells]
            if "file" in names and "date" in names:
                columns, tables = (names.index("file"), names.index("date")), tables + 1
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the header's rule
        if max(columns) >= len(cells):
            continue
        match = _ISO_LEAD.match(cells[columns[1]])
        if match and valid_iso(match.group(1)):
            dates[Path(cells[columns[0]]).name] = match.group(1)
        elif match:
            raise InputError(f"{path}:{number}: not a calendar date: {match.group(1)!r}")
    if not tables:
        raise InputError(f"{path}: no Markdown table with 'file' and 'date' columns")
    return dates


def predict(paths: Iterable[Path | str], extractor=None,
            doc_dates: Optional[Mapping[str, str]] = None) -> tuple[list[dict], list[str]]:
    """Run the extractor on files or folders; return (records, one-line error messages).

    ``doc_dates`` (file name -> ISO date) dates the documents as a user would (``--date``)."""
    from extract.pipeline import Extractor
    from extract.reader import ReadError, ReadFailure, open_document, iter_sources

    if extractor is None:
        try:
            extractor = Extractor()
        except Exception as exc:  # report in one line, like ``python -m extract``
            raise ExtractorUnavailable(f"{type(exc).__name__}: {exc}") from exc
    records: list[dict] = []
    errors: list[str] = []
    for item in iter_sources(paths):
        if isinstance(item, ReadError):
            errors.append(str(item))
            continue
        try:
            opened = open_document(item)
        except ReadFailure as exc:
            errors.append(str(exc.error))
            continue
        document = opened.document
        given = (doc_dates or {}).get(item.path.name)
        if given:
            document = replace(document, date=given, date_source="user")
        try:
            result = extractor.extract_paragraphs(opened.paragraphs(), document)
        except Exception as exc:  # one bad document must not hide the scores of the others
            errors.append(f"{item.path}: extraction failed: {type(exc).__name__}: {exc}")
            continue
        records.extend(st.to_json() for st in result.statements)
    return records, errors


# ----------------------------------------------------------------------------- output

def format_table(report: Report) -> str:
    """A fixed-width table: one row per document, then the micro average."""
    head = (f"{'document':<28} {'gold':>5} {'pred':>5} {'tp':>4} {'fp':>4} {'fn':>4} "
            f"{'P':>6} {'R':>6} {'F1':>6} | {'pairP':>6} {'pairR':>6} {'pairF1':>6} | {'mod.acc':>7} | "
            f"{'date.acc':>12}")
    lines = [head, "-" * len(head)]

    def row(name: str, gold: int, pred: int, strict: Counts, pair: Counts, modality: Modality,
            dates: Modality) -> str:
        acc = f"{modality.accuracy:7.3f}" if modality.total else f"{'-':>7}"
        date_acc = f"{dates.accuracy:5.3f} ({dates.correct}/{dates.total})" if dates.total else "-"
        return (f"{name[:28]:<28} {gold:>5} {pred:>5} {strict.tp:>4} {strict.fp:>4} {strict.fn:>4} "
                f"{strict.precision:6.3f} {strict.recall:6.3f} {strict.f1:6.3f} | "
                f"{pair.precision:6.3f} {pair.recall:6.3f} {pair.f1:6.3f} | {acc} | {date_acc:>12}")

    for d in report.documents.values():
        lines.append(row(d.doc, d.gold, d.predicted, d.strict, d.pair, d.modality, d.dates))
    lines.append("-" * len(head))
    docs = report.documents.values()
    lines.append(row("micro", sum(d.gold for d in docs), sum(d.predicted for d in docs),
                     report.strict, report.pair, report.modality, report.dates))
    groups = report.groups()
    if groups:
        lines.append("-" * len(head))
        for name, members in groups.items():
            lines.append(row(f"{name}* ({len(members)})", sum(d.gold for d in members),
                             sum(d.predicted for d in members), _sum(d.strict for d in members),
                             _sum(d.pair for d in members), _modality_sum(members), _date_sum(members)))
    kinds = report.date_kinds()
    if kinds:
        total = sum(kinds.values())
        lines.append("statement dates: " + ", ".join(f"{k} {n} ({n / total:.0%})" for k, n in kinds.items()))
    if report.ignored_docs:
        lines.append(f"not scored (no gold file): {', '.join(map(str, report.ignored_docs))}")
    if report.unscored_statements:
        lines.append(f"statements with predicates outside the core vocabulary: {report.unscored_statements}")
    return "\n".join(lines)


def format_rules(report: Report) -> str:
    """True and false positives per rule family, then per rule, most productive first."""
    rules = report.rules()
    families: dict[str, Counts] = {}
    for rule, counts in rules.items():
        families.setdefault(rule_family(rule), Counts())
        families[rule_family(rule)] += counts
    lines = [f"{'rule family / rule':<48} {'tp':>5} {'fp':>5} {'P':>6}", "-" * 67]
    for family, total in sorted(families.items(), key=lambda kv: (-kv[1].tp, kv[0])):
        lines.append(f"{family:<48} {total.tp:>5} {total.fp:>5} {total.precision:6.3f}")
        members = [(r, c) for r, c in rules.items() if rule_family(r) == family]
        for rule, counts in sorted(members, key=lambda rc: (-rc[1].tp, rc[1].fp, rc[0])):
            lines.append(f"  {rule[:46]:<46} {counts.tp:>5} {counts.fp:>5} {counts.precision:6.3f}")
    return "\n".join(lines)


def format_errors(report: Report) -> str:
    """False positives, false negatives and wrong modalities per document."""
    lines = []
    for d in report.documents.values():
        lines.append(f"\n== {d.doc}")
        for title, items in (("false positives", d.false_positives), ("false negatives", d.false_negatives),
                             ("wrong modality", d.wrong_modality), ("wrong date", d.wrong_date)):
            lines.append(f"-- {title} ({len(items)})")
            for item in items:
                modality = item.get("modality") or "/".join(m for m in item.get("modalities", []) if m)
                extra = f" (gold: {'/'.join(item['gold_modalities'])})" if "gold_modalities" in item else ""
                if "gold_dates" in item:
                    extra = (f" date {item['date']} ({item.get('date_kind')}"
                             f"{' from ' + repr(item['date_text']) if item.get('date_text') else ''}),"
                             f" gold {'/'.join(item['gold_dates'])}")
                flag = "" if item.get("resolved", True) else "  [name not in gold]"
                lines.append(f"  {item['s']} | {item['p']} | {item['o']} | {modality}{extra}{flag}")
                if item.get("sentence"):
                    lines.append(f"      {' '.join(item['sentence'].split())[:160]}")
    return "\n".join(lines).lstrip("\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m extract.evaluate",
                                     description="Score extracted statements against gold files.")
    parser.add_argument("--gold", required=True, metavar="DIR", help="folder of gold *.json files")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="documents to extract from (default: DIR/../seeds/<doc> for each gold file)")
    parser.add_argument("--pred", metavar="FILE.jsonl", help="score this extraction output instead")
    parser.add_argument("--doc-dates", metavar="FILE.md",
                        help="documents' dates, as a user would give them: a Markdown table with a 'file' "
                             "and a 'date' column (the date cell starts with YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--errors", action="store_true",
                        help="also list false positives/negatives and wrong modalities per document")
    parser.add_argument("--by-rule", action="store_true",
                        help="also print true and false positives per rule family and per rule")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.pred and args.paths:
        parser.error("give either PATH... or --pred, not both")
    try:
        gold = load_gold(args.gold)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    errors: list[str] = []
    try:
        doc_dates = load_doc_dates(args.doc_dates) if args.doc_dates else {}
        if args.pred:
            predictions = load_predictions(args.pred)
        else:
            paths = args.paths or _default_paths(Path(args.gold), gold, errors)
            predictions, read_errors = predict(paths, doc_dates=doc_dates) if paths else ([], [])
            errors += read_errors
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ExtractorUnavailable as exc:
        print(f"error: cannot load the extractor: {exc}", file=sys.stderr)
        return 1
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    report = score(gold, predictions)
    if args.json:
        print(json.dumps(report.to_dict(errors=args.errors), ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
        if args.by_rule:
            print()
            print(format_rules(report))
        if args.errors:
            print(format_errors(report))
    return 1 if errors else 0


def _default_paths(gold_dir: Path, gold: list[dict], errors: list[str]) -> list[Path]:
    seeds = gold_dir.resolve().parent / "seeds"
    paths = []
    for g in gold:
        path = seeds / g["doc"]
        if path.is_file():
            paths.append(path)
        else:
            errors.append(f"{path}: document of gold file {g['doc']!r} not found")
    return paths


if __name__ == "__main__":
    raise SystemExit(main())
