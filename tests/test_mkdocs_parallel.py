"""hooks/mkdocs_parallel.py: a second process converts the last bulletins' Markdown during `make build`."""
import mkdocs_parallel
from sitebuild import build_env, copy_project, mkdocs_build, write_bulletins


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
    assert "contains a link 'khong-co.md', but the target 'tin-tuc/tao-san/khong-co.md' is not found" \
        in result.stderr
    assert result.stderr.count("is not found among") == 1, "said once, by the build, not twice"

    last.write_text(last.read_text(encoding="utf-8").replace("[biểu mẫu](khong-co.md)", "biểu mẫu"),
                    encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 0, result.stderr
    html = (tmp_path / f"site/tin-tuc/ban-tin-{count:05d}/index.html").read_text(encoding="utf-8")
    assert f"<p>Nội dung bản tin thử số {count}: phường tiếp nhận và giải quyết hồ sơ đúng hạn.</p>" in html
    assert '<h2 id="ket-qua">Kết quả</h2>' in html
