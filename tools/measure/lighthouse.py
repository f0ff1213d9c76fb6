"""Lighthouse (mobile defaults) on every page of the built site, served as a static host serves it.

    python -m tools.measure.lighthouse                    # build into a temporary folder, measure every page
    python -m tools.measure.lighthouse --site /tmp/site   # measure a built site
    python -m tools.measure.lighthouse --site /tmp/site --page lesson/ --page bn/lesson/ --runs 3
    python -m tools.measure.lighthouse --site /tmp/site --lang te --reports /tmp/lh   # keep the JSON reports

A measurement, not a timed test (issue 13). What it does:

1. builds the site with ``mkdocs build --strict`` unless ``--site`` names a built one;
2. serves it with nginx from Debian (``apt-get install nginx-light`` or ``nginx``) on
   127.0.0.1, as a static host would: gzip for text (level 6) and, where the build
   has them, its precompressed ``.gz`` twins (``gzip_static``; ``.br`` too when the
   Debian module ``libnginx-mod-http-brotli-static`` is installed);
3. runs Lighthouse (``node_modules/lighthouse``, pinned in package.json) with its
   default mobile profile (simulated slow 4G, 4x CPU slowdown, 412x823 screen) in
   Debian's headless Chromium (``CHROME_PATH``, default /usr/bin/chromium), one page
   at a time;
4. prints one table row per page (the median run by performance score when
   ``--runs`` > 1) and then, per page, the performance audits that cost most.

Exit status 1 when a page misses a target of issue 13 (performance >= 95, LCP <= 2.0 s,
TBT <= 150 ms, CLS <= 0.05, accessibility / best practices / SEO 100), so the script
can gate a release by hand; CI does not run it (timings depend on the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run --disable-sync")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100,
           "lcp": 2000.0, "tbt": 150.0, "cls": 0.05}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# nginx types for the gzip filter (text/html is always compressed)
GZIP_TYPES = ("text/css text/plain text/xml application/javascript application/json "
              "application/xml image/svg+xml application/manifest+json font/ttf")

NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
{modules}
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    types {{ application/javascript mjs; text/plain ipynb; }}
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    sendfile on;
    gzip on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_vary on;
    gzip_types {gzip_types};
    gzip_static on;
    {brotli}
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        error_page 404 /404.html;
        location / {{ try_files $uri $uri/ =404; }}
    }}
}}
"""


# --------------------------------------------------------------------------- server
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def brotli_module() -> str | None:
    """The load_module line of Debian's brotli_static module, when it is installed."""
    for path in (Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"),):
        if path.is_file():
            return f"load_module {path};"
    return None


class Nginx:
    """nginx serving ``site`` on 127.0.0.1 (a private configuration, no system files touched)."""

    def __init__(self, site: Path) -> None:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(binary).is_file():
            sys.exit("tools.measure.lighthouse: nginx is not installed "
                     "(as root: apt-get install -y nginx-light)")
        self.binary = binary
        self.site = site.resolve()
        self.tmp = Path(tempfile.mkdtemp(prefix="lighthouse-nginx-"))
        self.port = free_port()
        module = brotli_module()
        conf = NGINX_CONF.format(
            tmp=self.tmp, port=self.port, site=self.site, gzip_types=GZIP_TYPES,
            modules=module or "", brotli="brotli_static on;" if module else "",
        )
        self.conf = self.tmp / "nginx.conf"
        self.conf.write_text(conf, encoding="utf-8")
        self.brotli = bool(module)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Nginx:
        # as root nginx's worker drops to "nobody": the site must be world-readable (it is,
        # from mkdocs); the temporary folder must be reachable by it too.
        os.chmod(self.tmp, 0o755)
        self.process = subprocess.Popen(
            [self.binary, "-p", str(self.tmp), "-c", str(self.conf), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read() if self.process.stderr else b""
                sys.exit(f"nginx did not start:\n{error.decode(errors='replace')}")
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2):
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        sys.exit("nginx did not answer within 15 s")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)


# --------------------------------------------------------------------------- pages
def site_pages(site: Path) -> list[str]:
    """Every page of the built site ('', 'lesson/', 'bn/lesson/', ...), in a stable order."""
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("assets/", "downloads/", "search/")) or "/downloads/" in rel:
            continue
        pages.append(rel.removesuffix("index.html"))
    # English first, then the languages in folder order; within one, home first
    def key(page: str) -> tuple[int, str, str]:
        first = page.split("/", 1)[0]
        lang = first if len(first) == 2 and (site / first / "index.html").is_file() else ""
        return (0 if not lang else 1, lang, page)
    return sorted(pages, key=key)


