"""Documents: upload (the formats of extract.formats, or a web page's URL, with a size limit), extraction with a progress bar, the
document list with statement counts, delete and extract again, and a document view with its
entities highlighted and its statements listed."""
from __future__ import annotations

import bisect
import math

from pathlib import Path

import pandas as pd
import streamlit as st

from extract.reader import ReadFailure, open_document, read_text
from graph import views
from graph.errors import GraphError
from webapp import highlight, state
from webapp.details import modality_badge
from webapp.messages import say, show
from extract.formats import registry
from services.ingest import delete, reingest
from webapp.ingest import ALLOWED_SUFFIXES, UploadRefused, ingest_upload, ingest_url
from webapp.text import md
from webapp.when import date_label

SELECTED = "documents.selected"
UPLOADS = "documents.uploads"
URL = "documents.url"


def render() -> None:
    store = state.require_store()
    onto = state.require_ontology()
    app = state.settings()
    st.title("Documents", anchor=False)
    _upload(store, onto, app)
    show()
    docs = views.documents(store)
    if not docs:
        st.info("No documents yet: upload some above.")
        return
    st.markdown(f"#### {len(docs)} document(s), {sum(d['statements'] for d in docs)} statement(s)")
    st.dataframe(_table(docs), hide_index=True,
                 column_config={"statements": st.column_config.NumberColumn("statements", format="%d")})
    titles = {d["id"]: d["title"] or d["path"] for d in docs}
    chosen = st.selectbox("Open a document", list(titles), index=None, format_func=titles.get, key=SELECTED,
                          placeholder="Choose a document to read, extract again or delete")
    if chosen is not None and chosen in titles:
        _document(store, onto, app, next(d for d in docs if d["id"] == chosen))


def _table(docs: list[dict]) -> pd.DataFrame:
    return pd.DataFrame([{"title": d["title"] or Path(d["path"]).name, "date": d["date"] or "",
                          "statements": d["statements"], "entities": d["entities"], "path": d["path"],
                          "ingested": (d["ingested_at"] or "")[:19].replace("T", " ")} for d in docs])


def _upload(store, onto, app) -> None:
    limit_mb = app.max_upload_bytes / 1024 / 1024
    with st.expander("Add documents", expanded=True):
        files = st.file_uploader(
            f"News or opinion articles as {registry.described('or')}, up to {limit_mb:g} MB each",
            type=[s.lstrip(".") for s in ALLOWED_SUFFIXES], accept_multiple_files=True,
            # The widget states its own limit: make it the app's, not the server's 20 MB cap.
            max_upload_size=max(1, math.ceil(limit_mb)),
            key=f"documents.upload_{st.session_state.get(UPLOADS, 0)}")
        date = st.text_input(
            "Date of these documents (optional)", placeholder="YYYY-MM-DD, YYYY-MM or YYYY",
            help="When they were published. Relative dates ('on Monday', 'last year') are resolved "
                 "against it, and statements whose sentence gives no date are dated by it. Left empty, "
                 "a date found near the top of each text is used.",
            key=f"documents.date_{st.session_state.get(UPLOADS, 0)}")
        if files and st.button("Extract and load", type="primary", key="documents.load"):
            upload_files(store, onto, app, [(f.name, f.getvalue()) for f in files], date.strip() or None)
            st.session_state[UPLOADS] = st.session_state.get(UPLOADS, 0) + 1
            st.rerun()
        url = st.text_input("Or the address of a web page or PDF", key=URL, placeholder="https://…")
        if url.strip() and st.button("Fetch and load", key="documents.fetch"):
            fetch_url(store, onto, app, url, date.strip() or None)
            st.session_state.pop(URL, None)
            st.rerun()


def fetch_url(store, onto, app, url: str, date: str | None = None) -> None:
    """Fetch a page, extract and load it; a message says what happened."""
    with st.spinner(f"Fetching and extracting {url.strip()}…"):
        found = _attempt(url.strip(), lambda: ingest_url(store, onto.ontology, state.extractor(), app.upload_dir,
                                                         url, app.max_upload_bytes, date=date))
    if found is not None:
        name, outcome = found
        _report(name, outcome, f" from {url.strip()}")


def upload_files(store, onto, app, files: list[tuple[str, bytes]], date: str | None = None) -> None:
    """Extract and load uploaded files one by one with a progress bar; messages for each
    (``date``: the user's date for all of them)."""
    bar = st.progress(0.0, text="Loading the language model…")
    extractor = state.extractor()
    for done, (name, data) in enumerate(files):
        bar.progress(done / len(files), text=f"Extracting {name} ({done + 1} of {len(files)})")
        outcome = _attempt(name, lambda: ingest_upload(store, onto.ontology, extractor, app.upload_dir, name, data,
                                                       app.max_upload_bytes, date=date))
        if outcome is not None:
            _report(name, outcome)
    bar.progress(1.0, text="Done")


