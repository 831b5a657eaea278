"""A framed box (a ballot paper's stamp place) and a document nobody signs, in both renderers."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from hoptac.documents import formats
from hoptac.documents.engine import (
    Box,
    Document,
    DocumentError,
    Paragraph,
    Signature,
    layout,
    render_docx,
    render_html,
    render_pdf,
)


def ballot() -> Document:
    return Document(
        format=formats.PARTY,
        issuer=("Đảng bộ cấp trên", "Chi bộ Viện"),
        place="Hà Nội",
        date=datetime.date(2025, 8, 19),
        title="Phiếu bầu cử",
        blocks=[
            Paragraph("Nguyễn Văn An"),
            Box(lines=("Dấu của Ban Kiểm phiếu",), height_mm=25, width=0.4, align="right"),
        ],
        signature=None,
    )


def test_a_box_is_framed_in_the_pdf_and_nothing_closes_an_unsigned_document():
    doc = ballot()
    assert layout(doc).signature is None
    html = render_html(doc)
    assert 'class="box box-right"' in html and "height: 25mm" in html and "width: 40%" in html
    assert 'class="closing' not in html
    text = PdfReader(io.BytesIO(render_pdf(doc))).pages[0].extract_text()
    assert "Dấu của Ban Kiểm phiếu" in text and "Nguyễn Văn An" in text


def test_a_box_is_a_bordered_cell_of_at_least_its_height_in_the_docx():
    docx = read_docx(io.BytesIO(render_docx(ballot())))
    box = docx.tables[-1]  # the header table first, then the box; no closing table
    assert len(docx.tables) == 2
    assert box.style.name == "Table Grid"
    assert box.rows[0].cells[0].text == "Dấu của Ban Kiểm phiếu"
    height = box.rows[0]._tr.find(".//" + qn("w:trHeight"))
    assert height.get(qn("w:hRule")) == "atLeast"
    assert abs(box.rows[0].height.mm - 25) < 0.1


def test_malformed_boxes_and_an_unsigned_document_with_a_closing_are_refused():
    for bad in (Box(height_mm=0), Box(width=1.5), Box(align="top")):
        with pytest.raises(DocumentError, match="a box needs"):
            dataclasses.replace(ballot(), blocks=[bad])
    with pytest.raises(DocumentError, match="no closing"):
        dataclasses.replace(ballot(), recipients=("Lưu chi bộ.",))
    with pytest.raises(DocumentError, match="no closing"):
        dataclasses.replace(ballot(), cosignature=Signature(title_lines=("Thư ký",), name="A"))
