"""Take a screenshot of each page of the app, as shown in the README ("The app").

    python tools/screenshots.py                 # fresh data folder: the app loads the sample corpus
    python tools/screenshots.py --out DIR --data-dir DIR

Runs ``streamlit run app.py`` on a free 127.0.0.1 port and drives Debian's Chromium
(``/usr/bin/chromium``) with Playwright; each page gets one interaction that shows what it is for.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from webapp import browser  # noqa: E402

PAGES = ["explore", "query", "insights", "documents", "ontology", "settings"]


def explore(page) -> None:
    spot = browser.find_colour(page, browser.graph_canvas(page), "#8DCC93")  # a treaty
    if spot:
        page.mouse.click(*spot)
        page.locator('[data-testid="stExpander"]').first.wait_for(timeout=20000)
    browser.wait_idle(page)


def query(page) -> None:
    browser.choose(page, "Start from an example", "Which states withdrew")
    page.get_by_role("button", name="Run").click()
    page.get_by_text("rows in").or_(page.get_by_text("row in")).first.wait_for(timeout=20000)
    browser.wait_idle(page)


def insights(page) -> None:
    page.locator(".vega-embed").first.wait_for(timeout=20000)


def documents(page) -> None:
    browser.choose(page, "Open a document", "INF Treaty")
    page.locator("mark").first.wait_for(timeout=60000)
    browser.wait_idle(page)
    page.get_by_role("tab", name="Text with entities").scroll_into_view_if_needed()
    page.mouse.wheel(0, 520)


ACTIONS = {"explore": explore, "query": query, "insights": insights, "documents": documents}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "docs" / "screenshots"))
    parser.add_argument("--data-dir", help="use this data folder (default: a fresh one)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="tkg-shots-"))
    data = Path(args.data_dir) if args.data_dir else scratch / "graph"
    env = {"KG_DATA_DIR": str(data), "KG_ONTOLOGY_DIR": str(scratch / "ontology"),
           "KG_UPLOAD_DIR": str(scratch / "uploads")}
    try:
        with browser.AppServer(env) as app, browser.chromium() as context:
            page = context.new_page()
            page.goto(app.url)
            browser.graph_canvas(page).wait_for(timeout=120000)  # first run: the sample corpus is loaded
            browser.wait_idle(page)
            for name in PAGES:
                page.goto(app.url + ("" if name == "explore" else name))  # Explore is the main page: /
                browser.wait_idle(page)
                if name == "explore":
                    browser.graph_canvas(page).wait_for(timeout=30000)
                    time.sleep(2)  # let the layout settle
                ACTIONS.get(name, lambda p: None)(page)
                time.sleep(1)
                page.screenshot(path=str(out / f"{name}.png"))
                print(f"wrote {out / f'{name}.png'}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
