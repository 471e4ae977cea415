"""Symbolic links in docs/ and data/ never publish anything from outside."""
import os

from bantin.common.safe_files import unsafe_links


def test_links_leaving_the_folder_broken_or_to_folders(tmp_path):
    project = tmp_path / "p"
    docs = project / "docs"
    (docs / "assets").mkdir(parents=True)
    (project / ".bantin-state").mkdir()
    (project / ".bantin-state/visitors.json").write_text("{}")
    (tmp_path / "secret.txt").write_text("bí mật")
    (docs / "assets/anh.svg").write_text("<svg/>")
    os.symlink(tmp_path / "secret.txt", docs / "assets/s.txt")
    os.symlink("../../.bantin-state/visitors.json", docs / "assets/v.json")
    os.symlink("/nonexistent/file", docs / "assets/broken.txt")
    os.symlink(tmp_path, docs / "thu-muc")
    os.symlink("anh.svg", docs / "assets/cung-thu-muc.svg")  # stays inside docs/: allowed
    messages = [str(e) for e in unsafe_links(docs, project)]
    outside = ("liên kết (symlink) trỏ ra ngoài thư mục docs/: tệp ngoài docs/ không bao giờ được đăng lên trang; "
               "hãy chép tệp cần đăng vào docs/")
    assert messages == [
        "docs/assets/broken.txt: liên kết (symlink) trỏ tới tệp không tồn tại; hãy xóa liên kết hoặc chép tệp thật vào",
        f"docs/assets/s.txt: {outside}",
        f"docs/assets/v.json: {outside}",
        "docs/thu-muc: liên kết (symlink) tới thư mục không được dùng; hãy chép thư mục thật vào docs/",
    ]
