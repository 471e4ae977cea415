"""A small .docx written by hand (what Word saves, reduced to the parts mammoth reads), for "Nhập từ Word"."""
import io
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' \
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' \
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' \
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'


def _p(text, style=None, bold=False, numbered=False):
    props = ""
    if style or numbered:
        props = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") \
            + ('<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' if numbered else "") + "</w:pPr>"
    run = "<w:r>" + ("<w:rPr><w:b/></w:rPr>" if bold else "") + f'<w:t xml:space="preserve">{text}</w:t></w:r>'
    return f"<w:p>{props}{run}</w:p>"


def _cell(text):
    return f"<w:tc>{_p(text)}</w:tc>"


PICTURE = ('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="1" name="Ảnh" '
           'descr="Đoàn viên ra quân"/><a:graphic><a:graphicData '
           'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="1" '
           'name="anh.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImage"/></pic:blipFill>'
           '<pic:spPr/></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def docx(picture: bytes) -> bytes:
    body = (_p("Phường ra quân làm sạch kênh", "Heading1") + _p("Kết quả", "Heading2")
            + "<w:p><w:r><w:t xml:space=\"preserve\">Hơn 300 người </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>"
              "<w:t>tham gia</w:t></w:r></w:p>"
            + _p("Thu gom 5 tấn rác", numbered=True) + _p("Nạo vét 2 km kênh", numbered=True)
            + "<w:tbl><w:tr>" + _cell("Khu phố") + _cell("Số người") + "</w:tr><w:tr>" + _cell("Khu phố 1")
            + _cell("120") + "</w:tr></w:tbl>" + PICTURE)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" '
        'ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdImage" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/image" Target="media/anh.png"/><Relationship '
        'Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
        'Target="styles.xml"/><Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/numbering" Target="numbering.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body>'
        '</w:document>',
        "word/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:styles {W}>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/></w:style></w:styles>',
        "word/numbering.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}><w:abstractNum '
        'w:abstractNumId="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:num w:numId="1">'
        '<w:abstractNumId w:val="0"/></w:num></w:numbering>',
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr("word/media/anh.png", picture)
    return out.getvalue()
