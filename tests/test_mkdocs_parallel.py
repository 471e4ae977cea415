"""hooks/mkdocs_parallel.py: second processes convert the last bulletins' Markdown and render the last pages."""
import logging
import os

import mkdocs_parallel
from sitebuild import REPO, build_env, copy_project, mkdocs_build, write_bulletins


def test_bulletins_converted_by_the_helper_are_published_and_its_warnings_count(tmp_path):
    count = mkdocs_parallel.MIN_PAGES + 20
    project = copy_project(tmp_path / "p")
    paths = write_bulletins(project, count)
    last = paths[-1]  # the helper's (it takes the last ones)
    last.write_text(last.read_text(encoding="utf-8") + "\n## Kết quả\n\nXem [biểu mẫu](khong-co.md).\n",
                    encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 1
    helped = int((count + 1) * mkdocs_parallel.SHARE)  # of the generated bulletins and the demo's one
    assert f"INFO    -  Chuyển Markdown song song: {helped} bản tin ở một tiến trình phụ" in result.stderr
    assert (f"docs/tin-tuc/tao-san/ban-tin-{count:05d}.md:13: liên kết tới 'khong-co.md' nhưng không có tệp "
            "docs/tin-tuc/tao-san/khong-co.md") in result.stderr
    assert result.stderr.count("liên kết tới") == 1, "said once, by the build, not twice"

    last.write_text(last.read_text(encoding="utf-8").replace("[biểu mẫu](khong-co.md)", "biểu mẫu"),
                    encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / f"site/tin-tuc/ban-tin-{count:05d}/index.html").read_text(encoding="utf-8")
    assert f"<p>Nội dung bản tin thử số {count}: phường tiếp nhận và giải quyết hồ sơ đúng hạn.</p>" in html
    assert '<h2 id="ket-qua">Kết quả</h2>' in html


def _files(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_built_on_two_cores_is_the_site_built_in_one(tmp_path):
    """The Markdown helper and the renderer change nothing in what is published."""
    project = copy_project(tmp_path / "p")
    write_bulletins(project, mkdocs_parallel.MIN_PAGES + 20)
    both = mkdocs_build(project, tmp_path / "both", build_env(search=False))
    assert both.returncode == 0, both.stderr
    pages = len(list((tmp_path / "both").rglob("*.html"))) - 1  # less 404.html, rendered before them
    rendered = int(pages * mkdocs_parallel.RENDER_SHARE)
    assert f"INFO    -  Dựng trang song song: {rendered} trang ở một tiến trình phụ" in both.stderr
    assert "Page skipped" not in both.stderr and "WARNING" not in both.stderr
    one = mkdocs_build(project, tmp_path / "one", dict(build_env(search=False), BANTIN_ONE_PROCESS="1"))
    assert one.returncode == 0, one.stderr
    assert "song song" not in one.stderr
    built, alone = _files(tmp_path / "both"), _files(tmp_path / "one")
    assert sorted(built) == sorted(alone) and len(built) > pages
    assert [name for name in built if built[name] != alone[name]] == []


DYING_RENDERER = """
import os
import mkdocs_parallel

real = mkdocs_parallel._render


def dying(pages, build_page, prepare_child, out):  # killed at its 41st page, mid-write
    made = iter(range(len(pages)))

    def build(page):
        if next(made) == 40:
            os._exit(9)
        build_page(page)

    real(pages, build, prepare_child, out)


mkdocs_parallel._render = dying
"""


def test_pages_a_dead_renderer_did_not_make_are_rendered_here(tmp_path):
    project = copy_project(tmp_path / "p")
    write_bulletins(project, mkdocs_parallel.MIN_PAGES + 20)
    (tmp_path / "patch").mkdir()
    (tmp_path / "patch/sitecustomize.py").write_text(DYING_RENDERER, encoding="utf-8")
    env = dict(build_env(search=False), PYTHONPATH=os.pathsep.join([str(tmp_path / "patch"), str(REPO / "hooks")]))
    died = mkdocs_build(project, tmp_path / "died", env)
    assert died.returncode == 0, died.stderr
    assert "Dựng trang song song" in died.stderr and "Page skipped" not in died.stderr
    one = mkdocs_build(project, tmp_path / "one", dict(build_env(search=False), BANTIN_ONE_PROCESS="1"))
    assert one.returncode == 0, one.stderr
    built, alone = _files(tmp_path / "died"), _files(tmp_path / "one")
    assert sorted(built) == sorted(alone) and [name for name in built if built[name] != alone[name]] == []


def test_with_pagefind_indexing_during_the_build_the_second_core_is_left_to_it(tmp_path):
    project = copy_project(tmp_path / "p")
    write_bulletins(project, mkdocs_parallel.MIN_PAGES + 20)
    result = mkdocs_build(project, tmp_path / "site", build_env(search=True))
    assert result.returncode == 0, result.stderr
    assert "Chuyển Markdown song song" in result.stderr and "Dựng trang song song" not in result.stderr
    assert (tmp_path / "site/tin-tuc/ban-tin-00220/index.html").is_file()


class _Page:
    def __init__(self, uri, template=None):
        self.file = type("File", (), {"src_uri": uri})()
        self.meta = {} if template is None else {"template": template}


def test_a_page_the_renderer_could_not_make_is_rendered_here(tmp_path, monkeypatch):
    monkeypatch.setattr(mkdocs_parallel, "MIN_PAGES", 3)
    monkeypatch.delenv("BANTIN_ONE_PROCESS", raising=False)
    pages = [_Page(f"p{n}.md", "bai-viet.html" if n % 2 else None) for n in range(6)]

    def build_page(page):  # in the renderer: writes the page, fails one
        if page.file.src_uri == "p4.md":
            raise RuntimeError("hỏng")
        (tmp_path / page.file.src_uri).write_text(f"trang {page.file.src_uri}", encoding="utf-8")
        logging.getLogger("mkdocs.plugins.bantin").warning(f"cảnh báo {page.file.src_uri}")

    here = []
    renderer = mkdocs_parallel.Renderer.start(
        pages, build_page, lambda page: here.append(dict(page.meta)) or "made here", lambda: None)
    assert [renderer.owns(page) for page in pages] == [False, False, False, True, True, True]
    assert [page.meta.get("template") for page in pages] == [None, "bai-viet.html", None] + \
        [mkdocs_parallel.SKIP_TEMPLATE] * 3
    warned = []
    monkeypatch.setattr(mkdocs_parallel, "_replay", warned.extend)
    taken = [renderer.take(page) for page in pages[3:]]
    assert taken == ["", "made here", ""]
    assert here == [{}], "the page's own template back (none), for MkDocs' main.html"
    assert [message for _, _, message in warned] == ["cảnh báo p3.md", "cảnh báo p5.md"], "counted by --strict"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p3.md", "p5.md"]
    skipped = "Page skipped: '{}'. Generated empty output."
    assert not renderer.quiet.filter(logging.makeLogRecord({"msg": skipped.format("p5.md")}))
    assert renderer.quiet.filter(logging.makeLogRecord({"msg": skipped.format("p4.md")})), "rendered here"
    renderer.finish()
    assert renderer.reaped
    kills = []
    monkeypatch.setattr(mkdocs_parallel.os, "kill", lambda *args: kills.append(args))
    renderer.abort()
    assert kills == [], "after it ended, its pid may be another process's: nothing is signalled"
