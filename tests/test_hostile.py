"""Editors' slips and hostile input, tried on a real build and on `make check`: each one is refused with a
Vietnamese message naming the file and line, nothing is run, nothing outside the project is published."""
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import REPO
from servers import chromium_browser
from sitebuild import DEMO_BULLETIN, DEMO_PROGRAMME, build_env, copy_project, mkdocs_build, write_bulletins

ARTICLE_SOURCE = f"docs/tin-tuc/{DEMO_BULLETIN}.md"
ARTICLE = "tin-tuc/ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai/index.html"
DATA_FILE = f"data/programmes/{DEMO_PROGRAMME}.yml"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(project):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                          text=True, env={**build_env(), "PYTHONPATH": str(REPO / "hooks")})


def build(project, site):
    return mkdocs_build(project, site, build_env())


def both(project, tmp_path):
    """`make check` and the build: each fails, with the same messages."""
    checked, built = check(project), build(project, tmp_path / "site")
    assert checked.returncode == 1 and built.returncode == 1
    assert "Traceback" not in checked.stderr + built.stderr
    return checked.stderr, built.stderr


REFUSED = "biểu thức bị từ chối: thuộc tính '{}' không được dùng trong trang"
PAYLOADS = {
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}": REFUSED.format("__init__"),
    "{{ ''.__class__.__mro__[1].__subclasses__() }}": REFUSED.format("__class__"),
    "{{ lipsum.__globals__['os'].popen('id').read() }}": "không có tên 'lipsum'",
    "{{ tom_tat.__globals__['os'].popen('id').read() }}": REFUSED.format("__globals__"),
}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_expressions_cannot_run_code(tmp_path, payload):
    project = copy_project(tmp_path / "p")
    edit(project / ARTICLE_SOURCE, "{{ programme.basis }}", payload)
    for output in both(project, tmp_path):
        assert f"{ARTICLE_SOURCE}:20: {PAYLOADS[payload]}" in output
        assert "uid=" not in output
    assert not (tmp_path / "site").exists()


def test_data_reaches_pages_escaped(tmp_path):
    project = copy_project(tmp_path / "p")
    edit(project / DATA_FILE, "title: Đề án chuyển đổi số trong các cơ quan Đảng",
         'title: "Đề án <img src=x onerror=alert(1)> [bấm](javascript:alert(1))"\n'
         'nguon: "<img src=x onerror=alert(2)> & TTXVN"')
    assert build(project, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / ARTICLE).read_text(encoding="utf-8")
    assert "<img src=x" not in html and 'href="javascript:' not in html
    assert "Sau một năm triển khai Đề án &lt;img src=x onerror=alert(1)&gt; &#91;bấm&#93;(javascript:alert(1))" in html
    stats = (tmp_path / "site" / f"thong-ke/{DEMO_PROGRAMME}/index.html").read_text(encoding="utf-8")
    # the source of the figures (`nguon:`), under the programme's title
    assert re.search(r'</h1>\s*<p class="bt-source">Nguồn: &lt;img src=x onerror=alert\(2\)&gt; &amp; TTXVN</p>', stats)
    assert "<img src=x" not in stats


def test_links_out_of_the_project_are_refused(tmp_path):
    project = copy_project(tmp_path / "p")
    (tmp_path / "shadow").write_text("root:BÍ-MẬT:19000::::::\n")
    (project / ".bantin-state").mkdir()
    (project / ".bantin-state/visitors.json").write_text('{"days": {"2025-12-30": {"key": "BÍ-MẬT-KHÓA"}}}')
    os.symlink(tmp_path / "shadow", project / "docs/assets/s.txt")
    os.symlink("../../.bantin-state/visitors.json", project / "docs/assets/v.json")
    os.symlink(tmp_path, project / "docs/thu-muc")
    outside = "liên kết (symlink) trỏ ra ngoài thư mục docs/"
    for output in both(project, tmp_path):
        assert f"docs/assets/s.txt: {outside}" in output
        assert f"docs/assets/v.json: {outside}" in output
        assert "docs/thu-muc: liên kết (symlink) tới thư mục không được dùng" in output
    assert not (tmp_path / "site").exists()


def test_json_ld_with_a_comment_opener_keeps_the_page_whole(tmp_path):
    """`<!--<script>` in a summary made the JSON-LD block swallow the article (Chromium showed no h1)."""
    project = copy_project(tmp_path / "p")
    edit(project / ARTICLE_SOURCE, "summary: Sáng 29/12,", "summary: <!--<script> Sáng 29/12,")
    edit(project / ARTICLE_SOURCE, "tags: [Chuyển đổi số,", "tags: [\"<!--<script>\", Chuyển đổi số,")
    assert build(project, tmp_path / "site").returncode == 0
    html = (tmp_path / "site" / ARTICLE).read_text(encoding="utf-8")
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in script and json.loads(script)["description"].startswith("<!--<script> Sáng 29/12,")
    with chromium_browser() as browser:
        page = browser.new_page()
        page.goto((tmp_path / "site" / ARTICLE).as_uri())
        assert page.locator("h1").inner_text().startswith("Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng")
        assert page.locator(".bt-lead").inner_text().startswith("<!--<script> Sáng 29/12,")
        assert page.locator("footer").count() == 1


