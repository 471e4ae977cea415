"""The bench's one table: every measure next to its peer's, as a ratio, with its target.

Markdown, so a run's output goes into BENCHMARKS.md as it is.
"""
from __future__ import annotations

from dataclasses import dataclass

COLUMNS = ("Measure", "Case", "Size", "Time (s)", "CPU (s)", "Per item", "Ratio", "Peak RSS (MB)", "Target", "Met")


@dataclass(frozen=True)
class Row:
    measure: str  # "Build", "Preview", "Visits"
    case: str  # who and what: "bantin, search off"
    size: str  # "4,000 bulletins", "1,000,000 lines"
    seconds: float | None = None
    per_item: str = ""  # "12.3 ms/bulletin"
    ratio: str = ""  # "1.38× plain MkDocs": always against a peer timed in the same run
    peak_mb: float | None = None
    target: str = ""
    met: bool | None = None  # None: no target, or nothing measured
    note: str = ""  # why there is no number (not installed, hung, failed): shown in place of the time
    cpu_seconds: float | None = None  # user + system of the process tree (see measure.Run)


def count(number: int) -> str:
    """1,000 as the table writes sizes."""
    return f"{number:,}"


def times(ratio: float | None, peer: str, cpu: float | None = None) -> str:
    """"1.20× plain MkDocs (CPU 1.05×)": wall time against the peer's, and CPU time against its CPU time,
    which other people's load on a shared machine barely changes."""
    if ratio is None:
        return ""
    return f"{ratio:.2f}× {peer}" + (f" (CPU {cpu:.2f}×)" if cpu is not None else "")


def cpu_ratio(run, peer) -> float | None:
    """`run`'s CPU time ÷ `peer`'s (measure.Run), when both have one."""
    if run is None or peer is None or not run.cpu_seconds or not peer.cpu_seconds:
        return None
    return run.cpu_seconds / peer.cpu_seconds


def _cells(row: Row) -> list[str]:
    seconds = row.note if row.seconds is None and row.note else _number(row.seconds, 2)
    if row.seconds is not None and row.note:
        seconds += f" ({row.note})"
    met = "" if row.met is None else ("yes" if row.met else "**no**")
    return [row.measure, row.case, row.size, seconds, _number(row.cpu_seconds, 2), row.per_item, row.ratio,
            _number(row.peak_mb, 0), row.target, met]


def _number(value: float | None, decimals: int) -> str:
    return "" if value is None else f"{value:,.{decimals}f}"


def format_table(rows: list[Row]) -> str:
    """A Markdown table, columns padded so it also reads well in a terminal."""
    cells = [list(COLUMNS)] + [_cells(row) for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    right = {3, 4, 5, 6, 7}  # numbers
    lines = []
    for number, line in enumerate(cells):
        padded = [c.rjust(w) if i in right and number else c.ljust(w)
                  for i, (c, w) in enumerate(zip(line, widths, strict=True))]
        lines.append("| " + " | ".join(padded) + " |")
        if number == 0:
            lines.append("|" + "|".join(("-" * (w + 1) + ":") if i in right else "-" * (w + 2)
                                        for i, w in enumerate(widths)) + "|")
    return "\n".join(lines)
