"""Units side by side: one row a unit with its level (mức Xanh, Vàng, Đỏ) and figures, ranked worst first, in words.

A programme's statistics page and a unit's page show the same three things for a set of units (the top level,
a unit's children): the sentence (`33 trong số 34 tỉnh, thành phố đạt mức Xanh; 1 tỉnh ở mức Vàng`, its
patterns in wording.PageWording), a grid in the units' own order, and the ranking table, which a CSV carries
(exports.units_csv). Everything here is already formatted: a template only places it.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..common import vi
from ..schema.figures import Wording
from .changes import completion_rate
from .model import TaskCounts
from .units import GREEN, LIGHT_LABELS, RED, YELLOW, Light, Unit
from .wording import fill, page_wording

# Levels a sentence may name together, in the order Vietnamese writes them: `tỉnh, thành phố`.
LEVEL_GROUPS = (("tỉnh", "thành phố"), ("xã", "phường", "đặc khu"))
ANY_LEVEL = "đơn vị"  # units of unrelated levels (a province and a ministry's office)


@dataclass(frozen=True)
class UnitRow:
    """One unit in a report: its light, its counts, and where its page is."""

    unit: Unit
    url: str
    light: Light
    counts: TaskCounts

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def rate(self) -> Decimal | None:
        """Completed in percent of assigned, one decimal, as the change sentence says it (`61,2`)."""
        return completion_rate(self.counts)

    @property
    def overdue_share(self) -> Decimal:
        """Overdue in percent of assigned, one decimal half-up: the light's measure, for the CSV."""
        share: Fraction = self.light.share
        return vi.round_half_up(Decimal(share.numerator) / Decimal(share.denominator), 1)

    def figure(self, status: str) -> str:
        """`assigned`, `completed`…: `1.234`."""
        return vi.number(getattr(self.counts, status))

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else vi.percent(self.rate, 1)


@dataclass(frozen=True)
class Ranking:
    """A set of units of one report: worst first (`rows`), in data/units.yml's order (`grid`), in words."""

    rows: list[UnitRow]
    grid: list[UnitRow]
    summary: str
    noun: str          # what the units are: `phường`, `tỉnh, thành phố`
    as_of: str
    csv_url: str
    rules: str = ""  # the programme's thresholds, in words
    parent: UnitRow | None = None  # the statistics page's single top unit, whose children are ranked

    @property
    def caption(self) -> str:
        within = f" trực thuộc {self.parent.unit.in_text}" if self.parent else ""
        return (f"Danh sách theo mức cảnh báo: các {self.noun}{within}, tính đến {self.as_of} (mức Đỏ, mức Vàng rồi "
                "mức Xanh; cùng mức thì đơn vị có tỷ lệ nhiệm vụ quá hạn cao hơn xếp trước)")


def level_noun(levels: Iterable[str]) -> str:
    """What to call units of these levels: one level as it is (`tỉnh`, `ban`); levels of one group in the
    group's order (`tỉnh, thành phố`, `xã, phường`); anything else `đơn vị`."""
    found = set(levels)
    if len(found) == 1:
        return found.pop()
    for group in LEVEL_GROUPS:
        if found and found <= set(group):
            return ", ".join(level for level in group if level in found)
    return ANY_LEVEL


def summary(rows: list[UnitRow], wording: Wording) -> str:
    """`33 trong số 34 tỉnh, thành phố đạt mức Xanh; 1 tỉnh ở mức Vàng.`: Xanh first, then Vàng and Đỏ,
    each counted and called by its own units' levels; one unit is named; "" with none."""
    if not rows:
        return ""
    w = page_wording(wording)
    if len(rows) == 1:
        row = rows[0]
        pattern = w.lights_one_green if row.light.key == GREEN else w.lights_one_other
        return vi.upper_first(fill(pattern, don_vi=row.unit.in_text, den=row.light.label)) + "."
    by_light = {key: [row for row in rows if row.light.key == key] for key in (GREEN, YELLOW, RED)}
    total, greens = vi.number(len(rows)), by_light[GREEN]
    noun = level_noun(row.unit.level for row in rows)
    if len(greens) == len(rows):
        parts = [fill(w.lights_all_green, tong=total, cap=noun)]
    elif greens:
        parts = [fill(w.lights_green, so=vi.number(len(greens)), tong=total, cap=noun)]
    else:
        parts = [fill(w.lights_no_green, cap=noun)]
    for key in (YELLOW, RED):
        if by_light[key]:
            parts.append(fill(w.lights_other, so=vi.number(len(by_light[key])), den=LIGHT_LABELS[key],
                              cap=level_noun(row.unit.level for row in by_light[key])))
    return vi.upper_first("; ".join(parts)) + "."
