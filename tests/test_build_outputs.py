"""The core's build (bantin.build.pipeline) without an engine: the complete list of outputs, each once with its
destination, address, kind, key and source; collisions found from that list; a page's context by its kind."""
import pytest

from bantin.build.kinds import KINDS
from bantin.build.pipeline import Build, Source, output_file
from bantin.common import urls
from bantin.common.errors import DataError
from bantin.common.pagekind import Page, PageKind
from sitebuild import DEMO_PROGRAMME, bulletin_text, small_project

SITE_URL = "https://phuong.example.gov.vn/"


def built(project, **settings) -> Build:
    build = Build.load(project / "data", project, site_url=SITE_URL, site_name="Trang thử", **settings)
    docs = project / "docs"
    sources = []
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        uri = path.relative_to(docs).as_posix()
        page = urls.is_page(uri)
        url = urls.markdown_url(uri) if page else uri
        sources.append(Source(uri, url, output_file(url) if page else uri, True, page, path.read_bytes, path))
    assert build.read_pages(sources) == []
    return build


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_NOW", "2026-11-23 12:00")
    return small_project(tmp_path / "p", {
        "so-ket.md": bulletin_text("Hội nghị sơ kết", "2026-03-30 08:30", aliases="[tin-tuc/so-ket-cu/]"),
        "hen-gio.md": bulletin_text("Lịch tiếp công dân tháng 12", "2026-12-01 07:00")})


def test_every_page_and_file_is_listed_once_with_its_kind_key_and_source(project):
    build = built(project)
    by_dest = {output.dest: output for output in build.outputs}
    assert len(by_dest) == len(build.outputs)

    def described(dest):
        o = by_dest[dest]
        return o.url, o.kind.name if o.kind else None, o.key, o.source, o.src_uri, o.stub, o.published

    assert described("tin-tuc/so-ket/index.html") == (
        "tin-tuc/so-ket/", "ban-tin", "tin-tuc/so-ket.md", "docs/tin-tuc/so-ket.md", "tin-tuc/so-ket.md", None, True)
    assert described("tin-tuc/hen-gio/index.html") == (  # dated later: the preview shows it, the site does not yet
        "tin-tuc/hen-gio/", "ban-tin", "tin-tuc/hen-gio.md", "docs/tin-tuc/hen-gio.md", "tin-tuc/hen-gio.md", None,
        False)
    assert described("gioi-thieu/index.html") == (
        "gioi-thieu/", "trang", "", "docs/gioi-thieu.md", "gioi-thieu.md", None, True)
    stats = by_dest[f"thong-ke/{DEMO_PROGRAMME}/index.html"]
    assert (stats.url, stats.kind.name, stats.key, stats.stub) == (
        f"thong-ke/{DEMO_PROGRAMME}/", "thong-ke", DEMO_PROGRAMME, f"thong-ke/{DEMO_PROGRAMME}.md")
    assert stats.source == f"trang “{build.site.programmes[DEMO_PROGRAMME].title}”"
    alias = by_dest["tin-tuc/so-ket-cu/index.html"]
    assert (alias.kind, alias.alias_of) == (None, "docs/tin-tuc/so-ket.md")
    assert '<meta http-equiv="refresh" content="0; url=../../tin-tuc/so-ket/">' in alias.text
    assert by_dest["robots.txt"].text == f"User-agent: *\nDisallow:\n\nSitemap: {SITE_URL}sitemap.xml\n"
    assert by_dest["sitemap.xml"].text is None and by_dest["rss.xml"].text.startswith("<?xml")
    css = build.asset_names["assets/bantin.css"]
    assert css.startswith("assets/bantin.") and css.endswith(".css") and by_dest[css].url == "assets/bantin.css"
    assert "tin-tuc/so-ket/" in build.page_urls() and "tin-tuc/hen-gio/" not in build.page_urls()
    assert urls.SEARCH not in build.page_urls() and "" in build.page_urls()
    assert build.collisions() == []


def test_a_page_is_given_its_kinds_context(project):
    build = built(project)
    article = build.context("tin-tuc/so-ket.md", {}, "tin-tuc/so-ket/")
    assert article["article"].title == "Hội nghị sơ kết"
    assert article["page_description"] == "Tóm tắt Hội nghị sơ kết."
    assert article["absolute_url"] == f"{SITE_URL}tin-tuc/so-ket/" and article["page_path"] == "/tin-tuc/so-ket/"
    stats = build.context(f"thong-ke/{DEMO_PROGRAMME}.md", {}, f"thong-ke/{DEMO_PROGRAMME}/")
    assert stats["thong_ke"] is build.site.stats_pages[DEMO_PROGRAMME] and "article" not in stats
    with pytest.raises(DataError) as raised:
        build.context("gioi-thieu.md", {"date": "2025-02-30"}, "gioi-thieu/")
    assert str(raised.value).startswith("docs/gioi-thieu.md: date: ")


