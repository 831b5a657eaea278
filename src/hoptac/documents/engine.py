"""One data context (``Document``), two renderers: ``render_pdf`` (WeasyPrint) and ``render_docx`` (python-docx).

Both renderers start from the same ``layout(doc)`` — the header, title and closing as lines tagged with a style
key of the house format — and read every size, weight and margin from ``formats``. Officials edit the DOCX before
signing; the PDF is the fixed copy (documents.md, "Editable and fixed formats").

Usage::

    doc = Document(
        format=formats.STATE,
        issuer=("Liên minh Hợp tác xã Việt Nam", "Viện Khoa học, Công nghệ và Môi trường"),
        number="12/BC-VKHCNMT", place="Hà Nội", date=datetime.date(2026, 11, 27),
        title="Báo cáo", summary="Kết quả thử nghiệm mẫu nước",
        blocks=[Paragraph("…"), Table(header=("STT", "Chỉ tiêu"), rows=[("1", "pH")])],
        signature=Signature(title_lines=("Viện trưởng",), name="Nguyễn Văn A"),
        recipients=("Như trên;", "Lưu: VT."),
    )
    pdf_bytes, docx_bytes = render_pdf(doc), render_docx(doc)

A ``QRCode`` block prints a QR code with lines of text beside it (a verification code and its address) in both
renderers. A ``Box`` is a framed empty area with a few lines in it (the place of a seal on a ballot paper). A
document without a signer (a form to fill in, a ballot paper) passes ``signature=None``: nothing closes it.
A ``Label`` is the other kind of document: a small page (a sample label, 100 × 50 mm) with a title,
lines, a QR code and a Code 128 barcode, printed to PDF by the same WeasyPrint path and fonts.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from django.template import Context, Engine
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .formats import BODY_FONT, HouseFormat, TextStyle, format_place_date


class DocumentError(ValueError):
    """A document context that cannot be rendered (a required field is missing or a block is malformed)."""


# --- the data context ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 or 2
    kind: ClassVar[str] = "heading"

    @property
    def style_key(self) -> str:
        return "heading1" if self.level <= 1 else "heading2"


@dataclass(frozen=True)
class BulletList:
    """Items printed with a leading dash, the way Vietnamese official documents list points."""

    items: Sequence[str]
    marker: str = "-"
    kind: ClassVar[str] = "list"


@dataclass(frozen=True)
class Table:
    """A simple table: one header row (repeated on every page) and rows of plain text cells. A ``"\n"`` in a cell
    starts a new line inside the cell in both renderers (a test report prints the method under the parameter's
    name)."""

    header: Sequence[str]
    rows: Sequence[Sequence[str]]
    widths: Sequence[float] | None = None  # relative column widths; equal when None
    small: bool = False  # the format's small table styles, for wide tables (a results table of 8 columns)
    kind: ClassVar[str] = "table"

    @property
    def cell_style(self) -> str:
        return "table_small" if self.small else "table"

    @property
    def header_style(self) -> str:
        return "table_small_header" if self.small else "table_header"

    def column_fractions(self) -> list[float]:
        widths = list(self.widths) if self.widths else [1.0] * len(self.header)
        total = sum(widths)
        return [w / total for w in widths]


@dataclass(frozen=True)
class QRCode:
    """A QR code of ``data``, ``size_mm`` square, with ``lines`` printed beside it in the table style (e.g. the
    verification code and the address it encodes, so a reader without a phone can type it)."""

    data: str
    size_mm: float = 24.0
    lines: Sequence[str] = ()
    kind: ClassVar[str] = "qrcode"

    @property
    def svg_uri(self) -> str:
        from . import codes

        return codes.svg_data_uri(codes.qr_svg(self.data))


@dataclass(frozen=True)
class Box:
    """A framed area ``height_mm`` high and ``width`` (a fraction of the text width) wide, aligned left, centre
    or right, with ``lines`` centred at its top in the table style — e.g. the place the counting committee stamps
    on a ballot paper ("Dấu của Ban Kiểm phiếu")."""

    lines: Sequence[str] = ()
    height_mm: float = 30.0
    width: float = 0.4
    align: str = "right"  # "left", "center" or "right"
    kind: ClassVar[str] = "box"

    ALIGNS: ClassVar[frozenset[str]] = frozenset({"left", "center", "right"})


Block = Paragraph | Heading | BulletList | Table | QRCode | Box
BLOCK_TYPES = (Paragraph, Heading, BulletList, Table, QRCode, Box)


@dataclass(frozen=True)
class Signature:
    """The signer's block: authority and title lines (``("T/M Chi bộ", "Bí thư")``), the name, and the empty
    space left for the signature and seal (``stamp_area_mm``). ``note`` is printed inside that space when the
    document is issued without a wet signature (e.g. ``"(Đã ký)"``)."""

    title_lines: Sequence[str]
    name: str
    stamp_area_mm: float = 30.0
    note: str = ""


@dataclass(frozen=True)
class Document:
    """Everything a generated document says. ``issuer`` lists the bodies from the top: the parent (superior)
    bodies first, the issuing body last. ``number`` is the number and symbol without the "Số" prefix
    (``"12/BC-VKHCNMT"``), which the format adds. ``title`` is the document type (``"Báo cáo"``, printed in
    capitals), ``summary`` its subject line. ``signature`` may be None only for a document nobody signs (a ballot
    paper): then nothing closes it (no cosignature, aside or recipients either). ``cosignature`` is a second
    signer printed on the left (the secretary of a meeting's minutes); with it, the recipients move under the
    signatures. ``aside`` is a QR code printed on the left of the signature, its lines under it (a test report's
    verification code), when there is no cosignature; the recipients then move under the signatures too."""

    format: HouseFormat
    issuer: Sequence[str]
    place: str
    date: datetime.date
    title: str
    signature: Signature | None
    number: str = ""
    summary: str = ""
    blocks: Sequence[Block] = ()
    cosignature: Signature | None = None
    recipients: Sequence[str] = ()
    footer: str = ""
    metadata: dict[str, str] = field(default_factory=dict)
    aside: QRCode | None = None

    REQUIRED: ClassVar[tuple[str, ...]] = ("format", "issuer", "place", "date", "title")
    METADATA_KEYS: ClassVar[frozenset[str]] = frozenset({"title", "author", "subject", "keywords"})

    def __post_init__(self) -> None:
        missing = [name for name in self.REQUIRED if _is_blank(getattr(self, name))]
        if missing:
            raise DocumentError(f"Document is missing required field(s): {', '.join(missing)}")
        if not isinstance(self.format, HouseFormat):
            raise DocumentError(
                f"Document.format must be a HouseFormat (formats.STATE or formats.PARTY), got {self.format!r}"
            )
        if not isinstance(self.date, datetime.date):
            raise DocumentError(f"Document.date must be a date, got {self.date!r}")
        if self.signature is None and (self.cosignature or self.aside or self.recipients):
            raise DocumentError("Document.signature is None: a document without a signer has no closing")
        for sig_name in ("signature", "cosignature"):
            sig = getattr(self, sig_name)
            if sig is not None and (_is_blank(sig.name) or _is_blank(sig.title_lines)):
                raise DocumentError(f"Document.{sig_name} needs a name and at least one title line")
        for index, block in enumerate(self.blocks):
            if not isinstance(block, BLOCK_TYPES):
                raise DocumentError(
                    f"Document.blocks[{index}] is not a Paragraph, Heading, BulletList, Table, QRCode or Box"
                )
            if isinstance(block, Box) and (
                block.height_mm <= 0 or not 0 < block.width <= 1 or block.align not in Box.ALIGNS
            ):
                raise DocumentError(
                    f"Document.blocks[{index}]: a box needs a positive height, a width in (0, 1] and an alignment"
                )
            if isinstance(block, QRCode) and (_is_blank(block.data) or block.size_mm <= 0):
                raise DocumentError(f"Document.blocks[{index}]: a QR code needs data and a positive size")
            if isinstance(block, Table):
                if not block.header:
                    raise DocumentError(f"Document.blocks[{index}]: a table needs a header row")
                for row_number, row in enumerate(block.rows):
                    if len(row) != len(block.header):
                        raise DocumentError(
                            f"Document.blocks[{index}]: row {row_number} has {len(row)} cells, "
                            f"the header has {len(block.header)}"
                        )
                if block.widths is not None and len(block.widths) != len(block.header):
                    raise DocumentError(f"Document.blocks[{index}]: widths do not match the header")
        unknown = set(self.metadata) - self.METADATA_KEYS
        if unknown:
            raise DocumentError(f"Document.metadata has unknown key(s): {', '.join(sorted(unknown))}")
        if self.aside is not None:
            if not isinstance(self.aside, QRCode) or _is_blank(self.aside.data):
                raise DocumentError("Document.aside must be a QRCode with data")
            if self.cosignature is not None:
                raise DocumentError(
                    "Document.aside and Document.cosignature both want the left of the closing"
                )


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not value or all(_is_blank(item) for item in value)
    return False


# --- the shared layout ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    text: str
    style: str  # a key of HouseFormat.styles


@dataclass(frozen=True)
class SignatureLayout:
    title_lines: list[Line]
    note: Line | None
    name: Line
    stamp_area_mm: float


@dataclass(frozen=True)
class Layout:
    """What both renderers print, in order, with the style of every line already chosen."""

    header_left: list[Line]  # parent bodies, issuing body
    issuer_mark: str  # "rule" or a text mark
    number: Line | None
    header_right: list[Line]  # national or party heading (and motto)
    place_date: Line
    title: list[Line]
    blocks: Sequence[Block]
    closing_left: SignatureLayout | None  # the cosignature
    aside: QRCode | None  # or a QR code with its lines
    signature: SignatureLayout | None  # None: no closing at all
    recipients_label: Line | None
    recipients: list[Line]
    recipients_below: bool  # with a cosignature the recipients go under the two signatures
    footer: str


def _line(fmt: HouseFormat, text: str, key: str) -> Line:
    return Line(fmt.style(key).apply(text), key)


def _signature_layout(fmt: HouseFormat, sig: Signature) -> SignatureLayout:
    return SignatureLayout(
        title_lines=[_line(fmt, t, "signature_title") for t in sig.title_lines if t.strip()],
        note=_line(fmt, sig.note, "signature_note") if sig.note.strip() else None,
        name=_line(fmt, sig.name, "signer"),
        stamp_area_mm=sig.stamp_area_mm,
    )


def layout(doc: Document) -> Layout:
    fmt = doc.format
    bodies = [b for b in doc.issuer if b.strip()]
    header_left = [_line(fmt, b, "parent") for b in bodies[:-1]] + [_line(fmt, bodies[-1], "issuer")]
    title = [_line(fmt, doc.title, "doc_type")]
    if doc.summary.strip():
        title.append(_line(fmt, doc.summary, "summary"))
    recipients = [_line(fmt, r, "recipients") for r in doc.recipients if r.strip()]
    return Layout(
        header_left=header_left,
        issuer_mark=fmt.issuer_mark,
        number=_line(fmt, fmt.number_prefix + doc.number.strip(), "number") if doc.number.strip() else None,
        header_right=[_line(fmt, text, key) for text, key in fmt.heading_lines],
        place_date=_line(fmt, format_place_date(doc.place, doc.date), "place_date"),
        title=title,
        blocks=list(doc.blocks),
        closing_left=_signature_layout(fmt, doc.cosignature) if doc.cosignature else None,
        aside=doc.aside,
        signature=_signature_layout(fmt, doc.signature) if doc.signature else None,
        recipients_label=_line(fmt, fmt.recipients_label, "recipients_label") if recipients else None,
        recipients=recipients,
        recipients_below=doc.cosignature is not None or doc.aside is not None,
        footer=doc.footer.strip(),
    )


# --- PDF -----------------------------------------------------------------------------------------------------

# The engine's own template engine: the PDF templates load whether or not the app is in INSTALLED_APPS, and no
# project context processor or template override reaches a generated document.
_TEMPLATES = Engine(
    dirs=[str(Path(__file__).resolve().parent / "templates")],
    libraries={"l10n": "django.templatetags.l10n"},
    autoescape=True,
)


def _render(template: str, context: dict) -> str:
    return _TEMPLATES.get_template(template).render(Context(context))


def render_html(doc: Document) -> str:
    """The HTML that WeasyPrint prints (useful to look at while changing the template)."""
    fmt = doc.format
    styles = [(key, style) for key, style in fmt.styles.items()]
    css = _render("documents/format.css", {"fmt": fmt, "styles": styles})
    return _render(
        "documents/base.html",
        {"doc": doc, "fmt": fmt, "layout": layout(doc), "css": css, "metadata": doc.metadata},
    )


def render_pdf(doc: Document) -> bytes:
    """The fixed copy: a PDF with Liberation Serif embedded (subset) by WeasyPrint from the system fonts."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.2 s, only documents need it

    return HTML(string=render_html(doc)).write_pdf()


# --- DOCX ----------------------------------------------------------------------------------------------------

_ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT", "justify": "JUSTIFY"}


def _set_run_fonts(rpr_parent, family: str) -> None:
    """Name the font for every script slot, so Word shows Liberation Serif for Latin, Vietnamese (hAnsi),
    East Asian and complex-script text alike, and drop the theme fonts that would override it."""
    rpr = rpr_parent.find(qn("w:rPr"))
    if rpr is None:
        rpr = rpr_parent.makeelement(qn("w:rPr"), {})
        rpr_parent.append(rpr)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), family)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)


