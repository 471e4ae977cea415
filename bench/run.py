"""`make bench`: bantin next to its peers, measured in one run, printed as one table.

1. Build: the same generated bulletins with plain MkDocs + Material (the peer), bantin with search
   off and full (Pagefind), and Hugo.
2. Preview: save → new text served, by `make serve`, `mkdocs serve` and `hugo server`.
3. Visits: bantin's counter against GoAccess on one generated day of nginx log, then again on the
   unchanged log.
4. Unit pages: the time a `/don-vi/<code>/` page adds to a build at national scale (34 provinces, 3,321
   communes), next to a plain MkDocs page.
5. Pathological: inputs that once took quadratic time, at two sizes: the time must grow as the size does.

Settings (environment): BENCH_SIZES=500,1000,4000  BENCH_RUNS=1 (best of, per build)
BENCH_PREVIEW_SIZE=2000  BENCH_PREVIEW_EDITS=3  BENCH_PEER_EDITS=3  BENCH_LOG_LINES=1000000
BENCH_VISITORS=6000  BENCH_SECTIONS=build,preview,visits,units,pathological  BENCH_STALL=15 (s without CPU: hung)
BENCH_STRICT=1 (exit 1 when a target is missed). Progress goes to stderr, the table to stdout.
"""
from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import builds  # noqa: E402
import counter  # noqa: E402
import machine  # noqa: E402
import pathological  # noqa: E402
import preview  # noqa: E402
import units  # noqa: E402
from table import Row, format_table  # noqa: E402

STARTED = time.perf_counter()


def setting(name: str, default: str) -> str:
    return os.environ.get(f"BENCH_{name}", default)


def numbers(name: str, default: str) -> list[int]:
    return [int(part.replace("_", "")) for part in setting(name, default).split(",") if part.strip()]


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


def site_for_counter(root: Path, site: Path | None, size: int) -> Path | None:
    """The counter counts only pages of a built site: the build section's, or one built for it."""
    if site is not None:
        return site
    return builds.build_size(root, size, 1, log, cases=("bantin-off",))[1]


def main() -> int:
    # `kill` as Ctrl-C: the `finally` blocks stop the preview servers and remove the temporary projects.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    sections = set(setting("SECTIONS", "build,preview,visits,units,pathological").split(","))
    sizes = sorted(numbers("SIZES", "500,1000,4000"))
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bantin-bench-") as folder:
        root, site = Path(folder), None
        if "build" in sections:
            found, site = builds.build_all(root, sizes, int(setting("RUNS", "1")), log)
            rows += builds.rows(found)
        if "preview" in sections:
            size = int(setting("PREVIEW_SIZE", "2000"))
            results = preview.measure_all(root, size, int(setting("PREVIEW_EDITS", "3")),
                                          int(setting("PEER_EDITS", "3")), log)
            rows += preview.rows(results, size)
        if "visits" in sections:
            lines = int(setting("LOG_LINES", "1000000"))
            counted_site = site_for_counter(root, site, sizes[0])
            runs = counter.measure_all(root, counted_site, lines, int(setting("VISITORS", "6000")), log) \
                if counted_site else {}
            rows += counter.rows(runs, lines)
        if "units" in sections:
            rows += units.rows(units.measure_all(root, int(setting("RUNS", "1")), log))
        if "pathological" in sections:
            rows += pathological.rows(pathological.measure_all(log))
    print(machine.describe())
    print()
    print(format_table(rows))
    print(f"\nWhole run: {time.perf_counter() - STARTED:.0f} s")
    missed = [row for row in rows if row.met is False]
    return 1 if missed and setting("STRICT", "") == "1" else 0


if __name__ == "__main__":
    raise SystemExit(main())
