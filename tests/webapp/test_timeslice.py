"""The time slider's logic without Streamlit: windows, periods, steps and the sliced graph."""
from __future__ import annotations

import networkx as nx

from webapp.timeslice import Window, cut, dates_between, decode, encode, fit, filled, in_view, periods, start, step


def test_a_window_holds_every_date_it_overlaps():
    """A date is the interval its precision gives it: "2019" may be any month of 2019."""
    year, months = Window("2019", "2020"), Window("2019-03", "2019-04")
    assert year.holds("2019") and year.holds("2020-12-31") and not year.holds("2021-01")
    assert months.holds("2019-04-30") and not months.holds("2019-05") and not months.holds("2019-02-28")
    assert months.holds("2019") and not months.holds("2018") and not months.holds("2020")
    assert Window("2018-12", "2019-01").holds("2018") and Window("2018-12", "2019-01").holds("2019")
    assert not year.holds(None) and year.unit == "year" and months.unit == "month"


def test_url_values():
    for window in (Window("2019", "2019"), Window("2019", "2021"), Window("2019-11", "2020-02")):
        assert decode(encode(window)) == window
    assert encode(Window("2019", "2019")) == "2019" and encode(None) is None
    for bad in ("", "2021..2019", "2019..2019-05", "2019-00", "19", "2019-1"):
        assert decode(bad) is None, bad


def test_periods_cover_the_gaps_and_steps_keep_the_width():
    assert periods(["2018-11-02", "2019-02"], "month") == ["2018-11", "2018-12", "2019-01", "2019-02"]
    assert periods(["2018-11-02", "2019"], "month")[-1] == "2019-12"  # the year spans its months
    assert filled(["2018-11-02", "2019"], "month") == {"2018-11", *(f"2019-{m:02d}" for m in range(1, 13))}
    assert filled(["2018-11-02", "2019"], "year") == {"2018", "2019"}
    years = periods(["2016", "2019-05"], "year")
    assert years == ["2016", "2017", "2018", "2019"]
    assert step(Window("2016", "2017"), years) == Window("2017", "2018")
    assert step(Window("2018", "2019"), years) is None
    assert start(Window("2018", "2019"), years) == Window("2016", "2017")
    assert fit(Window("2010", "2030"), years) == Window("2016", "2019")
    assert fit(Window("2019-01", "2019-01"), years) is None


def test_play_passes_over_windows_that_hold_no_statement():
    years = periods(["1990", "1991", "2005", "2006"], "year")
    filled = frozenset({"1990", "1991", "2005", "2006"})
    assert step(Window("1991", "1991"), years, filled) == Window("2005", "2005")
    assert step(Window("1990", "1991"), years, filled) == Window("1991", "1992")  # still holds 1991
    assert step(Window("2006", "2006"), years, filled) is None
    assert step(Window("1991", "1991"), years) == Window("1992", "1992")  # without the filled set: every year


def test_cut_keeps_relationships_with_a_statement_in_the_window():
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(["a", "b", "c"])
    graph.add_edge("a", "b", key="P", predicate="p", symmetric=False, count=3, modalities=["asserted", "negated"])
    graph.add_edge("a", "c", key="Q", predicate="q", symmetric=True, count=1, modalities=["asserted"])
    rows = [{"subject": "a", "predicate": "p", "object": "b", "date": "2019-05", "date_kind": "stated",
             "modality": "negated", "doc": "d1"},
            {"subject": "a", "predicate": "p", "object": "b", "date": "2021", "date_kind": "reported",
             "modality": "asserted", "doc": "d2"},
            {"subject": "c", "predicate": "q", "object": "a", "date": "2021-02", "date_kind": "resolved",
             "modality": "asserted", "doc": "d1"},
            {"subject": "b", "predicate": "p", "object": "a", "date": "2021", "date_kind": "stated",
             "modality": "asserted", "doc": "d1"}]  # not a relationship of the graph
    dated = in_view(graph, rows)
    assert len(dated) == 3
    early = cut(graph, dated, Window("2019", "2019"), reported=True)
    assert list(early.graph.edges(keys=True)) == [("a", "b", "P")] and early.statements == 1
    assert early.graph.edges["a", "b", "P"]["modalities"] == ["negated"]
    late = cut(graph, dated, Window("2021", "2021"), reported=False)
    assert list(late.graph.edges(keys=True)) == [("a", "c", "Q")] and late.left_out == 1
    assert set(late.graph.nodes) == {"a", "b", "c"}  # the page decides which entities to draw
    assert len(in_view(graph, rows, documents=["d2"])) == 1
    assert len(in_view(graph, rows, modalities=["negated"])) == 1


def test_dates_between_the_entities_of_a_focus():
    dated = [(("a", "b", "P"), {"date": "2019-05"}), (("b", "c", "Q"), {"date": "2021"}),
             (("a", "b", "P"), {"date": "2018"})]
    assert dates_between(dated, ["a", "b"]) == ["2018", "2019-05"]
    assert dates_between(dated, ["a", "c"]) == []