def _attempt(name: str, load):
    """``load()``'s result, or None after one message saying why it was refused or not stored."""
    try:
        return load()
    except UploadRefused as exc:
        say("error", f"Refused: {exc}")
    except GraphError as exc:
        say("error", f"{name} could not be stored: {exc}")
    finally:
        state.bump()
    return None


def _report(name: str, outcome, source: str = "") -> None:
    if outcome.unchanged:
        say("info", f"{name}: already stored, unchanged.")
    else:
        note = " (it replaces the previous version)" if outcome.replaced else ""
        say("success", f"{name}: {outcome.statements} statement(s) extracted{source}{note}.")
    for warning in outcome.warnings:
        say("warning", f"{name}: {warning}")


def _document(store, onto, app, doc: dict) -> None:
    st.subheader(doc["title"] or doc["path"], anchor=False)
    source = {"user": "given on upload", "text": "found in the text"}.get(doc.get("date_source") or "",
                                                                          doc.get("date_source"))
    dated = f"{doc['date']} ({source})" if doc["date"] and source else (doc["date"] or "unknown")
    st.caption(f"{doc['path']} · dated {dated} · {doc['statements']} statement(s) · "
               f"id {doc['id'][:12]}…")
    cols = st.columns([1, 1, 3])
    if cols[0].button("Extract again", key="documents.reingest",
                      help="Run the extractor on this document again, e.g. after an ontology edit."):
        with st.spinner("Extracting…"):
            try:
                outcome = reingest(store, onto.ontology, state.extractor(), [doc])
                for error in outcome.errors:
                    say("error", f"Cannot extract {error}")
                if not outcome.errors:
                    say("success", f"Extracted again: {outcome.statements} statement(s).")
            except GraphError as exc:
                say("error", str(exc))
            finally:
                state.bump()
        st.session_state.pop(SELECTED, None)
        st.rerun()
    confirm = cols[1].checkbox("Confirm delete", key="documents.confirm")
    if cols[2].button("Delete this document", key="documents.delete", disabled=not confirm):
        try:
            for line in delete(store, onto.ontology, doc, app.upload_dir):
                say("success", line[:1].upper() + line[1:] + ".")
        except GraphError as exc:
            say("error", f"Not deleted: {exc}")
        finally:
            state.bump()
        st.session_state.pop(SELECTED, None)
        st.session_state.pop("documents.confirm", None)
        st.rerun()
    statements = views.document_statements(store, doc["id"])
    text_tab, list_tab = st.tabs(["Text with entities", f"Statements ({len(statements)})"])
    with text_tab:
        _text(doc, statements)
    with list_tab:
        # Statements stored before pages were carry none: their page is found from the PDF.
        unpaged = any(row.get("page") is None for row in statements)
        _statements(statements, _pages(doc["path"]) if unpaged else ())


def _text(doc: dict, statements: list[dict]) -> None:
    try:
        text = read_text(doc["path"])
    except (OSError, ReadFailure):
        st.warning(f"The file {doc['path']} is not on disk any more: only the statements can be shown.")
        return
    with st.spinner("Finding the entities…"):
        found = highlight.mentions(state.extractor(), text)
    st.caption(f"{len({m.entity_id for m in found})} entities marked; dotted underline: a sentence that gave "
               "a statement.")
    st.html(highlight.legend_html(found))
    st.html(highlight.to_html(text, found, [(s["start"], s["end"]) for s in statements]))


def _pages(path: str) -> tuple[int, ...]:
    """The page marks of a paged document (a PDF), for the page of each statement."""
    if registry.by_suffix(path) is None or registry.by_suffix(path).name != "pdf":
        return ()
    try:
        return open_document(path).document.pages
    except (OSError, ReadFailure):
        return ()


def _statements(statements: list[dict], pages: tuple[int, ...] = ()) -> None:
    if not statements:
        st.info("The extractor found no statement in this document.")
        return
    for row in statements:
        facts = [modality_badge(row["modality"])]
        page = row.get("page")
        if page is None and pages and row.get("start") is not None:
            page = bisect.bisect_right(pages, row["start"]) or 1
        if page is not None:
            facts.append(f"page {md(page)}")
        when = date_label(row)
        if when:
            facts.append(when)
        if row["speaker"]:
            facts.append(f"according to {md(row['speaker'])}")
        st.markdown(f"**{md(row['subject_name'])}** {md(row['predicate'])} **{md(row['object_name'])}** · "
                    + " · ".join(facts) + f"  \n> {md(row['sentence'])}")
