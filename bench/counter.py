"""bantin's visit counter against GoAccess on the same generated day of nginx log.

bantin is driven only through its command line (`python -m bantin visits --help`): the counter's
insides change often, its options are the contract.
"""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import accesslog
import measure
from table import Row, count, cpu_ratio, times

REPO = Path(__file__).resolve().parent.parent
SPEED_TARGET = 1.0  # × GoAccess: must be faster
MEMORY_TARGET_MB = 150
RERUN_TARGET = 1.0  # seconds, the unchanged log again (a cron job every few minutes)
APPENDED = 100  # lines added to the log before the last run (shown, no target of issue 10)


def _append_last_lines(log: Path, count: int) -> None:
    """The log's last `count` lines again at its end: new lines to count (their times repeat; no matter)."""
    with log.open("rb") as stream:
        stream.seek(max(0, log.stat().st_size - 400 * (count + 1)))
        tail = stream.read().splitlines(keepends=True)[-count:]
    with log.open("ab") as stream:
        stream.writelines(tail)


def bantin_visits(log: Path, site: Path, work: Path) -> measure.Run:
    command = [sys.executable, "-m", "bantin", "visits", str(log), "--data", str(work / "visits.yml"),
               "--site", str(site), "--state", str(work / "state")]
    return measure.run(command, cwd=work, env=dict(os.environ, PYTHONPATH=str(REPO / "hooks")))


def goaccess(log: Path, work: Path) -> measure.Run | None:
    binary = shutil.which("goaccess")
    if not binary:
        return None
    return measure.run([binary, str(log), "--log-format=COMBINED", "-o", str(work / "report.json")], cwd=work)


def measure_all(root: Path, site: Path, lines: int, visitors: int, log) -> dict[str, measure.Run | None]:
    work = root / "visits"
    work.mkdir()
    path = accesslog.write_log(work / "access.log", accesslog.site_files(site), lines, visitors)
    log(f"visits: wrote {count(lines)} lines ({path.stat().st_size / 2**20:.0f} MB)")
    runs = {"bantin": bantin_visits(path, site, work)}
    runs["goaccess"] = goaccess(path, work)
    runs["rerun"] = bantin_visits(path, site, work)  # nothing new in the log: the cron job's usual run
    _append_last_lines(path, APPENDED)  # a few minutes of traffic since: the cron job's other run
    runs["appended"] = bantin_visits(path, site, work)
    for name, run in runs.items():
        log(f"visits {name}: " + (f"{run.seconds:.2f} s, {run.peak_mb:.0f} MB" if run and run.ok
                                  else run.problem() + "\n" + run.stderr[-1500:] if run else "not installed"))
    return runs


def rows(runs: dict[str, measure.Run | None], lines: int) -> list[Row]:
    size = f"{count(lines)} lines"
    peer = runs.get("goaccess")
    peer_ok = peer is not None and peer.ok
    out = []
    for key, label in (("goaccess", "GoAccess (peer)"), ("bantin", "bantin visits, first run"),
                       ("rerun", "bantin visits, same log again"),
                       ("appended", f"bantin visits, {APPENDED} lines appended since")):
        run = runs.get(key)
        if run is None:
            out.append(Row("Visits", label, size, note="not installed" if key == "goaccess" else "not run"))
            continue
        if not run.ok:
            out.append(Row("Visits", label, size, note=run.problem(), met=False if key != "goaccess" else None))
            continue
        ratio = run.seconds / peer.seconds if peer_ok else None
        per_line = f"{run.seconds * 1e6 / lines:.1f} µs/line" if key in ("goaccess", "bantin") else ""
        target, met = _target(key, run, ratio)
        out.append(Row("Visits", label, size, run.seconds, per_line,
                       "1.00 (peer)" if key == "goaccess" else times(ratio, "GoAccess", cpu_ratio(run, peer)),
                       run.peak_mb,
                       target, met, cpu_seconds=run.cpu_seconds))
    return out


def _target(key: str, run: measure.Run, ratio: float | None) -> tuple[str, bool | None]:
    if key == "bantin":
        checks = [run.peak_mb <= MEMORY_TARGET_MB] + ([ratio < SPEED_TARGET] if ratio is not None else [])
        return f"< {SPEED_TARGET:.2f}× GoAccess; ≤ {MEMORY_TARGET_MB} MB", all(checks)
    if key == "rerun":
        return f"≤ {RERUN_TARGET:.0f} s; ≤ {MEMORY_TARGET_MB} MB", run.seconds <= RERUN_TARGET and \
            run.peak_mb <= MEMORY_TARGET_MB
    return "", None
