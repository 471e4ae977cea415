"""The data files of the declared entities (bantin.schema) as the editor's generic forms see them: a file read
into form values by its declaration, the values a form sent read back, rows added, removed and moved, and the
file written with the smallest change, then checked by the build's own readers before anything is written.

A file is written in place when only values changed (one value, one changed line; a value added is one line
added at the end of its group); where rows are added, removed or moved, ruamel.yaml writes the file again
(comments, key order and quotes kept) and the result must read back to exactly the data the form meant.
"""
from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString

from ..build.checks import page_errors, read_pages
from ..build.state import SiteData
from ..common.errors import DataError
from ..common.vi import nfc
from ..common.yamlsource import compose_text
from ..schema import ENTITIES, Entity, Field
from .documents import DOCS, digest, listed_files
from .figures import round_trip

ORIGIN = "_nguon"  # a row's hidden field: its place in the file when the form was opened ("" for a new row)
NESTED = ("group", "items", "mapping")
_TRUE = ("true", "yes", "on", "y")  # as Fields.flag reads a flag
_NUMBER = re.compile(r"-?[0-9][0-9.,]*")
_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif")
FILE_TYPES = (".pdf",)  # a `file` field is a PDF (bantin.schema KINDS; bantin.sections.reading.pdf)
# A form's values (`values_of`, `from_form`): per field its text, a group's FormValues, or an `items` field's rows
# (FormValues, each with its ORIGIN). Which of the three a key holds is its Field's kind, known at run time from
# the declarations (bantin.schema), which the functions here follow and mypy cannot: so the values are Any.
FormValues = dict[str, Any]
# A data file as YAML loaded it (yaml.safe_load's dicts or ruamel.yaml's CommentedMap): untyped values.
Loaded = dict[str, Any]
Edit = tuple[int, int, int, str]  # a change of `_in_place`: start, rank, end, replacement


class Refused(Exception):
    """The change cannot be written as the form meant it (the reason, in Vietnamese)."""


def edited() -> list[Entity]:
    """The entities written in data files of their own (`where` a path, not "units: trong data/units.yml"):
    each gets a list and a form. An entity another one holds (a document of data/van-ban.yml's list) names
    its file for the guide, but is edited in the form of the file's entity."""
    held = {f.entity for e in ENTITIES.values() for f in e.fields if f.entity}
    return [e for e in ENTITIES.values() if re.fullmatch(r"data/[^\s:]+\.ya?ml", e.where) and e.name not in held]


def files_of(root: Path, entity: Entity) -> dict[str, str]:
    """id → path of every file `entity.where` names (`data/site.yml`; `data/programmes/<mã>.yml`: each file
    there)."""
    where = PurePosixPath(entity.where)
    return listed_files(root, str(where.parent), re.sub(r"<[^>]*>", "*", where.name))


@dataclass
class Source:
    path: str
    text: str          # "\n" line ends
    newline: str
    hash: str
    bom: bool

    def data(self, text: str) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + text.replace("\n", self.newline).encode("utf-8")


def read_source(root: Path, path: str) -> Source:
    data = (root / path).read_bytes()
    newline = "\r\n" if b"\r\n" in data else "\n"
    return Source(path, data.decode("utf-8-sig").replace("\r\n", "\n"), newline, digest(data),
                  data.startswith(codecs.BOM_UTF8))


def shown_fields(entity: Entity) -> list[Field]:
    return [f for f in entity.fields if f.form and f.kind != "mapping"]


def _pairs(node: yaml.Node | None) -> list[tuple[yaml.Node, yaml.Node]]:
    return list(node.value) if isinstance(node, yaml.MappingNode) else []


def _pair(node: yaml.Node | None, item: Field) -> tuple[yaml.Node, yaml.Node] | None:
    """The key and value nodes of a field in a mapping (by its key: aliases are hints, readers refuse them)."""
    return next(((k, v) for k, v in _pairs(node) if k.value == item.key), None)


def _scalar_text(item: Field, node: yaml.Node | None) -> str:
    if item.kind == "tags" and isinstance(node, yaml.SequenceNode):
        return ", ".join(n.value for n in node.value if isinstance(n, yaml.ScalarNode))
    if not isinstance(node, yaml.ScalarNode) or node.tag.endswith(":null"):
        return ""
    if item.kind == "flag":
        return "true" if node.value.lower() in _TRUE else ""
    return str(node.value)  # a scalar node's value is its text (PyYAML's stubs say Any)


