"""The preview's memory between builds: `make serve` re-renders only the pages a save changed.

MkDocs' preview rebuilds the whole site on every save: 13 to 30 s for 2.000 bulletins. With
`mkdocs serve --dirty` MkDocs skips a page whose `File.is_modified()` is False, but it decides by
file dates, which says nothing about a list page whose bulletins changed, or a statistics page
whose data did. Here each page's inputs are written down as plain values (its text, the bulletins
it shows, the data it reads, what every page shows); a page is rendered again only when they
differ from the last build's, or when its file is missing. Values are compared with `==`;
files read by every page (templates, mkdocs.yml, data/) by a 256-bit BLAKE2 digest.

Only the preview uses this. `make build` renders every page, so it cannot depend on it.
"""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..common import vi
from ..common.errors import DataError
from ..common.pagekind import PageKind
from .kinds import EditorsFileKind

if TYPE_CHECKING:
    from ..news.bulletins import Bulletin
    from ..portal.settings import Portal
    from .state import SiteData


def file_digest(paths: list[Path]) -> bytes:
    """One digest of the files' names and bytes: templates, mkdocs.yml, data/ (a few dozen files)."""
    digest = hashlib.blake2b(digest_size=32)
    for path in sorted(paths):
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError as error:
            digest.update(f"unreadable {error.errno}".encode())
        digest.update(b"\0")
    return digest.digest()


def files_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return [path for path in folder.rglob("*") if path.is_file()]


FileState = tuple[int, int, int, int] | None  # a file's size, dates and identity (`file_state`); None: none


@dataclass
class BulletinMemo:
    """read_bulletin's results by file, reused while the file's text and what its front matter reads
    (the categories, the programmes' data for `programme:`, the files for `image:`) are the same."""

    # by file: ((its text, what it read), the bulletin or None, its mistakes)
    results: dict[str, tuple[tuple[str, object], Bulletin | None, list[DataError]]] = field(default_factory=dict)
    data_key: bytes = b""   # this build's data/ (programmes), set by the adapter
    files_key: tuple[str, ...] | None = None  # this build's list of files in docs/ (images)
    portal: Portal | None = None  # the categories bulletins were read with (data/site.yml)

    def read(self, src_uri: str, text: str, depends: object,
             read: Callable[[list[DataError]], Bulletin | None]) -> tuple[Bulletin | None, list[DataError]]:
        """`read(errors)` → bulletin or None, its mistakes appended to `errors`; remembered with them."""
        kept = self.results.get(src_uri)
        if kept is not None and kept[0] == (text, depends):
            return kept[1], list(kept[2])
        errors: list[DataError] = []
        bulletin = read(errors)
        self.results[src_uri] = ((text, depends), bulletin, errors)
        return bulletin, list(errors)

    def forget_except(self, src_uris: set[str]) -> None:
        for gone in set(self.results) - src_uris:
            del self.results[gone]


@dataclass
class Memory:
    """What one `mkdocs serve --dirty` process remembers: inputs of every page written, by its file."""

    written: dict[str, object] = field(default_factory=dict)   # dest path in the site → inputs
    outputs: set[str] = field(default_factory=set)          # every file the last build wrote
    copied: dict[str, FileState] = field(default_factory=dict)  # dest path → its source's `file_state` when copied
    bulletins: BulletinMemo = field(default_factory=BulletinMemo)
    # (digest of data/ and the visit counts, the SiteData read from them): bantin.build.pipeline
    data: tuple[bytes, SiteData] | None = None



@dataclass
class Plan:
    """One build's decisions; the memory takes them only once the build has finished."""

    memory: Memory
    site_dir: Path
    inputs: dict[str, object] = field(default_factory=dict)
    outputs: set[str] = field(default_factory=set)  # every file this build writes
    copied: dict[str, FileState] = field(default_factory=dict)
    rendered: int = 0
    skipped: int = 0

    def needs_rendering(self, dest: str, inputs: object) -> bool:
        self.inputs[dest] = inputs
        same = self.memory.written.get(dest, _NOTHING) == inputs and os.path.isfile(os.path.join(self.site_dir, dest))
        if same:
            self.skipped += 1
        else:
            self.rendered += 1
        return not same

    def summary(self) -> str:
        """What a preview build says to the editor once it is done."""
        return f"Đã dựng lại {vi.number(self.rendered)} trang, giữ nguyên {vi.number(self.skipped)} trang không đổi."

    def needs_copying(self, dest: str, src: str) -> bool:
        """Whether a file of docs/ (a picture, a PDF) must be copied again. MkDocs' dirty build copies it only
        when it is newer than its copy: a picture replaced by an older file (a photo's own date, an unzipped
        or `cp -p` copy) stayed. Here any change is: `file_state` differs from the one copied last time."""
        state = self.copied[dest] = file_state(src)
        return self.memory.copied.get(dest) != state

    def commit(self) -> list[str]:
        """Remember this build; returns the files of the last build that this one no longer has
        (a deleted bulletin, a list that got shorter), which the caller removes from the preview."""
        stale = sorted(self.memory.outputs - self.outputs)
        self.memory.written = self.inputs
        self.memory.copied = self.copied
        self.memory.outputs = self.outputs
        return stale

    def failed(self) -> None:
        """A preview of mistakes (it wrote over every HTML file) or a failed build: every page is rendered
        next time. Its files and the last build's are still there: the next build removes the extra ones."""
        self.memory.written = {}
        self.memory.outputs |= self.outputs


