"""The editors' guides (docs/huong-dan/): written for a ward clerk who uses `make edit`.

They open with the two step lists, use one term per concept, pass `make check`, name only buttons and fields the
editor has (bold text is such a name, by the guides' own rule), and the editor shows them ("Hướng dẫn").
The guides are code (sitebuild.CODE_PARTS), not demo content; the editor runs on the fixture project.
"""
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from bantin.build.html_check import site_converter
from bantin.edit.app import create_app
from bantin.figures.wording import PLACEHOLDER_NAMES
from bantin.news.bulletins import FIELDS, split_front_matter
from bantin.schema import ENTITIES
from conftest import REPO
from sitebuild import copy_project
from test_edit import BASE, PORT, committed

GUIDES = REPO / "docs" / "huong-dan"
GENERATED = "truong-du-lieu.md"  # made from the schema by another part: its words are the schema's labels
START = "bai-viet.md"
STEP_LISTS = ["Đăng một tin mới", "Cập nhật số liệu kỳ mới"]

# One term per concept, as the site and the editor say it → the words the guides must not use for it.
TERMS = {
    "bản tin": ("tin bài", "bài viết", "bài"),
    "từ khóa": ("thẻ", "tag", "tags", "từ khoá"),
    "tóm tắt": ("sapo",),
    "chuyên mục": ("danh mục",),
    "đơn vị tính": ("đơn vị đo",),
    "mức cảnh báo": ("đèn báo", "đèn cảnh báo", "đèn"),
    "số liệu minh họa": ("số liệu mẫu", "minh hoạ"),
    "nguồn ảnh": ("tác giả ảnh",),
    "đăng lên trang": ("xuất bản",),
    "trang quản trị": ("trang quản lý", "bảng điều khiển"),
    "kỳ báo cáo": ("đợt báo cáo",),
}
# Internal details that belong to the README's section for IT staff, not to a clerk's guide.
INTERNAL = ("127.0.0.1", "BOM", "U+202E", "khối mã", "slug", "CSV escaping", ".qualifier", "make serve")


def guide_texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(GUIDES.glob("*.md")) if p.name != GENERATED}


def word(term: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE)


def term_mistakes(texts: dict[str, str]) -> list[str]:
    """Each chosen term the guides never use, and each rejected word found (file:line)."""
    mistakes = [f"không dùng '{term}'" for term in TERMS if not any(word(term).search(t) for t in texts.values())]
    for name, text in texts.items():
        for number, line in enumerate(text.splitlines(), 1):
            for term, rejected in TERMS.items():
                mistakes += [f"{name}:{number}: '{r}' (dùng '{term}')" for r in rejected if word(r).search(line)]
            mistakes += [f"{name}:{number}: '{detail}' (ghi ở README)" for detail in INTERNAL if detail in line]
    return mistakes


def test_the_start_guide_opens_with_make_edit_and_the_two_step_lists():
    text = split_front_matter((GUIDES / START).read_text(encoding="utf-8"))[1]
    intro, *sections = re.split(r"^## ", text, flags=re.MULTILINE)
    assert "`make edit`" in intro
    assert [s.splitlines()[0] for s in sections[:2]] == STEP_LISTS
    for section in sections[:2]:  # each a numbered list of steps, right under its heading
        assert section.split("\n\n")[1].startswith("1. ")


def test_one_term_per_concept_and_no_internal_details():
    assert term_mistakes(guide_texts()) == []


def test_term_check_finds_a_synonym_a_missing_term_and_an_internal_detail():
    texts = {"x.md": "Viết bản tin.\nGắn thẻ cho tin bài.\nMở http://127.0.0.1:8001/"}
    missing = [f"không dùng '{term}'" for term in TERMS if term != "bản tin"]
    assert term_mistakes(texts) == missing + ["x.md:2: 'tin bài' (dùng 'bản tin')", "x.md:2: 'bài' (dùng 'bản tin')",
                                              "x.md:2: 'thẻ' (dùng 'từ khóa')",
                                              "x.md:3: '127.0.0.1' (ghi ở README)"]


