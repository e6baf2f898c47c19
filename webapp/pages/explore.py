"""Explore: the entity graph with filters, search, a details panel on click, neighbours on
double-click, paths between two entities, colouring by community, and a time slider that
draws only the relationships with a statement dated inside a window (Play steps it forward).

What the graph shows lives in session state: the entities in focus (None: the whole filtered
graph), the selected entity or relationship, the path found. The graph widget keeps one key for
the session, so a new view updates the drawing in the browser instead of mounting a new widget
(a second without a GPU); the click the widget still holds after the app changed the view is not
acted on again because the last event handled is remembered (:mod:`webapp.events`).
"""
from __future__ import annotations

from typing import Optional

import streamlit as st

from graph import analytics, views
from graph.errors import GraphError
from webapp import counts, details, events, exports, filters, saved_views, search, state, timeslice, timeslider, url_state, visits, viz
from webapp.text import md

SELECTED = "explore.selected"
SELECTED_EDGE = "explore.edge"
FOCUS = "explore.focus"
PATH = "explore.path"
#: Why no path was found, said once under the path finder.
PATH_PROBLEM = "explore.path_problem"
#: The saved view drawn (name, parameter values), and what drawing it found, for the caption.
SAVED = "explore.saved"
SAVED_NOTE = "explore.saved_note"
SAVED_ROWS = 10_000


#: The session-state key of the graph widget (tests set it to simulate clicks).
GRAPH_KEY = "explore_graph"


def new_view(focus: Optional[list[str]] = None, selected: Optional[str] = None, path=None) -> None:
    """Change what is shown from the app's side (search, path, buttons)."""
    st.session_state[FOCUS] = sorted(focus) if focus is not None else None
    st.session_state[SELECTED] = selected
    st.session_state[SELECTED_EDGE] = None
    st.session_state[PATH] = path
    st.session_state[SAVED] = None
    st.session_state[SAVED_NOTE] = None


def rerun_view() -> None:
    """Draw the view again: only the graph and details (the fragment) when this run is the
    fragment's own, which spares a full run of the page (filters, sidebar) after a click,
    double-click, path or saved view; the whole page otherwise (Streamlit allows no other)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    st.rerun(scope="fragment" if ctx is not None and ctx.fragment_ids_this_run else "app")


def expand(graph, entity_id: str) -> None:
    """Add an entity's neighbours to the view (from the whole graph: focus on its neighbourhood)."""
    current = st.session_state.get(FOCUS)
    shown = set(current) if current is not None else set()
    shown |= {entity_id} | views.neighbours(graph, entity_id)
    st.session_state[FOCUS] = sorted(shown)
    st.session_state[SELECTED] = entity_id


def render() -> None:
    store = state.require_store()
    onto = state.require_ontology()
    ontology = onto.ontology
    data = state.data_key(store)
    if views.is_empty(store):
        _empty(store, onto)
        return
    documents = state.documents(store, data)
    link = _restore_filters(ontology, documents)
    chosen = filters.filter_panel(ontology, documents)
    graph = state.entity_graph(store, onto, chosen, data)
    if link is not None:
        _restore_view(store, graph, link)
    labels = {name: pred.label for name, pred in ontology.predicates.items()}

    st.title("Explore", anchor=False)
    colour_by, hide_isolated = _options()
    if visits.arrived():  # back from another page: the time slider does not play on by itself
        timeslider.pause()
    # declared on every full run: while the time slider plays it reruns by itself
    st.fragment(_view, run_every=timeslider.interval())(
        store, onto, graph, chosen, colour_by, hide_isolated, data, labels)