def test_thirty_digit_figure(tmp_path):
    project = copy_project(tmp_path / "p")
    edit(project / DATA_FILE, "actual: 176907", "actual: 123456789012345678901234567890")
    for output in both(project, tmp_path):
        assert re.search(fr"data/programmes/{DEMO_PROGRAMME}.yml:\d+: indicators.actual: "
                         r"số 12345678901234567890… quá lớn \(tối đa 1.000.000.000.000.000\)", output)


def test_alias_bomb_in_a_page(tmp_path):
    """316 bytes of nested aliases in `description:` made a 34 MB page."""
    project = copy_project(tmp_path / "p")
    bomb = "".join(f"x{n}: &x{n} [" + ", ".join([f"*x{n - 1}"] * 9 if n else ['"ha"'] * 9) + "]\n" for n in range(6))
    (project / "docs/gioi-thieu.md").write_text(f"---\ntitle: Giới thiệu\n{bomb}description: *x5\n---\n\nNội dung.\n",
                                                encoding="utf-8")
    for output in both(project, tmp_path):
        assert ("docs/gioi-thieu.md:3: bí danh YAML (*tên) lặp lại quá nhiều lần; hãy viết giá trị ra, "
                "không dùng & và *") in output


@pytest.mark.parametrize("line, message", [
    ("bantin_kind: danh-sach", "docs/gioi-thieu.md:3: bantin_kind: trường này chỉ dùng cho trang do bantin tự tạo; "
                               "hãy xóa dòng này"),
    ("template: khong-co.html", "docs/gioi-thieu.md:3: template: không có mẫu trang 'khong-co.html' cho trang "
                                "biên tập; dùng: main.html, trang-chu.html"),
])
def test_page_keys_only_bantin_may_use(tmp_path, line, message):
    project = copy_project(tmp_path / "p")
    (project / "docs/gioi-thieu.md").write_text(f"---\ntitle: Giới thiệu\n{line}\n---\n\nNội dung.\n", encoding="utf-8")
    for output in both(project, tmp_path):
        assert message in output


