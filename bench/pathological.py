"""Inputs that once took quadratic time, each timed at two sizes: the growth of the time against the growth
of the size shows it stays linear (4× the size: about 4× the time; quadratic work would take 16×).

- unit suggestions: a units.yml whose every unit names a parent that does not exist, each told the unit
  it may have meant (4,000 units: 144 s before);
- statistics task table: overrides/thong-ke.html's task table for a programme listing n tasks (20,000
  tasks: 35 s before, the table's columns were decided again on every row);
- links in one paragraph: the build's Markdown converter on one paragraph of n links (2,000: 49 s before).

CPU time of this process (the growth is CPU time's; the table shows the wall time too): the work is done
here, without a build around it.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from table import Row, count

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

GROWTH = 4  # the larger size is this many times the smaller


def units_yml(size: int) -> str:
    """`size` communes whose parents (`9xxxx`) are not in the file."""
    lines = ["units:"]
    for i in range(size):
        lines += [f"  - code: '{10000 + i}'", f"    name: Phường Số {i}", "    level: phường",
                  f"    parent: '{90000 + i}'"]
    return "\n".join(lines) + "\n"


def unit_suggestions(size: int) -> int:
    """Loads the units file; returns the number of mistakes reported (one a unit)."""
    from bantin.figures.units import load_units
    with tempfile.TemporaryDirectory(prefix="bantin-bench-") as folder:
        data = Path(folder)
        (data / "units.yml").write_text(units_yml(size), encoding="utf-8")
        errors: list = []
        load_units(data, data, errors)
        return len(errors)


@functools.lru_cache(maxsize=1)
def _config():
    from mkdocs.config import load_config
    return load_config(str(REPO / "mkdocs.yml"))


def stats_page(size: int):
    """The statistics page of a programme listing `size` tasks (none with a unit or a lead), and its
    template, loaded with the theme's environment."""
    from bantin.figures.content import stats_page as page
    from bantin.figures.model import Programme, Report, Task
    from bantin.figures.stats import compute
    tasks = tuple(Task(f"Nhiệm vụ {i}", dt.date(2026, 1 + i % 12, 1 + i % 28)) for i in range(size))
    programme = Programme("cds", "Đề án", (Report(dt.date(2025, 12, 25), None, task_list=tasks),))
    return page(compute([programme])["cds"]), _config().theme.get_env().get_template("thong-ke.html")


def task_table(given) -> str:
    """overrides/thong-ke.html's content (the task table and the rest); the download links' macro is left
    out (it needs a page address)."""
    page, template = given
    context = template.new_context({"thong_ke": page, "unit_urls": {}, "config": _config(), "base_url": ".",
                                    "downloads": lambda s: ""})
    return "".join(template.blocks["content"](context))


def links_page(size: int):
    """`size` links in one paragraph, and the build's Markdown converter (see mkdocs_markdown.Converter)."""
    import markdown

    from bantin.build.markdown_budget import linear_links
    config = _config()
    md = linear_links(markdown.Markdown(extensions=config["markdown_extensions"],
                                        extension_configs=config["mdx_configs"] or {}))
    links = ", ".join(f"[Văn bản số {i}](https://example.gov.vn/van-ban/{i}.pdf)" for i in range(size))
    return md, f"Các văn bản: {links}.\n"


def links_paragraph(given) -> str:
    md, text = given
    return md.convert(text)


@dataclass(frozen=True)
class Case:
    label: str
    unit: str  # what the size counts
    sizes: tuple[int, int]
    work: Callable[[int], object]  # the timed part
    prepare: Callable[[int], object] = lambda size: size  # untimed: what `work` is given


CASES = (
    Case("bantin: 'did you mean' for units with wrong parents", "units", (1000, 4000), unit_suggestions),
    Case("bantin: statistics page's task table", "tasks", (20000, 80000), task_table, stats_page),
    Case("bantin: one paragraph of links (Markdown)", "links", (1000, 4000), links_paragraph, links_page),
)


@dataclass(frozen=True)
class Timing:
    case: Case
    seconds: tuple[float, float]  # CPU time at each size
    wall: float = 0.0  # wall time at the larger size

    @property
    def growth(self) -> float:
        return self.seconds[1] / self.seconds[0] if self.seconds[0] else float("inf")


def time_case(case: Case) -> Timing:
    seconds, wall = [], 0.0
    for size in case.sizes:
        given = case.prepare(size)
        started, started_wall = time.process_time(), time.perf_counter()
        case.work(given)
        seconds.append(time.process_time() - started)
        wall = time.perf_counter() - started_wall
    return Timing(case, (seconds[0], seconds[1]), wall)


def measure_all(log, cases: tuple[Case, ...] = CASES) -> list[Timing]:
    found = []
    for case in cases:
        timing = time_case(case)
        log(f"pathological {case.label}: {timing.seconds[0]:.2f} s, {timing.seconds[1]:.2f} s")
        found.append(timing)
    return found


def rows(timings: list[Timing]) -> list[Row]:
    out = []
    for timing in timings:
        (small, large), size_ratio = timing.case.sizes, timing.case.sizes[1] / timing.case.sizes[0]
        out.append(Row(
            "Pathological", timing.case.label, f"{count(small)} → {count(large)} {timing.case.unit}", timing.wall,
            per_item=f"{timing.seconds[1] * 1e6 / large:.0f} µs/{timing.case.unit[:-1]} (CPU)",
            ratio=f"time ×{timing.growth:.1f} for size ×{size_ratio:g}",
            target=f"time × ≤ {2 * size_ratio:g} (linear: ×{size_ratio:g}; quadratic: ×{size_ratio ** 2:g})",
            met=timing.growth <= 2 * size_ratio, cpu_seconds=timing.seconds[1]))
    return out
