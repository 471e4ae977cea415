"""Editors' photos, published reduced: a phone's 4000×3000, 11 MB picture is not what a reader on a phone
should download, nor should its EXIF location be published.

Every JPEG, PNG and WebP in docs/ (the site's own icons aside) is published at its own address no larger
than `LIMIT` px on its longest side, turned upright (EXIF orientation applied) and without EXIF or XMP
(the GPS position with them; the ICC colour profile is kept). So every reference to it (the article,
Markdown images in bodies, og:image, JSON-LD, the feeds, the sidebar) gets the reduced picture, and the
original, which stays in docs/, is never published. A picture already within `LIMIT` and without a
location is published as it is, byte for byte. Beside it the build publishes a `MEDIUM` copy for phones
(`x.800.jpg`, offered with `srcset`) and, for the pictures of bulletins, the cards' picture at 1× and 2×
(`x.160x100.jpg`, `x.320x200.jpg`, cropped to the card's shape). SVG, GIF and AVIF are published as they are.

Pillow makes them; what it made is kept in `.cache/anh/` (git-ignored), keyed by the picture's content
(never its date: a picture replaced by an older file is still noticed), these settings and Pillow's
version: a second build reads a few bytes of JSON per picture and encodes nothing. The same input gives
the same bytes (Pillow's encoders are deterministic), so builds stay byte-identical.
"""
from __future__ import annotations

import hashlib
import html
import io
import json
import os
import posixpath
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TypedDict
from urllib.parse import quote, unquote

import PIL
from PIL import Image, ImageOps

from ..common.errors import DataError
from . import assets

if TYPE_CHECKING:
    from ..news.collection import News

LIMIT = 1600            # longest side of the published picture: the article at 2× and share cards (og:image)
MEDIUM = 800            # a second width for phones' article column (srcset)
CARD = (160, 100)       # the cards' picture: overrides/partials/bantin-card.html (shown 8rem wide); 1× and 2×
JPEG_QUALITY = 82
RECIPE = 1              # bump when the way pictures are made changes: the cache is keyed by it
CACHE_DIR = ".cache/anh"
FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
_FORMAT_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112
_IMG = re.compile(r"<img\b[^>]*?(?=\s*/?>)", re.IGNORECASE)  # up to its end: `>` or `/>`
_SRC = re.compile(r'\ssrc="([^"]*)"')
BODY_SIZES = "(min-width: 60em) 50rem, calc(100vw - 2rem)"  # the main column: 50rem beside the sidebar (bantin.css)


class Record(TypedDict):
    """What `_make` made of one picture, kept as JSON in the cache beside its files."""
    suffix: str                   # `.jpg`
    sizes: dict[str, list[int]]   # `main`, `medium`, `card`, `card2` → [width, height]
    files: list[str]              # the sizes made into the cache (`main` not among them: published as it is)


@dataclass(frozen=True)
class Picture:
    """What an `<img>` needs: the published file, its size, and the other widths (`srcset`)."""

    src: str                                   # its address from the site's root, %-encoded (a space is not
    width: int                                 # valid in an address, and would split srcset)
    height: int
    srcset: tuple[tuple[str, int], ...] = ()   # (address, width)


@dataclass(frozen=True)
class Output:
    """A file the build publishes from the cache, at `dest` (relative to the site's root)."""

    dest: str
    path: Path


@dataclass
class Pictures:
    """One build's pictures: what the templates show (`pictures.article(path)`, `pictures.card(path)`),
    the files to publish and the mistakes (files Pillow cannot read)."""

    made: dict[str, Record] = field(default_factory=dict)  # docs path → its recipe's record (see `_make`)
    replaced: dict[str, Path] = field(default_factory=dict)  # docs path → the reduced file published there
    extra: list[Output] = field(default_factory=list)     # the other sizes, beside the picture
    errors: list[DataError] = field(default_factory=list)
    encoded: int = 0                                      # pictures Pillow made in this build (not cached)
    body_sizes: ClassVar[str] = BODY_SIZES

    def article(self, path: str | None) -> Picture | None:
        """The picture at full width, with the phone size in `srcset`; None: not a picture made here (SVG)."""
        record = self.made.get(path or "")
        if path is None or record is None:
            return None
        width, height = record["sizes"]["main"]
        sizes = [(name, record["sizes"][name][0]) for name in ("medium", "main") if name in record["sizes"]]
        srcset = tuple((_address(_variant(path, name, record)), w) for name, w in sizes) if len(sizes) > 1 else ()
        return Picture(_address(path), width, height, srcset)

    def card(self, path: str | None) -> Picture | None:
        record = self.made.get(path or "")
        if path is None or record is None or "card" not in record["sizes"]:
            return None
        width, height = record["sizes"]["card"]
        return Picture(_address(_variant(path, "card", record)), width, height,
                       tuple((_address(_variant(path, name, record)), record["sizes"][name][0])
                             for name in ("card", "card2")))

    def in_body(self, text: str, page_url: str) -> str:
        """A page's HTML (Markdown's `![…](…)`, an editor's `<img>`) with each picture made here given its
        size (no layout shift) and the phone size in `srcset`; an `<img>` with its own `width` or `srcset`
        is left as the editor wrote it. `page_url`: the page's address, as MkDocs' `page.url`."""
        if "<img" not in text or not self.made:
            return text
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"

        def sized(match: re.Match[str]) -> str:
            tag = match.group(0)
            src = _SRC.search(tag)
            if src is None or re.search(r"\s(width|srcset)=", tag, re.IGNORECASE):
                return tag
            address = unquote(html.unescape(src.group(1)))
            if address.startswith("/") or ":" in address.split("/", 1)[0]:
                return tag  # another site's, or an address from the root: not a file of this page's
            picture = self.article(posixpath.normpath(base + address))
            if picture is None:
                return tag
            tag += f' width="{picture.width}" height="{picture.height}"'
            if picture.srcset:
                folder = quote(address.rpartition("/")[0] + "/", safe="/") if "/" in address else ""
                entries = ", ".join(f"{folder}{posixpath.basename(path)} {width}w" for path, width in picture.srcset)
                tag += f' srcset="{entries}" sizes="{BODY_SIZES}"'
            return tag
        return _IMG.sub(sized, text)

    def key(self) -> tuple[tuple[str, str], ...]:
        """What pages show of the pictures (the preview re-renders them when it changes)."""
        return tuple(sorted((path, json.dumps(record, sort_keys=True)) for path, record in self.made.items()))


