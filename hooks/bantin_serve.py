"""`make serve`: MkDocs' preview (`mkdocs serve --livereload --dirty`), told in Vietnamese for editors.

MkDocs prints English progress lines for every save, never the mistakes the preview shows in the browser,
and a 41-line traceback when the port is taken. Here the same preview runs in this process (MkDocs'
`serve`, unchanged) and editors see: the address to open, one line per rebuild, the mistakes (as the
browser shows them), and a busy port as one line. Part of the MkDocs adapter, like bantin_build.py.

    python hooks/bantin_serve.py [PORT]
"""
from __future__ import annotations

import errno
import logging
import signal
import socket
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any, NoReturn

from mkdocs_engine import LOGGER  # first: MkDocs or ProperDocs behind the `mkdocs` imports

# isort: split
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.exceptions import Abort, ConfigurationError

from bantin_build import editor_line, for_editors

HOST = "127.0.0.1"
_SERVING = "Serving on "  # MkDocs' line once the server listens (mkdocs.livereload, 1.6.1)
NOT_REBUILT = "Xem trước chưa dựng lại được: trình duyệt vẫn hiện bản dựng trước. Sửa lỗi trên rồi lưu tệp."


class _Terminal(logging.Handler):
    """Prints what editors read as it happens; MkDocs' own INFO lines are left out."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        _, serving, url = record.getMessage().partition(_SERVING)  # after MkDocs' "[12:30:00] "
        if record.name == f"{LOGGER}.livereload" and serving:
            print(f"Xem trước tại {url} (mở địa chỉ này trong trình duyệt; Ctrl+C để dừng).", flush=True)
        elif for_editors(record):
            print(editor_line(record), flush=True)


class _Server(mkdocs_serve.LiveReloadServer):
    """MkDocs' server, whose failed rebuild prints one Vietnamese line, not a traceback, and keeps the pages
    as they are: the site's version stays the last good one, so browsers do not reload and requests do not
    wait for a build that is over (`_wanted_epoch`, `_visible_epoch`, `_epoch_cond`: MkDocs 1.6.1)."""

    def __init__(self, builder: Callable[..., None], *args: Any, **kwargs: Any) -> None:
        def build(*config: Any) -> None:
            try:
                builder(*config)
            except Exception as error:  # noqa: BLE001 — the editor gets a line, the preview goes on
                if not isinstance(error, Abort):  # MkDocs logged an Abort's reasons; not an unexpected error's
                    print(f"Lỗi ngoài dự kiến khi dựng lại: {type(error).__name__}: {error}", flush=True)
                print(NOT_REBUILT, flush=True)
                with self._epoch_cond:
                    self._wanted_epoch = self._visible_epoch
                    self._epoch_cond.notify_all()
        super().__init__(build, *args, **kwargs)


def busy(port: int) -> bool:
    """Whether the preview could not listen on `port` (bound as MkDocs' server binds, SO_REUSEADDR)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return True
            raise
    return False


def busy_message(port: int) -> str:
    free = next(p for p in range(port + 1, 65536) if not busy(p))
    return (f"Cổng {port} đang được dùng (có thể một `make serve` khác đang chạy): dừng chương trình đó, "
            f"hoặc chạy `make serve PORT={free}`.")


def _stop(signum: int, frame: FrameType | None) -> NoReturn:
    raise KeyboardInterrupt


def main(port: str = "8000", config_file: str = "mkdocs.yml") -> int:
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"PORT={port}: cổng phải là một số từ 1 đến 65535, ví dụ `make serve PORT=8001`.", file=sys.stderr)
        return 2
    number = int(port)
    logger = logging.getLogger(LOGGER)
    logger.addHandler(_Terminal())
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if busy(number):  # before the first build, which takes a while
        print(busy_message(number), file=sys.stderr)
        return 1
    mkdocs_serve.LiveReloadServer = _Server  # type: ignore[misc]  # MkDocs' serve makes its server by this name
    signal.signal(signal.SIGTERM, _stop)  # as Ctrl+C: MkDocs stops its server and removes its temporary folder
    try:
        mkdocs_serve.serve(config_file=config_file, livereload=True, build_type="dirty",
                           dev_addr=f"{HOST}:{number}")
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(busy_message(number), file=sys.stderr)  # taken while the first build ran
        return 1
    except (Abort, ConfigurationError) as error:  # the first build: its mistakes were printed
        if isinstance(error, ConfigurationError):
            print(f"Cấu hình {config_file} có lỗi: {error}", file=sys.stderr)
        print("Xem trước chưa chạy được: sửa lỗi trên rồi chạy lại `make serve`.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    except Exception as error:  # noqa: BLE001 — anything unexpected still gets a message, not a traceback
        print(f"Lỗi ngoài dự kiến khi xem trước: {type(error).__name__}: {error}", file=sys.stderr)
        print("Chạy `.venv/bin/mkdocs serve --dirty` để xem chi tiết kỹ thuật.", file=sys.stderr)
        return 1
    print("Đã dừng xem trước.")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
