import datetime as dt

import pytest

from bantin.common.errors import DataErrors
from bantin.common.vi import TIMEZONE
from bantin.news.bulletins import read_bulletin, slug_of
from bantin.news.collection import load_news
from bantin.schema.fields import Errors
from news_fixtures import PORTAL, front

SHOWN = "docs/tin-tuc/a.md"
GOOD = dict(title="Hội nghị tổng kết chuyển đổi số", date="2025-12-30 08:30", category="chuyen-doi-so")


def read(text):
    errors = Errors(SHOWN, [])
    bulletin = read_bulletin(text, "tin-tuc/a.md", SHOWN, PORTAL, {"cds": None}, errors)
    return bulletin, [str(e) for e in errors.items]


def test_good_front_matter():
    bulletin, errors = read(front(**GOOD, tags="[Chuyển đổi số, Đảng viên]", summary="Sapo.",
                                  featured="true", programme="cds", source="TTXVN"))
    assert errors == []
    assert bulletin.date == dt.datetime(2025, 12, 30, 8, 30, tzinfo=TIMEZONE)
    assert bulletin.tags == ("Chuyển đổi số", "Đảng viên")
    assert (bulletin.featured, bulletin.draft, bulletin.programme, bulletin.source) == (True, False, "cds", "TTXVN")
    assert bulletin.url == "tin-tuc/a/", "the address comes from the file name, never the title"


def test_slug_is_stable_across_case_and_tone_marks():
    assert slug_of("Hội nghị tổng kết Chuyển đổi số") == slug_of("HỘI NGHỊ TỔNG KẾT CHUYEN DOI SO") == \
        "hoi-nghi-tong-ket-chuyen-doi-so"
    assert slug_of("Đảng bộ phường") == "dang-bo-phuong"


def test_long_titles_cut_at_a_word():
    slug = slug_of("Ban Chỉ đạo Chuyển đổi số trong các cơ quan Đảng tổng kết công tác năm 2025, "
                   "triển khai nhiệm vụ năm 2026")
    assert slug == "ban-chi-dao-chuyen-doi-so-trong-cac-co-quan-dang-tong-ket-cong-tac-nam-2025-trien-khai"


@pytest.mark.parametrize("change, message", [
    ({"category": "chuyen-doi"}, "docs/tin-tuc/a.md:4: category: chuyên mục 'chuyen-doi' không có trong "
                                 "data/site.yml (ý bạn là 'chuyen-doi-so'?); có: chuyen-doi-so, thong-bao"),
    ({"date": "30/12/2025"}, "docs/tin-tuc/a.md:3: date: ngày đăng '30/12/2025' cần dạng năm-tháng-ngày giờ:phút, "
                             "ví dụ 2025-12-30 08:30"),
    ({"date": "2025-02-30 08:00"}, "docs/tin-tuc/a.md:3: date: ngày đăng '2025-02-30 08:00' không tồn tại"),
    ({"draft": "có"}, "docs/tin-tuc/a.md:5: draft: cần true hoặc false, không phải chữ 'có'"),
    ({"titel": "x"}, "docs/tin-tuc/a.md:5: titel: trường không được hỗ trợ (ý bạn là 'title'?); "
                     "các trường hợp lệ: title, date, updated, category, tags, summary, image, image_caption, "
                     "image_credit, author, source, draft, featured, programme, report, slug, aliases, template, "
                     "description"),
    ({"image": "assets/a.jpg"}, "docs/tin-tuc/a.md:5: image_caption: ảnh cần chú thích (image_caption): "
                                "người không nhìn thấy ảnh nghe chú thích này"),
    ({"programme": "khong-co"}, "docs/tin-tuc/a.md:5: programme: không có chương trình 'khong-co' trong "
                                "data/programmes/; có: cds"),
    ({"programme": "cdss"}, "docs/tin-tuc/a.md:5: programme: không có chương trình 'cdss' trong "
                            "data/programmes/ (ý bạn là 'cds'?); có: cds"),
])
def test_front_matter_errors(change, message):
    _, errors = read(front(**{**GOOD, **change}))
    assert errors == [message]


def test_missing_fields():
    _, errors = read(front(title="Chỉ có tiêu đề"))
    """Named as the data files' fields are (the schema's label, then the key), not "thiếu trường bắt buộc"."""
    assert errors == ["docs/tin-tuc/a.md:2: date: thiếu ngày đăng (date), là trường bắt buộc; hãy thêm dòng 'date: …'",
                      "docs/tin-tuc/a.md:2: category: thiếu chuyên mục (category), là trường bắt buộc; "
                      "hãy thêm dòng 'category: …'"]


def test_no_front_matter():
    _, errors = read("# Tiêu đề\n\nNội dung.\n")
    assert errors == ["docs/tin-tuc/a.md: thiếu phần đầu bài (giữa hai dòng ---) với title, date, category"]


