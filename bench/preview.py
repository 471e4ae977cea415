"""Preview latency: from saving a file to the new text on the page the preview server serves.

bantin is run the way `make serve` runs it; plain MkDocs (`mkdocs serve`) and Hugo (`hugo server`)
preview the same bulletins as peers. Every server binds 127.0.0.1 on a free port and is stopped
(its whole process group) when the measure ends, also on error.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import content
import measure
import projects
from table import Row, count, times

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from sitebuild import DEMO, DEMO_PROGRAMME  # noqa: E402  (the tests' demo fixture, which the bench builds)

POLL = 0.05  # seconds between two fetches: well under the 1 s target
PROGRAMME = DEMO_PROGRAMME
STATS_URL = f"/thong-ke/{PROGRAMME}/"
INDICATOR = "van-ban-chuyen-doi-so"  # the demo bulletin quotes it: "đã ban hành 36 văn bản"
# The indicator's `actual:` line, whatever other fields (and comments) its block has.
ACTUAL = re.compile(rf"(- id: {INDICATOR}\n(?:[ \t]+[^\n]*\n)*?[ \t]+actual: )\d+")
AS_OF = re.compile(r"^[ \t]*- as_of: *(\d{4}-\d\d-\d\d)", re.MULTILINE)
TARGET = 1.0


class PreviewError(RuntimeError):
    pass


@dataclass
class Latencies:
    case: str
    kind: str
    seconds: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", "replace")


@contextlib.contextmanager
def serving(command: list[str], cwd: Path, env: dict, base: str, ready: str):
    """A preview server until the block ends; yields the seconds it took to serve `ready` (its first build)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            yield _wait_until_served(process, base + ready, start, errors)
        finally:
            measure.stop_group(process)


def _wait_until_served(process, url: str, start: float, errors) -> float:
    """Connection refused until the first build ends; a server that stops working before is hung."""
    watch = measure.StallWatch(process.pid)
    while True:
        try:
            fetch(url)
            return time.perf_counter() - start
        except OSError:
            pass
        if process.poll() is not None or watch.stalled():
            errors.seek(0)
            what = "exited" if process.poll() is not None else f"hung (no CPU for {measure.STALL_SECONDS:.0f} s)"
            raise PreviewError(f"{what} before serving; {errors.read().decode('utf-8', 'replace')[-1500:]}")
        time.sleep(0.2)


def wait_for(checks: dict[str, str], started: float, limit: float) -> dict[str, float]:
    """Seconds from `started` until each URL shows its text. (No stall watch here: the polling itself
    keeps the server busy, so a deadline stands in for it.)"""
    found: dict[str, float] = {}
    while len(found) < len(checks):
        for url, text in checks.items():
            if url not in found:
                try:
                    if text in fetch(url).replace("\xa0", " "):  # bantin writes "401 văn bản" with NBSPs
                        found[url] = time.perf_counter() - started
                except OSError:
                    pass  # the server may refuse while it swaps in the new build
        if time.perf_counter() - started > limit:
            missing = ", ".join(url for url in checks if url not in found)
            raise PreviewError(f"not updated after {limit:.0f} s: {missing}")
        time.sleep(POLL)
    return found


def edit_body(path: Path, original: str, marker: str) -> None:
    """A new last paragraph: what an editor's save does to one bulletin."""
    path.write_text(original.rstrip("\n") + f"\n\nĐã cập nhật: {marker}.\n", encoding="utf-8")


def body_latencies(kind: str, case: str, project: Path, base: str, names: list[str], edits: int,
                   limit: float) -> Latencies:
    result = Latencies(case, "bulletin edit → its page")
    folder = project / ("content/tin-tuc" if kind == "hugo" else projects.NEWS_FOLDER)
    for number in range(edits):
        name = names[(number * 7919) % len(names)]  # a different bulletin each time
        path = folder / name
        original = path.read_text(encoding="utf-8")
        marker = f"bench-{os.getpid()}-{number}-{time.time_ns()}"
        started = time.perf_counter()
        edit_body(path, original, marker)
        url = base + projects.bulletin_url(kind, name)
        result.seconds.append(wait_for({url: marker}, started, limit)[url])
    return result


