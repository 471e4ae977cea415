"""What editors write in pages' front matter: impossible dates, `report:` where it means nothing, the page
extensions the build knows. `make check` and the build say the same, with file and line."""
import subprocess
import sys

from conftest import REPO
from sitebuild import build_env, copy_project, mkdocs_build


def check(project):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                          text=True, env={**build_env(), "PYTHONPATH": str(REPO / "hooks")}, timeout=300)


def both(project, tmp_path) -> list[list[str]]:
    """The error lines of `make check` and of the build; each fails, without a traceback."""
    outputs = []
    for result in (check(project), mkdocs_build(project, tmp_path / "site", build_env(), timeout=300)):
        assert result.returncode == 1, result.stderr[-3000:]
        assert "Traceback" not in result.stderr
        outputs.append([line.strip() for line in result.stderr.splitlines() if line.startswith("  docs/")])
    assert not (tmp_path / "site").exists()
    return outputs


def write(project, name, *lines):
    path = project / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


BULLETIN_HEAD = ("---", "title: Tin thử", "date: 2025-12-01 08:00", "category: chuyen-doi-so")


def test_impossible_dates_in_pages_and_bulletins(tmp_path):
    project = copy_project(tmp_path / "p")
    write(project, "trang-a.md", "---", "title: Trang A", "date: 2025-02-30", "---", "", "Nội dung.")
    write(project, "trang-b.md", "---", "title: Trang B", "date: 2025-11-31 25:00", "---", "", "Nội dung.")
    write(project, "trang-c.md", "---", "title: Trang C", "lich:", "  - {ngay: 2025-13-01}", "---", "", "Nội dung.")
    write(project, "trang-d.md", "---", "title: Trang D", "date: 2025-02-28 08:00", "---", "", "Nội dung.")
    write(project, "tin-tuc/thu.md", "---", "title: Tin thử", "date: 2025-13-01 08:00", "category: chuyen-doi-so",
          "image_credit: 2025-02-30", "updated: 2025-11-31 25:00", "---", "", "Nội dung.")
    expected = [
        "docs/tin-tuc/thu.md:3: date: ngày đăng '2025-13-01 08:00' không tồn tại",
        "docs/tin-tuc/thu.md:5: image_credit: cần chữ, nhưng YAML hiểu đây là ngày '2025-02-30'; nếu đúng là "
        "chữ, đặt trong ngoặc kép: \"2025-02-30\"",
        "docs/tin-tuc/thu.md:6: updated: ngày đăng '2025-11-31 25:00' không tồn tại",
        "docs/trang-a.md:3: date: ngày đăng '2025-02-30' không tồn tại",
        "docs/trang-b.md:3: date: ngày đăng '2025-11-31 25:00' không tồn tại",
        "docs/trang-c.md:4: lich: ngày 2025-13-01 không tồn tại; hãy kiểm tra lại ngày và tháng",
    ]
    for lines in both(project, tmp_path):
        assert lines == expected