def values_of(entity: Entity, node: yaml.Node | None) -> FormValues:
    """The form's values of a mapping node: text per field, a dict per group, a list of dicts per items."""
    values: FormValues = {}
    for item in shown_fields(entity):
        found = _pair(node, item)
        value = found[1] if found else None
        if item.kind == "group":
            values[item.key] = values_of(ENTITIES[item.entity], value)
        elif item.kind == "items":
            rows = value.value if isinstance(value, yaml.SequenceNode) else []
            values[item.key] = [{**values_of(ENTITIES[item.entity], row), ORIGIN: str(i)} for i, row in enumerate(rows)]
        else:
            values[item.key] = _scalar_text(item, value)
    return values


def read_values(entity: Entity, source: Source) -> FormValues:
    return values_of(entity, compose_text(source.text, source.path))


def from_form(entity: Entity, form: Mapping[str, str], prefix: str = "") -> FormValues:
    """The values a form sent, as `values_of` gives them; rows in the order of their numbers."""
    values: FormValues = {}
    for item in shown_fields(entity):
        name = prefix + item.key
        if item.kind == "group":
            values[item.key] = from_form(ENTITIES[item.entity], form, name + ".")
        elif item.kind == "items":
            marker = re.compile(rf"{re.escape(name)}\.([0-9]+)\.{ORIGIN}")
            numbers = sorted(int(m.group(1)) for m in map(marker.fullmatch, form) if m)
            values[item.key] = [{**from_form(ENTITIES[item.entity], form, f"{name}.{n}."),
                                 ORIGIN: str(form.get(f"{name}.{n}.{ORIGIN}", ""))} for n in numbers]
        elif item.kind == "flag":
            values[item.key] = "true" if form.get(name) == "true" else ""
        elif item.kind in ("long", "markdown"):
            values[item.key] = nfc(str(form.get(name, "")).replace("\r\n", "\n").strip())
        else:
            values[item.key] = nfc(" ".join(str(form.get(name, "")).split()))
    return values


def blank(entity: Entity) -> FormValues:
    return values_of(entity, None)


# Row operations of the form's buttons (no JavaScript needed): `them:categories`, `xoa:blocks.2.items.0`, …
OPERATIONS = ("them", "xoa", "len", "xuong")


def operate(entity: Entity, values: FormValues, operation: str) -> bool:
    """Applies a row button to `values`; False when it names no list or row of them."""
    verb, _, where = operation.partition(":")
    steps = where.split(".")
    if verb not in OPERATIONS or not where:
        return False
    if verb == "them":
        found = _walk(entity, values, steps)
        if found is None or not isinstance(found[1], list):
            return False
        item_entity, rows = found
        rows.append({**blank(item_entity), ORIGIN: ""})
        return True
    if not steps[-1].isdigit():
        return False
    found = _walk(entity, values, steps[:-1])
    if found is None or not isinstance(found[1], list):
        return False
    rows, n = found[1], int(steps[-1])
    if n >= len(rows):
        return False
    if verb == "xoa":
        del rows[n]
    elif verb == "len" and n > 0:
        rows[n - 1], rows[n] = rows[n], rows[n - 1]
    elif verb == "xuong" and n + 1 < len(rows):
        rows[n + 1], rows[n] = rows[n], rows[n + 1]
    return True


def _walk(entity: Entity, values: Any, steps: list[str]) -> tuple[Entity, Any] | None:
    """(the entity of what `steps` lead to, its values: FormValues, rows or a text) or None."""
    for step in steps:
        if isinstance(values, list):
            if not step.isdigit() or int(step) >= len(values):
                return None
            values = values[int(step)]
            continue
        item = next((f for f in shown_fields(entity) if f.key == step), None)
        if item is None or item.kind not in NESTED or not isinstance(values, dict):
            return None
        entity, values = ENTITIES[item.entity], values.get(item.key)
    return entity, values


# Writing