# --------------------------------------------------------------------------- lighthouse
@dataclass
class Result:
    page: str
    scores: dict[str, int]
    fcp: float
    lcp: float
    tbt: float
    cls: float
    si: float
    dom: int
    transferred: int
    worst: list[str] = field(default_factory=list)
    failed_a11y: list[str] = field(default_factory=list)

    def misses(self) -> list[str]:
        out = []
        for name in CATEGORIES:
            if self.scores.get(name, 0) < TARGETS[name]:
                out.append(f"{name} {self.scores.get(name)} < {TARGETS[name]}")
        if self.lcp > TARGETS["lcp"]:
            out.append(f"LCP {self.lcp / 1000:.1f} s > 2.0 s")
        if self.tbt > TARGETS["tbt"]:
            out.append(f"TBT {self.tbt:.0f} ms > 150 ms")
        if self.cls > TARGETS["cls"]:
            out.append(f"CLS {self.cls:.3f} > 0.05")
        return out


# Lighthouse 12 reports many audits twice: the classic one and its "insight" twin.
SKIP_INSIGHTS_WITH_TWIN = {
    "render-blocking-insight", "dom-size-insight", "font-display-insight", "cache-insight",
    "legacy-javascript-insight", "duplicated-javascript-insight", "image-delivery-insight",
    "third-parties-insight", "viewport-insight", "document-latency-insight",
}
DIAGNOSTICS = ("mainthread-work-breakdown", "bootup-time", "dom-size", "render-blocking-resources",
               "unused-css-rules", "unused-javascript", "font-display", "uses-text-compression",
               "long-tasks", "layout-shifts", "forced-reflow-insight", "lcp-discovery-insight",
               "network-dependency-tree-insight", "cls-culprits-insight", "lcp-breakdown-insight")


def worst_audits(report: dict[str, Any], limit: int = 6) -> list[str]:
    """The performance audits that fail, most costly first (estimated savings, then weight)."""
    audits = report["audits"]
    weight = {ref["id"]: ref.get("weight", 0) for ref in report["categories"]["performance"]["auditRefs"]}
    rows = []
    for audit_id, audit in audits.items():
        if audit_id in SKIP_INSIGHTS_WITH_TWIN or (audit_id not in weight and audit_id not in DIAGNOSTICS):
            continue
        score, mode = audit.get("score"), audit.get("scoreDisplayMode")
        if mode in ("notApplicable", "manual", "error") or (score is not None and score >= 0.9):
            continue
        if mode == "informative" and audit_id not in DIAGNOSTICS:
            continue
        if weight.get(audit_id):  # the metrics themselves are in the table
            continue
        savings = {k: v for k, v in (audit.get("metricSavings") or {}).items() if v}
        saved = max(savings.values(), default=0)
        details = audit.get("displayValue") or ""
        text = audit["title"] + (f" ({details})" if details else "")
        if savings:
            text += " [" + ", ".join(f"{k} -{v:.0f}" + ("" if k == "CLS" else " ms") for k, v in savings.items()) + "]"
        rows.append((-saved, audit_id, text))
    rows.sort()
    out = [row[2] for row in rows[:limit]]
    element = audits.get("largest-contentful-paint-element", {}).get("details", {}).get("items", [])
    try:
        node = element[0]["items"][0]["node"]
        phases = {p["phase"]: p["timing"] for p in element[1]["items"]}
        out.append(f"LCP element: {node.get('nodeLabel', '')[:60]!r} ({node.get('selector', '')}); "
                   + ", ".join(f"{k} {v:.0f} ms" for k, v in phases.items()))
    except (IndexError, KeyError, TypeError):
        pass
    return out


def parse(page: str, report: dict[str, Any]) -> Result:
    audits = report["audits"]

    def num(name: str) -> float:
        value = audits.get(name, {}).get("numericValue")
        return float(value) if value is not None else float("nan")

    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    failed = [ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]
              if audits[ref["id"]].get("score") == 0]
    return Result(
        page=page, scores=scores,
        fcp=num("first-contentful-paint"), lcp=num("largest-contentful-paint"),
        tbt=num("total-blocking-time"), cls=num("cumulative-layout-shift"),
        si=num("speed-index"), dom=int(num("dom-size") if num("dom-size") == num("dom-size") else 0),
        transferred=int(num("total-byte-weight")),
        worst=worst_audits(report), failed_a11y=failed,
    )


