import xml.etree.ElementTree as ET

from bantin.charts import legend, stacked_bar

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
    ids = [p.get("id") for p in ET.fromstring(stacked_bar(PARTS, "T", "bt-a")).iter("{%s}pattern" % NS["s"])]
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
