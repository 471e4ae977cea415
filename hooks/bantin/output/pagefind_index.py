"""One Pagefind index from the indexes of a site's parts.

Pagefind holds each page it indexes several times over while it builds the index (measured with
Pagefind 1.5.2 on 4,000 bulletins: 950 MB, a tokenised copy of every page, its clone, the postings),
so `search` indexes a large site in parts, one Pagefind process each, and this module joins the
parts' indexes into the one a single run over the whole site writes: the same files, and once
decompressed the same bytes (tests/test_search.py compares them), so the search finds the same.

Pagefind 1.5.2's format (pinned in requirements.txt; parts of another version are not joined, the
site is then indexed in one run). Every file but
the entry is gzip of `pagefind_dcd` + content; every name is the start of the content's SHA-1 in
Pagefind's hex (bytes unpadded), after the language:
- `pagefind-entry.json`: per language, the meta file's hash and the page count;
- `pagefind.<lang>_<hash>.pf_meta`: CBOR [version, pages [[fragment, word count]],
  chunks [[first word, last word, hash]], filters, sorts, meta field names];
- `index/<lang>_<hash>.pf_index`: CBOR [[word, pages, variants]] for sorted words, where pages are
  [[page number as a step from the previous, locations, meta locations]] and variants
  [[form with diacritics, pages]]; a chunk ends once it holds CHUNK_SIZE locations;
- `fragment/<lang>_<hash>.pf_fragment`: one page's JSON, untouched by joining (only renamed when
  two parts' short names collide).
Page numbers of a part move up by the pages of the parts before it; meta locations name fields by
their place in the sorted names of all parts, so a part missing a field gets its numbers moved.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import heapq
import itertools
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

VERSION = "1.5.2"
PREFIX = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
CHUNK_SIZE = 20000  # Pagefind's default index_chunk_size: locations (+1 a page, variants not counted)


class CannotJoin(Exception):
    """What the parts hold cannot be joined here (several languages, filters, sorts, another version):
    the caller indexes the site in one run instead."""


# What reading files that are not as described above raises.
_UNEXPECTED = (KeyError, IndexError, TypeError, ValueError, OSError, EOFError, zlib.error)


def full_hash(data: bytes) -> str:
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())  # Pagefind's: no zero padding


def unpack(data: bytes) -> bytes:
    raw = gzip.decompress(data)
    if not raw.startswith(PREFIX):
        raise CannotJoin("Pagefind file without its prefix")
    return raw[len(PREFIX):]


def pack(content: bytes) -> bytes:
    # Level 6: 2% larger than Pagefind's files, five times faster than level 9 (measured on 4,000 bulletins).
    return gzip.compress(PREFIX + content, compresslevel=6, mtime=0)


# --- CBOR, as far as Pagefind's index uses it: unsigned and negative integers, text, arrays.

def head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def encode(value: object) -> bytes:
    """A str, an int or a list of them (nested) as CBOR; anything else is a TypeError."""
    if isinstance(value, str):
        text = value.encode()
        return head(3, len(text)) + text
    if isinstance(value, bool):
        raise TypeError(value)
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(encode(item) for item in value)
    raise TypeError(type(value))


def read_head(data: bytes, i: int) -> tuple[int, int, int]:
    """(major type, value, next position)."""
    byte = data[i]
    major, info = byte >> 5, byte & 31
    if info < 24:
        return major, info, i + 1
    size = _SIZES.get(info)
    if size is None:
        raise CannotJoin(f"unexpected CBOR at byte {i}")
    return major, int.from_bytes(data[i + 1:i + 1 + size], "big"), i + 1 + size


_SIZES = {24: 1, 25: 2, 26: 4, 27: 8}


# `count` CBOR integers in a row, matched by `re` in C: a location list stepped over in Python took 1,5 s of
# the 2,1 s a join of 2.000 bulletins took.
_CBOR_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38].|[\x19\x39].{2}|[\x1a\x3a].{4}|[\x1b\x3b].{8})"


@functools.cache
def _integers(count: int) -> re.Pattern[bytes]:
    return re.compile(_CBOR_INT + b"{%d}" % count, re.DOTALL)


def skip_integers(data: bytes, i: int, count: int) -> int:
    """Where `count` integers from `i` end."""
    if not count:
        return i
    found = _integers(count).match(data, i)
    if found is None:
        raise CannotJoin("unexpected CBOR in a page list")
    return found.end()


def expect(data: bytes, i: int, major: int) -> tuple[int, int]:
    found, value, i = read_head(data, i)
    if found != major:
        raise CannotJoin(f"unexpected CBOR type {found} at byte {i}")
    return value, i


def decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    """The whole value at `i` (for the small meta file); returns (value, next position). `Any`: an int, a str or
    a list of them, in the shape the file has; its reader checks the shape (a wrong one raises one of _UNEXPECTED)."""
    major, value, i = read_head(data, i)
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 3:
        return data[i:i + value].decode(), i + value
    if major == 4:
        items: list[Any] = []
        for _ in range(value):
            item, i = decode(data, i)
            items.append(item)
        return items, i
    raise CannotJoin(f"unexpected CBOR type {major}")


def remap_fields(data: bytes, start: int, fields: list[int]) -> bytes:
    """A meta location list with field numbers (the negative markers) renumbered."""
    values, _ = decode(data, start)
    return encode([-fields[-value - 1] - 1 if value < 0 else value for value in values])


# --- Words

@dataclass
class Pages:
    """A word's (or variant's) pages in one part: raw CBOR, page numbers as in the part."""

    count: int = 0
    first: int = 0        # page number of the first
    last: int = 0         # page number of the last
    first_rest: bytes = b""  # the first page's locations and meta locations
    rest: bytes = b""     # the other pages, as they are (steps between them do not change)
    size: int = 0         # locations + meta locations + 1 a page: what fills a chunk

    @staticmethod
    def read(data: bytes, i: int, fields: list[int] | None) -> tuple[Pages, int]:
        """The page list at `i`; `fields` renumbers meta locations' fields (None: they stay).
        Written out by hand: it runs once for each word of each page (a million times for 4,000 bulletins)."""
        count, i = expect(data, i, 4)
        pages, page, size, rest_start, rest = Pages(count), 0, 0, i, bytearray()
        try:
            for n in range(count):
                if data[i] != 0x83:  # [page, locations, meta locations]
                    raise CannotJoin("a page of the index is not [page, locations, meta locations]")
                first = data[i + 1]
                if first < 24:
                    step, i = first, i + 2
                else:
                    step, i = expect(data, i + 1, 0)
                page += step
                locations_start = i
                first = data[i]
                if 0x80 <= first < 0x98:
                    locations, i = first - 0x80, i + 1
                else:
                    locations, i = expect(data, i, 4)
                i = skip_integers(data, i, locations)
                meta_start = i
                first = data[i]
                if 0x80 <= first < 0x98:
                    meta, i = first - 0x80, i + 1
                else:
                    meta, i = expect(data, i, 4)
                i = skip_integers(data, i, meta)
                size += locations + meta + 1
                if fields is None:
                    if n == 0:
                        pages.first, pages.first_rest, rest_start = page, data[locations_start:i], i
                    continue
                body = data[locations_start:meta_start] + remap_fields(data, meta_start, fields)
                if n == 0:
                    pages.first, pages.first_rest = page, body
                else:
                    rest += head(4, 3) + head(0, step) + body
        except IndexError:  # a step past the end: not an integer where one must be
            raise CannotJoin("unexpected CBOR in a page list") from None
        pages.last, pages.size = page, size
        pages.rest = data[rest_start:i] if fields is None else bytes(rest)
        return pages, i


def join_pages(lists: list[tuple[int, Pages]]) -> bytes:
    """Page lists of several parts (each with the page number its part starts at), in part order."""
    out, count, last = bytearray(), 0, 0
    for offset, pages in lists:
        if not pages.count:
            continue
        out += head(4, 3) + head(0, offset + pages.first - last) + pages.first_rest + pages.rest
        count += pages.count
        last = offset + pages.last
    return head(4, count) + bytes(out)


@dataclass
class Word:
    word: str
    part: int
    pages: Pages
    variants: list[tuple[str, Pages]] = field(default_factory=list)


def read_text(data: bytes, i: int) -> tuple[str, int]:
    size, i = expect(data, i, 3)
    return data[i:i + size].decode(), i + size


def read_words(chunks: list[bytes], part: int, fields: list[int] | None) -> Iterator[Word]:
    """Every word of one part's index, in order (chunk by chunk: one decompressed at a time)."""
    for chunk in chunks:
        data = unpack(chunk)
        outer, i = expect(data, 0, 4)
        if outer != 1:
            raise CannotJoin("an index chunk is not [words]")
        count, i = expect(data, i, 4)
        for _ in range(count):
            length, i = expect(data, i, 4)
            if length != 3:
                raise CannotJoin("a word of the index is not [word, pages, variants]")
            word, i = read_text(data, i)
            pages, i = Pages.read(data, i, fields)
            entry = Word(word, part, pages)
            variants, i = expect(data, i, 4)
            for _ in range(variants):
                length, i = expect(data, i, 4)
                if length != 2:
                    raise CannotJoin("a variant of the index is not [form, pages]")
                form, i = read_text(data, i)
                variant_pages, i = Pages.read(data, i, fields)
                entry.variants.append((form, variant_pages))
            yield entry
        if i != len(data):
            raise CannotJoin("an index chunk has bytes after its words")