def scalar_yaml(item: Field, text: str, style: str | None = None) -> str:
    """The YAML of one typed value: numbers and dates as written (the reader judges them), texts quoted where
    YAML would read them otherwise (`0912345678`, `yes`), in the quoting the file used."""
    if item.kind == "flag":
        return "true" if text else "false"
    if item.kind in ("int", "number") and _NUMBER.fullmatch(text):
        return text
    if item.kind in ("date", "due") and _DATE.fullmatch(text):
        try:
            dt.date(*map(int, text.split("-")))
            return text
        except ValueError:
            pass
    if item.kind == "tags":
        tags = [t.strip() for t in text.split(",") if t.strip()]
        return json.dumps(tags, ensure_ascii=False)  # a flow list YAML reads as written
    out = yaml.safe_dump(text, allow_unicode=True, width=10 ** 9, default_style=style if style in ("'", '"') else None)
    return out.removesuffix("\n...\n").rstrip("\n")


def _value(item: Field, text: str) -> object:
    """The value `scalar_yaml` reads back as."""
    if "\n" in text:
        return text
    return yaml.safe_load(scalar_yaml(item, text))


def apply(entity: Entity, target: Loaded, old: FormValues, new: FormValues,
          mapping: Callable[[], Loaded] = dict) -> None:
    """`new` written into the loaded file `target` (plain or ruamel), whose form values were `old`: changed
    values set, cleared ones removed, rows rebuilt from their origins. Unchanged values are not touched."""
    for item in shown_fields(entity):
        key = item.key
        if item.kind == "group":
            sub = target.get(key)
            if not isinstance(sub, dict):
                if not any(_filled(new[item.key])):
                    continue
                sub = target[key] = mapping()
            apply(ENTITIES[item.entity], sub, old.get(item.key) or blank(ENTITIES[item.entity]), new[item.key],
                  mapping)
        elif item.kind == "items":
            _apply_rows(ENTITIES[item.entity], target, key, old.get(item.key) or [], new[item.key], mapping)
        elif new[item.key] != old.get(item.key, ""):
            if not new[item.key] and item.kind != "flag":
                target.pop(key, None)
                continue
            value = _value(item, new[item.key])
            if mapping is not dict and isinstance(value, str) and "\n" in value:
                value = LiteralScalarString(value)
            elif mapping is not dict and isinstance(value, str):
                value = _quoted(item, value)
            elif mapping is not dict and isinstance(value, list):
                value = CommentedSeq(value)
                value.fa.set_flow_style()  # as scalar_yaml writes a list of tags
            target[key] = value


def _quoted(item: Field, text: str) -> str:
    """A text for ruamel.yaml, quoted where `scalar_yaml` quotes it: ruamel.yaml reads YAML 1.2 and would write
    `14:30` bare, which PyYAML (YAML 1.1, the build's reader) reads as a number of minutes."""
    written = scalar_yaml(item, text)
    quoted: str = text  # ruamel.yaml's scalar strings are str, though their __new__ says Any
    if written.startswith("'"):
        quoted = SingleQuotedScalarString(text)
    elif written.startswith('"'):
        quoted = DoubleQuotedScalarString(text)
    return quoted


def _filled(values: FormValues) -> Iterator[bool]:
    for value in values.values():
        if isinstance(value, dict):
            yield from _filled(value)
        else:
            yield bool(value)


def _apply_rows(entity: Entity, target: Loaded, key: str, old_rows: list[FormValues], rows: list[FormValues],
                mapping: Callable[[], Loaded]) -> None:
    found = target.get(key)
    listed: list[Any] = found if isinstance(found, list) else []
    if not rows:
        target.pop(key, None)
        return
    origins = [row[ORIGIN] for row in rows]
    if origins == [str(i) for i in range(len(listed))] and len(old_rows) == len(listed) \
            and all(isinstance(row, dict) for row in listed):
        for i, row in enumerate(rows):  # same rows in the same order: the list itself kept (its comments)
            apply(entity, listed[i], old_rows[i], row, mapping)
        return
    built, used = [], set()
    for row in rows:
        origin = row[ORIGIN]
        if origin.isdigit() and int(origin) < len(listed) and origin not in used and isinstance(listed[int(origin)],
                                                                                                 dict):
            used.add(origin)
            item, before = listed[int(origin)], old_rows[int(origin)]
        else:
            item, before = mapping(), blank(entity)
        apply(entity, item, before, row, mapping)
        built.append(item)
    if isinstance(target.get(key), list):
        target[key][:] = built
    else:
        target[key] = built


