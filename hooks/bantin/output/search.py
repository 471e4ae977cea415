"""Search: Pagefind indexes the built site; its bundled binary comes from PyPI (`pagefind[bin]`).

Material's lunr search fails Vietnamese (measured: `ha noi` finds nothing for `Hà Nội`, đ is
lost, one multi-megabyte index). Pagefind matches tone marks loosely by itself; đ/d is
handled in the browser (`bantin-search.js`), which also searches the query with đ.

Memory: Pagefind keeps every page it indexes in memory several times over while it builds the
index (measured with 1.5.2: 950 MB for 4,000 bulletins, about 150 KB a page, half of the build's
time spent on a machine with little memory). So a site is indexed in parts of at most
PART_PAGES pages, one Pagefind process each, ended before the next starts, and
`pagefind_index.Joiner` joins the parts' indexes into the one a single run would write. Only
pages Pagefind would keep are sent: once a page marks its text with `data-pagefind-body`,
Pagefind drops every page that does not (lists, archives, tags: a quarter of the site).

Disk: Pagefind's own command exits 0 when the disk is full, leaving truncated files (measured:
every file cut at the size limit, exit 0). So its service builds each part in memory, sends the
files back, and this module writes them, where a failed write is an error.
"""
from __future__ import annotations

import base64
import collections
import contextlib
import io
import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import Any, cast

from .pagefind_index import CannotJoin, Joiner
from .publish import describe_os_error

log = logging.getLogger("bantin")  # what editors and IT staff read: Vietnamese

PART_PAGES = 800    # ≈ 160 MB for each Pagefind process (measured: about 200 KB a bulletin page)
PARALLEL = 2        # Pagefind processes at once (at most one a core)
AHEAD = 16          # pages sent before waiting for Pagefind's answers: its threads parse them meanwhile
_BODY = b"data-pagefind-body"
_ONE_RUN = (b"data-pagefind-filter", b"data-pagefind-sort")  # what the joiner does not join
# A part's pages waiting for its Pagefind (17 KB a page): the build waits only when a whole part is
# queued and both Pagefind processes are busy with the parts before it.
QUEUED = PART_PAGES

# A part's pages, (path in the site, HTML), then None when there are no more.
PageQueue = queue.Queue[tuple[str, str] | None]
# A message to or from Pagefind's service, as JSON decodes it (its keys and values are Pagefind's).
Json = dict[str, Any]


# bantin's templates put these around the element marked data-pagefind-body (see `searched`).
_SEARCHED = ("<!--search-->", "<!--/search-->")


class SearchIndexError(RuntimeError):
    pass


class _Failed(Exception):
    """Pagefind itself failed (its own message, or how its process ended)."""


def index_site(site_dir: Path, part_pages: int = PART_PAGES) -> None:
    """Write `site_dir/pagefind/`: the index of every page marked `data-pagefind-body`."""
    try:
        pages, one_run = pages_to_index(site_dir)
    except OSError as error:
        raise SearchIndexError(f"Pagefind không đọc được trang đã dựng: {describe_os_error(error)}") from None
    try:
        try:
            if one_run:
                log.info("Chỉ mục tìm kiếm: có trang có bộ lọc hay cách sắp xếp riêng; lập chỉ mục một lần cho cả "
                         "trang (cần nhiều bộ nhớ hơn)")
            files = _index(site_dir, pages, len(pages) if one_run else part_pages)
        except CannotJoin as cause:  # e.g. pages in several languages: one run, whatever its memory
            _one_run(cause)
            files = _index(site_dir, pages, len(pages))
    except (_Failed, CannotJoin, OSError) as error:
        raise _index_error(error) from None
    _write(site_dir, files)


def _one_run(cause: CannotJoin) -> None:
    """Said, not silent: the index is made in one run of Pagefind, which needs more memory than parts."""
    log.warning("Chỉ mục tìm kiếm: không ghép được các phần (%s); lập chỉ mục một lần cho cả trang (cần nhiều bộ "
                "nhớ hơn)", cause)


