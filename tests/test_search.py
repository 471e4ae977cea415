"""The search index: Pagefind run in parts (its memory) and joined into the index one run writes."""
import base64
import gzip
import itertools
import json
import shutil

import pytest

from bantin.output import pagefind_index, search
from sitebuild import build_env, copy_project, mkdocs_build, write_bulletins

WORDS = ("Đảng ủy phường Phước Tân triển khai chuyển đổi số hồ sơ điện tử toàn trình cải cách hành chính "
         "bảo đảm an toàn thông tin dữ liệu số hạ tầng kỹ thuật trung tâm điều hành đô thị thông minh năm 2025 "
         "người dân doanh nghiệp dịch vụ công trực tuyến mức độ toàn phần thanh toán không dùng tiền mặt").split()
# Words without diacritics: only these fill an index chunk (Pagefind 1.5.2 does not count variants' pages).
PLAIN = "internet wifi online email portal app zalo camera server backup cloud video live stream web".split()


def page(title: str, words: list[str], image: bool = False, lang: str = "vi") -> str:
    meta = ' data-pagefind-meta="image:/assets/a.svg"' if image else ""
    paragraphs = "".join(f"<p>{' '.join(words[i:i + 40])}</p>" for i in range(0, len(words), 40))
    return (f'<!doctype html><html lang="{lang}"><head><title>{title}</title></head><body><nav>Trang chủ</nav>'
            f'<main data-pagefind-body{meta}><h1>{title}</h1>{paragraphs}</main></body></html>')


def write_site(folder, count: int, **kinds) -> None:
    """`count` bulletins of 500 words each (varied, most with diacritics), every third with an image (a meta
    field), and a list page that only mentions data-pagefind-body."""
    for n in range(count):
        words = [WORDS[(n * 7 + i * (n % 5 + 1)) % len(WORDS)] for i in range(300)] + [f"so{n}", f"mã-{n * 13}"]
        words += [PLAIN[(n + i * (n % 3 + 1)) % len(PLAIN)] for i in range(200)]
        path = folder / "tin-tuc" / f"ban-tin-{n:04d}" / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(f"Bản tin số {n} về chuyển đổi số", words, image=n % 3 == 0, **kinds), encoding="utf-8")
    lists = folder / "luu-tru"
    lists.mkdir(parents=True, exist_ok=True)
    (lists / "index.html").write_text('<html lang="vi"><body><p>Lưu trữ: data-pagefind-body là gì</p></body></html>',
                                      encoding="utf-8")


