"""Explore's time slider on a graph of our own dated sentences (real spaCy, real store): the
window decides which relationships are drawn and the count it shows, the reported-dates toggle
changes both, a date known only to the year shows in each of its months, the slider spans what
is drawn (the focus), Play's step moves the window at the chosen speed, a click or leaving the
page pauses it, and the URL keeps the window."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from services.sources import extract_sources, find_sources
from webapp import timeslider, viz, visits
from webapp.pages import explore
from tests.webapp.conftest import REPO, TIMEOUT, graph_data, page, texts, widget_id

BOTH_ENGINES = True  # the time slider reads statements with its own query: both engines answer it

#: File names carry the document dates: a sentence without a date of its own is "reported" then.
DOCUMENTS = {
    "2018-03-09-pacific.txt": "Japan signed the Comprehensive and Progressive Agreement for Trans-Pacific "
                              "Partnership in March 2018.",
    "2019-12-20-kyoto.txt": "Canada withdrew from the Kyoto Protocol in 2019.",
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
                     "france": "reported", "canada": "stated"}, kinds  # the corpus is what the tests below assume
    assert {s.date for r in results for s in r.statements if s.subject.id == "canada"} == {"2019"}
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
    slider(at).set_value(("2020-01", "2020-02")).run()
    assert not graph_data_or_none(at)
    assert "No relationship in view has a statement dated in 2020-01 – 2020-02." in said(at)
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
    assert {s for s, _, _ in drawn(old)} == {"japan", "canada"}
    assert url(old) == {"when": ["2018..2019"]}


def test_a_date_known_only_to_the_year_shows_in_each_of_its_months(app_env):
    at = choose(page("explore").run(), "month")
    kyoto = ("canada", "WITHDRAWS_FROM", "kyoto_protocol")  # "in 2019": no month given
    for months in (("2018-12", "2019-01"), ("2019-01", "2019-01"), ("2019-06", "2019-07")):
        slider(at).set_value(months).run()
        assert drawn(at) == {kyoto}, months
    assert "2019-06 – 2019-07: 1 statement on 1 relationship" in said(at)
    slider(at).set_value(("2020-01", "2020-02")).run()
    assert not graph_data_or_none(at)


def test_the_slider_spans_the_dates_of_the_focus(app_env):
    at = choose(page("explore").run(), "year")
    assert slider(at).options[0] == "2018" and slider(at).options[-1] == "2022"
    choose(at, timeslider.ALL)
    at.text_input(key="explore.find").input("Russia").run()
    at.selectbox(key="explore.search").select("russia").run()
    choose(at, "year")
    # drawn: Russia and the Open Skies Treaty, one statement between them, of December 2020
    assert not at.select_slider and "Every dated statement in view is from 2020." in said(at)
    assert drawn(at) == {("russia", "WITHDRAWS_FROM", "open_skies_treaty")}
    choose(at, "month")
    assert "Every dated statement in view is from 2020-12." in said(at)
    at.button(key="explore.reset").click().run()  # the whole graph again: its whole span
    assert slider(at).options[0] == "2018-03" and slider(at).options[-1] == "2022-02"


def test_play_runs_at_the_chosen_speed(app_env):
    at = choose(page("explore").run(), "year")
    speed = at.selectbox(key=timeslider.SPEED)
    assert speed.value == timeslider.DEFAULT_SPEED and list(speed.options) == ["0.5 step/s", "1 step/s",
                                                                                "2 step/s", "4 step/s"]
    at.button(key="explore.when.play").click().run()
    assert at.session_state[timeslider.DECLARED] == 1.0  # the graph reruns by itself every second
    at.selectbox(key=timeslider.SPEED).set_value(4.0).run()  # the page runs again to retime it
    assert at.session_state[timeslider.DECLARED] == 0.25
    assert at.session_state[timeslider.PLAYING] is True
    at.button(key="explore.when.play").click().run()  # Pause
    assert at.session_state[timeslider.DECLARED] is None


def playing_in_2018(at):
    """The slider in years at 2018, playing, with no step due while the test runs."""
    at = choose(at, "year")
    at.session_state[timeslider.PLAYING] = True
    at.session_state[timeslider.STEPPED] = time.monotonic() + 3600
    at.run()
    assert "playing" in said(at) and slider(at).value == ("2018", "2018")
    return at


def test_a_click_while_playing_pauses_and_shows_the_details(app_env):
    at = playing_in_2018(page("explore").run())
    japan = widget_id(at, "japan")
    at.session_state[explore.GRAPH_KEY] = {"last_event": {"type": "node_click", "id": japan},
                                           "selected": {"nodeIds": [japan], "relationshipIds": []}}
    at.run()
    assert not at.exception
    assert at.session_state[timeslider.PLAYING] is False and at.button(key="explore.when.play").label == "Play"
    assert at.subheader[0].value == "Japan" and "playing" not in said(at)
    assert slider(at).value == ("2018", "2018")


def test_coming_back_to_the_page_finds_play_paused(app_env):
    at = playing_in_2018(AppTest.from_file(str(REPO / "app.py"), default_timeout=TIMEOUT).run())
    at.run()  # another run of the page: it plays on
    assert at.session_state[timeslider.PLAYING] is True
    at.session_state[visits.PAGE] = "Query"  # what the navigation recorded while the Query page was shown
    at.run()
    assert not at.exception
    assert at.session_state[timeslider.PLAYING] is False and at.button(key="explore.when.play").label == "Play"
    assert slider(at).value == ("2018", "2018") and "playing" not in said(at)
