"""Data-bound Markdown: `{{ tasks.completed }}` in a bulletin becomes `189` before Markdown runs.

Names for editors (documented in docs/huong-dan/du-lieu.md):
- `programmes['<id>']`: every programme; on a page whose front matter says
  `programme: <id>`, also `programme`, `report` (its latest report), `tasks` and
  `indicators['<id>']`.
- Fields keep the YAML names (`tasks.assigned`, `indicators['x'].actual`) plus the
  computed ones (`tasks.percent.completed`, `.progress`, `.remaining`, `.delta`).
- Every number and date prints in Vietnamese form by itself (`176.907`, `25/12/2025`);
  the filters `so`, `phan_tram`, `ngay` and the function `tom_tat` are there for
  the rest.

An unknown name fails the build with the page's file and line.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import traceback
from decimal import Decimal
from typing import Any, Mapping

import jinja2

from . import vi
from .content import due_text, headline
from .errors import DataError, suggestion
from .model import Quarter
from .stats import ProgrammeStats, ReportStats

_MISSING = jinja2.utils.missing


def _known(obj: Any) -> list[str]:
    if isinstance(obj, Mapping):
        return [str(k) for k in obj]
    if dataclasses.is_dataclass(obj):
        names = [f.name for f in dataclasses.fields(obj)]
        return names + [n for n, v in vars(type(obj)).items() if isinstance(v, property)]
    return []


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined that says, in Vietnamese, what does not exist and what does."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name = self._undefined_name
        if self._undefined_obj is _MISSING:
            return f"không có tên '{name}'"
        known = _known(self._undefined_obj)
        listed = f"; có: {', '.join(known)}" if known else ""
        return f"không có trường '{name}'" + suggestion(str(name), known) + listed


def _finalize(value: Any) -> Any:
    """How a value prints in a page: Vietnamese numbers and dates."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return vi.number(value)
    if isinstance(value, dt.datetime):
        return vi.date_line(value)
    if isinstance(value, (dt.date, Quarter)):
        return due_text(value)
    return value


def _summary(report: ReportStats, chu_ngu: str | None = None) -> str:
    if report.tasks is None:
        raise ValueError("báo cáo này không có số liệu nhiệm vụ")
    return headline(report.tasks, report.as_of, chu_ngu)


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(undefined=_Undefined, finalize=_finalize, autoescape=False,
                             keep_trailing_newline=True)
    env.filters.update(so=vi.number, phan_tram=vi.percent, ngay=_finalize)
    env.globals.update(tom_tat=_summary)
    return env


class MarkdownRenderer:
    """Renders the Jinja2 expressions of Markdown pages against one build's statistics."""

    def __init__(self, programmes: Mapping[str, ProgrammeStats]):
        self.programmes = programmes
        self.env = make_environment()

    def context(self, meta: Mapping[str, Any], source: str, meta_line: int) -> dict[str, Any]:
        context: dict[str, Any] = {"programmes": self.programmes}
        chosen = meta.get("programme")
        if chosen is None:
            return context
        if chosen not in self.programmes:
            raise DataError(source, meta_line, "programme",
                            f"không có chương trình '{chosen}'" + suggestion(str(chosen), self.programmes)
                            + "; có: " + ", ".join(self.programmes))
        programme = self.programmes[chosen]
        report = programme.latest
        context.update(programme=programme, report=report, tasks=report.tasks, indicators=report.indicators)
        return context

    def render(self, markdown: str, source: str, meta: Mapping[str, Any] | None = None,
               first_line: int = 1, meta_line: int = 1) -> str:
        """`first_line`: the source line where `markdown` starts (after the front matter);
        `meta_line`: the line of `programme:` in the front matter."""
        context = self.context(meta or {}, source, meta_line)
        if "{{" not in markdown and "{%" not in markdown:
            return markdown
        try:
            return self.env.from_string(markdown).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise DataError(source, first_line + (error.lineno or 1) - 1, None,
                            f"lỗi cú pháp biểu thức {{{{ }}}}: {error.message}") from None
        except Exception as error:  # noqa: BLE001 — any failure in a page is the editor's to fix
            line = _template_line(error)
            where = first_line + line - 1 if line else None
            message = str(error) if isinstance(error, (jinja2.UndefinedError, ValueError)) else repr(error)
            if message.startswith("không có tên"):
                message += "; các tên dùng được: " + ", ".join(context)
            raise DataError(source, where, None, message) from None


def _template_line(error: BaseException) -> int | None:
    """Jinja2 rewrites tracebacks so template frames carry the template's line."""
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line
