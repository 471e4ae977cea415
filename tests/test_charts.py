import xml.etree.ElementTree as ET

from bantin.charts import stacked_bar

NS = {"s": "http://www.w3.org/2000/svg"}


def test_stacked_bar_widths_labels_and_description():
    svg = stacked_bar([("Đã hoàn thành", 61, "61%"), ("Theo tiến độ", 30, "30%"), ("Quá hạn", 9, "9%")],
                      "Tỷ lệ nhiệm vụ")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Tỷ lệ nhiệm vụ: Đã hoàn thành: 61%; Theo tiến độ: 30%; Quá hạn: 9%"
    bars = [r for r in root.findall("s:rect", NS) if r.get("y") == "0"]
    assert [(b.get("x"), b.get("width")) for b in bars] == [("0.0", "366.0"), ("366.0", "180.0"), ("546.0", "54.0")]
    assert [b.get("fill") for b in bars] == ["#1b7f3b", "url(#cheo)", "url(#cham)"]
    texts = [t.text for t in root.findall("s:text", NS)]
    assert texts == ["61%", "30%", "9%", "Đã hoàn thành: 61%", "Theo tiến độ: 30%", "Quá hạn: 9%"]


def test_small_parts_have_no_label_inside():
    svg = stacked_bar([("A", 96, "96%"), ("B", 4, "4%"), ("C", 0, "0%")], "T")
    texts = [t.text for t in ET.fromstring(svg).findall("s:text", NS)]
    assert texts == ["96%", "A: 96%", "B: 4%", "C: 0%"]
