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
from .changes import so_sanh
from .content import due_text, headline
from .errors import NO_PROGRAMMES, DataError, DataErrors, listing, suggestion
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


class ReportIndicators(dict):
    """`indicators` on a page: one report's indicators, knowing which other reports have an id it lacks."""

    def __init__(self, items: Mapping[str, Any], as_of: dt.date, programme: ProgrammeStats):
        super().__init__(items)
        self.as_of, self.programme = as_of, programme

    def missing(self, name: str) -> str:
        elsewhere = [vi.date(r.as_of) for r in self.programme.reports if name in r.indicators]
        where = f"; chỉ tiêu này có trong kỳ báo cáo {', '.join(elsewhere)}" if elsewhere else ""
        return (f"không có chỉ tiêu '{name}' trong kỳ báo cáo {vi.date(self.as_of)}" + suggestion(name, self)
                + listing("các chỉ tiêu của kỳ này", self, "kỳ này không có chỉ tiêu nào") + where)


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined that says, in Vietnamese, what does not exist and what does."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        name = self._undefined_name
        if self._undefined_obj is _MISSING:
            if name in ("programme", "report", "tasks", "indicators"):
                return (f"không có tên '{name}': trang chưa gắn với chương trình nào; thêm vào phần đầu bài "
                        "dòng programme: <mã chương trình>")
            return f"không có tên '{name}'"
        if isinstance(self._undefined_obj, ReportIndicators):
            return self._undefined_obj.missing(str(name))
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
    env.globals.update(tom_tat=_summary, range=_range, so_sanh=so_sanh)
    return env


class MarkdownRenderer:
    """Renders the Jinja2 expressions of Markdown pages against one build's statistics."""

    def __init__(self, programmes: Mapping[str, ProgrammeStats], names_only: bool = False):
        """`names_only`: report only names that do not exist (and syntax), not what the figures give: the
        figures of a broken programme's stand-in (`loading.programme_schema`) are not the real ones."""
        self.programmes, self.names_only = programmes, names_only
        self.env = make_environment()

    def context(self, meta: Mapping[str, Any], source: str, meta_line: int,
                as_of: dt.date | None = None) -> dict[str, Any]:
        """`as_of`: the report a bulletin is bound to (news.bulletins); other pages show the latest."""
        context: dict[str, Any] = {"programmes": self.programmes}
        chosen = meta.get("programme")
        if chosen is None:
            return context
        if chosen not in self.programmes:
            raise DataError(source, meta_line, "programme",
                            f"không có chương trình '{chosen}'" + suggestion(str(chosen), self.programmes)
                            + listing("có", self.programmes, NO_PROGRAMMES))
        programme = self.programmes[chosen]
        report = programme.report(as_of) if as_of else programme.latest
        indicators = ReportIndicators(report.indicators, report.as_of, programme)
        context.update(programme=programme, report=report, tasks=report.tasks, indicators=indicators)
        return context

    def render(self, markdown: str, source: str, meta: Mapping[str, Any] | None = None,
               first_line: int = 1, meta_line: int = 1, as_of: dt.date | None = None) -> str:
        """`first_line`: the source line where `markdown` starts (after the front matter);
        `meta_line`: the line of `programme:` in the front matter. Raises DataErrors with every
        mistake of the page: each failing expression is set aside and the page rendered again."""
        try:
            context = self.context(meta or {}, source, meta_line, as_of)
        except DataError as error:
            raise DataErrors([error]) from None
        if "{{" not in markdown and "{%" not in markdown:
            return markdown
        text, errors = protect_code(markdown), []
        for _ in range(MAX_ERRORS_PER_PAGE * 3):  # a line may need several passes, one expression each
            try:
                output = self.env.from_string(text).render(context)
                break
            except Exception as error:  # noqa: BLE001 — any failure in a page is the editor's to fix
                line = error.lineno if isinstance(error, jinja2.TemplateSyntaxError) else _template_line(error)
                found = DataError(source, first_line + line - 1 if line else None, None, self._message(error, context))
                if found not in errors and not (self.names_only and not isinstance(error, _NAME_ERRORS)):
                    errors.append(found)
                if line is None or len(errors) >= MAX_ERRORS_PER_PAGE:
                    break
                text = _set_aside(text, line)
        else:
            output = ""
        if not errors:
            errors = [DataError(source, first_line + line - 1, None, message) for line, message in leftovers(output)]
        if errors:
            raise DataErrors(errors)
        return output

    @staticmethod
    def _message(error: Exception, context: Mapping[str, Any]) -> str:
        if isinstance(error, jinja2.TemplateSyntaxError):
            return syntax_message(error.message or "")
        if isinstance(error, jinja2.sandbox.SecurityError):
            return _refused(error)
        message = str(error) if isinstance(error, (jinja2.UndefinedError, ValueError)) \
            else f"biểu thức không tính được ({type(error).__name__})"
        if message.startswith("không có tên") and "programme:" not in message:
            message += "; các tên dùng được: " + ", ".join(context)
        return message