def _view(store, onto, graph, chosen: tuple, colour_by: str, hide_isolated: bool, data: tuple, labels) -> None:
    """The time slider, the graph and the details panel. A fragment: a click in the graph, a
    move of the window or a step of Play reruns only this part."""
    dated, dates = state.dated(store, onto, chosen, data, graph)
    focus = st.session_state.get(FOCUS)
    # the slider spans the dates of what is drawn: those of the focus when there is one
    when = timeslider.controls(dates if focus is None else timeslice.dates_between(dated, focus))
    if when.window is not None:
        sliced = timeslice.cut(graph, dated, when.window, when.reported)
        timeslider.say(when, sliced)
        graph = sliced.graph
    # a click or double-click since the last run, acted on before drawing: an expansion is drawn
    # in this run (with a window, the slider's span follows the new focus in the next)
    if _handle_event(viz.last_event(GRAPH_KEY), graph):
        if when.window is not None:
            rerun_view()
        focus = st.session_state.get(FOCUS)
    path = st.session_state.get(PATH) or []
    shown = [n for n in graph.nodes if focus is None or n in set(focus)]
    if focus is None and hide_isolated:
        shown = [n for n in shown if graph.degree(n) > 0]
    left, right = st.columns([5, 2], gap="medium")
    with left:
        top = st.columns([5, 1], vertical_alignment="bottom")
        with top[0]:
            _search(graph, state.entities(store, data))
        if focus is not None and top[1].button("Whole graph", key="explore.reset", width="stretch"):
            new_view()
            rerun_view()
        _saved_views(store, graph)
        if not shown and when.window is not None:
            st.info(f"No relationship in view has a statement dated in {when.window.label()}.")
        elif not shown:
            st.info("No entity matches these filters.")
        else:
            drawn = _widget(graph, shown, chosen, when, colour_by, path, data, onto, store, labels)
            viz.show(drawn, key=GRAPH_KEY)
            st.html(drawn.legend)
            _downloads(graph, shown, drawn.view)
        st.caption(_summary(graph, shown, focus, chosen, hide_isolated))
        if path:
            st.markdown("**Path:** " + _path_text(graph, path, labels))
        _path_finder(graph)
    with right:
        _details(store, onto.ontology, graph, labels, shown)
    _write_url(chosen, when)


# ----------------------------------------------------------------------------- the view in the URL

RESTORED = "explore.url_restored"
FILTER_KEYS = ("filter.documents", "filter.types", "filter.predicates", "filter.modalities")


def _restore_filters(ontology, documents: list[dict]) -> Optional[url_state.ExploreState]:
    """Once per session: the filters and time window of the link the page was opened with, set
    on their widgets (values the graph does not know are left out, and said so); the rest of the
    link's state for :func:`_restore_view`."""
    if st.session_state.get(RESTORED):
        return None
    st.session_state[RESTORED] = True
    params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    if not params:
        return None
    link = url_state.decode(params)
    known = ({d["id"] for d in documents}, set(ontology.entity_types), set(ontology.predicates),
             set(filters.MODALITIES))
    unknown = []
    for key, values, allowed in zip(FILTER_KEYS, link.filters[:4], known):
        if values:
            st.session_state[key] = [v for v in values if v in allowed]
            unknown += [v for v in values if v not in allowed]
    timeslider.restore(link.window, link.reported)
    if unknown:
        st.warning("The link names what this graph does not have, left out: " + ", ".join(unknown) + ".")
    return link


def _restore_view(store, graph, link: url_state.ExploreState) -> None:
    """The link's saved view (drawn with its parameters), else its focus, and its entity."""
    if link.view:
        try:
            view = saved_views.find(saved_views.load(views_file()), link.view)
        except saved_views.ViewError as exc:
            view = None
            st.warning(str(exc))
        if view is None:
            st.warning(f"The link's saved view “{link.view}” does not exist (any more).")
        else:
            strings = {p: link.view_params.get(p, saved_views.show_value(view.params.get(p, "")))
                       for p in view.parameters}
            st.session_state["explore.saved_view"] = view.name
            for param, text in strings.items():
                st.session_state[f"explore.view_param.{view.name}.{param}"] = text
            error = draw_saved_view(store, graph, view, {p: saved_views.parse_value(t) for p, t in strings.items()})
            if error:
                st.warning(error)
    elif link.focus:
        new_view(focus=[n for n in link.focus if n in graph])
    if link.entity and link.entity in graph:
        st.session_state[SELECTED] = link.entity
        st.session_state[SELECTED_EDGE] = None


