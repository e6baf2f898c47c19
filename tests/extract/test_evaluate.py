"""Scoring against gold: name resolution, symmetric predicates, dedup, unscored predicates, modality."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extract.evaluate import (
    CORE_PREDICATES, SYMMETRIC_PREDICATES, EntityIndex, InputError, load_doc_dates, load_gold, load_predictions,
    normalise_name, score, scored_vocabulary,
)
from ontology.records import Entity, Statement

REPO = Path(__file__).resolve().parents[2]
SHARED_GOLD = REPO.parent / "shared" / "gold"


def gold_doc(doc: str = "a.txt", triples=()) -> dict:
    return {
        "doc": doc,
        "entities": [
            {"name": "United States", "type": "State", "aliases": ["U.S.", "Washington", "the US"]},
            {"name": "Russia", "type": "State", "aliases": ["Moscow", "the Kremlin"]},
            {"name": "NATO", "type": "InternationalOrganization", "aliases": ["Nato", "the Alliance"]},
            {"name": "Open Skies Treaty", "type": "Treaty", "aliases": ["Treaty on Open Skies"]},
            {"name": "Japan", "type": "State", "aliases": ["Tokyo"]},
        ],
        "triples": [dict(zip(("s", "p", "o", "modality"), t), attributed_to=None, sentence="...")
                    for t in triples],
    }


def pred(s: str, p: str, o: str, modality: str = "asserted", doc: str = "a.txt") -> dict:
    return {"doc": doc, "subject": s, "predicate": p, "object": o, "modality": modality}


VOCAB = dict(predicates=CORE_PREDICATES, symmetric=SYMMETRIC_PREDICATES)


# ----------------------------------------------------------------------------- names

@pytest.mark.parametrize("name, key", [
    ("The U.S.", "us"),
    ("U.S.'s", "us"),
    ("Russia\u2019s", "russia"),
    ("NATO", "nato"),
    ("  the   Alliance ", "alliance"),
    ("Treaty on Open-Skies", "treaty on open skies"),
    ("\uff2e\uff21\uff34\uff2f", "nato"),  # full-width letters (NFKC)
    ("Recep Tayyip Erdo\u011fan", "recep tayyip erdo\u011fan"),
    ("Theresa May", "theresa may"),  # only a leading "the " word is dropped
])
def test_normalise_name(name, key):
    assert normalise_name(name) == key


def test_entity_index_resolves_names_and_aliases_names_first():
    index = EntityIndex([{"name": "Georgia", "aliases": ["Tbilisi"]},
                         {"name": "US state", "aliases": ["Georgia"]}])
    assert index.resolve("georgia") == "Georgia"
    assert index.resolve("Tbilisi") == "Georgia"
    assert index.resolve("Atlanta") is None and index.resolve(None) is None


def test_vocabulary_is_the_22_core_predicates():
    predicates, symmetric = scored_vocabulary()
    assert predicates == CORE_PREDICATES and len(predicates) == 22
    assert symmetric == SYMMETRIC_PREDICATES


# ----------------------------------------------------------------------------- scoring

def test_alias_resolution_matches():
    gold = gold_doc(triples=[("United States", "withdraws_from", "Open Skies Treaty", "intended")])
    report = score([gold], [pred("Washington", "withdraws_from", "Treaty on Open Skies", "intended")], **VOCAB)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (1, 0, 0)
    assert report.strict.f1 == 1.0


def test_symmetric_predicates_match_in_either_order_others_do_not():
    gold = gold_doc(triples=[("NATO", "cooperates_with", "Japan", "asserted"),
                             ("Russia", "opposes", "NATO", "asserted")])
    report = score([gold], [pred("Tokyo", "cooperates_with", "Nato"), pred("NATO", "opposes", "Moscow")], **VOCAB)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (1, 1, 1)
    # The reversed opposes still has the right pair.
    assert (report.pair.tp, report.pair.fp, report.pair.fn) == (2, 0, 0)


def test_predictions_are_deduplicated_per_document():
    gold = gold_doc(triples=[("Russia", "criticizes", "NATO", "asserted")])
    preds = [pred("Russia", "criticizes", "NATO"), pred("Moscow", "criticizes", "the Alliance"),
             pred("the Kremlin", "criticizes", "Nato", "alleged"),
             pred("Atlantis", "attacks", "NATO"), pred("atlantis", "attacks", "Nato")]
    report = score([gold], preds, **VOCAB)
    doc = report.documents["a.txt"]
    assert (doc.strict.tp, doc.strict.fp, doc.strict.fn) == (1, 1, 0)
    assert doc.predicted == 2


def test_gold_duplicates_with_two_modalities_count_once_and_either_modality_is_right():
    gold = gold_doc(triples=[("United States", "withdraws_from", "Open Skies Treaty", "intended"),
                             ("United States", "withdraws_from", "Open Skies Treaty", "asserted")])
    report = score([gold], [pred("U.S.", "withdraws_from", "Open Skies Treaty", "asserted")], **VOCAB)
    assert report.documents["a.txt"].gold == 1
    assert (report.strict.tp, report.strict.fn) == (1, 0)
    assert (report.modality.correct, report.modality.total) == (1, 1)


def test_unscored_predicates_are_ignored_on_both_sides():
    gold = gold_doc(triples=[("Russia", "hosts", "NATO", "asserted"), ("Russia", "opposes", "NATO", "asserted")])
    preds = [pred("Russia", "hosts", "NATO"), pred("Nobody", "praises", "Nothing"), pred("Russia", "opposes", "NATO")]
    report = score([gold], preds, **VOCAB)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (1, 0, 0)
    assert report.unscored_statements == 2


def test_unresolved_names_are_false_positives():
    gold = gold_doc(triples=[("Russia", "opposes", "NATO", "asserted")])
    report = score([gold], [pred("Russia", "opposes", "NATO"), pred("Russia", "opposes", "Atlantis")], **VOCAB)
    doc = report.documents["a.txt"]
    assert (doc.strict.tp, doc.strict.fp) == (1, 1)
    assert (doc.pair.tp, doc.pair.fp) == (1, 1)
    (fp,) = doc.false_positives
    assert fp["o"] == "Atlantis" and fp["resolved"] is False


def test_modality_accuracy_over_matched_triples():
    gold = gold_doc(triples=[("Russia", "opposes", "NATO", "asserted"),
                             ("United States", "withdraws_from", "Open Skies Treaty", "intended"),
                             ("Russia", "attacks", "Japan", "possible")])
    preds = [pred("Russia", "opposes", "NATO", "asserted"),
             pred("U.S.", "withdraws_from", "Open Skies Treaty", "asserted"),
             pred("Japan", "attacks", "Russia", "possible")]  # not a match: modality not counted
    report = score([gold], preds, **VOCAB)
    assert (report.modality.correct, report.modality.total) == (1, 2)
    assert report.modality.accuracy == 0.5
    (wrong,) = report.documents["a.txt"].wrong_modality
    assert wrong["gold_modalities"] == ["intended"]


def test_date_accuracy_over_matched_triples_whose_gold_has_a_date():
    gold = gold_doc(triples=[("Russia", "opposes", "NATO", "asserted"),
                             ("United States", "withdraws_from", "Open Skies Treaty", "asserted"),
                             ("Russia", "attacks", "Japan", "asserted")])
    gold["triples"][0]["date"] = "2018"
    gold["triples"][1]["date"] = "2020-05-22"
    preds = [dict(pred("Russia", "opposes", "NATO"), date="2018", date_kind="stated"),
             dict(pred("U.S.", "withdraws_from", "Open Skies Treaty"), date="2020-05-21", date_kind="reported"),
             dict(pred("Russia", "attacks", "Japan"), date="1999", date_kind="stated"),  # gold has no date
             dict(pred("NATO", "supports", "Japan"), date=None, date_kind=None)]
    report = score([gold], preds, **VOCAB)
    assert (report.dates.correct, report.dates.total) == (1, 2)
    (wrong,) = report.documents["a.txt"].wrong_date
    assert (wrong["date"], wrong["gold_dates"]) == ("2020-05-21", ["2020-05-22"])
    assert report.date_kinds() == {"none": 1, "reported": 1, "stated": 2}


def test_doc_dates_from_a_markdown_table(tmp_path):
    table = tmp_path / "SOURCES.md"
    table.write_text("# Sources\n\nSome text | with a bar.\n\n| file | topic | date |\n|---|---|---|\n"
                     "| one.txt | a | 2021-06-07 (talks on Monday) |\n| sub/two.txt | b | 2020-12 |\n"
                     "| three.txt | c | unknown |\n\n| name | when |\n|---|---|\n| x.txt | 2001 |\n",
                     encoding="utf-8")
    assert load_doc_dates(table) == {"one.txt": "2021-06-07", "two.txt": "2020-12"}
    bad = tmp_path / "bad.md"
    bad.write_text("| file | date |\n|---|---|\n| one.txt | 2021-02-30 |\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.md:3: not a calendar date: '2021-02-30'"):
        load_doc_dates(bad)
    none = tmp_path / "none.md"
    none.write_text("| a | b |\n|---|---|\n", encoding="utf-8")
    with pytest.raises(InputError, match="no Markdown table with 'file' and 'date' columns"):
        load_doc_dates(none)
    with pytest.raises(InputError, match="cannot read document dates"):
        load_doc_dates(tmp_path / "missing.md")


def test_pair_scores_ignore_the_predicate_and_deduplicate():
    gold = gold_doc(triples=[("Russia", "criticizes", "NATO", "asserted"), ("Russia", "opposes", "NATO", "asserted")])
    report = score([gold], [pred("NATO", "threatens", "Russia")], **VOCAB)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (0, 1, 2)
    assert (report.pair.tp, report.pair.fp, report.pair.fn) == (1, 0, 0)


def test_micro_sums_documents_and_unknown_documents_are_ignored():
    gold_a = gold_doc("a.txt", [("Russia", "opposes", "NATO", "asserted"), ("NATO", "supports", "Japan", "asserted")])
    gold_b = gold_doc("b.txt", [("Japan", "member_of", "NATO", "negated")])
    preds = [pred("Russia", "opposes", "NATO"), pred("Japan", "member_of", "NATO", "negated", doc="b.txt"),
             pred("Japan", "member_of", "NATO", doc="elsewhere.txt"),
             pred("NATO", "supports", "Japan", doc="/some/dir/a.html")]  # same stem, other extension
    report = score([gold_a, gold_b], preds, **VOCAB)
    assert (report.strict.tp, report.strict.fp, report.strict.fn) == (3, 0, 0)
    assert report.ignored_docs == ["elsewhere.txt"]
    no_preds = score([gold_a, gold_b], [], **VOCAB)
    assert (no_preds.strict.tp, no_preds.strict.fn) == (0, 3)
    assert no_preds.strict.precision == 0.0 and no_preds.strict.f1 == 0.0


def test_statement_objects_are_accepted():
    russia = Entity("russia", "Russia", "State")
    nato = Entity("nato", "NATO", "InternationalOrganization")
    gold = gold_doc(triples=[("Russia", "opposes", "NATO", "asserted")])
    statement = Statement(doc="a.txt", subject=russia, predicate="opposes", object=nato)
    assert score([gold], [statement], **VOCAB).strict.tp == 1


def test_report_dict_structure():
    gold = gold_doc(triples=[("Russia", "opposes", "NATO", "asserted")])
    report = score([gold], [pred("Russia", "opposes", "NATO"), pred("Russia", "attacks", "Japan")], **VOCAB)
    data = report.to_dict(errors=True)
    assert set(data) == {"micro", "groups", "rules", "documents", "predicates", "ignored_docs",
                         "unscored_statements"}
    assert set(data["micro"]) == {"documents", "gold", "predicted", "strict", "pair", "modality", "date",
                                  "date_kinds"}
    assert set(data["micro"]["strict"]) == {"tp", "fp", "fn", "precision", "recall", "f1"}
    assert data["micro"]["strict"]["precision"] == 0.5
    (doc,) = data["documents"]
    assert len(doc["false_positives"]) == 1 and doc["false_negatives"] == []
    json.dumps(data)


# ----------------------------------------------------------------------------- inputs

def test_bad_prediction_lines_name_the_file_and_line(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(pred("a", "opposes", "b")) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"p\.jsonl:3: invalid JSON"):
        load_predictions(path)
    path.write_text('{"doc": "a.txt"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"p\.jsonl:1: not an extraction record"):
        load_predictions(path)


def test_gold_folder_problems(tmp_path):
    with pytest.raises(InputError, match="gold folder not found"):
        load_gold(tmp_path / "missing")
    with pytest.raises(InputError, match="no gold files"):
        load_gold(tmp_path)
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    with pytest.raises(InputError, match="not a gold file"):
        load_gold(tmp_path)


# ----------------------------------------------------------------------------- command line

def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "extract.evaluate", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def test_command_scores_a_prediction_file(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = gold_doc(triples=[("Russia", "opposes", "NATO", "asserted"), ("NATO", "supports", "Japan", "intended")])
    (gold_dir / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    (gold_dir / "NOTES.md").write_text("not a gold file", encoding="utf-8")
    preds = tmp_path / "pred.jsonl"
    preds.write_text("\n".join(json.dumps(p) for p in [pred("Moscow", "opposes", "Nato"),
                                                       pred("Russia", "attacks", "Japan")]), encoding="utf-8")

    table = run("--gold", str(gold_dir), "--pred", str(preds), "--errors")
    assert table.returncode == 0, table.stderr
    assert "micro" in table.stdout and "a.txt" in table.stdout
    assert "false negatives (1)" in table.stdout and "NATO | supports | Japan" in table.stdout

    as_json = run("--gold", str(gold_dir), "--pred", str(preds), "--json")
    data = json.loads(as_json.stdout)
    assert data["micro"]["strict"] == {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5, "f1": 0.5}

    usage = run("--gold", str(gold_dir), "--pred", str(preds), "some/doc.txt")
    assert usage.returncode == 2
    missing = run("--gold", str(tmp_path / "nope"))
    assert missing.returncode == 2 and "gold folder not found" in missing.stderr
    assert "Traceback" not in usage.stderr + missing.stderr


def test_command_extracts_documents_named_on_the_command_line(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a.json").write_text(json.dumps(gold_doc(triples=[("Russia", "opposes", "NATO", "asserted")])),
                                     encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Russia strongly opposes NATO, its foreign ministry said.\n", encoding="utf-8")
    proc = run("--gold", str(gold_dir), str(doc), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [d["doc"] for d in data["documents"]] == ["a.txt"]
    assert data["documents"][0]["gold"] == 1


def test_command_resolves_dates_against_doc_dates(tmp_path):
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    gold = gold_doc(triples=[("Russia", "opposes", "NATO", "asserted")])
    gold["triples"][0]["date"] = "2019-05-13"
    (gold_dir / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    doc = tmp_path / "a.txt"
    doc.write_text("Russia said on Monday that it strongly opposes NATO.\n", encoding="utf-8")
    dates = tmp_path / "dates.md"
    dates.write_text("| file | date |\n|---|---|\n| a.txt | 2019-05-15 |\n", encoding="utf-8")
    undated = json.loads(run("--gold", str(gold_dir), str(doc), "--json").stdout)
    assert undated["micro"]["date"] == {"correct": 0, "total": 1, "accuracy": 0.0}
    proc = run("--gold", str(gold_dir), str(doc), "--json", "--doc-dates", str(dates))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["micro"]["date"] == {"correct": 1, "total": 1, "accuracy": 1.0}
    table = run("--gold", str(gold_dir), str(doc), "--doc-dates", str(dates))
    assert "1.000 (1/1)" in table.stdout and "statement dates: resolved 1 (100%)" in table.stdout
    missing = run("--gold", str(gold_dir), str(doc), "--doc-dates", str(tmp_path / "nope.md"))
    assert missing.returncode == 1 and "cannot read document dates" in missing.stderr


@pytest.mark.skipif(not SHARED_GOLD.is_dir(), reason="shared gold folder not present")
def test_command_on_the_shared_gold():
    proc = run("--gold", str(SHARED_GOLD), "--json", "--errors")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    gold_files = sorted(SHARED_GOLD.glob("*.json"))
    assert len(data["documents"]) == len(gold_files)
    for doc in data["documents"]:
        assert doc["gold"] > 0
        for part in ("strict", "pair"):
            assert 0.0 <= doc[part]["precision"] <= 1.0 and 0.0 <= doc[part]["recall"] <= 1.0
        assert doc["strict"]["tp"] + doc["strict"]["fn"] == doc["gold"]
        assert doc["strict"]["tp"] + doc["strict"]["fp"] == doc["predicted"]
        assert len(doc["false_negatives"]) == doc["strict"]["fn"]
    assert data["micro"]["gold"] == sum(d["gold"] for d in data["documents"])


# ----------------------------------------------------------------------------- groups and rules

@pytest.mark.parametrize("doc, group", [
    ("dev_a01.txt", "dev_a"), ("dev_c12.txt", "dev_c"), ("folder/dev_b3.json", "dev_b"),
    ("report-7.txt", "report"), ("notes.txt", "notes"), ("000_f1605a.txt", "000_f1605a"),
])
def test_group_of(doc, group):
    from extract.evaluate import group_of
    assert group_of(doc) == group


def test_groups_sum_their_documents_and_rules_count_tp_and_fp():
    from extract.evaluate import format_rules, format_table
    golds = [gold_doc(name, [("Russia", "withdraws_from", "Open Skies Treaty", "asserted")])
             for name in ("x_a1.txt", "x_a2.txt", "x_b1.txt")]
    preds = [
        {**pred("Moscow", "withdraws_from", "Open Skies Treaty", doc="x_a1.txt"), "rule": "verb:withdraw from"},
        {**pred("Japan", "withdraws_from", "Open Skies Treaty", doc="x_a2.txt"), "rule": "verb:withdraw from"},
        {**pred("Russia", "withdraws_from", "Open Skies Treaty", doc="x_b1.txt"), "rule": "noun:withdrawal from"},
    ]
    report = score(golds, preds, **VOCAB)
    groups = report.to_dict()["groups"]
    assert set(groups) == {"x_a", "x_b"}
    assert groups["x_a"]["strict"]["tp"] == 1 and groups["x_a"]["strict"]["fp"] == 1
    assert groups["x_a"]["strict"]["fn"] == 1 and groups["x_b"]["strict"]["tp"] == 1
    rules = report.rules()
    assert (rules["verb:withdraw from"].tp, rules["verb:withdraw from"].fp) == (1, 1)
    assert (rules["noun:withdrawal from"].tp, rules["noun:withdrawal from"].fp) == (1, 0)
    table = format_table(report)
    assert "x_a* (2)" in table and "x_b* (1)" in table
    family_rows = [line.split() for line in format_rules(report).splitlines() if not line.startswith(" ")]
    assert ["verb", "1", "1", "0.500"] in family_rows and ["noun", "1", "0", "1.000"] in family_rows


def test_no_groups_when_every_document_is_its_own():
    report = score([gold_doc("one.txt"), gold_doc("two.txt")], [], **VOCAB)
    assert report.to_dict()["groups"] == {}