MAX_ERRORS_PER_PAGE = 20
# What a page's expression gets wrong whatever the figures are (see MarkdownRenderer's `names_only`).
_NAME_ERRORS = (jinja2.UndefinedError, jinja2.TemplateSyntaxError, jinja2.sandbox.SecurityError)
# Code in a page shows expressions as they are written (the guides' examples): never rendered.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.S | re.M)
_INLINE = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n\s*\n).)+?)(?<!`)\1(?!`)", re.S)


def _code_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _FENCE.finditer(text)]
    inline = []
    for match in _INLINE.finditer(text):
        if not any(start <= match.start() < end for start, end in spans):
            inline.append(match.span())
    return sorted(spans + inline)


def protect_code(text: str) -> str:
    """Code blocks and `code` spans wrapped in `{% raw %}`, on the same lines."""
    parts, last = [], 0
    for start, end in _code_spans(text):
        code = text[start:end]
        if "{{" not in code and "{%" not in code or "endraw" in code:
            continue
        parts += [text[last:start], "{% raw %}", code, "{% endraw %}"]
        last = end
    return "".join(parts) + text[last:]


_DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}")


def leftovers(output: str) -> list[tuple[int, str]]:
    """(line, message) for every `{{`, `}}`, `{%`, `%}` left in a rendered page outside code."""
    found: dict[int, str] = {}  # one message per line
    code = _code_spans(output)
    for match in _DELIMITERS.finditer(output):
        if any(start <= match.start() < end for start, end in code):
            continue
        line = output.count("\n", 0, match.start()) + 1
        found.setdefault(line, f"còn '{match.group()}' chưa được tính trên trang (có thể do {{% raw %}} hoặc một "
                               "dấu ngoặc thừa); trang đăng lên sẽ hiện nguyên văn: hãy xóa hoặc sửa lại biểu thức")
    return list(found.items())


_TAG = re.compile(r"\{\{(?:(?!\{\{|\{%).)*?\}\}|\{%(?:(?!\{\{|\{%).)*?%\}")


def _set_aside(text: str, line: int) -> str:
    """The failing line without one expression, so the rest of the page can be checked: an unclosed one and
    what follows it, else the first (Jinja names the line of a failure, not the expression)."""
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return text
    current = lines[line - 1]
    opened = [m.start() for m in re.finditer(r"\{\{|\{%", current)]
    closed = {m.start() for m in _TAG.finditer(current)}
    unclosed = [start for start in opened if start not in closed]
    if unclosed:
        lines[line - 1] = current[:unclosed[0]]
    else:
        lines[line - 1] = _TAG.sub("", current, count=1) if closed else current.replace("}}", "").replace("%}", "")
    return "\n".join(lines)


_SYNTAX = [
    (r"unexpected '\}'", "thiếu một dấu '}}': biểu thức viết {{{{ tên }}}}"),
    (r"unexpected end of template|expected 'end of print statement'\.$",
     "biểu thức chưa đóng: thiếu '}}}}' hoặc '%}}' (viết {{{{ tên }}}})"),
    (r"expected token 'end of print statement', got '([^']*)'",
     "giữa {{{{ và }}}} chỉ có một tên (ví dụ {{{{ tasks.completed }}}}); thừa '{0}'"),
    (r"Encountered unknown tag '([^']*)'", "lệnh '{0}' không có; trong {{% %}} chỉ dùng set, if, for"),
    (r"unexpected char '(.)'", "ký tự '{0}' không dùng được trong biểu thức"),
    (r"looking for the following tags: '([^']*)'", "thiếu {{% {0} %}} để đóng khối lệnh"),
]


def syntax_message(problem: str) -> str:
    """Jinja's English syntax errors, in editors' words with how to fix them."""
    for pattern, message in _SYNTAX:
        match = re.search(pattern, problem)
        if match:
            return "lỗi cú pháp biểu thức: " + message.format(*match.groups())
    return "lỗi cú pháp biểu thức: hãy kiểm tra các cặp {{ }} và {% %} trên dòng này"


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
