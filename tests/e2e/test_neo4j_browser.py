"""End to end on Neo4j in a real browser: the app starts on an empty embedded graph, Settings
switches this browser session to the session's Neo4j 5.26 server (holding the sample corpus), and
Explore then draws Neo4j's graph; a click on a treaty shows its evidence, read from Neo4j."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from graph.loader import Loader
from graph.server import EmbeddedServer
from services.sources import extract_sources, find_sources
from webapp import browser
from webapp.viz import TYPE_COLOURS
from tests.graph.conftest import neo4j_url, ontology, open_neo4j  # noqa: F401  (fixtures reused)

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not Path(browser.CHROMIUM).exists(),
                                reason=f"Debian's chromium is not installed ({browser.CHROMIUM}): "
                                       "apt-get install -y chromium")


@pytest.fixture(scope="module")
def neo4j_sample(neo4j_url, extractor, ontology):  # noqa: F811
    store = open_neo4j(neo4j_url)
    Loader(store, ontology).load(list(extract_sources(find_sources([REPO / "data" / "sample"]), extractor)))
    yield neo4j_url
    store.clear()
    store.close()


@pytest.fixture(scope="module")
def app(neo4j_sample):
    folder = Path(tempfile.mkdtemp(prefix="tkg-e2e-"))
    env = {"KG_DATA_DIR": str(folder / "g"), "KG_ONTOLOGY_DIR": str(folder / "o"),
           "KG_UPLOAD_DIR": str(folder / "u"), "KG_GRAPH_URL": None, "KG_GRAPH_NAME": None,
           "KG_SAMPLE_DIR": "none", "NEO4J_USER": None, "NEO4J_PASSWORD": None, "NEO4J_DATABASE": None}
    server = browser.AppServer(env).start()
    try:
        yield server
    finally:
        server.stop()
        EmbeddedServer(folder / "g").stop()
        shutil.rmtree(folder, ignore_errors=True)


def test_switch_to_neo4j_then_explore_and_read_evidence(app, neo4j_sample):
    with browser.chromium() as context:
        page = context.new_page()
        page.goto(app.url + "settings")
        browser.wait_idle(page)
        field = page.get_by_role("textbox", name="Neo4j URI")
        field.fill(neo4j_sample)
        field.press("Enter")
        browser.wait_idle(page)
        page.get_by_role("button", name="Use this graph").click()
        page.get_by_text(f"This browser session uses {neo4j_sample}").wait_for(timeout=30_000)
        browser.wait_idle(page)
        assert page.get_by_text("Neo4j database (default)").first.is_visible()
        assert page.get_by_text("10 documents").first.is_visible()

        page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Explore").click()
        canvas = browser.graph_canvas(page)
        canvas.wait_for(timeout=60_000)
        browser.wait_idle(page)
        time.sleep(1.5)  # let the force layout settle before aiming at a node
        spot = browser.find_colour(page, canvas, TYPE_COLOURS["Treaty"])
        assert spot is not None, "no treaty node drawn from Neo4j"
        page.mouse.click(*spot)
        caption = page.locator('[data-testid="stCaptionContainer"]').filter(has_text="Treaty · id")
        caption.first.wait_for(timeout=20_000)
        browser.wait_idle(page)
        evidence = page.locator('[data-testid="stMarkdownContainer"] blockquote').first
        evidence.wait_for(timeout=10_000)
        assert len(evidence.inner_text().strip()) > 30  # an evidence sentence and its document
        assert page.locator('[data-testid="stException"]').count() == 0
