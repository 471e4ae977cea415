"""`make serve` re-renders only what a save changed (bantin.build.incremental), and shows the same site as a
full build would after any sequence of saves."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bantin.build.incremental import BulletinMemo, Memory, Plan, link_targets, remove_stale
from bantin.common.errors import DataError
from sitebuild import DEMO_PROGRAMME, REPO, build_env, bulletin_text, copy_project, small_project, write_bulletins

sys.path.insert(0, str(REPO / "bench"))
import preview as bench_preview  # noqa: E402

DRIVER = Path(__file__).with_name("preview_driver.py")
NEWS = "docs/tin-tuc/tao-san"
PROGRAMME = f"data/programmes/{DEMO_PROGRAMME}.yml"


# ---- the memory ---------------------------------------------------------------------------------------

def test_plan_renders_a_page_again_only_when_its_inputs_change(tmp_path):
    memory = Memory()
    first = Plan(memory, tmp_path)
    assert first.needs_rendering("a/index.html", ("a", 1)) is True
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text("x")
    first.outputs = {"a/index.html", "b/index.html"}
    assert first.commit() == []
    second = Plan(memory, tmp_path)
    assert second.needs_rendering("a/index.html", ("a", 1)) is False
    assert second.needs_rendering("a/index.html", ("a", 2)) is True
    second.outputs = {"a/index.html"}
    assert second.commit() == ["b/index.html"]  # the last build had it, this one has not
    assert (second.rendered, second.skipped) == (1, 1)


def test_a_missing_file_is_rendered_again_whatever_its_inputs(tmp_path):
    memory = Memory(written={"a/index.html": ("a",)})
    assert Plan(memory, tmp_path).needs_rendering("a/index.html", ("a",)) is True


def test_remove_stale_deletes_files_only(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old/index.html").write_text("x")
    remove_stale(tmp_path, ["old/index.html", "never/index.html"])
    assert not (tmp_path / "old/index.html").exists()


def test_bulletin_memo_reads_again_when_text_or_what_it_reads_changes():
    memo, reads = BulletinMemo(), []

    def read(into):
        reads.append(1)
        into.append(DataError("docs/tin-tuc/a.md", 3, "date", "sai ngày"))
        return None

    assert memo.read("a.md", "t1", ("docs", None), read) == (
        None, [DataError("docs/tin-tuc/a.md", 3, "date", "sai ngày")])
    found = memo.read("a.md", "t1", ("docs", None), read)
    assert len(reads) == 1 and found[1][0].message == "sai ngày"  # its mistakes are told again
    memo.read("a.md", "t2", ("docs", None), read)
    memo.read("a.md", "t2", ("docs", b"data"), read)
    assert len(reads) == 3
    memo.forget_except(set())
    assert memo.results == {}


# ---- a preview session, save after save ---------------------------------------------------------------

def _session(project: Path, site: Path, steps: list) -> list[dict]:
    steps_file = project.parent / "steps.json"
    steps_file.write_text(json.dumps(steps, ensure_ascii=False), encoding="utf-8")
    env = dict(build_env(search=False), PYTHONPATH=str(project / "hooks"))
    done = subprocess.run([sys.executable, str(DRIVER), str(project), str(site), str(steps_file)],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def _clean(project: Path, site: Path) -> None:
    env = dict(build_env(search=False), PYTHONPATH=str(project / "hooks"))
    done = subprocess.run([sys.executable, str(DRIVER), str(project), str(site), "-", "--clean"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]


def _tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8").replace("\xa0", " ")


def _data_edit(project: Path, value: int) -> dict:
    """The demo's `van-ban-chuyen-doi-so` indicator of the latest report set to `value` (the demo bulletin
    quotes it: "đã ban hành 36 văn bản")."""
    text = (project / PROGRAMME).read_text(encoding="utf-8")
    start, end = bench_preview.latest_report(text)
    changed = text[:start] + bench_preview.ACTUAL.sub(rf"\g<1>{value}", text[start:end], count=1) + text[end:]
    assert changed != text
    return {"write": PROGRAMME, "text": changed}


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview")
    project = copy_project(root / "p")
    write_bulletins(project, 30)
    site = root / "site"
    steps = [
        [],
        [],
        [{"append": f"{NEWS}/ban-tin-00005.md", "text": "\nĐoạn mới lưu thêm khi xem trước.\n"}],
        [{"replace": f"{NEWS}/ban-tin-00010.md", "old": "title: Bản tin thử số 10 về",
          "new": "title: Bản tin số mười, tiêu đề đã sửa, về"}],
        [_data_edit(project, 401)],
        [{"delete": f"{NEWS}/ban-tin-00020.md"}],
        [{"replace": f"{NEWS}/ban-tin-00003.md", "old": "date: 2025-11-01 03:00", "new": "date: 2025-13-01 03:00"}],
        [{"replace": f"{NEWS}/ban-tin-00003.md", "old": "date: 2025-13-01 03:00", "new": "date: 2025-11-01 03:00"}],
    ]
    builds = _session(project, site, steps)
    return project, site, builds


def test_first_build_renders_every_page_and_an_unchanged_save_none(session):
    _, _, builds = session
    total = builds[0]["rendered"]
    assert total > 60 and builds[0]["skipped"] == 0
    assert builds[1] == {"rendered": 0, "skipped": total, "errors": 0}


def test_a_bulletin_body_saved_renders_that_page_alone(session):
    _, site, builds = session
    assert builds[2]["rendered"] == 1
    assert "Đoạn mới lưu thêm khi xem trước." in _page(site, "tin-tuc/ban-tin-00005")


def test_a_title_saved_renders_the_pages_that_show_it(session):
    _, site, builds = session
    assert 1 < builds[3]["rendered"] < builds[0]["rendered"] / 2
    assert "Bản tin số mười, tiêu đề đã sửa" in _page(site, "tin-tuc/ban-tin-00009")  # its neighbour
    assert "Bản tin số mười, tiêu đề đã sửa" in _page(site, "tin-tuc/trang-2")  # the news list
    assert "Bản tin số mười, tiêu đề đã sửa" in _page(site, "the/cai-cach-hanh-chinh")


def test_a_data_save_renders_the_statistics_and_the_bulletin_quoting_them(session):
    project, site, builds = session
    assert 1 < builds[4]["rendered"] < 40
    assert "401 văn bản" in _page(site, f"thong-ke/{DEMO_PROGRAMME}")
    assert "401 văn bản" in _page(site, bench_preview.quoting_bulletin(project).strip("/"))


def test_a_deleted_bulletin_leaves_the_preview(session):
    _, site, _ = session
    assert not (site / "tin-tuc/ban-tin-00020/index.html").exists()
    assert "Bản tin thử số 20 về" not in _page(site, "tin-tuc")


def test_after_a_mistake_is_fixed_every_page_is_rendered_again(session):
    _, _, builds = session
    assert builds[6]["errors"] == 1 and builds[6]["rendered"] == 0  # every page shows the mistakes instead
    assert builds[7]["errors"] == 0 and builds[7]["skipped"] == 0


def test_the_preview_after_all_saves_is_the_site_a_full_build_makes(session, tmp_path):
    project, site, _ = session
    _clean(project, tmp_path / "full")
    preview, full = _tree(site), _tree(tmp_path / "full")
    assert sorted(preview) == sorted(full)
    assert [name for name in full if preview[name] != full[name]] == []


# ---- files a page does not render: pictures, documents, and links to them --------------------------------

def test_a_picture_replaced_by_an_older_file_is_shown_and_a_deleted_link_target_is_a_mistake(tmp_path):
    """MkDocs' dirty build copies a file only when it is newer than its copy; a page linking to a deleted
    file was not rendered again, so nothing said the link was broken (and `make build` then refused)."""
    project = small_project(tmp_path / "p", {
        "a.md": bulletin_text("Bản tin một", "2026-01-02 08:00",
                              "Xem ![sơ đồ](so-do.svg) và [kế hoạch](ke-hoach.pdf)."),
        "b.md": bulletin_text("Bản tin hai", "2026-01-03 08:00")})
    (project / "docs/tin-tuc/so-do.svg").write_text("<svg>cũ</svg>", encoding="utf-8")
    (project / "docs/tin-tuc/ke-hoach.pdf").write_bytes(b"%PDF-1.4\n")
    site = tmp_path / "site"
    older = 946684800  # 1/1/2000: a photo's own date, an unzipped copy
    builds = _session(project, site, [
        [],
        [{"write": "docs/tin-tuc/so-do.svg", "text": "<svg>mới</svg>", "mtime": older}],
        [{"delete": "docs/tin-tuc/ke-hoach.pdf"}],
    ])
    assert builds[1]["rendered"] == 0 and builds[1]["errors"] == 0
    assert builds[2]["errors"] == 1
    assert (site / "tin-tuc/so-do.svg").read_text(encoding="utf-8") == "<svg>mới</svg>"
    page = _page(site, "tin-tuc/a")
    assert ("<code>docs/tin-tuc/a.md:8</code> liên kết tới &#x27;ke-hoach.pdf&#x27; nhưng không có tệp "
            "docs/tin-tuc/ke-hoach.pdf") in page


def test_link_targets_are_the_files_a_page_names_resolved_from_its_folder():
    text = ("![a](anh/x.png) [b](../tai-lieu/k%E1%BA%BF.pdf#trang-2) [c](https://gov.vn/a.pdf) [d](/e.pdf) [f](#g)\n"
            '<img src="h.jpg"> <a href=\'i.docx?v=2\'>i</a>\n[ref]: <j.xlsx>\n')
    assert link_targets("tin-tuc/2026/a.md", text, frozenset({"tin-tuc/2026/h.jpg", "tin-tuc/tai-lieu/kế.pdf"})) == (
        ("tin-tuc/2026/anh/x.png", False), ("tin-tuc/2026/h.jpg", True), ("tin-tuc/2026/i.docx", False),
        ("tin-tuc/2026/j.xlsx", False), ("tin-tuc/tai-lieu/kế.pdf", True))


def test_the_preview_s_background_index_is_waited_for_and_nothing_after_it_runs(tmp_path):
    """make serve's stop removed the preview's folder while the search index was still writing in it."""
    import threading

    from bantin.build.incremental import Background

    started, done = threading.Event(), []

    def job(site_dir):
        started.set()
        threading.Event().wait(0.3)
        done.append(site_dir.name)

    background = Background(job, lambda error: done.append(error))
    background.request(tmp_path / "first")
    started.wait(5)
    background.request(tmp_path / "second")  # waiting behind the first: dropped by stop()
    background.stop()
    assert done == ["first"]
    assert background.thread is None
