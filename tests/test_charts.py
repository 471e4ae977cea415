import xml.etree.ElementTree as ET

from bantin.figures.charts import legend, stacked_bar, trend

NS = {"s": "http://www.w3.org/2000/svg"}
PARTS = [("Đã hoàn thành", 61, "61%"), ("Theo tiến độ", 30, "30%"), ("Quá hạn", 9, "9%")]


def test_stacked_bar_widths_labels_and_description():
    root = ET.fromstring(stacked_bar(PARTS, "Tỷ lệ nhiệm vụ", "bt-cds"))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Tỷ lệ nhiệm vụ: Đã hoàn thành: 61%; Theo tiến độ: 30%; Quá hạn: 9%"
    bars = [r for r in root.findall("s:rect", NS) if r.get("y") == "0"]
    assert [(b.get("x"), b.get("width")) for b in bars] == [("0%", "61%"), ("61%", "30%"), ("91%", "9%")]
    assert [b.get("fill") for b in bars] == ["#1b7f3b", "url(#bt-cds-cheo)", "url(#bt-cds-cham)"]
    texts = root.findall("s:text", NS)
    assert [(t.get("x"), t.text) for t in texts] == [("30.5%", "61%"), ("76%", "30%"), ("95.5%", "9%")]
    assert [t.get("class") for t in texts] == [None, None, "bt-bar__narrow"]  # hidden on a phone


def test_bar_scales_its_width_not_its_text():
    """A viewBox would shrink the figures to 8 px on a 375 px phone: the bar has none, and no font size."""
    root = ET.fromstring(stacked_bar(PARTS, "T"))
    assert root.get("viewBox") is None and (root.get("width"), root.get("height")) == ("100%", "32")
    assert all(t.get("font-size") is None for t in root.findall("s:text", NS))


def test_pattern_ids_belong_to_their_chart():
    ids = [p.get("id") for p in ET.fromstring(stacked_bar(PARTS, "T", "bt-a")).iter(f"{{{NS['s']}}}pattern")]
    assert ids == ["bt-a-cheo", "bt-a-cham"]


def test_small_parts_have_no_label_inside():
    svg = stacked_bar([("A", 96, "96%"), ("B", 4, "4%"), ("C", 0, "0%")], "T")
    texts = [t.text for t in ET.fromstring(svg).findall("s:text", NS)]
    assert texts == ["96%"]


def test_legend_is_html_text_with_the_bars_fills():
    root = ET.fromstring(legend(PARTS, "bt-cds"))
    assert root.tag == "ul" and root.get("class") == "bt-legend"
    items = root.findall("li")
    assert [("".join(li.itertext()).strip()) for li in items] == [
        "Đã hoàn thành 61%", "Theo tiến độ 30%", "Quá hạn 9%"]
    swatches = [li.find("svg/rect").get("fill") for li in items]
    assert swatches == ["#1b7f3b", "url(#bt-cds-cheo)", "url(#bt-cds-cham)"]
    assert all(li.find("svg").get("aria-hidden") == "true" for li in items)


TREND_ROWS = [("30/09/2025", "30/09/2025 · 300 nhiệm vụ", [(177, "177"), (93, "93"), (30, "30")]),
              ("25/12/2025", "25/12/2025 · 309 nhiệm vụ", [(189, "189"), (93, "93"), (27, "27")])]
NAMES = ["Đã hoàn thành", "Theo tiến độ", "Quá hạn"]


def test_trend_is_valid_svg_with_its_numbers_as_text():
    root = ET.fromstring(trend(TREND_ROWS, NAMES, "Số nhiệm vụ qua các kỳ", "bt-k"))
    assert root.get("role") == "img" and root.get("class") == "bt-trend"
    assert root.get("aria-label") == ("Số nhiệm vụ qua các kỳ: 30/09/2025: Đã hoàn thành 177, Theo tiến độ 93, "
                                      "Quá hạn 30; 25/12/2025: Đã hoàn thành 189, Theo tiến độ 93, Quá hạn 27")
    assert [t.text for t in root.findall("s:text", NS)] == [
        "30/09/2025 · 300 nhiệm vụ", "177", "93", "30", "25/12/2025 · 309 nhiệm vụ", "189", "93", "27"]


def test_trend_bars_grow_with_their_counts_in_the_status_colours():
    """Lengths are shares of the largest total (309): the later bar is the full width."""
    root = ET.fromstring(trend(TREND_ROWS, NAMES, "T", "bt-k"))
    bars = [(r.get("x"), r.get("width"), r.get("fill")) for r in root.findall("s:rect", NS)]
    assert bars == [("0%", "57.28%", "#1b7f3b"), ("57.28%", "30.1%", "url(#bt-k-cheo)"),
                    ("87.38%", "9.71%", "url(#bt-k-cham)"),
                    ("0%", "61.17%", "#1b7f3b"), ("61.17%", "30.1%", "url(#bt-k-cheo)"),
                    ("91.26%", "8.74%", "url(#bt-k-cham)")]
    assert [r.get("y") for r in root.findall("s:rect", NS)] == ["1.5em"] * 3 + ["5.8em"] * 3
    # no viewBox, no font size: rows in em of the text, which the stylesheet sizes (readable on a phone)
    assert root.get("viewBox") is None and root.get("height") == "7.8em"
    assert all(t.get("font-size") is None for t in root.findall("s:text", NS))
    assert [t.get("class") for t in root.findall("s:text", NS) if t.text in ("30", "27")] == ["bt-bar__narrow"] * 2


def test_trend_leaves_out_empty_parts_and_labels_that_do_not_fit():
    root = ET.fromstring(trend([("1/1/2026", "A", [(96, "96"), (4, "4"), (0, "0")])], NAMES, "T"))
    assert [r.get("width") for r in root.findall("s:rect", NS)] == ["96%", "4%"]
    assert [t.text for t in root.findall("s:text", NS)] == ["A", "96"]


def test_legend_without_figures():
    root = ET.fromstring(legend([(name, 0, "") for name in NAMES], "bt-k"))
    assert ["".join(li.itertext()).strip() for li in root.findall("li")] == NAMES
    assert root.find("li/strong") is None
