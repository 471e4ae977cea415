"""What `make serve` keeps running beside its builds (mkdocs_hooks): the search index made again after a build,
and a save heard at once (inotify) rather than polled."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bantin.build import incremental
from bantin.output import search
from mkdocs_engine import LOGGER  # first: MkDocs or ProperDocs behind the `mkdocs` imports

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEvent

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
