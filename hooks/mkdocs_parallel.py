"""`make build` does the Markdown and the rendering of a large site on both cores: a second process (a
fork) converts the Markdown of half the bulletins (`Helper`), then another renders the last half of the
pages (`Renderer`), while this one does the rest. MkDocs converts every page before it renders any, each
on one core of two.

Measured (2.000 bulletins): converting Markdown is about 40% of a build, and during it the other core is
idle (Pagefind only starts once pages are rendered). The helper runs, for its pages, what MkDocs runs
(`on_pre_page`, `read_source`, `on_page_markdown`, `render`) on a copy of this process, so each page
comes back exactly as this process would have made it: its HTML, table of contents, title and anchors,
and the log records its conversion wrote (a broken link still fails `--strict`). This process still reads
each page and runs `on_page_markdown` on it (its data mistakes are counted here); only `render` is
taken from the helper. A page the helper could not convert, or any page when the helper is gone, is
converted here, as without it.

Rendering (measured, 1.000 bulletins, search off: half of the build once the Markdown is converted), when
Pagefind is not indexing during the build (then the second core is its, see mkdocs_hooks): the
renderer, forked at the first page rendered, runs MkDocs' own `_build_page` for its pages (context,
template, `on_post_page`, the file written) and sends back each page's log records. This process skips
those pages (an empty template) and takes them back in order; a page the renderer could not make is
rendered here.

Linux `fork` only; the preview never uses it (a save converts a page or two). `BANTIN_ONE_PROCESS=1`
builds in this process alone, as MkDocs does (the tests compare the two sites, byte for byte).
"""
from __future__ import annotations

import logging
import os
import pickle
import signal
import struct
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from mkdocs_engine import LOGGER

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

MIN_PAGES = 200   # fewer: a fork costs more than it saves
SHARE = 0.55      # of the pages, to the helper: this process also reads the helper's pages
RENDER_SHARE = 0.5  # of the pages, to the renderer
SKIP_TEMPLATE = "bantin-elsewhere.html"  # renders nothing: what this process renders of the renderer's pages
_LENGTH = struct.Struct("!Q")

Record = tuple[str, int, str]  # a log record sent back: logger's name, level, message
# What the helper sends back for a page (`_result`): its HTML, table of contents, title, anchors, links to anchors
# (by src_uri) and log records, as MkDocs' own types (unpickled: Any).
Converted = tuple[Any, ...]
Result = TypeVar("Result")


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def one_process() -> bool:
    return os.environ.get("BANTIN_ONE_PROCESS") == "1" or not hasattr(os, "fork")


class _Child(Generic[Result]):
    """A fork doing part of the build; its results (by page src_uri) arrive on a pipe, read by a thread."""

    def __init__(self, src_uris: list[str], pid: int, reading: int) -> None:
        self.src_uris = set(src_uris)
        self.results: dict[str, Result | None] = {}
        self.done = False
        self.arrived = threading.Condition()
        self.pid, self.reaped = pid, False
        self.reaping = threading.Lock()  # its pid is signalled only before it is reaped (then it may be another's)
        self.thread = threading.Thread(target=self._receive, args=(os.fdopen(reading, "rb"),), daemon=True)
        self.thread.start()

    @staticmethod
    def fork(work: Callable[[IO[bytes]], None]) -> tuple[int, int]:
        """(pid, the pipe's end to read): `work(stream)` runs in the child, which then exits."""
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(reading)
            try:
                work(os.fdopen(writing, "wb"))
            finally:
                os._exit(0)
        os.close(writing)
        return pid, reading

    def wait_for(self, uri: str) -> Result | None:
        """The child's result for the page, or None when it could not make it (or is gone)."""
        with self.arrived:
            self.arrived.wait_for(lambda: uri in self.results or self.done)
            return self.results.pop(uri, None)

    def _receive(self, stream: IO[bytes]) -> None:
        try:
            while head := stream.read(_LENGTH.size):
                size = _LENGTH.unpack(head)[0]
                uri, result = pickle.loads(stream.read(size))
                with self.arrived:
                    self.results[uri] = result
                    self.arrived.notify_all()
        except (OSError, EOFError, pickle.UnpicklingError, struct.error):
            pass
        finally:
            with self.arrived:
                self.done = True
                self.arrived.notify_all()
            stream.close()
            with self.reaping:
                os.waitpid(self.pid, 0)
                self.reaped = True