# make check

def run_check(project):
    return subprocess.run([sys.executable, "-m", "bantin", "check", "data"], cwd=project, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(REPO / "hooks"), "PATH": "/usr/bin:/bin"})


def test_the_guides_pass_make_check(tmp_path):
    project = copy_project(tmp_path / "p")
    shipped = sorted(p.name for p in GUIDES.glob("*.md"))
    assert sorted(p.name for p in (project / "docs/huong-dan").glob("*.md")) == shipped
    run = run_check(project)
    assert (run.returncode, run.stderr) == (0, "")
    assert "Trang hợp lệ:" in run.stdout
    # and make check does read them: a guide's mistake is reported with its file and line
    guide = project / "docs/huong-dan" / START
    lines = guide.read_text(encoding="utf-8").count("\n")
    guide.write_text(guide.read_text(encoding="utf-8") + "Số nhiệm vụ: {{ tasks.completed }}.\n", encoding="utf-8")
    run = run_check(project)
    assert run.returncode == 1
    assert f"  docs/huong-dan/{START}:{lines + 1}: không có tên 'tasks'" in run.stderr


# Buttons and fields the guides name

class _Labels(HTMLParser):
    """The words of the editor's buttons, links, labels, legends, summaries, table heads, headings and options:
    each element's whole text and its text before any inner element (a visually hidden continuation)."""
    NAMING = {"button", "a", "label", "legend", "summary", "th", "h1", "h2", "option"}

    def __init__(self):
        super().__init__()
        self.open, self.found = [], set()

    def handle_starttag(self, tag, attrs):
        for item in self.open:
            item[2] = True  # its leading text has ended
        if tag in self.NAMING:
            self.open.append([tag, [], False, []])

    def handle_endtag(self, tag):
        if self.open and self.open[-1][0] == tag:
            _, words, _, leading = self.open.pop()
            self.found |= {" ".join("".join(words).split()), " ".join("".join(leading).split())}

    def handle_data(self, data):
        for item in self.open:
            item[1].append(data)
            if not item[2]:
                item[3].append(data)


class _Bold(HTMLParser):
    """Bold text outside quotations (the Markdown lesson's results) and code."""

    def __init__(self):
        super().__init__()
        self.depth, self.bold, self.found = {"blockquote": 0, "code": 0, "pre": 0}, None, []

    def handle_starttag(self, tag, attrs):
        if tag in self.depth:
            self.depth[tag] += 1
        elif tag == "strong" and not any(self.depth.values()):
            self.bold = []

    def handle_endtag(self, tag):
        if tag in self.depth:
            self.depth[tag] -= 1
        elif tag == "strong" and self.bold is not None:
            self.found.append(" ".join("".join(self.bold).split()))
            self.bold = None

    def handle_data(self, data):
        if self.bold is not None:
            self.bold.append(data)


def bold_names(markdown: str) -> list[str]:
    parser = _Bold()
    parser.feed(site_converter(REPO / "mkdocs.yml")(split_front_matter(markdown)[1]))
    return parser.found


@pytest.fixture(scope="module")
def editor_labels(tmp_path_factory):
    """Every label the editor shows on its pages (reached by following its links from the home page, the guides'
    own pages left out), with every label the schema declares."""
    project = copy_project(tmp_path_factory.mktemp("labels") / "p")
    committed(project)
    client = create_app(project, PORT).test_client()
    parser, seen, queue = _Labels(), set(), ["/"]
    while queue and len(seen) < 60:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/xem-truoc/", "/huong-dan/")):
            continue
        seen.add(url)
        page = client.get(url, base_url=BASE, follow_redirects=True)
        if page.status_code != 200 or page.mimetype != "text/html":
            continue
        parser.feed(page.text)
        queue += re.findall(r'href="(/[^"#?]*)', page.text)
    schema = {f.label for f in FIELDS if f.label}
    schema |= {label for e in ENTITIES.values() for label in (e.label, *(f.label for f in e.fields))}
    return (parser.found | schema) - {""}


