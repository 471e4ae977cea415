"""Every entity an office edits, declared once: its fields with key, kind, Vietnamese label, help, whether
required, the other words editors write for it (aliases, which get a "did you mean" to it) and an example.

The declarations drive what must agree with them: the readers' key checks and "did you mean" hints, the
editors' guide's key tables, the JSON exports' field lists and the forms of `make edit`. A new entity is
one `Entity` in a module of this package, listed in `_MODULES`; a new field is one `Field` in its entity.

Modelled on Lektor's models (one declaration per content type, from which its admin draws the forms) and
WTForms' field lists, without their files: the declarations are Python values, checked when imported.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

# How a value is written and which input the editor's form shows for it.
KINDS = (
    "text",      # one line of text
    "long",      # a paragraph (textarea)
    "markdown",  # Markdown source (the editor's Markdown toolbar)
    "int",       # a whole number, 0 or more
    "number",    # a number with decimals
    "date",      # 2026-03-31
    "datetime",  # 2026-03-31 08:30
    "quarter",   # 2026-Q1 (or quý I/2026)
    "due",       # a deadline: a date, a month, a quarter or a year
    "flag",      # yes/no (true/false)
    "choice",    # one of `choices`, or of a list the site declares (`choices_from`)
    "tags",      # a list of short texts
    "id",        # lowercase ASCII words joined by '-'
    "url",       # an address (https://…, or /… inside the site)
    "email",     # its form checked by email-validator (bantin.fields Fields.email)
    "phone",     # a number of Viet Nam's numbering plan, hotlines 1900/1800 too (Fields.phone)
    "file",      # a file under docs/ (a PDF)
    "image",     # an image under docs/
    "group",     # a mapping whose keys are those of `entity`
    "items",     # a list of mappings, each one `entity`
    "mapping",   # a mapping from a key (a unit's code, an indicator's id) to values of `entity` (numbers without)
)


@dataclass(frozen=True)
class Field:
    key: str                           # as written in YAML / front matter
    label: str                         # the editor's word for it, in forms and messages: "Tên chương trình"
    kind: str = "text"
    required: bool = False
    help: str = ""                     # one line, for the guide and under the form's input
    aliases: tuple[str, ...] = ()      # other words editors write for it (`ma` for `code`): refused, with a hint to it
    example: str = ""                  # as an editor would write it in YAML
    choices: tuple[str, ...] = ()      # a fixed list of accepted values
    choices_from: str = ""             # or a list the site declares: categories, programmes, units, …
    entity: str = ""                   # for group/items/mapping: the nested entity's name
    form: bool = True                  # False: kept by the reader, not shown in the editor's form

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: kind {self.kind!r} is not one of {KINDS}")
        if self.kind in ("group", "items") and not self.entity:
            raise ValueError(f"{self.key}: a {self.kind} names its entity")


@dataclass(frozen=True)
class Entity:
    name: str                          # English, for code: "programme"
    label: str                         # the editor's word: "Chương trình"
    fields: tuple[Field, ...]
    where: str = ""                    # where it is written: "data/programmes/<mã>.yml"
    help: str = ""                     # one sentence for the guide and the form's heading
    title_field: str = ""              # the field that names one item in a list (defaults to the first)
    _by_key: dict[str, Field] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for item in self.fields:
            for key in (item.key, *item.aliases):
                if key in self._by_key:
                    raise ValueError(f"{self.name}: {key!r} declared twice")
                self._by_key[key] = item

    # Each derived once (an entity is frozen, and a reader makes a `Fields` of it for every item it reads).
    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields)

    @cached_property
    def names(self) -> dict[str, str]:
        """key → Vietnamese label, lower-cased as messages write it mid-sentence."""
        return {f.key: f.label[:1].lower() + f.label[1:] for f in self.fields}

    @cached_property
    def aliases(self) -> dict[str, str]:
        """alias → key."""
        return {alias: f.key for f in self.fields for alias in f.aliases}

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)

    @cached_property
    def is_required(self) -> dict[str, bool]:
        """key → whether it must be written: what readers ask (schema.fields.Fields.required)."""
        return {f.key: f.required for f in self.fields}

    def field(self, key: str) -> Field:
        """The field of a key or of one of its aliases; KeyError otherwise."""
        return self._by_key[key]

    def title_key(self) -> str:
        return self.title_field or self.fields[0].key


ENTITIES: dict[str, Entity] = {}


def register(*entities: Entity) -> None:
    for entity in entities:
        if entity.name in ENTITIES and ENTITIES[entity.name] != entity:
            raise ValueError(f"entity {entity.name!r} declared twice")
        ENTITIES[entity.name] = entity


# The modules declaring entities, each calling `register`. Imported here so that `ENTITIES` is complete
# whoever imports the package first.
_MODULES: tuple[str, ...] = ("figures", "units", "news", "portal", "sections_documents", "sections_office")
for _name in _MODULES:
    importlib.import_module(f"{__name__}.{_name}")


def entity(name: str) -> Entity:
    return ENTITIES[name]


def all_entities() -> Iterator[Entity]:
    return iter(ENTITIES.values())


def nested(entity_: Entity) -> Iterator[Entity]:
    """The entity and those its groups and items hold, depth first, each once."""
    seen: set[str] = set()

    def walk(current: Entity) -> Iterator[Entity]:
        if current.name in seen:
            return
        seen.add(current.name)
        yield current
        for item in current.fields:
            if item.entity:
                yield from walk(ENTITIES[item.entity])
    return walk(entity_)
