"""How fast the app feels, in a real browser (Debian's Chromium through Playwright), in one run.

    python bench/app_speed.py [--clicks 5] [--sizes 200,2000]

1. First run: launch ``streamlit run app.py`` on a fresh data folder and open it; the app loads the
   sample corpus (language model, extraction, load) and draws the graph. Measured from the launch
   of the app process to the first node drawn on the graph canvas.
2. Click -> details: a synthetic graph of N entities and 2.5 N relationships (one statement each,
   with its evidence sentence) is loaded into a fresh data folder, the app opened on it, and nodes
   clicked one after the other; measured from the click to the details panel showing the clicked
   entity (median and worst of ``--clicks`` clicks).

3. Interactions: on the same synthetic graphs, the median of ``--repeats`` times each of
   * filter: an entity type chosen in the sidebar (typed + Enter), or removed again, until the
     caption says the filter and the graph is drawn again;
   * click: a node clicked until the details panel names it (as 2.);
   * expand: a node double-clicked until the caption counts the entities in focus;
   * path: "Find the shortest path" between two entities until the path is written out;
   * page switch: Explore -> Query until its title shows, Query -> Explore until a node is drawn.

Targets: first graph < 15 s including the ingest; click -> details < 1 s at 2,000 entities;
each interaction's median < 1 s at 200 entities.
"""
from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.config import resolve  # noqa: E402
from graph.loader import Loader  # noqa: E402
from graph.engines import open_store  # noqa: E402
from ontology.model import load_ontology  # noqa: E402
from ontology.records import Document, Entity, ExtractionResult, Statement, document_id  # noqa: E402
from webapp import browser  # noqa: E402
from webapp.viz import TYPE_COLOURS  # noqa: E402

TYPES = ["State", "State", "Person", "InternationalOrganization", "GovernmentBody", "Organization"]
PREDICATES = ["supports", "opposes", "criticizes", "cooperates_with", "negotiates_with", "accuses"]
DETAILS = '[data-testid="stCaptionContainer"]'


def synthetic(n_entities: int, n_relationships: int, seed: int = 7) -> list[ExtractionResult]:
    """Documents of 50 statements; each (subject, predicate, object) once, every entity connected."""
    rng = random.Random(seed)
    entities = [Entity(f"e{i:05d}", f"Actor {i:05d}", TYPES[i % len(TYPES)]) for i in range(n_entities)]
    keys: set = set()
    for i in range(n_entities):  # a ring first, so that nobody is isolated
        keys.add((i, PREDICATES[i % len(PREDICATES)], (i + 1) % n_entities))
    while len(keys) < n_relationships:
        a, b = rng.randrange(n_entities), rng.randrange(n_entities)
        if a != b:
            keys.add((a, rng.choice(PREDICATES), b))
    statements = sorted(keys)
    out = []
    for d in range(0, len(statements), 50):
        text = f"synthetic document {d}"
        doc = Document(id=document_id(text), path=f"bench/{d}.txt", title=f"Bench {d}",
                       date="2021-06-01")
        sts = [Statement(doc=doc.name, subject=entities[a], predicate=p, object=entities[b], date="2021-06-01",
                         sentence=f"{entities[a].name} {p.replace('_', ' ')} {entities[b].name} (bench {d + k}).",
                         start=k * 80, end=k * 80 + 70, confidence=0.9, rule="bench", doc_id=doc.id)
               for k, (a, p, b) in enumerate(statements[d:d + 50])]
        used = {e.id: e for st in sts for e in (st.subject, st.object)}
        out.append(ExtractionResult(document=doc, entities=list(used.values()), statements=sts))
    return out


def environment(folder: Path) -> dict:
    return {"KG_DATA_DIR": str(folder / "g"), "KG_ONTOLOGY_DIR": str(folder / "o"),
            "KG_UPLOAD_DIR": str(folder / "u"), "KG_GRAPH_URL": None, "KG_GRAPH_NAME": None, "KG_SAMPLE_DIR": None}