_NOTHING = object()


def file_state(path: str) -> FileState:
    """A file's size, dates and identity. The change time (ctime) is set by every write, rename or replacement
    and no tool sets it back: a replaced file always differs, whatever its own date. Reading the bytes
    (a digest) would say the same at the cost of reading every picture at every save."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino


# A link's target in Markdown or HTML: `](x)`, `href="x"`, `src='x'`, `[id]: x`. Written here, not taken from
# a Markdown parser: the text is only searched for names (a name too many costs nothing), before rendering.
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|\b(?:href|src)\s*=\s*[\"']([^\"']+)|^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.M)


def link_targets(src_uri: str, text: str, known: frozenset[str]) -> tuple[tuple[str, bool], ...]:
    """The files of docs/ the page links to (relative links, as MkDocs resolves them) and whether each exists:
    a deleted picture or PDF renders the page again, which then shows the broken link."""
    found: set[str] = set()
    for match in _LINK.finditer(text):
        target = next(group for group in match.groups() if group)
        if "://" in target or target.startswith(("/", "#", "mailto:", "tel:")):
            continue
        path = unquote(target.split("#")[0].split("?")[0])
        if path:
            found.add(posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path)))
    return tuple(sorted((path, path in known) for path in found))

# The serve process's memory. MkDocs runs the hook module anew at every rebuild (config reload) but keeps
# this package imported, so the memory lives here; a `make build` process never touches it.
PREVIEW = Memory()


@dataclass(frozen=True)
class PageSource:
    """An editor's page as the preview read it, for its kind's `inputs` (bantin.build.kinds.EditorsFileKind)."""

    src_uri: str
    text: str
    files_key: tuple[tuple[str, str], ...]  # the editors' files and their addresses, as the engine lists them
    known: frozenset[str] = frozenset()     # the files in docs/

    def links(self) -> tuple[tuple[str, bool], ...]:
        return link_targets(self.src_uri, self.text, self.known)


def page_inputs(site: SiteData, kind: PageKind | None, key: str, source: PageSource | None = None) -> object:
    """What a page shows, without what every page shows, as its kind says: a generated page's from the data,
    an editor's (`source`) from its text too. A page without a kind, or an editor's page the build did not
    read (a draft), has none: it is always rendered."""
    if kind is None:
        return _NOTHING
    if isinstance(kind, EditorsFileKind):
        return (kind.name, key, kind.inputs(site, key, source)) if source is not None else _NOTHING
    return "generated", kind.name, key, kind.inputs(site, key)


def remove_stale(site_dir: Path, stale: list[str]) -> None:
    for dest in stale:
        path = site_dir / dest
        if path.is_file() and not path.is_symlink():
            os.unlink(path)


class Background:
    """One job at a time in a thread, the latest request winning: the preview's search index, which
    takes seconds for thousands of pages, is rebuilt after the page is shown, not before."""

    def __init__(self, job: Callable[[Path], None], failed: Callable[[Exception], None]):
        self.job, self.failed = job, failed
        self.wanted: Path | None = None
        self.lock = threading.Lock()
        self.thread: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        with self.lock:
            self.wanted = site_dir
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, daemon=True, name="bantin-search")
                self.thread.start()

    def stop(self, timeout: float = 60) -> None:
        """No job after the one running, which is waited for (the preview's folder is removed next)."""
        with self.lock:
            self.wanted, thread = None, self.thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self.lock:
                site_dir, self.wanted = self.wanted, None
                if site_dir is None:
                    self.thread = None
                    return
            try:
                self.job(site_dir)
            except Exception as error:  # noqa: BLE001 - the preview goes on; the message says why
                self.failed(error)
