"""Read a YAML file as nodes that remember their line, and turn PyYAML's errors into Vietnamese.

We compose (never construct) with the C loader: values are read from the node's
source text by `fields`, so YAML 1.1's guesses (`1.234` float, `no` False, `12:30`
= 750, `010` = 8) reach the validator as what the editor typed, not as what PyYAML
made of it. Only the safe loader is ever used.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from . import sourcetext
from .errors import DataError

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TAB = "có ký tự Tab; hãy thụt lề bằng dấu cách"
# Both libyaml's and PyYAML's wordings; `{char}` is the character at the error's position.
_PROBLEMS = [
    (r"tab character", TAB),  # a Tab where the error points is caught before, whatever the wording
    (r"found character .*cannot start any token",
     "ký tự '{char}' không được đứng đầu một giá trị; hãy đặt giá trị trong ngoặc kép, ví dụ \"{char}\""),
    (r"mapping values are not allowed",
     "dấu ':' không đúng chỗ; nếu giá trị có chứa ': ', hãy đặt cả giá trị trong ngoặc kép"),
    (r"could not find expected ':'", "thiếu dấu ':' sau tên trường"),
    (r"did not find expected key", "thụt lề không thẳng hàng với các trường ở trên"),
    (r"did not find expected '-' indicator", "thụt lề của danh sách không thẳng hàng"),
    (r"found unexpected end of stream", "thiếu dấu ngoặc kép đóng"),
    (r"expected a single document", "tệp chỉ được có một tài liệu (bỏ dòng '---' thừa)"),
]


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _syntax_message(error: yaml.MarkedYAMLError, text: str) -> str:
    problem = error.problem or str(error)
    mark = error.problem_mark
    char = ""
    if mark is not None:
        lines = text.splitlines()
        line = lines[mark.line] if mark.line < len(lines) else ""
        char = line[mark.column: mark.column + 1]
    if char == "\t":  # libyaml: "found character that cannot start any token"; quoting a Tab is no fix
        return TAB
    for pattern, message in _PROBLEMS:
        if re.search(pattern, problem):
            return message.format(char=char)
    return f"({problem})"


def compose(path: Path, shown_as: str) -> yaml.Node | None:
    """The file's node tree; raises DataError with the position of a syntax error."""
    return compose_text(sourcetext.read(path, shown_as), shown_as)


# Anchors and aliases (`&a`, `*a`) may repeat a part of a file; nested, 300 bytes grow into
# millions of values ("billion laughs"). Repeats are allowed up to this many values in all.
MAX_ALIAS_EXPANSION = 1000


# PyYAML's C composer (and MkDocs', reading a page's front matter) builds nested lists and groups by
# recursion in C: `[[[[…` 100,000 deep overflows the stack and kills the process (a segfault, no file
# named). bantin's data nests less than 10 deep (programme → reports → by_unit → unit → …); 100 leaves
# room for any hand-written structure and stays far below the recursion limits of PyYAML and Python.
MAX_DEPTH = 100
TOO_DEEP = (f"các nhóm và danh sách lồng vào nhau quá {MAX_DEPTH} cấp; hãy kiểm tra các dấu ngoặc [ ], {{ }} "
            "và thụt lề")


# A line's indentation with the '- ', '? ', ': ' (and `&anchor`, `!tag`) that may open block lists and
# groups on it: no block collection starts further right.
_LEADING = re.compile(r"^ *(?:[-?:](?:[ \t]+[&!][^ \t\n]*)*[ \t]+ *)*", re.M)


def _depth_bound(text: str) -> int:
    """A cheap upper bound of how deep `text` nests. Nested block collections start further right at
    least every second level (a group's list value may start in the group's own column), so they are at
    most 2 × (the widest line start + 1) deep; each flow level needs a '[' or '{' of its own."""
    widest = max(map(len, _LEADING.findall(text)), default=0)
    return 2 * (widest + 1) + text.count("[") + text.count("{")


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark is not None else None


def check_depth(text: str, shown_as: str) -> None:
    """Refuses, before anything composes it, YAML nested deeper than `MAX_DEPTH` (aliases counted as the
    value they repeat). Syntax errors are left to the composer, which names them."""
    if _depth_bound(text) <= MAX_DEPTH:
        return  # every file an office writes (its national data too) ends here: a regex, ~10 ms for 700 KB
    # libyaml's parser is iterative (its own stack, on the heap) and yields events one at a time: the
    # first level too many stops it, so even megabytes of '[' cost microseconds.
    heights: dict[str, int] = {}  # anchor → how many levels its value has
    anchors: list[str | None] = []  # the collections being read: their anchor,
    below: list[int] = []           # and how many levels below them so far
    try:
        for event in yaml.parse(text, Loader=Loader):
            height = None
            if isinstance(event, yaml.CollectionStartEvent):
                anchors.append(event.anchor)
                below.append(0)
                if len(below) > MAX_DEPTH:
                    raise DataError(shown_as, _line(event), None, TOO_DEEP)
            elif isinstance(event, yaml.CollectionEndEvent):
                anchor = anchors.pop()
                height = below.pop() + 1
                if anchor is not None:
                    heights[anchor] = height
            elif isinstance(event, yaml.AliasEvent):
                height = heights.get(event.anchor or "", 0)
                if len(below) + height > MAX_DEPTH:
                    raise DataError(shown_as, _line(event), None, TOO_DEEP)
            elif isinstance(event, yaml.ScalarEvent):
                height = 0
                if event.anchor is not None:
                    heights[event.anchor] = 0
            if height is not None and below:
                below[-1] = max(below[-1], height)
    except yaml.YAMLError:
        return


def compose_text(text: str, shown_as: str) -> yaml.Node | None:
    """Like `compose`, for text already read (a page's front matter, padded to its lines)."""
    check_depth(text, shown_as)
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = f"cột {mark.column + 1}: " if mark else ""
        raise DataError(shown_as, line, None, "lỗi cú pháp YAML, " + column + _syntax_message(error, text)) from None
    except yaml.YAMLError as error:
        raise DataError(shown_as, None, None, f"lỗi cú pháp YAML ({error})") from None
    if node is not None:
        _check_expansion(node, shown_as)
    return node


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def scalars(root: yaml.Node) -> Iterator[yaml.ScalarNode]:
    """Every scalar under `root` (itself included), each node once: an alias is not walked again."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            if isinstance(node, yaml.ScalarNode):
                yield node
            stack.extend(_children(node))


def _check_expansion(root: yaml.Node, shown_as: str) -> None:
    """Refuses a file whose aliases would expand beyond `MAX_ALIAS_EXPANSION` repeated values."""
    seen: set[int] = set()
    budget = 0
    repeated: yaml.Node | None = None
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            repeated = repeated or node
            budget += 1
            if budget > MAX_ALIAS_EXPANSION:
                raise DataError(shown_as, line_of(repeated), None,
                                "bí danh YAML (*tên) lặp lại quá nhiều lần; hãy viết giá trị ra, không dùng & và *")
        else:
            seen.add(id(node))
        stack.extend(_children(node))