def _index_error(error: BaseException) -> SearchIndexError:
    said = describe_os_error(error) if isinstance(error, OSError) else error
    return SearchIndexError(f"Pagefind không tạo được chỉ mục tìm kiếm: {said}")


def _write(site_dir: Path, files: dict[str, bytes]) -> None:
    try:
        for name, content in files.items():
            path = site_dir / "pagefind" / _inside(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    except OSError as error:
        raise SearchIndexError(f"không ghi được chỉ mục tìm kiếm: {describe_os_error(error)}") from None


class LiveIndex:
    """Pagefind indexes the pages while the build writes them: the build keeps one core busy, Pagefind
    the other, and the index is ready soon after the last page (measured, 2.000 bulletins: after the
    build, Pagefind took 3,5–4,5 ms a bulletin more). The pages must come in the order `index_site` sends
    them (sorted paths: Pagefind numbers pages in the order they come); the same parts and joiner make the
    same index. What it cannot stream (filters or sorts, no page marked, pages out of order) is indexed
    after the build, by `index_site`.

    Each part, once Pagefind is done with it, is handed to the joiner and its pages' files are written
    at once, while the build or the other parts still run: writing 1.000 new files takes 0,3 s here
    (measured), which the end of the build no longer waits for."""

    def __init__(self, site_dir: Path, part_pages: int = PART_PAGES):
        self.site_dir, self.part_pages = site_dir, part_pages
        self.streaming = True  # False: `index_site` indexes the site once it is built
        self.last = ""
        self.slots = threading.BoundedSemaphore(min(PARALLEL, len(os.sched_getaffinity(0))))
        self.parts: list[_Part] = []  # in the index's order
        self.joiner = Joiner()
        self.cancelled = threading.Event()
        self.writing = threading.Lock()  # a part joins and writes holding it; abort waits for it

    def add(self, path: str, html: str) -> None:
        """A page just rendered (`path` relative to the site), in the order of paths."""
        if not self.streaming or not path.endswith(".html"):
            return
        marked, one_run = _search_marks(html.encode())
        if one_run:
            self._stop(f"trang {path} có bộ lọc hay cách sắp xếp riêng (data-pagefind-filter, data-pagefind-sort), "
                       "mà các phần của chỉ mục không ghép được")
            return
        if not marked:
            return
        if path < self.last:
            self._stop(f"trang {path} đến sau trang {self.last}, không theo thứ tự đường dẫn")
            return
        self.last = path
        if not self.parts or self.parts[-1].count == self.part_pages:
            if self.parts:
                self.parts[-1].followed = True
            self._end_part()
            self.parts.append(_Part(self.site_dir, self.slots, self.joiner, self.parts[-1] if self.parts else None,
                                    self.cancelled, self.writing))
        self.parts[-1].add(path, searched(html))

    def finish(self) -> None:
        """The index written in `site_dir/pagefind/` (SearchIndexError if it could not be)."""
        self._end_part()
        for part in self.parts:
            part.thread.join()
        failure = next((part.error for part in self.parts if part.error is not None), None)
        if not self.streaming or not self.parts or isinstance(failure, CannotJoin):
            if self.streaming and isinstance(failure, CannotJoin):  # a stop has said why already
                _one_run(failure)
            self._index_built_site()
            return
        if failure is not None:
            raise failure if isinstance(failure, SearchIndexError) else _index_error(failure)
        try:
            files = self.parts[0].rest if len(self.parts) == 1 else self.joiner.finish()
        except CannotJoin as cause:
            _one_run(cause)
            self._index_built_site()
            return
        _write(self.site_dir, files)

    def _index_built_site(self) -> None:
        """What could not be streamed (e.g. pages in several languages): `index_site` over the built site,
        without what the parts wrote."""
        shutil.rmtree(self.site_dir / "pagefind", ignore_errors=True)
        index_site(self.site_dir, self.part_pages)

    def abort(self) -> None:
        """The build failed: Pagefind stops, and the parts write nothing more (the build's folder goes)."""
        self.cancelled.set()
        self._stop()
        with self.writing:  # a part writing now finishes first; the next one sees `cancelled`
            pass

    def _stop(self, reason: str | None = None) -> None:
        """No more pages are sent. With a `reason` (said, not silent), the site is indexed once it is built
        (`index_site`); without, the build failed (`abort`)."""
        if reason is not None:
            log.info("Chỉ mục tìm kiếm: %s; lập chỉ mục sau khi dựng xong cả trang", reason)
        self.streaming = False
        if self.parts:  # what the last part has not yet sent is not needed, its end mark included
            last = self.parts[-1]
            _empty(last.pages)
            last.ended = True
            last.pages.put(None)

    def _end_part(self) -> None:
        if self.parts and not self.parts[-1].ended:
            self.parts[-1].ended = True
            self.parts[-1].pages.put(None)


class _Part:
    """Pages for one Pagefind process, sent by a thread of its own once a slot is free (at most PARALLEL
    processes); its index is then joined after the part before it, and its pages' files written. A daemon
    thread: an interrupted build does not wait for it."""

    def __init__(self, site_dir: Path, slots: threading.BoundedSemaphore, joiner: Joiner, before: _Part | None,
                 cancelled: threading.Event, writing: threading.Lock):
        self.site_dir, self.slots, self.joiner, self.before = site_dir, slots, joiner, before
        self.cancelled, self.writing = cancelled, writing
        self.pages: PageQueue = queue.Queue(maxsize=QUEUED)
        self.count, self.ended, self.followed = 0, False, False  # followed: not the last part
        self.rest: dict[str, bytes] = {}  # what is not written yet: the word index, for the joiner or as it is
        self.error: BaseException | None = None
        self.joined = threading.Event()  # set once this part is joined (or has failed)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def add(self, path: str, html: str) -> None:
        self.count += 1
        self.pages.put((path, html))

    def _run(self) -> None:
        try:
            files = self._index()
            if self.before is not None:
                self.before.joined.wait()  # parts join in order
                if self.before.error is not None:
                    self.error = self.before.error  # and the parts after it are not joined either
                    return
            with self.writing:
                if self.cancelled.is_set():
                    return  # the build failed: its folder is being deleted
                written = self.joiner.add(files)
                self.rest = {name: data for name, data in files.items() if name not in written}
                _write(self.site_dir, written)
            if self.followed:  # it will be joined: its words are read now, not at the end of the build
                self.joiner.read_ahead()
        except Exception as error:  # reported by `finish`, whatever it is
            self.error = error
        finally:
            self.joined.set()

    def _index(self) -> dict[str, bytes]:
        received_all = False

        def received() -> Iterator[tuple[str, str]]:
            nonlocal received_all
            while (page := self.pages.get()) is not None:
                yield page
            received_all = True

        with self.slots:
            try:
                return _index_pages(self.site_dir, received())
            except Exception:
                while not received_all and self.pages.get() is not None:
                    pass  # the build must not wait on a full queue; the failure waits for `finish`
                raise


def _empty(pages: PageQueue) -> None:
    try:
        while True:
            pages.get_nowait()
    except queue.Empty:
        pass


def _joined(parts: Iterable[dict[str, bytes]]) -> dict[str, bytes]:
    """The parts' indexes (in order, each taken as it comes) joined into one."""
    joiner, files = Joiner(), {}
    for part_files in parts:
        files.update(joiner.add(part_files))
    files.update(joiner.finish())
    return files


def index_site_aside(site_dir: Path) -> None:
    """`index_site` in a process of its own at the lowest priority: the preview indexes while the editor
    goes on saving, and a build in the preview process must not wait for it (measured: 0,93 s from a save
    to the page with search off, 1,3 s while the index of 2.000 bulletins was built in a thread)."""
    code = ("import sys; from pathlib import Path; from bantin.output import search; "
            "search.index_site(Path(sys.argv[1]))")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))  # hooks/
    done = subprocess.run([sys.executable, "-c", code, str(site_dir)], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, preexec_fn=lambda: os.nice(19))
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise SearchIndexError(lines[-1] if lines else f"mã thoát {done.returncode}")


