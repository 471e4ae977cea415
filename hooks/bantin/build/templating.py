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
escaped for HTML and for Markdown unless marked `| safe` on purpose. The sandbox also keeps a budget
per page (`Budget`): loop rounds, the size of every value and of the page, macro depth and CPU time, so
no expression can hang `make check`, `make build` or the preview or fill the machine's memory.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
import threading
import time
import traceback
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import jinja2
import jinja2.ext
import jinja2.sandbox
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from ..common import vi
from ..common.errors import DataError, DataErrors, listing, unknown_programme
from ..common.hints import suggestion
from ..common.periods import Quarter
from ..figures.changes import so_sanh
from ..figures.content import due_text, headline
from ..figures.stats import ProgrammeStats, ReportStats

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


class ReportIndicators(dict[str, Any]):
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


def _finalize(value: Any, roman: bool = False) -> Any:
    """How a value prints in a page: Vietnamese numbers and dates (a quarter as the site writes it: `roman`);
    text escaped for HTML and Markdown."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, Decimal)):
        return vi.number(value)
    if isinstance(value, dt.datetime):
        return vi.date_line(value)
    if isinstance(value, (dt.date, Quarter)):
        return due_text(value, roman)
    if isinstance(value, Markup):
        return value  # marked as HTML on purpose (`| safe`)
    return Markup(str(escape(str(value))).translate(_MARKDOWN_ACTIVE))


# A page's budget. Real pages print a few hundred figures and loop over at most a programme's tasks
# (20,000 in `make bench`'s largest project) in well under a second; each limit is far above that.
MAX_STEPS = 1_000_000      # rounds of all `{% for %}` loops and calls of a page, together
MAX_VALUE = 1_000_000      # characters of one text; items (and their characters) of one list
MAX_PRODUCED = 20_000_000  # characters of all the texts and lists a page builds, its output included
MAX_BITS = 100_000         # one whole number: about 30,000 digits
MAX_DEPTH = 30             # macros (and `loop()`) calling themselves or each other
MAX_SECONDS = 10.0         # CPU time of one page, all its passes (see MarkdownRenderer.render) together


class BudgetExceeded(jinja2.sandbox.SecurityError):
    """A page's expressions went over their budget (message in Vietnamese, e.g. "vòng lặp quá …")."""


@dataclasses.dataclass
class Budget:
    """What one page's expressions have spent; `deadline` is in this thread's CPU time (a busy machine
    does not stop a page, a page that computes does)."""
    deadline: float
    steps: int = 0
    produced: int = 0
    depth: int = 0


_SIZED = (list, tuple, set, frozenset, dict)


