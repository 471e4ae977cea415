"""One build's data: loaded, validated and computed once, then read by every page."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from . import content, exports, vi
from .errors import DataError, DataErrors
from .loading import load_programmes
from .stats import ProgrammeStats, compute
from .templating import MarkdownRenderer
from .visits.store import load_aggregates
from .visits.summary import VisitFigures, figures


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the site's docs, POSIX
    text: str


@dataclass
class SiteData:
    programmes: dict[str, ProgrammeStats]
    warnings: list[DataError] = field(default_factory=list)
    visits: VisitFigures = field(default_factory=VisitFigures)

    @classmethod
    def load(cls, data_dir: Path, root: Path | None = None) -> "SiteData":
        """Raises DataErrors when any file is wrong: nothing broken is published."""
        warnings: list[DataError] = []
        programmes = load_programmes(data_dir, root, warnings)
        return cls(compute(programmes), warnings, _visit_figures(data_dir, root or data_dir.parent))

    @cached_property
    def visit_block(self) -> dict[str, str]:
        """The sidebar counter, formatted once per build."""
        f = self.visits
        return {"online": vi.number(f.online), "today": vi.number(f.today), "yesterday": vi.number(f.yesterday),
                "month": vi.number(f.month), "total": vi.number(f.total)}

    def page_views(self, path: str) -> str:
        return vi.number(self.visits.views_of(path))

    @cached_property
    def renderer(self) -> MarkdownRenderer:
        return MarkdownRenderer(self.programmes)

    def stats_pages(self) -> list[GeneratedFile]:
        """Markdown stubs; `overrides/thong-ke*.html` draws them from `stats_page_for`."""
        pages = [GeneratedFile("thong-ke/index.md", _front_matter("Thống kê", "thong-ke-index.html", "*"))]
        for programme in self.programmes.values():
            pages.append(GeneratedFile(f"thong-ke/{programme.id}.md",
                                       _front_matter(programme.title, "thong-ke.html", programme.id)))
        return pages

    def data_files(self) -> list[GeneratedFile]:
        files = []
        for programme in self.programmes.values():
            files.append(GeneratedFile(content.data_url(programme.id, "json"), exports.to_json(programme)))
            files.append(GeneratedFile(content.data_url(programme.id, "csv"), exports.to_csv(programme)))
        return files

    def stats_page_for(self, key: str) -> content.StatsPage | list[content.StatsPage] | None:
        """The view of one programme, or of all of them for the index (`*`)."""
        if key == "*":
            return [content.stats_page(p) for p in self.programmes.values()]
        programme = self.programmes.get(key)
        return content.stats_page(programme) if programme else None


def _visit_figures(data_dir: Path, root: Path) -> VisitFigures:
    path = data_dir / "visits.yml"
    try:
        return figures(load_aggregates(path))
    except (ValueError, TypeError, AttributeError, yaml.YAMLError) as error:
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        raise DataErrors([DataError(shown, None, None, f"tệp thống kê truy cập bị hỏng ({error})")]) from None


def _front_matter(title: str, template: str, key: str) -> str:
    # JSON strings are valid YAML scalars: titles with ':' stay safe.
    return (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ntemplate: {template}\n"
            f"thong_ke: {json.dumps(key)}\n---\n")
