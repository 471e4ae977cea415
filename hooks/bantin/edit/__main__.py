"""`make edit` (`python -m bantin.edit --port 8001`, in the project's folder): the editor on 127.0.0.1 only.

`make edit MODE=server` (`--mode server`): the same on the office's server, behind nginx (deploy/), for
the accounts of `python -m bantin users`, at the names of `--host` or EDIT_HOST (comma-separated).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from werkzeug.serving import make_server

from .accounts import Accounts
from .app import create_app
from .gitrepo import is_repository
from .login import Server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin.edit", description="Trang quản trị nội dung")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8001))
    parser.add_argument("--mode", choices=("local", "server"), default="local",
                        help="local: một người trên máy này; server: trên máy chủ, sau nginx, có tài khoản")
    parser.add_argument("--host", action="append", default=[],
                        help="tên miền của trang quản trị (server), ví dụ quantri.phuong.gov.vn; "
                             "mặc định lấy từ biến EDIT_HOST")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if not is_repository(root):
        print(f"{root} không phải kho git: trang quản trị ghi mỗi lần lưu vào lịch sử git, hãy chạy "
              "`git init` (hoặc sao chép dự án bằng `git clone`) trước.", file=sys.stderr)
        return 1
    if args.mode == "server":
        return serve(root, args.port, args.host or [h.strip() for h in os.environ.get("EDIT_HOST", "").split(",")
                                                     if h.strip()])
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


def serve(root: Path, port: int, hosts: list[str]) -> int:
    """Waitress (threads in one process: the one-build-at-a-time lock and the login counts hold) on
    127.0.0.1 only; nginx in front speaks TLS to the staff."""
    from waitress import create_server

    problems = []
    if not hosts:
        problems.append("chưa khai báo tên miền của trang quản trị: EDIT_HOST=quantri.phuong.gov.vn "
                        "make edit MODE=server (hoặc --host quantri.phuong.gov.vn)")
    if not Accounts(root).all():
        problems.append("chưa có tài khoản nào: tạo tài khoản quản trị đầu tiên bằng "
                        "python -m bantin users add TEN --role admin")
    if problems:
        print("Không khởi động được trang quản trị: " + "; ".join(problems) + ".", file=sys.stderr)
        return 1
    try:
        server = create_server(create_app(root, port, Server(tuple(hosts))), host="127.0.0.1", port=port,
                               ident="bantin")
    except OSError as error:
        print(f"Không mở được cổng {port} ({error.strerror}); chạy lại với cổng khác: "
              "make edit MODE=server PORT=8002", file=sys.stderr)
        return 1
    print(f"Trang quản trị nội dung (máy chủ): 127.0.0.1:{port}, sau nginx tại https://{hosts[0]}/", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        print("Đã dừng trang quản trị.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