def content(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def files_of(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): content(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def index_both(site, part_pages):
    """The index in parts of `part_pages` and in one run, of copies of `site`."""
    results = []
    for name, size in (("parts", part_pages), ("whole", 10**9)):
        copy = site.parent / f"{site.name}-{name}"
        shutil.copytree(site, copy)
        search.index_site(copy, size)
        results.append(files_of(copy / "pagefind"))
    return results


def test_parts_join_into_the_index_one_run_writes(tmp_path, monkeypatch):
    """120 bulletins in parts of 25: several index chunks, words in every part, a meta field some parts lack."""
    site = tmp_path / "site"
    write_site(site, 120)
    joined = []

    class Recording(pagefind_index.Joiner):
        def finish(self):
            joined.append([part.fields for part in self.parts])
            return super().finish()

    monkeypatch.setattr(search, "Joiner", Recording)
    parts, whole = index_both(site, 25)
    assert parts == whole  # the same names, and the same bytes once decompressed
    entry = json.loads(whole["pagefind-entry.json"])
    assert entry["languages"]["vi"]["page_count"] == 120, "the list page is not indexed"
    assert len([name for name in whole if name.startswith("index/")]) > 1
    assert len(joined[0]) == 5 and len({tuple(fields) for fields in joined[0]}) == 1
    assert joined[0][0] == ["image", "title"]


def test_a_part_without_a_meta_field_gets_its_field_numbers_moved(tmp_path):
    site = tmp_path / "site"
    write_site(site, 9)
    for n in range(1, 9):  # only the first bulletin has an image: the other parts lack the field
        path = site / "tin-tuc" / f"ban-tin-{n:04d}" / "index.html"
        path.write_text(path.read_text(encoding="utf-8").replace(' data-pagefind-meta="image:/assets/a.svg"', ""),
                        encoding="utf-8")
    parts, whole = index_both(site, 2)
    assert parts == whole


def test_parts_in_two_languages_are_indexed_in_one_run(tmp_path, caplog):
    site = tmp_path / "site"
    write_site(site, 4)
    write_site(site / "en", 4, lang="en")
    with caplog.at_level("WARNING", logger="bantin"):
        parts, whole = index_both(site, 2)
    assert [r.getMessage().split(" (")[0] for r in caplog.records] == [
        "Chỉ mục tìm kiếm: không ghép được các phần"], "the fallback is said"
    entries = [json.loads(files.pop("pagefind-entry.json")) for files in (parts, whole)]
    assert parts == whole
    assert entries[0] == entries[1], "Pagefind writes its languages in no fixed order"
    assert set(entries[0]["languages"]) == {"vi", "en"}


def test_the_demo_site_in_parts(tmp_path):
    project = copy_project(tmp_path / "p")
    write_bulletins(project, 5)
    result = mkdocs_build(project, tmp_path / "site", build_env(search=False))
    assert result.returncode == 0, result.stderr
    pages, one_run = search.pages_to_index(tmp_path / "site")
    assert not one_run and len(pages) == 5 + 3  # the bulletins, the demo's, Giới thiệu, Liên hệ: no list page
    assert all(page.startswith(("tin-tuc/", "gioi-thieu/", "lien-he/")) for page in pages), pages
    parts, whole = index_both(tmp_path / "site", 2)
    assert parts == whole


def test_only_marked_pages_are_sent(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<html><body><DIV class="x" DATA-PAGEFIND-BODY>a</DIV></body></html>')
    (tmp_path / "b.html").write_text('<html><body><code>data-pagefind-body</code></body></html>')
    (tmp_path / "c.html").write_text('<html><body><main\ndata-pagefind-body="">c</main></body></html>')
    (tmp_path / "d.htm").write_text('<html><body data-pagefind-body>d</body></html>')
    assert search.pages_to_index(tmp_path) == (["a/index.html", "c.html"], False)
    (tmp_path / "f.html").write_text('<html><body><main data-pagefind-body><code>data-pagefind-filter</code> '
                                     'và data-pagefind-sort là gì</main></body></html>')
    assert search.pages_to_index(tmp_path) == (["a/index.html", "c.html", "f.html"], False), "words, not attributes"
    (tmp_path / "f.html").unlink()
    (tmp_path / "e.html").write_text('<html><body><p data-pagefind-filter="loai:tin">e</p></body></html>')
    assert search.pages_to_index(tmp_path)[1] is True
    for marked in ("a/index.html", "c.html", "d.htm", "e.html"):
        (tmp_path / marked).unlink()
    assert search.pages_to_index(tmp_path) == (["b.html"], False), "no page marked: Pagefind indexes them all"


def test_a_short_name_taken_by_an_earlier_part_is_lengthened(monkeypatch):
    joiner = pagefind_index.Joiner()
    monkeypatch.setattr(pagefind_index, "full_hash", lambda data: "abcdef0123" + data.decode())
    packed = pagefind_index.pack(b"9")
    assert joiner._fragment_name("vi_abcdef0", packed, "vi") == "vi_abcdef0"
    assert joiner._fragment_name("vi_abcdef0", packed, "vi") == "vi_abcdef01"   # as Pagefind: one more character
    assert joiner._fragment_name("vi_abcdef01", packed, "vi") == "vi_abcdef012"


def test_pagefind_failing_fails_with_a_vietnamese_message(tmp_path, monkeypatch):
    write_site(tmp_path / "site", 2)
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'thread main panicked: out of memory' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr("pagefind.service.get_executable", lambda: fake)
    with pytest.raises(search.SearchIndexError) as caught:
        search.index_site(tmp_path / "site")
    assert str(caught.value) == ("Pagefind không tạo được chỉ mục tìm kiếm: pagefind dừng (mã 3): "
                                 "thread main panicked: out of memory")
    assert not (tmp_path / "site/pagefind").exists()


def test_pagefind_answering_an_error_fails_the_index(tmp_path, monkeypatch):
    write_site(tmp_path / "site", 2)
    fake = tmp_path / "pagefind"
    answer = base64.b64encode(json.dumps({"message_id": 1, "payload": {"type": "Error", "message": "hãng"}}).encode())
    fake.write_text(f"#!/bin/sh\nprintf '{answer.decode()},'\nexec sleep 5\n")
    fake.chmod(0o755)
    monkeypatch.setattr("pagefind.service.get_executable", lambda: fake)
    with pytest.raises(search.SearchIndexError, match="^Pagefind không tạo được chỉ mục tìm kiếm: hãng$"):
        search.index_site(tmp_path / "site")


def test_a_full_disk_fails_with_a_vietnamese_message(tmp_path, monkeypatch):
    write_site(tmp_path / "site", 2)

    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(tmp_path), "write_bytes", full)
    with pytest.raises(search.SearchIndexError, match="^không ghi được chỉ mục tìm kiếm: hết chỗ trên đĩa$"):
        search.index_site(tmp_path / "site")


def test_each_pagefind_process_holds_one_part(tmp_path, monkeypatch):
    """Parts run one Pagefind each, at most PARALLEL at once, each ended before its part is joined."""
    write_site(tmp_path / "site", 10)
    started = []
    real = search._Service.__init__

    def spy(self, cwd):
        real(self, cwd)
        started.append(self.process)

    monkeypatch.setattr(search._Service, "__init__", spy)
    search.index_site(tmp_path / "site", 3)
    assert len(started) == 4 and all(process.poll() is not None for process in started)


def stream(site, part_pages, order=sorted):
    """`site`'s pages given to a LiveIndex as a build gives them (path, HTML), in `order`."""
    live = search.LiveIndex(site, part_pages)
    for path in order(p.relative_to(site).as_posix() for p in site.rglob("*.html")):
        live.add(path, (site / path).read_text(encoding="utf-8"))
    return live


def whole_index(site):
    copy = site.parent / f"{site.name}-whole"
    shutil.copytree(site, copy)
    search.index_site(copy, 10**9)
    return files_of(copy / "pagefind")


def test_pages_indexed_while_the_build_renders_them_make_the_one_run_index(tmp_path, monkeypatch):
    """120 bulletins streamed in parts of 25 (5 Pagefind processes, at most 2 at once) while "rendered"."""
    site = tmp_path / "site"
    write_site(site, 120)
    expected = whole_index(site)
    walked = []
    monkeypatch.setattr(search, "index_site", lambda *args: walked.append(args))
    live = stream(site, 25)
    assert [part.count for part in live.parts] == [25, 25, 25, 25, 20]  # the list page is not sent
    live.finish()
    assert walked == [], "nothing was indexed after the build"
    assert files_of(site / "pagefind") == expected
    assert [part.read is not None for part in live.joiner.parts] == [True] * 4 + [False], "read while indexing"


def test_parts_read_ahead_are_read_again_when_a_later_part_brings_a_meta_field(tmp_path):
    site = tmp_path / "site"
    write_site(site, 9)
    for n in range(8):  # only the last bulletin has an image: the field comes with the last part
        path = site / "tin-tuc" / f"ban-tin-{n:04d}" / "index.html"
        path.write_text(path.read_text(encoding="utf-8").replace(' data-pagefind-meta="image:/assets/a.svg"', ""),
                        encoding="utf-8")
    expected = whole_index(site)
    live = stream(site, 2)
    live.finish()
    assert [part.read[0] for part in live.joiner.parts[:-1]] == [["title"]] * 4
    assert files_of(site / "pagefind") == expected


def test_each_part_writes_its_pages_files_once_pagefind_is_done_with_it(tmp_path):
    """The end of the build does not wait for a thousand small files: only the word index is left."""
    site = tmp_path / "site"
    write_site(site, 30)
    live = stream(site, 10)
    for part in live.parts[:-1]:
        part.thread.join()
    fragments = list((site / "pagefind/fragment").iterdir())
    assert len(fragments) == 20 and not (site / "pagefind/index").exists()
    assert (site / "pagefind/pagefind-ui.js").is_file() and not (site / "pagefind/pagefind-entry.json").exists()
    live.finish()
    assert len(list((site / "pagefind/fragment").iterdir())) == 30
    assert json.loads((site / "pagefind/pagefind-entry.json").read_bytes())["languages"]["vi"]["page_count"] == 30


def test_a_full_disk_while_a_part_is_written_fails_with_a_vietnamese_message(tmp_path, monkeypatch):
    write_site(tmp_path / "site", 12)

    def full(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(type(tmp_path), "write_bytes", full)
    live = stream(tmp_path / "site", 5)
    with pytest.raises(search.SearchIndexError) as caught:
        live.finish()
    assert str(caught.value) == "không ghi được chỉ mục tìm kiếm: hết chỗ trên đĩa"


def test_a_part_that_fails_keeps_the_parts_after_it_out_of_the_index(tmp_path, monkeypatch):
    write_site(tmp_path / "site", 40)
    real = search._index_pages

    def second_part_fails(site_dir, pages):
        pages = iter(pages)
        first = next(pages)
        if first[0] == "tin-tuc/ban-tin-0010/index.html":
            for _ in pages:
                pass
            raise search._Failed("pagefind dừng (mã 3)")
        return real(site_dir, itertools.chain([first], pages))

    monkeypatch.setattr(search, "_index_pages", second_part_fails)
    live = stream(tmp_path / "site", 10)
    with pytest.raises(search.SearchIndexError,
                       match=r"^Pagefind không tạo được chỉ mục tìm kiếm: pagefind dừng \(mã 3\)$"):
        live.finish()
    assert len(live.joiner.parts) == 1, "neither the third part nor the fourth is joined after the first"


def test_after_abort_no_part_writes_into_the_folder_being_deleted(tmp_path, monkeypatch):
    import threading
    import time

    write_site(tmp_path / "site", 12)
    real, writing = search._write, threading.Event()

    def slow(site_dir, files):
        writing.set()
        time.sleep(0.5)
        real(site_dir, files)

    monkeypatch.setattr(search, "_write", slow)
    live = stream(tmp_path / "site", 5)
    live._end_part()
    assert writing.wait(30)
    live.abort()  # returns once the part writing now is done
    shutil.rmtree(tmp_path / "site")
    for part in live.parts:
        part.thread.join(30)
    assert not (tmp_path / "site").exists()


def test_pages_out_of_order_are_indexed_after_the_build(tmp_path, caplog):
    site = tmp_path / "site"
    write_site(site, 12)
    expected = whole_index(site)
    with caplog.at_level("INFO", logger="bantin"):
        live = stream(site, 5, order=lambda paths: sorted(paths, reverse=True))
    assert live.streaming is False
    assert [r.getMessage() for r in caplog.records] == [
        "Chỉ mục tìm kiếm: trang tin-tuc/ban-tin-0010/index.html đến sau trang tin-tuc/ban-tin-0011/index.html, "
        "không theo thứ tự đường dẫn; lập chỉ mục sau khi dựng xong cả trang"]
    live.finish()
    assert files_of(site / "pagefind") == expected


def test_a_page_with_a_filter_is_indexed_after_the_build(tmp_path, caplog):
    site = tmp_path / "site"
    write_site(site, 6)
    path = site / "tin-tuc/ban-tin-0003/index.html"
    path.write_text(path.read_text(encoding="utf-8").replace("<h1>", '<h1 data-pagefind-filter="loai">'),
                    encoding="utf-8")
    expected = whole_index(site)
    with caplog.at_level("INFO", logger="bantin"):
        live = stream(site, 2)
        assert live.streaming is False
        live.finish()
    assert [r.getMessage() for r in caplog.records] == [
        "Chỉ mục tìm kiếm: trang tin-tuc/ban-tin-0003/index.html có bộ lọc hay cách sắp xếp riêng "
        "(data-pagefind-filter, data-pagefind-sort), mà các phần của chỉ mục không ghép được; lập chỉ mục sau khi "
        "dựng xong cả trang",
        "Chỉ mục tìm kiếm: có trang có bộ lọc hay cách sắp xếp riêng; lập chỉ mục một lần cho cả trang (cần nhiều bộ "
        "nhớ hơn)"]
    assert files_of(site / "pagefind") == expected


def test_pagefind_failing_while_the_build_renders_fails_after_it(tmp_path, monkeypatch):
    """A Pagefind that dies does not stop the build midway (its pages are read and dropped: a queue the
    build waits on never fills), and the build then fails with its message."""
    write_site(tmp_path / "site", 30)
    fake = tmp_path / "pagefind"
    fake.write_text("#!/bin/sh\necho 'thread main panicked: out of memory' >&2\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setattr("pagefind.service.get_executable", lambda: fake)
    monkeypatch.setattr(search, "QUEUED", 2)
    live = stream(tmp_path / "site", 10)
    assert len(live.parts) == 3
    with pytest.raises(search.SearchIndexError) as caught:
        live.finish()
    assert str(caught.value) == ("Pagefind không tạo được chỉ mục tìm kiếm: pagefind dừng (mã 3): "
                                 "thread main panicked: out of memory")
    assert not (tmp_path / "site/pagefind").exists()


def test_the_build_indexes_its_pages_as_pagefind_over_the_built_site(tmp_path):
    project = copy_project(tmp_path / "p")
    write_bulletins(project, 5)
    for name in (".nhap.html", "cong-khai.html"):  # an editor's own HTML: a dot-file is not published
        (project / "docs" / name).write_text(f'<html lang="vi"><body><main data-pagefind-body>{name} mật khẩu'
                                             '</main></body></html>', encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", build_env(search=True))
    assert result.returncode == 0, result.stderr
    built = files_of(tmp_path / "site/pagefind")
    shutil.copytree(tmp_path / "site", tmp_path / "again", ignore=shutil.ignore_patterns("pagefind"))
    search.index_site(tmp_path / "again")
    assert built == files_of(tmp_path / "again/pagefind")
    assert json.loads(built["pagefind-entry.json"])["languages"]["vi"]["page_count"] == 5 + 3 + 1
    assert not (tmp_path / "site/.nhap.html").exists() and (tmp_path / "site/cong-khai.html").is_file()


def test_pagefind_is_sent_the_head_and_the_marked_article():
    html = ('<!doctype html><html lang="vi"><head><title>Tin</title></head><body><header><img src="logo.svg" alt="">'
            '</header><!--search--><article data-pagefind-body><h1>Tin</h1><p>Nội dung <!--/search--> thật</p>'
            '</article><!--/search--><aside><img src="banner.svg" alt="Băng rôn"></aside></body></html>')
    assert search.searched(html) == ('<!doctype html><html lang="vi"><head><title>Tin</title></head><body>'
                                     '<article data-pagefind-body><h1>Tin</h1><p>Nội dung <!--/search--> thật</p>'
                                     '</article></body></html>')
    for whole in (html.replace("<!--search-->", ""), html.replace("<!--/search-->", ""),
                  html.replace("</head>", ""), '<html><head></head><body><!--/search--><p>x</p><!--search--></body>'):
        assert search.searched(whole) == whole, "without both comments in place, the page is sent whole"


def _fragments(folder) -> dict[str, dict]:
    found = {}
    for name, data in files_of(folder).items():
        if name.startswith("fragment/"):
            fragment = json.loads(data.removeprefix(pagefind_index.PREFIX))
            found[fragment["url"]] = fragment
    return found


def test_the_built_index_holds_each_page_as_pagefind_reads_it_whole_without_the_sidebar_banner(tmp_path):
    project = copy_project(tmp_path / "p")
    write_bulletins(project, 3)
    result = mkdocs_build(project, tmp_path / "site", build_env(search=True))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages, _ = search.pages_to_index(site)
    whole = site.parent / "whole"
    whole.mkdir()
    files = search._index_pages(site, [(page, (site / page).read_text(encoding="utf-8")) for page in pages])
    for name, data in files.items():
        (whole / name).parent.mkdir(parents=True, exist_ok=True)
        (whole / name).write_bytes(data)
    sent, read_whole = _fragments(site / "pagefind"), _fragments(whole)
    assert sorted(sent) == sorted(read_whole) and len(sent) == 3 + 3
    banner = "assets/banners/"
    for url, fragment in sent.items():
        expected = dict(read_whole[url], meta=dict(read_whole[url]["meta"]))
        if banner in expected["meta"].get("image", ""):  # the sidebar's, not the page's
            del expected["meta"]["image"], expected["meta"]["image_alt"]
        assert fragment == expected, url
    with_image = next(meta for meta in (f["meta"] for f in sent.values()) if meta["title"].startswith("Ban Chỉ đạo"))
    assert (with_image["image"], with_image["image_alt"]) == ("../../assets/anh/toan-canh-hoi-nghi.svg",
                                                              "Toàn cảnh Hội nghị"), "its own image, kept"
    assert sent["/tin-tuc/ban-tin-00001/"]["meta"] == {"title": "Bản tin thử số 1 về cải cách hành chính"}
    assert read_whole["/tin-tuc/ban-tin-00001/"]["meta"]["image"].startswith("../../" + banner), "the fix"
