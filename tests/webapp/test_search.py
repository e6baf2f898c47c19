"""Entity search: names and aliases, ranked, with the alias that matched."""
from __future__ import annotations

from webapp.search import Match, find, fold

NAMES = {"ru": "Russia", "us": "United States", "ua": "Ukraine", "mo": "Moldova", "ms": "Moscow Summit",
         "er": "Recep Tayyip Erdoğan"}
ALIASES = {"ru": ["Moscow", "the Kremlin", "Russian Federation"], "us": ["Washington", "U.S.", "USA"],
           "ua": ["Kyiv", "Kiev"]}


def test_alias_match_says_which_alias():
    assert find("moscow", NAMES, ALIASES) == [Match("ru", "Russia", "Moscow"), Match("ms", "Moscow Summit")]


def test_exact_before_prefix_before_word_before_substring():
    names = {"a": "Treaty Organisation", "b": "Organisation", "c": "Organisations Council", "d": "Reorganisation"}
    assert [m.id for m in find("organisation", names, {})] == ["b", "c", "a", "d"]


def test_nothing_unrelated_and_empty_query():
    assert find("kremlin", NAMES, ALIASES) == [Match("ru", "Russia", "the Kremlin")]
    assert find("zzz", NAMES, ALIASES) == []
    assert find("   ", NAMES, ALIASES) == []


def test_case_accents_and_apostrophes_fold():
    assert fold("Erdogan") == fold("ERDOĞAN")
    assert find("erdogan", NAMES, ALIASES)[0].id == "er"
    assert fold("Côte d\u2019Ivoire") == fold("cote d'ivoire")


def test_limit():
    names = {str(i): f"State {i}" for i in range(30)}
    assert len(find("state", names, {}, limit=5)) == 5
