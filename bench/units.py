"""Unit pages at national scale: what one `/don-vi/<code>/` page costs a build.

bantin builds the demo twice, as it is (4 units) and with 34 provinces and 3,321 communes reported in two
reports (tests/national.py: 3,355 units); the time per unit page is the difference divided by the pages
added. The peer does the same: plain MkDocs + Material builds its one page, then as many pages again, each a
unit's heading and small table of figures. Both differences include everything those pages cost a build
(bantin's: reading and checking the units' data, the rankings, the charts, the CSV; MkDocs': each page's
Markdown, theme and file), not only the page's template.
"""
from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import measure
import projects
from table import Row, count

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
import national  # noqa: E402
from builds import best_of, command  # noqa: E402

TARGET_MS = 5.0  # "at most a few milliseconds per unit page" (issue 11), CPU time
CASES = {  # key: (builder, with the units)
    "bantin-demo": "bantin, the demo (4 units)",
    "bantin-units": "bantin: /don-vi/<code>/ pages, demo + 34 provinces + 3,321 communes",
    "plain-one": "plain MkDocs + Material, one page",
    "plain-units": "plain MkDocs + Material: one page a unit with a table (peer)",
}


@dataclass(frozen=True)
class Pair:
    """A build without and with the unit pages, and how many pages the second adds."""

    without: measure.Run | None
    with_units: measure.Run | None
    added: int

    @property
    def ok(self) -> bool:
        return bool(self.without and self.with_units and self.without.ok and self.with_units.ok)

    def ms(self, cpu: bool = False) -> float | None:
        if not self.ok:
            return None
        if cpu:
            if self.with_units.cpu_seconds is None or self.without.cpu_seconds is None:
                return None
            return (self.with_units.cpu_seconds - self.without.cpu_seconds) * 1000 / self.added
        return (self.with_units.seconds - self.without.seconds) * 1000 / self.added


UNIT_PAGE = """# {name}

Mã đơn vị: {code}. Cấp: {level}. Số liệu tính đến ngày 25/12/2025.

| Tình trạng | Số nhiệm vụ | Tỷ lệ |
|---|--:|--:|
| Đã hoàn thành | {completed} | {completed_share}% |
| Đang thực hiện theo tiến độ | {on_schedule} | {on_schedule_share}% |
| Đang thực hiện quá hạn | {overdue} | {overdue_share}% |
| Tổng số được giao | {assigned} | 100% |
"""


def plain_unit_pages(root: Path, with_units: bool) -> Path:
    """The peer's project: its home page, and with `with_units` one page a unit of the national data."""
    project = projects.plain_mkdocs(root, [])
    if with_units:
        folder = project / "docs" / "don-vi"
        folder.mkdir()
        number = 0
        for index, (province, communes) in enumerate(national.tree().items()):
            for code in [*communes, province]:
                number += 1
                done, going, late = national._counts(number, 1, index)
                total = done + going + late
                (folder / f"{code}.md").write_text(UNIT_PAGE.format(
                    name=f"Đơn vị {code}", code=code, level="xã", completed=done, on_schedule=going, overdue=late,
                    assigned=total, completed_share=done * 100 // total, on_schedule_share=going * 100 // total,
                    overdue_share=late * 100 // total), encoding="utf-8")
    return project


def bantin_units(root: Path, with_units: bool) -> Path:
    project = projects.bantin(root, [])
    if with_units:
        national.write(project)
    return project


def build(case: str, root: Path, runs: int, log) -> measure.Run | None:
    with_units = case.endswith("units")
    maker = bantin_units if case.startswith("bantin") else plain_unit_pages
    project = maker(root / case, with_units)
    out = root / f"site-{case}"
    how = command("bantin-off" if case.startswith("bantin") else "plain", project, out)
    run = best_of(runs, how[0], how[1], project)
    log(f"units {case}: " + (f"{run.seconds:.1f} s, CPU {run.cpu_seconds or 0:.1f} s" if run.ok else run.problem()))
    if not run.ok:
        log(run.stderr[-2000:])
    shutil.rmtree(project)
    shutil.rmtree(out, ignore_errors=True)
    return run


def measure_all(root: Path, runs: int, log) -> dict[str, Pair]:
    found = {case: build(case, root, runs, log) for case in CASES}
    added = national.PROVINCES + national.COMMUNES
    return {"bantin": Pair(found["bantin-demo"], found["bantin-units"], added - 1 - len(national.DEMO_UNITS[1])),
            "plain": Pair(found["plain-one"], found["plain-units"], added)}


def rows(pairs: dict[str, Pair]) -> list[Row]:
    size = f"{count(national.PROVINCES + national.COMMUNES)} units"
    peer = pairs["plain"]
    out = []
    for key, label in (("plain", CASES["plain-units"]), ("bantin", CASES["bantin-units"])):
        pair = pairs[key]
        if not pair.ok:
            failed = pair.with_units if pair.with_units and not pair.with_units.ok else pair.without
            out.append(Row("Unit pages", label, size, note=failed.problem() if failed else "not run",
                           target=_target(key), met=False if key == "bantin" else None))
            continue
        wall, cpu = pair.ms(), pair.ms(cpu=True)
        per_item = f"{wall:.1f} ms/unit page" + (f" (CPU {cpu:.1f} ms)" if cpu is not None else "")
        ratio = "1.00 (peer)" if key == "plain" else _ratio(pair, peer)
        met = (cpu if cpu is not None else wall) <= TARGET_MS if key == "bantin" else None
        out.append(Row("Unit pages", label, size, pair.with_units.seconds, per_item, ratio, pair.with_units.peak_mb,
                       _target(key), met, cpu_seconds=pair.with_units.cpu_seconds))
    return out


def _target(key: str) -> str:
    return f"≤ {TARGET_MS:g} ms/unit page (CPU)" if key == "bantin" else ""


def _ratio(pair: Pair, peer: Pair) -> str:
    if not peer.ok or not peer.ms():
        return ""
    cpu, peer_cpu = pair.ms(cpu=True), peer.ms(cpu=True)
    text = f"{pair.ms() / peer.ms():.2f}× a plain MkDocs page"
    return text + (f" (CPU {cpu / peer_cpu:.2f}×)" if cpu is not None and peer_cpu else "")