def first_drawn(page, timeout: float = 180.0) -> None:
    """Wait until a node is drawn on the graph canvas."""
    canvas = browser.graph_canvas(page)
    canvas.wait_for(timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    colours = list(TYPE_COLOURS.values())
    while time.monotonic() < deadline:
        if any(browser.find_colour(page, canvas, c) for c in colours[:2]):
            return
        time.sleep(0.05)
    raise TimeoutError("no node drawn")


def first_run(context) -> float:
    folder = Path(tempfile.mkdtemp(prefix="tkg-bench-"))
    try:
        with browser.AppServer(environment(folder), start_timeout=120) as app:
            page = context.new_page()
            page.goto(app.url)
            first_drawn(page)
            elapsed = time.perf_counter() - app.started_at
            page.close()
        return elapsed
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def details_caption(page) -> str:
    """The caption under the entity's name in the details panel ("State · id `...` · ..."), or ""."""
    return page.evaluate("""sel => [...document.querySelectorAll(sel)].map(e => e.innerText)
                                 .filter(t => t.includes('· id')).join('|')""", DETAILS)


def node_spots(page, count: int) -> list[tuple[float, float]]:
    """Positions of ``count`` different nodes, taking turns between the type colours."""
    canvas = browser.graph_canvas(page)
    per_colour = [browser.find_spots(page, canvas, colour, limit=count) for colour in TYPE_COLOURS.values()]
    spots = [spot for group in zip(*[g for g in per_colour if g]) for spot in group]
    return spots[:count]


def clicks(context, n_entities: int, n_clicks: int) -> list[float]:
    folder = Path(tempfile.mkdtemp(prefix="tkg-bench-"))
    try:
        config = resolve(None, env={"KG_DATA_DIR": str(folder / "g")})
        with open_store(config) as store:
            Loader(store, load_ontology()).load(synthetic(n_entities, int(n_entities * 2.5)))
        times: list[float] = []
        misses: list = []
        with browser.AppServer(environment(folder), start_timeout=120) as app:
            page = context.new_page()
            page.goto(app.url)
            first_drawn(page)
            browser.wait_idle(page)
            time.sleep(3 if n_entities > 500 else 1.5)  # let the layout settle
            spots = node_spots(page, 3 * n_clicks)
            previous = ""
            for spot in spots:
                if len(times) == n_clicks:
                    break
                page.mouse.click(*spot)
                started = time.perf_counter()
                deadline = started + 10
                while time.perf_counter() < deadline:
                    shown = details_caption(page)
                    if shown and shown != previous:
                        times.append(time.perf_counter() - started)
                        previous = shown
                        break
                    time.sleep(0.01)
                else:
                    misses.append(spot)  # a relationship or the background was hit: not a node click
                browser.wait_idle(page)
            if len(times) < n_clicks:
                page.screenshot(path=str(Path(tempfile.gettempdir()) / "app_speed_failed.png"))
                raise RuntimeError(f"only {len(times)} of {n_clicks} clicks reached a node ({len(misses)} missed)")
            page.close()
        return times
    finally:
        shutil.rmtree(folder, ignore_errors=True)


INTERACTIONS = ("filter", "click", "expand", "path", "page switch")


def _caption(page) -> str:
    """The Explore caption counting what is drawn ("Drawn: ..."), or ""."""
    return page.evaluate("""sel => [...document.querySelectorAll(sel)].map(e => e.innerText)
                                 .filter(t => t.startsWith('Drawn: ')).join('|')""", DETAILS)


def _until(page, done, timeout: float = 30.0) -> float:
    """Seconds until ``done()`` holds and the script run is over (polled every 10 ms)."""
    started = time.perf_counter()
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if done():
            browser.wait_idle(page)
            return time.perf_counter() - started
        time.sleep(0.01)
    raise TimeoutError("the interaction did not finish")


def _settle(page, seconds: float) -> None:
    browser.wait_idle(page)
    time.sleep(seconds)


def interactions(context, n_entities: int, repeats: int) -> dict[str, list[float]]:
    """Times of each of :data:`INTERACTIONS` on a synthetic graph of ``n_entities``."""
    folder = Path(tempfile.mkdtemp(prefix="tkg-bench-"))
    settle = 3 if n_entities > 500 else 1.5
    times: dict[str, list[float]] = {name: [] for name in INTERACTIONS}
    try:
        config = resolve(None, env={"KG_DATA_DIR": str(folder / "g")})
        with open_store(config) as store:
            Loader(store, load_ontology()).load(synthetic(n_entities, int(n_entities * 2.5)))
        with browser.AppServer(environment(folder), start_timeout=120) as app:
            page = context.new_page()
            page.goto(app.url)
            first_drawn(page)
            _settle(page, settle)
            for k in range(repeats):
                # filter: choose a type, then remove it
                kind = ["State", "Person"][k % 2]
                box = page.get_by_role("combobox", name="Entity types")
                box.click()
                box.type(kind)
                page.keyboard.press("Enter")
                times["filter"].append(_until(page, lambda: f"filtered by types {kind}" in _caption(page)))
                page.keyboard.press("Escape")
                _settle(page, settle)
                page.get_by_role("button", name=f"Remove {kind}").click()
                times["filter"].append(_until(page, lambda: "filtered by" not in _caption(page)))
                _settle(page, settle)
            for k in range(repeats):
                # path: the synthetic graph is a ring with chords, so any two entities are joined
                if not page.get_by_role("combobox", name="From").is_visible():
                    page.get_by_text("Find a path between two entities").click()
                    time.sleep(0.5)
                browser.choose(page, "From", f"Actor {k:05d}")
                browser.choose(page, "To", f"Actor {(k * 37 + n_entities // 2) % n_entities:05d}")
                page.get_by_role("button", name="Find the shortest path").click()
                times["path"].append(_until(page, lambda: page.get_by_text("Path:").count() > 0))
                _settle(page, settle)
                page.get_by_role("button", name="Whole graph").click()
                _until(page, lambda: "in focus" not in _caption(page))
                _settle(page, settle)
            for k in range(repeats):
                # click and expand: a node clicked, then another double-clicked
                spots = node_spots(page, 12)
                previous = details_caption(page)
                for spot in spots:
                    page.mouse.click(*spot)
                    try:
                        times["click"].append(_until(page, lambda: details_caption(page) not in ("", previous),
                                                     timeout=5))
                        break
                    except TimeoutError:
                        continue  # hit a relationship or the background
                _settle(page, settle)
                for spot in node_spots(page, 12):
                    page.mouse.dblclick(*spot)
                    try:
                        times["expand"].append(_until(page, lambda: "in focus" in _caption(page), timeout=5))
                        break
                    except TimeoutError:
                        continue
                _settle(page, settle)
                page.get_by_role("button", name="Whole graph").click()
                _until(page, lambda: "in focus" not in _caption(page))
                _settle(page, settle)
            for k in range(repeats):
                page.get_by_role("link", name="Query").click()
                times["page switch"].append(_until(page, lambda: page.locator("h1").filter(has_text="Query").count()))
                _settle(page, 0.5)
                page.get_by_role("link", name="Explore").click()
                started = time.perf_counter()
                first_drawn(page)
                browser.wait_idle(page)
                times["page switch"].append(time.perf_counter() - started)
                _settle(page, settle)
            page.close()
        return times
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=5)
    parser.add_argument("--sizes", default="200,2000", help="entity counts of the click benchmark")
    parser.add_argument("--repeats", type=int, default=5, help="times each interaction is measured")
    parser.add_argument("--only-interactions", action="store_true", help="skip the first run and 2.")
    args = parser.parse_args()
    if not Path(browser.CHROMIUM).exists():
        print(f"error: {browser.CHROMIUM} not found: apt-get install -y chromium", file=sys.stderr)
        return 1
    sizes = [int(s) for s in args.sizes.split(",")]
    with browser.chromium() as context:
        if not args.only_interactions:
            seconds = first_run(context)
            print(f"first run: launch -> first graph drawn (sample corpus ingested) {seconds:.1f} s  "
                  "(target < 15 s)", flush=True)
            for size in sizes:
                times = clicks(context, size, args.clicks)
                print(f"{size} entities, {int(size * 2.5)} relationships: click -> details median "
                      f"{statistics.median(times):.2f} s, worst {max(times):.2f} s over {len(times)} clicks  "
                      "(target < 1 s)", flush=True)
        table = {size: interactions(context, size, args.repeats) for size in sizes}
    print("\n| interaction | " + " | ".join(f"{s:,} entities: median (worst) s, n" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name in INTERACTIONS:
        cells = [f"{statistics.median(t):.2f} ({max(t):.2f}), {len(t)}" if t else "—"
                 for t in (table[s][name] for s in sizes)]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("target: median < 1 s at 200 entities", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
