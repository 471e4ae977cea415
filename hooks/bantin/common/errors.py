"""Editor-facing errors: file, line, field and a Vietnamese sentence, never a traceback."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .hints import suggestion


@dataclass(unsafe_hash=True)  # hashable for de-duplication; not frozen: raising sets __traceback__
class DataError(Exception):
    path: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f"{self.field}: " if self.field else ""
        return f"{where}: {field}{self.message}"


class Waiting(DataError):
    """Not a mistake of its file: a page that could not be checked because another file has mistakes.
    Listed apart, by name, so that an editor knows it is checked once that file is right."""


def waiting(page: str, cause: str) -> Waiting:
    return Waiting(page, None, None, f"chưa kiểm tra được các biểu thức vì {cause} có lỗi")


class DataErrors(Exception):
    """Every error found in one pass, so an editor fixes them all at once."""

    def __init__(self, errors: Iterable[DataError]):
        self.errors = sorted(set(errors), key=lambda e: (e.path, e.line or 0, str(e)))  # each mistake once
        super().__init__(self.report())

    def report(self) -> str:
        """Grouped by file, with counts; each line keeps `file:line` so editors and terminals can open it."""
        files: dict[str, list[DataError]] = {}
        for error in self.mistakes:
            files.setdefault(error.path, []).append(error)
        where = f" trong {len(files)} tệp" if len(files) > 1 else ""
        lines = [f"Có {len(self.mistakes)} lỗi{where}, trang chưa được tạo:"]
        for path, errors in files.items():
            if len(files) > 1:
                lines.append(f"{path} ({len(errors)} lỗi):")
            lines += [f"  {error}" for error in errors]
        waiting = [error for error in self.errors if isinstance(error, Waiting)]
        if waiting:
            lines.append(f"Chờ sửa các lỗi trên rồi mới kiểm tra được {len(waiting)} trang:")
            lines += [f"  {error}" for error in waiting]
        return "\n".join(lines)

    @property
    def mistakes(self) -> list[DataError]:
        """The errors, without the pages that wait for them (`Waiting`)."""
        return [error for error in self.errors if not isinstance(error, Waiting)]


def listing(label: str, names: Iterable[str], none: str) -> str:
    """What follows a name that does not exist: `; có: a, b`, or for an empty list what stands in its place
    (`; chưa có chương trình nào`), never `; có: `."""
    names = list(names)
    return f"; {label}: {', '.join(names)}" if names else f"; {none}"


NO_PROGRAMMES = "chưa có chương trình nào"


def unknown_programme(name: str, programmes: Iterable[str]) -> str:
    """The one message for a `programme:` that names none (a bulletin's, an editor's page's)."""
    known = list(programmes)
    return (f"không có chương trình '{name}' trong data/programmes/" + suggestion(name, known)
            + listing("có", known, NO_PROGRAMMES))
NO_CATEGORIES = "chưa có chuyên mục nào"


def shown_path(path: Path, root: Path) -> str:
    """A file as editors name it in messages: `data/programmes/cds.yml`, relative to the project."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