def join_word(entries: list[Word], offsets: list[int]) -> tuple[bytes, int]:
    """One word's entries from several parts (in part order) → its CBOR and its size in a chunk."""
    pages = join_pages([(offsets[e.part], e.pages) for e in entries])
    variants: dict[str, list[tuple[int, Pages]]] = {}
    for entry in entries:  # a form keeps the place of its first page, as Pagefind merges them
        for form, form_pages in entry.variants:
            variants.setdefault(form, []).append((offsets[entry.part], form_pages))
    size = sum(entry.pages.size for entry in entries)  # 1.5.2 counts the word's own pages only
    word = entries[0].word.encode()
    encoded = bytearray(head(4, 3) + head(3, len(word)) + word + pages + head(4, len(variants)))
    for form, lists in variants.items():
        text = form.encode()
        encoded += head(4, 2) + head(3, len(text)) + text + join_pages(lists)
    return bytes(encoded), size


def prefixes(a: str, b: str) -> tuple[str, str]:
    # up to the shorter word
    common = sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(b, a, strict=False)))
    return a[:common + 1], b[:common + 1]


def chunk_ranges(ranges: list[list[str]]) -> None:
    """Shorten each chunk's [first, last] word to the prefixes that tell neighbours apart, as Pagefind does."""
    for before, after in itertools.pairwise(ranges):
        to, start = prefixes(before[1], after[0])
        if to >= before[0]:
            before[1] = to
        after[0] = start