def test_an_editors_file_where_bantin_writes_one_is_found_in_the_list(project):
    (project / "docs" / "rss.xml").write_text("<rss/>", encoding="utf-8")
    (project / "docs" / "luu-tru.md").write_text("# Lưu trữ của phường\n", encoding="utf-8")
    assert [str(error) for error in built(project).collisions()] == [
        "docs/luu-tru.md: địa chỉ /luu-tru/ trùng với trang “Lưu trữ” do bantin tự tạo; hãy đổi tên tệp hoặc "
        "chuyển sang thư mục khác",
        "docs/rss.xml: địa chỉ /rss.xml trùng với tệp rss.xml do bantin tự tạo; hãy đổi tên tệp hoặc chuyển "
        "sang thư mục khác"]


def test_two_of_bantin_s_own_outputs_at_one_address_are_found(project, monkeypatch):
    """A new page kind or output file whose address is one bantin already makes (newcomer's trial)."""
    class Directory(PageKind):
        name, template = "danh-ba", "main.html"

        def pages(self, site):
            yield Page("luu-tru.md", "Danh bạ", "")

        def files(self, site):
            yield "rss.xml", "{}"

    monkeypatch.setitem(KINDS, "danh-ba", Directory())
    assert [str(error) for error in built(project).collisions()] == [
        "trang “Danh bạ”: địa chỉ /luu-tru/ trùng với trang “Lưu trữ”, cả hai do bantin tự tạo: cái sau sẽ ghi đè "
        "cái trước; hãy đổi mã (id) trong data/ của một trong hai nếu có, hoặc báo người phụ trách kỹ thuật",
        "tệp rss.xml: địa chỉ /rss.xml trùng với tệp rss.xml, cả hai do bantin tự tạo: cái sau sẽ ghi đè cái "
        "trước; hãy đổi mã (id) trong data/ của một trong hai nếu có, hoặc báo người phụ trách kỹ thuật"]
    monkeypatch.delitem(KINDS, "danh-ba")
    assert built(project).collisions() == []


def _inputs(project, src_uri: str, kind: str) -> object:
    """What the preview compares for the editor's page at `src_uri`: asked of its kind (bantin.build.kinds)."""
    build = built(project)
    assert build.kind(src_uri).name == kind
    known = frozenset(source.src_uri for source in build.sources)
    return build.inputs(src_uri, build.site.page_sources[src_uri], tuple((uri, "") for uri in sorted(known)), known)


def test_a_bulletin_s_inputs_change_with_its_neighbour_s_title_not_with_an_unrelated_bulletin(tmp_path, monkeypatch):
    monkeypatch.setenv("BANTIN_NOW", "2026-11-23 12:00")
    project = small_project(tmp_path / "p", {
        "a.md": bulletin_text("Thông báo một", "2026-03-01 08:00"),
        "b.md": bulletin_text("Thông báo hai", "2026-03-02 08:00"),
        "c.md": bulletin_text("Thông báo ba", "2026-03-03 08:00"),
        "khac.md": bulletin_text("Tin của chuyên mục khác", "2026-03-02 09:00", category="tin-tuc-su-kien")})
    first = _inputs(project, "tin-tuc/b.md", "ban-tin")
    page = _inputs(project, "gioi-thieu.md", "trang")
    assert _inputs(project, "tin-tuc/b.md", "ban-tin") == first  # nothing saved: the page is kept

    news = project / "docs/tin-tuc"
    (news / "khac.md").write_text(bulletin_text("Tin khác, tiêu đề đã sửa", "2026-03-02 09:00",
                                                category="tin-tuc-su-kien"), encoding="utf-8")
    assert _inputs(project, "tin-tuc/b.md", "ban-tin") == first  # another category's bulletin: not shown there
    assert _inputs(project, "gioi-thieu.md", "trang") != page  # an editors' page may show any bulletin

    (news / "a.md").write_text(bulletin_text("Thông báo một, tiêu đề đã sửa", "2026-03-01 08:00"), encoding="utf-8")
    changed = _inputs(project, "tin-tuc/b.md", "ban-tin")
    assert changed != first  # its older neighbour, whose title it links
    assert [b.title for b in changed[2][3]] == ["Thông báo một, tiêu đề đã sửa"]  # (name, key, (…, older, …))