def pages_to_index(site_dir: Path) -> tuple[list[str], bool]:
    """The HTML files Pagefind keeps (paths relative to `site_dir`, sorted: the page order of the index),
    and whether they must be indexed in one run (filters or sorts, which the joiner does not join)."""
    pages, marked, one_run = [], [], False
    for folder, folders, names in os.walk(site_dir):  # Pagefind's own glob: **/*.{html}
        folders.sort()
        base = Path(folder)
        for name in names:
            if name.endswith(".html") and (base / name).is_file():
                pages.append((base / name).relative_to(site_dir).as_posix())
    pages.sort()
    for page in pages:
        page_marked, page_one_run = _search_marks((site_dir / page).read_bytes())
        one_run = one_run or page_one_run
        if page_marked:
            marked.append(page)
    return (marked or pages), one_run


def _search_marks(html: bytes) -> tuple[bool, bool]:
    """Whether a page marks its text for Pagefind, and whether it has filters or sorts (one run)."""
    content = html.lower()  # HTML attribute names ignore case
    if b"data-pagefind-" not in content:
        return False, False
    return _has_attribute(content, _BODY), any(_has_attribute(content, name) for name in _ONE_RUN)


def searched(html: str) -> str:
    """What Pagefind is sent of a page: its head and the element marked data-pagefind-body, between
    the templates' two comments. Pagefind parses the whole page it is given, and the menu, sidebar and
    footer are half a bulletin page (measured, 1.000 bulletins: 3,3 s of Pagefind CPU → 2,5 s). Its
    automatic result image is the first <img> it is sent: the article's own, no longer the sidebar's
    banner on every page without one. A page without the comments is sent whole."""
    start, end = html.find(_SEARCHED[0]), html.rfind(_SEARCHED[1])  # an editor's text lies between
    head_end = html.find("</head>")
    if not -1 < head_end < start < end:
        return html
    return f"{html[:head_end]}</head><body>{html[start + len(_SEARCHED[0]):end]}</body></html>"


