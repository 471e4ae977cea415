"""What the unit pages (`/don-vi/<code>/`) and the statistics pages' units section show, once per build.

A national site has 3,355 unit pages, and each unit is shown on its own page and again on its parent's: a
unit's row (its light, its figures in Vietnamese form) is made once per report and kept (`ProgrammeUnits.row`),
so a page only assembles what is already formatted. Built once per build by `SiteData.unit_views`.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator, Mapping

from ..common import urls, vi
from . import changes, content, exports
from .model import STATUSES, Number, UnitFigures
from .ranking import Ranking, UnitRow, level_noun, summary
from .stats import IndicatorStats, ProgrammeStats, ReportStats, TaskStats
from .units import Unit, Units, light, ranked, rules_text
from .wording import fill, page_wording


class ProgrammeUnits:
    """One programme's figures by unit (`by_unit:`), across its reports."""

    def __init__(self, programme: ProgrammeStats, units: Units):
        self.programme, self.units = programme, units
        self._rows: dict[tuple[dt.date, str], UnitRow] = {}
        self._found: dict[dt.date, set[str]] = {}
        self._csv: str | None = None
        self.rules = rules_text(programme.traffic_lights)

    def row(self, report: ReportStats, code: str) -> UnitRow | None:
        """The unit's light and figures in `report`; None without task figures. Made once per build."""
        key = (report.as_of, code)
        if key not in self._rows:
            figures = report.report.figures_by_unit.get(code)
            if figures is None or figures.tasks is None:
                return None
            self._rows[key] = UnitRow(self.units.by_code[code], urls.unit(code),
                                      light(figures.tasks, self.programme.traffic_lights), figures.tasks)
        return self._rows[key]

    def counted_row(self, report: ReportStats, code: str) -> UnitRow:
        """The row of a unit its caller knows has task figures in `report`."""
        row = self.row(report, code)
        assert row is not None, code
        return row

    def ranking(self, report: ReportStats, codes: list[str], parent: UnitRow | None = None) -> Ranking:
        """`codes` (in data/units.yml's order, each with task figures in `report`) ranked and summed up."""
        rows = {code: self.counted_row(report, code) for code in codes}
        order = ranked({code: row.light for code, row in rows.items()}, {code: row.name for code, row in rows.items()})
        ranked_rows = [rows[code] for code in order]
        return Ranking(ranked_rows, list(rows.values()), summary(ranked_rows, self.programme.wording),
                       level_noun(row.unit.level for row in ranked_rows), vi.date(report.as_of),
                       urls.unit_data(self.programme.id), self.rules, parent)

    def with_tasks(self, report: ReportStats) -> set[str]:
        """The units with task figures in `report`, found once per report."""
        if report.as_of not in self._found:
            self._found[report.as_of] = {c for c, f in report.report.figures_by_unit.items() if f.tasks is not None}
        return self._found[report.as_of]

    def children(self, report: ReportStats, code: str | None) -> list[str]:
        """The unit's children with task figures in `report`, in data/units.yml's order; for `None`, the units
        whose parent has none (the top level)."""
        found = self.with_tasks(report)
        if code is not None:
            return [child for child in self.units.children(code) if child in found]
        return [c for c in self.units.by_code if c in found and self.units.by_code[c].parent not in found]

    def top_level(self) -> tuple[str | None, list[str]]:
        """The units of the latest report with figures by unit whose parent has no figures in it, in
        data/units.yml's order. A single one (the province of a ward's site) is no ranking: its children are
        ranked instead, and so on down."""
        report = self.programme.latest_with("by_unit")
        top = self.children(report, None)
        parent = None
        while len(top) == 1 and self.children(report, top[0]):
            parent, top = top[0], self.children(report, top[0])
        return parent, top

    def statistics(self) -> Ranking | None:
        """The statistics page's section: None when no report has figures by unit. A latest report without them
        leaves the last report's that has them, whose date the ranking says."""
        parent, top = self.top_level()
        if not top:
            return None
        report = self.programme.latest_with("by_unit")
        return self.ranking(report, top, self.row(report, parent) if parent else None)

    def csv(self) -> str | None:
        """Every unit of the latest report, one ranking after another, from the top level down (`exports`);
        None without figures by unit. Made once: the build lists its files more than once."""
        report = self.programme.latest_with("by_unit")
        if self._csv is None and self.children(report, None):
            groups: list[list[UnitRow]] = []
            queue: list[str | None] = [None]
            for parent in queue:
                codes = self.children(report, parent)
                if codes:
                    rows = self.ranking(report, codes).rows
                    groups.append(rows)
                    queue += [row.code for row in rows]
            self._csv = exports.units_csv(report.as_of, groups)
        return self._csv

    # ---- one unit's page ---------------------------------------------------------------------------------

    def history(self, code: str) -> list[tuple[ReportStats, UnitFigures]]:
        """The reports with the unit's figures, oldest first."""
        return [(report, report.report.figures_by_unit[code]) for report in self.programme.reports
                if code in report.report.figures_by_unit]

    def section(self, unit: Unit) -> dict[str, object] | None:
        """The unit's figures in this programme, on its page (the template's names); None when no report has them."""
        history = self.history(unit.code)
        if not history:
            return None
        report, own = history[-1]
        programme, wording = self.programme, self.programme.wording
        key = f"bt-{programme.id}-ky"  # the trend chart's pattern ids: one chart a programme on the page
        section: dict[str, object] = {
            "id": programme.id, "title": programme.title, "url": urls.statistics(programme.id),
            "as_of": vi.date(report.as_of), "rules": self.rules, "wording": wording,
            "change": self.change(unit, history), "indicators": self.indicators(report, own),
            "tasks": None, "children": None}
        row = self.row(report, unit.code)
        if row is not None:
            points = [(r, TaskStats.of(f.tasks, None, wording)) for r, f in history if f.tasks is not None]
            trend = len(points) > 1
            section.update(
                tasks=content.status_rows(points[-1][1]), assigned=row.figure("assigned"), light=row.light,
                trend=content.task_trend([(r.as_of, tasks) for r, tasks in points], wording, key),
                trend_title=content.TREND_TITLE, trend_legend=content.trend_legend(wording, key) if trend else "",
                history=self.history_rows(unit.code, points) if trend else [])
        children = self.children(report, unit.code)
        if children:
            section["children"] = self.ranking(report, children)
        return section

    def change(self, unit: Unit, history: list[tuple[ReportStats, UnitFigures]]) -> str:
        """Against the unit's previous report, tasks then indicators; a first report says it has none."""
        report, own = history[-1]
        if len(history) < 2:
            return fill(page_wording(self.programme.wording).change_first, ngay=vi.date(report.as_of),
                        don_vi=unit.in_text)
        previous, before = history[-2]
        wording = self.programme.wording
        parts = []
        if own.tasks is not None and before.tasks is not None:
            parts += changes.counts_changes(before.tasks, own.tasks, wording, keep_together=True)
        pairs = [(_indicator(report, id_, value), _indicator(previous, id_, dict(before.indicators).get(id_)))
                 for id_, value in own.indicators]
        parts += changes.indicators_changes([(now, then) for now, then in pairs if now], wording, keep_together=True)
        return changes.worded(wording, previous.as_of, parts)

    def indicators(self, report: ReportStats, own: UnitFigures) -> list[dict[str, str]]:
        """The unit's own figure of each indicator, with the report's name and unit for it."""
        rows: list[dict[str, str]] = []
        for id_, value in own.indicators:
            stats = report.indicators.get(id_)
            rows.append({"name": stats.name if stats else id_,
                         "actual": content.measure(value, stats.unit if stats else "")})
        return rows

    def history_rows(self, code: str, points: list[tuple[ReportStats, TaskStats]]) -> list[dict[str, object]]:
        """The unit's counts in each report, newest first, as the statistics page's table of the reports."""
        return [{"as_of": vi.date(report.as_of), "assigned": vi.number(tasks.assigned),
                 "light": self.counted_row(report, code).light,
                 **{status: content.history_cell(tasks, status) for status in STATUSES}}
                for report, tasks in reversed(points)]


