"""A photo uploaded in the editor: checked by its content, reduced and stripped before it is committed.

Photos from phones are 5-11 MB; the repository keeps every version of every file, so the editor keeps
at most 1600 px on the longest side. EXIF is dropped whole (location, camera), its orientation applied first.
"""
from __future__ import annotations

import io
import secrets

from PIL import Image, ImageOps, UnidentifiedImageError

from ..news.bulletins import slug_of

LONGEST_SIDE = 1600
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
REFUSED = "tệp không phải ảnh JPEG, PNG hoặc WebP"


class ImageRefused(ValueError):
    pass


def reduce(data: bytes, filename: str) -> tuple[bytes, str]:
    """(the stored file's bytes, its extension); raises ImageRefused with a Vietnamese message."""
    if filename.lower().endswith((".svg", ".svgz")):
        raise ImageRefused("ảnh SVG không được nhận (có thể chứa mã chạy trên trang); dùng ảnh JPEG, PNG hoặc WebP")
    try:
        with Image.open(io.BytesIO(data)) as opened:
            kind = opened.format
            if kind not in FORMATS:
                raise ImageRefused(f"{REFUSED} ({kind})")
            opened.load()
            image = ImageOps.exif_transpose(opened)
            image.thumbnail((LONGEST_SIDE, LONGEST_SIDE), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            options = {"quality": 85, "optimize": True} if kind in ("JPEG", "WEBP") else {"optimize": True}
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(out, kind, **options)  # no exif= given: none is written
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ImageRefused(REFUSED) from None
    return out.getvalue(), FORMATS[kind]


def stored_name(filename: str, extension: str) -> str:
    """A name of our own: the upload's name as an address word, and a random suffix against collisions."""
    stem = slug_of(filename.rsplit(".", 1)[0])[:40].strip("-") or "anh"
    return f"{stem}-{secrets.token_hex(3)}.{extension}"
