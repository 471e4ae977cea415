"""`make build`: `mkdocs build --strict`, reported in Vietnamese for editors.

MkDocs prints English progress lines, "Aborted with a BuildError!" after our messages, and a Python
traceback for anything it did not expect (a full disk, a file it cannot read). Editors get each
message once, in Vietnamese, and the reassurance that the published site did not change; a bare
`mkdocs build` still works as MkDocs documents it. Part of the MkDocs adapter, like mkdocs_hooks.py.
"""
from __future__ import annotations

import logging
import sys
import time
from decimal import Decimal
from pathlib import Path

from mkdocs_engine import LOGGER  # first: MkDocs or ProperDocs behind the `mkdocs` imports

# isort: split
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from bantin.common import vi
from bantin.output import publish

KEPT = "Trang đang đăng vẫn giữ nguyên, chưa có gì thay đổi."
NO_HOOKS = ("Công cụ dựng trang đã không chạy phần nối với bantin (hooks: - hooks/mkdocs_hooks.py trong mkdocs.yml): "
            "trang dựng ra không có số liệu nên không được đăng.")
EDITOR_LOG = f"{LOGGER}.plugins.bantin.editor"  # mkdocs_hooks.editor_log: INFO lines written for editors


CORE_LOG = "bantin"  # the core's own lines (Vietnamese): a fallback said, e.g. the search index made after the build


def for_editors(record: logging.LogRecord) -> bool:
    """MkDocs' warnings and errors, the INFO lines bantin writes for editors and the core's lines; not MkDocs'
    INFO lines (English progress)."""
    return (record.levelno >= logging.WARNING or record.name == EDITOR_LOG
            or record.name == CORE_LOG or record.name.startswith(f"{CORE_LOG}."))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if for_editors(record):
            self.records.append(record)


def editor_line(record: logging.LogRecord) -> str:
    text = record.getMessage()
    return f"Cảnh báo: {text}" if record.levelno == logging.WARNING else text


def _print_problems(records: list[logging.LogRecord]) -> None:
    for record in records:
        if record.levelno >= logging.WARNING:
            print(editor_line(record), file=sys.stderr)


def _hooks_skipped(staging: Path | None) -> bool:
    """An engine that did not run bantin's hooks (a config without `hooks:`, an engine that ignores them)
    made a site without any data: refused, whatever else happened."""
    if staging is None or publish.taken(staging):
        return False
    print(f"{NO_HOOKS}\n{KEPT}", file=sys.stderr)
    return True


def main(config_file: str = "mkdocs.yml") -> int:
    handler = _Collect()
    logger = logging.getLogger(LOGGER)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    core = logging.getLogger(CORE_LOG)
    core.addHandler(handler)
    core.setLevel(logging.INFO)
    core.propagate = False
    start = time.monotonic()
    staging = None
    try:
        config = load_config(config_file=config_file, strict=True)
        target = publish.live_dir(Path(config.site_dir))
        staging = publish.hand_over(target)  # the engine builds there; published below, if the hooks ran
        config.site_dir = str(staging)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        if _hooks_skipped(staging):
            return 1
        publish.publish(staging, target)
    except (Abort, ConfigurationError) as error:
        if _hooks_skipped(staging):  # MkDocs' complaints about a site without data would mislead
            return 1
        _print_problems(handler.records)
        warnings = sum(r.levelno == logging.WARNING for r in handler.records)
        if warnings and not any(r.levelno >= logging.ERROR for r in handler.records):
            print(f"Có {warnings} cảnh báo: trang chưa được dựng lại (chế độ nghiêm ngặt dừng ở mọi cảnh báo).",
                  file=sys.stderr)
        elif isinstance(error, ConfigurationError):
            print(f"Cấu hình mkdocs.yml có lỗi: {error}", file=sys.stderr)
        print(KEPT, file=sys.stderr)
        return 1
    except publish.PublishError as error:
        print(f"{error}\n{KEPT}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 — anything unexpected still gets a message, not a traceback
        if _hooks_skipped(staging):
            return 1
        _print_problems(handler.records)
        print(f"Lỗi ngoài dự kiến khi dựng trang: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"{KEPT} Chạy `.venv/bin/mkdocs build --strict` để xem chi tiết kỹ thuật.", file=sys.stderr)
        return 1
    finally:
        if staging is not None:
            publish.discard(staging)  # a build not published (a published one left nothing there)
    _print_problems(handler.records)
    for record in handler.records:
        if record.levelno < logging.WARNING:
            print(editor_line(record))
    seconds = vi.number(Decimal(time.monotonic() - start), 1)
    print(f"Đã dựng xong trang vào {target} ({seconds} giây).")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
