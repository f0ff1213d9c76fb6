"""The notebook runner's numbers (issue 9), measured in headless Chromium on a built site.

    python -m tools.measure.runner_numbers [SITE_DIR]      # default: site/

Prints: bytes before the first click (framework page), bytes and seconds to the
first output and to the first figure (cold), a warm cell run, one in-browser
epoch of the MNIST lab on the served subset, and the site's size with and
without the runner's files. Serves SITE_DIR on 127.0.0.1 itself; nothing is
fetched from anywhere else. Timings are of this machine: not tests.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync"]
CELLS = ".jupyter-wrapper .jp-Notebook > .jp-CodeCell"
RUNNER_PATHS = ("assets/pyodide", "assets/runner")


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def tree_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class Bytes:
    """Bytes of the responses a page received (body sizes, as served: no compression here)."""

    def __init__(self, page: object) -> None:
        self.total = 0
        page.on("requestfinished", self._finished)  # type: ignore[attr-defined]

    def _finished(self, request: object) -> None:
        sizes = request.sizes()  # type: ignore[attr-defined]
        self.total += sizes["responseBodySize"]


def idle(page: object, timeout: int = 600_000) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('.nb-run__run--stop')", timeout=timeout)


def wait_output(page: object, selector: str, counter: Bytes, start: float) -> tuple[float, int]:
    page.wait_for_selector(selector, timeout=300_000)  # type: ignore[attr-defined]
    return time.perf_counter() - start, counter.total


def framework_numbers(browser: object, url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    counter = Bytes(page)
    page.goto(url + "/framework/", wait_until="load")
    page.wait_for_timeout(1000)
    before = counter.total
    print(f"framework page, bytes before the first click: {before / 1e3:.1f} KB (as served, uncompressed)")
    cells = page.locator(CELLS)
    second = cells.nth(1)  # the first cell that prints (runs cell 1, the imports, first)
    start = time.perf_counter()
    second.locator(".nb-run__run").click()
    seconds, total = wait_output(page, f"{CELLS} >> nth=1 >> .nb-run__output pre", counter, start)
    print(f"cold, first output: {seconds:.1f} s, {(total - before) / 1e6:.1f} MB downloaded since the click")
    idle(page)
    figure = next(i for i in range(cells.count()) if cells.nth(i).locator(".jp-OutputArea-output img").count())
    start = time.perf_counter()
    cells.nth(figure).locator(".nb-run__run").click()
    seconds, total = wait_output(page, f"{CELLS} >> nth={figure} >> .nb-run__output img", counter, start)
    print(f"first figure (cell {figure + 1}, after the first output): {seconds:.1f} s, "
          f"{(total - before) / 1e6:.1f} MB downloaded since the first click")
    idle(page)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        second.locator(".nb-run__run").click()
        idle(page)
        runs.append(time.perf_counter() - start)
    print(f"warm cell run (cell 2, click to output, median of 5): {sorted(runs)[2]:.2f} s")
    start = time.perf_counter()
    second.locator(".nb-run__restart").click()
    second.locator(".nb-run__run").click()
    idle(page)
    print(f"after Restart (files cached by the browser), cell 2 again: {time.perf_counter() - start:.1f} s")
    context.close()


def lab_epoch(browser: object, url: str) -> None:
    """One epoch of the lab's first network on the served subset (the training cell with epochs=1)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url + "/mnist-lab/", wait_until="load")
    cells = page.locator(CELLS)

    def edit(index: int, change: tuple[str, str]) -> None:
        cell = cells.nth(index)
        code = cell.locator(".jp-InputArea pre").text_content() or ""
        if not cell.locator(".cm-content").count():
            cell.locator(".jp-InputArea pre").click()
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(code.replace(*change))

    # numpy in the browser is 32-bit: the lab's np.bincount(y_train) needs intp labels there
    edit(1, ("np.bincount(y_train)", "np.bincount(y_train.astype(np.intp))"))
    cells.nth(1).locator(".nb-run__run").click()
    idle(page)
    edit(2, ("epochs=15", "epochs=1"))
    cells.nth(2).locator(".nb-run__run").click()
    idle(page)
    output = cells.nth(2).locator(".nb-run__output").inner_text()
    line = next((x for x in output.splitlines() if "seconds per epoch" in x), output[-300:])
    print(f"MNIST lab on the served subset, one epoch of 784-128-64-10 in the browser: {line.strip()}")
    context.close()


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site").resolve()
    if not (site / "framework" / "index.html").is_file():
        print(f"{site} is not a built site (bash tools/dev.sh build)", file=sys.stderr)
        return 1
    total = tree_size(site)
    runner = sum(tree_size(site / p) for p in RUNNER_PATHS if (site / p).is_dir())
    print(f"site: {total / 1e6:.1f} MB in all; the runner's files {runner / 1e6:.1f} MB "
          f"({', '.join(RUNNER_PATHS)}); without them {(total - runner) / 1e6:.1f} MB")
    server, url = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            framework_numbers(browser, url)
            lab_epoch(browser, url)
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
