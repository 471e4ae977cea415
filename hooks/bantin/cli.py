"""Command line: `python -m bantin check [data]` validates the data without building."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import DataErrors
from .site import SiteData


def check(data_dir: Path) -> int:
    try:
        site = SiteData.load(data_dir, Path.cwd())
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr)
        return 1
    for warning in site.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    reports = sum(len(p.reports) for p in site.programmes.values())
    print(f"Dữ liệu hợp lệ: {len(site.programmes)} chương trình, {reports} báo cáo.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bantin", description="Công cụ dữ liệu của bantin")
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", help="kiểm tra dữ liệu trong data/")
    checker.add_argument("data_dir", nargs="?", default="data", type=Path)
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.data_dir)
    return 2
