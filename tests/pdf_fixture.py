"""A small valid PDF for tests and the demo's sample attachments (no PDF library is installed; the format
needs five objects and a cross-reference table of their byte offsets)."""


def minimal_pdf(lines: list[str], size: int | None = None) -> bytes:
    """A one-page PDF showing `lines` (ASCII) in Helvetica: valid, with a correct cross-reference table;
    `size`: padded to exactly that many bytes by a comment after the header."""
    data = _pdf(lines, 0)
    if size is None:
        return data
    padded = _pdf(lines, size - len(data))
    return _pdf(lines, size - len(data) - (len(padded) - size))  # the offsets' digits grow with the padding


def _pdf(lines: list[str], pad: int) -> bytes:
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '" for line in lines) + " ET"
    stream = text.encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    if pad >= 2:
        out += b"%" + b"-" * (pad - 2) + b"\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