def test_the_editor_labels_are_collected(editor_labels):
    for label in ("Lưu", "Xem trước", "Đăng lên trang", "Tiêu đề", "Nội dung", "Thêm kỳ báo cáo mới"):
        assert label in editor_labels
    assert "Xuất bản" not in editor_labels


def test_every_button_and_field_the_guides_name_is_on_the_editor(editor_labels):
    named = {name: sorted(set(bold_names(text)) - editor_labels) for name, text in guide_texts().items()}
    assert named == {name: [] for name in guide_texts()}
    assert {"Lưu", "Xem trước", "Đăng lên trang", "Nhập từ Excel", "Nhập từ Word"} <= set(bold_names(
        (GUIDES / START).read_text(encoding="utf-8")))


def test_a_button_the_editor_does_not_have_is_found(editor_labels):
    text = "Bấm **Lưu** rồi **Xuất bản**.\n\n> Chữ **đậm** trong kết quả của bài học.\n\n`**Gõ**`\n"
    assert [n for n in bold_names(text) if n not in editor_labels] == ["Xuất bản"]


# The editor's "Hướng dẫn"

@pytest.fixture
def client(tmp_path):
    return create_app(committed(copy_project(tmp_path / "p")), PORT).test_client()


def test_the_editor_shows_the_guide_from_its_menu(client, tmp_path):
    home = client.get("/ban-tin/", base_url=BASE).text
    assert '<li><a href="/huong-dan/">Hướng dẫn</a></li>' in home
    page = client.get("/huong-dan/", base_url=BASE)
    assert page.status_code == 200
    assert "<title>Hướng dẫn biên tập - Quản trị nội dung</title>" in page.text
    assert '<h1 id="huong-dan-bien-tap">Hướng dẫn biên tập</h1>' in page.text
    assert '<h2 id="ang-mot-tin-moi">Đăng một tin mới</h2>' in page.text
    assert '<a href="du-lieu">Hướng dẫn ghi số liệu</a>' in page.text  # a link to another guide, as a page here
    data = client.get("/huong-dan/du-lieu", base_url=BASE)
    assert '<h1 id="huong-dan-ghi-so-lieu">Hướng dẫn ghi số liệu</h1>' in data.text
    assert '<strong aria-current="page">Hướng dẫn ghi số liệu</strong>' in data.text
    from test_edit import assert_valid_html
    assert_valid_html({"guide": page.text, "data": data.text}, "guide", tmp_path / "pages")


def test_a_guide_is_named_never_a_path(client):
    for url in ("/huong-dan/khong-co", "/huong-dan/..%2F..%2Fmkdocs", "/huong-dan/bai-viet.md"):
        assert client.get(url, base_url=BASE).status_code == 404


def test_a_guide_with_refused_html_is_not_shown(tmp_path):
    project = copy_project(tmp_path / "p")
    (project / "docs/huong-dan/thu.md").write_text("# Thử\n\n<script>alert(1)</script>\n", encoding="utf-8")
    client = create_app(committed(project), PORT).test_client()
    page = client.get("/huong-dan/thu", base_url=BASE)
    assert page.status_code == 422
    assert ("<p>docs/huong-dan/thu.md có mã HTML không được phép (make check nêu chi tiết). Hãy báo cán bộ phụ trách "
            "công nghệ thông tin.</p>") in page.text
    assert "<script>alert" not in page.text


def test_the_placeholder_table_lists_every_placeholder_the_wording_accepts():
    """The guide's table of `{…}` in sentence patterns was written by hand beside wording.PLACEHOLDER_NAMES."""
    text = (REPO / "docs/huong-dan/du-lieu.md").read_text(encoding="utf-8")
    table = text.split("| Chỗ điền | Được thay bằng | Ví dụ |", 1)[1].split("\n\n", 1)[0]
    listed = [name for row in table.splitlines()[2:] for name in re.findall(r"`\{([a-z_]+)\}`", row.split("|")[1])]
    assert sorted(listed) == sorted(PLACEHOLDER_NAMES)
