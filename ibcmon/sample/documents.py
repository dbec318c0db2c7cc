"""Small real-looking documents for the sample world: a minimal PDF and a DOCX."""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from ibcmon.sample.world import Resource

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_bytes(title: str, lines: list[str] | None = None) -> bytes:
    """A valid one-page PDF. Text is transliterated to Latin (no embedded Cyrillic font)."""
    text_lines = [_translit(title)] + [_translit(x) for x in (lines or [])]
    ops = ["BT", "/F1 14 Tf", "50 780 Td"]
    for i, line in enumerate(text_lines):
        if i:
            ops.append("0 -20 Td")
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Title (" + _translit(title).encode("latin-1") + b") /Producer (ibcmon sample) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{num} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_bytes(title: str, paragraphs: list[str] | None = None) -> bytes:
    """A minimal valid DOCX (Office Open XML) with Russian text; deterministic bytes."""
    body = "".join(
        f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(p)}</w:t></w:r></w:p>"
        for p in [title, *(paragraphs or [])]
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 9, 1, 12, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, content.encode("utf-8"))
    return out.getvalue()


def pdf(title: str, lines: list[str] | None = None, filename: str | None = None) -> Resource:
    headers = {"Content-Disposition": f'inline; filename="{filename}"'} if filename else {}
    return Resource(body=pdf_bytes(title, lines), content_type=PDF_TYPE, headers=headers)


def docx(title: str, paragraphs: list[str] | None = None, filename: str | None = None) -> Resource:
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'} if filename else {}
    return Resource(body=docx_bytes(title, paragraphs), content_type=DOCX_TYPE, headers=headers)


_TR = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True,
))


def _translit(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in _TR:
            rep = _TR[low]
            out.append(rep.capitalize() if ch != low else rep)
        elif ord(ch) < 128:
            out.append(ch)
        elif ch in "–—":
            out.append("-")
        elif ch in "«»":
            out.append('"')
        elif ch == "№":
            out.append("No")
        else:
            out.append(" ")
    return "".join(out)
