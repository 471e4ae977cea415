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

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from bantin import vi

KEPT = "Trang đang đăng vẫn giữ nguyên, chưa có gì thay đổi."
EDITOR_LOG = "mkdocs.plugins.bantin.editor"  # mkdocs_hooks.editor_log: INFO lines written for editors


def for_editors(record: logging.LogRecord) -> bool:
    """MkDocs' warnings and errors, and the INFO lines bantin writes for editors; not MkDocs' INFO lines
    (English progress)."""
    return record.levelno >= logging.WARNING or record.name == EDITOR_LOG


class _Collect(logging.Handler):
    def __init__(self):
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


def main(config_file: str = "mkdocs.yml") -> int:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    start = time.monotonic()
    try:
        config = load_config(config_file=config_file, strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except (Abort, ConfigurationError) as error:
        _print_problems(handler.records)
        warnings = sum(r.levelno == logging.WARNING for r in handler.records)
        if warnings and not any(r.levelno >= logging.ERROR for r in handler.records):
            print(f"Có {warnings} cảnh báo: trang chưa được dựng lại (chế độ nghiêm ngặt dừng ở mọi cảnh báo).",
                  file=sys.stderr)
        elif isinstance(error, ConfigurationError):
            print(f"Cấu hình mkdocs.yml có lỗi: {error}", file=sys.stderr)
        print(KEPT, file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 — anything unexpected still gets a message, not a traceback
        _print_problems(handler.records)
        print(f"Lỗi ngoài dự kiến khi dựng trang: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"{KEPT} Chạy `.venv/bin/mkdocs build --strict` để xem chi tiết kỹ thuật.", file=sys.stderr)
        return 1
    _print_problems(handler.records)
    for record in handler.records:
        if record.levelno < logging.WARNING:
            print(editor_line(record))
    target = load_config(config_file=config_file).site_dir  # on_config pointed the build at a staging folder
    seconds = vi.number(Decimal(time.monotonic() - start), 1)
    print(f"Đã dựng xong trang vào {target} ({seconds} giây).")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
