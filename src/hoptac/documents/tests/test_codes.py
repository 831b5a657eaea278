"""QR codes and barcodes in documents: a QR block and a QR aside drawn by both renderers, and the small label page,
with Liberation Serif still the only font embedded."""

from __future__ import annotations

import dataclasses
import io

import pytest
from docx import Document as read_docx
from pypdf import PdfReader

from hoptac.documents import codes
from hoptac.documents.engine import (
    DocumentError,
    Label,
    QRCode,
    Signature,
    Table,
    render_docx,
    render_html,
    render_label_pdf,
    render_pdf,
)

from .test_engine import docx_text, pdf_font_names, pdf_text, squash, state_document

URL = "https://hoptac.example.vn/xac-thuc/7KQ4-M2XD-P9HT/"
MM = 72 / 25.4


def _with_codes():
    return dataclasses.replace(
        state_document(),
        blocks=[
            *state_document().blocks,
            QRCode(URL, size_mm=20, lines=("Mã xác thực: 7KQ4-M2XD-P9HT", f"Kiểm tra tại: {URL}")),
        ],
        recipients=(),
        aside=QRCode(URL, size_mm=18, lines=("Mã xác thực: 7KQ4-M2XD-P9HT",)),
    )


def test_qr_svg_and_png_are_drawn():
    svg = codes.qr_svg(URL)
    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg and "<text" not in svg
    assert codes.qr_png(URL).startswith(b"\x89PNG")
    barcode = codes.code128_svg("MT-2026-00045")
    assert barcode.startswith("<svg") and "<!DOCTYPE" not in barcode and "<text" not in barcode
    assert codes.svg_data_uri(svg).startswith("data:image/svg+xml;base64,")


def test_pdf_prints_the_qr_lines_in_liberation_serif_only():
    reader = PdfReader(io.BytesIO(render_pdf(_with_codes())))
    text = squash(pdf_text(reader))
    assert squash("Mã xác thực: 7KQ4-M2XD-P9HT") in text
    assert squash(URL) in text
    names = pdf_font_names(reader)
    assert names and all("LiberationSerif" in n.replace("-", "") for n in names), names


def test_docx_embeds_the_qr_codes_as_pictures():
    document = read_docx(io.BytesIO(render_docx(_with_codes())))
    assert len(document.inline_shapes) == 2  # the block and the aside
    assert round(document.inline_shapes[0].width.mm) == 20
    text = docx_text(document)
    assert "Mã xác thực: 7KQ4-M2XD-P9HT" in text and URL in text


def test_small_tables_use_the_small_styles():
    table = Table(header=("A", "B"), rows=[("1", "2")], small=True)
    assert (table.cell_style, table.header_style) == ("table_small", "table_small_header")
    doc = dataclasses.replace(state_document(), blocks=[table])
    assert 'class="s-table_small"' in render_html(doc)


def test_malformed_codes_are_refused():
    with pytest.raises(DocumentError, match="QR code needs data"):
        dataclasses.replace(state_document(), blocks=[QRCode("  ")])
    with pytest.raises(DocumentError, match="aside"):
        dataclasses.replace(
            state_document(),
            aside=QRCode(URL),
            cosignature=Signature(title_lines=("Thư ký",), name="Lê Thị Mai"),
        )
    with pytest.raises(DocumentError, match="title"):
        Label(title=" ")


def test_a_label_is_its_own_small_page():
    label = Label(
        title="MT-2026-00045",
        lines=("Hợp tác xã Dịch vụ Nông nghiệp Ea Tu", "Nền mẫu: Nước thải sinh hoạt", "Lấy mẫu: 20/11/2026"),
        qr_data="MT-2026-00045",
        barcode_data="MT-2026-00045",
    )
    reader = PdfReader(io.BytesIO(render_label_pdf(label)))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    assert float(page.mediabox.width) == pytest.approx(100 * MM, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(50 * MM, abs=0.5)
    text = squash(pdf_text(reader))
    for expected in (label.title, *label.lines):
        assert squash(expected) in text
    names = pdf_font_names(reader)
    assert names and all("LiberationSerif" in n.replace("-", "") for n in names), names


def test_the_qr_code_is_drawn_into_the_pdf_not_dropped():
    # WeasyPrint draws an SVG image as vector paths in the page's content: a QR code adds a few hundred of them.
    def line_operators(doc) -> int:
        data = PdfReader(io.BytesIO(render_pdf(doc))).pages[0].get_contents().get_data()
        return data.count(b" l\n") + data.count(b" l ")

    plain = dataclasses.replace(state_document(), recipients=())
    with_qr = dataclasses.replace(plain, aside=QRCode(URL, size_mm=18))
    assert line_operators(with_qr) - line_operators(plain) > 100
