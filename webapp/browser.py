"""Drive the app in a real browser, for the end-to-end tests, the screenshots and the app bench.

:class:`AppServer` runs ``streamlit run app.py`` on a free 127.0.0.1 port with the environment it
is given (tests point ``KG_DATA_DIR`` and friends at a temporary folder) and stops it, and with it
the embedded FalkorDB it started. :func:`chromium` opens Debian's Chromium (``/usr/bin/chromium``)
through Playwright for Python, with a fresh profile; ``playwright install`` is never needed.
"""
from __future__ import annotations

import contextlib
import io
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator, Mapping, Optional

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """``streamlit run app.py`` as a child process; use as a context manager."""

    def __init__(self, env: Mapping[str, Optional[str]], port: Optional[int] = None,
                 start_timeout: float = 60.0, address: Optional[str] = "127.0.0.1") -> None:
        """``env`` is added to this process's environment; a None value removes the variable.
        ``address`` None leaves the bind address to the app's own ``.streamlit/config.toml``."""
        merged = {**os.environ, **{k: v for k, v in env.items() if v is not None}}
        self.env = {k: v for k, v in merged.items() if env.get(k, "") is not None}
        self.port = port or free_port()
        self.start_timeout = start_timeout
        self.process: Optional[subprocess.Popen] = None
        self.log = tempfile.NamedTemporaryFile(prefix="treatykg-app-", suffix=".log", delete=False)
        self.started_at = 0.0
        self.address = address

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> "AppServer":
        self.started_at = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             *(["--server.address", self.address] if self.address else []), "--server.headless", "true",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=REPO, env=self.env, stdin=subprocess.DEVNULL, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited at start (code {self.process.returncode}): {self.output()[-2000:]}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=1) as reply:
                    if reply.read().strip() == b"ok":
                        return self
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the app did not answer within {self.start_timeout:.0f}s: {self.output()[-2000:]}")

    def stop(self) -> None:
        """SIGTERM (Streamlit shuts down and the embedded FalkorDB stops with it), then SIGKILL."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def output(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")

    def __enter__(self) -> "AppServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        with contextlib.suppress(OSError):
            os.unlink(self.log.name)


@contextlib.contextmanager
def chromium(width: int = 1440, height: int = 1000) -> Iterator:
    """A Playwright browser context on Debian's Chromium with a fresh profile."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="treatykg-chromium-") as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height})
        try:
            yield context
        finally:
            context.close()


def wait_idle(page, timeout: float = 60.0) -> None:
    """Wait until the script run has finished (and the page has content)."""
    page.wait_for_selector(IDLE, timeout=timeout * 1000)
    page.wait_for_selector('[data-testid="stMainBlockContainer"]', timeout=timeout * 1000)


def graph_canvas(page, index: int = 0):
    """The ``index``-th neo4j-viz graph's drawing area (its 2D canvas; the WebGL one lies under it)."""
    return page.locator('[data-testid="nvl-c2d-canvas"]').nth(index)


_OVERLAYS = """(canvas) => {
    const box = canvas.getBoundingClientRect();
    const covers = [];
    for (const el of canvas.getRootNode().querySelectorAll(
            '[class*="legend"], [class*="interaction-island"], [class*="sidepanel"]')) {
        const r = el.getBoundingClientRect();
        const over = r.right > box.left && r.left < box.right && r.bottom > box.top && r.top < box.bottom;
        if (r.width > 0 && r.height > 0 && over) covers.push([r.left, r.top, r.right, r.bottom]);
    }
    return {box: [box.left, box.top, box.width, box.height], covers};
}"""


def find_colour(page, canvas, colour: str, tolerance: int = 6) -> Optional[tuple[float, float]]:
    """Viewport coordinates of the deepest point of a patch of ``colour`` ("#rrggbb") drawn in a
    graph (the middle of a node disc), or None. See :func:`find_spots`."""
    spots = find_spots(page, canvas, colour, tolerance, limit=1)
    return spots[0] if spots else None


def find_spots(page, canvas, colour: str, tolerance: int = 6, limit: int = 10,
               min_depth: int = 2) -> list[tuple[float, float]]:
    """Viewport coordinates of up to ``limit`` patches of ``colour`` drawn in a graph, deepest
    first: nodes are flat discs, so the pixel of a patch farthest from its edge is a node's middle
    (edges and captions are thin). Pixels under the legend and buttons are left out. Works with
    both renderers: it looks at the screen, not at a canvas."""
    from PIL import Image

    canvas.scroll_into_view_if_needed()
    found = canvas.evaluate(_OVERLAYS)
    left, top, box_width, box_height = found["box"]
    clip = {"x": left, "y": top, "width": box_width, "height": box_height}
    image = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB")
    width, height = image.size
    scale_x, scale_y = box_width / width, box_height / height

    def covered(x: int, y: int) -> bool:
        px, py = left + x * scale_x, top + y * scale_y
        return any(a - 4 <= px <= c + 4 and b - 4 <= py <= d + 4 for a, b, c, d in found["covers"])

    target = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    pixels = image.load()
    hits = {(x, y) for y in range(height) for x in range(width)
            if all(abs(a - b) <= tolerance for a, b in zip(pixels[x, y], target)) and not covered(x, y)}
    # depth of each pixel = erosions it survives (4-neighbourhood)
    depth: dict[tuple[int, int], int] = {}
    layer, level = set(hits), 0
    while layer:
        level += 1
        inner = {(x, y) for x, y in layer
                 if {(x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)} <= layer}
        for point in layer - inner:
            depth[point] = level
        layer = inner
    spots: list[tuple[int, tuple[int, int]]] = []
    taken: set = set()
    for point in sorted(depth, key=lambda p: -depth[p]):
        if depth[point] < min_depth or len(spots) >= limit:
            break
        if any(abs(point[0] - q[0]) <= 2 * depth[q] + 2 and abs(point[1] - q[1]) <= 2 * depth[q] + 2 for q in taken):
            continue  # the same disc
        taken.add(point)
        spots.append((depth[point], point))
    return [(left + x * scale_x, top + y * scale_y) for _, (x, y) in spots]


def table_cell(page, column: int, row: int, index: int = 0):
    """A cell of the ``index``-th ``st.dataframe`` (its accessible table, as screen readers see it)."""
    return page.locator('[data-testid="stDataFrame"]').nth(index).locator(f'[data-testid="glide-cell-{column}-{row}"]')


def choose(page, label: str, text: str) -> None:
    """Pick the option containing ``text`` in the Streamlit selectbox labelled ``label``."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    box.fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_idle(page)