def test_bulletin_not_in_utf8(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/tin-tuc/cu.md").write_bytes(b"---\ntitle: Tin c\xf5\n---\n\n\xd0\xd2ng b\xf4\n")  # Windows-1258
    for output in both(project, tmp_path):
        assert "docs/tin-tuc/cu.md:2: tệp không phải UTF-8; hãy mở tệp và lưu lại với mã UTF-8" in output


HIDDEN = "có ký tự ẩn không được dùng (mã U+{}); hãy xóa ký tự này (thường do dán từ chương trình khác)"


def test_invisible_characters_are_refused_where_the_editor_wrote_them(tmp_path):
    """A NUL or a direction override written as YAML escapes, a control code pasted into a bulletin's text:
    escaping keeps them from breaking the page, but a reader would get text other than the editor sees."""
    project = copy_project(tmp_path / "p")
    edit(project / DATA_FILE, "title: Đề án chuyển đổi số trong các cơ quan Đảng",
         'title: "Đề án chuyển đổi số\\0 trong các cơ quan Đảng"')
    bulletin = project / "docs/tin-tuc/an.md"
    bulletin.write_text("---\ntitle: Tin có ký tự ẩn\ndate: 2025-12-01 08:00\ncategory: tin-tuc-su-kien\n"
                        'tags: [Chuyển đổi số, "\\u202eSố hóa"]\n---\n\nĐoạn đầu.\n\nĐoạn có mã \x1b điều khiển.\n',
                        encoding="utf-8")
    for output in both(project, tmp_path):
        assert f"{DATA_FILE}:2: title: {HIDDEN.format('0000')}" in output
        assert f"docs/tin-tuc/an.md:10: {HIDDEN.format('001B')}" in output
    bulletin.write_text(bulletin.read_text(encoding="utf-8").replace("\x1b", ""), encoding="utf-8")
    for output in both(project, tmp_path):
        assert f"docs/tin-tuc/an.md:5: tags: {HIDDEN.format('202E')}" in output


def test_invisible_characters_in_a_page_s_title_or_as_html_references_are_refused(tmp_path):
    project = copy_project(tmp_path / "p")
    page = project / "docs/gioi-thieu.md"
    page.write_text('---\ntitle: "Giới thiệu \\u202Eđảo"\ndescription: "Trang\\fgiới thiệu"\n---\n\n'
                    "Số điện thoại 0987 và &#8206; (dấu trái sang phải: không đảo chữ).\n", encoding="utf-8")
    for output in both(project, tmp_path):
        assert f"docs/gioi-thieu.md:2: title: {HIDDEN.format('202E')}" in output
        assert "description" not in output, "a form feed is HTML's whitespace"
    page.write_text("---\ntitle: Giới thiệu\n---\n\nĐoạn một.\n\nSố điện thoại &#x202E;0987&#x202C;.\n",
                    encoding="utf-8")
    for output in both(project, tmp_path):
        assert f"docs/gioi-thieu.md:7: {HIDDEN.format('202E')}" in output


def test_bulletin_where_page_two_of_the_news_goes(tmp_path):
    """With more than 20 bulletins, one titled "Trang 2" was silently replaced by page 2 of the list."""
    project = copy_project(tmp_path / "p")
    write_bulletins(project, 25)
    (project / "docs/tin-tuc/trang-2.md").write_text(
        "---\ntitle: Trang 2\ndate: 2025-12-01 08:00\ncategory: thong-bao\n---\n\nNội dung.\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert ("docs/tin-tuc/trang-2.md: địa chỉ /tin-tuc/trang-2/ trùng với trang “Tin tức - Trang 2” do bantin tự "
            "tạo; hãy đổi tiêu đề bản tin") in result.stderr


@pytest.mark.parametrize("name, address, what", [
    ("tin-tuc.md", "tin-tuc/", "trang “Tin tức”"),
    ("luu-tru.md", "luu-tru/", "trang “Lưu trữ”"),
    ("rss.xml", "rss.xml", "tệp rss.xml"),
])
def test_editors_pages_where_generated_ones_go(tmp_path, name, address, what):
    """`docs/tin-tuc.md` and `docs/luu-tru.md` were dropped silently."""
    project = copy_project(tmp_path / "p")
    (project / "docs" / name).write_text("---\ntitle: Trang riêng\n---\n\nNội dung.\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (f"docs/{name}: địa chỉ /{address} trùng với {what} do bantin tự tạo; "
            "hãy đổi tên tệp hoặc chuyển sang thư mục khác") in result.stderr


def test_sidebar_image_missing(tmp_path):
    project = copy_project(tmp_path / "p")
    edit(project / "data/site.yml", "image: assets/banners/binh-dang-gioi.svg", "image: assets/banners/khong-co.png")
    for output in both(project, tmp_path):
        assert re.search(r"data/site.yml:\d+: blocks.image: không có tệp ảnh 'assets/banners/khong-co.png' "
                         r"trong docs/", output)


def test_every_mistake_of_every_file_in_one_run(tmp_path):
    """Data errors hid front-matter errors, which hid expression errors: four mistakes took four runs."""
    project = copy_project(tmp_path / "p")
    edit(project / f"data/programmes/{DEMO_PROGRAMME}.yml", "actual: 176907", "actual: 176.907")
    (project / "data/programmes/ke-hoach.yml").write_text(
        "title: Kế hoạch phường\nreports:\n  - as_of: 2025-12-25\n    tasks: {completed: 1, on_schedule: 1, "
        "overdue: 0}\n", encoding="utf-8")
    (project / "docs/tin-tuc/hop.md").write_text(
        "---\ntitle: Họp giao ban\ndate: 2025-12-31 08:00\ncategory: thong-bao\nprogramme: ke-hoach\n---\n\n"
        "Đã hoàn thành {{ tasks.complted }} nhiệm vụ, quá hạn {{ tasks.overdue }.\n\nCòn {{ task.on_schedule }}.\n",
        encoding="utf-8")
    (project / "docs/tin-tuc/le.md").write_text(
        "---\ntitle: Lễ chào cờ\ndate: 2025-12-31 08:00\ncategory: le-hoi\n---\n\nNội dung.\n", encoding="utf-8")
    checked, built = both(project, tmp_path)
    expected = [
        "Có 5 lỗi trong 3 tệp, trang chưa được tạo:",
        f"data/programmes/{DEMO_PROGRAMME}.yml (1 lỗi):",
        f"  data/programmes/{DEMO_PROGRAMME}.yml:23: indicators.actual: 176.907 bị YAML hiểu là số thập "
        "phân; nếu là 176907, viết 176907 (không dùng dấu ngăn cách hàng nghìn)",
        "docs/tin-tuc/hop.md (3 lỗi):",
        "  docs/tin-tuc/hop.md:8: không có trường 'complted' (ý bạn là 'completed'?); có: assigned, completed, "
        "on_schedule, overdue, completed_on_time, completed_late, percent, delta",
        "  docs/tin-tuc/hop.md:8: lỗi cú pháp biểu thức: thiếu một dấu '}': biểu thức viết {{ tên }}",
        "  docs/tin-tuc/hop.md:10: không có tên 'task'; các tên dùng được: programmes, programme, report, tasks, "
        "indicators",
    ]
    for output in (checked, built):
        lines = [line.removeprefix("ERROR   -  ") for line in output.splitlines()]
        start = lines.index(expected[0])
        assert lines[start:start + 7] == expected
        assert "docs/tin-tuc/le.md:4: category: chuyên mục 'le-hoi' không có trong data/site.yml" in output


def _within_a_gigabyte():
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _check_and_build_within_a_gigabyte(project, site):
    """`make check` and the build of `project`, each in a child limited to 1 GB of address space and 5 minutes."""
    env = {**build_env(), "PYTHONPATH": str(REPO / "hooks")}
    checked = subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                             text=True, env=env, timeout=300, preexec_fn=_within_a_gigabyte)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                           cwd=project, capture_output=True, text=True, env=env, timeout=300,
                           preexec_fn=_within_a_gigabyte)
    return checked, built