def _write_url(chosen: tuple, when: timeslider.Choice) -> None:
    """Keep the URL in step with the view (only when it changed: writing it sends a message)."""
    saved = st.session_state.get(SAVED)
    focus = st.session_state.get(FOCUS)
    current = url_state.ExploreState(
        filters=chosen, entity=st.session_state.get(SELECTED), focus=tuple(focus) if focus is not None else None,
        view=saved[0] if saved else None,
        view_params={k: saved_views.show_value(v) for k, v in saved[1].items()} if saved else {},
        window=when.window, reported=when.reported)
    wanted = url_state.encode(current)
    present = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
    if present != wanted:
        st.query_params.from_dict(wanted)


# ----------------------------------------------------------------------------- parts

def _empty(store, onto) -> None:
    st.title("Explore", anchor=False)
    st.info("The graph is empty. Upload documents on the Documents page, or load the sample corpus.")
    sample = state.settings().sample_dir
    if sample is not None and sample.is_dir() and st.button("Load the sample corpus", key="explore.sample"):
        from webapp.loading import ingest_with_progress

        ingest_with_progress(store, onto, [sample], "Loading the sample corpus")
        st.rerun()


def _search(graph, entities: list[dict]) -> None:
    """A name or alias typed, then the entities it matches, best first, each saying which alias
    matched ("Russia (State) · as Moscow")."""
    names = {n: graph.nodes[n].get("name", n) for n in graph.nodes}
    aliases = {e["id"]: e["aliases"] for e in entities}
    typed = st.text_input("Find an entity by name or alias", key="explore.find",
                          placeholder="Type a name or an alias, e.g. Moscow")
    if not typed.strip():
        return
    matches = search.find(typed, names, aliases)
    if not matches:
        st.caption(f"No entity in this graph is called “{typed.strip()}”.")
        return
    by_id = {m.id: m for m in matches}

    def label(entity_id: str) -> str:
        match = by_id[entity_id]
        kind = graph.nodes[entity_id].get("type", "")
        return f"{match.name} ({kind})" + (f" · as {match.via}" if match.via else "")

    def chosen() -> None:
        entity_id = st.session_state.get("explore.search")
        if entity_id in graph:
            new_view(focus=[entity_id, *views.neighbours(graph, entity_id)], selected=entity_id)

    found = counts.plural(len(matches), "entity", "entities")
    st.selectbox(f"{found} of the filtered graph match (choosing one draws it with its neighbours)",
                 list(by_id), index=None, format_func=label, key="explore.search",
                 on_change=chosen, placeholder="Choose one to focus on it")


def views_file():
    return saved_views.path_in(state.settings().ontology_dir)


def draw_saved_view(store, graph, view: saved_views.SavedView, values: dict) -> Optional[str]:
    """Run a saved view read-only and focus the graph on the entities it returns; an error
    message instead when it cannot run."""
    try:
        rows = store.run(view.cypher, values, read_only=True, limit=SAVED_ROWS,
                         timeout=state.settings().query_timeout, user=True)
    except GraphError as exc:
        return f"The view “{view.name}” cannot run: {exc}"
    ids = saved_views.entity_ids(rows, graph.nodes)
    outside = len(saved_views.entity_ids(rows, _all_entity_ids(store))) - len(ids)
    note = f"View “{view.name}”: {counts.plural(len(ids), 'entity', 'entities')} returned"
    if outside > 0:
        note += f" ({counts.plural(outside, 'other', 'others')} left out by the filters)"
    if rows.truncated:
        note += f" · only the first {SAVED_ROWS:,} rows were read"
    new_view(focus=ids)
    st.session_state[SAVED] = (view.name, values)
    st.session_state[SAVED_NOTE] = note
    return None


def _all_entity_ids(store) -> list[str]:
    return [e["id"] for e in state.entities(store, state.data_key(store))]


