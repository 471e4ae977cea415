"""What the sections of Nghị định 42/2022 read from data/: văn bản (`van-ban.yml`), thủ tục hành chính
(`thu-tuc.yml`), hỏi đáp (`hoi-dap.yml`). Each file is optional; a section without one has no page and no menu
item. Keys, labels and hints come from their declarations (bantin.schema.sections_documents)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

import yaml

from ..common.errors import DataError, shown_path
from ..common.yamlsource import compose
from ..schema.fields import Errors
from .documents import Document, DocumentList, Filter, filters, lists, read_documents
from .procedures import Channels, Procedure, Question, read_procedures, read_questions

DOCUMENTS_FILE, PROCEDURES_FILE, QUESTIONS_FILE = "van-ban.yml", "thu-tuc.yml", "hoi-dap.yml"


class Sampled(Protocol):
    """A document, procedure or question: it may be marked `minh_hoa: true` (bantin.common.sample)."""

    @property
    def sample(self) -> bool: ...


@dataclass(frozen=True)
class Publications:
    documents: tuple[Document, ...] = ()    # newest first
    procedures: tuple[Procedure, ...] = ()  # in the file's order
    questions: tuple[Question, ...] = ()    # newest first
    channels: Channels = field(default_factory=Channels)
    sample_sources: tuple[str, ...] = ()     # the files with an item marked `minh_hoa: true`

    @cached_property
    def budget(self) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.budget)

    @cached_property
    def lists(self) -> dict[str, DocumentList]:
        """The list of documents and its filter pages, by address (made once per build, read by each)."""
        return lists(self.documents) if self.documents else {}

    @cached_property
    def filters(self) -> list[tuple[str, list[Filter]]]:
        return filters(self.lists)

    @cached_property
    def by_slug(self) -> dict[str, Document]:
        return {d.slug: d for d in self.documents}


def load_publications(data_dir: Path, root: Path, errors: list[DataError]) -> Publications:
    """The three files, each mistake added to `errors`. PDFs are looked for in the project's docs/."""
    read: dict[str, tuple[yaml.Node, Errors]] = {}
    for name in (DOCUMENTS_FILE, PROCEDURES_FILE, QUESTIONS_FILE):
        path = data_dir / name
        if path.is_file():
            shown = shown_path(path, root)
            node = _compose(path, shown, errors)
            if node is not None:
                read[name] = (node, Errors(shown, errors))
    documents = read_documents(*read[DOCUMENTS_FILE], root / "docs") if DOCUMENTS_FILE in read else ()
    procedures = read_procedures(*read[PROCEDURES_FILE]) if PROCEDURES_FILE in read else ()
    questions, channels = read_questions(*read[QUESTIONS_FILE]) if QUESTIONS_FILE in read else ((), Channels())
    samples: tuple[tuple[str, tuple[Sampled, ...]], ...] = (
        (DOCUMENTS_FILE, documents), (PROCEDURES_FILE, procedures), (QUESTIONS_FILE, questions))
    return Publications(documents, procedures, questions, channels,
                        tuple(read[name][1].shown_as for name, items in samples if any(i.sample for i in items)))


def _compose(path: Path, shown: str, errors: list[DataError]) -> yaml.Node | None:
    try:
        node = compose(path, shown)
    except DataError as error:
        errors.append(error)
        return None
    if node is None:
        errors.append(DataError(shown, None, None, "tệp trống; hãy ghi nội dung hoặc xóa tệp"))
    return node