def _kept_in_order(old: Any, new: Any) -> bool:
    """Rows only removed or added at the end of their list, none moved: what `_in_place` writes."""
    if isinstance(old, dict):
        return all(_kept_in_order(old.get(k), v) for k, v in new.items() if k != ORIGIN)
    if isinstance(new, list):
        origins = [r[ORIGIN] for r in new]
        kept = [int(o) for o in origins if o.isdigit()]
        added = origins[len(kept):]
        return (isinstance(old, list) and kept == sorted(set(kept)) and all(k < len(old) for k in kept)
                and all(o == "" for o in added) and "" not in origins[:len(kept)]
                and all(_kept_in_order(old[int(r[ORIGIN])], r) for r in new[:len(kept)]))
    return True


def prune(entity: Entity, values: FormValues) -> FormValues:
    """`values` without the rows added and left empty (a row button pressed once too often)."""
    out = dict(values)
    for item in shown_fields(entity):
        if item.kind == "group":
            out[item.key] = prune(ENTITIES[item.entity], values[item.key])
        elif item.kind == "items":
            out[item.key] = [prune(ENTITIES[item.entity], row) for row in values[item.key]
                             if row[ORIGIN] or any(_filled({k: v for k, v in row.items() if k != ORIGIN}))]
    return out


def compose(entity: Entity, source: Source, old: FormValues, new: FormValues) -> str:
    """The file's new text; Refused unless it reads back to the data the form meant."""
    plain = yaml.safe_load(source.text) if source.text.strip() else {}
    if not isinstance(plain, dict):
        raise Refused(f"tệp {source.path} không phải một nhóm trường 'tên: giá trị'; hãy nhờ người quản trị sửa")
    apply(entity, plain, old, new)
    text = None
    if _kept_in_order(old, new):
        text = _in_place(entity, source, old, new)
    if text is None:
        text = _rewritten(entity, source, old, new)
    try:
        back = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):
        back = None
    if back != plain:
        raise Refused(f"thay đổi ghi vào {source.path} không đọc lại đúng các giá trị đã nhập; tệp chưa được sửa")
    return nfc(text)


def _rewritten(entity: Entity, source: Source, old: FormValues, new: FormValues) -> str:
    loader = round_trip()
    tree = loader.load(source.text) if source.text.strip() else CommentedMap()
    apply(entity, tree, old, new, CommentedMap)
    out = io.StringIO()
    loader.dump(tree, out)
    return out.getvalue()


class _Fallback(Exception):
    """The change is not a value written over another: ruamel.yaml writes the file."""