def _size(value: Any, limit: int = MAX_VALUE) -> int:
    """Characters of a text; items plus their characters for lists, nested ones counted each time they
    appear (`[a, a]` prints `a` twice). Stops counting past `limit`, so it costs at most that."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, _SIZED):
        return len(value) if isinstance(value, range) else 1
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        total += 1
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, _SIZED):
            stack.extend(item)
    return total


# printf-style conversions (`'%999999999s' % 1`): width and precision are the numbers that make them long
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\d+|\*)?(?:\.(\d+|\*))?")
# str.format fields (`'{:>999999999}'`), nested ones (`'{:{}}'`) taking their width from the arguments
_FORMAT_FIELD = re.compile(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")


class _Sandbox(jinja2.sandbox.ImmutableSandboxedEnvironment):
    """Jinja's sandbox with a budget: every `{% for %}` round and call counts a step, every text or list
    an expression makes is measured before it is made where one operation could make a huge one
    (`*`, `%`, `format`, `join`, `center`…) and after otherwise, and the page's output as it is joined."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any):
        super().__init__(extensions=[_BudgetHooks], **options)
        self.code_generator_class = _BudgetedCode
        self._local = threading.local()

    # -- the budget of the page being rendered (one per thread: the preview renders in threads)
    def begin(self) -> Budget:
        budget = self._local.budget = Budget(time.thread_time() + MAX_SECONDS)
        return budget

    @property
    def budget(self) -> Budget:
        budget: Budget | None = getattr(self._local, "budget", None)
        return budget if budget is not None else self.begin()

    def step(self, budget: Budget | None = None) -> None:
        budget = budget or self.budget
        budget.steps += 1
        if budget.steps > MAX_STEPS:
            raise BudgetExceeded(f"vòng lặp và lời gọi quá {vi.number(MAX_STEPS)} lượt")
        if budget.steps % 1024 == 0 and time.thread_time() > budget.deadline:
            raise BudgetExceeded(f"tính quá {vi.number(int(MAX_SECONDS))} giây")

    def steps(self, iterable: Any) -> Any:
        """Each round of a `{% for %}` loop (the compiler wraps the loop's iterable in this)."""
        budget = self.budget
        for item in iterable:
            self.step(budget)
            yield item

    def sized(self, value: Any, limit: int = MAX_VALUE) -> Any:
        """A value an expression made: refused above `limit`, counted in the page's total."""
        size = _size(value, limit)
        if size > limit:
            raise BudgetExceeded(f"kết quả quá {vi.number(limit)} ký tự")
        budget = self.budget
        budget.produced += size
        if budget.produced > MAX_PRODUCED:
            raise BudgetExceeded(f"trang tạo ra quá {vi.number(MAX_PRODUCED)} ký tự")
        return value

    def joined(self, pieces: Any, limit: int = MAX_VALUE, join: Any = "".join, what: str = "kết quả") -> Any:
        """`join(pieces)` once their sizes, measured one by one, fit in `limit`."""
        kept, total = [], 0
        for piece in pieces:
            total += _size(piece, limit)
            if total > limit:
                error = BudgetExceeded(f"{what} quá {vi.number(limit)} ký tự")
                if hasattr(pieces, "throw"):  # the page's own output: raised where the template is
                    pieces.throw(error)
                raise error
            kept.append(piece)
        return self.sized(join(kept), limit)

    def concat(self, pieces: Any) -> str:  # the output of a page, macro or block
        output: str = self.joined(pieces, MAX_PRODUCED, what="trang tạo ra")
        return output

    def concat_values(self, values: tuple[Any, ...]) -> Any:
        """`a ~ b ~ c`, as Jinja's `markup_join`."""
        pieces = [jinja2.runtime.soft_str(self.sized(value)) for value in values]
        markup = any(hasattr(piece, "__html__") for piece in pieces)
        return self.joined([escape(p) for p in pieces] if markup else pieces,
                           join=Markup("").join if markup else "".join)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, (int, float, Decimal)) and not -100 <= right <= 100:
                raise jinja2.sandbox.SecurityError("số mũ quá lớn")
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() * right > MAX_BITS:
                raise BudgetExceeded("số quá lớn")
            return left ** right
        if operator == "%":
            if isinstance(left, str):
                _check_widths(_printf_widths(left), right if isinstance(right, tuple) else (right,))
            return self.sized(left % right)
        sequences = (str, list, tuple)
        if operator == "+":
            if isinstance(left, sequences) and isinstance(right, sequences):
                self.sized((left, right))
            return self.sized(left + right)
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
            raise BudgetExceeded("số quá lớn")
        if isinstance(left, sequences) or isinstance(right, sequences):
            times = right if isinstance(left, sequences) else left
            size = _size(left if isinstance(left, sequences) else right)
            if isinstance(times, int) and size * times > MAX_REPEAT:
                raise jinja2.sandbox.SecurityError("phép nhân tạo ra chuỗi quá dài")
        return self.sized(left * right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 — Jinja's names
        if isinstance(getattr(__obj, "__self__", None), _BudgetHooks):
            return __obj(*args)
        budget = __self.budget
        __self.step(budget)
        recursive = isinstance(__obj, (Macro, LoopContext))
        if recursive:
            if budget.depth >= MAX_DEPTH:
                raise BudgetExceeded(f"macro gọi lồng nhau quá {vi.number(MAX_DEPTH)} tầng")
            budget.depth += 1
        try:
            return __self.sized(super().call(__context, __obj, *args, **kwargs))
        finally:
            if recursive:
                budget.depth -= 1

    def wrap_str_format(self, value: Any) -> Any:
        """`'{:>999999999}'.format(1)`: the widths of the fields, and nested widths' arguments, bounded."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fields = _FORMAT_FIELD.findall(value.__self__)

        def bounded(*args: Any, **kwargs: Any) -> Any:
            arguments = args + tuple(kwargs.values()) + tuple(
                v for a in args if isinstance(a, Mapping) for v in a.values())
            _check_widths((n for field in fields for n in re.findall(r"\d+|\{", field[1:])), arguments)
            return self.sized(wrapper(*args, **kwargs))
        return bounded


def _check_widths(numbers: Any, arguments: tuple[Any, ...]) -> None:
    """Refuses a width or precision above MAX_VALUE, and one taken from the arguments (`*`, a nested `{}`)
    when an argument is a number above it."""
    for number in numbers:
        if not number:
            continue
        taken = not number.isdigit() and any(isinstance(a, int) and a > MAX_VALUE for a in arguments)
        if taken or number.isdigit() and int(number) > MAX_VALUE:
            raise BudgetExceeded(f"độ rộng quá {vi.number(MAX_VALUE)} ký tự")


def _printf_widths(text: str) -> list[str]:
    return [number for match in _PRINTF.finditer(text) for number in match.groups()]


def _amplifying(env: _Sandbox, name: str, filter_: Any) -> Any:
    """Jinja's filters that can make, in one call, a text or list much larger than what they are given:
    checked before they run, their result after."""
    start = 1 if getattr(filter_, "jinja_pass_arg", None) else 0  # eval context or environment first

    @functools.wraps(filter_)
    def checked(*args: Any, **kwargs: Any) -> Any:
        value, rest = args[start], args[start + 1:]
        if name == "join":  # measured one by one: `map` can yield the same large text a thousand times
            separator = rest[0] if rest else kwargs.get("d", "")
            items = env.joined(([item] for item in value), join=list)
            if _size(separator) * len(items) > MAX_VALUE:
                raise BudgetExceeded(f"kết quả quá {vi.number(MAX_VALUE)} ký tự")
            args = (*args[:start], [item for [item] in items], *rest)
        elif name == "format":
            _check_widths(_printf_widths(str(value)), (*rest, *kwargs.values()))
        else:
            if name == "replace" and len(rest) >= 2 and isinstance(value, str):
                grown = len(value) + (value.count(rest[0]) if rest[0] else len(value) + 1) * _size(rest[1])
            elif name == "wordwrap" and isinstance(value, str):
                width = rest[0] if rest else kwargs.get("width", 79)
                wrap = (rest[2] if len(rest) > 2 else kwargs.get("wrapstring")) or "\n"
                grown = len(value) + (len(value) // max(width, 1) + 1) * _size(wrap) if isinstance(width, int) else 0
            else:  # center, indent, wordwrap, batch, slice, tojson: each number or text given, on each line
                lines = value.count("\n") + 1 if isinstance(value, str) else 1
                given = [a if isinstance(a, int) else _size(a) for a in (*rest, *kwargs.values())]
                grown = _size(value) + lines * sum(given)
            if grown > MAX_VALUE:
                raise BudgetExceeded(f"kết quả quá {vi.number(MAX_VALUE)} ký tự")
        return env.sized(filter_(*args, **kwargs))
    return checked


_AMPLIFYING = ("batch", "center", "format", "indent", "join", "replace", "slice", "tojson", "wordwrap")


class _BudgetHooks(jinja2.ext.Extension):
    """What compiled templates call to reach the budget (Jinja allows no new node types; an extension's
    methods are its documented way into generated code)."""

    environment: _Sandbox  # only ever added to the sandbox

    def steps(self, iterable: Any) -> Any:
        return self.environment.steps(iterable)

    def sized(self, value: Any) -> Any:
        return self.environment.sized(value)

    def concat_values(self, values: tuple[Any, ...]) -> Any:
        return self.environment.concat_values(values)


class _AddBudget(NodeTransformer):
    """Loops' iterables, `~` and list, tuple and dict literals go through the budget."""

    def __init__(self, hooks: _BudgetHooks):
        self.hooks = hooks

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        assert isinstance(node.iter, nodes.Expr)  # what a for loop goes over is an expression
        node.iter = self.hooks.call_method("steps", [node.iter], lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self.hooks.call_method("concat_values", [nodes.Tuple(list(node.nodes), "load")], lineno=node.lineno)

    def _literal(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        if getattr(node, "ctx", "load") != "load":
            return node
        return self.hooks.call_method("sized", [node], lineno=node.lineno)

    visit_List = visit_Tuple = visit_Dict = _literal


class _BudgetedCode(CodeGenerator):
    def visit_Template(self, node: nodes.Template, frame: Any = None) -> None:
        hooks = self.environment.extensions[_BudgetHooks.identifier]
        assert isinstance(hooks, _BudgetHooks)
        super().visit_Template(_AddBudget(hooks).visit(node), frame)


def _range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise jinja2.sandbox.SecurityError(f"range() quá {vi.number(MAX_RANGE)} phần tử")
    return values


def _summary(report: ReportStats, chu_ngu: str | None = None) -> str:
    if report.tasks is None:
        raise ValueError("báo cáo này không có số liệu nhiệm vụ")
    return headline(report.tasks, report.as_of, chu_ngu)


def make_environment(roman_quarters: bool = False) -> _Sandbox:
    finalize = functools.partial(_finalize, roman=roman_quarters)
    env = _Sandbox(undefined=_Undefined, finalize=finalize, autoescape=True, keep_trailing_newline=True)
    env.filters.update(so=vi.number, phan_tram=vi.percent, ngay=finalize)
    for name in _AMPLIFYING:
        env.filters[name] = _amplifying(env, name, env.filters[name])
    # Only what editors need: Jinja's default globals (cycler, joiner, lipsum, namespace, dict)
    # are Python objects a payload can climb from.
    env.globals.clear()
    env.globals.update(tom_tat=_summary, range=_range, so_sanh=so_sanh)
    return env


class MarkdownRenderer:
    """Renders the Jinja2 expressions of Markdown pages against one build's statistics."""

    def __init__(self, programmes: Mapping[str, ProgrammeStats], names_only: bool = False,
                 roman_quarters: bool = False):
        """`names_only`: report only names that do not exist (and syntax), not what the figures give: the
        figures of a broken programme's stand-in (`loading.programme_schema`) are not the real ones.
        `roman_quarters`: `quý I/2026` (data/site.yml `quarters`)."""
        self.programmes, self.names_only = programmes, names_only
        self.env = make_environment(roman_quarters)

    def context(self, meta: Mapping[str, Any], source: str, meta_line: int,
                as_of: dt.date | None = None) -> dict[str, Any]:
        """`as_of`: the report a bulletin is bound to (news.bulletins); other pages show the latest."""
        context: dict[str, Any] = {"programmes": self.programmes}
        chosen = meta.get("programme")
        if chosen is None:
            return context
        if chosen not in self.programmes:
            raise DataError(source, meta_line, "programme",
                            unknown_programme(str(chosen), self.programmes))
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
        budget = self.env.begin()  # one CPU-time budget for all the passes of the page
        for _ in range(MAX_ERRORS_PER_PAGE * 3):  # a line may need several passes, one expression each
            budget.steps = budget.produced = budget.depth = 0
            try:
                output = self.env.from_string(text).render(context)
                break
            except Exception as error:  # noqa: BLE001 — any failure in a page is the editor's to fix
                line = error.lineno if isinstance(error, jinja2.TemplateSyntaxError) else _template_line(error)
                found = DataError(source, first_line + line - 1 if line else None, None, self._message(error, context))
                if found not in errors and not (self.names_only and not isinstance(error, _NAME_ERRORS)):
                    errors.append(found)
                if line is None or len(errors) >= MAX_ERRORS_PER_PAGE or time.thread_time() > budget.deadline:
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
        if isinstance(error, BudgetExceeded):
            return (f"biểu thức vượt giới hạn của một trang: {error}; biểu thức chỉ để đọc số liệu "
                    "(ví dụ {{ tasks.completed }}), xem docs/huong-dan/du-lieu.md")
        if isinstance(error, RecursionError):
            return "biểu thức vượt giới hạn của một trang: gọi lồng nhau quá sâu"
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
