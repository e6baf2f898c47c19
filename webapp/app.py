"""The Streamlit app: page routing and the first-run ingest. ``streamlit run app.py`` runs
:func:`main`; each page is a ``render`` function in :mod:`webapp.pages`."""
from __future__ import annotations

import streamlit as st

from webapp import loading
from webapp.pages import documents, explore, insights, ontology, query, settings

PAGES = [
    (explore.render, "Explore", ":material/hub:", "explore"),
    (query.render, "Query", ":material/terminal:", "query"),
    (insights.render, "Insights", ":material/insights:", "insights"),
    (documents.render, "Documents", ":material/description:", "documents"),
    (ontology.render, "Ontology", ":material/account_tree:", "ontology"),
    (settings.render, "Settings", ":material/settings:", "settings"),
]


def main() -> None:
    st.set_page_config(page_title="treatykg", page_icon=":material/hub:", layout="wide")
    pages = [st.Page(fn, title=title, icon=icon, url_path=path, default=(path == "explore"))
             for fn, title, icon, path in PAGES]
    page = st.navigation(pages)
    loading.first_run()
    page.run()