def run_lighthouse(url: str, out: Path, chrome: str) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": chrome}
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=60000"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {url}: {report['runtimeError']}")
    return report


# --------------------------------------------------------------------------- output
def table(results: list[Result]) -> str:
    head = ("| page | perf | FCP | LCP | TBT | CLS | SI | DOM elements | transferred "
            "| a11y | best pr. | SEO |")
    lines = [head, "| " + " | ".join(["---"] * 12) + " |"]
    for r in results:
        lines.append(
            f"| {r.page or '/'} | {r.scores['performance']} | {r.fcp / 1000:.1f} s | {r.lcp / 1000:.1f} s "
            f"| {r.tbt:.0f} ms | {r.cls:.3f} | {r.si / 1000:.1f} s | {r.dom:,} | {r.transferred / 1024:.0f} KiB "
            f"| {r.scores['accessibility']} | {r.scores['best-practices']} | {r.scores['seo']} |"
        )
    return "\n".join(lines)


def build(where: Path) -> Path:
    site = where / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    print(f"building the site into {site} ...", file=sys.stderr)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--page", action="append", help="only this page, e.g. bn/lesson/ (repeatable)")
    parser.add_argument("--lang", action="append", help="only pages of this language: en, ru, bn, te (repeatable)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median by performance is shown")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        parser.error(f"{LIGHTHOUSE} is missing: run `npm ci`")
    if not Path(args.chrome).is_file():
        parser.error(f"no Chromium at {args.chrome} (apt-get install chromium, or set CHROME_PATH)")
    scratch = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    try:
        site = args.site.resolve() if args.site else build(scratch)
        if not (site / "index.html").is_file():
            parser.error(f"{site} is not a built site")
        pages = [p.removeprefix("/") for p in args.page] if args.page else site_pages(site)
        if args.lang:
            def lang_of(page: str) -> str:
                first = page.split("/", 1)[0]
                return first if len(first) == 2 and (site / first / "index.html").is_file() else "en"
            pages = [p for p in pages if lang_of(p) in args.lang]
        reports = args.reports or scratch / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        results: list[Result] = []
        with Nginx(site) as server:
            print(f"nginx on {server.url} (gzip_static on{', brotli_static on' if server.brotli else ''}); "
                  f"load average {os.getloadavg()[0]:.2f}; {len(pages)} pages x {args.runs} run(s)",
                  file=sys.stderr)
            for page in pages:
                runs = []
                for n in range(args.runs):
                    name = (page.strip("/").replace("/", "_") or "home") + f".{n + 1}.json"
                    started = time.monotonic()
                    report = run_lighthouse(f"{server.url}/{page}", reports / name, args.chrome)
                    runs.append(parse(page, report))
                    print(f"  {page or '/'} run {n + 1}: performance {runs[-1].scores['performance']} "
                          f"({time.monotonic() - started:.0f} s, load {os.getloadavg()[0]:.2f})",
                          file=sys.stderr)
                runs.sort(key=lambda r: r.scores["performance"])
                results.append(runs[len(runs) // 2])
        load = os.getloadavg()
        if args.json:
            print(json.dumps([r.__dict__ for r in results], indent=1))
        else:
            print(table(results))
            print(f"\nLighthouse {lighthouse_version()}, mobile defaults; load average at the end "
                  f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs; "
                  f"median of {args.runs} run(s); reports in {reports if args.reports else '(not kept)'}")
            print("\nWorst audits per page:")
            for r in results:
                print(f"\n{r.page or '/'}:")
                for line in r.worst or ["(none failing)"]:
                    print(f"  - {line}")
                if r.failed_a11y:
                    print(f"  - accessibility audits failing: {', '.join(r.failed_a11y)}")
        missed = [(r.page, r.misses()) for r in results if r.misses()]
        if missed and not args.json:
            print("\nMissing the targets of issue 13:")
            for page, misses in missed:
                print(f"  {page or '/'}: {'; '.join(misses)}")
        return 1 if missed else 0
    finally:
        if not args.reports:
            shutil.rmtree(scratch, ignore_errors=True)


def lighthouse_version() -> str:
    package = LIGHTHOUSE.parents[1] / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


if __name__ == "__main__":
    sys.exit(main())