def _in_place(entity: Entity, source: Source, old: FormValues, new: FormValues) -> str | None:
    """The text with each changed value written over the old one (a new value added as a line at the end of
    its group, a cleared one's lines removed); None when some change cannot be made so."""
    lacked = bool(source.text) and not source.text.endswith("\n")  # lines may be added after the last one
    text = source.text + "\n" if lacked else source.text
    # start, rank, end, replacement; applied from the end of the file, so that at one place a higher rank's
    # text comes after: a removed row's lines go first, rows and keys of a deeper group come before the outer ones
    edits: list[Edit] = []
    try:
        _edits(entity, text, compose_text(text, source.path), old, new, edits)
    except _Fallback:
        return None
    for start, _, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    if lacked and not any(start >= len(source.text) for start, *_ in edits):
        text = text[:-1]
    return text


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """Just after the line end of the line holding `index` (a node ending at a line's start: that line)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


REMOVED = 10 ** 6  # the rank of a removed row's lines


def _edits(entity: Entity, text: str, node: yaml.Node | None, old: FormValues, new: FormValues,
           edits: list[Edit], depth: int = 0) -> None:
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        if any(_changed(old, new)):
            raise _Fallback
        return
    for order, item in enumerate(shown_fields(entity)):
        found = _pair(node, item)
        if item.kind == "group":
            if found is None:
                if any(_filled(new[item.key])):
                    raise _Fallback
                continue
            _edits(ENTITIES[item.entity], text, found[1], old[item.key], new[item.key], edits, depth + 1)
            continue
        if item.kind == "items":
            _row_edits(ENTITIES[item.entity], text, found[1] if found else None, old[item.key], new[item.key],
                       edits, depth + 1)
            continue
        typed = new[item.key]
        if typed == old.get(item.key, ""):
            continue
        if "\n" in typed:
            raise _Fallback  # a paragraph becomes a block of lines: ruamel.yaml indents it
        if found is None:  # a line added at the end of the group, indented as its keys
            at = _line_end(text, _content_end(node))
            indent = " " * node.value[0][0].start_mark.column
            edits.append((at, order - depth * 1000, at, f"{indent}{item.key}: {scalar_yaml(item, typed)}\n"))
            continue
        key, value = found
        if not typed and item.kind != "flag":  # the key's lines removed, if nothing else is on them
            first, end = _line_start(text, key.start_mark.index), _line_end(text, value.end_mark.index)
            others = [k for k, v in node.value if k is not key and first <= k.start_mark.index < end]
            if others or len(node.value) == 1 or text[first:key.start_mark.index].strip():
                raise _Fallback
            edits.append((first, order, end, ""))
            continue
        flow_list = isinstance(value, yaml.SequenceNode) and value.flow_style and item.kind == "tags"
        if not (flow_list or isinstance(value, yaml.ScalarNode) and value.style not in ("|", ">")):
            raise _Fallback
        replacement = scalar_yaml(item, typed, value.style if isinstance(value, yaml.ScalarNode) else None)
        if value.start_mark.index == value.end_mark.index:  # `phone:` with nothing after it
            replacement = " " + replacement
        edits.append((value.start_mark.index, order, value.end_mark.index, replacement))


def _content_end(node: yaml.Node) -> int:
    """Where the last value of a node ends (a block collection's own end mark is at the next token)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node.end_mark.index


def _row_edits(entity: Entity, text: str, node: yaml.Node | None, old_rows: list[FormValues], rows: list[FormValues],
               edits: list[Edit], depth: int) -> None:
    """A list's rows: values written in the rows kept, the lines of a removed row taken out (with the comment
    lines just above it), rows added written after the last one."""
    origins = [int(r[ORIGIN]) for r in rows if r[ORIGIN]]
    if origins == list(range(len(old_rows))) and len(rows) == len(old_rows):
        listed = node.value if isinstance(node, yaml.SequenceNode) else []
        for row, old_row, new_row in zip(listed, old_rows, rows, strict=False):  # a flow list: no nodes
            _edits(entity, text, row, old_row, new_row, edits, depth + 1)
        return
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value or not rows:
        raise _Fallback  # a list made or emptied: ruamel.yaml writes it
    listed = node.value
    if any(not isinstance(row, yaml.MappingNode) or row.flow_style or text[row.start_mark.index - 2] != "-"
           for row in listed):
        raise _Fallback
    kept = {int(r[ORIGIN]): r for r in rows if r[ORIGIN]}
    for i, row in enumerate(listed):
        if i in kept:
            _edits(entity, text, row, old_rows[i], kept[i], edits, depth + 1)
            continue
        start = _line_start(text, row.start_mark.index)
        while start > 0:  # the comment lines just above the row are about it
            above = _line_start(text, start - 1)
            if not text[above:start].strip().startswith("#"):
                break
            start = above
        edits.append((start, REMOVED, _line_end(text, _content_end(row)), ""))
    added = rows[len(origins):]
    if not added:
        return
    at = _line_end(text, _content_end(listed[-1]))
    dash = " " * (listed[0].start_mark.column - 2)
    lines = []
    for row in added:
        written = [f for f in shown_fields(entity) if row.get(f.key)]
        if any(f.kind in NESTED or "\n" in row[f.key] for f in written):
            raise _Fallback
        lines += [f"{dash}{'  ' if n else '- '}{f.key}: {scalar_yaml(f, row[f.key])}" for n, f in enumerate(written)]
    edits.append((at, -depth * 1000, at, "".join(line + "\n" for line in lines)))


def _changed(old: Any, new: Any) -> Iterator[bool]:
    if isinstance(new, dict):
        for key, value in new.items():
            yield from _changed(old.get(key) if isinstance(old, dict) else None, value)
    elif isinstance(new, list):
        yield not isinstance(old, list) or len(old) != len(new)
        for o, n in zip(old or [], new, strict=False):  # a length change is said above
            yield from _changed(o, n)
    else:
        yield (old or "") != new


# Checking

def lines_of(entity: Entity, node: yaml.Node | None, prefix: str = "") -> dict[int, list[str]]:
    """line → the form names of the values written on it (and a row's first line → its first field)."""
    found: dict[int, list[str]] = {}
    for item in shown_fields(entity):
        pair = _pair(node, item)
        if pair is None:
            continue
        name = prefix + item.key
        key, value = pair
        if item.kind == "group":
            for line, names in lines_of(ENTITIES[item.entity], value, name + ".").items():
                found.setdefault(line, []).extend(names)
        elif item.kind == "items" and isinstance(value, yaml.SequenceNode):
            found.setdefault(key.start_mark.line + 1, []).append(name)
            for i, row in enumerate(value.value):
                for line, names in lines_of(ENTITIES[item.entity], row, f"{name}.{i}.").items():
                    found.setdefault(line, []).extend(names)
        else:
            found.setdefault(key.start_mark.line + 1, []).append(name)
            found.setdefault(value.start_mark.line + 1, []).append(name)
    return found


def _names(values: FormValues, prefix: str = "") -> Iterator[str]:
    """The form names of `values`' fields."""
    for key, value in values.items():
        if isinstance(value, dict):
            yield from _names(value, f"{prefix}{key}.")
        elif isinstance(value, list):
            yield prefix + key
            for i, row in enumerate(value):
                yield from _names(row, f"{prefix}{key}.{i}.")
        elif key != ORIGIN:
            yield prefix + key


def project_errors(root: Path, data_dir: Path) -> list[DataError]:
    """What `make check` reports of the data files in `data_dir` and of the pages that depend on them (the
    bulletins' categories, the pictures the settings name)."""
    site = SiteData.load(data_dir, data_dir.parent, keep_going=True)
    pages, _ = read_pages(root / DOCS)
    known = {p.relative_to(root / DOCS).as_posix() for p in (root / DOCS).rglob("*") if p.is_file()}
    return list(dict.fromkeys(site.data_errors + page_errors(site, pages, known, DOCS)))


def _link_docs(root: Path, copy: Path) -> None:
    """The project's docs/ seen from the copy, for the readers that check the files data names (a document's
    PDF): a link where the system allows one, else a copy of the files other than pages."""
    if not (root / DOCS).is_dir():
        return
    try:
        (copy / DOCS).symlink_to((root / DOCS).resolve(), target_is_directory=True)
    except OSError:  # Windows without the right to make links
        shutil.copytree(root / DOCS, copy / DOCS, symlinks=True, ignore=shutil.ignore_patterns("*.md"))


def check(entity: Entity, root: Path, path: str, text: str, values: FormValues
          ) -> tuple[dict[str, list[str]], list[str]]:
    """The mistakes the build would find were `path` written as `text`: beside their field (by line), else
    listed (and so are those of fields the form does not show: `values` are the shown ones'); another file's
    mistakes count only if this change makes them (a category a bulletin uses removed)."""
    before = set(project_errors(root, root / "data"))
    with tempfile.TemporaryDirectory(prefix="bantin-kiem-tra-") as folder:
        copy = Path(folder) / "p"
        shutil.copytree(root / "data", copy / "data", symlinks=True)
        _link_docs(root, copy)
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        (copy / path).write_text(text, encoding="utf-8")
        after = project_errors(root, copy / "data")
    found = [e for e in after if e.path == path or e not in before]
    try:
        lines = lines_of(entity, compose_text(text, path))
    except DataError as unreadable:
        return {}, [str(unreadable)]
    shown = set(_names(values))
    beside: dict[str, list[str]] = {}
    general = []
    for error in found:
        names = lines.get(error.line or 0, []) if error.path == path else []
        last = (error.field or "").rsplit(".", 1)[-1]
        # the field on the error's line, or a missing one of the group whose first line it is
        candidates = [n for n in names if n.rsplit(".", 1)[-1] == last]
        candidates += [f"{n.rsplit('.', 1)[0]}.{last}" for n in names if "." in n]
        name = next((n for n in candidates if n in shown), names[0] if names else None)
        if name is None:
            general.append(str(error))
        else:
            beside.setdefault(name, []).append(error.message)
    return beside, general
