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
    # the editors' guides too
    pages = [Page(None, file, config) for file in files.documentation_pages(inclusion=InclusionLevel.all)]
    for page in pages:  # the text as MkDocs reads it (without the hooks, which need a build)
        page.markdown, page.meta = get_data(page.file.content_string)
    return pages, Files(list(files))


def _rendered(page):
    # links to anchors are keyed by the linked page's File: each side has its own, compared by name
    return (page.content, str(page.toc), page._title_from_render, page.present_anchor_ids,
            {file.src_uri: anchors for file, anchors in page.links_to_anchors.items()})


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
    assert len(ours) == len(list((tmp_path / "p/docs").rglob("*.md"))) + 3  # the demo's pages, guides, the 3 above
    for mine, reference in zip(ours, theirs, strict=True):
        assert _rendered(mine) == _rendered(reference), mine.file.src_uri
    by_name = {page.file.src_uri: page for page in ours}
    assert '<h2 id="nhiem-vu_1">Nhiệm vụ</h2>' in by_name["thu/a.md"].content
    assert '<h2 id="nhiem-vu">Nhiệm vụ</h2>' in by_name["thu/c.md"].content  # no id left from page a
    assert "[bc]" in by_name["thu/b.md"].content  # page a's reference is not page b's


def test_links_find_their_brackets_as_python_markdown_does():
    """`linear_links` reuses the closing brackets it found: the same HTML as Python-Markdown's own patterns
    for links, images, references, nested, escaped and unclosed brackets."""
    import markdown

    from bantin.build.markdown_budget import linear_links
    text = ("Xem [a](x.pdf), [b [c] d](y.pdf \"t\"), ![ảnh](z.png), [e][r], [r], [f [g](h)](i), \\[j](k), "
            "[[l]](m), [n](o [p](q), [không đóng, ![x](y), [s] [t](u) [v][w] [x]\n\n"
            "[r]: https://e.vn/r\n[w]: https://e.vn/w\n")
    extensions = ["toc", "tables", "attr_list", "md_in_html", "admonition"]
    expected = markdown.Markdown(extensions=extensions).convert(text)
    assert linear_links(markdown.Markdown(extensions=extensions)).convert(text) == expected
    assert expected.count("<a ") == 9 and expected.count("<img ") == 2


# Shapes Python-Markdown converts in linear time (a 5 MB line: 0.5 s): built as they are
LINEAR_PAGES = {
    "sao": "Sao " + "*" * 100_000 + " hết",
    "nhan-manh": "**đậm " * 20_000 + "\n\n" + "_nghiêng_ " * 10_000,
    "dong-dai": "Dòng rất dài " * 400_000,
    "trich-dan": "".join(">" * depth + " Trích dẫn\n" for depth in range(1, 40)),
}


def test_a_paragraph_of_thousands_of_links_builds(tmp_path):
    """One paragraph of 2,000 links (a pasted list of documents) took 49 s of CPU, 5,000 links many minutes:
    built here, with other long or dense pages, in a child that must finish within two minutes."""
    import subprocess
    import sys

    from sitebuild import build_env, copy_project
    project = copy_project(tmp_path / "p")
    for count in (2000, 5000):
        links = ", ".join(f"[Văn bản số {i}](https://example.gov.vn/van-ban/{i}.pdf)" for i in range(count))
        (project / "docs" / f"van-ban-{count}.md").write_text(f"# Văn bản\n\nCác văn bản: {links}.\n",
                                                              encoding="utf-8")
    for name, text in LINEAR_PAGES.items():
        (project / "docs" / f"{name}.md").write_text(f"# Trang {name}\n\n{text}\n", encoding="utf-8")
    site = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project,
                           capture_output=True, text=True, env=build_env(search=False), timeout=120)
    assert built.returncode == 0, built.stderr
    for count in (2000, 5000):
        html = (site / f"van-ban-{count}" / "index.html").read_text(encoding="utf-8")
        assert html.count('<a href="https://example.gov.vn/van-ban/') == count
        assert f'<a href="https://example.gov.vn/van-ban/{count - 1}.pdf">Văn bản số {count - 1}</a>' in html
    page = lambda name: (site / name / "index.html").read_text(encoding="utf-8")  # noqa: E731
    assert "<p>Sao " + "*" * 100_000 + " hết</p>" in page("sao")
    assert page("nhan-manh").count("<em>nghiêng</em>") == 10_000
    assert page("dong-dai").count("Dòng rất dài") == 400_000
    assert page("trich-dan").count("<blockquote>") == 39