def quoting_bulletin(project: Path) -> str:
    """The URL of the demo's bulletin that quotes INDICATOR (its `slug:`, or its file name)."""
    for path in sorted((project / "docs" / "tin-tuc").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if INDICATOR in text:
            slug = re.search(r"^slug: *(\S+)", text, re.MULTILINE)
            return projects.bulletin_url("bantin", slug.group(1) if slug else path.name)
    raise PreviewError(f"no bulletin in docs/tin-tuc/ quotes {INDICATOR} (the demo changed)")


def latest_report(text: str) -> tuple[int, int]:
    """Where the latest report (by `as_of`, in any order in the file) starts and ends in the YAML text:
    the statistics page and the demo bulletin show its numbers."""
    starts = sorted((m.group(1), m.start()) for m in AS_OF.finditer(text))
    if not starts:
        raise PreviewError("no `as_of:` in the programme file (the demo data changed)")
    start = starts[-1][1]
    return start, min([position for _, position in starts if position > start] + [len(text)])


def data_latencies(project: Path, base: str, edits: int, limit: float) -> tuple[Latencies, Latencies]:
    """An indicator's `actual` changed: the statistics page and the bulletin quoting it must both show it."""
    stats = Latencies("bantin", f"data edit → statistics page {STATS_URL}")
    bulletin = Latencies("bantin", "data edit → bulletin quoting it")
    data = project / "data" / "programmes" / f"{PROGRAMME}.yml"
    original, quoting = data.read_text(encoding="utf-8"), base + quoting_bulletin(project)
    start, end = latest_report(original)
    if not ACTUAL.search(original, start, end):
        raise PreviewError(f"{data.name}: no `actual:` of {INDICATOR} to change (the demo data changed)")
    for number in range(edits):
        value = 401 + number  # new each time, below 1,000: written the same way on both pages ("401 văn bản")
        changed = original[:start] + ACTUAL.sub(rf"\g<1>{value}", original[start:end], count=1) + original[end:]
        started = time.perf_counter()
        data.write_text(changed, encoding="utf-8")
        found = wait_for({base + STATS_URL: f"{value} văn bản", quoting: f"{value} văn bản"}, started, limit)
        stats.seconds.append(found[base + STATS_URL])
        bulletin.seconds.append(found[quoting])
    return stats, bulletin


def bantin_env(project: Path, search: bool) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project / "hooks"))  # as the Makefile
    env.pop("BANTIN_NO_SEARCH", None)
    if not search:
        env["BANTIN_NO_SEARCH"] = "1"
    return env


def measure_bantin(root: Path, items: list[content.Bulletin], edits: int, log) -> list[Latencies]:
    """`make serve` on the demo + bulletins. If it never serves with Pagefind (it hangs), the search-off
    preview is measured instead and its rows say so."""
    project = projects.bantin(root / "bantin-preview", items)
    names = [item.name for item in items]
    kinds = ("bulletin edit → its page", f"data edit → statistics page {STATS_URL}",
             "data edit → bulletin quoting it")
    for search in (True, False):
        case = "bantin (`make serve`)" if search else "bantin, search off"
        results = [Latencies(case, kind, note="" if search else "`make serve` with Pagefind never served")
                   for kind in kinds]
        port = free_port()
        command = [sys.executable, "hooks/bantin_serve.py", str(port)]  # as `make serve`
        base = f"http://127.0.0.1:{port}"
        try:
            with serving(command, project, bantin_env(project, search), base, "/") as first:
                log(f"preview {case}: serving after {first:.1f} s")
                _edits(results, project, base, names, edits, 4 * first + 30, log)
            return results
        except PreviewError as error:  # the server never served: nothing measured
            log(f"preview {case}: {error}")
            for result in results:
                result.note = str(error).split(";")[0]
    return results


def _edits(results: list[Latencies], project: Path, base: str, names: list[str], edits: int, limit: float,
           log) -> None:
    """Body edits, then data edits; a kind that fails keeps its note, the others are still measured."""
    body, stats, quoting = results
    try:
        body.seconds = body_latencies("bantin", body.case, project, base, names, edits, limit).seconds
    except PreviewError as error:
        log(f"preview {body.case}, body edits: {error}")
        body.note = str(error)
    try:
        found = data_latencies(project, base, edits, limit)
        stats.seconds, quoting.seconds = found[0].seconds, found[1].seconds
    except PreviewError as error:
        log(f"preview {stats.case}, data edits: {error}")
        stats.note = quoting.note = str(error)