# --- The parts

@dataclass
class _Part:
    offset: int
    pages: int
    fields: list[str]
    chunks: list[bytes]
    read: tuple[list[str], list[Word]] | None = None  # its words, read ahead against these fields


def _moved(part: _Part, fields: list[str]) -> list[int] | None:
    """Where the part's meta fields are in the whole index's (None: in the same places)."""
    return None if part.fields == fields else [fields.index(name) for name in part.fields]


class Joiner:
    """Feed each part's files in order (`add`), write what it returns; `finish` gives the rest."""

    def __init__(self) -> None:
        self.parts: list[_Part] = []
        self.language: str | None = None
        self.entry: dict[str, Any] | None = None  # pagefind-entry.json as decoded
        self.pages: list[list[str | int]] = []      # [fragment name, word count] of every page, in order
        self.fragments: set[str] = set()

    def add(self, files: dict[str, bytes]) -> dict[str, bytes]:
        """The part's fragment files under their names in the whole index; with the first part, the
        files every part has alike (the search scripts and styles)."""
        try:
            return self._add(files)
        except _UNEXPECTED as error:
            raise CannotJoin(f"unexpected Pagefind files ({error!r})") from None

    def _add(self, files: dict[str, bytes]) -> dict[str, bytes]:
        entry = json.loads(files[ENTRY])
        if entry.get("version") != VERSION or len(entry.get("languages", {})) != 1:
            raise CannotJoin("not one language of Pagefind " + VERSION)
        (language, about), = entry["languages"].items()
        if self.language not in (None, language):
            raise CannotJoin("parts in different languages")
        meta, _ = decode(unpack(files[f"pagefind.{about['hash']}.pf_meta"]))
        if len(meta) != 6 or meta[0] != VERSION or meta[3] or meta[4]:
            raise CannotJoin("filters, sorts or another version of the meta file")
        _, pages, chunks, _, _, fields = meta
        if len(pages) != about["page_count"]:
            raise CannotJoin("page count")
        out = {}
        if self.entry is None:
            self.entry, self.language = entry, language
            out = {path: data for path, data in files.items()
                   if not path.startswith(("fragment/", "index/")) and not path.endswith(".pf_meta") and path != ENTRY}
        for name, word_count in pages:
            data = files[f"fragment/{name}.pf_fragment"]
            named = self._fragment_name(name, data, language)
            self.pages.append([named, word_count])
            out[f"fragment/{named}.pf_fragment"] = data
        offset = self.parts[-1].offset + self.parts[-1].pages if self.parts else 0
        self.parts.append(_Part(offset, len(pages), fields, [files[f"index/{c[2]}.pf_index"] for c in chunks]))
        return out

    def read_ahead(self) -> None:
        """Read the words of the part added last now (most of what joining costs), while other parts are
        still being indexed; `finish` reads them again only if a later part brings a new meta field."""
        try:
            fields = sorted({name for part in self.parts for name in part.fields})
            part = self.parts[-1]
            part.read = fields, list(read_words(part.chunks, len(self.parts) - 1, _moved(part, fields)))
        except _UNEXPECTED as error:
            raise CannotJoin(f"unexpected Pagefind files ({error!r})") from None

    def _fragment_name(self, name: str, data: bytes, language: str) -> str:
        """Pagefind's name for a page in the whole index: the shortest start of its hash no page before took."""
        short = len(language) + 8
        if len(name) == short and name not in self.fragments:
            self.fragments.add(name)
            return name
        whole = f"{language}_{full_hash(unpack(data))}"
        name = whole[:short]
        while name in self.fragments:
            name = whole[:len(name) + 1]
        self.fragments.add(name)
        return name

    def finish(self) -> dict[str, bytes]:
        """The word index chunks, the meta file and the entry of the whole index."""
        try:
            return self._finish()
        except _UNEXPECTED as error:
            raise CannotJoin(f"unexpected Pagefind files ({error!r})") from None

    def _finish(self) -> dict[str, bytes]:
        language = self.language
        assert language is not None  # `add` set it: a join has parts
        fields = sorted({name for part in self.parts for name in part.fields})
        offsets = [part.offset for part in self.parts]
        streams = [iter(part.read[1]) if part.read and part.read[0] == fields else
                   read_words(part.chunks, number, _moved(part, fields)) for number, part in enumerate(self.parts)]
        out: dict[str, bytes] = {}
        names: set[str] = set()
        ranges: list[list[str]] = []
        words: list[bytes] = []
        first = last = ""
        size = 0

        def close_chunk() -> None:
            content = head(4, 1) + head(4, len(words)) + b"".join(words)
            whole = f"{language}_{full_hash(content)}"
            name = whole[:len(language) + 8]
            while name in names and len(name) < len(whole):
                name = whole[:len(name) + 2]
            names.add(name)
            out[f"index/{name}.pf_index"] = pack(content)
            ranges.append([first, last, name])

        merged = heapq.merge(*streams, key=lambda entry: entry.word)  # equal words: the earlier part first
        for _, group in itertools.groupby(merged, key=lambda entry: entry.word):
            entries = list(group)
            encoded, word_size = join_word(entries, offsets)
            if not words:
                first = entries[0].word
            words.append(encoded)
            last = entries[0].word
            size += word_size
            if size >= CHUNK_SIZE:
                close_chunk()
                words, size = [], 0
        if words:
            close_chunk()
        chunk_ranges(ranges)
        meta = encode([VERSION, self.pages, ranges, [], [], fields])
        meta_name = f"{language}_{full_hash(meta)[:len(language) + 8]}"
        out[f"pagefind.{meta_name}.pf_meta"] = pack(meta)
        entry = json.loads(json.dumps(self.entry))
        entry["languages"][language].update(hash=meta_name, page_count=len(self.pages))
        out[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
        return out
