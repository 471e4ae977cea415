"""The one way bantin reads what an editor writes (data/*.yml, pages' Markdown and front matter).

Editors save files on Windows (Notepad, Git for Windows' `core.autocrlf=true`: CRLF), sometimes with a
byte-order mark, sometimes pasted from old programs (a lone CR) or typed with Unikey in decomposed
Unicode. None of that may change the site: the text is UTF-8 (a byte-order mark allowed), every line
ending becomes "\\n" and the letters are composed (NFC), so line numbers count as the editor's
editor does and the same content builds the same site, byte for byte.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from .errors import DataError

NOT_UTF8 = "tệp không phải UTF-8; hãy mở tệp và lưu lại với mã UTF-8"
_LINE_END = re.compile(r"\r\n?")
_BYTE_LINE_END = re.compile(rb"\r\n|\r|\n")


def decode(data: bytes, shown: str) -> str:
    """The text of a file's bytes; a DataError naming the line of the first byte that is not UTF-8."""
    data = data.removeprefix(codecs.BOM_UTF8)  # not "utf-8-sig": the error's position must count from here
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = len(_BYTE_LINE_END.findall(data, 0, error.start)) + 1
        raise DataError(shown, line, None, NOT_UTF8) from None
    # vi.nfc is the same, but vi imports Babel, which the visit counter (yamlsource → here) must not load
    return unicodedata.normalize("NFC", _LINE_END.sub("\n", text))


def read(path: Path, shown: str) -> str:
    """`decode` of a file (OSError when it cannot be read)."""
    return decode(path.read_bytes(), shown)