def _saved_views(store, graph) -> None:
    """Pick a saved view, fill in its parameters, draw what it returns."""
    try:
        views = saved_views.load(views_file())
    except saved_views.ViewError as exc:
        st.error(str(exc))
        return
    note = st.session_state.get(SAVED_NOTE)
    with st.expander(f"Saved views ({len(views)})", expanded=bool(note)):
        if not views:
            st.caption("No saved view yet: write a query on the Query page and use “Save as view”.")
            return
        names = [v.name for v in views]
        current = st.session_state.get(SAVED)
        if st.session_state.get("explore.saved_view") not in names:
            st.session_state["explore.saved_view"] = current[0] if current and current[0] in names else names[0]
        name = st.selectbox("View", names, key="explore.saved_view")
        view = saved_views.find(views, name)
        values = {}
        for param in view.parameters:
            key = f"explore.view_param.{view.name}.{param}"
            if key not in st.session_state:
                start = current[1].get(param) if current and current[0] == view.name and param in current[1] \
                    else view.params.get(param, "")
                st.session_state[key] = saved_views.show_value(start)
            values[param] = saved_views.parse_value(st.text_input(f"${param}", key=key))
        st.code(view.cypher, language="cypher")
        cols = st.columns([1, 1, 3])
        if cols[0].button("Draw", type="primary", key="explore.saved_draw", width="stretch"):
            error = draw_saved_view(store, graph, view, values)
            if error:
                st.error(error)
            else:
                rerun_view()
        if cols[1].button("Delete", key="explore.saved_delete", width="stretch"):
            saved_views.delete(views_file(), view.name)
            st.session_state.pop("explore.saved_view", None)
            st.toast(f"Deleted the view “{view.name}”.")
            rerun_view()
        if note:
            st.caption(note)


def _options() -> tuple[str, bool]:
    st.sidebar.markdown("### View")
    colour_by = st.sidebar.radio("Colour by", ["entity type", "community"], horizontal=True, key="explore.colour")
    hide = st.sidebar.checkbox("Hide entities without relationships", value=True, key="explore.hide_isolated")
    return colour_by, hide


def _summary(graph, shown: list, focus, chosen: tuple, hide_isolated: bool) -> str:
    """Every count here is of what is drawn (:mod:`webapp.counts`)."""
    text = counts.describe(counts.view_counts(graph, shown, focus, hide_isolated))
    described = filters.describe(chosen)
    if described:
        text += f" · filtered by {described}"
    if len(shown) > viz.CAPTION_LIMIT:
        text += f" · names hidden above {viz.CAPTION_LIMIT} entities (hover or click a node)"
    return text + " · click an entity or relationship for its statements, double-click to expand it"


def _downloads(graph, shown: list, view) -> None:
    """What is drawn, as files; each is made when its button is clicked (deferred)."""
    part = exports.drawn(graph, shown)
    cols = st.columns(5, vertical_alignment="center")
    cols[0].caption("Download what is drawn:")
    buttons = [("PNG", lambda: exports.to_png(view), "treatykg-view.png", "image/png"),
               ("GraphML", lambda: exports.to_graphml(part), "treatykg-view.graphml", "application/xml"),
               ("Entities CSV", lambda: exports.nodes_csv(part), "treatykg-entities.csv", "text/csv"),
               ("Relationships CSV", lambda: exports.edges_csv(part), "treatykg-relationships.csv", "text/csv")]
    for col, (label, make, name, mime) in zip(cols[1:], buttons):
        col.download_button(label, make, file_name=name, mime=mime, on_click="ignore", width="stretch",
                            key=f"explore.download.{label}", icon=":material/download:")


def _path_finder(graph) -> None:
    """Two entities and "Find the shortest path": the path is found in the button's callback,
    before the graph is drawn, so that the run the button starts draws it."""
    names = {n: graph.nodes[n].get("name", n) for n in graph.nodes}
    ordered = sorted(names, key=lambda n: names[n].lower())
    with st.expander("Find a path between two entities", expanded=bool(st.session_state.get(PATH))):
        with st.form("explore.path_form", border=False):
            cols = st.columns(2)
            cols[0].selectbox("From", ordered, index=None, format_func=names.get, key="path.from")
            cols[1].selectbox("To", ordered, index=None, format_func=names.get, key="path.to")
            st.form_submit_button("Find the shortest path", on_click=_find_path, args=(graph, names))
        problem = st.session_state.pop(PATH_PROBLEM, None)
        if problem:
            st.warning(problem)


