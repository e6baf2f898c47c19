"""End to end in a real browser: ``streamlit run app.py`` on a free 127.0.0.1 port with a fresh
data folder, driven by Playwright with Debian's Chromium. The first run loads the sample corpus
and draws the graph; a click on a node shows its evidence; a Cypher query shows its table; the
embedded FalkorDB stops with the app."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import pytest

from graph.server import EmbeddedServer
from webapp import browser
from webapp.viz import TYPE_COLOURS

pytestmark = pytest.mark.skipif(not Path(browser.CHROMIUM).exists(),
                                reason=f"Debian's chromium is not installed ({browser.CHROMIUM}): "
                                       "apt-get install -y chromium")


@pytest.fixture(scope="module")
def app():
    folder = Path(tempfile.mkdtemp(prefix="tkg-e2e-"))
    env = {"KG_DATA_DIR": str(folder / "g"), "KG_ONTOLOGY_DIR": str(folder / "o"),
           "KG_UPLOAD_DIR": str(folder / "u"), "KG_GRAPH_URL": None, "KG_GRAPH_NAME": None,
           "KG_SAMPLE_DIR": None}
    server = browser.AppServer(env).start()
    try:
        yield server
    finally:
        server.stop()
        running = EmbeddedServer(folder / "g")._answers()
        EmbeddedServer(folder / "g").stop()
        shutil.rmtree(folder, ignore_errors=True)
    assert not running, "the embedded FalkorDB must stop with the app"


@pytest.fixture(scope="module")
def context():
    with browser.chromium() as ctx:
        yield ctx


def test_first_run_shows_the_graph_and_a_click_shows_evidence(app, context):
    page = context.new_page()
    page.goto(app.url)
    canvas = browser.graph_canvas(page)
    canvas.wait_for(timeout=120_000)  # the sample corpus is loaded first, with a progress bar
    browser.wait_idle(page)
    assert page.get_by_text("Loading the sample corpus: done, 10 document(s) loaded").is_visible()
    time.sleep(1.5)  # let the force layout settle before aiming at a node
    spot = browser.find_colour(page, canvas, TYPE_COLOURS["Treaty"])
    assert spot is not None, "no treaty node drawn"
    page.mouse.click(*spot)
    caption = page.locator('[data-testid="stCaptionContainer"]').filter(has_text="Treaty · id")
    caption.first.wait_for(timeout=20_000)
    browser.wait_idle(page)
    evidence = page.locator('[data-testid="stMarkdownContainer"] blockquote').first
    evidence.wait_for(timeout=10_000)
    assert len(evidence.inner_text().strip()) > 30  # an evidence sentence and its document


#: Records every text the page's canvases draw (NVL writes captions with fillText).
RECORD_TEXT = """(() => {
  window.__drawn = [];
  const original = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y) {
    window.__drawn.push({text: String(text), font: this.font, y: y});
    return original.apply(this, arguments);
  };
})();"""


def test_node_names_are_written_whole_words_only(app, context):
    """Long names wrap at spaces inside their nodes, never mid-word: NVL's own break is a hyphen
    (U+2010) drawn beside the line, its own cut an ellipsis drawn beside it."""
    page = context.new_page()
    page.add_init_script(RECORD_TEXT)
    page.goto(app.url)
    browser.graph_canvas(page).wait_for(timeout=120_000)
    browser.wait_idle(page)
    time.sleep(2)
    drawn = [item for frame in page.frames for item in frame.evaluate("() => window.__drawn || []")]
    names = [e["name"] for e in app_entities(app)]
    words = {w for name in names for w in name.split()}
    # node captions (relationship captions are drawn in a fixed 6px font)
    lines = [d["text"] for d in drawn if not d["font"].startswith("6px")]
    assert len(lines) > 50
    assert "\u2010" not in lines and "…" not in lines  # NVL broke or cut nothing itself
    cut = [w for line in lines for w in line.split() if w not in words]
    assert all(w.endswith("…") and any(x.startswith(w[:-1]) for x in words) for w in cut), cut
    assert len(cut) < len(lines) / 4  # most names are written whole
    assert {"Australia", "Germany", "Lithuania", "Kingdom"} <= set(lines)  # hyphenated before


def app_entities(app) -> list[dict]:
    """The entities of the app's graph, read from its embedded FalkorDB."""
    from graph.config import resolve
    from graph.engines import open_store

    with open_store(resolve(None, env={"KG_DATA_DIR": app.env["KG_DATA_DIR"]})) as store:
        return list(store.run("MATCH (e:Entity) RETURN e.name AS name"))


