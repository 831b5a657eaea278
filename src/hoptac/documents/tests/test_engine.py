"""The document engine renders the state and party house formats to PDF and DOCX with Liberation Serif only."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pytest
from docx import Document as read_docx
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from hoptac.documents import formats
from hoptac.documents.engine import (
    BulletList,
    Document,
    DocumentError,
    Heading,
    Paragraph,
    Signature,
    Table,
    render_docx,
    render_pdf,
)

A4_POINTS = (595.28, 841.89)

RESULTS_TABLE = Table(
    header=("STT", "Chỉ tiêu", "Phương pháp thử", "Kết quả"),
    rows=[("1", "pH", "TCVN 6492:2011", "7,2"), ("2", "Độ đục (NTU)", "TCVN 12402-1:2020", "1,5")],
    widths=(1, 4, 4, 2),
)


def state_document() -> Document:
    return Document(
        format=formats.STATE,
        issuer=("Liên minh Hợp tác xã Việt Nam", "Viện Khoa học, Công nghệ và Môi trường"),
        number="12/PKQ-VKHCNMT",
        place="Hà Nội",
        date=datetime.date(2026, 11, 27),
        title="Phiếu kết quả thử nghiệm",
        summary="Mẫu nước giếng khoan của Hợp tác xã Ea Kao",
        blocks=[
            Heading("I. Thông tin mẫu"),
            Paragraph("Mẫu được lấy ngày 20 tháng 11 năm 2026 tại xã Ea Kao, tỉnh Đắk Lắk."),
            BulletList(["Nhiệt độ bảo quản: 4 °C;", "Thể tích: 2 lít."]),
            Heading("II. Kết quả thử nghiệm"),
            RESULTS_TABLE,
        ],
        signature=Signature(title_lines=("KT. Viện trưởng", "Phó Viện trưởng"), name="Nguyễn Thị Hương"),
        recipients=("Hợp tác xã Ea Kao;", "Lưu: VT, PTN."),
        footer="Mã xác thực: 7KQ2-M9XA",
        metadata={"author": "Viện Khoa học, Công nghệ và Môi trường"},
    )


def party_document() -> Document:
    return Document(
        format=formats.PARTY,
        issuer=("Đảng bộ Liên minh Hợp tác xã Việt Nam", "Chi bộ Viện Khoa học, Công nghệ và Môi trường"),
        number="07-BB/CB",
        place="Hà Nội",
        date=datetime.date(2026, 2, 5),
        title="Biên bản họp chi bộ",
        summary="Sinh hoạt chi bộ thường kỳ tháng 02 năm 2026",
        blocks=[
            Paragraph("Thời gian: 14 giờ 00, ngày 05 tháng 02 năm 2026. Có mặt 12/13 đảng viên."),
            Heading("1. Nội dung"),
            BulletList(["Đánh giá kết quả thực hiện nhiệm vụ tháng 01;", "Phương hướng tháng 02."]),
            Table(header=("Họ và tên", "Ý kiến"), rows=[("Trần Văn Bình", "Tán thành")]),
        ],
        cosignature=Signature(title_lines=("Thư ký",), name="Lê Thị Mai", stamp_area_mm=20),
        signature=Signature(title_lines=("T/M Chi bộ", "Bí thư"), name="Phạm Quốc Dũng", stamp_area_mm=20),
        recipients=("Đảng ủy cấp trên;", "Lưu chi bộ."),
    )


SAMPLES = {"state": state_document, "party": party_document}


@pytest.fixture(scope="module", params=sorted(SAMPLES))
def sample(request):
    """Each sample rendered once for the module: (document, PDF reader, DOCX document)."""
    doc = SAMPLES[request.param]()
    return doc, PdfReader(io.BytesIO(render_pdf(doc))), read_docx(io.BytesIO(render_docx(doc)))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_font_names(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            for descendant in font.get("/DescendantFonts", []):
                names.add(str(descendant.get_object()["/BaseFont"]))
    return names


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def expected_texts(doc: Document) -> list[str]:
    texts = [doc.title.upper(), doc.summary, doc.format.number_prefix + doc.number, doc.signature.name]
    texts += [doc.format.style("issuer").apply(doc.issuer[-1])]
    texts += [text for text, _ in doc.format.heading_lines]
    texts += [formats.format_place_date(doc.place, doc.date)]
    for block in doc.blocks:
        if isinstance(block, Paragraph | Heading):
            texts.append(block.text)
        elif isinstance(block, BulletList):
            texts.extend(block.items)
        elif isinstance(block, Table):
            texts.extend(block.header)
            texts.extend(cell for row in block.rows for cell in row)
    return texts


def squash(text: str) -> str:
    """Text extraction breaks lines where the layout does; compare without whitespace."""
    return "".join(text.split())


def test_pdf_contains_the_vietnamese_texts(sample):
    doc, reader, _ = sample
    text = squash(pdf_text(reader))
    for expected in expected_texts(doc):
        assert squash(expected) in text, expected


def test_state_pdf_has_the_national_heading_and_party_pdf_never_does(sample):
    doc, reader, _ = sample
    text = squash(pdf_text(reader))
    assert (squash("Độc lập - Tự do - Hạnh phúc") in text) == (doc.format is formats.STATE)
    assert (squash("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") in text) == (doc.format is formats.STATE)
    assert (squash("ĐẢNG CỘNG SẢN VIỆT NAM") in text) == (doc.format is formats.PARTY)


def test_pdf_embeds_liberation_serif_and_no_other_font(sample):
    # fonts-liberation 1.07 lacks Vietnamese letters and WeasyPrint would silently mix in another font
    # (documents.md): every embedded font must be Liberation Serif.
    _, reader, _ = sample
    names = pdf_font_names(reader)
    assert names
    for name in names:
        assert "LiberationSerif" in name.replace("-", ""), names


def test_pdf_pages_are_a4_portrait(sample):
    _, reader, _ = sample
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4_POINTS[0], abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(A4_POINTS[1], abs=0.5)


def test_pdf_metadata_names_the_document(sample):
    doc, reader, _ = sample
    assert reader.metadata.title == doc.title


def test_docx_contains_the_vietnamese_texts(sample):
    doc, _, document = sample
    text = squash(docx_text(document))
    for expected in expected_texts(doc):
        assert squash(expected) in text, expected
    if doc.footer:
        assert doc.footer in docx_text(document)


def test_docx_body_style_is_liberation_serif_at_the_format_size(sample):
    doc, _, document = sample
    normal = document.styles["Normal"]
    assert normal.font.name == "Liberation Serif"
    assert normal.font.size == Pt(doc.format.body_size_pt)
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert rfonts.get(qn(slot)) == "Liberation Serif"
    for run in (r for p in document.paragraphs for r in p.runs):
        assert run.font.name == "Liberation Serif"


def test_docx_margins_and_page_follow_the_format(sample):
    doc, _, document = sample
    fmt = doc.format
    for section in document.sections:  # DOCX keeps twentieths of a point: equal within 0.02 mm
        assert section.page_width.mm == pytest.approx(fmt.page_width_mm, abs=0.02)
        assert section.page_height.mm == pytest.approx(fmt.page_height_mm, abs=0.02)
        assert section.top_margin.mm == pytest.approx(fmt.margin_top_mm, abs=0.02)
        assert section.bottom_margin.mm == pytest.approx(fmt.margin_bottom_mm, abs=0.02)
        assert section.left_margin.mm == pytest.approx(fmt.margin_left_mm, abs=0.02)
        assert section.right_margin.mm == pytest.approx(fmt.margin_right_mm, abs=0.02)


def test_docx_header_is_a_two_column_table(sample):
    doc, _, document = sample
    left, right = document.tables[0].rows[0].cells
    assert doc.format.style("issuer").apply(doc.issuer[-1]) in left.text
    assert doc.format.heading_lines[0][0] in right.text
    assert formats.format_place_date(doc.place, doc.date) in right.text


def test_formats_keep_documents_md_figures():
    state = formats.STATE
    assert (state.margin_top_mm, state.margin_bottom_mm) == (20, 20)
    assert 30 <= state.margin_left_mm <= 35 and 15 <= state.margin_right_mm <= 20
    assert 13 <= state.body_size_pt <= 14 and 1 <= state.line_spacing <= 1.5
    assert state.paragraph_space_after_pt >= 6
    assert state.style("number").size_pt == 13
    assert state.style("place_date").italic
    assert state.style("motto").bold and state.style("motto").underline
    assert formats.PARTY.heading_lines == (("ĐẢNG CỘNG SẢN VIỆT NAM", "national"),)
    assert formats.PARTY.issuer_mark == "*"
    for fmt in formats.FORMATS.values():
        assert fmt.font_family == "Liberation Serif"
        assert set(fmt.styles) == set(formats.STATE.styles)


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime.date(2026, 11, 27), "Hà Nội, ngày 27 tháng 11 năm 2026"),
        (datetime.date(2026, 8, 19), "Hà Nội, ngày 19 tháng 8 năm 2026"),
        (datetime.date(2026, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2027, 1, 31), "Hà Nội, ngày 31 tháng 01 năm 2027"),
        (datetime.date(2026, 12, 1), "Hà Nội, ngày 01 tháng 12 năm 2026"),
    ],
)
def test_place_and_date_line(date, expected):
    assert formats.format_place_date("Hà Nội", date) == expected


def test_missing_required_fields_are_named():
    with pytest.raises(DocumentError, match=r"missing required field\(s\): place, title"):
        dataclasses.replace(state_document(), title="  ", place="")
    with pytest.raises(DocumentError, match="issuer"):
        dataclasses.replace(state_document(), issuer=())


def test_malformed_blocks_are_refused():
    bad_table = Table(header=("STT", "Chỉ tiêu"), rows=[("1",)])
    with pytest.raises(DocumentError, match="row 0 has 1 cells, the header has 2"):
        dataclasses.replace(state_document(), blocks=[bad_table])
    with pytest.raises(DocumentError, match="unknown key"):
        dataclasses.replace(state_document(), metadata={"colour": "red"})
    with pytest.raises(DocumentError, match="signature needs a name"):
        dataclasses.replace(state_document(), signature=Signature(title_lines=("Viện trưởng",), name=""))


def test_a_line_break_in_a_table_cell_is_kept_by_both_renderers():
    # A test report prints the method under the parameter's name, in one cell.
    table = Table(
        header=("TT", "Chỉ tiêu\nPhương pháp thử", "Kết quả"),
        rows=[("1", "Nhu cầu ôxy sinh hóa (BOD5, 20 °C)\nSMEWW 5210B:2017", "75")],
        widths=(1, 10, 3),
        small=True,
    )
    doc = dataclasses.replace(state_document(), blocks=[table])
    lines = pdf_text(PdfReader(io.BytesIO(render_pdf(doc)))).splitlines()
    # Text extraction joins the cells of one baseline: the name ends its line, the method has the next to itself.
    name_line = next(i for i, line in enumerate(lines) if line.endswith("Nhu cầu ôxy sinh hóa (BOD5, 20 °C)"))
    assert lines[name_line + 1] == "SMEWW 5210B:2017"
    header_line = next(i for i, line in enumerate(lines) if line.endswith("Chỉ tiêu"))
    assert lines[header_line + 1] == "Phương pháp thử"
    docx = read_docx(io.BytesIO(render_docx(doc)))
    cell = docx.tables[1].rows[1].cells[1]
    assert cell.text == "Nhu cầu ôxy sinh hóa (BOD5, 20 °C)\nSMEWW 5210B:2017"
    assert len(cell._tc.findall(".//" + qn("w:br"))) == 1
    runs = [r for p in cell.paragraphs for r in p.runs]
    assert {r.font.size for r in runs} == {Pt(formats.STATE.style("table_small").size_pt)}
    assert {r.font.name for r in runs} == {"Liberation Serif"}


def test_the_compact_state_format_stays_inside_documents_md():
    compact = formats.STATE_COMPACT
    assert 13 <= compact.body_size_pt <= 14 and 1 <= compact.line_spacing <= 1.5
    assert compact.style("body").size_pt == compact.body_size_pt
    for key in ("doc_type", "summary"):  # documents.md: 13–14 pt bold
        assert 13 <= compact.style(key).size_pt <= 14 and compact.style(key).bold
    for key in (
        "national",
        "motto",
        "parent",
        "issuer",
        "number",
        "place_date",
        "table_small",
        "page_number",
    ):
        assert compact.style(key) == formats.STATE.style(key), key
    assert (compact.margin_top_mm, compact.margin_left_mm) == (formats.STATE.margin_top_mm, 30)