@pytest.mark.parametrize("payload, message", [
    ("{% for i in range(1000) %}{% for j in range(1000) %}{% for k in range(1000) %}{% endfor %}{% endfor %}"
     "{% endfor %}", "vòng lặp và lời gọi quá 1.000.000 lượt"),
    ("{{ '%999999999s' | format(1) }}", "độ rộng quá 1.000.000 ký tự"),
])
def test_expressions_have_a_budget_in_check_and_build(tmp_path, payload, message):
    """Three nested loops ran `make check` and `make build` for ~1,000 s; padding built strings of a gigabyte.
    Both commands run here in a child limited to 1 GB of address space and 5 minutes."""
    project = copy_project(tmp_path / "p")
    page = write_bulletins(project, 1)[0]
    page.write_text(page.read_text(encoding="utf-8") + payload + "\n", encoding="utf-8")
    checked, built = _check_and_build_within_a_gigabyte(project, tmp_path / "site")
    expected = (f"docs/tin-tuc/tao-san/ban-tin-00001.md:10: biểu thức vượt giới hạn của một trang: {message}; "
                "biểu thức chỉ để đọc số liệu (ví dụ {{ tasks.completed }}), xem docs/huong-dan/du-lieu.md")
    for run in (checked, built):
        assert run.returncode == 1 and expected in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / "site").exists()


DEEP = "dòng lồng quá sâu{}: {} ký tự thụt lề, dấu > hoặc dấu đầu dòng (tối đa 100); hãy bớt các tầng trích dẫn " \
       "hoặc danh sách lồng nhau"
DENSE = "đoạn văn quá dài ({} ký tự) và có quá nhiều dấu định dạng ([ ] ( ) * _ & ` < \\) để kịp chuyển thành " \
        "trang; hãy tách thành nhiều đoạn (thêm một dòng trống giữa các đoạn) hoặc đóng ngoặc các liên kết"


@pytest.mark.parametrize("markdown, line, message", [  # each took Python-Markdown minutes (or more)
    ("> " * 10_000 + "Trích dẫn lồng 10.000 tầng", 11, DEEP.format("", "20.000")),
    ("".join("  " * depth + "- mục\n" for depth in range(2000)).rstrip(), 61,
     DEEP.format(" (và 1.949 dòng sau đó)", "102")),
    ("[a](" * 30_000, 11, DENSE.format("120.001")),
    ("&amp;" * 100_000, 11, DENSE.format("500.001")),
    ("{{ khong_co }}\n" + "> " * 10_000 + "x", 12, DEEP.format("", "20.000")),  # and the expression's error
], ids=["quotes", "lists", "open-links", "entities", "with-an-expression-error"])
def test_markdown_too_costly_to_convert_is_refused_by_check_and_build(tmp_path, markdown, line, message):
    """`make check` names the page and line; the build stops at once with the same message, in a child
    limited to 1 GB and 5 minutes (it ran for minutes)."""
    project = copy_project(tmp_path / "p")
    page = write_bulletins(project, 1)[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n" + markdown + "\n", encoding="utf-8")
    checked, built = _check_and_build_within_a_gigabyte(project, tmp_path / "site")
    expected = f"docs/tin-tuc/tao-san/ban-tin-00001.md:{line}: {message}"
    for run in (checked, built):
        assert run.returncode == 1 and expected in run.stderr and "Traceback" not in run.stderr, run.stderr[-3000:]
        assert ("ban-tin-00001.md:11: không có tên 'khong_co'" in run.stderr) == ("khong_co" in markdown)
    assert not (tmp_path / "site").exists()
