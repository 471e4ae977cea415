"""hooks/mkdocs_markdown.py: one Markdown converter per build renders every page as MkDocs' own
`Page.render` (a new converter per page) does: the same HTML, title, table of contents and anchors."""
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from mkdocs_markdown import Converter
from sitebuild import assemble

# What editors write that keeps state inside a converter: headings (toc ids, with a repeated one),
# reference links, footnote-like text, raw HTML with ids, tables, admonitions, attribute lists.
EXTRA = {
    "a.md": "# Kết quả\n\n## Nhiệm vụ\n\n## Nhiệm vụ\n\nXem [báo cáo][bc] và [trang b](b.md#muc-2).\n\n"
            "[bc]: https://example.gov.vn/bc\n\n<div id=\"khoi\">HTML</div>\n\n| A | B |\n|---|---|\n| 1 | 2 |\n",
    "b.md": "Chưa có tiêu đề.\n\n## Mục 2 {#muc-2}\n\n!!! note \"Lưu ý\"\n    Nội dung *nghiêng*.\n\n"
            "Dùng lại [bc] không có định nghĩa ở trang này.\n",
    "c.md": "# Kết quả\n\n## Nhiệm vụ\n",
}


def _pages(config, tmp_path):
    files = get_files(config)
    config.plugins._current_plugin = "test"  # File.generated names its maker: set during a build
    for name, text in EXTRA.items():
        files.append(File.generated(config, f"thu/{name}", content=text))
    pages = [Page(None, file, config) for file in files.documentation_pages(inclusion=InclusionLevel.all)]  # the editors' guides too
    for page in pages:  # the text as MkDocs reads it (without the hooks, which need a build)
        page.markdown, page.meta = get_data(page.file.content_string)
    return pages, Files(list(files))


def _rendered(page):
    return (page.content, str(page.toc), page._title_from_render, page.present_anchor_ids,
            page.links_to_anchors)


def test_every_page_renders_as_with_mkdocs_own_converter(tmp_path):
    config = load_config(str(assemble(tmp_path / "p") / "mkdocs.yml"))
    ours, files = _pages(config, tmp_path)
    theirs, _ = _pages(config, tmp_path)
    converter = Converter(config)
    for page in ours:
        converter.attach(page)
        page.render(config, files)  # one converter, page after page
    for page in theirs:
        Page.render(page, config, files)
    assert len(ours) == 8  # the demo's 5 pages and the 3 above
    for mine, reference in zip(ours, theirs):
        assert _rendered(mine) == _rendered(reference), mine.file.src_uri
    by_name = {page.file.src_uri: page for page in ours}
    assert '<h2 id="nhiem-vu_1">Nhiệm vụ</h2>' in by_name["thu/a.md"].content
    assert '<h2 id="nhiem-vu">Nhiệm vụ</h2>' in by_name["thu/c.md"].content  # no id left from page a
    assert "[bc]" in by_name["thu/b.md"].content  # page a's reference is not page b's