def _send(out: IO[bytes], uri: str, result: object) -> None:
    data = pickle.dumps((uri, result), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_LENGTH.pack(len(data)) + data)
    out.flush()


def _capture_logs() -> _Records:
    """In a child: what the build would log goes back to the build, where --strict counts it."""
    captured = _Records()
    root = logging.getLogger(LOGGER)
    root.handlers, root.propagate = [captured], False  # nothing printed twice
    return captured


def _replay(records: Iterable[Record]) -> None:
    for name, level, message in records:  # as if written here: counted by --strict
        logging.getLogger(name).log(level, message)


class Helper(_Child[Converted]):
    """Started once the pages are known (on_nav); `attach(page)` in on_pre_page."""

    @classmethod
    def start(cls, pages: list[File], config: MkDocsConfig, files: Files,
              prepare_child: Callable[[], None]) -> Helper | None:
        """`pages`: the files (in MkDocs' order) whose Markdown may be converted by the helper."""
        if len(pages) < MIN_PAGES or one_process():
            return None
        mine = pages[len(pages) - int(len(pages) * SHARE):]  # the last ones: this process gets to them last

        def work(out: IO[bytes]) -> None:
            prepare_child()
            _convert(mine, config, files, out)

        pid, reading = cls.fork(work)
        logging.getLogger(f"{LOGGER}.plugins.bantin").info(
            f"Chuyển Markdown song song: {len(mine)} bản tin ở một tiến trình phụ")
        return cls([f.src_uri for f in mine], pid, reading)

    def attach(self, page: Page, render: Callable[[Page, Files], None]) -> bool:
        """Whether `page` is converted by the helper; `render(page, files)` converts it here if it fails."""
        if page.file.src_uri not in self.src_uris:
            return False
        page.render = lambda config, files: self._apply(page, files, render)
        return True

    def _apply(self, page: Page, files: Files, render: Callable[[Page, Files], None]) -> None:
        result = self.wait_for(page.file.src_uri)
        if result is None:
            render(page, files)
            return
        page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, records = result
        if links is not None:
            page.links_to_anchors = {file: anchors for uri, anchors in links.items()
                                     if (file := files.get_file_from_path(uri)) is not None}  # all: one site
        _replay(records)