def _find_path(graph, names: dict) -> None:
    """The path between the chosen entities becomes the view, or what is wrong is kept to be said."""
    source, target = st.session_state.get("path.from"), st.session_state.get("path.to")
    if source is None or target is None:
        st.session_state[PATH_PROBLEM] = "Choose both ends of the path."
        return
    try:
        hops = analytics.shortest_path(graph, source, target)
    except GraphError:
        st.session_state[PATH_PROBLEM] = (f"No path between {names.get(source, source)} and "
                                          f"{names.get(target, target)} with the current filters.")
        return
    if not hops:
        st.session_state[PATH_PROBLEM] = "Choose two different entities."
        return
    new_view(focus=[source] + [h["to"] for h in hops], selected=None, path=hops)


def _widget(graph, shown, chosen, when, colour_by, path, data, onto, store, labels) -> viz.Shown:
    """The widget's data for this view, made once per view (:func:`webapp.state.drawing`)."""
    marked = [h["from"] for h in path] + [h["to"] for h in path]  # the clicked node is ringed by the widget
    signature = (data, onto.key, chosen, when, tuple(shown), colour_by, tuple(marked))

    def build() -> viz.Shown:
        communities = state.communities(store, onto, chosen, data) if colour_by == "community" else None
        view = viz.entity_view(graph, shown, communities=communities, highlight=marked,
                               highlight_edges=[(h["from"], h["to"]) for h in path], labels=labels)
        return viz.Shown(view, legend=viz.legend_html(view))

    return state.drawing(signature, build)


def _handle_event(last: Optional[viz.Event], graph) -> bool:
    """Act on a new click or double-click; True when it changed the focus (an expansion). A
    click on an entity or relationship while the time slider plays pauses it, so that the graph
    stops changing under the details (the page runs again for that)."""
    event = events.new(last)
    if event is None:
        return False
    redraw = False
    if event.type == "node_click" and event.id in graph:
        st.session_state[SELECTED] = event.id
        st.session_state[SELECTED_EDGE] = None
    elif event.type == "node_double_click" and event.id in graph:
        st.session_state[SELECTED_EDGE] = None
        expand(graph, event.id)
        redraw = True
    elif event.type == "relationship_click" and viz.parse_relationship_id(event.id):
        st.session_state[SELECTED_EDGE] = event.id
    elif event.type == "canvas_click":  # a click on empty space clears the details
        st.session_state[SELECTED] = None
        st.session_state[SELECTED_EDGE] = None
    if event.type in ("node_click", "node_double_click", "relationship_click"):
        timeslider.pause_now()
    return redraw


def _details(store, ontology, graph, labels, shown: list) -> None:
    edge = st.session_state.get(SELECTED_EDGE)
    if edge:
        s, rel_type, o = viz.parse_relationship_id(edge)
        predicate = next((p for p in ontology.predicates if p.upper() == rel_type), rel_type.lower())
        details.relationship_panel(store, ontology, s, predicate, o, labels)
        return
    selected = st.session_state.get(SELECTED)
    if not selected:
        st.info("Click an entity in the graph, or find one by name, to see its statements with their "
                "evidence.")
        _top_entities(graph.subgraph(shown))
        return

    def actions(entity: dict) -> None:
        if entity["id"] in graph and st.button("Expand its neighbours", key="explore.expand"):
            expand(graph, entity["id"])
            rerun_view()

    details.entity_panel(store, selected, labels, actions)


def _top_entities(graph) -> None:
    ranked = analytics.degree(graph, weighted=True)[:8]
    if ranked and ranked[0][1] > 0:
        st.markdown("**Most connected of those drawn** (statements drawn): " + ", ".join(
            f"{md(graph.nodes[n].get('name', n))} ({d})" for n, d in ranked if d))


def _path_text(graph, hops: list[dict], labels) -> str:
    def name(n: str) -> str:
        return f"**{md(graph.nodes[n].get('name', n)) if n in graph else md(n)}**"

    text = name(hops[0]["from"])
    for hop in hops:
        predicate = labels.get(hop["type"].lower(), hop["type"].lower())
        text += f" —{md(predicate)}→ " if hop["forward"] else f" ←{md(predicate)}— "
        text += name(hop["to"])
    return text