def is_picture(path: str) -> bool:
    """Whether the file is published reduced. `path`: relative to docs/, POSIX. The site's own icons are not
    (they keep their bytes: their names carry their hash, bantin.build.assets)."""
    return posixpath.splitext(path)[1].lower() in FORMATS and not assets.is_fingerprinted(path)


def card_pictures(news: News | None) -> set[str]:
    """The pictures that bulletins' cards show (`image:`), preview-only bulletins' too."""
    return {bulletin.image for bulletin in news.catalog.bulletins if bulletin.image} if news is not None else set()


def make(sources: dict[str, Path], cards: set[str], root: Path, docs_name: str, prune: bool = False) -> Pictures:
    """`sources`: docs path → file of every picture to publish; `cards`: those bulletins show in cards.
    `prune`: remove what this build does not use from the cache (`make build`, not the preview)."""
    cache = root / CACHE_DIR
    cache.mkdir(parents=True, exist_ok=True)
    pictures = Pictures()
    used: set[str] = set()
    for path in sorted(sources):
        try:
            data = sources[path].read_bytes()
        except OSError:
            pictures.errors.append(DataError(f"{docs_name}/{path}", None, None, "không đọc được tệp ảnh"))
            continue
        key = _key(data, path, path in cards)
        record = _cached(cache, key)
        if record is None:
            try:
                record = _make(data, path, path in cards, cache, key)
            except _Unreadable as error:
                pictures.errors.append(DataError(f"{docs_name}/{path}", None, None, str(error)))
                continue
            pictures.encoded += 1
        used.add(key)
        pictures.made[path] = record
        for name in record["files"]:
            if name == "main":
                pictures.replaced[path] = cache / f"{key}.main{record['suffix']}"
            else:
                pictures.extra.append(Output(_variant(path, name, record), cache / f"{key}.{name}{record['suffix']}"))
    if prune:
        for entry in os.scandir(cache):
            if entry.name.split(".", 1)[0] not in used:
                os.unlink(entry.path)
    return pictures


def collisions(pictures: Pictures, taken: dict[str, str], docs_name: str) -> list[DataError]:
    """A size the build makes must not replace an editor's file of that name (`x.800.jpg` in docs/)."""
    return [DataError(taken[output.dest], None, None,
                      "tên tệp trùng với ảnh thu nhỏ mà bản dựng tạo cho "
                      f"'{docs_name}/{_source_of(output.dest, pictures)}'"
                      ": hãy đổi tên tệp này")
            for output in pictures.extra if output.dest in taken]


def _source_of(dest: str, pictures: Pictures) -> str:
    return next(path for path, record in pictures.made.items()
                if any(_variant(path, name, record) == dest for name in record["files"]))


def _variant(path: str, name: str, record: Record) -> str:
    """`assets/anh/x.jpg` → `assets/anh/x.800.jpg` (medium), `x.160x100.jpg` (card); `main` is `path`."""
    if name == "main":
        return path
    width, height = record["sizes"][name]
    label = str(width) if name == "medium" else f"{width}x{height}"
    stem, suffix = posixpath.splitext(path)
    return f"{stem}.{label}{suffix}"


def _address(path: str) -> str:
    return quote(path, safe="/")


def _key(data: bytes, path: str, card: bool) -> str:
    recipe = json.dumps([RECIPE, PIL.__version__, LIMIT, MEDIUM, CARD, JPEG_QUALITY, card,
                         posixpath.splitext(path)[1].lower()])
    return hashlib.sha256(hashlib.sha256(data).digest() + recipe.encode()).hexdigest()[:32]