class Renderer(_Child[list[Record]]):
    """Started at the first page rendered (on_page_context); `take(page)` in on_post_page."""

    # set by `start`, in this process
    render_here: Callable[[Page], str]
    templates: dict[str, str | None]  # each page's own template (its meta), by src_uri
    written: set[str]
    quiet: _Skipped

    @classmethod
    def start(cls, pages: list[Page], build_page: Callable[[Page], object], render_here: Callable[[Page], str],
              prepare_child: Callable[[], None]) -> Renderer | None:
        """`pages`: MkDocs' pages in the order it renders them, from the one it renders now;
        `build_page(page)`: MkDocs' rendering of a page, file written; `render_here(page)`: its HTML, made
        here when the renderer could not; `prepare_child()` runs in the child."""
        if len(pages) < MIN_PAGES or one_process():
            return None
        theirs = pages[len(pages) - int(len(pages) * RENDER_SHARE):]
        pid, reading = cls.fork(lambda out: _render(theirs, build_page, prepare_child, out))
        renderer = cls([page.file.src_uri for page in theirs], pid, reading)
        renderer.render_here, renderer.templates, renderer.written = render_here, {}, set()
        for page in theirs:  # this process renders nothing of them, and says nothing
            renderer.templates[page.file.src_uri] = page.meta.get("template")
            page.meta["template"] = SKIP_TEMPLATE
        renderer.quiet = _Skipped(renderer.written)
        logging.getLogger(f"{LOGGER}.commands.build").addFilter(renderer.quiet)
        logging.getLogger(f"{LOGGER}.plugins.bantin").info(
            f"Dựng trang song song: {len(theirs)} trang ở một tiến trình phụ")
        return renderer

    @classmethod
    def start_at(cls, page: Page, config: MkDocsConfig, nav: Navigation, doc_files: Sequence[File], env: Environment,
                 prepare_child: Callable[[], None]) -> Renderer | None:
        """At the first page MkDocs renders (on_page_context): the pages from this one on, in MkDocs' order,
        their last half to a fork (`start`), with `env` the pages' Jinja environment."""
        from mkdocs.commands.build import _build_page, get_context  # MkDocs 1.6's own rendering of one page

        def render_here(other: Page) -> str:  # as `_build_page` does, without writing: MkDocs writes what it returns
            context = get_context(nav, doc_files, config, other)
            context = config.plugins.on_page_context(context, page=other, config=config, nav=nav)
            return env.get_template(other.meta.get("template", "main.html")).render(context)

        pages = [file.page for file in doc_files if file.page is not None]  # each has its page by now
        pages = pages[pages.index(page):] if page in pages else []
        return cls.start(pages, lambda other: _build_page(other, config, doc_files, nav, env), render_here,
                         prepare_child)

    def owns(self, page: Page) -> bool:
        return page.file.src_uri in self.src_uris

    def take(self, page: Page) -> str:
        """"" when the renderer wrote the page (MkDocs then writes nothing); when it could not, the page's
        template back and `render_here(page)`, the HTML for MkDocs to write."""
        uri = page.file.src_uri
        records = self.wait_for(uri)
        self.src_uris.discard(uri)
        if records is None:
            template = self.templates[uri]
            if template is None:
                del page.meta["template"]
            else:
                page.meta["template"] = template
            return self.render_here(page)
        _replay(records)
        self.written.add(uri)
        return ""

    def finish(self) -> None:
        self.thread.join()  # every page it made is written, and it has ended
        logging.getLogger(f"{LOGGER}.commands.build").removeFilter(self.quiet)

    def abort(self) -> None:
        """The build failed: it would go on writing into a folder being deleted."""
        with self.reaping:
            if not self.reaped:
                os.kill(self.pid, signal.SIGKILL)
        self.thread.join(10)
        logging.getLogger(f"{LOGGER}.commands.build").removeFilter(self.quiet)


class _Skipped(logging.Filter):
    """MkDocs' "Page skipped …" for the pages the renderer wrote."""

    def __init__(self, src_uris: set[str]) -> None:
        super().__init__()
        self.src_uris = src_uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Page skipped: '") and message[15:].split("'", 1)[0] in self.src_uris)


def _render(pages: Sequence[Page], build_page: Callable[[Page], object], prepare_child: Callable[[], None],
            out: IO[bytes]) -> None:
    """In the renderer: each page as MkDocs' `_build_page` makes it (file written), then its log records."""
    captured = _capture_logs()
    prepare_child()
    for page in pages:
        captured.records = []
        try:
            build_page(page)
        except Exception:  # rendered again by the build, which meets the mistake itself
            result = None
        else:
            result = captured.records
        _send(out, page.file.src_uri, result)
    out.close()


def _convert(files_to_convert: list[File], config: MkDocsConfig, files: Files, out: IO[bytes]) -> None:
    """In the helper: each page as MkDocs' `_populate_page` makes it, sent as soon as it is made."""
    from mkdocs.structure.pages import Page

    captured = _capture_logs()
    for file in files_to_convert:
        page = file.page or Page(None, file, config)
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None  # read_source sets it (MkDocs' `_populate_page` asserts it too)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                           files=files)
            captured.records = []
            page.render(config, files)
        except Exception:  # converted again by the build, which meets the mistake itself
            result = None
        else:
            result = _result(page, captured.records)
        _send(out, file.src_uri, result)
    out.close()


def _result(page: Page, records: list[Record]) -> Converted:
    links = page.links_to_anchors
    return (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
            None if links is None else {f.src_uri: anchors for f, anchors in links.items()}, records)
