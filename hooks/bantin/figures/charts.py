"""Charts as static SVG and HTML: no script, readable in print and in forced colours (each part is
also told apart by its pattern, not by colour alone).

The bar is drawn at the width of the page, not scaled from a fixed viewBox: a 600-unit figure shrank
its text to 8 px on a 375 px phone. Its legend is an HTML list under it, which wraps like any text.
The home page and the statistics page draw the same bar from here, so a part has one colour everywhere.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

# Colour and pattern per part, in the order of the breakdown: completed, on schedule, overdue.
PARTS = (("#1b7f3b", None), ("#1565c0", "cheo"), ("#c62828", "cham"))
LABEL_MIN_SHARE = 6  # a part narrower than this has its figure in the legend only
NARROW_SHARE = 15  # below this, a phone has no room for the figure in the part: the stylesheet hides it


def _patterns(key: str) -> str:
    """Pattern ids carry `key`: several charts on one page (the home page) must not share ids."""
    return (f'<defs><pattern id="{key}-cheo" width="8" height="8" patternUnits="userSpaceOnUse" '
            'patternTransform="rotate(45)"><rect width="8" height="8" fill="#1565c0"/>'
            '<rect width="3" height="8" fill="#fff" opacity=".35"/></pattern>'
            f'<pattern id="{key}-cham" width="8" height="8" patternUnits="userSpaceOnUse">'
            '<rect width="8" height="8" fill="#c62828"/><circle cx="4" cy="4" r="1.6" fill="#fff" opacity=".5"/>'
            '</pattern></defs>')


def _fill(index: int, key: str) -> str:
    colour, pattern = PARTS[index]
    return f"url(#{key}-{pattern})" if pattern else colour


def _percent(value: float) -> str:
    return f"{value:g}%"


def stacked_bar(parts: list[tuple[str, int, str]], title: str, key: str = "bt-chart") -> str:
    """`parts`: (label, whole percent, shown text such as `61%`), percents adding up to 100.

    Positions are percents of the bar's width and the text is sized by the stylesheet, so the
    figures inside the bar keep their size on any screen.
    """
    description = "; ".join(f"{label}: {text}" for label, _, text in parts)
    body, x = [], 0
    for index, (_, share, text) in enumerate(parts):
        body.append(f'<rect x="{_percent(x)}" y="0" width="{_percent(share)}" height="100%" '
                    f'fill="{_fill(index, key)}" stroke="#fff"/>')
        if share >= LABEL_MIN_SHARE:
            narrow = ' class="bt-bar__narrow"' if share < NARROW_SHARE else ""
            body.append(f'<text x="{_percent(x + share / 2)}" y="50%"{narrow} dominant-baseline="central" '
                        f'text-anchor="middle" fill="#fff" font-weight="700">{escape(text)}</text>')
        x += share
    return (f'<svg class="bt-chart bt-bar" width="100%" height="32" role="img" '
            f'aria-label={quoteattr(title + ": " + description)} xmlns="http://www.w3.org/2000/svg">'
            f'{_patterns(key)}{"".join(body)}</svg>')


def legend(parts: list[tuple[str, int, str]], key: str = "bt-chart") -> str:
    """The key under the bar: a swatch of each part's fill (the bar's own patterns), its label and figure
    (none for the trend chart, whose figures differ from bar to bar)."""
    items = [f'<li><svg class="bt-legend__swatch" width="14" height="14" aria-hidden="true" focusable="false">'
             f'<rect width="14" height="14" fill="{_fill(index, key)}"/></svg> '
             f'<span>{escape(label)}</span>' + (f' <strong>{escape(text)}</strong>' if text else "") + '</li>'
             for index, (label, _, text) in enumerate(parts)]
    return f'<ul class="bt-legend">{"".join(items)}</ul>'


# The trend chart's rows, in em of its text (the stylesheet sizes it in rem): the height follows the reader's
# font size as the text does, and no row's label runs into the bar under it.
TREND_LABEL = 1.1  # baseline of a row's label, from the row's top
TREND_BAR_TOP = 1.5
TREND_BAR = 2.0
TREND_ROW = 4.3  # from one row's top to the next


def _em(value: float) -> str:
    return f"{round(value, 2):g}em"


def trend(rows: list[tuple[str, str, list[tuple[int, str]]]], names: list[str], title: str,
          key: str = "bt-trend") -> str:
    """One bar a report, oldest first, in the parts, colours and patterns of `stacked_bar`.

    `rows`: (the report's date, its label above the bar, [(count, shown text)] per part); `names`: the parts'
    names. A part is as long as its count's share of the largest total, so a bar grows with the tasks
    assigned and a part with its count. Its figure is written inside when it fits, as on the status bar;
    all of them are in the chart's accessible text and in the table of the reports.
    """
    largest = max(sum(count for count, _ in parts) for _, _, parts in rows) or 1
    body, described = [], []
    for index, (when, label, parts) in enumerate(rows):
        top = index * TREND_ROW
        body.append(f'<text x="0" y="{_em(top + TREND_LABEL)}" fill="currentColor">{escape(label)}</text>')
        x = 0.0
        for part, (count, text) in enumerate(parts):
            share = count * 100 / largest
            if share > 0:
                body.append(f'<rect x="{_percent(round(x, 2))}" y="{_em(top + TREND_BAR_TOP)}" '
                            f'width="{_percent(round(share, 2))}" height="{_em(TREND_BAR)}" '
                            f'fill="{_fill(part, key)}" stroke="#fff"/>')
            if share >= LABEL_MIN_SHARE:
                narrow = ' class="bt-bar__narrow"' if share < NARROW_SHARE else ""
                body.append(f'<text x="{_percent(round(x + share / 2, 2))}" '
                            f'y="{_em(top + TREND_BAR_TOP + TREND_BAR / 2)}"{narrow} dominant-baseline="central" '
                            f'text-anchor="middle" fill="#fff" font-weight="700">{escape(text)}</text>')
            x += share
        described.append(f"{when}: " + ", ".join(f"{name} {text}"
                                                 for name, (_, text) in zip(names, parts, strict=True)))
    height = _em(len(rows) * TREND_ROW - (TREND_ROW - TREND_BAR_TOP - TREND_BAR))
    return (f'<svg class="bt-trend" width="100%" height="{height}" role="img" '
            f'aria-label={quoteattr(title + ": " + "; ".join(described))} xmlns="http://www.w3.org/2000/svg">'
            f'{_patterns(key)}{"".join(body)}</svg>')
