""""Did you mean": the one rule every message uses to name what an unknown word most likely means.

A key (`taget:` → `target`), a choice (`tren` → `trên`), a unit's code (`57` → `75`), a category, an
indicator's id or a pattern's placeholder: the same steps, in order, with one cut-off:

1. a word editors use for it (`aliases`: `owner` → `chu_tri`), as typed or without accents;
2. the word once accents, capitals, spaces and separators are set aside (`Trên`, `chủ trì`, `As of`), or
   one of the `names` so written (a field's Vietnamese label, a unit's name);
3. the word with two neighbouring characters swapped (`57` for `75`, `actaul` for `actual`);
4. the closest spelling among the words (difflib, CUTOFF), then among the names.

difflib is the standard library's; its ratio is what every hint used before (with four cut-offs). A long
list (a national site's 3,355 units) is compared by its neighbours only (`_Sorted`).
"""
from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable, Mapping

# One cut-off: at 0.6 `taget` finds `target` and `Đạt được` the field named "số đạt được" (0.84), while a
# free word such as `ghi chú` finds no field (at most 0.53, `thời hạn`).
CUTOFF = 0.6
NEIGHBOURS = 10


def plain(word: str) -> str:
    """The word without accents, capitals, spaces or separators: `Chủ trì` → `chu_tri`, `as-of` → `as_of`."""
    # Imported here: `bantin.common.vi` loads Babel, which `visits` (run every few minutes) does not need until a
    # key in data/visits.yml is wrong.
    from .vi import slug
    return slug(str(word), "_")


def hint(meant: str | None, detail: str = "") -> str:
    """` (ý bạn là 'target'?)`, or with a detail ` (ý bạn là '75' — Tỉnh Đồng Nai?)`; nothing for None."""
    if meant is None:
        return ""
    return f" (ý bạn là '{meant}' — {detail}?)" if detail else f" (ý bạn là '{meant}'?)"


class _Sorted:
    """Words sorted forwards and backwards: the few next to a misspelt word in either order (a slip keeps
    the word's start or its end). Comparing each wrong word with every one of 4,000 units' codes and names
    took 144 s for 4,000 wrong parents; with its neighbours, well under a second."""

    def __init__(self, words: Iterable[str]):
        self.forwards = sorted(words)
        self.backwards = sorted(word[::-1] for word in self.forwards)

    def near(self, word: str) -> list[str]:
        if len(self.forwards) <= 4 * NEIGHBOURS:
            return self.forwards
        at, back = bisect.bisect(self.forwards, word), bisect.bisect(self.backwards, word[::-1])
        near = set(self.forwards[max(at - NEIGHBOURS, 0):at + NEIGHBOURS])
        near.update(w[::-1] for w in self.backwards[max(back - NEIGHBOURS, 0):back + NEIGHBOURS])
        return sorted(near)


class Nearest:
    """What a wrong word most likely means among `known` (see the module's steps); built once for a list
    that many words are checked against. `aliases`: other word → known one; `names`: a name → known one."""

    def __init__(self, known: Iterable[str], aliases: Mapping[str, str] | None = None,
                 names: Mapping[str, str] | None = None):
        self.known = list(dict.fromkeys(str(word) for word in known))
        self.aliases = dict(aliases or {})
        self.plain_aliases = {plain(alias): meant for alias, meant in self.aliases.items()}
        self.by_plain: dict[str, str] = {}
        for word in self.known:
            self.by_plain.setdefault(plain(word), word)
        self.names: dict[str, str] = {}
        for name, meant in (names or {}).items():
            self.names.setdefault(plain(name), meant)
        self._words: _Sorted | None = None
        self._named: _Sorted | None = None

    def __call__(self, word: str) -> str | None:
        word = str(word)
        if word in self.aliases:
            return self.aliases[word]
        bare = plain(word)
        if not bare:
            return None
        if bare in self.plain_aliases:
            return self.plain_aliases[bare]
        if bare in self.by_plain:
            return self.by_plain[bare]
        if bare in self.names:
            return self.names[bare]
        for swapped in (bare[:i] + bare[i + 1] + bare[i] + bare[i + 2:] for i in range(len(bare) - 1)):
            if swapped != bare and swapped in self.by_plain:
                return self.by_plain[swapped]
        if self._words is None or self._named is None:
            self._words, self._named = _Sorted(self.by_plain), _Sorted(self.names)
        close = difflib.get_close_matches(bare, self._words.near(bare), n=1, cutoff=CUTOFF)
        if close:
            return self.by_plain[close[0]]
        close = difflib.get_close_matches(bare, self._named.near(bare), n=1, cutoff=CUTOFF)
        return self.names[close[0]] if close else None


def meant(word: str, known: Iterable[str], aliases: Mapping[str, str] | None = None,
          names: Mapping[str, str] | None = None) -> str | None:
    """The known word `word` most likely means, or None."""
    return Nearest(known, aliases, names)(word)


def suggestion(word: str, known: Iterable[str], aliases: Mapping[str, str] | None = None,
               names: Mapping[str, str] | None = None) -> str:
    """` (ý bạn là 'target'?)` or nothing."""
    return hint(meant(word, known, aliases, names))