class _DocxWriter:
    def __init__(self, doc: Document):
        self.doc = doc
        self.fmt = doc.format
        self.docx = DocxDocument()

    # helpers

    def _paragraph_format(self, paragraph, style: TextStyle, *, indent_first: bool = False, space_after=None):
        pf = paragraph.paragraph_format
        pf.alignment = getattr(WD_ALIGN_PARAGRAPH, _ALIGN[style.align])
        pf.space_before = Pt(0)
        pf.space_after = Pt(self.fmt.paragraph_space_after_pt if space_after is None else space_after)
        pf.line_spacing = self.fmt.line_spacing
        if indent_first:
            pf.first_line_indent = Mm(self.fmt.first_line_indent_mm)

    def _run(self, paragraph, text: str, style: TextStyle, *, bold=None, italic=None):
        run = paragraph.add_run(text)
        run.font.size = Pt(style.size_pt)
        run.font.bold = style.bold if bold is None else (bold or style.bold)
        run.font.italic = style.italic if italic is None else (italic or style.italic)
        run.font.underline = style.underline or None
        run.font.name = self.fmt.font_family
        _set_run_fonts(run._r, self.fmt.font_family)
        return run

    def _line(self, container, line: Line, *, space_after: float = 0):
        style = self.fmt.style(line.style)
        paragraph = container.add_paragraph()
        self._paragraph_format(paragraph, style, space_after=space_after)
        self._run(paragraph, line.text, style)
        return paragraph

    def _table(self, rows: int, fractions: Sequence[float], *, style: str | None = None):
        table = self.docx.add_table(rows=rows, cols=len(fractions))
        if style:
            table.style = self.docx.styles[style]
        table.autofit = False
        for index, fraction in enumerate(fractions):
            width = Mm(self.fmt.text_width_mm * fraction)
            table.columns[index].width = width
            for cell in table.columns[index].cells:
                cell.width = width
        return table

    @staticmethod
    def _clear(cell):
        # A new cell holds one empty paragraph; remove it so the cell starts with our first line.
        for paragraph in list(cell.paragraphs):
            paragraph._element.getparent().remove(paragraph._element)

    def _rule(self, cell, column_mm: float):
        """The short solid line under the issuing body: a paragraph with a top border, indented on both sides."""
        paragraph = cell.add_paragraph()
        pf = paragraph.paragraph_format
        side = column_mm * (1 - self.fmt.issuer_rule_ratio) / 2
        pf.left_indent = Mm(side)
        pf.right_indent = Mm(side)
        pf.space_before = Pt(2)
        pf.space_after = Pt(0)
        pf.line_spacing = Pt(2)
        ppr = paragraph._p.get_or_add_pPr()
        borders = ppr.makeelement(qn("w:pBdr"), {})
        top = borders.makeelement(
            qn("w:top"), {qn("w:val"): "single", qn("w:sz"): "6", qn("w:space"): "1", qn("w:color"): "000000"}
        )
        borders.append(top)
        ppr.append(borders)

    # parts

    def setup(self) -> None:
        fmt = self.fmt
        section = self.docx.sections[0]
        section.page_width = Mm(fmt.page_width_mm)
        section.page_height = Mm(fmt.page_height_mm)
        section.top_margin = Mm(fmt.margin_top_mm)
        section.bottom_margin = Mm(fmt.margin_bottom_mm)
        section.left_margin = Mm(fmt.margin_left_mm)
        section.right_margin = Mm(fmt.margin_right_mm)
        normal = self.docx.styles["Normal"]
        normal.font.name = fmt.font_family
        normal.font.size = Pt(fmt.body_size_pt)
        _set_run_fonts(normal.element, fmt.font_family)
        normal.paragraph_format.line_spacing = fmt.line_spacing
        normal.paragraph_format.space_after = Pt(fmt.paragraph_space_after_pt)
        # The document defaults name the theme fonts (Calibri/Cambria); name ours instead, so that styles not
        # based on Normal (tables, headers) use it too.
        defaults = self.docx.styles.element.find(qn("w:docDefaults"))
        rpr_default = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        if rpr_default is not None:
            _set_run_fonts(rpr_default, fmt.font_family)
        props = self.docx.core_properties
        meta = self.doc.metadata
        props.title = meta.get("title", self.doc.title)
        props.author = meta.get("author", self.doc.issuer[-1])
        props.subject = meta.get("subject", self.doc.summary)
        props.keywords = meta.get("keywords", "")
        props.created = datetime.datetime.combine(self.doc.date, datetime.time(), tzinfo=datetime.UTC)
        if fmt.page_numbers:
            self._page_numbers(section)
        if self.doc.footer.strip():
            for footer in (section.footer, section.first_page_footer):
                self._line(footer, Line(self.doc.footer.strip(), "footer"))
                # the footer part starts with one empty paragraph: drop it
                first = footer.paragraphs[0]
                if not first.text:
                    first._element.getparent().remove(first._element)

    def _page_numbers(self, section) -> None:
        section.different_first_page_header_footer = not self.fmt.page_numbers_on_first_page
        header = section.header
        paragraph = header.paragraphs[0]
        style = self.fmt.style("page_number")
        self._paragraph_format(paragraph, style, space_after=0)
        run = self._run(paragraph, "", style)
        for tag, attrs in (
            ("w:fldChar", {qn("w:fldCharType"): "begin"}),
            ("w:instrText", {qn("xml:space"): "preserve"}),
            ("w:fldChar", {qn("w:fldCharType"): "separate"}),
            ("w:t", {}),
            ("w:fldChar", {qn("w:fldCharType"): "end"}),
        ):
            element = run._r.makeelement(qn(tag), attrs)
            if tag == "w:instrText":
                element.text = " PAGE "
            elif tag == "w:t":
                element.text = "1"
            run._r.append(element)

    def header(self, lay: Layout) -> None:
        fractions = self.fmt.header_columns
        table = self._table(1, fractions)
        left, right = table.rows[0].cells
        self._clear(left)
        self._clear(right)
        for line in lay.header_left:
            self._line(left, line)
        if lay.issuer_mark == "rule":
            self._rule(left, self.fmt.text_width_mm * fractions[0])
        else:
            self._line(left, Line(lay.issuer_mark, "issuer_mark"))
        if lay.number:
            self._line(left, Line("", "number"), space_after=0)
            self._line(left, lay.number)
        for line in lay.header_right:
            self._line(right, line)
        self._line(right, Line("", "place_date"))
        self._line(right, lay.place_date)

    def title(self, lay: Layout) -> None:
        first = True
        for line in lay.title:
            paragraph = self._line(self.docx, line)
            if first:
                paragraph.paragraph_format.space_before = Pt(18)
                first = False
        self.docx.paragraphs[-1].paragraph_format.space_after = Pt(12)

    def blocks(self, lay: Layout) -> None:
        fmt = self.fmt
        for block in lay.blocks:
            if isinstance(block, Paragraph):
                style = fmt.style("body")
                paragraph = self.docx.add_paragraph()
                self._paragraph_format(paragraph, style, indent_first=True)
                self._run(paragraph, block.text, style, bold=block.bold, italic=block.italic)
            elif isinstance(block, Heading):
                style = fmt.style(block.style_key)
                paragraph = self.docx.add_paragraph()
                self._paragraph_format(paragraph, style, indent_first=True)
                self._run(paragraph, style.apply(block.text), style)
                paragraph.paragraph_format.keep_with_next = True
            elif isinstance(block, BulletList):
                style = fmt.style("body")
                for item in block.items:
                    paragraph = self.docx.add_paragraph()
                    self._paragraph_format(paragraph, style, indent_first=True)
                    self._run(paragraph, f"{block.marker} {item}", style)
            elif isinstance(block, Table):
                self._data_table(block)
            elif isinstance(block, QRCode):
                self._qr_code(block)
            elif isinstance(block, Box):
                self._box(block)

    def _box(self, block: Box) -> None:
        """A one-cell bordered table of the box's width and (at least) its height, aligned as asked."""
        from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT

        table = self._table(1, (block.width,), style="Table Grid")
        table.alignment = getattr(WD_TABLE_ALIGNMENT, block.align.upper())
        row = table.rows[0]
        row.height = Mm(block.height_mm)
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        cell = row.cells[0]
        self._clear(cell)
        for text in block.lines:
            paragraph = self._line(cell, Line(text, "table"))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not cell.paragraphs:
            cell.add_paragraph()
        self.docx.add_paragraph().paragraph_format.space_after = Pt(0)

    def _qr_code(self, block: QRCode) -> None:
        """The QR code as PNG (Word cannot embed SVG) in a borderless two-column table, the lines beside it."""
        from . import codes

        side = (block.size_mm + 4) / self.fmt.text_width_mm
        table = self._table(1, (side, 1 - side))
        left, right = table.rows[0].cells
        self._clear(right)
        paragraph = left.paragraphs[0]
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run().add_picture(io.BytesIO(codes.qr_png(block.data)), width=Mm(block.size_mm))
        for text in block.lines:
            self._line(right, Line(text, "table"))
        if not right.paragraphs:
            right.add_paragraph()
        self.docx.add_paragraph().paragraph_format.space_after = Pt(0)

    def _data_table(self, block: Table) -> None:
        table = self._table(1 + len(block.rows), block.column_fractions(), style="Table Grid")
        header_style, cell_style = self.fmt.style(block.header_style), self.fmt.style(block.cell_style)
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))  # repeat the header row on every page
        for row_index, values in enumerate([block.header, *block.rows]):
            style = header_style if row_index == 0 else cell_style
            for cell, value in zip(table.rows[row_index].cells, values, strict=True):
                paragraph = cell.paragraphs[0]
                self._paragraph_format(paragraph, style, space_after=0)
                paragraph.paragraph_format.line_spacing = 1.0
                for line_index, text in enumerate(str(value).split("\n")):
                    if line_index:
                        self._run(paragraph, "", style).add_break()  # a line break inside the cell
                    self._run(paragraph, text, style)
        self.docx.add_paragraph().paragraph_format.space_after = Pt(0)

    def _signature(self, cell, sig: SignatureLayout) -> None:
        for line in sig.title_lines:
            self._line(cell, line)
        if sig.note:
            paragraph = self._line(cell, sig.note)
            paragraph.paragraph_format.space_before = Mm(sig.stamp_area_mm / 2)
            paragraph.paragraph_format.space_after = Mm(sig.stamp_area_mm / 2)
            name = self._line(cell, sig.name)
        else:
            name = self._line(cell, sig.name)
            name.paragraph_format.space_before = Mm(sig.stamp_area_mm)

    def _recipients(self, cell, lay: Layout) -> None:
        if lay.recipients_label:
            self._line(cell, lay.recipients_label)
            for line in lay.recipients:
                self._line(cell, Line(f"- {line.text}", line.style))

    def _aside(self, cell, block: QRCode) -> None:
        from . import codes

        paragraph = cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.add_run().add_picture(io.BytesIO(codes.qr_png(block.data)), width=Mm(block.size_mm))
        for text in block.lines:
            self._line(cell, Line(text, "table_small"))

    def closing(self, lay: Layout) -> None:
        if lay.signature is None:
            return  # a document nobody signs (a ballot paper)
        # As format.css: an aside (a QR code) takes half the width, the other closings 45 % on the left.
        with_aside = lay.aside is not None and lay.closing_left is None
        table = self._table(1, (0.5, 0.5) if with_aside else (0.45, 0.55))
        left, right = table.rows[0].cells
        self._clear(left)
        self._clear(right)
        if lay.closing_left:
            self._signature(left, lay.closing_left)
        elif lay.aside:
            self._aside(left, lay.aside)
        else:
            self._recipients(left, lay)
        if not left.paragraphs:
            left.add_paragraph()
        self._signature(right, lay.signature)
        if lay.recipients_below and lay.recipients:
            self.docx.add_paragraph()
            self._recipients(self.docx, lay)

    def render(self) -> bytes:
        lay = layout(self.doc)
        self.setup()
        # The default template's body starts empty; the header table is the first element.
        self.header(lay)
        self.title(lay)
        self.blocks(lay)
        self.closing(lay)
        out = io.BytesIO()
        self.docx.save(out)
        return out.getvalue()


