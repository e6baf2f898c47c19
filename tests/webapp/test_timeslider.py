"""Explore's time slider on a graph of our own dated sentences (real spaCy, real store): the
window decides which relationships are drawn and the count it shows, the reported-dates toggle
changes both, Play's step moves the window, and the URL keeps the window."""
from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from services.sources import extract_sources, find_sources
from webapp import timeslider, viz
from tests.webapp.conftest import graph_data, page, texts

BOTH_ENGINES = True  # the time slider reads statements with its own query: both engines answer it

#: File names carry the document dates: a sentence without a date of its own is "reported" then.
DOCUMENTS = {
    "2018-03-09-pacific.txt": "Japan signed the Comprehensive and Progressive Agreement for Trans-Pacific "
                              "Partnership in March 2018.",
    "2020-06-15-skies.txt": "Germany supports the Open Skies Treaty.",
    "2020-11-05-climate.txt": "The United States withdrew from the Paris Agreement in November 2020.",
    "2021-01-04-skies.txt": "Russia withdrew from the Treaty on Open Skies in December 2020.",
    "2022-02-10-climate.txt": "France supports the Paris Agreement.",
}


@pytest.fixture(scope="module")
def app_results(extractor):
    folder = Path(tempfile.mkdtemp(prefix="tkg-slider-"))
    for name, text in DOCUMENTS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    results = list(extract_sources(find_sources([folder]), extractor))
    kinds = {s.subject.id: s.date_kind for r in results for s in r.statements}
    assert kinds == {"japan": "stated", "germany": "reported", "united_states": "stated", "russia": "stated",
                     "france": "reported"}, kinds  # the corpus is what the tests below assume
    return results


def drawn(at) -> set[tuple[str, str, str]]:
    return {viz.parse_relationship_id(r["id"]) for r in graph_data(at)["relationships"]}


def graph_data_or_none(at):
    """The graph widget's data, None when no graph is drawn."""
    try:
        return graph_data(at)
    except IndexError:
        return None


def slider(at):
    return at.select_slider[0]


def said(at) -> str:
    """What the page writes, bold marks left out."""
    return texts(at).replace("**", "")


def url(at) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def choose(at, unit: str):
    at.button_group(key=timeslider.UNIT).set_value(unit).run()
    assert not at.exception, at.exception
    return at


def test_the_window_decides_what_is_drawn_and_the_count_shown(app_env):
    at = page("explore").run()
    assert not at.exception
    everything = drawn(at)
    assert ("germany", "SUPPORTS", "open_skies_treaty") in everything and len(everything) >= 5
    at = choose(at, "year")
    assert slider(at).value == ("2018", "2018")
    assert {t for _, t, _ in drawn(at)} <= {"SIGNS", "PARTY_TO"} and drawn(at)
    assert all(s == "japan" for s, _, _ in drawn(at))
    assert "2018: 2 statements on 2 relationships" in said(at)

    slider(at).set_value(("2020", "2020")).run()
    assert drawn(at) == {("germany", "SUPPORTS", "open_skies_treaty"),
                         ("united_states", "WITHDRAWS_FROM", "paris_agreement"),
                         ("russia", "WITHDRAWS_FROM", "open_skies_treaty")}
    assert "2020: 3 statements on 3 relationships" in said(at)
    assert url(at).get("when") == ["2020"]

    at.checkbox(key=timeslider.REPORTED).uncheck().run()  # Germany's date is only its article's
    assert drawn(at) == {("united_states", "WITHDRAWS_FROM", "paris_agreement"),
                         ("russia", "WITHDRAWS_FROM", "open_skies_treaty")}
    assert "2020: 2 statements on 2 relationships · 1 reported statement left out" in said(at)
    assert url(at).get("reported") == ["no"]

    slider(at).set_value(("2018", "2022")).run()
    assert ("france", "SUPPORTS", "paris_agreement") not in drawn(at)
    at.checkbox(key=timeslider.REPORTED).check().run()
    assert drawn(at) == everything
    assert "2018 – 2022: " in said(at) and url(at).get("when") == ["2018..2022"]

    choose(at, timeslider.ALL)
    assert drawn(at) == everything and "when" not in url(at)


def test_months_and_a_step_of_play(app_env):
    at = choose(page("explore").run(), "month")
    assert slider(at).value == ("2018-03", "2018-03")
    slider(at).set_value(("2019-01", "2019-02")).run()
    assert not graph_data_or_none(at)
    assert "No relationship in view has a statement dated in 2019-01 – 2019-02." in said(at)
    slider(at).set_value(("2020-10", "2020-11")).run()
    assert drawn(at) == {("united_states", "WITHDRAWS_FROM", "paris_agreement")}
    # what Play does between two of its reruns: a step is due, the window moves one month on
    at.session_state[timeslider.PLAYING] = True
    at.session_state[timeslider.STEPPED] = 0.0
    at.run()
    assert slider(at).value == ("2020-11", "2020-12")
    assert drawn(at) == {("united_states", "WITHDRAWS_FROM", "paris_agreement"),
                         ("russia", "WITHDRAWS_FROM", "open_skies_treaty")}
    assert "playing" in said(at) and at.button(key="explore.when.play").label == "Pause"
    at.button(key="explore.when.play").click().run()  # Pause
    assert at.session_state[timeslider.PLAYING] is False
    assert slider(at).value == ("2020-11", "2020-12")


def test_a_link_keeps_the_window(app_env):
    at = page("explore")
    at.query_params["when"] = "2020-11"
    at.query_params["reported"] = "no"
    at.run()
    assert not at.exception
    assert at.button_group(key=timeslider.UNIT).value == "month"
    assert drawn(at) == {("united_states", "WITHDRAWS_FROM", "paris_agreement")}
    assert url(at) == {"when": ["2020-11"], "reported": ["no"]}
    assert not at.warning  # the controls took the link's values without complaint

    old = page("explore")
    old.query_params["years"] = "2018-2019"  # a link from before the time slider
    old.run()
    assert slider(old).value == ("2018", "2019")
    assert {s for s, _, _ in drawn(old)} == {"japan"}
    assert url(old) == {"when": ["2018..2019"]}