def _indicator(report: ReportStats, id_: str, value: Number | None) -> IndicatorStats | None:
    """The report's indicator with the unit's own figure, an exact one (`by_unit:` has no qualifier)."""
    stats = report.indicators.get(id_)
    if stats is None or value is None:
        return None
    return dataclasses.replace(stats, actual=value, qualifier=None)


class UnitViews:
    """Every programme with figures by unit, for every unit page and statistics page of one build."""

    def __init__(self, units: Units, programmes: Mapping[str, ProgrammeStats]):
        self.units = units
        self.programmes = {id_: ProgrammeUnits(programme, units) for id_, programme in programmes.items()
                           if any(report.report.by_unit for report in programme.reports)}
        self._task_units: dict[str, dict[str, str]] = {}
        self._names = _unique_names(units)

    def page(self, code: str) -> dict[str, object]:
        """What `overrides/don-vi.html` shows (the template's names)."""
        unit = self.units.by_code[code]
        parent = self.units.by_code.get(unit.parent) if unit.parent else None
        children = [self.units.by_code[child] for child in self.units.children(code)]
        sections = [s for s in (p.section(unit) for p in self.programmes.values()) if s is not None]
        return {"unit": unit, "parent": parent, "parent_url": urls.unit(parent.code) if parent else None,
                "children": [{"name": c.name, "url": urls.unit(c.code), "level": c.level} for c in children],
                "sections": sections}

    def statistics(self, programme_id: str) -> Ranking | None:
        found = self.programmes.get(programme_id)
        return found.statistics() if found else None

    def files(self) -> Iterator[tuple[str, str]]:
        """Each programme's ranking as CSV (`/du-lieu/don-vi/<id>.csv`)."""
        for id_, programme in self.programmes.items():
            text = programme.csv()
            if text:
                yield urls.unit_data(id_), text

    def unit_url(self, written: str | None) -> str | None:
        """The page of the unit a task names (`unit:`) by its code or its name; None for a name two units share."""
        if not written:
            return None
        key = vi.nfc(written).strip()
        code = key if key in self.units.by_code else self._names.get(key.casefold())
        return urls.unit(code) if code else None

    def task_unit_urls(self, programme: ProgrammeStats) -> dict[str, str]:
        """{what a task of the latest report writes as its unit: that unit's page}, for the task list."""
        if programme.id not in self._task_units:
            written = {task.unit for task in programme.latest_with("tasks").report.task_list if task.unit}
            self._task_units[programme.id] = {text: url for text in written if (url := self.unit_url(text))}
        return self._task_units[programme.id]


def _unique_names(units: Units) -> dict[str, str]:
    """{name, case-folded: code} for names only one unit has (many communes share a name across provinces)."""
    seen: dict[str, str | None] = {}
    for unit in units.by_code.values():
        key = vi.nfc(unit.name).strip().casefold()
        seen[key] = None if key in seen else unit.code
    return {name: code for name, code in seen.items() if code is not None}
