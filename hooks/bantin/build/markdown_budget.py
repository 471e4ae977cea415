"""A page's Markdown budget: what Python-Markdown would take minutes on is refused before it is converted.

Python-Markdown (3.11) is linear on ordinary text (a 5 MB line: 0.5 s; 2,000 links in one paragraph, once
`linear_links` is used: 0.4 s), but three shapes cost it quadratic time or worse, measured
on this machine's kind (2 cores):
- nesting: a line with 10,000 `>` took 2 s, 20,000: 8 s; lists nested 1,000 deep (one more indentation a
  line): 6 s, 2,000: over a minute;
- many inline marks in one paragraph: each one found (`&#1;`, `*a*`, a link, a code span…) copies the rest
  of the paragraph (20,000 entities in 80,000 characters: 1.7 s; 100,000: over a minute);
- links whose `(` is never closed: each scans to the end of the paragraph in Python (2,000 `[a](`: 0.8 s,
  30,000: several minutes).
Each limit is far above what a real page has (the demo's deepest line has 8 characters of indentation).
"""
from __future__ import annotations

import re

import markdown
from markdown.inlinepatterns import LinkInlineProcessor

from ..common import vi
from ..common.errors import DataError

MAX_PREFIX = 100  # characters of a line's indentation, `>` and list markers together
# A paragraph's inline work: the inline elements it may have (links, entities, code, emphasis…) × its
# characters, plus characters scanned by unclosed links (each ~100 times dearer: a Python loop, not a copy).
# 10,000,000,000 is about 10 s of CPU (20,000 links, code spans or entities in 120 KB: 0.8 to 1.8 s).
MAX_INLINE_WORK = 10_000_000_000
SCAN_WEIGHT = 100

_PREFIX = re.compile(r"(?:[ \t>]|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))*")
_MAYBE_DEEP = re.compile(rf"\n[ \t>*+\-\d.)]{{{MAX_PREFIX // 4 + 1},}}")
_PARAGRAPH = re.compile(r"(?:^[ \t]*\S.*(?:\n|\Z))+", re.M)


def _link_scans(text: str) -> int:
    """Characters Python-Markdown's `getLink` scans: from each `](` to the `)` closing its `(`, or to the end."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    for match in re.finditer(r"[()]", text):
        if match.group() == "(":
            opened.append(match.start())
        elif opened:
            ends[opened.pop()] = match.start()
    return sum(ends.get(m.start() + 1, len(text)) - m.start() for m in re.finditer(r"\]\(", text))


def _work(text: str) -> int:
    marks = sum(text.count(mark) for mark in "[&<\\") + sum(text.count(mark) for mark in "`*_") // 2  # pairs
    return marks * len(text) + (SCAN_WEIGHT * _link_scans(text) if "](" in text else 0)


def markdown_errors(markdown: str, shown: str, first_line: int = 1) -> list[DataError]:
    """`shown:line: …` for each line nested too deep and each paragraph too dense to convert in time."""
    errors = []
    deep, counted, number = [], 0, first_line
    for start in _MAYBE_DEEP.finditer("\n" + markdown):  # a prefix that long starts with that many such characters
        at = start.start()  # where the line starts in `markdown`
        number += markdown.count("\n", counted, at)
        counted = at
        end = markdown.find("\n", at)
        prefix = _PREFIX.match(markdown[at:end if end >= 0 else None].expandtabs(4))
        if prefix is not None and (width := prefix.end()) > MAX_PREFIX:
            deep.append((number, width))
    if deep:  # one message: a deep list is deep on every line
        number, width = deep[0]
        more = f" (và {vi.number(len(deep) - 1)} dòng sau đó)" if len(deep) > 1 else ""
        errors.append(DataError(shown, number, None, (
            f"dòng lồng quá sâu{more}: {vi.number(width)} ký tự thụt lề, dấu > hoặc dấu đầu dòng (tối đa "
            f"{vi.number(MAX_PREFIX)}); hãy bớt các tầng trích dẫn hoặc danh sách lồng nhau")))
    if _work(markdown) <= MAX_INLINE_WORK:
        return errors  # the whole page as one paragraph is within the budget (every real page)
    for match in _PARAGRAPH.finditer(markdown):
        text = match.group()
        if _work(text) > MAX_INLINE_WORK:
            line = first_line + markdown.count("\n", 0, match.start())
            errors.append(DataError(shown, line, None, (
                f"đoạn văn quá dài ({vi.number(len(text))} ký tự) và có quá nhiều dấu định dạng ([ ] ( ) * _ & ` "
                "< \\) để kịp chuyển thành trang; hãy tách thành nhiều đoạn (thêm một dòng trống giữa các đoạn) "
                "hoặc đóng ngoặc các liên kết")))
    return errors


# Python-Markdown has no type information (no types-Markdown here): its classes are Any.
class _LinearBrackets(LinkInlineProcessor):  # type: ignore[misc]  # a mixin placed before each link processor
    """Python-Markdown's `LinkInlineProcessor.getText` finds the closing bracket of every index of a text
    at once, and again for each new text: each link found makes a new text (the link replaced by a
    placeholder), so a paragraph of n links costs n scans of the paragraph in Python (2,000 links: 49 s
    CPU). What follows the link is the same text as before, shifted, and a closing bracket depends only
    on the text after its opening one: the ends found for the first text serve, shifted, for the rest.
    Comparing the rest of the text costs a copy in C, as the treeprocessor's own replacement does."""

    _bracket_ends: dict[int, int | None]  # Python-Markdown 3.11's cache, with `_bracket_data`

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 — Python-Markdown's name
        known = getattr(self, "_bracket_data", None)  # the cache of Python-Markdown 3.11's getText
        if known is not None and known is not data:
            shift = len(data) - len(known)
            if 0 <= index - shift <= len(known) and data[index:] == known[index - shift:]:
                end = self._bracket_ends[index - shift]
                if end is None:
                    return data[index:], len(data), False
                return data[index:end + shift - 1], end + shift, True
        found: tuple[str, int, bool] = super().getText(data, index)  # Python-Markdown's, untyped
        return found


_LINEAR: dict[type, type] = {}


def linear_links(md: markdown.Markdown) -> markdown.Markdown:
    """`md` with its link, image and reference patterns (all `LinkInlineProcessor`s) made linear."""
    for item in list(md.inlinePatterns._priority):  # the registry has no public way to read priorities
        processor = md.inlinePatterns[item.name]
        kind = type(processor)
        if isinstance(processor, LinkInlineProcessor) and not isinstance(processor, _LinearBrackets):
            linear = _LINEAR.setdefault(kind, type(f"Linear{kind.__name__}", (_LinearBrackets, kind), {}))
            md.inlinePatterns.register(linear(processor.pattern, md), item.name, item.priority)
    return md