def render_docx(doc: Document) -> bytes:
    """The editable copy: a DOCX with the same margins, fonts, sizes and blocks as the PDF."""
    return _DocxWriter(doc).render()


# --- labels --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """A small printed label (a sample's): ``title`` large and bold (the code), ``lines`` under it, a QR code of
    ``qr_data`` on the right and a Code 128 barcode of ``barcode_data`` along the bottom. PDF only — a label is
    printed, never edited. The page is ``width_mm`` × ``height_mm`` (a 100 × 50 mm label roll by default)."""

    title: str
    lines: Sequence[str] = ()
    qr_data: str = ""
    barcode_data: str = ""
    width_mm: float = 100.0
    height_mm: float = 50.0
    margin_mm: float = 3.0
    title_pt: float = 15.0
    text_pt: float = 9.0
    qr_mm: float = 24.0
    font_family: str = BODY_FONT
    metadata: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if _is_blank(self.title):
            raise DocumentError("Label is missing its title")
        if self.width_mm <= 2 * self.margin_mm or self.height_mm <= 2 * self.margin_mm:
            raise DocumentError("Label page is smaller than its margins")
        unknown = set(self.metadata) - Document.METADATA_KEYS
        if unknown:
            raise DocumentError(f"Label.metadata has unknown key(s): {', '.join(sorted(unknown))}")


def render_label_html(label: Label) -> str:
    from . import codes

    context = {
        "label": label,
        "qr_uri": codes.svg_data_uri(codes.qr_svg(label.qr_data)) if label.qr_data.strip() else "",
        "barcode_uri": (
            codes.svg_data_uri(codes.code128_svg(label.barcode_data)) if label.barcode_data.strip() else ""
        ),
    }
    return _render("documents/label.html", context)


def render_label_pdf(label: Label) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_label_html(label)).write_pdf()