def measure_peer(kind: str, root: Path, items: list[content.Bulletin], edits: int, log) -> Latencies:
    case = "plain MkDocs (`mkdocs serve`)" if kind == "plain" else "Hugo (`hugo server`)"
    port = free_port()
    if kind == "plain":
        project = projects.plain_mkdocs(root / "plain-preview", items)
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"),
                   "--dev-addr", f"127.0.0.1:{port}", "--livereload"]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    else:
        hugo = shutil.which("hugo")
        if not hugo:
            return Latencies(case, "bulletin edit → its page", note="not installed")
        project = projects.hugo(root / "hugo-preview", items)
        command = [hugo, "server", "-s", str(project), "--bind", "127.0.0.1", "--port", str(port)]
        env = dict(os.environ)
    base = f"http://127.0.0.1:{port}"
    try:
        with serving(command, project, env, base, projects.bulletin_url(kind, items[0].name)) as first:
            log(f"preview {case}: serving after {first:.1f} s")
            return body_latencies(kind, case, project, base, [i.name for i in items], edits, 4 * first + 30)
    except PreviewError as error:
        log(f"preview {case}: {error}")
        return Latencies(case, "bulletin edit → its page", note=str(error).split(";")[0])


# The editor's "Xem trước" in its own process (bantin.preview.page.Pages), timed in a child with the project's code:
# one call to warm it, then `edits` unsaved texts of different bulletins, each to its page's HTML.
_EDITOR_CHILD = """
import json, sys, time
from pathlib import Path
from bantin.preview.page import Pages
project, names, url = Path(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
pages, seconds = Pages(project), []
for number, name in enumerate(names):
    original = (project / url / name).read_text(encoding="utf-8")
    marker = f"bench-{number}-{time.time_ns()}"
    text = original.rstrip("\\n") + f"\\n\\nĐã cập nhật: {marker}.\\n"
    started = time.perf_counter()
    made = pages.output(sys.argv[4 + number], {f"{url.removeprefix('docs/')}/{name}": text})
    seconds.append(time.perf_counter() - started)
    assert made is not None and marker in made.body.decode(), name
print(json.dumps(seconds))
"""


def measure_editor(root: Path, items: list[content.Bulletin], edits: int, log) -> Latencies:
    result = Latencies("bantin editor (`make edit`, in process)", "unsaved bulletin → its page")
    project = projects.bantin(root / "bantin-editor", items)
    names = [items[(number * 7919) % len(items)].name for number in range(edits + 1)]
    addresses = [projects.bulletin_url("bantin", name).lstrip("/") for name in names]
    try:
        done = subprocess.run([sys.executable, "-c", _EDITOR_CHILD, str(project), json.dumps(names),
                               projects.NEWS_FOLDER, *addresses], cwd=project, capture_output=True, text=True,
                              env=bantin_env(project, search=False), timeout=600)
    except subprocess.TimeoutExpired:
        result.note = "no answer in 600 s"
        return result
    if done.returncode != 0:
        result.note = f"failed: {done.stderr.strip().splitlines()[-1:]}"
        return result
    first, *result.seconds = json.loads(done.stdout)
    log(f"preview {result.case}: first call {first:.2f} s (warming up), then {result.seconds}")
    return result


def measure_all(root: Path, size: int, edits: int, peer_edits: int, log) -> list[Latencies]:
    items = content.bulletins(size, content.category_ids(DEMO / "data" / "site.yml"))
    results = [measure_peer("plain", root, items, peer_edits, log)]
    results += measure_bantin(root, items, edits, log)
    results.append(measure_editor(root, items, edits, log))
    results.append(measure_peer("hugo", root, items, peer_edits, log))
    return results


def rows(results: list[Latencies], size: int) -> list[Row]:
    peer = next((r for r in results if r.case.startswith("plain") and r.median is not None), None)
    out = []
    for result in results:
        bantin = result.case.startswith("bantin")
        what = f"{result.case}: {result.kind}"
        sizes = f"{count(size)} bulletins"
        if result.median is None:
            out.append(Row("Preview", what, sizes, note=result.note or "no measure",
                           target=f"≤ {TARGET:.0f} s" if bantin else "", met=False if bantin else None))
            continue
        ratio = times(result.median / peer.median, "plain MkDocs preview") if peer and result is not peer \
            else "1.00 (peer)" if result is peer else ""
        out.append(Row("Preview", what, sizes, result.median,
                       f"median of {len(result.seconds)} (max {max(result.seconds):.2f} s)", ratio,
                       target=f"≤ {TARGET:.0f} s" if bantin else "",
                       met=result.median <= TARGET if bantin else None, note=result.note))
    return out
