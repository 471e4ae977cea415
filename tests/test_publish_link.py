"""`site/` as a symbolic link to the web root (`site -> /var/www/phuong`): the build publishes into the
link's target, atomically, and keeps the link; a link to nothing is refused, never replaced by a folder."""
import pytest

from bantin.output import publish
from sitebuild import DEMO_BULLETIN, build_env, copy_project, mkdocs_build

ARTICLE_SOURCE = f"docs/tin-tuc/{DEMO_BULLETIN}.md"


def test_publish_into_the_links_target(tmp_path):
    root = tmp_path / "www/phuong"
    root.mkdir(parents=True)
    (root / "a.html").write_text("cũ")
    (root / "cu.html").write_text("cũ")
    site = tmp_path / "site"
    site.symlink_to(root)
    staging = publish.staging_dir(site)
    assert staging.parent == tmp_path / "www", "staged beside the target: one file system, one rename"
    (staging / "a.html").write_text("mới")
    publish.publish(staging, site)
    assert site.is_symlink() and site.resolve() == root
    assert sorted(p.name for p in root.iterdir()) == ["a.html"]
    assert (root / "a.html").read_text() == "mới"
    assert sorted(p.name for p in (tmp_path / "www").iterdir()) == ["phuong"]


@pytest.mark.parametrize("target", ["khong-co", "tep.txt"])
def test_a_link_to_no_folder_is_refused(tmp_path, target):
    (tmp_path / "tep.txt").write_text("không phải thư mục")
    site = tmp_path / "site"
    site.symlink_to(tmp_path / target)
    with pytest.raises(publish.PublishError) as raised:
        publish.staging_dir(site)
    assert str(raised.value) == (f"{site} là liên kết tới {tmp_path / target}, nhưng không có thư mục đó; hãy tạo "
                                 f"thư mục {tmp_path / target} (hoặc sửa liên kết) rồi dựng lại; trang chưa được đăng")
    assert site.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["site", "tep.txt"]


def test_a_target_gone_during_the_build_is_refused(tmp_path):
    root = tmp_path / "www/phuong"
    root.mkdir(parents=True)
    site = tmp_path / "site"
    site.symlink_to(root)
    staging = publish.staging_dir(site)
    root.rmdir()
    with pytest.raises(publish.PublishError):
        publish.publish(staging, site)
    assert site.is_symlink() and not root.exists() and not staging.exists()


def test_builds_keep_updating_a_linked_web_root(tmp_path):
    """The first build replaced the link by a folder and said it succeeded; the web root never changed again."""
    project = copy_project(tmp_path / "p")
    root = tmp_path / "www/phuong"
    root.mkdir(parents=True)
    (root / "cu.html").write_text("trang cũ")
    site = tmp_path / "site"
    site.symlink_to(root)
    for title in ("Toàn cảnh Hội nghị tổng kết", "Toàn cảnh Hội nghị tổng kết năm 2025"):
        text = (project / ARTICLE_SOURCE).read_text(encoding="utf-8")
        (project / ARTICLE_SOURCE).write_text(text.replace("Toàn cảnh Hội nghị", title, 1), encoding="utf-8")
        result = mkdocs_build(project, site, build_env())
        assert result.returncode == 0, result.stderr
        assert site.is_symlink() and site.resolve() == root
        assert title in "".join(p.read_text(encoding="utf-8") for p in (root / "tin-tuc").rglob("index.html"))
    assert not (root / "cu.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p", "site", "www"]
    assert sorted(p.name for p in (tmp_path / "www").iterdir()) == ["phuong"]


def test_a_build_into_a_dangling_link_fails_and_creates_nothing(tmp_path):
    project = copy_project(tmp_path / "p")
    site = tmp_path / "site"
    site.symlink_to(tmp_path / "www/phuong")
    result = mkdocs_build(project, site, build_env())
    assert result.returncode == 1
    assert (f"{site} là liên kết tới {tmp_path / 'www/phuong'}, nhưng không có thư mục đó; hãy tạo thư mục "
            f"{tmp_path / 'www/phuong'} (hoặc sửa liên kết) rồi dựng lại; trang chưa được đăng") in result.stderr
    assert "Traceback" not in result.stderr
    assert site.is_symlink() and sorted(p.name for p in tmp_path.iterdir()) == ["p", "site"]
