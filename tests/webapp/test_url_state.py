"""The Explore view in the URL: a link's filters, entity, focus and saved view are restored, and
the URL follows the view."""
from __future__ import annotations

import pytest

from graph import views
from webapp import timeslice, url_state
from tests.webapp.conftest import graph_data, page, texts


def test_encode_and_decode_are_inverse():
    state = url_state.ExploreState(filters=(("d1",), ("State", "Treaty"), ("withdraws_from",), None, None, None),
                                   entity="russia", focus=("japan", "russia"),
                                   window=timeslice.Window("2019-03", "2020-01"), reported=False)
    assert url_state.encode(state)["when"] == ["2019-03..2020-01"] and url_state.encode(state)["reported"] == ["no"]
    assert url_state.decode(url_state.encode(state)) == state
    viewed = url_state.ExploreState(view="Who left", view_params={"treaty": "INF Treaty"}, entity="russia")
    assert url_state.encode(viewed) == {"view": ["Who left"], "vp.treaty": ["INF Treaty"], "entity": ["russia"]}
    assert url_state.decode(url_state.encode(viewed)) == viewed
    assert url_state.decode({"years": ["2021-2019"]}).window is None
    assert url_state.decode({"years": ["2019-2021"]}).window == timeslice.Window("2019", "2021")  # old links
    assert url_state.decode({"when": ["2019-13"], "reported": ["no"]}) == url_state.ExploreState()


def test_a_link_restores_filters_and_entity_and_the_url_follows(app_env):
    at = page("explore")
    at.query_params["type"] = ["State", "Planet"]
    at.query_params["entity"] = "russia"
    at.run()
    assert not at.exception
    assert at.multiselect(key="filter.types").value == ["State"]
    assert "Planet" in at.warning[0].value
    assert all(n["properties"]["type"] == "State" for n in graph_data(at)["nodes"])
    assert at.subheader[0].value == "Russia"
    assert url(at) == {"type": ["State"], "entity": ["russia"]}
    at.multiselect(key="filter.predicates").select("withdraws_from").run()
    assert url(at) == {"type": ["State"], "predicate": ["withdraws_from"], "entity": ["russia"]}


def url(at) -> dict[str, list[str]]:
    """The page's query parameters, each as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}


def test_a_link_restores_a_focus(app_env, ontology):
    from graph import analytics

    whole = analytics.entity_graph(app_env.store, ontology)
    focus = sorted({"japan"} | views.neighbours(whole, "japan"))
    at = page("explore")
    at.query_params["focus"] = focus
    at.run()
    assert {n["id"] for n in graph_data(at)["nodes"]} == set(focus)
    assert f"{len(focus)} entities in focus" in texts(at)
