"""Statement dates from the real pipeline (own sentences): the sentence's date, a relative one
resolved against the document date, or the document date as the date it was reported."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from extract.reader import open_text
from extract.timeline import with_user_date

SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def extract(extractor, text: str, date: str | None):
    opened = open_text(text, "dated.txt")
    return extractor.extract_paragraphs(opened.paragraphs(), with_user_date(opened.document, date)).statements


def by_key(statements):
    return {(s.subject.name, s.predicate, s.object.name): s for s in statements}


def test_every_statement_of_a_dated_document_has_a_date(extractor):
    text = ("Norway criticized Russia.\n\nChile signed the Arctic Accord in 2011, and Peru joined it the following "
            "year.\n\nDenmark said on Tuesday that it supports NATO. Finland also backs the alliance.")
    statements = extract(extractor, text, "2019-05-15")
    assert len(statements) >= 5
    assert all(s.date and s.date_kind in ("stated", "resolved", "reported") for s in statements)
    found = by_key(statements)
    assert (found["Norway", "criticizes", "Russia"].date, found["Norway", "criticizes", "Russia"].date_kind) == \
        ("2019-05-15", "reported")
    assert found["Chile", "signs", "Arctic Accord"].date == "2011"
    assert found["Chile", "signs", "Arctic Accord"].date_kind == "stated"
    peru = next(s for k, s in found.items() if k[0] == "Peru")
    assert (peru.date, peru.date_kind, peru.date_text) == ("2012", "resolved", "the following year")
    denmark = found["Denmark", "supports", "NATO"]
    assert (denmark.date, denmark.date_kind, denmark.date_text) == ("2019-05-14", "resolved", "on Tuesday")


def test_without_a_document_date_only_the_sentences_dates(extractor):
    statements = extract(extractor, "Norway criticized Russia on Monday. Chile signed the Arctic Accord in 2011.",
                         None)
    found = by_key(statements)
    assert found["Norway", "criticizes", "Russia"].date is None
    assert found["Norway", "criticizes", "Russia"].date_kind is None
    assert found["Chile", "signs", "Arctic Accord"].date == "2011"


def test_a_year_inside_a_name_does_not_date_the_act(extractor):
    found = by_key(extract(extractor, "Peru withdrew from the 2015 Arctic Accord.", "2019-05-15"))
    withdrawal = found["Peru", "withdraws_from", "Arctic Accord"]
    assert (withdrawal.date, withdrawal.date_kind) == ("2019-05-15", "reported")
    found = by_key(extract(extractor, "Peru withdrew in 2018 from the 2015 Arctic Accord.", "2019-05-15"))
    assert found["Peru", "withdraws_from", "Arctic Accord"].date == "2018"


def test_a_day_soon_after_the_document_date_is_in_its_year(extractor):
    found = by_key(extract(extractor, "Chile will meet Peru in Lima on June 16.", "2021-06-07"))
    meeting = next(s for k, s in found.items() if k[1] == "negotiates_with")
    assert (meeting.date, meeting.date_kind, meeting.date_text) == ("2021-06-16", "resolved", "June 16")


def test_the_verb_tense_not_the_modality_reads_a_weekday(extractor):
    # Announced on Saturday (past), the deployment is planned: the Saturday is the one before.
    found = by_key(extract(extractor, "Russia announced on Saturday that it would deploy troops to Belarus.",
                           "2019-05-15"))
    deploys = found["Russia", "deploys_to", "Belarus"]
    assert (deploys.date, deploys.modality) == ("2019-05-11", "intended")


def test_sample_corpus_statements_are_all_dated(extractor):
    from services.sources import extract_sources, find_sources

    results = list(extract_sources(find_sources([SAMPLE]), extractor))
    assert results and all(r.document.date for r in results)
    undated = [(r.document.path, s.sentence[:60]) for r in results for s in r.statements if not s.date]
    assert undated == []


@pytest.mark.skipif(not (SHARED / "devset" / "SOURCES.md").is_file(), reason="../shared/devset not present")
def test_devset_statements_are_all_dated_with_the_sources_dates(extractor):
    from extract.evaluate import load_doc_dates, predict

    dates = load_doc_dates(SHARED / "devset" / "SOURCES.md")
    paths = sorted((SHARED / "devset").glob("dev_*.txt"))
    assert len(dates) == len(paths)
    records, errors = predict(paths, extractor=extractor, doc_dates=dates)
    assert not errors and records
    assert [r for r in records if not r["date"]] == []
    assert {r["date_kind"] for r in records} == {"stated", "resolved", "reported"}


def test_cli_date_option(tmp_path):
    import os
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    doc = tmp_path / "a.txt"
    doc.write_text("Norway criticized Russia on Monday.\n", encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "extract", *args, str(doc)], cwd=repo, capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(repo)}, timeout=600)

    bad = run("--date", "15.05.2019")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines()[-1] == \
        "python -m extract: error: --date '15.05.2019' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"
    good = run("--date", "2019-05-15")
    assert good.returncode == 0, good.stderr
    (record,) = [json.loads(line) for line in good.stdout.splitlines()]
    assert (record["date"], record["date_kind"], record["date_text"]) == ("2019-05-13", "resolved", "on Monday")
    undated = run()
    (record,) = [json.loads(line) for line in undated.stdout.splitlines()]
    assert (record["date"], record["date_kind"]) == (None, None)


def test_a_membership_a_noun_describes_is_not_dated_by_the_sentence_verb(extractor):
    text = ("Chile was invited to enter the Pacific Alliance on March 3, 2025, joining current members "
            "Brazil and Ecuador.")
    found = by_key(extract(extractor, text, "2024-11-20"))
    brazil = found[("Brazil", "member_of", "Pacific Alliance")]
    assert brazil.date_kind == "reported" and brazil.date == "2024-11-20"