def _has_attribute(html: bytes, name: bytes) -> bool:
    """Whether a (lowercased) page has an element with the attribute `name` (not the words in its text)."""
    at = html.find(name)
    while at != -1:
        after = html[at + len(name):at + len(name) + 1]
        if html[at - 1:at].isspace() and (after.isspace() or after in b"=/>") and \
                html.rfind(b"<", 0, at) > html.rfind(b">", 0, at):
            return True
        at = html.find(name, at + 1)
    return False


def _inside(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise _Failed(f"tên tệp lạ trong chỉ mục: {name}")
    return path


def _index(site_dir: Path, pages: list[str], part_pages: int) -> dict[str, bytes]:
    """Every file of `pagefind/`, by its path inside it."""
    count = max(1, -(-len(pages) // max(part_pages, 1)))  # parts of even size: 4,002 pages → 5 × ~800
    parts = [pages[len(pages) * n // count:len(pages) * (n + 1) // count] for n in range(count)]
    if len(parts) == 1:
        return _index_part(site_dir, parts[0])
    # Pagefind's service answers one page at a time (measured: one core busy of two): two parts at once.
    workers = min(len(parts), PARALLEL, len(os.sched_getaffinity(0)))
    pool = ThreadPoolExecutor(workers)
    try:
        return _joined(pool.map(lambda part: _index_part(site_dir, part), parts))
    finally:
        pool.shutdown(cancel_futures=True)  # a part failed: the parts not begun are not begun


def _index_part(site_dir: Path, pages: list[str]) -> dict[str, bytes]:
    # A path relative to the service's folder (the site): Pagefind makes the page's URL from it,
    # exactly as when it walks the site itself.
    return _index_pages(site_dir, ((page, searched((site_dir / page).read_bytes().decode("utf-8", "replace")))
                                   for page in pages))


def _index_pages(site_dir: Path, pages: Iterable[tuple[str, str]]) -> dict[str, bytes]:
    """One Pagefind index of `pages` ((path in the site, HTML), in the index's order)."""
    with _Service(site_dir) as service:
        index = service.ask({"type": "NewIndex", "config": None})["index_id"]
        waiting = 0
        for page, html in pages:
            service.send({"type": "AddFile", "index_id": index, "file_path": page, "url": None,
                          "file_contents": html})
            waiting += 1
            if waiting == AHEAD:
                service.answer()
                waiting -= 1
        for _ in range(waiting):
            service.answer()
        answer = service.ask({"type": "GetFiles", "index_id": index})
        return {file["path"]: base64.b64decode(file["content"]) for file in answer["files"]}


class _Service:
    """`pagefind --service`: each request and each answer is base64 of JSON, then a comma. Pagefind's own
    Python client waits 0.1 s before reading each answer (an hour for 40,000 pages sent one by one) and
    reads its pipe with a limit an index outgrows (the build hung at 500 bulletins); this one reads
    answers in a thread as they come."""

    def __init__(self, cwd: Path):
        from pagefind.service import get_executable  # the binary of `pagefind[bin]`

        binary = get_executable()
        if binary is None:
            raise _Failed("không tìm thấy chương trình pagefind (gói pagefind[bin])")
        self.process = subprocess.Popen([str(binary), "--service"], cwd=cwd, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert self.process.stdin and self.process.stdout and self.process.stderr  # PIPE: all three
        self.stdin, self.stdout, self.stderr = self.process.stdin, self.process.stdout, self.process.stderr
        self.answers: collections.deque[Json] = collections.deque()
        self.arrived = threading.Condition()
        self.errors: collections.deque[str] = collections.deque(maxlen=20)
        self.ended = False
        self.sent = 0
        threading.Thread(target=self._read_answers, daemon=True).start()
        self.error_reader = threading.Thread(target=self._read_errors, daemon=True)
        self.error_reader.start()

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *exc: object) -> None:
        for close in (self.stdin.close, self.process.terminate):
            with contextlib.suppress(OSError):
                close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def send(self, payload: Json) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}, ensure_ascii=False).encode()
        try:
            self.stdin.write(base64.b64encode(message) + b",")
            self.stdin.flush()
        except OSError:  # it ended (crashed, killed): say how
            raise _Failed(self._end_report()) from None

    def answer(self) -> Json:
        with self.arrived:
            self.arrived.wait_for(lambda: self.answers or self.ended)
            if not self.answers:
                raise _Failed(self._end_report())
            answer = self.answers.popleft()
        payload = answer.get("payload") or {}
        if payload.get("type") == "Error":
            raise _Failed(payload.get("message") or "lỗi không rõ")
        return payload

    def ask(self, payload: Json) -> Json:
        self.send(payload)
        return self.answer()

    def _read_answers(self) -> None:
        stream, pending = cast(io.BufferedReader, self.stdout), bytearray()  # a PIPE is buffered
        try:
            while block := stream.read1(1 << 20):
                start = len(pending)
                pending += block
                end = pending.find(b",", start)
                while end != -1:
                    answer = json.loads(base64.b64decode(bytes(pending[:end])))
                    del pending[:end + 1]
                    with self.arrived:
                        self.answers.append(answer)
                        self.arrived.notify()
                    end = pending.find(b",")
        except (OSError, ValueError) as error:  # not the protocol: say so
            self.errors.append(f"câu trả lời không đọc được ({error})")
        finally:
            with self.arrived:
                self.ended = True
                self.arrived.notify_all()

    def _read_errors(self) -> None:
        for line in self.stderr:
            self.errors.append(line.decode("utf-8", "replace").rstrip())

    def _end_report(self) -> str:
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        self.error_reader.join(timeout=5)  # what it said last
        said = " ".join(line for line in self.errors if line)[-500:]
        how = f"pagefind dừng (mã {code})" if code is not None else "pagefind không trả lời"
        return how + (f": {said}" if said else "")