def test_the_drawn_view_downloads_as_png_graphml_and_csv(app, context):
    """Each file holds what is drawn: as many entities and relationships as the caption says."""
    import csv
    import io
    import re

    import networkx as nx
    from PIL import Image

    page = context.new_page()
    page.goto(app.url)
    browser.graph_canvas(page).wait_for(timeout=120_000)
    browser.wait_idle(page)
    caption = page.get_by_text(re.compile(r"^Drawn: \d")).first.inner_text()
    entities, relationships = (int(n.replace(",", "")) for n in
                               re.match(r"Drawn: ([\d,]+) entities, ([\d,]+) relationships", caption).groups())

    def download(label: str) -> bytes:
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=label).click()
        return Path(info.value.path()).read_bytes()

    nodes = list(csv.DictReader(io.StringIO(download("Entities CSV").decode())))
    edges = list(csv.DictReader(io.StringIO(download("Relationships CSV").decode())))
    assert len(nodes) == entities and len(edges) == relationships
    assert {e["source"] for e in edges} | {e["target"] for e in edges} <= {n["id"] for n in nodes}
    graphml = nx.read_graphml(io.BytesIO(download("GraphML")))
    assert graphml.number_of_nodes() == entities and graphml.number_of_edges() == relationships
    picture = Image.open(io.BytesIO(download("PNG")))
    assert picture.format == "PNG" and picture.width > 600 and len(picture.getcolors(1 << 16) or []) > 5


def test_a_shared_link_opens_the_same_view(app, context):
    """Filters and selection go into the URL; that URL opened in a new page shows the same view,
    and so does a link to a saved view with its parameter."""
    import json
    from urllib.parse import parse_qs, quote, urlparse

    page = _typed_class(app, context, "State")
    page.wait_for_url("**type=State**", timeout=20_000)
    assert parse_qs(urlparse(page.url).query) == {"type": ["State"]}
    shared = page.url

    other = context.new_page()
    other.goto(shared)
    browser.graph_canvas(other).wait_for(timeout=60_000)
    browser.wait_idle(other)
    assert selected_tags(other, "Entity types") == ["State"]
    assert other.get_by_text("filtered by types State").first.is_visible()

    views = Path(app.env["KG_ONTOLOGY_DIR"]) / "views.json"
    views.parent.mkdir(parents=True, exist_ok=True)
    views.write_text(json.dumps({"version": 1, "views": [{
        "name": "Left treaty", "params": {"treaty": "Open Skies Treaty"},
        "cypher": "MATCH (s:Entity)-[r:WITHDRAWS_FROM]->(t:Entity {name: $treaty}) RETURN s, r, t"}]}))
    try:
        linked = context.new_page()
        linked.goto(app.url + "?view=" + quote("Left treaty") + "&vp.treaty=" + quote("INF Treaty")
                    + "&entity=russia")
        browser.graph_canvas(linked).wait_for(timeout=60_000)
        browser.wait_idle(linked)
        linked.get_by_text("View “Left treaty”:").first.wait_for(timeout=20_000)
        assert linked.get_by_role("textbox", name="$treaty").input_value() == "INF Treaty"
        assert linked.locator("h3").filter(has_text="Russia").count() == 1  # the details panel
        assert parse_qs(urlparse(linked.url).query) == {"view": ["Left treaty"], "vp.treaty": ["INF Treaty"],
                                                         "entity": ["russia"]}
    finally:
        views.unlink()


def selected_tags(page, label: str) -> list[str]:
    """The values shown as chosen in the multiselect labelled ``label``."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label)
    return box.locator('.react-aria-ComboBox [data-tag] span[title]').all_inner_texts()


def _typed_class(app, context, name: str):
    """A new page on the app's graph with ``name`` typed into the entity-type filter and Enter."""
    page = context.new_page()
    page.goto(app.url)
    browser.graph_canvas(page).wait_for(timeout=120_000)
    browser.wait_idle(page)
    box = page.get_by_role("combobox", name="Entity types")
    box.click()
    box.type(name)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    browser.wait_idle(page)
    return page


def test_typing_a_class_and_enter_selects_that_class_only(app, context):
    """Typing "Organization" + Enter chose InternationalOrganization too (Streamlit's "Select 2
    matches" was the highlighted first option)."""
    page = _typed_class(app, context, "Organization")
    time.sleep(0.5)
    browser.wait_idle(page)
    assert selected_tags(page, "Entity types") == ["Organization"]


def test_cypher_query_shows_its_table(app, context):
    page = context.new_page()
    page.goto(app.url + "query")
    browser.wait_idle(page)
    browser.choose(page, "Start from an example", "Which states withdrew")
    page.get_by_role("button", name="Run").click()
    cell = browser.table_cell(page, 1, 0)
    cell.wait_for(state="attached", timeout=20_000)
    browser.wait_idle(page)
    summary = page.get_by_text("rows in").first
    summary.wait_for()
    rows = int(summary.inner_text().split(" rows in")[0].split()[-1])
    treaties = {browser.table_cell(page, 1, row).text_content() for row in range(rows)}
    # Asserted withdrawals only: the sample's "not withdrawing from New START" is not one.
    assert {"INF Treaty", "Open Skies Treaty"} <= treaties and "New START" not in treaties


