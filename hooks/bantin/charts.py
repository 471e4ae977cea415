"""Charts as static SVG: no script, text labels on the figure itself, readable in print and
in forced colours (each part is also told apart by its pattern, not by colour alone)."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

# Colour and pattern per part, in the order of the breakdown.
PARTS = (("#1b7f3b", None), ("#1565c0", "cheo"), ("#c62828", "cham"))
WIDTH, BAR, LINE = 600, 32, 20


def _patterns() -> str:
    return ('<defs>'
            '<pattern id="cheo" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<rect width="8" height="8" fill="#1565c0"/><rect width="3" height="8" fill="#fff" opacity=".35"/></pattern>'
            '<pattern id="cham" width="8" height="8" patternUnits="userSpaceOnUse">'
            '<rect width="8" height="8" fill="#c62828"/><circle cx="4" cy="4" r="1.6" fill="#fff" opacity=".5"/>'
            '</pattern></defs>')


def stacked_bar(parts: list[tuple[str, int, str]], title: str) -> str:
    """`parts`: (label, whole percent, shown text such as `61%`), percents adding up to 100."""
    description = "; ".join(f"{label}: {text}" for label, _, text in parts)
    body, x = [], 0.0
    for (_, share, text), (colour, pattern) in zip(parts, PARTS):
        width = WIDTH * share / 100
        fill = f"url(#{pattern})" if pattern else colour
        body.append(f'<rect x="{x:.1f}" y="0" width="{width:.1f}" height="{BAR}" fill="{fill}" stroke="#fff"/>')
        if share >= 6:  # room for the label inside its part
            body.append(f'<text x="{x + width / 2:.1f}" y="21" text-anchor="middle" fill="#fff" '
                        f'font-size="14" font-weight="700">{escape(text)}</text>')
        x += width
    legend = []  # one line each, so long Vietnamese labels never overlap
    for index, ((label, _, text), (colour, pattern)) in enumerate(zip(parts, PARTS)):
        fill = f"url(#{pattern})" if pattern else colour
        y = BAR + 10 + index * LINE
        legend.append(f'<rect x="0" y="{y}" width="14" height="14" fill="{fill}"/>'
                      f'<text x="22" y="{y + 12}" font-size="14" fill="#1a1a1a">{escape(label)}: {escape(text)}</text>')
    height = BAR + 10 + len(parts) * LINE
    return (f'<svg class="bt-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
            f'aria-label={quoteattr(title + ": " + description)} xmlns="http://www.w3.org/2000/svg">'
            f'{_patterns()}{"".join(body)}{"".join(legend)}</svg>')
