"""Query: the user's own Cypher with JSON parameters, read-only unless write mode is on; results as
a table, as a graph when nodes or relationships come back, and as CSV or JSON downloads."""
from __future__ import annotations

import json
import time

import streamlit as st
from neo4j_viz.streamlit import display_widget

from graph.errors import GraphError
from graph.store import describe_changes
from webapp import results, saved_views, state, viz
from webapp.examples import EXAMPLES

CYPHER = "query.cypher"
PARAMS = "query.params"
RESULT = "query.result"
RUNS = "query.runs"
DEFAULT_LIMIT = 1000


def parse_params(text: str) -> dict:
    """Parameters from the JSON box; ValueError with a readable reason."""
    if not text or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"Parameters are not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") \
            from None
    if not isinstance(value, dict):
        raise ValueError('Parameters must be a JSON object, e.g. {"name": "Russia"}')
    return value


def _load_example() -> None:
    title = st.session_state.get("query.example")
    for example in EXAMPLES:
        if example["title"] == title:
            st.session_state[CYPHER] = example["cypher"]
            st.session_state[PARAMS] = json.dumps(example["params"], ensure_ascii=False)


def run_query(store, cypher: str, params_text: str, write: bool, limit: int, timeout: float) -> dict:
    """Run and describe the outcome as a dict kept in session state (``error`` or rows); the
    server stops the query after ``timeout`` seconds and no more than ``limit`` rows are fetched."""
    try:
        params = parse_params(params_text)
        started = time.perf_counter()
        rows = store.run(cypher, params, read_only=not write, limit=int(limit), timeout=timeout, user=True)
        elapsed = time.perf_counter() - started
    except (ValueError, GraphError) as exc:
        return {"error": str(exc)}
    return {"rows": list(rows), "columns": rows.columns, "truncated": rows.truncated, "elapsed": elapsed,
            "changes": describe_changes(rows.summary), "write": write}


def render() -> None:
    store = state.require_store()
    st.title("Query", anchor=False)
    st.caption("Cypher over the graph: `(:Entity:<Class> {id, name, type, aliases})`, "
               "`(:Statement {predicate, modality, attributed_to, date, sentence})` with `SUBJECT`, "
               "`OBJECT` and `FROM` relationships, `(:Document {title, path, date})`, and one direct "
               "relationship per subject, predicate and object (`WITHDRAWS_FROM` …) with `count`, "
               "`modalities`, `first_date`, `last_date`.")
    st.session_state.setdefault(CYPHER, EXAMPLES[0]["cypher"])
    st.session_state.setdefault(PARAMS, "{}")
    st.selectbox("Start from an example", [e["title"] for e in EXAMPLES], index=None, key="query.example",
                 on_change=_load_example, placeholder="Choose an example query")
    st.text_area("Cypher", key=CYPHER, height=170)
    st.text_area("Parameters (JSON object, used as $name in the query)", key=PARAMS, height=68)
    cols = st.columns([1, 1, 1, 3])
    limit = cols[0].number_input("Row limit", min_value=1, max_value=100_000, value=DEFAULT_LIMIT, step=100,
                                 key="query.limit")
    write = cols[1].toggle("Write mode", key="query.write",
                           help="Off: queries that create, change or delete data are refused.")
    if write:
        st.warning("Write mode is on: a query may change or delete stored data, and there is no undo.")
    timeout = state.settings().query_timeout
    if cols[2].button("Run", type="primary", key="query.run", width="stretch",
                      help=f"One statement; stopped after {timeout:g} s (KG_QUERY_TIMEOUT)."):
        outcome = run_query(store, st.session_state[CYPHER], st.session_state[PARAMS], write, limit, timeout)
        st.session_state[RESULT] = outcome
        st.session_state[RUNS] = st.session_state.get(RUNS, 0) + 1
        if write and "error" not in outcome:
            state.bump()
    _save_as_view()
    _show(st.session_state.get(RESULT))


def _save_as_view() -> None:
    """The query and its parameters as a named view the Explore page can draw."""
    with st.expander("Save as view", expanded=False):
        with st.form("query.save_form", border=False):
            name = st.text_input("Name of the view", key="query.view_name", max_chars=saved_views.MAX_NAME,
                                 placeholder="e.g. Who withdraws from a treaty")
            st.caption("Saved with the query and its parameters; on Explore its $parameters get a box each "
                       "and the entities it returns are drawn.")
            if st.form_submit_button("Save as view"):
                try:
                    params = parse_params(st.session_state[PARAMS])
                    view = saved_views.add(saved_views.path_in(state.settings().ontology_dir), name,
                                           st.session_state[CYPHER], params)
                except ValueError as exc:  # ViewError or bad JSON parameters
                    st.error(str(exc))
                else:
                    st.success(f"Saved the view “{view.name}”: draw it from “Saved views” on the Explore page.")


def _show(outcome) -> None:
    if not outcome:
        return
    if "error" in outcome:
        st.error(outcome["error"])
        return
    rows, columns = outcome["rows"], outcome["columns"]
    note = f"{len(rows)} row{'s' if len(rows) != 1 else ''} in {outcome['elapsed'] * 1000:.0f} ms"
    if outcome["truncated"]:
        note += " · more rows not shown: raise the row limit"
    st.caption(note)
    if outcome.get("write"):  # what the write did, as the engine counted it
        changes = outcome.get("changes")
        st.success(f"The query {changes}." if changes else "The query changed nothing.")
    if not columns:
        st.info("The query returned no columns.")
        return
    view = viz.result_view(rows)
    # Rows of nodes, relationships and paths only read best as a graph: open on it.
    graph_first = view is not None and bool(results.graph_columns(columns, rows))
    tabs = st.tabs(["Table", "Graph"] if view is not None else ["Table"], default="Graph" if graph_first else "Table",
                   key=f"query.tabs_{st.session_state.get(RUNS, 0)}")
    with tabs[0]:
        st.dataframe(results.table(columns, rows), hide_index=True)
        cols = st.columns([1, 1, 4])
        cols[0].download_button("Download CSV", results.to_csv(columns, rows), file_name="query.csv",
                                mime="text/csv", key="query.csv")
        cols[1].download_button("Download JSON", results.to_json(rows), file_name="query.json",
                                mime="application/json", key="query.json")
    if view is not None:
        with tabs[1]:
            display_widget(viz.render(view), key=f"query_graph_{st.session_state.get(RUNS, 0)}")
            st.html(viz.legend_html(view))
