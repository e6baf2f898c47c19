"""The Streamlit app: page routing and the first-run ingest. ``streamlit run app.py`` runs
:func:`main`; each page is a ``render`` function in :mod:`webapp.pages`."""
from __future__ import annotations

import streamlit as st

from webapp import loading, visits
from webapp.pages import documents, explore, insights, ontology, query, settings

PAGES = [
    (explore.render, "Explore", ":material/hub:", "explore"),
    (query.render, "Query", ":material/terminal:", "query"),
    (insights.render, "Insights", ":material/insights:", "insights"),
    (documents.render, "Documents", ":material/description:", "documents"),
    (ontology.render, "Ontology", ":material/account_tree:", "ontology"),
    (settings.render, "Settings", ":material/settings:", "settings"),
]


def favicon():
    """The tab icon, drawn here: a Material icon name as page icon makes the browser fetch it
    from Google's servers, and the app must work offline."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    hub, spokes = (32, 32), [(10, 12), (54, 14), (14, 54), (52, 50)]
    for end in spokes:
        draw.line([hub, end], fill="#A5ABB6", width=5)
    for (x, y), colour in zip(spokes, ("#4C8EDA", "#F79767", "#8DCC93", "#F16667")):
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=colour)
    draw.ellipse([20, 20, 44, 44], fill="#4C8EDA")
    return image


def main() -> None:
    st.set_page_config(page_title="treatykg", page_icon=favicon(), layout="wide")
    pages = [st.Page(fn, title=title, icon=icon, url_path=path, default=(path == "explore"))
             for fn, title, icon, path in PAGES]
    page = st.navigation(pages)
    loading.first_run()
    visits.record(page.title)
    page.run()
