"""`make edit` (`python -m bantin.edit --port 8001`, in the project's folder): the editor on 127.0.0.1 only."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from werkzeug.serving import make_server

from .app import create_app
from .gitrepo import is_repository


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin.edit", description="Trang quản trị nội dung")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8001))
    args = parser.parse_args(argv)
    root = Path.cwd()
    if not is_repository(root):
        print(f"{root} không phải kho git: trang quản trị ghi mỗi lần lưu vào lịch sử git, hãy chạy "
              "`git init` (hoặc sao chép dự án bằng `git clone`) trước.", file=sys.stderr)
        return 1
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # its English line per request is not for clerks
    try:
        server = make_server("127.0.0.1", args.port, create_app(root, args.port), threaded=True)
    except OSError as error:
        print(f"Không mở được cổng {args.port} ({error.strerror}); chạy lại với cổng khác: make edit PORT=8002",
              file=sys.stderr)
        return 1
    print(f"Trang quản trị nội dung: http://127.0.0.1:{args.port}/ (mở bằng trình duyệt trên máy này; "
          "bấm Ctrl+C để dừng)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Đã dừng trang quản trị.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