def test_pages_load_without_errors(app, context):
    page = context.new_page()
    for name in ("insights", "documents", "ontology", "settings"):
        page.goto(app.url + name)
        browser.wait_idle(page)
        page.locator("h1").first.wait_for(timeout=20_000)
        assert page.locator('[data-testid="stException"]').count() == 0, name


def test_a_whole_session_sends_no_request_outside_the_machine(app, context):
    """Everything works offline: no font, icon or script is fetched from the internet."""
    from urllib.parse import urlparse

    page = context.new_page()
    outside: list[str] = []

    def watch(request) -> None:
        host = urlparse(request.url).hostname
        if request.url.startswith(("http:", "https:", "ws:", "wss:")) and host not in ("127.0.0.1", "localhost"):
            outside.append(request.url)

    page.on("request", watch)
    page.goto(app.url)
    browser.graph_canvas(page).wait_for(timeout=120_000)
    browser.wait_idle(page)
    for name in ("query", "insights", "documents", "ontology", "settings"):
        page.goto(app.url + name)
        browser.wait_idle(page)
        page.locator("h1").first.wait_for(timeout=20_000)
    time.sleep(1)
    assert outside == []


def test_play_steps_the_time_window_and_pause_stops_it(app, context):
    """The time slider's Play redraws the graph for one window after another (its caption says
    which window and how many statements); Pause leaves the window where it is."""
    import re
    from urllib.parse import parse_qs, urlparse

    page = context.new_page()
    page.goto(app.url)
    browser.graph_canvas(page).wait_for(timeout=120_000)
    browser.wait_idle(page)
    page.locator('[data-testid="stButtonGroup"]').get_by_text("year", exact=True).click()
    said = page.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=re.compile(r"^\d{4}( – \d{4})?: [\d,]+ statements? on"))
    said.first.wait_for(timeout=20_000)
    first = said.first.inner_text()

    def window() -> str:
        return said.first.inner_text().split(":")[0]

    page.locator("button").filter(has_text="Play").click()
    page.locator("button").filter(has_text="Pause").wait_for(timeout=20_000)
    seen = {first.split(":")[0]}
    urls = set()
    deadline = time.monotonic() + 15
    while len(seen) < 3 and time.monotonic() < deadline:
        try:
            seen.add(window())
        except Exception:  # the caption is being redrawn
            pass
        urls.add(parse_qs(urlparse(page.url).query).get("when", [""])[0])
        time.sleep(0.2)
    assert len(seen) >= 3, seen  # the first window and at least two steps drawn
    assert len(urls - {""}) >= 2, urls  # the URL follows the window
    assert "playing" in said.first.inner_text()

    page.locator("button").filter(has_text="Pause").click()
    page.locator("button").filter(has_text="Play").wait_for(timeout=20_000)
    browser.wait_idle(page)
    paused = window()
    time.sleep(4)  # more than three steps' time
    assert window() == paused and "playing" not in said.first.inner_text()
    page.locator("button").filter(has_text="Stop").click()  # back to the first window
    page.wait_for_function("w => !document.body.innerText.includes(w + ':')", arg=paused, timeout=20_000)
    browser.wait_idle(page)
    assert window() == first.split(":")[0]
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_click_on_a_node_pauses_play(app, context):
    """Playing, a click on a node pauses the time slider: the graph stops changing under the
    details panel, which shows the entity clicked."""
    import re

    page = context.new_page()
    page.goto(app.url)
    canvas = browser.graph_canvas(page)
    canvas.wait_for(timeout=120_000)
    browser.wait_idle(page)
    # months: the sample corpus has dozens of them, so Play would not end by itself meanwhile
    page.locator('[data-testid="stButtonGroup"]').get_by_text("month", exact=True).click()
    said = page.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=re.compile(r"^\d{4}-\d{2}( – \d{4}-\d{2})?: [\d,]+ statements? on"))
    said.first.wait_for(timeout=20_000)

    def window() -> str:
        return said.first.inner_text().split(":")[0]

    page.locator("button").filter(has_text="Play").click()
    page.locator("button").filter(has_text="Pause").wait_for(timeout=20_000)
    browser.wait_idle(page)
    details = page.locator('[data-testid="stCaptionContainer"]').filter(has_text=" · id ")
    deadline = time.monotonic() + 30
    while details.count() == 0 and time.monotonic() < deadline:  # aim at a node of the current window
        spot = next((s for colour in TYPE_COLOURS.values() for s in browser.find_spots(page, canvas, colour, limit=1)),
                    None)
        if spot is not None:
            page.mouse.click(*spot)
        time.sleep(0.5)
    page.locator("button").filter(has_text="Play").wait_for(timeout=5_000)
    browser.wait_idle(page)
    clicked, paused = details.first.inner_text(), window()
    time.sleep(4)  # more than three steps' time
    assert window() == paused and "playing" not in said.first.inner_text()
    assert details.first.inner_text() == clicked
    assert page.locator('[data-testid="stException"]').count() == 0
