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

Expressions come from editors and contributors, and `make check` is what a reviewer runs on a
contributed bulletin: they run in Jinja's immutable sandbox (no `_` attributes, no Python
globals, no file access, bounded ranges and repetitions), and every value they print is
escaped for HTML and for Markdown unless marked `| safe` on purpose.
"""
from __future__ import annotations

import dataclasses
import re
import datetime as dt
import traceback
from decimal import Decimal
from typing import Any, Mapping

import jinja2
import jinja2.sandbox
from markupsafe import Markup, escape

from . import vi
from .content import due_text, headline
from .errors import DataError, suggestion
from .model import Quarter
from .stats import ProgrammeStats, ReportStats

_MISSING = jinja2.utils.missing
MAX_RANGE = 1000           # loops over data, never millions of rounds
MAX_REPEAT = 10_000        # `'x' * n`: characters at most
# Characters Markdown would read as syntax (links, emphasis, code, tables, HTML), as entities:
# an entity prints the character both in Markdown text and inside raw HTML.
_MARKDOWN_ACTIVE = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}#|"}


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
    """How a value prints in a page: Vietnamese numbers and dates; text escaped for HTML and Markdown."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return vi.number(value)
    if isinstance(value, dt.datetime):
        return vi.date_line(value)
    if isinstance(value, (dt.date, Quarter)):
        return due_text(value)
    if isinstance(value, Markup):
        return value  # marked as HTML on purpose (`| safe`)
    return Markup(str(escape(str(value))).translate(_MARKDOWN_ACTIVE))


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with repetition and ranges bounded so a page cannot stall the build."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float, Decimal)) and abs(right) > 100:
                raise jinja2.sandbox.SecurityError("số mũ quá lớn")
            return left ** right
        if isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple)):
            times = right if isinstance(left, (str, list, tuple)) else left
            size = len(left if isinstance(left, (str, list, tuple)) else right)
            if isinstance(times, int) and size * times > MAX_REPEAT:
                raise jinja2.sandbox.SecurityError("phép nhân tạo ra chuỗi quá dài")
        return left * right


def _range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise jinja2.sandbox.SecurityError(f"range() quá {vi.number(MAX_RANGE)} phần tử")
    return values


def _summary(report: ReportStats, chu_ngu: str | None = None) -> str:
    if report.tasks is None:
        raise ValueError("báo cáo này không có số liệu nhiệm vụ")
    return headline(report.tasks, report.as_of, chu_ngu)


def make_environment() -> jinja2.Environment:
    env = _Sandbox(undefined=_Undefined, finalize=_finalize, autoescape=True, keep_trailing_newline=True)
    env.filters.update(so=vi.number, phan_tram=vi.percent, ngay=_finalize)
    # Only what editors need: Jinja's default globals (cycler, joiner, lipsum, namespace, dict)
    # are Python objects a payload can climb from.
    env.globals.clear()
    env.globals.update(tom_tat=_summary, range=_range)
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
            if isinstance(error, jinja2.sandbox.SecurityError):
                raise DataError(source, where, None, _refused(error)) from None
            message = str(error) if isinstance(error, (jinja2.UndefinedError, ValueError)) \
                else f"biểu thức không tính được ({type(error).__name__})"
            if message.startswith("không có tên"):
                message += "; các tên dùng được: " + ", ".join(context)
            raise DataError(source, where, None, message) from None


def _refused(error: Exception) -> str:
    """Sandbox refusals: Jinja says `access to attribute '__class__' of 'str' object is unsafe`."""
    text = str(error)
    attribute = re.search(r"attribute '([^']*)'", text)
    what = f"thuộc tính '{attribute.group(1)}' không được dùng trong trang" if attribute else text
    return (f"biểu thức bị từ chối: {what}; biểu thức chỉ đọc được số liệu "
            "(ví dụ {{ tasks.completed }}), xem docs/huong-dan/du-lieu.md")


def _template_line(error: BaseException) -> int | None:
    """Jinja2 rewrites tracebacks so template frames carry the template's line."""
    line = None
    for frame, lineno in traceback.walk_tb(error.__traceback__):
        if frame.f_code.co_filename == "<template>":
            line = lineno
    return line
