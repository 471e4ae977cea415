"""Parts of pages rendered once per build, not once per page: the menu, the sidebar blocks, the footer
and each bulletin's card in the lists.

They are the same on every page but for their links, which are relative to the page (the site works
from a sub-folder and from files on a disk). A profile of a 2.000-bulletin build found them a fifth of
all template time: 40 links a page through the `url` filter, 190 escapes. So each is rendered once
with a hole where each link goes, and a page fills the holes with its own links: the same bytes as
rendering the template on that page.

A template rendered here sees the templates' globals and the values it is given (`variant`), never
the page: a template that needs the page is not a fragment. The values are its cache key.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

from jinja2 import Environment
from markupsafe import Markup, escape

Key = tuple[str, tuple[tuple[str, Hashable], ...]]  # a template's name and the values it is rendered with
HOLE = "\x00"  # not in templates; an editor's text that holds it makes that fragment render per page


@dataclass(frozen=True)
class Fragment:
    pieces: tuple[str, ...]  # text, link target, text, link target, …, text

    def fill(self, link: Callable[[str], str]) -> Markup:
        parts = list(self.pieces)
        for at in range(1, len(parts), 2):
            parts[at] = escape(link(parts[at]))  # as `{{ target | url }}` is escaped in a template
        return Markup("".join(parts))


class Fragments:
    """One per build: `render` makes each (template, values) once and fills it for each page."""

    def __init__(self, environment: Environment) -> None:
        self.environment = environment
        self.made: dict[Key, Fragment | None] = {}  # None: render it for each page
        self._targets: list[str] | None = None  # while a fragment is rendered: its links, in order
        self._link: Callable[[str], str] | None = None  # while one is rendered for a page, as it was

    def hole(self, target: str) -> str | None:
        """What the `url` filter writes while a fragment is rendered (None: a page is being rendered)."""
        if self._link is not None:
            return self._link(target)
        if self._targets is None:
            return None
        self._targets.append(target)
        return HOLE

    def render(self, link: Callable[[str], str], name: str, **variant: Hashable) -> Markup:
        key = (name, tuple(sorted(variant.items())))
        if key not in self.made:
            self.made[key] = self._make(name, variant)
        fragment = self.made[key]
        return fragment.fill(link) if fragment else self._render_for_page(link, name, variant)

    def _make(self, name: str, variant: dict[str, Hashable]) -> Fragment | None:
        self._targets, targets = [], []
        try:
            text = self.environment.get_template(name).render(**variant)
        finally:
            targets, self._targets = self._targets, None
        texts = text.split(HOLE)
        if len(texts) != len(targets) + 1:  # the text itself holds a HOLE
            return None
        pieces: list[str] = [texts[0]]
        for target, after in zip(targets, texts[1:], strict=True):
            pieces += [str(target), after]
        return Fragment(tuple(pieces))

    def _render_for_page(self, link: Callable[[str], str], name: str, variant: dict[str, Hashable]) -> Markup:
        self._link = link
        try:
            return Markup(self.environment.get_template(name).render(**variant))
        finally:
            self._link = None