def _cached(cache: Path, key: str) -> Record | None:
    try:
        record: Record = json.loads((cache / f"{key}.json").read_text(encoding="utf-8"))
        whole = all((cache / f"{key}.{name}{record['suffix']}").is_file() for name in record["files"])
        # and a [width, height] for each size the pages show (`main` and the files')
        sized = all(len(size) == 2 and all(isinstance(n, int) for n in size)
                    for size in (record["sizes"][name] for name in ("main", *record["files"])))
    except (OSError, ValueError, KeyError, TypeError):  # a record cut short or changed by hand: made again
        return None
    return record if whole and sized else None


class _Unreadable(Exception):
    pass


def _make(data: bytes, path: str, card: bool, cache: Path, key: str) -> Record:
    """Makes the picture's sizes into the cache and returns its record:
    `{"suffix": ".jpg", "sizes": {"main": [w, h], …}, "files": [names made into the cache]}`
    (`main` is not among `files` when the picture is published as it is)."""
    suffix = posixpath.splitext(path)[1].lower()
    wanted = FORMATS[suffix]
    try:
        with warnings.catch_warnings():
            # Pillow warns above 89 million pixels and refuses above twice that (DecompressionBombError)
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            found = image.format
            if found != wanted:
                raise _Unreadable(f"tệp không phải ảnh {_FORMAT_NAMES[wanted]} như đuôi tên tệp "
                                  f"'{suffix}' cho biết (mà là ảnh {_FORMAT_NAMES.get(found or '', found)}): "
                                  "hãy lưu lại ảnh với đúng đuôi tên tệp")
            exif = image.getexif()
            located = _GPS_IFD in exif or b"GPS" in _xmp(image)
            turned = exif.get(_ORIENTATION, 1) in (5, 6, 7, 8)
            stored = image.size
            shown = stored[::-1] if turned else stored
            as_is = max(shown) <= LIMIT and not located
            main = _fit(shown, LIMIT)
            if found == "JPEG":  # decode at 1/2, 1/4 or 1/8 of the size when that is still large enough
                image.draft(None, (main[1], main[0]) if turned else main)
            image.load()
            icc = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA", "L", "LA") else None
            upright = _plain(ImageOps.exif_transpose(image), wanted)
            large = upright if upright.size == main else upright.resize(main, Image.Resampling.LANCZOS)
    except _Unreadable:
        raise
    except Image.DecompressionBombError:
        raise _Unreadable("ảnh quá lớn (hơn 178 triệu điểm ảnh): hãy thu nhỏ ảnh trước khi đưa lên") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise _Unreadable(f"tệp ảnh bị hỏng hoặc không phải ảnh {_FORMAT_NAMES[wanted]}, không đọc được: "
                          "hãy lưu lại ảnh từ máy ảnh hoặc điện thoại rồi chép lại tệp này") from None
    made: dict[str, Image.Image] = {} if as_is else {"main": large}
    if max(main) > MEDIUM:
        made["medium"] = large.resize(_fit(main, MEDIUM), Image.Resampling.LANCZOS)
    if card:
        made["card"] = ImageOps.fit(large, CARD, Image.Resampling.LANCZOS)
        made["card2"] = ImageOps.fit(large, (CARD[0] * 2, CARD[1] * 2), Image.Resampling.LANCZOS)
    sizes = {"main": list(main), **{name: list(picture.size) for name, picture in made.items()}}
    for name, picture in made.items():
        _write(cache / f"{key}.{name}{suffix}", _encode(picture, wanted, icc))
    record: Record = {"suffix": suffix, "sizes": sizes, "files": sorted(made)}
    _write(cache / f"{key}.json", json.dumps(record, sort_keys=True).encode())
    return record


def _xmp(image: Image.Image) -> bytes:
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    return xmp.encode() if isinstance(xmp, str) else bytes(xmp)


def _fit(size: tuple[int, int], limit: int) -> tuple[int, int]:
    """`size` shrunk (never enlarged) so that its longest side is at most `limit`, its shape kept."""
    width, height = size
    if max(width, height) <= limit:
        return width, height
    if width >= height:
        return limit, max(1, round(height * limit / width))
    return max(1, round(width * limit / height)), limit


def _plain(image: Image.Image, wanted: str) -> Image.Image:
    """Modes the encoders and the resizing take: JPEG has no transparency (laid on white)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
    if wanted == "JPEG":
        if has_alpha:
            rgba = image.convert("RGBA")
            white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            return Image.alpha_composite(white, rgba).convert("RGB")
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if image.mode in ("RGB", "RGBA", "L", "LA"):
        return image
    return image.convert("RGBA" if has_alpha else "RGB")


def _encode(image: Image.Image, wanted: str, icc: bytes | None) -> bytes:
    """No EXIF or XMP is passed, and the image's own `info` is cleared (Pillow would carry XMP over)."""
    image.info = {}
    options: dict[str, object] = {"icc_profile": icc} if icc else {}
    if wanted == "JPEG":
        options.update(quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif wanted == "PNG":
        options.update(optimize=True)
    else:
        options.update(quality=JPEG_QUALITY, method=4)
    stream = io.BytesIO()
    image.save(stream, wanted, **options)
    return stream.getvalue()


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a preview and a build may share the cache."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)
