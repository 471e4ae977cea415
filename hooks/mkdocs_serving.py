"""What `make serve` does beside MkDocs (mkdocs_hooks): a save re-renders only the pages it changes (`plan_pages`),
the search index is made again after a build, and a save is heard at once (inotify) rather than polled."""
from __future__ import annotations

import logging
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

from mkdocs_engine import LOGGER, is_editors  # first: MkDocs or ProperDocs behind the `mkdocs` imports

# isort: split
from mkdocs.structure.files import InclusionLevel

from bantin.build import incremental
from bantin.output import search

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import File, Files
    from watchdog.events import FileSystemEvent

    from bantin.build.incremental import Plan
    from bantin.build.pipeline import Build

log = logging.getLogger(f"{LOGGER}.plugins.bantin")
PREVIEW_SEARCH = incremental.Background(
    search.index_site_aside,  # not counted by --strict (a later build would stop): the preview goes on
    lambda error: logging.getLogger("bantin").warning(f"Xem trước: chưa lập được chỉ mục tìm kiếm: {error}"))


def watch_with_inotify(server: LiveReloadServer) -> None:
    """MkDocs polls every watched file twice a second: up to half a second before a save is even seen,
    and, with thousands of bulletins, CPU taken from the build. Linux tells of a save at once (inotify).
    Uses MkDocs 1.6's LiveReloadServer internals (`observer`, `_watch_refs`, `_rebuild_cond`); polling
    stays where they or inotify are missing."""
    try:
        from watchdog import events
        from watchdog.observers.inotify import InotifyObserver

        observer = InotifyObserver()
        handler = events.FileSystemEventHandler()
        handler.on_any_event = lambda event: _saved(server, event)
        # Writes only: the build opens and reads every file, and hearing of each would take its time.
        writes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent,
                  events.FileMovedEvent, events.FileClosedEvent]
        refs = {path: observer.schedule(handler, path, recursive=True, event_filter=writes)
                for path in server._watch_refs}
    except (ImportError, AttributeError, OSError) as error:
        log.info(f"Xem trước: theo dõi tệp bằng cách dò định kỳ ({error})")
        return
    # MkDocs types its observer as the polling one it makes; any watchdog observer serves
    server.observer, server._watch_refs = observer, refs  # type: ignore[assignment]


def _saved(server: LiveReloadServer, event: FileSystemEvent) -> None:
    if event.is_directory:
        return
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def _files_key(src_uris: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(src_uris))


def plan_pages(build: Build, files: Files, config: MkDocsConfig, data_dir: Path) -> Plan:
    """`make serve` (--dirty) keeps each page whose inputs (bantin.build.incremental) are those it was last
    rendered with: the others are rendered again, and MkDocs is told which (its own test is a file's date)."""
    plan = incremental.Plan(incremental.PREVIEW, Path(config.site_dir))
    plan.outputs = {f.dest_uri for f in files}
    for file in files:
        if not file.is_documentation_page() and file.abs_src_path \
                and plan.needs_copying(file.dest_uri, file.abs_src_path):
            file.is_modified = lambda: True  # MkDocs copies only a file newer than its copy
    if build.preview_errors:
        return plan  # every page will show the mistakes
    templates = incremental.files_under(Path(config.theme.custom_dir)) if config.theme.custom_dir else []
    shown_by_all = build.shown_by_all(Path(config.config_file_path).parent, data_dir,
                                      [*templates, Path(config.config_file_path)])
    files_key = _files_key((f.src_uri, f.url) for f in files if is_editors(f, config))
    known = frozenset(src_uri for src_uri, _ in files_key)
    kept: dict[str, File] = {}
    for file in files.documentation_pages(inclusion=InclusionLevel.all):
        text = None if file.generated_by else build.page_source(file.src_uri)
        inputs = build.inputs(file.src_uri, text, files_key, known)
        if plan.needs_rendering(file.dest_uri, (shown_by_all, file.inclusion, inputs)):
            file.is_modified = lambda: True  # MkDocs' own test is the file's date, not what the page shows
        else:
            kept[file.src_uri] = file
    # A kept page leaves MkDocs' list altogether (thousands of Page objects less per save); a page that
    # links to it still finds its address.
    for file in kept.values():
        files.remove(file)
    listed = files.get_file_from_path
    files.get_file_from_path = lambda path: listed(path) or kept.get(PurePath(path).as_posix())
    return plan
