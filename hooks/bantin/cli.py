"""Command line: `python -m bantin check` validates data and pages without building;
`python -m bantin visits LOG…` counts visits from web-server logs; `python -m bantin users …` manages the
accounts of the editor's server mode (`make edit MODE=server`); `python -m bantin huong-dan` writes the guide's
page of data fields (docs/huong-dan/truong-du-lieu.md) from the schema."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common.errors import DataError
from .visits.rules import DEFAULT_BOTS

# Each command imports what it needs when it runs: `visits` (every few minutes from cron) does not
# load the site's templates, Babel and Jinja (measured: 0.44 s of a 1.5 s run with nothing new).


def check(data_dir: Path, docs_dir: Path | None) -> int:
    from .build.pipeline import check_docs
    from .build.state import SiteData
    from .common.errors import DataErrors

    try:
        site = SiteData.load(data_dir, Path.cwd(), keep_going=True)
        pages = check_docs(site, docs_dir) if docs_dir and docs_dir.is_dir() else None
        if site.data_errors:
            raise DataErrors(site.data_errors)
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    for warning in site.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    reports = sum(len(p.reports) for p in site.programmes.values())
    print(f"Dữ liệu hợp lệ: {len(site.programmes)} chương trình, {reports} báo cáo.")
    if pages is not None:
        bulletins = len(site.news.by_source) if site.news is not None else 0
        print(f"Trang hợp lệ: {pages} trang, trong đó {bulletins} bản tin.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin", description="Công cụ dữ liệu của bantin")
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="kiểm tra dữ liệu trong data/")
    checker.add_argument("data_dir", nargs="?", default="data", type=Path)
    checker.add_argument("--docs", default=Path("docs"), type=Path, help="thư mục trang (mặc định docs)")
    counter = commands.add_parser("visits", help="đếm lượt truy cập từ nhật ký máy chủ web")
    counter.add_argument("logs", nargs="+", type=Path, help="tệp nhật ký (access.log, access.log.1.gz, …)")
    counter.add_argument("--data", default=Path("data/visits.yml"), type=Path,
                         help="tệp cài đặt (total_before), chỉ đọc (mặc định data/visits.yml)")
    counter.add_argument("--site", default=Path("site"), type=Path,
                         help="trang đã dựng (mặc định site): chỉ trang có trong đó được đếm lượt xem")
    counter.add_argument("--state", default=Path(".bantin-state"), type=Path,
                         help="thư mục riêng, không công bố, không đưa vào git: số đếm (visits.yml) và mã băm "
                              "khách trong ngày")
    counter.add_argument("--bots", default=",".join(DEFAULT_BOTS),
                         help="các từ nhận diện bot trong user agent, cách nhau bởi dấu phẩy")
    people = commands.add_parser("users", help="tài khoản của trang quản trị trên máy chủ (make edit MODE=server)")
    actions = people.add_subparsers(dest="action", required=True)
    adding = actions.add_parser("add", help="tạo tài khoản (hỏi họ tên, thư điện tử, mật khẩu hai lần)")
    adding.add_argument("login", help="tên đăng nhập, ví dụ lan.nguyen")
    adding.add_argument("--role", required=True, choices=("editor", "approver", "admin"),
                        help="editor: biên tập viên; approver: người duyệt; admin: quản trị")
    actions.add_parser("passwd", help="đặt mật khẩu mới (mở khóa tài khoản)").add_argument("login")
    actions.add_parser("remove", help="xóa tài khoản").add_argument("login")
    actions.add_parser("list", help="liệt kê tài khoản")
    guide = commands.add_parser("huong-dan", help="tạo lại trang hướng dẫn các trường dữ liệu từ khai báo dữ liệu")
    guide.add_argument("--root", default=Path("."), type=Path, help="thư mục dự án (mặc định thư mục hiện tại)")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.data_dir, args.docs)
    if args.command == "users":
        from .edit.accounts import users_command  # argon2-cffi: requirements-edit.txt

        return users_command(Path.cwd(), args.action, getattr(args, "login", None), getattr(args, "role", None))
    if args.command == "huong-dan":
        return write_guide(args.root)
    return visits(args)


def write_guide(root: Path) -> int:
    from .schema.guide import write

    print(f"Đã tạo {write(root).relative_to(root).as_posix()}.")
    return 0


def visits(args: argparse.Namespace) -> int:
    from .visits.command import describe, ingest_logs

    bots = tuple(word.strip() for word in args.bots.split(",") if word.strip())
    try:
        summary = ingest_logs(args.logs, args.data, args.state, args.site, bots)
    except (OSError, DataError) as error:
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    print(describe(summary, len(args.logs)))
    return 0
