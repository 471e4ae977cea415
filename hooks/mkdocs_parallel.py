"""`make build` converts the Markdown of half the bulletins in a second process (a fork) while this one
converts the rest: MkDocs converts every page before it renders any, on one core of two.

Measured (2.000 bulletins): converting Markdown is about 40% of a build, and during it the other core is
idle (Pagefind only starts once pages are rendered). The helper runs, for its pages, what MkDocs runs
(`on_pre_page`, `read_source`, `on_page_markdown`, `render`) on a copy of this process, so each page
comes back exactly as this process would have made it: its HTML, table of contents, title and anchors,
and the log records its conversion wrote (a broken link still fails `--strict`). This process still reads
each page and runs `on_page_markdown` on it (its data mistakes are counted here); only `render` is
taken from the helper. A page the helper could not convert, or any page when the helper is gone, is
converted here, as without it.

Linux `fork` only; the preview never uses it (a save converts a page or two).
"""
from __future__ import annotations

import logging
import os
import pickle
import struct
import threading

MIN_PAGES = 200   # fewer: a fork costs more than it saves
SHARE = 0.55      # of the pages, to the helper: this process also reads the helper's pages
_LENGTH = struct.Struct("!Q")


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record):
        self.records.append((record.name, record.levelno, record.getMessage()))


class Helper:
    """Started once the pages are known (on_nav); `attach(page)` in on_pre_page."""

    def __init__(self, src_uris: list[str]):
        self.src_uris = set(src_uris)
        self.results: dict[str, tuple] = {}
        self.done = False
        self.arrived = threading.Condition()

    @classmethod
    def start(cls, pages: list, config, files, prepare_child) -> Helper | None:
        """`pages`: the files (in MkDocs' order) whose Markdown may be converted by the helper."""
        if len(pages) < MIN_PAGES or not hasattr(os, "fork"):
            return None
        mine = pages[len(pages) - int(len(pages) * SHARE):]  # the last ones: this process gets to them last
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the helper
            os.close(reading)
            try:
                prepare_child()
                _convert(mine, config, files, os.fdopen(writing, "wb"))
            finally:
                os._exit(0)
        os.close(writing)
        logging.getLogger("mkdocs.plugins.bantin").info(
            f"Chuyển Markdown song song: {len(mine)} bản tin ở một tiến trình phụ")
        helper = cls([f.src_uri for f in mine])
        threading.Thread(target=helper._receive, args=(os.fdopen(reading, "rb"), pid), daemon=True).start()
        return helper

    def attach(self, page, render) -> bool:
        """Whether `page` is converted by the helper; `render(page, files)` converts it here if it fails."""
        if page.file.src_uri not in self.src_uris:
            return False
        page.render = lambda config, files: self._apply(page, files, render)
        return True

    def _apply(self, page, files, render) -> None:
        uri = page.file.src_uri
        with self.arrived:
            self.arrived.wait_for(lambda: uri in self.results or self.done)
            result = self.results.pop(uri, None)
        if result is None:
            render(page, files)
            return
        page.content, page.toc, page._title_from_render, page.present_anchor_ids, links, records = result
        if links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): anchors for uri, anchors in links.items()}
        for name, level, message in records:  # as if written here: counted by --strict
            logging.getLogger(name).log(level, message)

    def _receive(self, stream, pid: int) -> None:
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
            os.waitpid(pid, 0)


def _convert(files_to_convert: list, config, files, out) -> None:
    """In the helper: each page as MkDocs' `_populate_page` makes it, sent as soon as it is made."""
    from mkdocs.structure.pages import Page

    captured = _Records()
    root = logging.getLogger("mkdocs")
    root.handlers, root.propagate = [captured], False  # nothing printed twice: records go to the build
    for file in files_to_convert:
        page = file.page or Page(None, file, config)
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                           files=files)
            captured.records = []
            page.render(config, files)
        except Exception:  # converted again by the build, which meets the mistake itself
            result = None
        else:
            result = _result(page, captured.records)
        data = pickle.dumps((file.src_uri, result), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(_LENGTH.pack(len(data)) + data)
        out.flush()
    out.close()


def _result(page, records) -> tuple:
    links = page.links_to_anchors
    return (page.content, page.toc, page._title_from_render, page.present_anchor_ids,
            None if links is None else {f.src_uri: anchors for f, anchors in links.items()}, records)