def test_front_matter_syntax_error():
    _, errors = read("---\ntitle: Họp: tổng kết\ndate: 2025-12-30\n---\n")
    assert errors == ["docs/tin-tuc/a.md:2: lỗi cú pháp YAML, cột 11: dấu ':' không đúng chỗ; "
                      "nếu giá trị có chứa ': ', hãy đặt cả giá trị trong ngoặc kép"]


def _load(sources, now="2026-01-01 00:00", preview=False, known=()):
    from bantin.common.datetimes import local_datetime
    return load_news(sources, PORTAL, {}, "docs", set(known), local_datetime(now), preview)


def test_duplicate_slugs_and_missing_image():
    sources = [("tin-tuc/a.md", front(**GOOD)), ("tin-tuc/2025/a.md", front(**GOOD)),
               ("tin-tuc/c.md", front(**{**GOOD, "title": "Khác", "image": "assets/x.jpg", "image_caption": "X"}))]
    with pytest.raises(DataErrors) as caught:
        _load(sources)
    assert [str(e) for e in caught.value.errors] == [
        "docs/tin-tuc/2025/a.md: trùng địa chỉ trang tin-tuc/a/ với docs/tin-tuc/a.md; "
        "hãy đổi tên tệp hoặc ghi slug: <địa-chỉ-khác>",
        "docs/tin-tuc/c.md:5: image: không có tệp ảnh 'assets/x.jpg' trong docs/",
    ]


def test_drafts_and_future_bulletins_are_hidden_unless_previewing():
    sources = [("tin-tuc/a.md", front(**GOOD)), ("tin-tuc/b.md", front(**{**GOOD, "title": "Nháp", "draft": "true"})),
               ("tin-tuc/c.md", front(**{**GOOD, "title": "Sắp đăng", "date": "2026-01-01 08:00"}))]
    news = _load(sources, now="2026-01-01 07:59")
    assert news.hidden == {"tin-tuc/b.md", "tin-tuc/c.md"}
    assert [b.title for b in news.catalog.bulletins] == ["Hội nghị tổng kết chuyển đổi số"]
    preview = _load(sources, now="2026-01-01 07:59", preview=True)
    assert [b.title for b in preview.catalog.bulletins] == ["Sắp đăng", "Nháp", "Hội nghị tổng kết chuyển đổi số"]
    later = _load(sources, now="2026-01-01 08:00")
    assert later.hidden == {"tin-tuc/b.md"}


def test_sitemap_date_is_updated_when_given():
    sources = [("tin-tuc/a.md", front(**GOOD, updated='"2026-01-05 10:00"')),
               ("tin-tuc/b.md", front(**{**GOOD, "title": "B"}))]
    news = _load(sources, now="2026-02-01 00:00")
    assert news.last_modified("tin-tuc/a/").isoformat() == "2026-01-05T10:00:00+07:00"
    assert news.last_modified("tin-tuc/b/").isoformat() == "2025-12-30T08:30:00+07:00"
    assert news.last_modified("chuyen-muc/chuyen-doi-so/").isoformat() == "2026-01-05T10:00:00+07:00"


def test_tags_without_brackets_are_split_on_commas():
    bulletin, errors = read(front(**GOOD, tags="Chuyển đổi số, Đảng viên"))
    assert errors == [] and bulletin.tags == ("Chuyển đổi số", "Đảng viên")
    bulletin, _ = read(front(**GOOD, tags='["Hỏi, đáp"]'))
    assert bulletin.tags == ("Hỏi, đáp",)


def test_images_from_other_hosts_are_refused():
    sources = [("tin-tuc/a.md", front(**GOOD, image="https://anh.example.com/a.jpg", image_caption="A"))]
    with pytest.raises(DataErrors) as caught:
        _load(sources)
    assert [str(e) for e in caught.value.errors] == [
        "docs/tin-tuc/a.md:5: image: ảnh phải là tệp trong docs/, không lấy từ trang khác (người đọc không tải gì "
        "từ máy chủ khác)"]


@pytest.mark.parametrize("change, message", [
    ({"image": "assets/x.js", "image_caption": "X"},
     "docs/tin-tuc/a.md:5: image: 'assets/x.js' không phải tệp ảnh; dùng ảnh jpg, jpeg, png, webp, gif, svg, avif"),
    ({"image": "//tracker.example/a.png", "image_caption": "X"},
     "docs/tin-tuc/a.md:5: image: ảnh phải là tệp trong docs/, không lấy từ trang khác (người đọc không tải gì "
     "từ máy chủ khác)"),
    ({"tags": "[Chuyển đổi số, 🎉🎉]"},
     "docs/tin-tuc/a.md:5: tags: thẻ '🎉🎉' không tạo được địa chỉ trang (cần có chữ hoặc số)"),
])
def test_images_must_be_pictures_and_tags_need_letters(change, message):
    """A `.js` image and an emoji-only tag (its empty slug overwrote /the/) were accepted."""
    _, errors = read(front(**GOOD, **change))
    assert errors == [message]
